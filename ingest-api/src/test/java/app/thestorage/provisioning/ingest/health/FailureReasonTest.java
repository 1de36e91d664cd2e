package app.thestorage.provisioning.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.ingest.health.ProvisioningHealth.Failures;
import app.thestorage.provisioning.ingest.health.TenantHealth.ReasonCount;
import app.thestorage.provisioning.ingest.provisioninglog.ScimOperation;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimUserDocument;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureReasonTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            "401, GET_USER, TOKEN_REFUSED",
            "409, CREATE_USER, USER_NAME_TAKEN",
            "409, REPLACE_USER, USER_NAME_TAKEN",
            "409, CREATE_GROUP, GROUP_NAME_TAKEN",
            "409, UPDATE_GROUP, GROUP_NAME_TAKEN",
            "429, LIST_USERS, RATE_LIMITED",
            "404, UPDATE_USER, NOT_FOUND",
            "412, REPLACE_USER, VERSION_CONFLICT",
            "400, CREATE_USER, INVALID_REQUEST",
            "413, CREATE_USER, INVALID_REQUEST",
            "503, CREATE_USER, UNAVAILABLE",
            "500, GET_USER, UNAVAILABLE",
    })
    void a_failure_is_grouped_by_what_its_status_and_operation_tell(int status, ScimOperation operation,
                                                                    FailureReason reason) {
        assertThat(FailureReason.of(status, operation, false)).isEqualTo(reason);
    }

    @Test
    void a_refused_password_is_told_by_the_detail_the_log_records_not_by_its_status() {
        String logged = ScimUserDocument.passwordRefused().detail();
        ScimException otherMutability = new ScimException(400, "mutability", "id is read-only.");

        assertThat(FailureReason.isPasswordRefusal(logged)).isTrue();
        assertThat(FailureReason.of(400, ScimOperation.REPLACE_USER, true)).isEqualTo(FailureReason.PASSWORD_SENT);
        assertThat(FailureReason.isPasswordRefusal(otherMutability.detail())).isFalse();
        assertThat(FailureReason.isPasswordRefusal(null)).isFalse();
    }

    @Test
    void each_reason_says_what_happened_and_what_to_change() {
        assertThat(FailureReason.PASSWORD_SENT.fix()).contains("turn off \"Sync Password\"");
        assertThat(FailureReason.USER_NAME_TAKEN.summary()).contains("userName", "409 uniqueness");
        assertThat(FailureReason.RATE_LIMITED.fix()).contains("Lower the identity provider's request rate");
        assertThat(FailureReason.TOKEN_REFUSED.fix()).contains("Paste the current SCIM token");
        assertThat(Arrays.stream(FailureReason.values())).allSatisfy(reason -> {
            assertThat(reason.summary()).endsWith(".");
            assertThat(reason.fix()).endsWith(".");
        });
    }

    @Test
    void failures_of_one_reason_are_counted_together_most_frequent_first_with_its_fix() {
        List<ReasonCount> reasons = ProvisioningHealth.byReason(List.of(
                new Failures(FailureReason.USER_NAME_TAKEN, 2, T.minusSeconds(30), "A user with userName 'a' ..."),
                new Failures(FailureReason.PASSWORD_SENT, 4, T.minusSeconds(60), "TheStorage does not accept ..."),
                new Failures(FailureReason.USER_NAME_TAKEN, 3, T.minusSeconds(90), "Another user already has ..."),
                new Failures(FailureReason.RATE_LIMITED, 1, T.minusSeconds(5), "Too many requests")));

        assertThat(reasons).extracting(ReasonCount::reason).containsExactly(FailureReason.USER_NAME_TAKEN,
                FailureReason.PASSWORD_SENT, FailureReason.RATE_LIMITED);
        ReasonCount taken = reasons.getFirst();
        assertThat(taken.count()).isEqualTo(5);
        assertThat(taken.lastAt()).isEqualTo(T.minusSeconds(30));
        assertThat(taken.example()).as("from its largest group").isEqualTo("Another user already has ...");
        assertThat(taken.fix()).isEqualTo(FailureReason.USER_NAME_TAKEN.fix());
        assertThat(taken.summary()).isEqualTo(FailureReason.USER_NAME_TAKEN.summary());
    }

    @Test
    void among_reasons_as_frequent_the_latest_comes_first() {
        List<ReasonCount> reasons = ProvisioningHealth.byReason(List.of(
                new Failures(FailureReason.NOT_FOUND, 2, T.minusSeconds(60), null),
                new Failures(FailureReason.RATE_LIMITED, 2, T.minusSeconds(5), null)));

        assertThat(reasons).extracting(ReasonCount::reason).containsExactly(FailureReason.RATE_LIMITED,
                FailureReason.NOT_FOUND);
    }
}
