package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserNameFilterTest {

    @Test
    void reads_the_lookup_entra_and_okta_send_before_a_create() {
        assertThat(UserNameFilter.parse("userName eq \"ada@acme.example\"").userName()).isEqualTo("ada@acme.example");
        assertThat(UserNameFilter.parse("USERNAME EQ \"x\"").userName()).isEqualTo("x");
    }

    @Test
    void unescapes_json_string_escapes() {
        assertThat(UserNameFilter.parse("userName eq \"a\\\"b\"").userName()).isEqualTo("a\"b");
    }

    @Test
    void anything_else_is_an_invalid_filter() {
        assertThatThrownBy(() -> UserNameFilter.parse("userName sw \"a"))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                });
    }
}
