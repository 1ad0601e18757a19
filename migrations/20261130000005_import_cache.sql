-- What makes a re-import cheap (see docs/performance.md and docs/ARCHITECTURE.md).

-- The file's size and modification time (with the extractor version) when it was last read: a
-- file whose stamp has not changed is not read again.
ALTER TABLE posts ADD COLUMN file_stamp TEXT;

-- Digest of what ballot assembly reads in the post (ingest::assemble::ballot_inputs): a re-import
-- whose changed posts all keep theirs skips assembly. NULL before this column existed.
ALTER TABLE posts ADD COLUMN ballot_inputs TEXT;

-- What each ballot post was read to say, so that ballots are re-assembled without reading again
-- the posts that did not change.
CREATE TABLE ballot_post_reads (
    path       TEXT PRIMARY KEY,
    -- posts.hash of the text these were read from.
    hash       TEXT NOT NULL,
    -- JSON [[organisation, issuer|consumer], …]: the names in the post's vote lists, read without
    -- an organisation dictionary (the post's contribution to it).
    vote_names TEXT NOT NULL,
    -- Fingerprint of the organisation dictionary `facts` were read with.
    dictionary TEXT NOT NULL,
    -- JSON array: what the post says about each ballot it names.
    facts      TEXT NOT NULL,
    -- JSON array of the ids of the ballots it names.
    ballots    TEXT NOT NULL
);

-- Each ballot as its posts tell it, before minutes are taken into account, kept while the posts
-- it was merged from (and the dictionary they were read with) stay the same.
CREATE TABLE ballot_merges (
    id     TEXT PRIMARY KEY,
    -- Digest of the extractor version, the dictionary fingerprint and the path, hash and date of
    -- each post it was merged from.
    inputs TEXT NOT NULL,
    -- JSON: the merged record (ingest::assemble::Merged).
    merged TEXT NOT NULL
);

-- Digest of the assembled record: a re-import rewrites only the ballots whose digest changed.
ALTER TABLE ballots ADD COLUMN digest TEXT;

-- JSON array: the organisation of each attendee, in the attendee list's order (attendees without
-- one left out): ballot assembly reads every meeting's attendance, one row per meeting. NULL for
-- minutes imported before this column existed (the attendees table is read instead).
ALTER TABLE minutes ADD COLUMN orgs TEXT;

-- Covering indexes for the import's bulk reads: a post's row holds its whole text three times
-- (body, html, raw), so reading even one column of every post from the table reads all of it.
CREATE INDEX posts_import_state ON posts (path, hash, root, removed, file_stamp, ballot_inputs);
CREATE INDEX posts_current ON posts (kind, removed, draft, path, published, hash);
CREATE INDEX posts_root_current ON posts (root, removed, path);
CREATE INDEX posts_path_current ON posts (path, removed, draft);
-- posts_root_current starts with root: the older index on root alone only costs writes now.
DROP INDEX posts_root;
