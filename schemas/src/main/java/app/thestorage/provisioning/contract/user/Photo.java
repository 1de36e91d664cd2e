package app.thestorage.provisioning.contract.user;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One picture address an identity provider sent for a user: an entry of the SCIM {@code photos} attribute (RFC 7643
 * §4.1.2). It names a picture somewhere else; the picture TheStorage shows, once fetched, is the user's
 * {@link ProfilePhoto}. {@link app.thestorage.provisioning.contract.DirectoryLimits} says which values are kept.
 *
 * @param value   an absolute https URI
 * @param display a label for people, or null
 * @param type    {@value #PHOTO}, {@value #THUMBNAIL} or null; "Photo" and "THUMBNAIL" are kept in lower case
 * @param primary whether the identity provider marks it as the user's main picture
 */
public record Photo(String value, String display, String type, boolean primary) {

    /** The full-size picture. */
    public static final String PHOTO = "photo";

    /** A small picture, for lists. */
    public static final String THUMBNAIL = "thumbnail";

    public Photo {
        if (type != null && (type.equalsIgnoreCase(PHOTO) || type.equalsIgnoreCase(THUMBNAIL))) {
            type = type.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The picture a user has chosen among its photos: the primary one, else the first of type {@value #PHOTO}, else the
     * first of type {@value #THUMBNAIL}, else the first; empty when there are none. Pure; photo-fetcher downloads
     * {@code chosen(user.attributes().photos()).map(Photo::value)}.
     */
    public static Optional<Photo> chosen(List<Photo> photos) {
        return photos.stream().min(Comparator.comparingInt(Photo::rank));
    }

    /** Lower is chosen first; among equals, the first in the list ({@code Stream.min} keeps the first). */
    private static int rank(Photo photo) {
        if (photo.primary()) {
            return 0;
        }
        if (PHOTO.equals(photo.type())) {
            return 1;
        }
        return THUMBNAIL.equals(photo.type()) ? 2 : 3;
    }
}
