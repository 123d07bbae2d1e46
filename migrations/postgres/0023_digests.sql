-- The donor digest: every PORTAL_DIGEST_DAYS days, a short email of the new needs and campaigns in
-- the kinds of support and communes a donor cares about, and what their support achieved.
-- `digest` is the donor's choice: 'on', 'off', or none — network members receive it, others only
-- when they ask. `digest_from` is where the next digest's news start (the last digest queued).
ALTER TABLE donors ADD COLUMN digest TEXT CHECK (digest IN ('on', 'off'));
ALTER TABLE donors ADD COLUMN digest_from TIMESTAMPTZ;

-- A digest's unsubscribe link carries a random token; only its hash is kept, and any of a
-- donor's digests' links unsubscribes them at once.
CREATE TABLE digest_unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    donor_id   BIGINT NOT NULL REFERENCES donors (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX digest_unsubscribe_tokens_by_donor ON digest_unsubscribe_tokens (donor_id);

-- The digest kind, and `content`: what a digest says, decided when it was queued (JSON).
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('acknowledgement', 'receipt', 'reminder',
    'recognition', 'delivery_report', 'welcome', 'sign_in_link', 'digest'));
ALTER TABLE notices ADD COLUMN content TEXT;
-- One digest per donor and day, whichever replica queues it.
CREATE UNIQUE INDEX notices_one_digest_a_day ON notices (donor_id, sequence) WHERE kind = 'digest';
