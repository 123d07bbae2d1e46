-- One-time links an admin passes on: an invitation to set a first password, or a password reset.
-- Only a hash of each token is kept.
CREATE TABLE staff_tokens (
    token_hash TEXT PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff (id),
    kind       TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX staff_tokens_by_staff ON staff_tokens (staff_id);
