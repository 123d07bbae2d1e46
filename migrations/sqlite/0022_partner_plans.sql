-- A mass organisation's own mobilisation plan for a year, and the report it submits to the
-- department at the year's end. The report keeps the results as the portal counted them when it was
-- submitted; from then on the plan and the report are locked.
CREATE TABLE partner_plans (
    member_id          INTEGER NOT NULL REFERENCES donors (id),
    year               INTEGER NOT NULL,
    target_donors      INTEGER NOT NULL CHECK (target_donors >= 0),
    target_amount      INTEGER NOT NULL CHECK (target_amount >= 0),
    target_children    INTEGER NOT NULL CHECK (target_children >= 0),
    activities         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    report             TEXT,
    submitted_at       TEXT,
    submitted_by       INTEGER REFERENCES staff (id),
    reported_donors    INTEGER,
    reported_pledged   INTEGER,
    reported_confirmed INTEGER,
    reported_delivered INTEGER,
    reported_children  INTEGER,
    PRIMARY KEY (member_id, year)
);
