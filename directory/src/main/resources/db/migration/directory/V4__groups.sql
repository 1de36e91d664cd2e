-- The groups, materialised from the projector's decisions like the users; ingest-api reads them (read-only).
-- version is the version of the last group-change event applied: every write is guarded by it, memberships included.
CREATE TABLE groups (
    tenant           text        NOT NULL,
    id               text        NOT NULL,
    display_name     text        NOT NULL,
    display_name_key text        NOT NULL,
    external_id      text,
    source           text        NOT NULL,
    created          timestamptz NOT NULL,
    last_modified    timestamptz NOT NULL,
    version          bigint      NOT NULL,
    PRIMARY KEY (tenant, id),
    -- displayName is unique per tenant without regard to case: the projector decides it on this key (Group's
    -- displayNameKey), and identity providers look groups up by it. Checked when the transaction commits: a batch
    -- replayed after a crash passes through states the directory held before (a group created, then deleted, and its
    -- name taken by another), and only the state it ends in must be, and is, unique.
    CONSTRAINT groups_display_name_key_unique UNIQUE (tenant, display_name_key) DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX groups_by_external_id ON groups (tenant, external_id);
CREATE INDEX groups_in_creation_order ON groups (tenant, created, id);

-- One row per membership: a group may have 100,000 members, changed a few at a time. The primary key finds the
-- members of a group, the index the groups of a user (the group id in it spares a visit to the table).
CREATE TABLE group_members (
    tenant   text NOT NULL,
    group_id text NOT NULL,
    user_id  text NOT NULL,
    PRIMARY KEY (tenant, group_id, user_id)
);

CREATE INDEX group_members_by_user ON group_members (tenant, user_id, group_id);
