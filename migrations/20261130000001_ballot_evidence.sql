-- What the posts and minutes say beyond a stated result (see docs/export.md):
-- a post saying a ballot never went to a vote, every date a post gives for the ballot to take
-- effect (JSON array of YYYY-MM-DD), and what minutes said about it (JSON array of
-- [meeting date, passed|failed|withdrawn|rescinded|in_review|in_voting|in_discussion]).
ALTER TABLE ballots ADD COLUMN never_voted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ballots ADD COLUMN effective_dates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE ballots ADD COLUMN minutes_say TEXT NOT NULL DEFAULT '[]';
-- When the first post about the ballot was published (RFC 3339).
ALTER TABLE ballots ADD COLUMN first_posted TEXT;
-- What the sentence mentioning a ballot says about it, when it says something (same words).
ALTER TABLE ballot_refs ADD COLUMN says TEXT;
