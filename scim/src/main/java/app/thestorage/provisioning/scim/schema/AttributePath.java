package app.thestorage.provisioning.scim.schema;

import app.thestorage.provisioning.scim.ScimException;

/**
 * An attribute path (RFC 7644 §3.10): an optional schema URN, an attribute, an optional sub-attribute,
 * e.g. {@code name.givenName} or {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}.
 * Names keep the client's spelling; they compare without regard to case.
 */
public record AttributePath(String schema, String attribute, String subAttribute) {

    public static AttributePath parse(String text) {
        String schema = null;
        String rest = text;
        if (text.regionMatches(true, 0, "urn:", 0, 4)) {
            int colon = text.lastIndexOf(':');
            schema = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        int dot = rest.indexOf('.');
        String attribute = dot < 0 ? rest : rest.substring(0, dot);
        String subAttribute = dot < 0 ? null : rest.substring(dot + 1);
        if (!isName(attribute) || (subAttribute != null && !isName(subAttribute))) {
            throw ScimException.invalidFilter("'" + text + "' is not an attribute path.");
        }
        return new AttributePath(schema, attribute, subAttribute);
    }

    /** ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1), plus Entra's "$ref". */
    private static boolean isName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '$')) {
            return false;
        }
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '$');
    }

    public AttributePath withSubAttribute(String sub) {
        return new AttributePath(schema, attribute, sub);
    }

    @Override
    public String toString() {
        return (schema == null ? "" : schema + ":") + attribute + (subAttribute == null ? "" : "." + subAttribute);
    }
}
