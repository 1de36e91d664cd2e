-- The successful reads of each tenant (GET of a user or a group, lists, discovery), counted per minute, operation and
-- identity provider instead of a provisioning_log row each: identity providers read far more than they write, and a
-- row per read cost an INSERT per GET. Failures, writes and Test Connection's lookups stay rows of provisioning_log.
CREATE TABLE provisioning_reads (
    tenant            text        NOT NULL REFERENCES tenants (slug) ON DELETE CASCADE,
    minute            timestamptz NOT NULL,
    operation         text        NOT NULL,
    identity_provider text        NOT NULL,
    reads             bigint      NOT NULL,
    -- the last of these reads, within the minute: whether any came after a moment (a token's issue, the last hour)
    last_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant, minute, operation, identity_provider)
);

-- The gauge reads every tenant's recent minutes; the retention deletes the old ones.
CREATE INDEX provisioning_reads_by_age ON provisioning_reads (minute);
