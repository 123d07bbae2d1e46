-- The needs workflow: who drafted a need, the coordinator's comment when returning it, and every
-- transition with the overlap confirmation it needed.

ALTER TABLE needs ADD COLUMN created_by INTEGER REFERENCES staff (id);
ALTER TABLE needs ADD COLUMN review_comment TEXT;

CREATE TABLE need_transitions (
    id                INTEGER PRIMARY KEY,
    need_id           INTEGER NOT NULL REFERENCES needs (id),
    at                TEXT NOT NULL,
    actor_id          INTEGER REFERENCES staff (id),
    from_status       TEXT,
    to_status         TEXT NOT NULL,
    comment           TEXT NOT NULL DEFAULT '',
    overlap_confirmed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX need_transitions_by_need ON need_transitions (need_id, at);
