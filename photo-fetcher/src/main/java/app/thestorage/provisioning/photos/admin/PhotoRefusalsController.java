package app.thestorage.provisioning.photos.admin;

import static app.thestorage.provisioning.photos.admin.DirectoryProviderController.blocking;

import app.thestorage.provisioning.photos.store.PhotoRefusals;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Why photos the tenant's identity provider sent by address are not shown: each user's latest refusal, newest first
 * (docs/scim-photos.md). The detail names the host, never the whole address.
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}/photo-refusals")
public class PhotoRefusalsController {

    private static final int MOST = 500;

    private final PhotoRefusals refusals;

    public PhotoRefusalsController(PhotoRefusals refusals) {
        this.refusals = refusals;
    }

    @GetMapping
    public Mono<List<PhotoRefusals.PhotoRefusal>> refusals(@PathVariable String tenant,
                                                           @RequestParam(defaultValue = "100") int limit) {
        return blocking(() -> refusals.of(tenant, Math.clamp(limit, 1, MOST)));
    }
}
