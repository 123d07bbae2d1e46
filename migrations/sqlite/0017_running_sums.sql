-- Running totals in the same tables as on PostgreSQL (where they spread a hot row over slots), so
-- both backends read them with the same SQL. SQLite has one writer: everything goes to slot 0.

CREATE TABLE campaign_sums (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    slot        INTEGER NOT NULL,
    pledged     INTEGER NOT NULL DEFAULT 0,
    confirmed   INTEGER NOT NULL DEFAULT 0,
    pledges     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, slot)
) WITHOUT ROWID;
INSERT INTO campaign_sums (campaign_id, slot, pledged, confirmed, pledges)
SELECT id, 0, pledged_total, confirmed_total, pledge_count FROM campaigns;

CREATE TABLE need_sums (
    need_id  INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    slot     INTEGER NOT NULL,
    pledged  INTEGER NOT NULL DEFAULT 0,
    covering INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (need_id, slot)
) WITHOUT ROWID;
INSERT INTO need_sums (need_id, slot, pledged, covering)
SELECT id, 0, pledged_total, covering_total FROM needs;

DROP TRIGGER campaigns_sums_insert;
DROP TRIGGER campaigns_sums_update;
DROP TRIGGER campaigns_sums_delete;
DROP TRIGGER needs_pledged_insert;
DROP TRIGGER needs_pledged_update;
DROP TRIGGER needs_pledged_delete;
ALTER TABLE campaigns DROP COLUMN pledged_total;
ALTER TABLE campaigns DROP COLUMN confirmed_total;
ALTER TABLE campaigns DROP COLUMN pledge_count;
ALTER TABLE needs DROP COLUMN pledged_total;
ALTER TABLE needs DROP COLUMN covering_total;

CREATE TRIGGER campaign_sums_insert AFTER INSERT ON pledges
WHEN new.campaign_id IS NOT NULL
BEGIN
    INSERT INTO campaign_sums (campaign_id, slot, pledged, confirmed, pledges)
    VALUES (new.campaign_id, 0,
        CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        CASE WHEN new.status IN ('confirmed', 'delivered') THEN new.value ELSE 0 END,
        CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END)
    ON CONFLICT (campaign_id, slot) DO UPDATE SET
        pledged = pledged + excluded.pledged,
        confirmed = confirmed + excluded.confirmed,
        pledges = pledges + excluded.pledges;
END;

CREATE TRIGGER campaign_sums_update AFTER UPDATE OF campaign_id, status, value ON pledges
BEGIN
    INSERT INTO campaign_sums (campaign_id, slot, pledged, confirmed, pledges)
    SELECT old.campaign_id, 0,
        -CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        -CASE WHEN old.status IN ('confirmed', 'delivered') THEN old.value ELSE 0 END,
        -CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE old.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, slot) DO UPDATE SET
        pledged = pledged + excluded.pledged,
        confirmed = confirmed + excluded.confirmed,
        pledges = pledges + excluded.pledges;
    INSERT INTO campaign_sums (campaign_id, slot, pledged, confirmed, pledges)
    SELECT new.campaign_id, 0,
        CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        CASE WHEN new.status IN ('confirmed', 'delivered') THEN new.value ELSE 0 END,
        CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE new.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, slot) DO UPDATE SET
        pledged = pledged + excluded.pledged,
        confirmed = confirmed + excluded.confirmed,
        pledges = pledges + excluded.pledges;
END;

CREATE TRIGGER campaign_sums_delete AFTER DELETE ON pledges
WHEN old.campaign_id IS NOT NULL
BEGIN
    UPDATE campaign_sums SET
        pledged = pledged - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        confirmed = confirmed - CASE WHEN old.status IN ('confirmed', 'delivered') THEN old.value ELSE 0 END,
        pledges = pledges - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE campaign_id = old.campaign_id AND slot = 0;
END;

CREATE TRIGGER need_sums_insert AFTER INSERT ON pledges
WHEN new.need_id IS NOT NULL
BEGIN
    INSERT INTO need_sums (need_id, slot, pledged, covering)
    VALUES (new.need_id, 0,
        CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        CASE WHEN new.status IN ('confirmed', 'delivered')
            OR (new.status IN ('pledged', 'partly_paid') AND NOT new.stale) THEN new.covering ELSE 0 END)
    ON CONFLICT (need_id, slot) DO UPDATE SET
        pledged = pledged + excluded.pledged,
        covering = covering + excluded.covering;
END;

CREATE TRIGGER need_sums_update AFTER UPDATE OF need_id, status, value, covering, stale ON pledges
BEGIN
    INSERT INTO need_sums (need_id, slot, pledged, covering)
    SELECT old.need_id, 0,
        -CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        -CASE WHEN old.status IN ('confirmed', 'delivered')
            OR (old.status IN ('pledged', 'partly_paid') AND NOT old.stale) THEN old.covering ELSE 0 END
    WHERE old.need_id IS NOT NULL
    ON CONFLICT (need_id, slot) DO UPDATE SET
        pledged = pledged + excluded.pledged,
        covering = covering + excluded.covering;
    INSERT INTO need_sums (need_id, slot, pledged, covering)
    SELECT new.need_id, 0,
        CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        CASE WHEN new.status IN ('confirmed', 'delivered')
            OR (new.status IN ('pledged', 'partly_paid') AND NOT new.stale) THEN new.covering ELSE 0 END
    WHERE new.need_id IS NOT NULL
    ON CONFLICT (need_id, slot) DO UPDATE SET
        pledged = pledged + excluded.pledged,
        covering = covering + excluded.covering;
END;

CREATE TRIGGER need_sums_delete AFTER DELETE ON pledges
WHEN old.need_id IS NOT NULL
BEGIN
    UPDATE need_sums SET
        pledged = pledged - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        covering = covering - CASE WHEN old.status IN ('confirmed', 'delivered')
            OR (old.status IN ('pledged', 'partly_paid') AND NOT old.stale) THEN old.covering ELSE 0 END
    WHERE need_id = old.need_id AND slot = 0;
END;
