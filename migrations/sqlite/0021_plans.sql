-- The year's resource-mobilisation plan: targets by commune and kind of support. A plan is staged
-- as a draft (a staff upload, or the command line with --draft) and published by a coordinator (or
-- by the command line import itself); importing again replaces that stage whole.
CREATE TABLE plan_lines (
    year            INTEGER NOT NULL,
    stage           TEXT NOT NULL CHECK (stage IN ('draft', 'published')),
    commune_code    TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('health', 'nutrition', 'recreation', 'warm_clothes')),
    target_children INTEGER NOT NULL CHECK (target_children >= 0),
    target_amount   INTEGER NOT NULL CHECK (target_amount >= 0),
    PRIMARY KEY (year, stage, commune_code, category)
);

CREATE TABLE plans (
    year        INTEGER NOT NULL,
    stage       TEXT NOT NULL CHECK (stage IN ('draft', 'published')),
    file_name   TEXT NOT NULL,
    actor_id    INTEGER REFERENCES staff (id),
    imported_at TEXT NOT NULL,
    PRIMARY KEY (year, stage)
);
