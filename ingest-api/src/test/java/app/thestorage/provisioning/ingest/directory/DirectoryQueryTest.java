package app.thestorage.provisioning.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.scim.filter.FilterParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryQueryTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"Ada.Lovelace@example.com\"",
            "USERNAME eq \"Ada.Lovelace@example.com\"",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"Ada.Lovelace@example.com\"",
    })
    void the_lookup_identity_providers_make_before_a_create_is_recognised(String filter) {
        assertThat(DirectoryQuery.of(FilterParser.parse(filter)).userName()).isEqualTo("Ada.Lovelace@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName ne \"ada@example.com\"",
            "userName sw \"ada\"",
            "userName eq \"ada@example.com\" and active eq true",
            "userName eq \"ada@example.com\" or userName eq \"grace@example.com\"",
            "not (userName eq \"ada@example.com\")",
            "externalId eq \"ada@example.com\"",
            "emails[value eq \"ada@example.com\"]",
            "userName eq null",
            "userName eq true",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName eq \"ada@example.com\"",
    })
    void any_other_filter_is_not_a_lookup_by_userName(String filter) {
        assertThat(DirectoryQuery.of(FilterParser.parse(filter)).userName()).isNull();
    }
}
