package app.thestorage.provisioning.contract.user;

/** One e-mail address of a user; type is "work" for what Entra and Okta send. */
public record Email(String value, String type, boolean primary) {
}
