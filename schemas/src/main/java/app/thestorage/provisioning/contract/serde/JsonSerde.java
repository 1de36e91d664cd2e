package app.thestorage.provisioning.contract.serde;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Kafka serde for a contract type, JSON as described by the files under {@code schemas/}. */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final JsonMapper mapper;

    public JsonSerde(Class<T> type) {
        this(type, ContractJson.mapper());
    }

    public JsonSerde(Class<T> type, JsonMapper mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " for " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.readValue(data, type);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from " + topic + ": "
                    + new String(data, 0, Math.min(data.length, 200), StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
