-- A mass organisation's own mobilisation plan for a year, and the report it submits to the
-- department at the year's end. The report keeps the results as the portal counted them when it was
-- submitted; from then on the plan and the report are locked.
CREATE TABLE partner_plans (
    member_id          BIGINT NOT NULL REFERENCES donors (id),
    year               INTEGER NOT NULL,
    target_donors      BIGINT NOT NULL CHECK (target_donors >= 0),
    target_amount      BIGINT NOT NULL CHECK (target_amount >= 0),
    target_children    BIGINT NOT NULL CHECK (target_children >= 0),
    activities         TEXT NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    report             TEXT,
    submitted_at       TIMESTAMPTZ,
    submitted_by       BIGINT REFERENCES staff (id),
    reported_donors    BIGINT,
    reported_pledged   BIGINT,
    reported_confirmed BIGINT,
    reported_delivered BIGINT,
    reported_children  BIGINT,
    PRIMARY KEY (member_id, year)
);
