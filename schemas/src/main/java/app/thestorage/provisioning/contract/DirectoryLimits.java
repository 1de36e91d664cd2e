package app.thestorage.provisioning.contract;

import app.thestorage.provisioning.contract.command.ChangeGroup;
import app.thestorage.provisioning.contract.command.CreateGroup;
import app.thestorage.provisioning.contract.command.CreateUser;
import app.thestorage.provisioning.contract.command.DeleteGroup;
import app.thestorage.provisioning.contract.command.DeleteUser;
import app.thestorage.provisioning.contract.command.EraseTenant;
import app.thestorage.provisioning.contract.command.GroupEdit;
import app.thestorage.provisioning.contract.command.PatchUser;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.command.PublishTenantState;
import app.thestorage.provisioning.contract.command.ReplaceUser;
import app.thestorage.provisioning.contract.command.SetProfilePhoto;
import app.thestorage.provisioning.contract.command.SyncDirectoryProfile;
import app.thestorage.provisioning.contract.user.Email;
import app.thestorage.provisioning.contract.user.Photo;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the directory and the topics can hold, in one place. PostgreSQL's text and jsonb refuse U+0000 and
 * unpaired surrogates, and a btree index entry (userName, externalId) holds at most 2,704 bytes; downstream
 * consumers should not have to guard against control characters or unbounded values either. ingest-api refuses
 * a value outside these limits with a SCIM 400 before publishing anything; the projector rejects any command that
 * still carries one (a command written by another producer), so no change event ever describes a user the
 * directory cannot store.
 *
 * <p>Lengths count Unicode code points: at most 4 bytes each in UTF-8, so {@value #MAX_IDENTIFIER} of them fit
 * an index entry with room to spare.
 */
public final class DirectoryLimits {

    /** userName, externalId, a user id, a tenant and a request id. */
    public static final int MAX_IDENTIFIER = 256;

    /** Any other string: names, display name, title, department, e-mail addresses and types. */
    public static final int MAX_TEXT = 1024;

    /** E-mail addresses of one user. */
    public static final int MAX_EMAILS = 100;

    /** Photos of one user (SCIM {@code photos}): identity providers send one, a photo and a thumbnail at most. */
    public static final int MAX_PHOTOS = 5;

    /** The address of a photo, in characters: an https URI, as browsers and CDNs keep them. */
    public static final int MAX_PHOTO_URI = 2048;

    /**
     * How many users or groups one step of a tenant's erasure deletes at most: its decision lists a deletion event per
     * user (about 1 KB each), and must stay well under a Kafka record's 1 MiB.
     */
    public static final int MAX_ERASED_PER_STEP = 500;

    /**
     * Member ids one request may name (a POST, a PUT, or all operations of a PATCH together): Entra sends member
     * changes in batches far below it, and a larger group is built by several requests.
     */
    public static final int MAX_MEMBERS_PER_REQUEST = 10_000;

    /** Why the attributes cannot be stored, if they cannot. */
    public static Optional<String> violation(UserAttributes attributes) {
        if (attributes == null || attributes.userName() == null) {
            return Optional.of("userName is required.");
        }
        List<String> problems = new ArrayList<>();
        problems.add(identifier("userName", attributes.userName()));
        problems.add(identifier("externalId", attributes.externalId()));
        if (attributes.name() != null) {
            problems.add(text("name.givenName", attributes.name().givenName()));
            problems.add(text("name.familyName", attributes.name().familyName()));
        }
        problems.add(text("displayName", attributes.displayName()));
        problems.add(text("title", attributes.title()));
        problems.add(text("department", attributes.department()));
        if (attributes.emails().size() > MAX_EMAILS) {
            problems.add("emails holds at most " + MAX_EMAILS + " addresses.");
        }
        for (Email email : attributes.emails()) {
            problems.add(text("emails.value", email.value()));
            problems.add(text("emails.type", email.type()));
        }
        problems.add(photos(attributes.photos()));
        return first(problems);
    }

    /** Why a command carries something the directory or the topics cannot hold, if it does. */
    public static Optional<String> violation(ProvisioningCommand command) {
        if (command.tenant() == null || command.requestId() == null || command.issuedAt() == null) {
            return Optional.of("A command needs a tenant, a request id and the time it was issued.");
        }
        List<String> problems = new ArrayList<>();
        problems.add(identifier("tenant", command.tenant()));
        problems.add(identifier("requestId", command.requestId()));
        switch (command) {
            case CreateUser create -> {
                problems.add(userId(create.userId()));
                problems.add(violation(create.attributes()).orElse(null));
            }
            case ReplaceUser replace -> {
                problems.add(userId(replace.userId()));
                problems.add(violation(replace.attributes()).orElse(null));
            }
            case PatchUser patch -> problems.add(patch.patch() == null || !patch.patch().isObject()
                    ? "A PATCH needs its PatchOp." : userId(patch.userId()));
            case DeleteUser delete -> problems.add(userId(delete.userId()));
            case SyncDirectoryProfile sync -> {
                problems.add(userId(sync.userId()));
                problems.add(identifier("externalId", sync.externalId()));
                problems.add(text("displayName", sync.displayName()));
                problems.add(text("title", sync.title()));
            }
            case SetProfilePhoto photo -> {
                problems.add(userId(photo.userId()));
                if (photo.photo() != null) {
                    problems.add(identifier("photo.sha256", photo.photo().sha256()));
                    problems.add(identifier("photo.contentType", photo.photo().contentType()));
                }
            }
            case CreateGroup create -> {
                problems.add(groupId(create.groupId()));
                problems.add(displayName(create.displayName()));
                problems.add(identifier("externalId", create.externalId()));
                problems.add(members(create.members()));
            }
            case ChangeGroup change -> {
                problems.add(groupId(change.groupId()));
                List<String> named = new ArrayList<>();
                for (GroupEdit edit : change.edits()) {
                    switch (edit) {
                        case GroupEdit.Rename rename -> problems.add(displayName(rename.displayName()));
                        case GroupEdit.SetExternalId externalId ->
                                problems.add(identifier("externalId", externalId.externalId()));
                        case GroupEdit.AddMembers add -> named.addAll(add.userIds());
                        case GroupEdit.RemoveMembers remove -> named.addAll(remove.userIds());
                        case GroupEdit.ReplaceMembers replace -> named.addAll(replace.userIds());
                    }
                }
                problems.add(members(named));
            }
            case DeleteGroup delete -> problems.add(groupId(delete.groupId()));
            case EraseTenant erase -> problems.add(erase.limit() < 1 || erase.limit() > MAX_ERASED_PER_STEP
                    ? "An erase step deletes between 1 and " + MAX_ERASED_PER_STEP + " users or groups." : null);
            case PublishTenantState publish -> {
            }
        }
        return first(problems);
    }

    /** Why an identifier (userName, externalId, an id) cannot be stored or looked up, or null if it can. */
    public static String identifier(String attribute, String value) {
        return check(attribute, value, MAX_IDENTIFIER);
    }

    private static String userId(String id) {
        return id == null ? "A command needs the id of the user it is about." : identifier("id", id);
    }

    private static String groupId(String id) {
        return id == null ? "A command needs the id of the group it is about." : identifier("id", id);
    }

    /** displayName of a group: required, and an identifier, since it is unique per tenant (looked up, indexed). */
    private static String displayName(String displayName) {
        return displayName == null || displayName.isBlank() ? "displayName is required."
                : identifier("displayName", displayName);
    }

    /** Why member ids cannot be stored, or null if they can. */
    public static String members(List<String> userIds) {
        if (userIds.size() > MAX_MEMBERS_PER_REQUEST) {
            return "One request names at most " + MAX_MEMBERS_PER_REQUEST + " members.";
        }
        for (String userId : userIds) {
            String problem = userId == null ? "members.value is required." : identifier("members.value", userId);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * Why a user's photos cannot be stored, or null if they can: at most {@value #MAX_PHOTOS}, each with a value that
     * is a photo address ({@link #photoValue}), a type among photo and thumbnail or none, and at most one primary.
     */
    public static String photos(List<Photo> photos) {
        if (photos.size() > MAX_PHOTOS) {
            return "photos holds at most " + MAX_PHOTOS + " entries.";
        }
        for (Photo photo : photos) {
            String problem = photo == null || photo.value() == null ? "Every entry of photos needs a value."
                    : photoValue(photo.value());
            if (problem == null) {
                problem = text("photos.display", photo.display());
            }
            if (problem == null) {
                problem = photoType(photo.type());
            }
            if (problem != null) {
                return problem;
            }
        }
        if (photos.stream().filter(Photo::primary).count() > 1) {
            return "At most one entry of photos is primary.";
        }
        return null;
    }

    /**
     * Why a string cannot be the value of a photo, or null if it can: an absolute https URI (the scheme in any letter
     * case) with a host and no user-info part ({@code user:password@}), at most {@value #MAX_PHOTO_URI} characters.
     * The problem never quotes the value.
     */
    public static String photoValue(String value) {
        String problem = check("photos.value", value, MAX_PHOTO_URI);
        if (problem != null || value == null) {
            return problem;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "photos.value is not a URI.";
        }
        if (!uri.isAbsolute() || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return "photos.value must be an absolute https URI with a host (https://host/path).";
        }
        if (uri.getRawUserInfo() != null) {
            return "photos.value must not carry a user name or password.";
        }
        return null;
    }

    /** Why a string cannot be the type of a photo, or null if it can: photo, thumbnail (any letter case) or none. */
    public static String photoType(String type) {
        return type == null || type.equalsIgnoreCase(Photo.PHOTO) || type.equalsIgnoreCase(Photo.THUMBNAIL) ? null
                : "photos.type is \"" + Photo.PHOTO + "\" or \"" + Photo.THUMBNAIL + "\".";
    }

    /** Why a string attribute cannot be stored, or null if it can. */
    public static String text(String attribute, String value) {
        return check(attribute, value, MAX_TEXT);
    }

    /**
     * The value as far as it can be stored, for records that keep what a request named whatever it was (the
     * provisioning log): each character that cannot be stored becomes U+FFFD, and the value is cut to
     * {@code maxLength} code points.
     */
    public static String storable(String value, int maxLength) {
        if (value == null || (check("value", value, maxLength) == null)) {
            return value;
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0, count = 0; i < value.length() && count < maxLength; count++) {
            int unstorable = unstorableAt(value, i);
            if (unstorable > 0) {
                kept.append('\uFFFD');
                i += unstorable;
            } else {
                int codePoint = value.codePointAt(i);
                kept.appendCodePoint(codePoint);
                i += Character.charCount(codePoint);
            }
        }
        return kept.toString();
    }

    /**
     * The problem with a value, or null: too long, a control character other than tab, line feed and carriage
     * return (U+0000 among them), or half of a surrogate pair. The problem names the attribute and never quotes the
     * value, which may be anything an identity provider sent.
     */
    private static String check(String attribute, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength && value.codePointCount(0, value.length()) > maxLength) {
            return attribute + " is longer than " + maxLength + " characters.";
        }
        for (int i = 0; i < value.length(); i++) {
            if (unstorableAt(value, i) > 0) {
                char c = value.charAt(i);
                return Character.isSurrogate(c)
                        ? attribute + " contains half of a UTF-16 surrogate pair, which is not a character."
                        : attribute + " contains the control character U+%04X, which TheStorage cannot store."
                                .formatted((int) c);
            }
        }
        return null;
    }

    /**
     * How many chars at {@code index} form something that cannot be stored (one), or 0: a C0 control character other
     * than tab, line feed and carriage return, or a surrogate that is not part of a pair.
     */
    private static int unstorableAt(String value, int index) {
        char c = value.charAt(index);
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r' ? 0 : 1;
        }
        if (Character.isHighSurrogate(c)) {
            return index + 1 < value.length() && Character.isLowSurrogate(value.charAt(index + 1)) ? 0 : 1;
        }
        if (Character.isLowSurrogate(c)) {
            return index > 0 && Character.isHighSurrogate(value.charAt(index - 1)) ? 0 : 1;
        }
        return 0;
    }

    private static Optional<String> first(List<String> problems) {
        return problems.stream().filter(Objects::nonNull).findFirst();
    }

    private DirectoryLimits() {
    }
}
