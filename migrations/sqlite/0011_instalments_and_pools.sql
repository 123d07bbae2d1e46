-- A money pledge paid on a schedule (monthly over a school year is the usual form for meals). What
-- has been paid is not kept here: every payment is a ledger entry, and payments settle the
-- instalments in order, so the schedule never disagrees with the ledger.
CREATE TABLE instalments (
    pledge_id INTEGER NOT NULL REFERENCES pledges (id),
    number    INTEGER NOT NULL CHECK (number >= 1),
    due_on    TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (pledge_id, number)
);
CREATE INDEX instalments_due ON instalments (due_on);

-- Money a partner organisation pools (gifts to its common fund) and later forwards to a need is
-- counted once: the gifts are confirmed into the partner's pool (`held_by`, no need yet), and the
-- forwarding is a transfer — the pool gives up what the need receives, so totals do not move.
ALTER TABLE pledges ADD COLUMN pool_id INTEGER REFERENCES donors (id);
-- A forwarding of pooled money: it counts toward its need, never again toward what was pledged.
ALTER TABLE pledges ADD COLUMN forwarded BOOLEAN NOT NULL DEFAULT FALSE;

-- SQLite cannot change a CHECK constraint: the ledger is rebuilt with its entries, triggers and
-- indexes (the append-only triggers do not fire on DROP TABLE).
DROP TRIGGER ledger_no_update;
DROP TRIGGER ledger_no_delete;
CREATE TABLE ledger_entries_next (
    id           INTEGER PRIMARY KEY,
    pledge_id    INTEGER NOT NULL REFERENCES pledges (id),
    entry        TEXT NOT NULL CHECK (entry IN ('confirmation', 'reversal', 'transfer_out', 'transfer_in')),
    reverses_id  INTEGER REFERENCES ledger_entries_next (id),
    year         INTEGER NOT NULL,
    commune_code TEXT,
    category     TEXT,
    source_type  TEXT NOT NULL,
    donor_id     INTEGER NOT NULL REFERENCES donors (id),
    mobilised_by INTEGER REFERENCES donors (id),
    campaign_id  INTEGER REFERENCES campaigns (id),
    need_id      INTEGER REFERENCES needs (id),
    amount       INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES staff (id),
    -- The network member whose pool holds this money until it is forwarded to a need.
    held_by      INTEGER REFERENCES donors (id)
);
INSERT INTO ledger_entries_next (id, pledge_id, entry, reverses_id, year, commune_code, category, source_type,
    donor_id, mobilised_by, campaign_id, need_id, amount, at, actor_id)
SELECT id, pledge_id, entry, reverses_id, year, commune_code, category, source_type,
    donor_id, mobilised_by, campaign_id, need_id, amount, at, actor_id FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_next RENAME TO ledger_entries;
CREATE INDEX ledger_by_year ON ledger_entries (year, commune_code, category);
CREATE INDEX ledger_by_pledge ON ledger_entries (pledge_id);
CREATE INDEX ledger_by_pool ON ledger_entries (held_by);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
