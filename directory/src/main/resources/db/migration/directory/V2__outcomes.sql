-- Decisions too large for a notification payload (PostgreSQL's limit is 8,000 bytes). The materializer stores
-- one here in the transaction that announces it; the ingest-api instance waiting for it reads it by request id.
-- Nobody reads a row twice: the materializer removes rows older than an hour whenever it stores one.
CREATE TABLE outcomes (
    request_id text        PRIMARY KEY,
    decision   jsonb       NOT NULL,
    recorded   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX outcomes_by_age ON outcomes (recorded);
