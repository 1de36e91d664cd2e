package app.thestorage.provisioning.photos.admin;

import static app.thestorage.provisioning.photos.admin.DirectoryProviderController.blocking;

import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.fetch.PhotoRefresh;
import app.thestorage.provisioning.photos.store.ImageType;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.store.UserPhotos;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A user's photos through the admin API: upload a manual avatar (kept when Entra has no photo for the user,
 * never touched for Okta users), and read the photo the directory shows.
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}/users/{userId}")
public class UserPhotoController {

    /** What an upload did: the avatar kept, and the photo the user now shows (Graph's wins when Entra has one). */
    public record AvatarUploaded(String avatarSha256, ProfilePhoto shown) {
    }

    private final PhotoRefresh photos;
    private final PhotoStore store;
    private final int sizeLimit;

    public UserPhotoController(PhotoRefresh photos, PhotoStore store, PhotoFetcherProperties properties) {
        this.photos = photos;
        this.store = store;
        this.sizeLimit = (int) properties.graph().photoSizeLimit().toBytes();
    }

    @PutMapping("/avatar")
    public Mono<AvatarUploaded> uploadAvatar(@PathVariable String tenant, @PathVariable String userId,
                                             ServerWebExchange exchange) {
        // the body is joined up to the limit only: a larger upload is refused without being held
        return DataBufferUtils.join(exchange.getRequest().getBody(), sizeLimit)
                .onErrorMap(DataBufferLimitException.class, tooLarge -> new ResponseStatusException(
                        HttpStatus.CONTENT_TOO_LARGE, "An avatar may be at most " + sizeLimit + " bytes."))
                .map(UserPhotoController::bytesOf)
                .defaultIfEmpty(new byte[0])
                .flatMap(image -> {
                    String type = ImageType.of(image).orElseThrow(() -> new ResponseStatusException(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE, "An avatar must be a JPEG, PNG, GIF or WebP image."));
                    return blocking(() -> {
                        UserPhotos after = photos.uploadManualAvatar(tenant, userId, image, type);
                        return new AvatarUploaded(after.manualSha256(), store.shownPhoto(after).orElse(null));
                    });
                });
    }

    @GetMapping("/photo")
    public Mono<ResponseEntity<byte[]>> shownPhoto(@PathVariable String tenant, @PathVariable String userId) {
        return blocking(() -> {
            UserPhotos photosOfUser = store.of(tenant, userId);
            PhotoStore.StoredPhoto shown = photosOfUser.shownSha256() == null ? null
                    : store.content(photosOfUser.shownSha256()).orElse(null);
            if (shown == null) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "User " + userId + " has no photo.");
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(shown.contentType()))
                    .eTag(shown.sha256())
                    .cacheControl(CacheControl.noCache().cachePrivate())
                    .header("Photo-Origin", photosOfUser.wantedOrigin().name())
                    .body(shown.content());
        });
    }

    private static byte[] bytesOf(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
