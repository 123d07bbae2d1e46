-- Running totals without a hot row. Every pledge used to update its campaign's row (and its need's)
-- in the pledge's own transaction, so pledges to one campaign queued on one row lock until each
-- commit was on disk. The totals now live in a few rows per campaign and per need ("slots"); a
-- pledge adds to a slot drawn at random, and readers sum the slots. Concurrent pledges rarely
-- share a slot, so they commit together.

CREATE TABLE campaign_sums (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    slot        SMALLINT NOT NULL,
    pledged     BIGINT NOT NULL DEFAULT 0,
    confirmed   BIGINT NOT NULL DEFAULT 0,
    pledges     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, slot)
);
INSERT INTO campaign_sums (campaign_id, slot, pledged, confirmed, pledges)
SELECT id, 0, pledged_total, confirmed_total, pledge_count FROM campaigns;

CREATE TABLE need_sums (
    need_id  BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    slot     SMALLINT NOT NULL,
    pledged  BIGINT NOT NULL DEFAULT 0,
    covering BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (need_id, slot)
);
INSERT INTO need_sums (need_id, slot, pledged, covering)
SELECT id, 0, pledged_total, covering_total FROM needs;

DROP TRIGGER campaigns_sums ON pledges;
DROP FUNCTION campaigns_sums_follow();
DROP TRIGGER needs_pledged ON pledges;
DROP FUNCTION needs_pledged_follow();
ALTER TABLE campaigns DROP COLUMN pledged_total, DROP COLUMN confirmed_total, DROP COLUMN pledge_count;
ALTER TABLE needs DROP COLUMN pledged_total, DROP COLUMN covering_total;

-- What a pledge row counts for, signed: +1 as it arrives, -1 as it leaves (an update is both).
CREATE FUNCTION pledge_sums_add(p pledges, direction BIGINT, at_slot SMALLINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p.campaign_id IS NOT NULL THEN
        INSERT INTO campaign_sums AS s (campaign_id, slot, pledged, confirmed, pledges)
        VALUES (p.campaign_id, at_slot,
            direction * CASE WHEN p.status NOT IN ('cancelled', 'lapsed') THEN p.value ELSE 0 END,
            direction * CASE WHEN p.status IN ('confirmed', 'delivered') THEN p.value ELSE 0 END,
            direction * CASE WHEN p.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END)
        ON CONFLICT (campaign_id, slot) DO UPDATE SET
            pledged = s.pledged + EXCLUDED.pledged,
            confirmed = s.confirmed + EXCLUDED.confirmed,
            pledges = s.pledges + EXCLUDED.pledges;
    END IF;
    IF p.need_id IS NOT NULL THEN
        INSERT INTO need_sums AS s (need_id, slot, pledged, covering)
        VALUES (p.need_id, at_slot,
            direction * CASE WHEN p.status NOT IN ('cancelled', 'lapsed') THEN p.value ELSE 0 END,
            direction * CASE WHEN p.status IN ('confirmed', 'delivered')
                OR (p.status IN ('pledged', 'partly_paid') AND NOT p.stale) THEN p.covering ELSE 0 END)
        ON CONFLICT (need_id, slot) DO UPDATE SET
            pledged = s.pledged + EXCLUDED.pledged,
            covering = s.covering + EXCLUDED.covering;
    END IF;
END;
$$;

-- A slot drawn at random for each pledge row's change: two transactions rarely wait for each other.
CREATE FUNCTION pledge_sums_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    at_slot SMALLINT := floor(random() * 32);
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pledge_sums_add(OLD, -1, at_slot);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pledge_sums_add(NEW, 1, at_slot);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER pledge_sums AFTER INSERT OR UPDATE OF campaign_id, need_id, status, value, covering, stale OR DELETE
    ON pledges FOR EACH ROW EXECUTE FUNCTION pledge_sums_follow();
