package app.thestorage.provisioning.contract.serde;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@link UserChangeEvent}: JSON, plus two headers on every event it writes, {@value #TYPE} (the
 * {@link app.thestorage.provisioning.contract.event.UserChangeType}) and {@value #SOURCE} (the
 * {@link app.thestorage.provisioning.contract.user.IdentityProvider}), so that a consumer interested in some events
 * only can pass over the others without parsing them.
 */
public final class UserChangeSerde implements Serde<UserChangeEvent>, Serializer<UserChangeEvent>,
        Deserializer<UserChangeEvent> {

    /** Header: the change's type, e.g. {@code USER_CREATED}. */
    public static final String TYPE = "user-change-type";
    /** Header: the identity provider the user comes from, e.g. {@code MICROSOFT_ENTRA_ID}. */
    public static final String SOURCE = "identity-provider";

    private final JsonSerde<UserChangeEvent> json = new JsonSerde<>(UserChangeEvent.class);

    @Override
    public byte[] serialize(String topic, UserChangeEvent event) {
        return json.serialize(topic, event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, UserChangeEvent event) {
        if (event != null) {
            put(headers, TYPE, event.type().name());
            put(headers, SOURCE, event.source().name());
        }
        return json.serialize(topic, event);
    }

    @Override
    public UserChangeEvent deserialize(String topic, byte[] data) {
        return json.deserialize(topic, data);
    }

    /** The header's value, or null when the record has none (events written before the headers existed). */
    public static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<UserChangeEvent> serializer() {
        return this;
    }

    @Override
    public Deserializer<UserChangeEvent> deserializer() {
        return this;
    }
}
