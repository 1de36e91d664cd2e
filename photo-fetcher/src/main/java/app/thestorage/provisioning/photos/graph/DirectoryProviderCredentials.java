package app.thestorage.provisioning.photos.graph;

/**
 * A tenant's Entra app registration, as the admin enters it under Directory Provider. The secret never
 * leaves this record in clear text: {@link #toString()} hides it, so a log line cannot leak it.
 */
public record DirectoryProviderCredentials(String directoryTenantId, String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "DirectoryProviderCredentials[directoryTenantId=" + directoryTenantId + ", clientId=" + clientId
                + ", clientSecret=***]";
    }
}
