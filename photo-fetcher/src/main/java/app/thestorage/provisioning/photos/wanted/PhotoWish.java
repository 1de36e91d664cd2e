package app.thestorage.provisioning.photos.wanted;

import java.time.Instant;

/** A user whose profile photo should be fetched from Microsoft Graph (matched by Entra object id). */
public record PhotoWish(String tenant, String userId, String entraObjectId, long userVersion, Instant wantedAt) {
}
