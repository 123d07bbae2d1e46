-- The pledge lifecycle and the coordination ledger. Confirming a pledge appends a ledger entry;
-- a confirmed amount is corrected only by a reversing entry (the ledger is append-only), and the
-- records, totals and reports are sums over it. Deliveries carry the children reached.

ALTER TABLE pledges ADD COLUMN confirmed_at TEXT;
ALTER TABLE pledges ADD COLUMN delivered_at TEXT;

-- Each step of a pledge with its evidence (bank transaction, receipt number, hand-over record).
CREATE TABLE pledge_events (
    id            INTEGER PRIMARY KEY,
    pledge_id     INTEGER NOT NULL REFERENCES pledges (id),
    at            TEXT NOT NULL,
    actor_id      INTEGER REFERENCES staff (id),
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    evidence_kind TEXT CHECK (evidence_kind IN ('bank_transaction', 'receipt', 'handover')),
    evidence      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pledge_events_by_pledge ON pledge_events (pledge_id, id);

CREATE TABLE ledger_entries (
    id           INTEGER PRIMARY KEY,
    pledge_id    INTEGER NOT NULL REFERENCES pledges (id),
    entry        TEXT NOT NULL CHECK (entry IN ('confirmation', 'reversal')),
    reverses_id  INTEGER REFERENCES ledger_entries (id),
    -- The calendar year (in Vietnam) of the confirmation.
    year         INTEGER NOT NULL,
    commune_code TEXT,
    category     TEXT,
    source_type  TEXT NOT NULL,
    donor_id     INTEGER NOT NULL REFERENCES donors (id),
    mobilised_by INTEGER REFERENCES donors (id),
    campaign_id  INTEGER REFERENCES campaigns (id),
    need_id      INTEGER REFERENCES needs (id),
    -- Whole đồng: money, or the estimated value of goods and services; negative when reversing.
    amount       INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES staff (id)
);
CREATE INDEX ledger_by_year ON ledger_entries (year, commune_code, category);
CREATE INDEX ledger_by_pledge ON ledger_entries (pledge_id);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

-- A hand-over: who delivered, who received, how many children it reached (counted, never named).
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    pledge_id    INTEGER NOT NULL UNIQUE REFERENCES pledges (id),
    need_id      INTEGER REFERENCES needs (id),
    delivered_on TEXT NOT NULL,
    children     INTEGER NOT NULL CHECK (children >= 0),
    delivered_by TEXT NOT NULL,
    received_by  TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES staff (id)
);

-- Donors are searched by name with or without diacritics: the folded name is kept beside it.
ALTER TABLE donors ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
