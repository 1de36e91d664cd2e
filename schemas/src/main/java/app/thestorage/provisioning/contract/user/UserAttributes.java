package app.thestorage.provisioning.contract.user;

import java.util.List;

/**
 * The attributes an identity provider may set on a user, already validated and normalised by ingest-api.
 * Everything else on a {@link User} (id, version, timestamps, source) is owned by the pipeline.
 */
public record UserAttributes(
        String userName,
        String externalId,
        Name name,
        String displayName,
        String title,
        List<Email> emails,
        boolean active,
        String department) {

    public UserAttributes {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }

    /** These attributes with the display name and job title the directory (Microsoft Graph) holds. */
    public UserAttributes withDirectoryProfile(String newDisplayName, String newTitle) {
        return new UserAttributes(userName, externalId, name, newDisplayName, newTitle, emails, active, department);
    }

}
