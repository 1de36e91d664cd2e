package app.thestorage.provisioning.ingest.provisioninglog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests the provisioning log keeps as entries of their own, and which successful reads it counts. */
class LogKeepingTest {

    @ParameterizedTest(name = "{0} {1} filter={2} count={3} found={4}: {5}")
    @CsvSource(nullValues = "-", textBlock = """
            GET_USER,     200, -,                         -,   -,  COUNTED
            GET_USER,     304, -,                         -,   -,  COUNTED
            GET_GROUP,    200, -,                         -,   -,  COUNTED
            DISCOVERY,    200, -,                         -,   -,  COUNTED
            LIST_USERS,   200, 'userName eq "ada"',       -,   1,  COUNTED
            LIST_USERS,   200, 'userName eq "ada"',       100, 1,  COUNTED
            LIST_USERS,   200, -,                         100, 40, COUNTED
            LIST_USERS,   200, -,                         -,   40, COUNTED
            LIST_GROUPS,  200, 'displayName eq "Sales"',  -,   1,  COUNTED
            LIST_USERS,   200, 'userName eq "3f0c9a4e"',  -,   0,  ENTRY
            LIST_USERS,   200, 'userName eq "3f0c9a4e"',  100, 0,  ENTRY
            LIST_GROUPS,  200, 'displayName eq "x"',      -,   0,  ENTRY
            LIST_USERS,   200, -,                         1,   12, ENTRY
            LIST_USERS,   200, -,                         ' 0', 0, ENTRY
            LIST_USERS,   200, -,                         many, 12, COUNTED
            GET_USER,     404, -,                         -,   -,  ENTRY
            LIST_USERS,   401, 'userName eq "ada"',       -,   -,  ENTRY
            LIST_USERS,   429, -,                         -,   -,  ENTRY
            DISCOVERY,    401, -,                         -,   -,  ENTRY
            LIST_USERS,   400, 'userName zz "ada"',       -,   -,  ENTRY
            GET_USER,     500, -,                         -,   -,  ENTRY
            GET_USER,     302, -,                         -,   -,  ENTRY
            CREATE_USER,  201, -,                         -,   -,  ENTRY
            REPLACE_USER, 200, -,                         -,   -,  ENTRY
            UPDATE_USER,  200, -,                         -,   -,  ENTRY
            UPDATE_USER,  204, -,                         -,   -,  ENTRY
            DELETE_USER,  204, -,                         -,   -,  ENTRY
            CREATE_GROUP, 201, -,                         -,   -,  ENTRY
            UPDATE_GROUP, 204, -,                         -,   -,  ENTRY
            DELETE_GROUP, 204, -,                         -,   -,  ENTRY
            OTHER,        200, -,                         -,   -,  ENTRY
            """)
    void writes_failures_and_test_connection_are_entries_other_successful_reads_are_counted(
            ScimOperation operation, int status, String filter, String count, Long found, LogKeeping expected) {
        assertThat(LogKeeping.of(operation, status, filter, count, found)).isEqualTo(expected);
    }
}
