package app.thestorage.provisioning.photos.provider;

import java.time.LocalDate;

/**
 * What the admin enters under Settings > Integrations > Directory Providers > Microsoft Entra ID.
 * {@code clientSecret} may be left out when changing other fields of saved settings: the stored one stays.
 */
public record DirectoryProviderSettings(String clientId, String directoryTenantId, String clientSecret,
                                        LocalDate secretExpiresOn) {

    @Override
    public String toString() {
        return "DirectoryProviderSettings[clientId=" + clientId + ", directoryTenantId=" + directoryTenantId
                + ", clientSecret=***, secretExpiresOn=" + secretExpiresOn + "]";
    }
}
