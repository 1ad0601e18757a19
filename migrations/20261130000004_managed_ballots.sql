-- Ballots a chair runs in Quorum: what the rules do not track (purpose, motion), where the
-- ballot's Hugo post is written, and the recorded steps, in order. The ballot itself is rebuilt
-- from the steps through the domain rules on every change; the post written from it is imported
-- like any other, so the tree stays the source the static site and re-imports read.
CREATE TABLE managed_ballots (
    id          TEXT PRIMARY KEY,
    wg          TEXT NOT NULL,
    title       TEXT NOT NULL,
    -- guideline | other
    kind        TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    motion      TEXT NOT NULL,
    proposer_name TEXT NOT NULL,
    proposer_org  TEXT,
    -- the post's path relative to the content directory
    path        TEXT NOT NULL,
    author      TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE managed_ballot_steps (
    ballot_id   TEXT NOT NULL REFERENCES managed_ballots (id),
    seq         BIGINT NOT NULL,
    -- when it happened (RFC 3339, UTC); a chair may record what already happened on the list
    at          TEXT NOT NULL,
    -- the domain event, JSON
    event       TEXT NOT NULL,
    actor       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (ballot_id, seq)
);
