-- A tenant being offboarded (DELETE /admin/tenants/{tenant}, docs/tenant-offboarding.md). The state lives on the
-- tenant's own row, so that every conditional UPDATE of the row (enable, regenerate, identity provider) sees it and
-- is refused while it runs, and a crash at any point leaves it here to be resumed. The row goes when it is done.
ALTER TABLE tenants
    ADD COLUMN offboarding_since         timestamptz,
    -- the next step to carry out (each step is idempotent: redoing it after a crash is harmless)
    ADD COLUMN offboarding_step          text,
    ADD COLUMN offboarded_users          bigint      NOT NULL DEFAULT 0,
    ADD COLUMN offboarded_groups         bigint      NOT NULL DEFAULT 0,
    -- the ingest-api instance carrying it out, until when; another instance takes it over once the claim lapses
    ADD COLUMN offboarding_claimed_by    text,
    ADD COLUMN offboarding_claimed_until timestamptz;

CREATE INDEX tenants_offboarding ON tenants (offboarding_since) WHERE offboarding_since IS NOT NULL;

-- Starting an offboarding is a credential change too: every instance forgets what it cached of the tenant.
DROP TRIGGER credential_changed ON tenants;
CREATE TRIGGER credential_changed
    AFTER INSERT OR DELETE OR UPDATE OF scim_enabled, token_hash, identity_provider, offboarding_since ON tenants
    FOR EACH ROW EXECUTE FUNCTION announce_credential_change();
