-- What each need has been pledged, kept as a running total by triggers on `pledges`, so recording a
-- pledge reads one row instead of summing every pledge of its need inside the one writer's
-- transaction (a campaign's need may gather tens of thousands). Counted: every pledge not cancelled
-- or lapsed, as before.
ALTER TABLE needs ADD COLUMN pledged_total INTEGER NOT NULL DEFAULT 0;
UPDATE needs SET pledged_total = COALESCE((SELECT SUM(p.value) FROM pledges p WHERE p.need_id = needs.id
    AND p.status NOT IN ('cancelled', 'lapsed')), 0);

CREATE TRIGGER needs_pledged_insert AFTER INSERT ON pledges
WHEN new.need_id IS NOT NULL AND new.status NOT IN ('cancelled', 'lapsed')
BEGIN
    UPDATE needs SET pledged_total = pledged_total + new.value WHERE id = new.need_id;
END;

CREATE TRIGGER needs_pledged_update AFTER UPDATE OF need_id, status, value ON pledges
BEGIN
    UPDATE needs SET pledged_total = pledged_total - old.value
    WHERE id = old.need_id AND old.status NOT IN ('cancelled', 'lapsed');
    UPDATE needs SET pledged_total = pledged_total + new.value
    WHERE id = new.need_id AND new.status NOT IN ('cancelled', 'lapsed');
END;

CREATE TRIGGER needs_pledged_delete AFTER DELETE ON pledges
WHEN old.need_id IS NOT NULL AND old.status NOT IN ('cancelled', 'lapsed')
BEGIN
    UPDATE needs SET pledged_total = pledged_total - old.value WHERE id = old.need_id;
END;

-- The same for each campaign: pledged (not cancelled or lapsed), received (confirmed or delivered)
-- and how many pledges, which every pledge to a campaign used to recount twice.
ALTER TABLE campaigns ADD COLUMN pledged_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN confirmed_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN pledge_count INTEGER NOT NULL DEFAULT 0;
UPDATE campaigns SET
    pledged_total = COALESCE((SELECT SUM(p.value) FROM pledges p WHERE p.campaign_id = campaigns.id
        AND p.status NOT IN ('cancelled', 'lapsed')), 0),
    confirmed_total = COALESCE((SELECT SUM(p.value) FROM pledges p WHERE p.campaign_id = campaigns.id
        AND p.status IN ('confirmed', 'delivered')), 0),
    pledge_count = (SELECT COUNT(*) FROM pledges p WHERE p.campaign_id = campaigns.id
        AND p.status NOT IN ('cancelled', 'lapsed'));

CREATE TRIGGER campaigns_sums_insert AFTER INSERT ON pledges
WHEN new.campaign_id IS NOT NULL
BEGIN
    UPDATE campaigns SET
        pledged_total = pledged_total + CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        confirmed_total = confirmed_total + CASE WHEN new.status IN ('confirmed', 'delivered') THEN new.value ELSE 0 END,
        pledge_count = pledge_count + CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE id = new.campaign_id;
END;

CREATE TRIGGER campaigns_sums_update AFTER UPDATE OF campaign_id, status, value ON pledges
BEGIN
    UPDATE campaigns SET
        pledged_total = pledged_total - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        confirmed_total = confirmed_total - CASE WHEN old.status IN ('confirmed', 'delivered') THEN old.value ELSE 0 END,
        pledge_count = pledge_count - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE id = old.campaign_id;
    UPDATE campaigns SET
        pledged_total = pledged_total + CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN new.value ELSE 0 END,
        confirmed_total = confirmed_total + CASE WHEN new.status IN ('confirmed', 'delivered') THEN new.value ELSE 0 END,
        pledge_count = pledge_count + CASE WHEN new.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE id = new.campaign_id;
END;

CREATE TRIGGER campaigns_sums_delete AFTER DELETE ON pledges
WHEN old.campaign_id IS NOT NULL
BEGIN
    UPDATE campaigns SET
        pledged_total = pledged_total - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN old.value ELSE 0 END,
        confirmed_total = confirmed_total - CASE WHEN old.status IN ('confirmed', 'delivered') THEN old.value ELSE 0 END,
        pledge_count = pledge_count - CASE WHEN old.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
    WHERE id = old.campaign_id;
END;
