-- Accounts, API and calendar tokens, failed-login throttling, the audit log, and action items as
-- people track them. Written to run unchanged on SQLite and PostgreSQL (TEXT/BIGINT, instants as
-- UTC RFC 3339 text). Sessions live in the table tower-sessions creates for itself.

CREATE TABLE users (
    email          TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    org            TEXT,
    -- admin | chair | member
    role           TEXT NOT NULL,
    -- JSON array of working-group slugs a chair chairs
    wgs            TEXT NOT NULL,
    -- argon2id PHC string
    password_hash  TEXT NOT NULL,
    disabled       BIGINT NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    email        TEXT NOT NULL REFERENCES users (email),
    name         TEXT NOT NULL,
    -- api | calendar
    kind         TEXT NOT NULL,
    -- SHA-256 of the token, hex; the token itself is shown once and never stored
    hash         TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);

CREATE INDEX tokens_email ON tokens (email);

-- Failed logins per account ("account:<email>") and per address ("address:<ip>").
CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    first_at     TEXT NOT NULL,
    locked_until TEXT
);

-- The audit log: every change, who made it, and the record before and after (JSON).
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    -- "user:alice@example.org", "token:deploy (alice@example.org)", "import"
    actor       TEXT NOT NULL,
    -- post | minutes | ballot | action_item | user | token
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    summary     TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);

CREATE INDEX events_record ON events (record_kind, record_id, at);
CREATE INDEX events_at ON events (at);

-- Action items as people track them. Items read from minutes get a stable id from their minutes
-- and source sentence, so a re-import finds them again; a person's changes (touched = 1) are
-- never overwritten by a re-import, and an item whose sentence left the file is kept and marked.
CREATE TABLE tracked_items (
    id             TEXT PRIMARY KEY,
    path           TEXT NOT NULL,
    -- the sentence it was read from; NULL for items a person added
    source         TEXT,
    source_removed BIGINT NOT NULL DEFAULT 0,
    -- read from prose rather than written as ACTION:
    suggested      BIGINT NOT NULL,
    -- suggested | open | dismissed | done
    state          TEXT NOT NULL,
    text           TEXT NOT NULL,
    owner          TEXT NOT NULL,
    owner_email    TEXT,
    due            TEXT,
    note           TEXT,
    position       BIGINT NOT NULL,
    touched        BIGINT NOT NULL DEFAULT 0,
    revision       BIGINT NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE INDEX tracked_items_path ON tracked_items (path, position);
CREATE INDEX tracked_items_owner ON tracked_items (owner_email);
