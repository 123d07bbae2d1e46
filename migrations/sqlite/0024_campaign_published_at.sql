-- When a campaign was made public: the digest announces a campaign published since a donor's last
-- digest, even one drafted long before. Campaigns public today count from their creation.
ALTER TABLE campaigns ADD COLUMN published_at TEXT;
UPDATE campaigns SET published_at = created_at WHERE published;
