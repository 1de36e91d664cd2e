-- The identity provider an administrator chose for the tenant; null means "recognise it from each request".
ALTER TABLE tenants ADD COLUMN identity_provider text;

-- Every SCIM request's outcome, per tenant, like the identity providers' own provisioning logs.
-- Never holds a token, a password or a request body.
CREATE TABLE provisioning_log (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant            text        NOT NULL REFERENCES tenants (slug) ON DELETE CASCADE,
    at                timestamptz NOT NULL,
    operation         text        NOT NULL,
    identity_provider text        NOT NULL,
    user_id           text,
    user_name         text,
    query             text,
    status            integer     NOT NULL,
    scim_type         text,
    detail            text,
    duration_ms       integer     NOT NULL
);

CREATE INDEX provisioning_log_newest_first ON provisioning_log (tenant, id DESC);
CREATE INDEX provisioning_log_by_age ON provisioning_log (at);
