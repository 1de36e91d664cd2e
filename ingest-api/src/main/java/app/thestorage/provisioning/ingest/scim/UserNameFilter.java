package app.thestorage.provisioning.ingest.scim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter every identity provider sends before a create: {@code userName eq "value"}. Attribute name and
 * operator are case-insensitive (RFC 7644 §3.4.2.2); the value is a JSON string.
 */
public record UserNameFilter(String userName) {

    private static final Pattern USER_NAME_EQ =
            Pattern.compile("^\\s*userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);

    public static UserNameFilter parse(String filter) {
        Matcher matcher = USER_NAME_EQ.matcher(filter);
        if (!matcher.matches()) {
            throw ScimException.invalidFilter("Unsupported filter '" + filter + "': this endpoint supports "
                    + "userName eq \"value\".");
        }
        return new UserNameFilter(unescape(matcher.group(1)));
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
