-- Every change of a tenant's SCIM credential (new tenant, token issued or revoked, provisioning on or off,
-- identity provider chosen) is announced to every ingest-api instance, which then forgets what it cached.
CREATE FUNCTION announce_credential_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tenant_credentials', COALESCE(NEW.slug, OLD.slug));
    RETURN NULL;
END
$$;

CREATE TRIGGER credential_changed
    AFTER INSERT OR DELETE OR UPDATE OF scim_enabled, token_hash, identity_provider ON tenants
    FOR EACH ROW EXECUTE FUNCTION announce_credential_change();
