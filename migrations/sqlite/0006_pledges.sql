-- Donors of the network and their pledges. Personal data lives in `donors` only.

CREATE TABLE donors (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('individual', 'business', 'organisation', 'mass_organisation', 'fund')),
    name       TEXT NOT NULL,
    email      TEXT,
    phone      TEXT,
    tax_code   TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX donors_by_email ON donors (email);
CREATE INDEX donors_by_phone ON donors (phone);
CREATE INDEX donors_by_tax_code ON donors (tax_code);

CREATE TABLE pledges (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    donor_id        INTEGER NOT NULL REFERENCES donors (id),
    need_id         INTEGER REFERENCES needs (id),
    kind            TEXT NOT NULL CHECK (kind IN ('money', 'in_kind', 'service')),
    amount          INTEGER CHECK (amount > 0),
    item            TEXT,
    quantity        INTEGER,
    unit            TEXT,
    description     TEXT,
    estimated_value INTEGER CHECK (estimated_value >= 0),
    -- What counts toward the need: the amount, or the estimated value of goods and services.
    value           INTEGER NOT NULL CHECK (value >= 0),
    display         TEXT NOT NULL CHECK (display IN ('named', 'anonymous', 'unlisted')),
    language        TEXT NOT NULL CHECK (language IN ('vi', 'en')),
    status          TEXT NOT NULL CHECK (status IN ('pledged', 'partly_paid', 'confirmed', 'delivered', 'cancelled', 'lapsed')),
    over_need       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TEXT NOT NULL
);
CREATE INDEX pledges_by_need ON pledges (need_id, status);

-- A repeated submission (double click, back-and-resubmit, retried request) gets the first answer.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    reference    TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
