-- photo-fetcher's own schema: nothing else writes it.

-- Photo bytes, content-addressed: the same image is stored once, whoever shows it.
CREATE TABLE photo_content (
    sha256       text        PRIMARY KEY,
    content_type text        NOT NULL,
    size         integer     NOT NULL,
    content      bytea       NOT NULL,
    stored_at    timestamptz NOT NULL
);

-- The users provisioned from Entra ID (known from the user-change topic): whose photos Graph has.
CREATE TABLE entra_users (
    tenant    text    NOT NULL,
    user_id   text    NOT NULL,
    object_id text    NOT NULL,
    active    boolean NOT NULL,
    version   bigint  NOT NULL,
    PRIMARY KEY (tenant, user_id)
);
CREATE INDEX entra_users_by_object_id ON entra_users (tenant, object_id);

-- Per user: the photo Graph has (with its media ETag, so an unchanged photo is not downloaded again), the
-- avatar uploaded manually, and the one the directory shows (Graph's if there is one, else the manual one).
CREATE TABLE user_photos (
    tenant           text        NOT NULL,
    user_id          text        NOT NULL,
    graph_sha256     text        REFERENCES photo_content,
    graph_media_etag text,
    manual_sha256    text        REFERENCES photo_content,
    shown_sha256     text        REFERENCES photo_content,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant, user_id)
);

-- Directory Provider settings per tenant (Settings > Integrations > Directory Providers > Microsoft Entra ID).
-- The client secret is stored only sealed (AES-GCM under a key from configuration, bound to the tenant).
CREATE TABLE directory_providers (
    tenant                 text        PRIMARY KEY,
    directory_tenant_id    text        NOT NULL,
    client_id              text        NOT NULL,
    sealed_secret          bytea       NOT NULL,
    secret_expires_on      date,
    saved_at               timestamptz NOT NULL,
    next_sync_at           timestamptz NOT NULL,
    delta_link             text,
    last_sync_at           timestamptz,
    last_success_at        timestamptz,
    last_error_at          timestamptz,
    last_error_problem     text,
    last_error_code        text,
    last_error_explanation text
);
CREATE INDEX directory_providers_due ON directory_providers (next_sync_at);
