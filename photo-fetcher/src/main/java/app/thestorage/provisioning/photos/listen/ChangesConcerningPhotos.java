package app.thestorage.provisioning.photos.listen;

import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.event.UserChangeType;
import app.thestorage.provisioning.contract.serde.ChangeEventSerde;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads only the user changes {@link UserChangeListener} acts on, Entra users' changes and every deletion, and
 * passes over the others (null) by their headers, without parsing them: most tenants' users come from Okta or
 * another SCIM client, and Graph never touches them. An event without the headers is read.
 */
public final class ChangesConcerningPhotos implements Deserializer<UserChangeEvent> {

    private final ChangeEventSerde<UserChangeEvent> changes = ChangeEventSerde.userChanges();

    @Override
    public UserChangeEvent deserialize(String topic, byte[] data) {
        return changes.deserialize(topic, data);
    }

    @Override
    public UserChangeEvent deserialize(String topic, Headers headers, byte[] data) {
        String source = ChangeEventSerde.header(headers, ChangeEventSerde.SOURCE);
        String type = ChangeEventSerde.header(headers, ChangeEventSerde.USER_CHANGE_TYPE);
        boolean concerns = source == null || type == null
                || source.equals(IdentityProvider.MICROSOFT_ENTRA_ID.name())
                || type.equals(UserChangeType.USER_DELETED.name());
        return concerns ? changes.deserialize(topic, data) : null;
    }
}
