package app.thestorage.provisioning.photos.store;

import app.thestorage.provisioning.contract.user.ProfilePhoto;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Photos in PostgreSQL: bytes stored once under their SHA-256, and per user which photos they have and show.
 * Changes to a user's photos are serialised by a row lock, so a manual upload, a Graph fetch and a fetch from the
 * address the identity provider gave cannot overwrite each other.
 */
@Repository
public class PhotoStore {

    /** Bytes as stored. */
    public record StoredPhoto(String sha256, String contentType, byte[] content) {
    }

    private static final String USER_PHOTOS = """
            SELECT graph_sha256, graph_media_etag, manual_sha256, scim_sha256, shown_sha256 FROM photos.user_photos
            WHERE tenant = ? AND user_id = ?
            """;
    private static final RowMapper<UserPhotos> USER_PHOTOS_ROW = (row, n) ->
            new UserPhotos(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public PhotoStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Keeps the bytes (once, whoever else has the same image) and returns their name. */
    public String keep(byte[] content, String contentType, Instant now) {
        String sha256 = sha256(content);
        jdbc.update("""
                INSERT INTO photos.photo_content (sha256, content_type, size, content, stored_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sha256) DO NOTHING
                """, sha256, contentType, content.length, content, Timestamp.from(now));
        return sha256;
    }

    public Optional<StoredPhoto> content(String sha256) {
        return jdbc.query("SELECT sha256, content_type, content FROM photos.photo_content WHERE sha256 = ?",
                (row, n) -> new StoredPhoto(row.getString(1), row.getString(2), row.getBytes(3)), sha256)
                .stream().findFirst();
    }

    public UserPhotos of(String tenant, String userId) {
        return jdbc.query(USER_PHOTOS, USER_PHOTOS_ROW, tenant, userId).stream().findFirst().orElse(UserPhotos.NONE);
    }

    /** The photo a user shows, described as the directory holds it. */
    public Optional<ProfilePhoto> shownPhoto(UserPhotos photos) {
        String sha256 = photos.shownSha256();
        if (sha256 == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT content_type, size FROM photos.photo_content WHERE sha256 = ?",
                (row, n) -> new ProfilePhoto(sha256, row.getString(1), row.getLong(2), photos.wantedOrigin()), sha256)
                .stream().findFirst();
    }

    /**
     * Changes a user's photos under a row lock, then decides what the directory shows. {@code announce}
     * runs inside the transaction when the shown photo changed: if it fails, nothing is changed, and the
     * next cycle tries again.
     *
     * @return the photos after the change
     */
    public UserPhotos change(String tenant, String userId, UnaryOperator<UserPhotos> change, Instant now,
                             Consumer<UserPhotos> announce) {
        return transaction.execute(status -> {
            jdbc.update("""
                    INSERT INTO photos.user_photos (tenant, user_id, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (tenant, user_id) DO NOTHING
                    """, tenant, userId, Timestamp.from(now));
            UserPhotos before = jdbc.queryForObject(USER_PHOTOS + " FOR UPDATE", USER_PHOTOS_ROW, tenant, userId);
            UserPhotos after = change.apply(before).shown();
            if (after.equals(before)) {
                return before;
            }
            jdbc.update("""
                    UPDATE photos.user_photos SET graph_sha256 = ?, graph_media_etag = ?, manual_sha256 = ?,
                        scim_sha256 = ?, shown_sha256 = ?, updated_at = ? WHERE tenant = ? AND user_id = ?
                    """, after.graphSha256(), after.graphMediaEtag(), after.manualSha256(), after.scimSha256(),
                    after.shownSha256(), Timestamp.from(now), tenant, userId);
            if (!Objects.equals(after.shownSha256(), before.shownSha256())) {
                announce.accept(after);
            }
            return after;
        });
    }

    /** The user is gone: their photos go with them (the bytes stay: another user may show the same image). */
    public void forget(String tenant, String userId) {
        jdbc.update("DELETE FROM photos.user_photos WHERE tenant = ? AND user_id = ?", tenant, userId);
    }

    /**
     * The tenant is gone: its users' photos go, and with them every image no user shows or keeps any more (images
     * are shared by content, so one another tenant also has stays). Photos other users left behind before go too.
     *
     * @return how many images were deleted
     */
    public int forgetTenant(String tenant) {
        jdbc.update("DELETE FROM photos.user_photos WHERE tenant = ?", tenant);
        return jdbc.update("""
                DELETE FROM photos.photo_content c
                WHERE NOT EXISTS (SELECT 1 FROM photos.user_photos u WHERE u.shown_sha256 = c.sha256)
                  AND NOT EXISTS (SELECT 1 FROM photos.user_photos u WHERE u.graph_sha256 = c.sha256)
                  AND NOT EXISTS (SELECT 1 FROM photos.user_photos u WHERE u.manual_sha256 = c.sha256)
                  AND NOT EXISTS (SELECT 1 FROM photos.user_photos u WHERE u.scim_sha256 = c.sha256)
                """);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
