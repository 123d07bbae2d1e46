-- The notice outbox. A row is written in the same transaction as the event that causes it; a worker
-- claims due rows, sends them and marks them sent. Recipients are donors by id: the address is read
-- from the donor record when the notice is sent, so personal data stays in `donors` only.

CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'receipt', 'reminder', 'recognition', 'delivery_report')),
    donor_id        INTEGER NOT NULL REFERENCES donors (id),
    pledge_id       INTEGER REFERENCES pledges (id),
    -- The n-th notice of this kind for the pledge (reminders are 1 and 2).
    sequence        INTEGER NOT NULL DEFAULT 0,
    language        TEXT NOT NULL CHECK (language IN ('vi', 'en')),
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- A worker's claim: another may take the notice over only after this moment.
    claimed_until   TEXT,
    last_error      TEXT,
    subject         TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX notices_due ON notices (status, next_attempt_at);
CREATE UNIQUE INDEX notices_once_per_pledge ON notices (pledge_id, kind, sequence);
