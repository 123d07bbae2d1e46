-- Who carries a need out: a school, or the commune's office when the need names no site. Money
-- paid out of a campaign's account is assigned to a need and its implementer, with the period and
-- the evidence (a disbursement), so a school promised money and not paid shows at once.

CREATE TABLE implementers (
    id           INTEGER PRIMARY KEY,
    -- The site as the need names it; empty for the commune's own office.
    name         TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    UNIQUE (name, commune_code)
);
ALTER TABLE needs ADD COLUMN implementer_id INTEGER REFERENCES implementers (id);
INSERT INTO implementers (name, commune_code)
SELECT DISTINCT COALESCE(site, ''), commune_code FROM needs WHERE true
ON CONFLICT (name, commune_code) DO NOTHING;
UPDATE needs SET implementer_id =
    (SELECT i.id FROM implementers i WHERE i.name = COALESCE(needs.site, '') AND i.commune_code = needs.commune_code);

CREATE TABLE disbursements (
    id             INTEGER PRIMARY KEY,
    line_id        INTEGER NOT NULL UNIQUE REFERENCES statement_lines (id),
    need_id        INTEGER NOT NULL REFERENCES needs (id),
    implementer_id INTEGER NOT NULL REFERENCES implementers (id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    evidence       TEXT NOT NULL,
    actor_id       INTEGER NOT NULL REFERENCES staff (id),
    at             TEXT NOT NULL
);
CREATE INDEX disbursements_by_need ON disbursements (need_id);
CREATE INDEX disbursements_by_implementer ON disbursements (implementer_id);
