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

-- A campaign's sums (pledged, received, supporters) read from the index alone.
DROP INDEX pledges_by_campaign;
CREATE INDEX pledges_by_campaign ON pledges (campaign_id, status, value);
