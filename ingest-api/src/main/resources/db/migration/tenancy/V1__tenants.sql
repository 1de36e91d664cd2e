-- Tenants and their SCIM credentials. A token is stored only as its SHA-256 hash.
CREATE TABLE tenants (
    slug             text        PRIMARY KEY,
    scim_enabled     boolean     NOT NULL DEFAULT false,
    token_hash       bytea,
    token_created_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
