-- The photo an identity provider gave by address (the SCIM photos attribute), once fetched: it wins over Graph's.
ALTER TABLE user_photos ADD COLUMN scim_sha256 text REFERENCES photo_content;

-- Per user whose changes carried a photo address: the address their latest change chose (null once the identity
-- provider removed it) and that change's version, the address the photo we hold came from (or was last refused from)
-- with the ETag and Last-Modified its server gave, and when that address was last asked.
CREATE TABLE scim_photos (
    tenant        text        NOT NULL,
    user_id       text        NOT NULL,
    wanted_uri    text,
    version       bigint      NOT NULL,
    fetched_uri   text,
    etag          text,
    last_modified text,
    checked_at    timestamptz,
    PRIMARY KEY (tenant, user_id)
);
CREATE INDEX scim_photos_by_check ON scim_photos (tenant, checked_at);

-- The latest refusal of a user's photo address, per user, until a photo is fetched for them or they are gone:
-- what the tenant's admin sees (reason and a detail naming the host, never the whole address).
CREATE TABLE photo_refusals (
    tenant  text        NOT NULL,
    user_id text        NOT NULL,
    at      timestamptz NOT NULL,
    reason  text        NOT NULL,
    detail  text        NOT NULL,
    PRIMARY KEY (tenant, user_id)
);
CREATE INDEX photo_refusals_newest_first ON photo_refusals (tenant, at DESC);
