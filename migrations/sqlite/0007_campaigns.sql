-- Campaigns: outreach drives with a story, a goal, a public receiving account (Decree 93/2021/NĐ-CP)
-- and a receiving window of at most 90 days; linked to needs, with drop-off points for goods.

-- Uploaded pictures, already resized and re-encoded; served with their dimensions.
CREATE TABLE images (
    id           INTEGER PRIMARY KEY,
    content_type TEXT NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    bytes        BLOB NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    story          TEXT NOT NULL DEFAULT '',
    goal           INTEGER NOT NULL CHECK (goal > 0),
    bank_bin       TEXT NOT NULL,
    account_number TEXT NOT NULL,
    account_name   TEXT NOT NULL,
    opens_on       TEXT NOT NULL,
    closes_on      TEXT NOT NULL CHECK (closes_on >= opens_on AND julianday(closes_on) - julianday(opens_on) < 90),
    cover_image_id INTEGER REFERENCES images (id),
    published      BOOLEAN NOT NULL DEFAULT FALSE,
    is_demo        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE campaign_needs (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    need_id     INTEGER NOT NULL REFERENCES needs (id),
    PRIMARY KEY (campaign_id, need_id)
);

-- Where and when goods are received.
CREATE TABLE drop_offs (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    place       TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    opens_on    TEXT NOT NULL,
    closes_on   TEXT NOT NULL CHECK (closes_on >= opens_on),
    hours       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX drop_offs_by_campaign ON drop_offs (campaign_id);

ALTER TABLE pledges ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
ALTER TABLE pledges ADD COLUMN mobilised_by INTEGER REFERENCES donors (id);
CREATE INDEX pledges_by_campaign ON pledges (campaign_id, status);

-- Network members that others can name as "mobilised by" carry a public slug.
ALTER TABLE donors ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX donors_by_slug ON donors (slug);
