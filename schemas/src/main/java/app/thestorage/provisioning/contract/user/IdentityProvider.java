package app.thestorage.provisioning.contract.user;

/** Who provisioned a user: the badge on TheStorage's Users page. */
public enum IdentityProvider {
    MICROSOFT_ENTRA_ID,
    OKTA,
    OTHER_SCIM_CLIENT
}
