package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.contract.command.Rejection;
import app.thestorage.provisioning.scim.ScimException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;

/** Every reason the projector gives becomes a SCIM client error the identity provider understands, never a 5xx. */
class ScimRejectionsTest {

    @ParameterizedTest
    @EnumSource(Rejection.class)
    @NullSource
    void every_rejection_is_a_4xx_scim_error_with_the_projectors_sentence(Rejection reason) {
        ScimException error = ScimRejections.errorOf(new Outcome.Rejected(reason, "why, in words"));

        assertThat(error.status()).isBetween(400, 499);
        assertThat(error.detail()).isEqualTo("why, in words");
    }

    @ParameterizedTest
    @EnumSource(value = Rejection.class, names = {"NAME_TAKEN", "STALE_VERSION", "NOT_FOUND", "NO_TARGET"})
    void the_rejections_identity_providers_act_on_keep_their_rfc_7644_status_and_scim_type(Rejection reason) {
        ScimException error = ScimRejections.errorOf(new Outcome.Rejected(reason, "x"));

        String expected = switch (reason) {
            case NAME_TAKEN -> "409 uniqueness";
            case STALE_VERSION -> "412 null";
            case NOT_FOUND -> "404 null";
            case NO_TARGET -> "400 noTarget";
            default -> throw new IllegalArgumentException();
        };
        assertThat(error.status() + " " + error.scimType()).isEqualTo(expected);
    }
}
