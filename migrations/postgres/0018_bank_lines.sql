-- Bank lines from every source: statements uploaded by staff and notifications from a bank feed.
-- A line that is not a donation (a fee, interest, a refund) is set aside by staff with a reason;
-- a transfer to an account that is not the programme's is recorded as not ours; money out waits to
-- be assigned. A line's account (BIN:number) and the feed's own id, when known, let one bank
-- transaction count once however it arrives.

ALTER TABLE statement_lines DROP CONSTRAINT IF EXISTS statement_lines_status_check;
ALTER TABLE statement_lines ADD CONSTRAINT statement_lines_status_check
    CHECK (status IN ('matched', 'review', 'set_aside', 'not_ours', 'unassigned', 'assigned'));
ALTER TABLE statement_lines ADD COLUMN money_in BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE statement_lines ADD COLUMN account TEXT;
ALTER TABLE statement_lines ADD COLUMN feed_id TEXT UNIQUE;
ALTER TABLE statement_lines ADD COLUMN occurred_at TIMESTAMPTZ;
ALTER TABLE statement_lines ADD COLUMN set_aside_reason TEXT;
ALTER TABLE statement_lines ADD COLUMN set_aside_by BIGINT REFERENCES staff (id);
ALTER TABLE statement_lines ADD COLUMN set_aside_at TIMESTAMPTZ;
ALTER TABLE statement_lines ADD CONSTRAINT statement_lines_set_aside_reason
    CHECK ((status = 'set_aside') = (set_aside_reason IS NOT NULL));
CREATE INDEX statement_lines_by_reference ON statement_lines (bank_reference) WHERE bank_reference <> '';
