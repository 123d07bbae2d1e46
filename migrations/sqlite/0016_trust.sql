-- Trust: what a public form may do to donor records, what may cover a need, and sign-in throttling
-- that holds under parallel guesses.

-- Phone numbers are kept in one form (digits, a leading 0 for Vietnamese numbers, `+` and the
-- country code for others) so staff see two records with the same number as possibly one donor.
UPDATE donors SET phone = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '.', ''), '-', ''),
    '(', ''), ')', ''), '+', '')
WHERE phone IS NOT NULL;
UPDATE donors SET phone = '0' || substr(phone, 3) WHERE phone LIKE '84%' AND length(phone) >= 11;

-- Only approved members are listed: a donor who asked to be listed from /me without being a member
-- becomes an application that a coordinator decides.
UPDATE donors SET membership = 'applied', applied_at = updated_at, listed = FALSE
WHERE listed AND membership IS NULL AND erased_at IS NULL;
UPDATE donors SET listed = FALSE WHERE listed AND (membership IS NULL OR membership <> 'member');

-- A pledge covers its need for at most what the need still lacked when it was made (`covering`),
-- and only while it is confirmed or not yet `stale` (unpaid 30 days after it was made). The need
-- keeps the sum of what covers it now beside what was pledged.
ALTER TABLE pledges ADD COLUMN covering INTEGER NOT NULL DEFAULT 0 CHECK (covering >= 0);
ALTER TABLE pledges ADD COLUMN stale BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE needs ADD COLUMN covering_total INTEGER NOT NULL DEFAULT 0;
UPDATE pledges SET covering = value WHERE need_id IS NOT NULL;
UPDATE needs SET covering_total = COALESCE((SELECT SUM(p.covering) FROM pledges p WHERE p.need_id = needs.id
    AND (p.status IN ('confirmed', 'delivered') OR (p.status IN ('pledged', 'partly_paid') AND NOT p.stale))), 0);

DROP TRIGGER needs_pledged_insert;
DROP TRIGGER needs_pledged_update;
DROP TRIGGER needs_pledged_delete;

CREATE TRIGGER needs_pledged_insert AFTER INSERT ON pledges
WHEN new.need_id IS NOT NULL
BEGIN
    UPDATE needs SET
        pledged_total = pledged_total + CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        covering_total = covering_total + CASE WHEN new.status IN ('confirmed', 'delivered')
            OR (new.status IN ('pledged', 'partly_paid') AND NOT new.stale) THEN new.covering ELSE 0 END
    WHERE id = new.need_id;
END;

CREATE TRIGGER needs_pledged_update AFTER UPDATE OF need_id, status, value, covering, stale ON pledges
BEGIN
    UPDATE needs SET
        pledged_total = pledged_total - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        covering_total = covering_total - CASE WHEN old.status IN ('confirmed', 'delivered')
            OR (old.status IN ('pledged', 'partly_paid') AND NOT old.stale) THEN old.covering ELSE 0 END
    WHERE id = old.need_id;
    UPDATE needs SET
        pledged_total = pledged_total + CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        covering_total = covering_total + CASE WHEN new.status IN ('confirmed', 'delivered')
            OR (new.status IN ('pledged', 'partly_paid') AND NOT new.stale) THEN new.covering ELSE 0 END
    WHERE id = new.need_id;
END;

CREATE TRIGGER needs_pledged_delete AFTER DELETE ON pledges
WHEN old.need_id IS NOT NULL
BEGIN
    UPDATE needs SET
        pledged_total = pledged_total - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        covering_total = covering_total - CASE WHEN old.status IN ('confirmed', 'delivered')
            OR (old.status IN ('pledged', 'partly_paid') AND NOT old.stale) THEN old.covering ELSE 0 END
    WHERE id = old.need_id;
END;

-- Unpaid pledges are found by age when the sweep marks them stale.
CREATE INDEX pledges_unpaid_by_age ON pledges (status, stale, created_at);

-- Sign-in attempts are counted before the password is checked, one row per account and per
-- address and window, so parallel guesses cannot all pass the check before any is counted.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts     INTEGER NOT NULL
);

-- Staff merge two records of one donor: the ledger's lines then name the record that remains. The
-- ledger stays append-only in everything else (amounts, years, places, pledges).
DROP TRIGGER ledger_no_update;
CREATE TRIGGER ledger_no_update
BEFORE UPDATE OF id, pledge_id, entry, reverses_id, year, commune_code, category, source_type, campaign_id, need_id,
    amount, at, actor_id ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
