package app.thestorage.provisioning.contract.user;

/** The SCIM "name" complex attribute, as far as TheStorage keeps it. */
public record Name(String givenName, String familyName) {
}
