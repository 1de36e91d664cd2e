package app.thestorage.provisioning.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.health.HealthWarning.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant TOKEN_LONG_AGO = NOW.minus(Duration.ofDays(3));
    private static final HealthProperties DEFAULTS = new HealthProperties(Duration.ofHours(2), 0.2, 10, 250,
            Duration.ofMinutes(1));
    private final HealthRules rules = new HealthRules(DEFAULTS);

    @Test
    void a_tenant_with_scim_off_has_no_warning_whatever_its_log_shows() {
        TenantSignals off = new TenantSignals("acme", false, null, null, 100, 100, null, 50, 0);

        assertThat(rules.warnings(off, null, NOW)).isEmpty();
        assertThat(rules.state(off, NOW)).isEqualTo(HealthState.OFF);
    }

    @Test
    void a_tenant_whose_requests_succeed_on_rhythm_is_healthy() {
        TenantSignals fine = calling(120, 3);

        assertThat(rules.warnings(fine, null, NOW)).isEmpty();
        assertThat(rules.state(fine, NOW)).isEqualTo(HealthState.HEALTHY);
    }

    @ParameterizedTest(name = "{1} failures of {0} requests: a warning {2}")
    @CsvSource({
            "50, 10, true",   // 20%: at the threshold
            "51, 10, false",  // 19.6%
            "9, 9, false",    // all failed, but fewer than the minimum: no trend yet
            "10, 10, true",
            "1000, 199, false",
    })
    void the_failure_rate_of_the_last_hour_is_a_warning_from_a_fifth_of_the_requests_and_ten_failures(
            long requests, long failures, boolean warned) {
        List<HealthWarning> warnings = rules.warnings(calling(requests, failures), null, NOW);

        assertThat(warnings.stream().anyMatch(warning -> warning.code() == Code.FAILURE_RATE)).isEqualTo(warned);
        assertThat(rules.state(calling(requests, failures), NOW))
                .isEqualTo(warned ? HealthState.WARNING : HealthState.HEALTHY);
    }

    @Test
    void many_failures_are_a_warning_even_at_a_low_rate() {
        List<HealthWarning> warnings = rules.warnings(calling(10_000, 250), FailureReason.USER_NAME_TAKEN, NOW);

        assertThat(warnings).extracting(HealthWarning::code).containsExactly(Code.FAILURE_VOLUME);
        assertThat(warnings.getFirst().message()).contains("250 requests failed in the last hour", "3% of 10000",
                "5,000 failures");
        assertThat(rules.warnings(calling(10_000, 249), null, NOW)).isEmpty();
    }

    @Test
    void a_failure_warning_says_how_the_identity_providers_give_up_and_fixes_the_most_frequent_reason() {
        HealthWarning warning = rules.warnings(calling(13, 10), FailureReason.PASSWORD_SENT, NOW).getFirst();

        assertThat(warning.code()).isEqualTo(Code.FAILURE_RATE);
        assertThat(warning.message()).contains("10 of the 13 requests of the last hour failed (77%)",
                "more than 40% of its operations fail", "Okta stops pushing");
        assertThat(warning.fix()).startsWith("Most failures: ").contains("turn off \"Sync Password\"");
        assertThat(rules.warnings(calling(13, 10), null, NOW).getFirst().fix()).contains("provisioning log");
    }

    @Test
    void scim_on_and_silent_for_longer_than_the_silence_is_a_warning() {
        TenantSignals quiet = new TenantSignals("acme", true, TOKEN_LONG_AGO, IdentityProvider.MICROSOFT_ENTRA_ID, 0, 0,
                NOW.minus(Duration.ofHours(2)).minusSeconds(1), 0, 0);
        TenantSignals justInTime = new TenantSignals("acme", true, TOKEN_LONG_AGO, null, 0, 0,
                NOW.minus(Duration.ofHours(2)).plusSeconds(1), 0, 0);

        List<HealthWarning> warnings = rules.warnings(quiet, null, NOW);

        assertThat(warnings).extracting(HealthWarning::code).containsExactly(Code.SILENT);
        assertThat(warnings.getFirst().message()).contains("No SCIM request since 2026-12-07T09:59:59Z",
                "more than 2 hours ago", "about every 40 minutes");
        assertThat(warnings.getFirst().fix()).contains("not in quarantine", "Tenant URL");
        assertThat(rules.warnings(justInTime, null, NOW)).isEmpty();
    }

    @Test
    void no_request_in_the_window_at_all_is_silence_once_the_token_is_older_than_the_silence() {
        TenantSignals neverCalled = new TenantSignals("acme", true, NOW.minus(Duration.ofHours(3)), null, 0, 0, null, 0, 0);
        TenantSignals justEnabled = new TenantSignals("acme", true, NOW.minus(Duration.ofMinutes(30)), null, 0, 0, null,
                0, 0);

        assertThat(rules.warnings(neverCalled, null, NOW)).extracting(HealthWarning::message)
                .containsExactly("SCIM provisioning is on, but no request came in the last 2 hours. Microsoft Entra "
                        + "ID's incremental cycle runs about every 40 minutes; a job in quarantine runs once a day.");
        assertThat(rules.warnings(justEnabled, null, NOW)).as("the administrator is still setting it up").isEmpty();
    }

    @Test
    void a_quiet_okta_is_no_warning_it_pushes_only_when_something_changes() {
        TenantSignals okta = new TenantSignals("acme", true, TOKEN_LONG_AGO, IdentityProvider.OKTA, 0, 0, null, 0, 0);

        assertThat(rules.warnings(okta, null, NOW)).isEmpty();
    }

    @Test
    void requests_refused_since_a_regenerate_with_none_accepted_are_an_earlier_token_in_use() {
        Instant regenerated = NOW.minus(Duration.ofMinutes(10));
        TenantSignals stale = new TenantSignals("acme", true, regenerated, null, 12, 12, NOW.minusSeconds(5), 12, 0);

        List<HealthWarning> warnings = rules.warnings(stale, FailureReason.TOKEN_REFUSED, NOW);

        assertThat(warnings).as("the failures are its consequence, not another warning")
                .extracting(HealthWarning::code).containsExactly(Code.STALE_TOKEN);
        assertThat(warnings.getFirst().message()).contains("Since the SCIM token was issued (2026-12-07T11:50:00Z)",
                "401: 12 in the last 2 hours", "still sends an earlier token");
        assertThat(warnings.getFirst().fix()).contains("Paste the current SCIM token", "Secret Token", "API Token");
    }

    @Test
    void one_request_accepted_with_the_new_token_ends_the_stale_token_warning() {
        Instant regenerated = NOW.minus(Duration.ofMinutes(10));
        TenantSignals pasted = new TenantSignals("acme", true, regenerated, null, 40, 3, NOW.minusSeconds(5), 3, 1);

        assertThat(rules.warnings(pasted, null, NOW)).isEmpty();
    }

    @Test
    void every_warning_has_a_code_a_sentence_and_a_fix_most_urgent_first() {
        TenantSignals both = new TenantSignals("acme", true, NOW.minus(Duration.ofHours(5)), null, 3, 3,
                NOW.minus(Duration.ofHours(3)), 3, 0);

        List<HealthWarning> warnings = rules.warnings(both, null, NOW);

        assertThat(warnings).extracting(HealthWarning::code).containsExactly(Code.STALE_TOKEN, Code.SILENT);
        assertThat(warnings).allSatisfy(warning -> {
            assertThat(warning.message()).isNotBlank();
            assertThat(warning.fix()).isNotBlank();
        });
    }

    @Test
    void the_silence_setting_is_said_in_words_and_bounded_by_what_the_rules_read() {
        HealthRules shortSilence = new HealthRules(new HealthProperties(Duration.ofSeconds(30), 0.2, 10, 250,
                Duration.ofSeconds(1)));
        TenantSignals quiet = new TenantSignals("acme", true, NOW.minusSeconds(60), null, 0, 0, null, 0, 0);

        assertThat(shortSilence.warnings(quiet, null, NOW).getFirst().message()).contains("in the last 30 seconds");
        assertThatThrownBy(() -> new HealthProperties(Duration.ofDays(2), 0.2, 10, 250, Duration.ofMinutes(1)))
                .hasMessageContaining("provisioning.ingest.health.silence");
        assertThatThrownBy(() -> new HealthProperties(Duration.ofHours(2), 1.5, 10, 250, Duration.ofMinutes(1)))
                .hasMessageContaining("failure-rate");
    }

    /** An Entra tenant whose token is days old, that called a second ago. */
    private static TenantSignals calling(long requestsLastHour, long failuresLastHour) {
        return new TenantSignals("acme", true, TOKEN_LONG_AGO, IdentityProvider.MICROSOFT_ENTRA_ID, requestsLastHour,
                failuresLastHour, NOW.minusSeconds(1), 0, requestsLastHour - failuresLastHour);
    }
}
