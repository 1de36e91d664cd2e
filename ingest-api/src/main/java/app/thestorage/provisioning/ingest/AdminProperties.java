package app.thestorage.provisioning.ingest;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param token         the bearer credential of the admin API (from a secret: PROVISIONING_ADMIN_TOKEN); without
 *                      it the admin API refuses every request
 * @param publicBaseUrl where identity providers reach this service, e.g. https://service.thestorage.app; the
 *                      tenant endpoint URL shown to administrators starts with it (default: the URL the admin
 *                      request came in on)
 * @param photoFetcherUrl where photo-fetcher's admin endpoints are (Directory Providers, avatars); the admin
 *                      API forwards those requests there
 */
@ConfigurationProperties("provisioning.admin")
public record AdminProperties(String token, URI publicBaseUrl,
                              @DefaultValue("http://localhost:8082") URI photoFetcherUrl) {

    @Override
    public String toString() {
        return "AdminProperties[token=" + (token == null ? "unset" : "****") + ", publicBaseUrl=" + publicBaseUrl
                + ", photoFetcherUrl=" + photoFetcherUrl + "]";
    }
}
