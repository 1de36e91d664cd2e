package app.thestorage.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScimPathsTest {

    @ParameterizedTest(name = "{0} is tenant [{1}], resource [{2}]")
    @CsvSource(emptyValue = "", nullValues = "-", textBlock = """
            /api/acme/scim/v2,                   acme, ''
            /api/acme/scim/v2/,                  acme, /
            /api/acme/scim/v2/Users/42,          acme, /Users/42
            /api/acme/scim/v2//Users,            acme, //Users
            /api/acme/scim/v2Users,              -,    -
            /api/acme/scim/v1/Users,             -,    -
            /api/acme/scim,                      -,    -
            /api//scim/v2/Users,                 -,    -
            /api/acme/more/scim/v2/Users,        -,    -
            /admin/tenants/acme/scim/enable,     -,    -
            /api/scim/v2,                        -,    -
            """)
    void a_scim_path_names_its_tenant_and_the_resource_below_the_base(String path, String tenant,
                                                                      String resourcePath) {
        var address = ScimPaths.parse(path);
        assertThat(address.map(ScimPaths.ScimAddress::tenant).orElse(null)).isEqualTo(tenant);
        assertThat(address.map(ScimPaths.ScimAddress::resourcePath).orElse(null)).isEqualTo(resourcePath);
    }
}
