package app.thestorage.provisioning.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.scim.ScimException;
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
            "groups.value eq \"g-1\"",
    })
    void any_other_filter_is_not_a_lookup_by_userName(String filter) {
        assertThat(DirectoryQuery.of(FilterParser.parse(filter)).userName()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "favouriteColour eq \"blue\"",
            "name.nickname eq \"Ada\"",
            "emails.colour eq \"blue\"",
            "emails[colour eq \"blue\"]",
            "hobbies[value eq \"chess\"]",
            "favouriteColour pr",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName eq \"ada@example.com\"",
            "userName eq \"ada\" and favouriteColour eq \"blue\"",
    })
    void a_filter_on_an_attribute_no_schema_defines_is_an_invalid_filter_naming_it(String filter) {
        assertThatThrownBy(() -> DirectoryQuery.of(FilterParser.parse(filter)))
                .isInstanceOfSatisfying(ScimException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(400);
                    assertThat(refused.scimType()).isEqualTo("invalidFilter");
                    assertThat(refused.detail()).containsAnyOf("favouriteColour", "nickname", "colour", "hobbies",
                            "userName");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "nickName eq \"Ada\"",
            "phoneNumbers[type eq \"work\"]",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"42\"",
            "name eq \"Ada\"",
    })
    void a_filter_on_an_attribute_defined_but_not_kept_is_a_question_that_finds_nobody(String filter) {
        assertThat(DirectoryQuery.of(FilterParser.parse(filter)).condition()).contains("FALSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "groups.value eq \"g-1\"",
            "GROUPS.VALUE eq \"g-1\"",
            "groups eq \"g-1\"",
            "groups[value eq \"g-1\"]",
            "groups[value eq \"g-1\" or value eq \"g-2\"]",
            "groups.display eq \"Sales\"",
            "groups pr",
            "not (groups pr)",
            "userName sw \"a\" and groups.value eq \"g-1\"",
    })
    void a_filter_on_a_users_groups_looks_at_its_memberships(String filter) {
        assertThat(DirectoryQuery.of(FilterParser.parse(filter)).condition()).contains("directory.group_members");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "groups.value ne \"g-1\"",
            "groups.value sw \"g\"",
            "groups.display co \"Sal\"",
            "groups.type eq \"direct\"",
            "groups.$ref eq \"https://x/Groups/g-1\"",
            "groups[not (value eq \"g-1\")]",
            "groups.value eq null",
            "groups.value gt \"g\"",
    })
    void any_other_filter_on_a_users_groups_is_an_invalid_filter_naming_groups(String filter) {
        assertThatThrownBy(() -> DirectoryQuery.of(FilterParser.parse(filter)))
                .isInstanceOfSatisfying(ScimException.class, refused -> {
                    assertThat(refused.scimType()).isEqualTo("invalidFilter");
                    assertThat(refused.detail()).contains("groups");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "photos.type eq \"photo\"",
            "photos[type eq \"thumbnail\" and primary eq true]",
            "photos sw \"https://okta.example/\"",
            "photos pr",
    })
    void a_filter_on_photos_looks_at_each_of_the_users_photos(String filter) {
        assertThat(DirectoryQuery.of(FilterParser.parse(filter)).condition())
                .contains("jsonb_array_elements").contains("'photos'");
    }
}
