-- Foundation: reference areas, commune classifications and needs.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One version of one administrative unit, keyed as the source data is: (system, code, valid_from).
-- valid_from is '' for a version older than the GSO history (2004).
CREATE TABLE areas (
    system        TEXT NOT NULL CHECK (system IN ('pre-2025', '2025')),
    code          TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    unit_type     TEXT NOT NULL,
    parent_code   TEXT,
    province_code TEXT NOT NULL,
    status        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (system, code, valid_from)
);

-- Which 2025 commune took over (part of) which pre-2025 commune on 2025-07-01.
CREATE TABLE area_successions (
    old_code TEXT NOT NULL,
    new_code TEXT NOT NULL,
    partial  BOOLEAN NOT NULL,
    PRIMARY KEY (old_code, new_code)
);

-- Region I/II/III per period; edited as data by staff, never overwritten by the reference sync.
CREATE TABLE commune_classifications (
    system                           TEXT NOT NULL,
    commune_code                     TEXT NOT NULL,
    period_start                     TEXT NOT NULL,
    period_end                       TEXT,
    region                           TEXT NOT NULL CHECK (region IN ('I', 'II', 'III')),
    extremely_disadvantaged_villages INTEGER NOT NULL DEFAULT 0 CHECK (extremely_disadvantaged_villages >= 0),
    decision                         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (system, commune_code, period_start)
);

CREATE TABLE needs (
    id           INTEGER PRIMARY KEY,
    commune_code TEXT NOT NULL,
    site         TEXT,
    category     TEXT NOT NULL CHECK (category IN ('health', 'nutrition', 'recreation', 'warm_clothes')),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    children     INTEGER NOT NULL CHECK (children >= 0),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit         TEXT NOT NULL,
    unit_cost    INTEGER NOT NULL CHECK (unit_cost >= 0),
    total        INTEGER NOT NULL CHECK (total = quantity * unit_cost),
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL CHECK (period_end >= period_start),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'published', 'covered', 'fulfilled', 'withdrawn')),
    is_demo      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX needs_board ON needs (status, period_start);
CREATE INDEX needs_commune ON needs (commune_code, category);
