package app.thestorage.provisioning.photos;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumerGroup     the consumer group reading user changes; scale it by adding instances
 * @param authorityHost     where azure-identity asks for tokens (Entra ID; a local stub in tests)
 * @param graphBaseUrl      the Microsoft Graph endpoint
 * @param graphAllowedHosts the hosts the Graph client may send its access token to
 * @param partitions        partitions of each pipeline topic when this service creates it
 * @param replicationFactor replication of each pipeline topic when this service creates it
 */
@ConfigurationProperties("provisioning.photos")
public record PhotoFetcherProperties(
        @DefaultValue("photo-fetcher") String consumerGroup,
        @DefaultValue("https://login.microsoftonline.com/") URI authorityHost,
        @DefaultValue("https://graph.microsoft.com/v1.0") URI graphBaseUrl,
        @DefaultValue("graph.microsoft.com") List<String> graphAllowedHosts,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor) {
}
