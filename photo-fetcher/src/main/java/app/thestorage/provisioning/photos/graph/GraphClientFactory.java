package app.thestorage.provisioning.photos.graph;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds a Microsoft Graph client for one tenant's app registration, authenticated with azure-identity
 * client credentials (scope .default: the application permissions the admin consented to).
 */
@Component
public class GraphClientFactory {

    private static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";

    private final PhotoFetcherProperties properties;
    private final HttpClient identityHttpClient;

    /** Uses an azure-core HttpClient bean for azure-identity if the context has one (tests: trusting a stub). */
    @Autowired
    public GraphClientFactory(PhotoFetcherProperties properties, ObjectProvider<HttpClient> identityHttpClient) {
        this(properties, identityHttpClient.getIfAvailable());
    }

    /** @param identityHttpClient how azure-identity reaches the authority (e.g. trusting a test certificate), or null */
    public GraphClientFactory(PhotoFetcherProperties properties, HttpClient identityHttpClient) {
        this.properties = properties;
        this.identityHttpClient = identityHttpClient;
    }

    public GraphServiceClient create(DirectoryProviderCredentials credentials) {
        ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                .authorityHost(properties.authorityHost().toString())
                .tenantId(credentials.directoryTenantId())
                .clientId(credentials.clientId())
                .clientSecret(credentials.clientSecret());
        if (identityHttpClient != null) {
            // a private authority (a stub) cannot be looked up in Entra's instance metadata
            builder.httpClient(identityHttpClient).disableInstanceDiscovery();
        }
        TokenCredential credential = builder.build();
        AzureIdentityAuthenticationProvider authentication = new AzureIdentityAuthenticationProvider(
                credential, properties.graphAllowedHosts().toArray(String[]::new), GRAPH_SCOPE);
        GraphServiceClient graph = new GraphServiceClient(authentication);
        graph.getRequestAdapter().setBaseUrl(properties.graphBaseUrl().toString());
        return graph;
    }
}
