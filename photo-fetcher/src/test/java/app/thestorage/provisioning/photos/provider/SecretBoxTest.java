package app.thestorage.provisioning.photos.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SecretBoxTest {

    private static final String SECRET = "q8T8Q~Xy.zAbCdEfGhIjKlMnOpQrStUvWxYz012345";

    @Test
    void a_sealed_secret_opens_for_its_tenant_and_does_not_contain_the_secret() {
        SecretBox box = box(key(1));

        byte[] sealed = box.seal("acme", SECRET);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(box.open("acme", sealed)).isEqualTo(SECRET);
        assertThat(box.seal("acme", SECRET)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void a_secret_sealed_for_one_tenant_does_not_open_for_another_nor_under_another_key() {
        byte[] sealed = box(key(1)).seal("acme", SECRET);

        assertThatThrownBy(() -> box(key(1)).open("globex", sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> box(key(2)).open("acme", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void without_a_proper_key_the_service_does_not_start_and_says_how_to_make_one() {
        assertThatThrownBy(() -> box(null)).hasMessageContaining("PHOTOS_SECRET_KEY").hasMessageContaining("openssl");
        assertThatThrownBy(() -> box(Base64.getEncoder().encodeToString(new byte[16]))).hasMessageContaining("32 bytes");
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return Base64.getEncoder().encodeToString(key);
    }

    private static SecretBox box(String key) {
        Map<String, String> configuration = key == null ? Map.of() : Map.of("provisioning.photos.secret-key", key);
        return new SecretBox(new Binder(new MapConfigurationPropertySource(configuration))
                .bindOrCreate("provisioning.photos", PhotoFetcherProperties.class));
    }
}
