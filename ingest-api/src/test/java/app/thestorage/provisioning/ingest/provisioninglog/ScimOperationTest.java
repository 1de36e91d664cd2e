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
            GET,    /Groups/7,              GROUPS
            GET,    /Users/42/manager,      OTHER
            POST,   /Users/42,              OTHER
            GET,    '',                     OTHER
            """)
    void a_request_is_named_as_the_identity_providers_name_it(String method, String resourcePath,
                                                              ScimOperation expected) {
        assertThat(ScimOperation.of(HttpMethod.valueOf(method), resourcePath)).isEqualTo(expected);
    }
}
