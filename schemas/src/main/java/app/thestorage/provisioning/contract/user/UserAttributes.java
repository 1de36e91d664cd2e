package app.thestorage.provisioning.contract.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The attributes an identity provider may set on a user, already validated and normalised by ingest-api.
 * {@code photos} is left out of the JSON when empty, so a user without photos reads as before they existed.
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
        String department,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Photo> photos) {

    public UserAttributes {
        emails = emails == null ? List.of() : List.copyOf(emails);
        photos = photos == null ? List.of() : List.copyOf(photos);
    }

    /** A user without photos. */
    public UserAttributes(String userName, String externalId, Name name, String displayName, String title,
                          List<Email> emails, boolean active, String department) {
        this(userName, externalId, name, displayName, title, emails, active, department, List.of());
    }

    /** These attributes with the display name and job title the directory (Microsoft Graph) holds. */
    public UserAttributes withDirectoryProfile(String newDisplayName, String newTitle) {
        return new UserAttributes(userName, externalId, name, newDisplayName, newTitle, emails, active, department,
                photos);
    }

}
