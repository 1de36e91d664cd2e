package app.thestorage.provisioning.contract.serde;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ingest-api reads the notices the directory materializer sends, and no notice is one PostgreSQL refuses. */
class DecisionNoticeTest {

    @Test
    void a_decision_that_fits_travels_in_the_notice_and_reads_back_the_same() {
        Decision decision = unchanged("Ada Lovelace");

        DecisionNotice heard = DecisionNotice.parse(DecisionNotice.of(decision).payload());

        assertThat(heard.stored()).isFalse();
        assertThat(heard.requestId()).isEqualTo("req-1");
        assertThat(heard.decision()).isEqualTo(decision);
        assertThat(DecisionNotice.requestIdOf(DecisionNotice.of(decision).payload())).isEqualTo("req-1");
    }

    @Test
    void a_decision_too_large_for_a_notification_is_noticed_as_stored() {
        Decision decision = unchanged("ö".repeat(4_000)); // 8,000 bytes in UTF-8, 4,000 characters

        DecisionNotice notice = DecisionNotice.of(decision);

        assertThat(notice.stored()).isTrue();
        assertThat(DecisionNotice.parse(notice.payload())).isEqualTo(new DecisionNotice("req-1", ""));
    }

    @Test
    void every_payload_is_shorter_than_postgresql_allows() {
        for (int length = 7_000; length < 8_100; length++) {
            String payload = DecisionNotice.of(unchanged("x".repeat(length))).payload();

            assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(8_000);
        }
    }

    @Test
    void a_payload_without_a_request_id_is_not_a_notice() {
        assertThat(DecisionNotice.parse("no line feed")).isNull();
        assertThat(DecisionNotice.parse("\n{}")).isNull();
        assertThat(DecisionNotice.requestIdOf("no line feed")).isNull();
    }

    private static Decision unchanged(String displayName) {
        User user = new User("acme", "u-1", new UserAttributes("ada@acme.example", null, null, displayName, null, null,
                true, null), IdentityProvider.OKTA, Instant.EPOCH, Instant.EPOCH, 1);
        return new Decision("req-1", "acme", new Outcome.Unchanged(user));
    }
}
