package app.thestorage.provisioning.ingest.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantTokensTest {

    @Test
    void tokens_are_random_and_carry_256_bits() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(TenantTokens.generate());
        }
        assertThat(tokens).hasSize(1000);
        assertThat(tokens.iterator().next()).startsWith("tsp_").hasSize(4 + 43);
    }

    @Test
    void only_the_same_token_matches_its_hash() {
        String token = TenantTokens.generate();
        byte[] stored = TenantTokens.hash(token);

        assertThat(TenantTokens.matches(token, stored)).isTrue();
        assertThat(TenantTokens.matches(TenantTokens.generate(), stored)).isFalse();
        assertThat(TenantTokens.matches(token, null)).isFalse();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token);
    }
}
