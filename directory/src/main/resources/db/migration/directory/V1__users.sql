-- The user directory, materialised from the projector's decisions. ingest-api reads it (read-only).
CREATE TABLE users (
    tenant        text        NOT NULL,
    id            text        NOT NULL,
    user_name     text        NOT NULL,
    external_id   text,
    active        boolean     NOT NULL,
    version       bigint      NOT NULL,
    created       timestamptz NOT NULL,
    last_modified timestamptz NOT NULL,
    source        text        NOT NULL,
    resource      jsonb       NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- userName is unique per tenant without regard to case; the projector enforces it, this index finds it.
CREATE INDEX users_by_user_name ON users (tenant, lower(user_name));
CREATE INDEX users_by_external_id ON users (tenant, external_id);
CREATE INDEX users_in_creation_order ON users (tenant, created, id);
