package app.thestorage.provisioning.contract.serde;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a public change event: JSON with its CloudEvents headers ({@link CloudEventSerde}), plus two headers on
 * every event it writes, the change's type
 * ({@value #USER_CHANGE_TYPE} or {@value #GROUP_CHANGE_TYPE}) and {@value #SOURCE} (the
 * {@link app.thestorage.provisioning.contract.user.IdentityProvider}), so that a consumer interested in some events
 * only can pass over the others without parsing them.
 *
 * @param <E> the event
 */
public final class ChangeEventSerde<E> implements Serde<E>, Serializer<E>, Deserializer<E> {

    /** Header of a user change: its type, e.g. {@code USER_CREATED}. */
    public static final String USER_CHANGE_TYPE = "user-change-type";
    /** Header of a group change: its type, e.g. {@code MEMBERS_ADDED}. */
    public static final String GROUP_CHANGE_TYPE = "group-change-type";
    /** Header: the identity provider the user or group comes from, e.g. {@code MICROSOFT_ENTRA_ID}. */
    public static final String SOURCE = "identity-provider";

    private final CloudEventSerde<E> cloudEvents;
    private final String typeHeader;
    private final Function<E, Enum<?>> type;
    private final Function<E, Enum<?>> source;

    private ChangeEventSerde(Class<E> event, Function<E, EventMetadata> metadata, String typeHeader,
            Function<E, Enum<?>> type, Function<E, Enum<?>> source) {
        this.cloudEvents = new CloudEventSerde<>(event, metadata);
        this.typeHeader = typeHeader;
        this.type = type;
        this.source = source;
    }

    /** The serde of {@code users.changes.v1}. */
    public static ChangeEventSerde<UserChangeEvent> userChanges() {
        return new ChangeEventSerde<>(UserChangeEvent.class, EventMetadata::of, USER_CHANGE_TYPE,
                UserChangeEvent::type, UserChangeEvent::source);
    }

    /** The serde of {@code groups.changes.v1}. */
    public static ChangeEventSerde<GroupChangeEvent> groupChanges() {
        return new ChangeEventSerde<>(GroupChangeEvent.class, EventMetadata::of, GROUP_CHANGE_TYPE,
                GroupChangeEvent::type, GroupChangeEvent::source);
    }

    @Override
    public byte[] serialize(String topic, E event) {
        return cloudEvents.serialize(topic, event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, E event) {
        if (event != null) {
            put(headers, typeHeader, type.apply(event).name());
            put(headers, SOURCE, source.apply(event).name());
        }
        return cloudEvents.serialize(topic, headers, event);
    }

    @Override
    public E deserialize(String topic, byte[] data) {
        return cloudEvents.deserialize(topic, data);
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
    public Serializer<E> serializer() {
        return this;
    }

    @Override
    public Deserializer<E> deserializer() {
        return this;
    }
}
