-- A statement line that is not a donation (a bank fee, interest, a refund, a transfer between the
-- programme's own accounts) is set aside by staff with a reason, and leaves the review queue.

ALTER TABLE statement_lines DROP CONSTRAINT statement_lines_status_check;
ALTER TABLE statement_lines ADD CONSTRAINT statement_lines_status_check
    CHECK (status IN ('matched', 'review', 'set_aside'));
ALTER TABLE statement_lines ADD COLUMN set_aside_reason TEXT;
ALTER TABLE statement_lines ADD COLUMN set_aside_by BIGINT REFERENCES staff (id);
ALTER TABLE statement_lines ADD COLUMN set_aside_at TIMESTAMPTZ;
ALTER TABLE statement_lines ADD CONSTRAINT statement_lines_set_aside_reason
    CHECK ((status = 'set_aside') = (set_aside_reason IS NOT NULL));
