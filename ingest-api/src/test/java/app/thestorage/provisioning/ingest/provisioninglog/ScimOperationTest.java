package app.thestorage.provisioning.ingest.provisioninglog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;

class ScimOperationTest {

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(emptyValue = "", textBlock = """
            POST,   /Users,                 CREATE_USER
            GET,    /Users,                 LIST_USERS
            GET,    /Users/42,              GET_USER
            GET,    //Users/42/,            GET_USER
            PUT,    /Users/42,              REPLACE_USER
            PATCH,  /Users/42,              UPDATE_USER
            DELETE, /Users/42,              DELETE_USER
            GET,    /ServiceProviderConfig, DISCOVERY
            POST,   /Groups,                CREATE_GROUP
            GET,    /Groups,                LIST_GROUPS
            GET,    /Groups/7,              GET_GROUP
            PUT,    /Groups/7,              REPLACE_GROUP
            PATCH,  /Groups/7,              UPDATE_GROUP
            DELETE, /Groups/7,              DELETE_GROUP
            PATCH,  /Groups,                OTHER
            GET,    /Groups/7/members,      OTHER
            GET,    /Users/42/manager,      OTHER
            POST,   /Users/42,              OTHER
            GET,    '',                     OTHER
            """)
    void a_request_is_named_as_the_identity_providers_name_it(String method, String resourcePath,
                                                              ScimOperation expected) {
        assertThat(ScimOperation.of(HttpMethod.valueOf(method), resourcePath)).isEqualTo(expected);
    }
}
