-- Bank lines from every source: statements uploaded by staff and notifications from a bank feed.
-- A line that is not a donation (a fee, interest, a refund) is set aside by staff with a reason;
-- a transfer to an account that is not the programme's is recorded as not ours; money out waits to
-- be assigned. A line's account (BIN:number) and the feed's own id, when known, let one bank
-- transaction count once however it arrives. SQLite cannot change a CHECK constraint, so the table
-- is rebuilt.

CREATE TABLE statement_lines_next (
    id               INTEGER PRIMARY KEY,
    identity         TEXT NOT NULL UNIQUE,
    file_name        TEXT NOT NULL,
    line_no          INTEGER NOT NULL,
    booked_on        TEXT NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    description      TEXT NOT NULL,
    bank_reference   TEXT NOT NULL,
    -- matched: paid (part of) a pledge; review: waiting for staff; set_aside: not a donation;
    -- not_ours: to another account; unassigned: money out not yet assigned to what it paid for;
    -- assigned: money out matched to a need's implementer (a disbursement).
    status           TEXT NOT NULL CHECK (status IN ('matched', 'review', 'set_aside', 'not_ours', 'unassigned', 'assigned')),
    pledge_id        INTEGER REFERENCES pledges (id),
    created_at       TEXT NOT NULL,
    money_in         INTEGER NOT NULL DEFAULT 1,
    account          TEXT,
    feed_id          TEXT UNIQUE,
    occurred_at      TEXT,
    set_aside_reason TEXT,
    set_aside_by     INTEGER REFERENCES staff (id),
    set_aside_at     TEXT,
    CHECK ((status = 'set_aside') = (set_aside_reason IS NOT NULL))
);
INSERT INTO statement_lines_next (id, identity, file_name, line_no, booked_on, amount, description, bank_reference,
    status, pledge_id, created_at)
SELECT id, identity, file_name, line_no, booked_on, amount, description, bank_reference, status, pledge_id, created_at
FROM statement_lines;
DROP TABLE statement_lines;
ALTER TABLE statement_lines_next RENAME TO statement_lines;
CREATE INDEX statement_lines_review ON statement_lines (status, id);
CREATE INDEX statement_lines_by_pledge ON statement_lines (pledge_id);
CREATE INDEX statement_lines_by_reference ON statement_lines (bank_reference) WHERE bank_reference <> '';
