package app.thestorage.provisioning.photos.store;

import java.util.Optional;

/** The image formats a profile photo may have, recognised by their first bytes (never by a client's word). */
public final class ImageType {

    private ImageType() {
    }

    public static Optional<String> of(byte[] image) {
        if (image.length >= 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8 && (image[2] & 0xFF) == 0xFF) {
            return Optional.of("image/jpeg");
        }
        if (image.length >= 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return Optional.of("image/png");
        }
        if (image.length >= 6 && image[0] == 'G' && image[1] == 'I' && image[2] == 'F' && image[3] == '8') {
            return Optional.of("image/gif");
        }
        return Optional.empty();
    }
}
