package app.thestorage.provisioning.photos.provider;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Where a client secret stands against its expiry date: NOT_SET (no date entered), OK, EXPIRES_SOON (within
 * the warning period) or EXPIRED, with what the admin should do. The one rule for the status and the log.
 */
public record SecretExpiry(State state, Long daysLeft, String message) {

    /** Where the secret stands. */
    public enum State { NOT_SET, OK, EXPIRES_SOON, EXPIRED }

    public static SecretExpiry of(LocalDate expiresOn, LocalDate today, Duration warning) {
        if (expiresOn == null) {
            return new SecretExpiry(State.NOT_SET, null, "Enter the secret's expiry date to be warned before it expires.");
        }
        long daysLeft = ChronoUnit.DAYS.between(today, expiresOn);
        if (daysLeft < 0) {
            return new SecretExpiry(State.EXPIRED, daysLeft, "The client secret expired on " + expiresOn
                    + ". Photos and directory sync have stopped: create a new secret in the Azure portal and "
                    + "save its Value here.");
        }
        if (daysLeft <= warning.toDays()) {
            return new SecretExpiry(State.EXPIRES_SOON, daysLeft, "The client secret expires on " + expiresOn
                    + " (in " + daysLeft + " days). Create a new secret in the Azure portal and save its Value "
                    + "here before then.");
        }
        return new SecretExpiry(State.OK, daysLeft, "The client secret is valid until " + expiresOn + ".");
    }
}
