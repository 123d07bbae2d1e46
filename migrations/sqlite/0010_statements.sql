-- Bank statement lines, each once: its identity is its content and its occurrence among identical
-- lines of its file, so re-importing a statement (or an overlapping one) adds nothing.

CREATE TABLE statement_lines (
    id             INTEGER PRIMARY KEY,
    identity       TEXT NOT NULL UNIQUE,
    file_name      TEXT NOT NULL,
    line_no        INTEGER NOT NULL,
    booked_on      TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    description    TEXT NOT NULL,
    bank_reference TEXT NOT NULL,
    -- matched: paid (part of) a pledge; review: waiting for staff.
    status         TEXT NOT NULL CHECK (status IN ('matched', 'review')),
    pledge_id      INTEGER REFERENCES pledges (id),
    created_at     TEXT NOT NULL
);
CREATE INDEX statement_lines_review ON statement_lines (status, id);
CREATE INDEX statement_lines_by_pledge ON statement_lines (pledge_id);
