package app.thestorage.provisioning.photos.provider;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals the tenants' Graph client secrets for storage: AES-256-GCM under the key from configuration, a
 * fresh 96-bit nonce per secret, and the tenant as associated data, so a sealed secret copied to another
 * tenant's row does not open. The key never leaves this class; the database only ever sees sealed bytes.
 */
@Component
public class SecretBox {

    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(PhotoFetcherProperties properties) {
        this.key = keyOf(properties.secretKey());
    }

    public byte[] seal(String tenant, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenant);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal a client secret", e);
        }
    }

    public String open(String tenant, byte[] sealed) {
        if (sealed.length <= 1 + NONCE_BYTES || sealed[0] != FORMAT) {
            throw new IllegalStateException("Not a sealed client secret");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(sealed, 1, nonce, 0, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, tenant);
            byte[] secret = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return new String(secret, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // wrong key (rotated without re-sealing) or tampered row: the admin must enter the secret again
            throw new IllegalStateException("The stored client secret of tenant " + tenant
                    + " cannot be opened with the configured key", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String tenant) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKey keyOf(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException("provisioning.photos.secret-key (PHOTOS_SECRET_KEY) is not set: "
                    + "photo-fetcher needs a base64 AES-256 key to keep Graph client secrets encrypted, "
                    + "e.g. `openssl rand -base64 32`");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("provisioning.photos.secret-key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("provisioning.photos.secret-key must be 32 bytes (AES-256), not "
                    + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }
}
