-- The donor digest: every PORTAL_DIGEST_DAYS days, a short email of the new needs and campaigns in
-- the kinds of support and communes a donor cares about, and what their support achieved.
-- `digest` is the donor's choice: 'on', 'off', or none — network members receive it, others only
-- when they ask. `digest_from` is where the next digest's news start (the last digest queued).
ALTER TABLE donors ADD COLUMN digest TEXT CHECK (digest IN ('on', 'off'));
ALTER TABLE donors ADD COLUMN digest_from TEXT;

-- A digest's unsubscribe link carries a random token; only its hash is kept, and any of a
-- donor's digests' links unsubscribes them at once.
CREATE TABLE digest_unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    donor_id   INTEGER NOT NULL REFERENCES donors (id),
    created_at TEXT NOT NULL
);
CREATE INDEX digest_unsubscribe_tokens_by_donor ON digest_unsubscribe_tokens (donor_id);

-- SQLite cannot change a CHECK constraint: the outbox is rebuilt with the digest kind and
-- `content`, what a digest says, decided when it was queued (JSON).
CREATE TABLE notices_next (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'receipt', 'reminder', 'recognition',
                            'delivery_report', 'welcome', 'sign_in_link', 'digest')),
    donor_id            INTEGER NOT NULL REFERENCES donors (id),
    pledge_id           INTEGER REFERENCES pledges (id),
    sequence            INTEGER NOT NULL DEFAULT 0,
    language            TEXT NOT NULL CHECK (language IN ('vi', 'en')),
    status              TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT NOT NULL,
    claimed_until       TEXT,
    last_error          TEXT,
    subject             TEXT,
    created_at          TEXT NOT NULL,
    sent_at             TEXT,
    recognition_id      INTEGER REFERENCES recognitions (id),
    secret              TEXT,
    channel             TEXT CHECK (channel IN ('email', 'zalo', 'sms')),
    provider_message_id TEXT,
    content             TEXT
);
INSERT INTO notices_next (id, kind, donor_id, pledge_id, sequence, language, status, attempts, next_attempt_at,
    claimed_until, last_error, subject, created_at, sent_at, recognition_id, secret, channel, provider_message_id)
SELECT id, kind, donor_id, pledge_id, sequence, language, status, attempts, next_attempt_at,
    claimed_until, last_error, subject, created_at, sent_at, recognition_id, secret, channel, provider_message_id
FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE INDEX notices_due ON notices (status, next_attempt_at);
CREATE UNIQUE INDEX notices_once_per_pledge ON notices (pledge_id, kind, sequence);
CREATE INDEX notices_by_donor ON notices (donor_id);
CREATE INDEX notices_by_channel ON notices (status, channel);
-- One digest per donor and day, whichever replica queues it.
CREATE UNIQUE INDEX notices_one_digest_a_day ON notices (donor_id, sequence) WHERE kind = 'digest';
