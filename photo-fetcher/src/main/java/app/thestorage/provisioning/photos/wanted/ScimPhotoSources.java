package app.thestorage.provisioning.photos.wanted;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.user.Photo;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The photo addresses identity providers gave (the SCIM {@code photos} attribute, as the user-change topic carries
 * it): per user, the address their latest change chose ({@link Photo#chosen}), and what we know of the address the
 * photo we hold came from. Writes of the chosen address are guarded by the user's version, so a redelivered or older
 * change never overwrites a newer one.
 */
@Repository
public class ScimPhotoSources {

    /**
     * One user's photo address.
     *
     * @param wantedUri    the address the latest change chose; null once the identity provider removed it
     * @param fetchedUri   the address the photo we hold came from, or was last refused from; null: none yet
     * @param etag         the ETag its server gave, or null
     * @param lastModified the Last-Modified its server gave, or null
     * @param checkedAt    when that address was last asked, or null
     */
    public record ScimPhotoSource(String tenant, String userId, String wantedUri, String fetchedUri, String etag,
                                  String lastModified, Instant checkedAt) {
    }

    /** A user whose address is due: changed, removed, or not asked since the refresh period. */
    public record Due(String tenant, String userId) {
    }

    private static final RowMapper<ScimPhotoSource> ROW = (row, n) -> new ScimPhotoSource(row.getString(1),
            row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
            row.getTimestamp(7) == null ? null : row.getTimestamp(7).toInstant());

    private final JdbcTemplate jdbc;

    public ScimPhotoSources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The address a user's change chose among its photos; empty when it has none. */
    public static Optional<String> chosenUri(UserChangeEvent change) {
        return Photo.chosen(change.user().attributes().photos()).map(Photo::value);
    }

    /**
     * Notes the addresses the changes chose, in one round trip: a user with an address is noted; a user without one
     * is only noted when they had one before (the identity provider removed it).
     *
     * @return the changes that concern a SCIM photo: an address given, or one removed
     */
    public List<UserChangeEvent> record(List<UserChangeEvent> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        int[] noted = jdbc.batchUpdate("""
                INSERT INTO photos.scim_photos (tenant, user_id, wanted_uri, version)
                SELECT ?, ?, ?, ? WHERE ?::text IS NOT NULL
                   OR EXISTS (SELECT 1 FROM photos.scim_photos WHERE tenant = ? AND user_id = ?)
                ON CONFLICT (tenant, user_id) DO UPDATE SET wanted_uri = EXCLUDED.wanted_uri, version = EXCLUDED.version
                WHERE photos.scim_photos.version < EXCLUDED.version
                """, changes.stream().map(change -> {
                    String uri = chosenUri(change).orElse(null);
                    return new Object[] {change.tenant(), change.userId(), uri, change.version(), uri,
                            change.tenant(), change.userId()};
                }).toList());
        List<UserChangeEvent> concerning = new java.util.ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (chosenUri(changes.get(i)).isPresent() || noted[i] != 0) {
                concerning.add(changes.get(i));
            }
        }
        return concerning;
    }

    public Optional<ScimPhotoSource> find(String tenant, String userId) {
        return jdbc.query("""
                SELECT tenant, user_id, wanted_uri, fetched_uri, etag, last_modified, checked_at
                FROM photos.scim_photos WHERE tenant = ? AND user_id = ?
                """, ROW, tenant, userId).stream().findFirst();
    }

    /** What asking {@code uri} gave: a photo with its validators, a refusal (no validators), or its removal. */
    public void fetched(String tenant, String userId, String uri, String etag, String lastModified, Instant at) {
        jdbc.update("""
                UPDATE photos.scim_photos SET fetched_uri = ?, etag = ?, last_modified = ?, checked_at = ?
                WHERE tenant = ? AND user_id = ?
                """, uri, etag, lastModified, Timestamp.from(at), tenant, userId);
    }

    /** The server said the photo we hold is unchanged. */
    public void checked(String tenant, String userId, Instant at) {
        jdbc.update("UPDATE photos.scim_photos SET checked_at = ? WHERE tenant = ? AND user_id = ?",
                Timestamp.from(at), tenant, userId);
    }

    /**
     * Users whose address is due, at most {@code perTenant} of each tenant (the longest unasked first): an address
     * changed or removed and not yet acted on, or one not asked since {@code askedBefore}.
     */
    public List<Due> due(Instant askedBefore, int perTenant) {
        return jdbc.query("""
                SELECT tenant, user_id FROM (
                    SELECT tenant, user_id,
                           row_number() OVER (PARTITION BY tenant ORDER BY checked_at NULLS FIRST) AS place
                    FROM photos.scim_photos
                    WHERE fetched_uri IS DISTINCT FROM wanted_uri
                       OR (wanted_uri IS NOT NULL AND (checked_at IS NULL OR checked_at < ?))
                ) due WHERE place <= ?
                """, (row, n) -> new Due(row.getString(1), row.getString(2)), Timestamp.from(askedBefore), perTenant);
    }

    public void forget(String tenant, String userId) {
        jdbc.update("DELETE FROM photos.scim_photos WHERE tenant = ? AND user_id = ?", tenant, userId);
    }

    public void forgetTenant(String tenant) {
        jdbc.update("DELETE FROM photos.scim_photos WHERE tenant = ?", tenant);
    }
}
