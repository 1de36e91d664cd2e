package app.thestorage.provisioning.ingest.health;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.health.HealthWarning.Code;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The warnings of a tenant's provisioning, from what its provisioning log shows (docs/provisioning-health.md):
 * <ul>
 *   <li>{@link Code#STALE_TOKEN}: requests refused with 401 since the current token was issued, none accepted since;</li>
 *   <li>{@link Code#FAILURE_RATE}: at least {@code minFailures} failures in the last hour, at least
 *       {@code failureRate} of its requests;</li>
 *   <li>{@link Code#FAILURE_VOLUME}: else, at least {@code failuresPerHour} failures in the last hour;</li>
 *   <li>{@link Code#SILENT}: no request for longer than {@code silence} although the token is older than that (not for
 *       a tenant whose chosen identity provider is Okta, which pushes only when something changes).</li>
 * </ul>
 * While an earlier token is in use every request fails, so the failure warnings are left out: the token is the fix.
 */
public final class HealthRules {

    private final HealthProperties properties;

    public HealthRules(HealthProperties properties) {
        this.properties = properties;
    }

    /** The tenant's state, as the gauge counts it. */
    public HealthState state(TenantSignals signals, Instant now) {
        return state(signals.scimEnabled(), warnings(signals, null, now));
    }

    /** The state of a tenant with these warnings. */
    static HealthState state(boolean scimEnabled, List<HealthWarning> warnings) {
        if (!scimEnabled) {
            return HealthState.OFF;
        }
        return warnings.isEmpty() ? HealthState.HEALTHY : HealthState.WARNING;
    }

    /**
     * The tenant's warnings, most urgent first. {@code mostFrequent} is the reason most of the tenant's recent failures
     * share, if known: a failure warning's fix is its fix.
     */
    public List<HealthWarning> warnings(TenantSignals signals, FailureReason mostFrequent, Instant now) {
        List<HealthWarning> warnings = new ArrayList<>();
        if (!signals.scimEnabled()) {
            return warnings;
        }
        boolean staleToken = signals.refusedSinceToken() > 0 && signals.acceptedSinceToken() == 0;
        if (staleToken) {
            warnings.add(new HealthWarning(Code.STALE_TOKEN, "Since the SCIM token was issued ("
                    + at(signals.tokenCreatedAt()) + "), the identity provider's requests are refused (401: "
                    + signals.refusedSinceToken() + " in the last " + words(properties.window()) + ") and none was "
                    + "accepted: it still sends an earlier token. Microsoft Entra ID quarantines a job whose "
                    + "credentials are refused.", FailureReason.TOKEN_REFUSED.fix()));
        }
        long failures = signals.failuresLastHour();
        long requests = signals.requestsLastHour();
        if (!staleToken && failures >= properties.minFailures()
                && failures >= properties.failureRate() * requests) {
            warnings.add(new HealthWarning(Code.FAILURE_RATE, failures + " of the " + requests + " requests of the "
                    + "last hour failed (" + percent(failures, requests) + "). Microsoft Entra ID quarantines a "
                    + "provisioning job when more than 40% of its operations fail, and Okta stops pushing after "
                    + "repeated errors.", failureFix(mostFrequent)));
        } else if (!staleToken && failures >= properties.failuresPerHour()) {
            warnings.add(new HealthWarning(Code.FAILURE_VOLUME, failures + " requests failed in the last hour ("
                    + percent(failures, requests) + " of " + requests + "). Microsoft Entra ID starts considering a "
                    + "quarantine at 5,000 failures, which this pace reaches within a day.", failureFix(mostFrequent)));
        }
        if (silent(signals, now)) {
            warnings.add(new HealthWarning(Code.SILENT, (signals.lastRequestAt() == null
                    ? "SCIM provisioning is on, but no request came in the last " + words(properties.silence()) + "."
                    : "No SCIM request since " + at(signals.lastRequestAt()) + ", more than "
                            + words(properties.silence()) + " ago.")
                    + " Microsoft Entra ID's incremental cycle runs about every 40 minutes; a job in quarantine runs "
                    + "once a day.",
                    "In the identity provider, check that provisioning is running (Microsoft Entra ID: Provisioning "
                            + "Status On, not in quarantine, users assigned; Okta: Provisioning > To App enabled) and "
                            + "that its Tenant URL is this tenant's endpoint. If the identity provider is Okta, choose "
                            + "Okta as the identity provider here: Okta pushes only when something changes, so a quiet "
                            + "Okta is no warning."));
        }
        return warnings;
    }

    private boolean silent(TenantSignals signals, Instant now) {
        if (signals.chosenProvider() == IdentityProvider.OKTA || signals.tokenCreatedAt() == null) {
            return false;
        }
        Instant quietSince = now.minus(properties.silence());
        return signals.tokenCreatedAt().isBefore(quietSince)
                && (signals.lastRequestAt() == null || signals.lastRequestAt().isBefore(quietSince));
    }

    private static String failureFix(FailureReason mostFrequent) {
        return mostFrequent == null
                ? "Open the provisioning log, failures only: the detail of each failure says what to change."
                : "Most failures: " + mostFrequent.summary() + " " + mostFrequent.fix();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : Math.round(100.0 * part / whole) + "%";
    }

    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "2 hours", "90 minutes", "30 seconds": a duration as the warnings say it. */
    static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
