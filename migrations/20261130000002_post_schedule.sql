-- Hugo's publishDate and expiryDate, as UTC RFC 3339 text ("2026-01-01T00:00:00Z") so that SQL can
-- compare them with the moment of a read: before publish_at a post is scheduled, from expire_at
-- on it is expired; either way it is kept, shown on its own page, and left out of lists and feeds.
ALTER TABLE posts ADD COLUMN publish_at TEXT;
ALTER TABLE posts ADD COLUMN expire_at TEXT;
