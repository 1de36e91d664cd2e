package app.thestorage.provisioning.contract.serde;

import io.cloudevents.kafka.CloudEventSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a public topic: the value is the record's JSON, unchanged, and the headers carry its CloudEvents
 * attributes ({@link EventMetadata}) in the binary content mode of the CloudEvents Kafka binding, written by the
 * CloudEvents SDK's {@link CloudEventSerializer}: {@code ce_specversion}, {@code ce_id}, {@code ce_source},
 * {@code ce_type}, {@code ce_subject}, {@code ce_time}, {@code ce_dataschema} and {@code content-type}. A consumer can
 * read a record as a CloudEvent (the SDK's {@code CloudEventDeserializer}) or as the contract type (this serde), and
 * filter or deduplicate on the headers without parsing the value. Other headers (the trace, the change type) are left
 * as they are.
 * <p>
 * A tombstone (null value, on the compacted state topics) carries no CloudEvents headers: a Kafka value serializer
 * sees the topic, the headers and the value, not the key, so for a null value it cannot tell whom the deletion is about
 * (subject, source) nor give it an id. Any {@code ce_*} or {@code content-type} header the record brought along is
 * removed, so that a tombstone never claims another record's attributes; the key and the null value say everything.
 *
 * @param <E> the record
 */
public final class CloudEventSerde<E> implements Serde<E>, Serializer<E>, Deserializer<E> {

    private static final String CLOUD_EVENTS_HEADERS = "ce_";
    private static final String CONTENT_TYPE_HEADER = "content-type";

    private final JsonSerde<E> json;
    private final Function<E, EventMetadata> metadata;
    private final CloudEventSerializer binary = new CloudEventSerializer();

    /** The serde of records of {@code type}, each with the CloudEvents attributes {@code metadata} gives it. */
    public CloudEventSerde(Class<E> type, Function<E, EventMetadata> metadata) {
        this.json = new JsonSerde<>(type);
        this.metadata = metadata;
    }

    /** The JSON only: without headers there is nowhere to write the attributes (Kafka always passes headers). */
    @Override
    public byte[] serialize(String topic, E record) {
        return json.serialize(topic, record);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, E record) {
        byte[] value = json.serialize(topic, record);
        if (headers == null) {
            return value;
        }
        // the headers may have come along from the record this one was made from: replace, never add a second
        remove(headers);
        if (value == null) {
            return null;
        }
        // binary mode (the serializer's default): headers written, the data returned as the value, as it is
        return binary.serialize(topic, headers, metadata.apply(record).toCloudEvent(value));
    }

    @Override
    public E deserialize(String topic, byte[] data) {
        return json.deserialize(topic, data);
    }

    private static void remove(Headers headers) {
        List<String> names = new ArrayList<>();
        for (Header header : headers) {
            if (header.key().startsWith(CLOUD_EVENTS_HEADERS) || header.key().equals(CONTENT_TYPE_HEADER)) {
                names.add(header.key());
            }
        }
        names.forEach(headers::remove);
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
