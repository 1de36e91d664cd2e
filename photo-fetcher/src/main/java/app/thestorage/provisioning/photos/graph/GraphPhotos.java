package app.thestorage.provisioning.photos.graph;

import app.thestorage.provisioning.photos.store.ImageType;
import com.microsoft.graph.models.ProfilePhoto;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a user's profile photo through the Graph SDK: first its metadata, whose media ETag tells whether
 * the photo changed since we kept it (then nothing is downloaded), then the bytes, read in chunks and
 * abandoned as soon as they pass the size limit. The SDK's own retries are off: GraphCallPolicy retries.
 */
public final class GraphPhotos {

    private static final String MEDIA_ETAG = "@odata.mediaEtag";
    private static final int CHUNK = 64 * 1024;

    /** What asking Graph for a photo gave. */
    public sealed interface PhotoDownload {
        /** A new or changed photo. */
        record Downloaded(byte[] content, String contentType, String mediaEtag) implements PhotoDownload {
        }

        /** The photo we already keep, by its media ETag: not downloaded again. */
        record Unchanged(String mediaEtag) implements PhotoDownload {
        }

        /** The user has no photo in Entra (Graph 404 ImageNotFound). */
        record NoPhoto() implements PhotoDownload {
        }

        /** Larger than the limit: skipped, nothing kept. */
        record TooLarge(long limitBytes) implements PhotoDownload {
        }
    }

    private GraphPhotos() {
    }

    /**
     * @param knownMediaEtag the media ETag of the photo we keep for this user, or null
     * @param cancellation   receives the open download, so a time limit can stop it mid-transfer
     */
    public static PhotoDownload download(GraphServiceClient graph, String objectId, String knownMediaEtag,
                                         long limitBytes, GraphCallPolicy.Cancellation cancellation) throws IOException {
        var photo = graph.users().byUserId(objectId).photo();
        InputStream content;
        String mediaEtag;
        try {
            ProfilePhoto metadata = photo.get(request -> request.options.add(noSdkRetries()));
            mediaEtag = metadata == null || metadata.getAdditionalData() == null ? null
                    : (String) metadata.getAdditionalData().get(MEDIA_ETAG);
            if (mediaEtag != null && mediaEtag.equals(knownMediaEtag)) {
                return new PhotoDownload.Unchanged(mediaEtag);
            }
            content = photo.content().get(request -> request.options.add(noSdkRetries()));
        } catch (ApiException e) {
            if (e.getResponseStatusCode() == 404) {
                return new PhotoDownload.NoPhoto();
            }
            throw e;
        }
        if (content == null) {
            return new PhotoDownload.NoPhoto();
        }
        cancellation.onCancel(content);
        try (content) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] chunk = new byte[CHUNK];
            for (int read; (read = content.read(chunk)) != -1; ) {
                if (bytes.size() + read > limitBytes) {
                    return new PhotoDownload.TooLarge(limitBytes);
                }
                bytes.write(chunk, 0, read);
            }
            byte[] image = bytes.toByteArray();
            return image.length == 0 ? new PhotoDownload.NoPhoto()
                    : new PhotoDownload.Downloaded(image, ImageType.of(image).orElse("image/jpeg"), mediaEtag);
        }
    }

    /** Graph SDK requests carry this so the SDK does not retry on its own: GraphCallPolicy does. */
    public static RetryHandlerOption noSdkRetries() {
        return new RetryHandlerOption(null, 0, 0);
    }
}
