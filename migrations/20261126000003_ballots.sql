-- Ballots as recorded in their posts. Derived data: rebuilt from all current ballot posts (and
-- minutes attendance) after each import that changed something.

CREATE TABLE ballots (
    -- Normal form PREFIX-N.
    id                   TEXT PRIMARY KEY,
    wg                   TEXT NOT NULL,
    title                TEXT NOT NULL,
    -- guideline | other
    kind                 TEXT NOT NULL,
    proposer_name        TEXT,
    proposer_org         TEXT,
    -- Instants as RFC 3339 with the offset the post stated.
    discussion_start     TEXT,
    discussion_end       TEXT,
    voting_start         TEXT,
    voting_end           TEXT,
    quorum_stated        BIGINT,
    -- Active members (an average) times 100, so both engines store an integer.
    active_members_x100  BIGINT,
    -- JSON array of [meeting date, organisations] the average was taken over.
    attendance_basis     TEXT NOT NULL,
    stated_result        TEXT,
    entered_review       BIGINT NOT NULL,
    review_start         TEXT,
    review_end           TEXT,
    review_days          BIGINT,
    review_result        TEXT,
    effective            TEXT,
    result_posted        TEXT,
    -- JSON array of strings.
    warnings             TEXT NOT NULL
);

CREATE TABLE ballot_versions (
    ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    number    BIGINT NOT NULL,
    posted    TEXT,
    PRIMARY KEY (ballot_id, number)
);

CREATE TABLE endorsements (
    ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    name      TEXT NOT NULL,
    org       TEXT,
    PRIMARY KEY (ballot_id, position)
);

CREATE TABLE votes (
    ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    org       TEXT NOT NULL,
    -- issuer | consumer
    category  TEXT NOT NULL,
    -- yes | no | abstain
    choice    TEXT NOT NULL,
    PRIMARY KEY (ballot_id, position)
);

CREATE TABLE ballot_sources (
    ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    path      TEXT NOT NULL,
    PRIMARY KEY (ballot_id, position)
);
