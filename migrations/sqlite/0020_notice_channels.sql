-- Donors who leave a phone number hear back by Zalo (ZNS) or SMS. The donor record keeps the
-- channel they chose (none: email when they gave an address, else Zalo); a notice keeps the channel
-- it goes by (it moves to SMS when Zalo cannot reach the number) and the provider's message id.
ALTER TABLE donors ADD COLUMN notice_channel TEXT CHECK (notice_channel IN ('email', 'zalo', 'sms'));
ALTER TABLE notices ADD COLUMN channel TEXT CHECK (channel IN ('email', 'zalo', 'sms'));
ALTER TABLE notices ADD COLUMN provider_message_id TEXT;
CREATE INDEX notices_by_channel ON notices (status, channel);

-- A provider's renewable credentials (Zalo's access token lives about 25 hours; its refresh token
-- is good for one renewal). One row per provider; `renewing_until` is the lock a process holds
-- while it renews, so replicas on one database never spend the same refresh token twice.
CREATE TABLE provider_tokens (
    provider       TEXT PRIMARY KEY,
    access_token   TEXT,
    refresh_token  TEXT,
    expires_at     TEXT,
    renewing_until TEXT,
    updated_at     TEXT NOT NULL
);
