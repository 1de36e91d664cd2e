package app.thestorage.provisioning.photos.admin;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Settings > Integrations > Directory Providers as a list: the providers the tenant has connected, none ({@code []})
 * when it has not connected one. A page that shows what is connected asks here and always hears 200; the single
 * provider's own address answers 404 when there is none.
 */
@RestController
public class ConnectedProvidersController {

    private final DirectoryProviderController provider;

    public ConnectedProvidersController(DirectoryProviderController provider) {
        this.provider = provider;
    }

    @GetMapping("/admin/tenants/{tenant}/directory-providers")
    public Mono<List<ProviderStatus>> connected(@PathVariable String tenant) {
        return DirectoryProviderController.blocking(() -> provider.find(tenant).map(List::of).orElseGet(List::of));
    }
}
