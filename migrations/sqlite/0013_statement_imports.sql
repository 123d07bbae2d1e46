-- A long statement is imported in chunks, each its own transaction that also counts its progress
-- here, so the page that follows an upload can say how far it got (whichever replica serves it),
-- and an import cut short resumes harmlessly: lines already recorded are recognised again.
CREATE TABLE statement_imports (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    total_lines     INTEGER NOT NULL,
    processed       INTEGER NOT NULL DEFAULT 0,
    already_imported INTEGER NOT NULL DEFAULT 0,
    confirmed       INTEGER NOT NULL DEFAULT 0,
    part_payments   INTEGER NOT NULL DEFAULT 0,
    to_review       INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    error           TEXT,
    started_by      INTEGER REFERENCES staff (id),
    started_at      TEXT NOT NULL,
    finished_at     TEXT
);
