-- The donor network directory, recognitions and the honour roll, and donors' own control of their
-- data: profiles and membership on the donor record (personal data stays there, DESIGN.md),
-- configured recognition levels, one-time sign-in links for donors, partner accounts, and two new
-- notice kinds.

-- A member's profile. `membership` is the application's outcome; `listed` puts the donor in the
-- directory; `public_name` is the donor's consent to be named on the honour roll and their profile.
-- Categories and communes are space-separated codes with a space at each end (" health meals "),
-- so one LIKE finds a code whole.
ALTER TABLE donors ADD COLUMN membership TEXT CHECK (membership IN ('applied', 'member', 'declined'));
ALTER TABLE donors ADD COLUMN listed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE donors ADD COLUMN public_name BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE donors ADD COLUMN parent_id INTEGER REFERENCES donors (id);
ALTER TABLE donors ADD COLUMN contact_name TEXT;
ALTER TABLE donors ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE donors ADD COLUMN website TEXT;
ALTER TABLE donors ADD COLUMN categories TEXT NOT NULL DEFAULT '';
ALTER TABLE donors ADD COLUMN communes TEXT NOT NULL DEFAULT '';
ALTER TABLE donors ADD COLUMN applied_at TEXT;
ALTER TABLE donors ADD COLUMN erased_at TEXT;
-- The language notices to the donor are written in (a pledge carries its own).
ALTER TABLE donors ADD COLUMN language TEXT NOT NULL DEFAULT 'vi';
UPDATE donors SET membership = 'member', listed = TRUE, public_name = TRUE WHERE slug IS NOT NULL;
UPDATE donors SET public_name = TRUE
WHERE EXISTS (SELECT 1 FROM pledges p WHERE p.donor_id = donors.id AND p.display = 'named');
CREATE INDEX donors_by_membership ON donors (membership, listed);
-- A member's profile sums what it mobilised.
CREATE INDEX pledges_by_mobiliser ON pledges (mobilised_by);
CREATE INDEX donors_by_parent ON donors (parent_id);

-- Levels staff may grant, in rank order; more can be added (`portal` reads them, never hard-codes).
CREATE TABLE recognition_levels (
    code    TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    rank    INTEGER NOT NULL
);
INSERT INTO recognition_levels (code, name_vi, name_en, rank) VALUES
    ('thank_you_letter', 'Thư cảm ơn', 'Letter of thanks', 1),
    ('department_merit', 'Giấy khen của Giám đốc Sở', 'Certificate of merit of the department', 2),
    ('provincial_merit', 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh',
        'Certificate of merit of the provincial People''s Committee', 3);

CREATE TABLE recognitions (
    id              INTEGER PRIMARY KEY,
    donor_id        INTEGER NOT NULL REFERENCES donors (id),
    level           TEXT NOT NULL REFERENCES recognition_levels (code),
    year            INTEGER NOT NULL,
    decision_number TEXT,
    decision_date   TEXT,
    reason          TEXT NOT NULL,
    granted_by      INTEGER REFERENCES staff (id),
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX recognitions_once ON recognitions (donor_id, year, level);
CREATE INDEX recognitions_by_year ON recognitions (year, level);

-- A donor signs in with a link sent by email: only a hash is kept, it works once and expires.
CREATE TABLE donor_sign_in_links (
    token_hash TEXT PRIMARY KEY,
    donor_id   INTEGER NOT NULL REFERENCES donors (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX donor_sign_in_links_by_donor ON donor_sign_in_links (donor_id);

-- A partner account records what its organisation mobilised.
ALTER TABLE staff ADD COLUMN member_id INTEGER REFERENCES donors (id);

-- SQLite cannot change a CHECK constraint: the outbox is rebuilt with two new kinds, the
-- recognition a notice announces, and `secret` — a sign-in link's token, kept only until the
-- notice is sent (the worker renders the email later; the database otherwise holds hashes only).
CREATE TABLE notices_next (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'receipt', 'reminder', 'recognition',
                        'delivery_report', 'welcome', 'sign_in_link')),
    donor_id        INTEGER NOT NULL REFERENCES donors (id),
    pledge_id       INTEGER REFERENCES pledges (id),
    sequence        INTEGER NOT NULL DEFAULT 0,
    language        TEXT NOT NULL CHECK (language IN ('vi', 'en')),
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT,
    last_error      TEXT,
    subject         TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    recognition_id  INTEGER REFERENCES recognitions (id),
    secret          TEXT
);
INSERT INTO notices_next (id, kind, donor_id, pledge_id, sequence, language, status, attempts, next_attempt_at,
    claimed_until, last_error, subject, created_at, sent_at)
SELECT id, kind, donor_id, pledge_id, sequence, language, status, attempts, next_attempt_at,
    claimed_until, last_error, subject, created_at, sent_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_next RENAME TO notices;
CREATE INDEX notices_due ON notices (status, next_attempt_at);
CREATE UNIQUE INDEX notices_once_per_pledge ON notices (pledge_id, kind, sequence);
CREATE INDEX notices_by_donor ON notices (donor_id);
