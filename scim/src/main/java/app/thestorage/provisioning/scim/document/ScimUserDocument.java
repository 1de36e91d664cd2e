package app.thestorage.provisioning.scim.document;

import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.Name;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SCIM User resource (RFC 7643 §4.1, with the enterprise extension's department) as TheStorage keeps
 * it: read from a request body into {@link UserAttributes}, written from a {@link User} into a response.
 * Attribute names are read in any letter case (RFC 7643 §2.1). Read-only attributes (id, meta) and attributes
 * TheStorage does not keep (see {@link app.thestorage.provisioning.scim.schema.UserSchema}) are ignored.
 */
public final class ScimUserDocument {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Why a body is read: a create tolerates Okta's placeholder password, a replace refuses any password. */
    public enum Intent {
        CREATE, REPLACE
    }

    /**
     * Okta sends a password in PUT/PATCH only when "Sync Password" is on; TheStorage does not keep
     * passwords, so the admin has to turn it off.
     */
    public static ScimException passwordRefused() {
        return new ScimException(400, "mutability", "TheStorage does not accept passwords. In your identity "
                + "provider's provisioning settings for TheStorage, turn off \"Sync Password\" (Okta) or remove the "
                + "password mapping, then retry.");
    }

    public static UserAttributes attributesOf(JsonNode body, Intent intent) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a JSON object (a SCIM User resource).");
        }
        if (intent == Intent.REPLACE && AttributeNames.keyOf(body, "password") != null) {
            throw passwordRefused();
        }
        String userName = string(body, "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimException.invalidValue("userName is required and must not be empty.");
        }
        JsonNode name = AttributeNames.valueOf(body, "name");
        Name parsedName = name == null || name.isNull() ? null : new Name(string(name, "givenName"), string(name, "familyName"));
        JsonNode enterprise = AttributeNames.valueOf(body, ScimSchemas.ENTERPRISE_USER);
        UserAttributes attributes = new UserAttributes(
                userName,
                string(body, "externalId"),
                parsedName,
                string(body, "displayName"),
                string(body, "title"),
                emails(AttributeNames.valueOf(body, "emails")),
                bool(body, "active", true),
                enterprise == null || enterprise.isNull() ? null : string(enterprise, "department"),
                photos(AttributeNames.valueOf(body, "photos")));
        DirectoryLimits.violation(attributes).ifPresent(problem -> {
            throw ScimException.invalidValue(problem);
        });
        return attributes;
    }

    public static ObjectNode resourceOf(User user, String baseUrl) {
        UserAttributes attributes = user.attributes();
        ObjectNode resource = NODES.objectNode();
        ArrayNode schemas = resource.putArray("schemas").add(ScimSchemas.USER);
        resource.put("id", user.id());
        putIfPresent(resource, "externalId", attributes.externalId());
        resource.put("userName", attributes.userName());
        if (attributes.name() != null) {
            ObjectNode name = resource.putObject("name");
            putIfPresent(name, "givenName", attributes.name().givenName());
            putIfPresent(name, "familyName", attributes.name().familyName());
        }
        putIfPresent(resource, "displayName", attributes.displayName());
        putIfPresent(resource, "title", attributes.title());
        if (!attributes.emails().isEmpty()) {
            ArrayNode emails = resource.putArray("emails");
            for (Email email : attributes.emails()) {
                ObjectNode node = emails.addObject().put("value", email.value());
                putIfPresent(node, "type", email.type());
                node.put("primary", email.primary());
            }
        }
        resource.put("active", attributes.active());
        if (!attributes.photos().isEmpty()) {
            ArrayNode photos = resource.putArray("photos");
            for (Photo photo : attributes.photos()) {
                ObjectNode node = photos.addObject().put("value", photo.value());
                putIfPresent(node, "display", photo.display());
                putIfPresent(node, "type", photo.type());
                node.put("primary", photo.primary());
            }
        }
        if (attributes.department() != null) {
            schemas.add(ScimSchemas.ENTERPRISE_USER);
            resource.putObject(ScimSchemas.ENTERPRISE_USER).put("department", attributes.department());
        }
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", user.created().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", locationOf(user, baseUrl));
        meta.put("version", versionOf(user));
        return resource;
    }

    public static String locationOf(User user, String baseUrl) {
        return baseUrl + "/Users/" + user.id();
    }

    /** The weak ETag of a user: its version, which grows with every change. */
    public static String versionOf(User user) {
        return "W/\"" + user.version() + "\"";
    }

    private static List<Email> emails(JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return List.of();
        }
        if (!emails.isArray()) {
            throw ScimException.invalidValue("emails must be an array of {value, type, primary}.");
        }
        List<Email> parsed = new ArrayList<>();
        for (JsonNode email : emails) {
            String value = email.isObject() ? string(email, "value") : null;
            if (value == null || value.isBlank()) {
                throw ScimException.invalidValue("Every entry of emails needs a value.");
            }
            parsed.add(new Email(value, string(email, "type"), bool(email, "primary", false)));
        }
        return parsed;
    }

    /** Okta sends {@code [{"value":"https://…","type":"photo"}]}; the limits are checked with the other attributes. */
    private static List<Photo> photos(JsonNode photos) {
        if (photos == null || photos.isNull()) {
            return List.of();
        }
        if (!photos.isArray()) {
            throw ScimException.invalidValue("photos must be an array of {value, display, type, primary}.");
        }
        List<Photo> parsed = new ArrayList<>();
        for (JsonNode photo : photos) {
            if (!photo.isObject()) {
                throw ScimException.invalidValue("Every entry of photos is an object: {value, display, type, primary}.");
            }
            String value = string(photo, "value", "photos.value");
            if (value == null || value.isBlank()) {
                throw ScimException.invalidValue("Every entry of photos needs a value.");
            }
            parsed.add(new Photo(value, string(photo, "display", "photos.display"), string(photo, "type", "photos.type"),
                    bool(photo, "primary", false)));
        }
        return parsed;
    }

    private static String string(JsonNode object, String attribute) {
        return string(object, attribute, attribute);
    }

    /** A string, or null when absent; {@code named} is how a problem names it (photos.value). */
    private static String string(JsonNode object, String attribute, String named) {
        JsonNode value = AttributeNames.valueOf(object, attribute);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ScimException.invalidValue(named + " must be a string.");
        }
        return value.stringValue();
    }

    /** A SCIM boolean; Entra sends "True"/"False" as strings, which mean the same. */
    private static boolean bool(JsonNode object, String attribute, boolean absent) {
        JsonNode value = AttributeNames.valueOf(object, attribute);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            switch (value.stringValue().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw ScimException.invalidValue(attribute + " must be a boolean.");
    }

    private static void putIfPresent(ObjectNode node, String attribute, String value) {
        if (value != null) {
            node.put(attribute, value);
        }
    }

    private ScimUserDocument() {
    }
}
