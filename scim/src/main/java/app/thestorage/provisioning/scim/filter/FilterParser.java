package app.thestorage.provisioning.scim.filter;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.schema.AttributePath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the full RFC 7644 filter grammar: comparisons (eq ne co sw ew gt ge lt le), presence (pr),
 * and / or / not with the RFC's precedence (not, then and, then or), grouping with parentheses and value
 * paths such as {@code emails[type eq "work" and value co "@example.com"]}. Every malformed input is a
 * SCIM 400 invalidFilter; nothing else escapes.
 */
public final class FilterParser {

    private static final int MAX_LENGTH = 4096;
    private static final int MAX_DEPTH = 32;

    private final List<Token> tokens;
    private final String text;
    private int position;
    private int depth;

    private FilterParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    public static Filter parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidFilter("The filter is empty.");
        }
        if (text.length() > MAX_LENGTH) {
            throw ScimException.invalidFilter("The filter is longer than " + MAX_LENGTH + " characters.");
        }
        FilterParser parser = new FilterParser(text);
        Filter filter = parser.or();
        if (parser.position < parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.position).text() + "'");
        }
        return filter;
    }

    /**
     * Parses a PATCH path (RFC 7644 §3.5.2): {@code attrPath}, or {@code attrPath[valFilter]} optionally
     * followed by {@code .subAttr}. A malformed path is a 400 invalidPath; a malformed filter between the brackets
     * a 400 invalidFilter (RFC 7644 §3.12).
     */
    public static PatchPath parsePath(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw new ScimException(400, "invalidPath", "The PATCH path is empty or too long.");
        }
        int open = text.indexOf('[');
        int close = text.lastIndexOf(']');
        if (open < 0) {
            return new PatchPath(pathPart(text, text), null, null);
        }
        if (close < open) {
            throw invalidPath(text, "unbalanced '['");
        }
        AttributePath attribute = pathPart(text, text.substring(0, open));
        Filter filter;
        try {
            filter = parse(text.substring(open + 1, close));
        } catch (ScimException e) {
            throw ScimException.invalidFilter("Invalid PATCH path '" + text + "': " + e.detail());
        }
        String after = text.substring(close + 1).trim();
        String sub = null;
        if (!after.isEmpty()) {
            if (!after.startsWith(".") || after.length() < 2) {
                throw invalidPath(text, "unexpected '" + after + "' after ']'");
            }
            sub = pathPart(text, after.substring(1)).attribute();
        }
        return new PatchPath(attribute, filter, sub);
    }

    private static AttributePath pathPart(String path, String part) {
        try {
            return AttributePath.parse(part.trim());
        } catch (ScimException e) {
            throw invalidPath(path, e.detail());
        }
    }

    private static ScimException invalidPath(String path, String why) {
        return new ScimException(400, "invalidPath", "Invalid PATCH path '" + path + "': " + why);
    }

    private Filter or() {
        Filter left = and();
        while (keyword("or")) {
            left = new Filter.Or(left, and());
        }
        return left;
    }

    private Filter and() {
        Filter left = unary();
        while (keyword("and")) {
            left = new Filter.And(left, unary());
        }
        return left;
    }

    private Filter unary() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            if (keyword("not")) {
                expect(Kind.OPEN_PAREN);
                Filter inner = or();
                expect(Kind.CLOSE_PAREN);
                return new Filter.Not(inner);
            }
            if (peek(Kind.OPEN_PAREN)) {
                position++;
                Filter inner = or();
                expect(Kind.CLOSE_PAREN);
                return inner;
            }
            return attributeExpression();
        } finally {
            depth--;
        }
    }

    private Filter attributeExpression() {
        Token name = expect(Kind.WORD);
        AttributePath path = AttributePath.parse(name.text());
        if (peek(Kind.OPEN_BRACKET)) {
            position++;
            Filter inner = or();
            expect(Kind.CLOSE_BRACKET);
            if (position < tokens.size() && tokens.get(position).kind() == Kind.WORD
                    && tokens.get(position).text().startsWith(".")) {
                // Entra's lookup by work e-mail: emails[type eq "work"].value eq "x" is emails[type eq "work" and value eq "x"]
                Token sub = tokens.get(position++);
                Filter onSub = comparison(AttributePath.parse(sub.text().substring(1)));
                return new Filter.ValuePath(path, new Filter.And(inner, onSub));
            }
            return new Filter.ValuePath(path, inner);
        }
        return comparison(path);
    }

    /** {@code path op value}, or {@code path pr}. */
    private Filter comparison(AttributePath path) {
        Token operator = expect(Kind.WORD);
        String op = operator.text().toLowerCase(Locale.ROOT);
        if (op.equals("pr")) {
            return new Filter.Present(path);
        }
        Filter.Operator comparison;
        try {
            comparison = Filter.Operator.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error("unknown operator '" + operator.text() + "'");
        }
        return new Filter.Comparison(path, comparison, value());
    }

    private Object value() {
        if (position >= tokens.size()) {
            throw error("a value is missing at the end");
        }
        Token token = tokens.get(position++);
        if (token.kind() == Kind.STRING) {
            return token.text();
        }
        if (token.kind() == Kind.WORD) {
            switch (token.text().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return Boolean.TRUE;
                }
                case "false" -> {
                    return Boolean.FALSE;
                }
                case "null" -> {
                    return null;
                }
                default -> {
                    try {
                        return new BigDecimal(token.text());
                    } catch (NumberFormatException e) {
                        throw error("'" + token.text() + "' is not a value (strings need double quotes)");
                    }
                }
            }
        }
        throw error("'" + token.text() + "' is not a value");
    }

    private boolean keyword(String word) {
        if (position < tokens.size() && tokens.get(position).kind() == Kind.WORD
                && tokens.get(position).text().equalsIgnoreCase(word)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean peek(Kind kind) {
        return position < tokens.size() && tokens.get(position).kind() == kind;
    }

    private Token expect(Kind kind) {
        if (position >= tokens.size()) {
            throw error("the filter ends too early");
        }
        Token token = tokens.get(position);
        if (token.kind() != kind) {
            throw error("unexpected '" + token.text() + "'");
        }
        position++;
        return token;
    }

    private ScimException error(String why) {
        return ScimException.invalidFilter("Invalid filter '" + text + "': " + why + ".");
    }

    private enum Kind {
        WORD, STRING, OPEN_PAREN, CLOSE_PAREN, OPEN_BRACKET, CLOSE_BRACKET
    }

    private record Token(Kind kind, String text) {
    }

    private List<Token> tokenize(String input) {
        List<Token> result = new ArrayList<>();
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                result.add(new Token(Kind.OPEN_PAREN, "("));
                i++;
            } else if (c == ')') {
                result.add(new Token(Kind.CLOSE_PAREN, ")"));
                i++;
            } else if (c == '[') {
                result.add(new Token(Kind.OPEN_BRACKET, "["));
                i++;
            } else if (c == ']') {
                result.add(new Token(Kind.CLOSE_BRACKET, "]"));
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= input.length()) {
                        throw ScimException.invalidFilter("Invalid filter '" + input + "': unterminated string.");
                    }
                    char s = input.charAt(i++);
                    if (s == '"') {
                        break;
                    }
                    if (s == '\\') {
                        if (i >= input.length()) {
                            throw ScimException.invalidFilter("Invalid filter '" + input + "': unterminated string.");
                        }
                        char escaped = input.charAt(i++);
                        switch (escaped) {
                            case 'n' -> value.append('\n');
                            case 't' -> value.append('\t');
                            case 'r' -> value.append('\r');
                            case 'b' -> value.append('\b');
                            case 'f' -> value.append('\f');
                            case 'u' -> {
                                if (i + 4 > input.length()) {
                                    throw ScimException.invalidFilter("Invalid filter '" + input + "': bad \\u escape.");
                                }
                                try {
                                    value.append((char) Integer.parseInt(input.substring(i, i + 4), 16));
                                } catch (NumberFormatException e) {
                                    throw ScimException.invalidFilter("Invalid filter '" + input + "': bad \\u escape.");
                                }
                                i += 4;
                            }
                            default -> value.append(escaped);
                        }
                    } else {
                        value.append(s);
                    }
                }
                result.add(new Token(Kind.STRING, value.toString()));
            } else {
                int start = i;
                while (i < input.length() && !Character.isWhitespace(input.charAt(i))
                        && "()[]\"".indexOf(input.charAt(i)) < 0) {
                    i++;
                }
                result.add(new Token(Kind.WORD, input.substring(start, i)));
            }
        }
        return result;
    }
}
