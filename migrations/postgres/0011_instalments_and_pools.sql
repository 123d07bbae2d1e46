-- A money pledge paid on a schedule (monthly over a school year is the usual form for meals). What
-- has been paid is not kept here: every payment is a ledger entry, and payments settle the
-- instalments in order, so the schedule never disagrees with the ledger.
CREATE TABLE instalments (
    pledge_id BIGINT NOT NULL REFERENCES pledges (id),
    number    BIGINT NOT NULL CHECK (number >= 1),
    due_on    DATE NOT NULL,
    amount    BIGINT NOT NULL CHECK (amount > 0),
    PRIMARY KEY (pledge_id, number)
);
CREATE INDEX instalments_due ON instalments (due_on);

-- Money a partner organisation pools (gifts to its common fund) and later forwards to a need is
-- counted once: the gifts are confirmed into the partner's pool (`held_by`, no need yet), and the
-- forwarding is a transfer — the pool gives up what the need receives, so totals do not move.
ALTER TABLE pledges ADD COLUMN pool_id BIGINT REFERENCES donors (id);
-- A forwarding of pooled money: it counts toward its need, never again toward what was pledged.
ALTER TABLE pledges ADD COLUMN forwarded BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_entry_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_entry_check
    CHECK (entry IN ('confirmation', 'reversal', 'transfer_out', 'transfer_in'));
-- The network member whose pool holds this money until it is forwarded to a need.
ALTER TABLE ledger_entries ADD COLUMN held_by BIGINT REFERENCES donors (id);
CREATE INDEX ledger_by_pool ON ledger_entries (held_by);
