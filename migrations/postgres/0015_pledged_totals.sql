-- What each need has been pledged, kept as a running total by a trigger on `pledges`, so recording a
-- pledge reads one row instead of summing every pledge of its need (a campaign's need may gather
-- tens of thousands). Counted: every pledge not cancelled or lapsed, as before.
ALTER TABLE needs ADD COLUMN pledged_total BIGINT NOT NULL DEFAULT 0;
UPDATE needs SET pledged_total = COALESCE((SELECT SUM(p.value) FROM pledges p WHERE p.need_id = needs.id
    AND p.status NOT IN ('cancelled', 'lapsed')), 0);

CREATE FUNCTION needs_pledged_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.need_id IS NOT NULL AND OLD.status NOT IN ('cancelled', 'lapsed') THEN
        UPDATE needs SET pledged_total = pledged_total - OLD.value WHERE id = OLD.need_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.need_id IS NOT NULL AND NEW.status NOT IN ('cancelled', 'lapsed') THEN
        UPDATE needs SET pledged_total = pledged_total + NEW.value WHERE id = NEW.need_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER needs_pledged AFTER INSERT OR UPDATE OF need_id, status, value OR DELETE ON pledges
    FOR EACH ROW EXECUTE FUNCTION needs_pledged_follow();

-- The same for each campaign: pledged (not cancelled or lapsed), received (confirmed or delivered)
-- and how many pledges, which every pledge to a campaign used to recount twice.
ALTER TABLE campaigns ADD COLUMN pledged_total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN confirmed_total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN pledge_count BIGINT NOT NULL DEFAULT 0;
UPDATE campaigns SET
    pledged_total = COALESCE((SELECT SUM(p.value) FROM pledges p WHERE p.campaign_id = campaigns.id
        AND p.status NOT IN ('cancelled', 'lapsed')), 0),
    confirmed_total = COALESCE((SELECT SUM(p.value) FROM pledges p WHERE p.campaign_id = campaigns.id
        AND p.status IN ('confirmed', 'delivered')), 0),
    pledge_count = (SELECT COUNT(*) FROM pledges p WHERE p.campaign_id = campaigns.id
        AND p.status NOT IN ('cancelled', 'lapsed'));

CREATE FUNCTION campaigns_sums_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.campaign_id IS NOT NULL THEN
        UPDATE campaigns SET
            pledged_total = pledged_total - CASE WHEN OLD.status NOT IN ('cancelled', 'lapsed') THEN OLD.value ELSE 0 END,
            confirmed_total = confirmed_total - CASE WHEN OLD.status IN ('confirmed', 'delivered') THEN OLD.value ELSE 0 END,
            pledge_count = pledge_count - CASE WHEN OLD.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
        WHERE id = OLD.campaign_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.campaign_id IS NOT NULL THEN
        UPDATE campaigns SET
            pledged_total = pledged_total + CASE WHEN NEW.status NOT IN ('cancelled', 'lapsed') THEN NEW.value ELSE 0 END,
            confirmed_total = confirmed_total + CASE WHEN NEW.status IN ('confirmed', 'delivered') THEN NEW.value ELSE 0 END,
            pledge_count = pledge_count + CASE WHEN NEW.status NOT IN ('cancelled', 'lapsed') THEN 1 ELSE 0 END
        WHERE id = NEW.campaign_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER campaigns_sums AFTER INSERT OR UPDATE OF campaign_id, status, value OR DELETE ON pledges
    FOR EACH ROW EXECUTE FUNCTION campaigns_sums_follow();
