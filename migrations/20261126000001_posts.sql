-- Imported Hugo posts. Written to run unchanged on SQLite and PostgreSQL: TEXT and BIGINT only,
-- instants as RFC 3339 text, booleans as 0/1.

CREATE TABLE posts (
    -- Path relative to the imported directory, e.g. content/posts/2021/x.md.
    path         TEXT PRIMARY KEY,
    -- The directory it was imported from (as given on the command line, made absolute).
    root         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    -- SHA-256 of the file's bytes: unchanged files are skipped on re-import.
    hash         TEXT NOT NULL,
    -- minutes | ballot | page
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    -- Front matter date (or the date in the file name), RFC 3339.
    published    TEXT NOT NULL,
    author       TEXT,
    -- JSON array of strings.
    tags         TEXT NOT NULL,
    -- The whole front matter as JSON, known fields and extras alike.
    front_matter TEXT NOT NULL,
    body         TEXT NOT NULL,
    html         TEXT NOT NULL,
    -- JSON array of warnings raised while importing (e.g. title taken from the file name).
    warnings     TEXT NOT NULL,
    draft        BIGINT NOT NULL DEFAULT 0,
    -- 1 when the file has disappeared from its directory; kept so links and history survive.
    removed      BIGINT NOT NULL DEFAULT 0,
    imported_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX posts_kind_published ON posts (kind, published);
CREATE INDEX posts_root ON posts (root);

-- Files that could not be imported, with the reason; cleared when the file imports cleanly.
CREATE TABLE import_errors (
    path      TEXT PRIMARY KEY,
    root      TEXT NOT NULL,
    line      BIGINT,
    message   TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
