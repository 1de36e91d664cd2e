package app.thestorage.provisioning.scim.group;

/** A member as a response shows it: the user's id, and the user's display name (null when it has none). */
public record GroupMember(String id, String display) {
}
