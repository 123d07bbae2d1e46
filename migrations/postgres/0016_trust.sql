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
ALTER TABLE pledges ADD COLUMN covering BIGINT NOT NULL DEFAULT 0 CHECK (covering >= 0);
ALTER TABLE pledges ADD COLUMN stale BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE needs ADD COLUMN covering_total BIGINT NOT NULL DEFAULT 0;
UPDATE pledges SET covering = value WHERE need_id IS NOT NULL;
UPDATE needs SET covering_total = COALESCE((SELECT SUM(p.covering) FROM pledges p WHERE p.need_id = needs.id
    AND (p.status IN ('confirmed', 'delivered') OR (p.status IN ('pledged', 'partly_paid') AND NOT p.stale))), 0);

DROP TRIGGER needs_pledged ON pledges;
DROP FUNCTION needs_pledged_follow();

CREATE FUNCTION needs_pledged_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.need_id IS NOT NULL THEN
        UPDATE needs SET
            pledged_total = pledged_total - CASE WHEN OLD.status NOT IN ('cancelled', 'lapsed') THEN OLD.value ELSE 0 END,
            covering_total = covering_total - CASE WHEN OLD.status IN ('confirmed', 'delivered')
                OR (OLD.status IN ('pledged', 'partly_paid') AND NOT OLD.stale) THEN OLD.covering ELSE 0 END
        WHERE id = OLD.need_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.need_id IS NOT NULL THEN
        UPDATE needs SET
            pledged_total = pledged_total + CASE WHEN NEW.status NOT IN ('cancelled', 'lapsed') THEN NEW.value ELSE 0 END,
            covering_total = covering_total + CASE WHEN NEW.status IN ('confirmed', 'delivered')
                OR (NEW.status IN ('pledged', 'partly_paid') AND NOT NEW.stale) THEN NEW.covering ELSE 0 END
        WHERE id = NEW.need_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER needs_pledged AFTER INSERT OR UPDATE OF need_id, status, value, covering, stale OR DELETE ON pledges
    FOR EACH ROW EXECUTE FUNCTION needs_pledged_follow();

-- Unpaid pledges are found by age when the sweep marks them stale.
CREATE INDEX pledges_unpaid_by_age ON pledges (status, stale, created_at);

-- Sign-in attempts are counted before the password is checked, one row per account and per
-- address and window, so parallel guesses cannot all pass the check before any is counted.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    attempts     BIGINT NOT NULL
);

-- Staff merge two records of one donor: the ledger's lines then name the record that remains. The
-- ledger stays append-only in everything else (amounts, years, places, pledges).
DROP TRIGGER ledger_append_only ON ledger_entries;
CREATE TRIGGER ledger_append_only
BEFORE UPDATE OF id, pledge_id, entry, reverses_id, year, commune_code, category, source_type, campaign_id, need_id,
    amount, at, actor_id OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
