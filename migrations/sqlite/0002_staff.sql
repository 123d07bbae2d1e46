-- Staff accounts, their commune scope, login throttling and the append-only audit trail.

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'area_officer', 'partner')),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The communes an area officer may draft and edit needs for (2025 GSO codes).
CREATE TABLE staff_communes (
    staff_id     INTEGER NOT NULL REFERENCES staff (id),
    commune_code TEXT NOT NULL,
    PRIMARY KEY (staff_id, commune_code)
);

-- Failed logins, kept in the database so that every replica throttles alike.
CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);

-- Who did what, when, to which record. Rows are only ever added.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
