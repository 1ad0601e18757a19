-- What was extracted from minutes posts. Child rows go with their post (ON DELETE CASCADE) and
-- are rewritten whenever the post is re-imported.

CREATE TABLE minutes (
    path          TEXT PRIMARY KEY REFERENCES posts (path) ON DELETE CASCADE,
    wg            TEXT NOT NULL,
    -- YYYY-MM-DD
    meeting_date  TEXT NOT NULL,
    minute_taker  TEXT,
    next_meeting  TEXT
);

CREATE INDEX minutes_wg_date ON minutes (wg, meeting_date);

CREATE TABLE attendees (
    path      TEXT NOT NULL REFERENCES minutes (path) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    name      TEXT NOT NULL,
    org       TEXT,
    PRIMARY KEY (path, position)
);

CREATE TABLE ballot_refs (
    path      TEXT NOT NULL REFERENCES minutes (path) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    -- Normal form PREFIX-N, e.g. CSC-11.
    ballot_id TEXT NOT NULL,
    sentence  TEXT NOT NULL,
    PRIMARY KEY (path, position)
);

CREATE INDEX ballot_refs_ballot ON ballot_refs (ballot_id);

CREATE TABLE action_items (
    path      TEXT NOT NULL REFERENCES minutes (path) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    owner     TEXT NOT NULL,
    text      TEXT NOT NULL,
    due       TEXT,
    -- 1 when read from prose and not yet confirmed by a chair.
    suggested BIGINT NOT NULL,
    PRIMARY KEY (path, position)
);

CREATE TABLE decisions (
    path      TEXT NOT NULL REFERENCES minutes (path) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (path, position)
);

-- The file exactly as imported, so readers can open the source of what they see.
ALTER TABLE posts ADD COLUMN raw TEXT NOT NULL DEFAULT '';
