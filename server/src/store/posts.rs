//! SQL for `posts` and `import_errors`.

use super::{get_i64, get_json, get_opt_string, get_string, Store, StoreError};
use crate::ingest::Post;
use app::domain::{Instant, WorkingGroup};
use app::model::{Counts, PostKind, PostPage, PostSummary};
use sqlx::any::AnyRow;
use std::collections::HashSet;

/// What the store remembers of a file between imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostState {
    pub hash: String,
    pub root: String,
    pub removed: bool,
    /// The file's stamp (size, modification time, extractor) when it was last read; see
    /// [`Store::set_file_stamps`].
    pub stamp: Option<String>,
    /// Digest of what ballot assembly reads in the post (`ingest::assemble::ballot_inputs`).
    pub ballot_inputs: Option<String>,
}

/// A saved post's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPost {
    pub path: String,
    pub slug: String,
}

/// A file that failed to import, as remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredError {
    pub path: String,
    pub line: Option<i64>,
    pub message: String,
}

const SUMMARY_COLUMNS: &str = "p.path, p.slug, p.title, p.kind, p.published, p.tags";

impl Store {
    pub async fn post_state(&self, path: &str) -> Result<Option<PostState>, StoreError> {
        let row = sqlx::query("SELECT hash, root, removed, file_stamp, ballot_inputs FROM posts WHERE path = $1")
            .bind(path)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(PostState {
                hash: get_string(&r, "hash")?,
                root: get_string(&r, "root")?,
                removed: get_i64(&r, "removed")? != 0,
                stamp: get_opt_string(&r, "file_stamp")?,
                ballot_inputs: get_opt_string(&r, "ballot_inputs")?,
            })
        })
        .transpose()
    }

    /// What the store holds of every post (hash, root, removed, stamp), by path: an import
    /// compares the files it finds with this in one query.
    pub async fn post_states(&self) -> Result<std::collections::HashMap<String, PostState>, StoreError> {
        type Row = (String, String, String, i64, Option<String>, Option<String>);
        let rows: Vec<Row> =
            self.json_rows("path, hash, root, removed, file_stamp, ballot_inputs", "FROM posts", &[]).await?;
        Ok(rows
            .into_iter()
            .map(|(path, hash, root, removed, stamp, ballot_inputs)| {
                (path, PostState { hash, root, removed: removed != 0, stamp, ballot_inputs })
            })
            .collect())
    }

    /// Remembers each file's stamp (its size and modification time when it was read, with the
    /// extractor version), so that the next import can tell it unchanged without reading it.
    /// `stamps` pairs a post's path with its stamp; one transaction.
    pub async fn set_file_stamps(&self, stamps: &[(String, String)]) -> Result<(), StoreError> {
        if stamps.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        // Many rows per statement: VALUES names its columns column1, column2 on both engines.
        for chunk in stamps.chunks(200) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
            let sql = format!(
                "UPDATE posts SET file_stamp = v.column2 FROM (VALUES {}) AS v WHERE posts.path = v.column1",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (path, stamp) in chunk {
                q = q.bind(path).bind(stamp);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets every file's stamp: the next import reads and hashes every file.
    pub async fn forget_file_stamps(&self) -> Result<(), StoreError> {
        sqlx::query("UPDATE posts SET file_stamp = NULL").execute(&self.pool).await?;
        Ok(())
    }

    /// Inserts or replaces a post and clears any earlier import error for it, in one transaction.
    pub async fn save_post(
        &self,
        root: &str,
        path: &str,
        hash: &str,
        post: &Post,
        now: &str,
        actor: &str,
    ) -> Result<SavedPost, StoreError> {
        let at = chrono::DateTime::parse_from_rfc3339(now)
            .map_err(|_| StoreError::Corrupt(format!("import time \"{now}\" is not RFC 3339")))?;
        let mut tx = self.pool.begin().await?;
        let before = sqlx::query("SELECT hash, removed FROM posts WHERE path = $1")
            .bind(path)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| Ok::<_, StoreError>((get_string(&r, "hash")?, get_i64(&r, "removed")? != 0)))
            .transpose()?;
        // A slug names one post; a second file with the same name gets -2, -3, ...
        let mut slug = post.slug.clone();
        let mut n = 1;
        loop {
            let taken = sqlx::query("SELECT path FROM posts WHERE slug = $1 AND path <> $2")
                .bind(&slug)
                .bind(path)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_none() {
                break;
            }
            n += 1;
            slug = format!("{}-{n}", post.slug);
        }
        let tags = serde_json::to_string(&post.tags).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let fm = serde_json::to_string(&post.front_matter.to_json()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let warnings = serde_json::to_string(&post.warnings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO posts (path, root, slug, hash, kind, title, published, author, tags, front_matter, body, html, warnings, draft, removed, imported_at, updated_at, raw, publish_at, expire_at, ballot_inputs)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15, $15, $16, $17, $18, $19)
             ON CONFLICT (path) DO UPDATE SET
                root = excluded.root, slug = excluded.slug, hash = excluded.hash, kind = excluded.kind,
                title = excluded.title, published = excluded.published, author = excluded.author,
                tags = excluded.tags, front_matter = excluded.front_matter, body = excluded.body,
                html = excluded.html, warnings = excluded.warnings, draft = excluded.draft,
                removed = 0, updated_at = excluded.updated_at, raw = excluded.raw,
                publish_at = excluded.publish_at, expire_at = excluded.expire_at, file_stamp = NULL,
                ballot_inputs = excluded.ballot_inputs",
        )
        .bind(path)
        .bind(root)
        .bind(&slug)
        .bind(hash)
        .bind(post.kind.as_str())
        .bind(&post.title)
        .bind(post.published.to_rfc3339())
        .bind(post.author.clone())
        .bind(tags)
        .bind(fm)
        .bind(&post.body)
        .bind(&post.rendered.html)
        .bind(warnings)
        .bind(post.draft as i64)
        .bind(now)
        .bind(&post.raw)
        .bind(post.front_matter.publish_date.map(super::utc_text))
        .bind(post.front_matter.expiry_date.map(super::utc_text))
        .bind(crate::ingest::assemble::ballot_inputs(post))
        .execute(&mut *tx)
        .await?;
        super::minutes::write(&mut tx, path, post.minutes.as_ref(), before.is_some()).await?;
        let read_items = post.minutes.as_ref().map(|m| m.action_items.as_slice());
        super::items::sync(&mut tx, path, read_items, at, actor).await?;
        let (action, summary) = match &before {
            None => ("import", format!("imported {} \"{}\"", post.kind.as_str(), post.title)),
            Some((_, true)) => ("import", format!("imported again after its file came back: \"{}\"", post.title)),
            Some(_) => {
                ("update", format!("re-imported: the file (or how Quorum reads it) changed: \"{}\"", post.title))
            }
        };
        let event = super::events::NewEvent {
            actor,
            record_kind: "post",
            record_id: path,
            action,
            summary,
            before: before.as_ref().map(|(h, _)| serde_json::json!({ "hash": h })),
            after: Some(serde_json::json!({ "hash": hash, "title": post.title, "kind": post.kind.as_str() })),
        };
        super::events::record(&mut tx, at, event).await?;
        sqlx::query("DELETE FROM import_errors WHERE path = $1").bind(path).execute(&mut *tx).await?;
        tx.commit().await?;
        self.changed();
        Ok(SavedPost { path: path.to_string(), slug })
    }

    pub async fn record_import_error(
        &self,
        root: &str,
        path: &str,
        line: Option<usize>,
        message: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO import_errors (path, root, line, message, failed_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (path) DO UPDATE SET root = excluded.root, line = excluded.line, message = excluded.message, failed_at = excluded.failed_at",
        )
        .bind(path)
        .bind(root)
        .bind(line.map(|l| l as i64))
        .bind(message)
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.changed();
        Ok(())
    }

    /// Marks posts imported from `root` whose files were not seen this time as removed, and forgets
    /// errors of files that are gone. Returns how many posts were newly marked.
    pub async fn mark_removed_except(
        &self,
        root: &str,
        seen: &HashSet<String>,
        now: &str,
        actor: &str,
    ) -> Result<u64, StoreError> {
        let at = chrono::DateTime::parse_from_rfc3339(now)
            .map_err(|_| StoreError::Corrupt(format!("import time \"{now}\" is not RFC 3339")))?;
        let mut current: Vec<(String,)> =
            self.json_rows("path", "FROM posts WHERE root = $1 AND removed = 0", &[root]).await?;
        current.sort();
        let mut marked = 0;
        for (path,) in current {
            if !seen.contains(&path) {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE posts SET removed = 1, updated_at = $2 WHERE path = $1")
                    .bind(&path)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let event = super::events::NewEvent {
                    actor,
                    record_kind: "post",
                    record_id: &path,
                    action: "remove",
                    summary: "its file is no longer in the imported directory; the last version is kept".into(),
                    before: None,
                    after: None,
                };
                super::events::record(&mut tx, at, event).await?;
                tx.commit().await?;
                self.changed();
                marked += 1;
            }
        }
        let errs =
            sqlx::query("SELECT path FROM import_errors WHERE root = $1").bind(root).fetch_all(&self.pool).await?;
        for r in errs {
            let path = get_string(&r, "path")?;
            if !seen.contains(&path) {
                sqlx::query("DELETE FROM import_errors WHERE path = $1").bind(&path).execute(&self.pool).await?;
            }
        }
        Ok(marked)
    }

    /// The posts readers see at `at` (see [`super::shown`]), newest first.
    pub async fn list_posts(&self, kind: Option<PostKind>, at: Instant) -> Result<Vec<PostSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM posts p WHERE {} AND ($1 = '' OR p.kind = $1) ORDER BY p.published DESC, p.path",
            super::shown(2)
        );
        let rows = sqlx::query(&sql)
            .bind(kind.map(|k| k.as_str()).unwrap_or(""))
            .bind(super::utc_text(at))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(summary_from_row).collect()
    }

    pub async fn recent_posts(&self, limit: i64, at: Instant) -> Result<Vec<PostSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM posts p WHERE {} ORDER BY p.published DESC, p.path LIMIT $1",
            super::shown(2)
        );
        let rows = sqlx::query(&sql).bind(limit).bind(super::utc_text(at)).fetch_all(&self.pool).await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// A post by slug, including removed ones (their pages stay readable, marked as removed).
    pub async fn post_by_slug(&self, slug: &str) -> Result<Option<PostPage>, StoreError> {
        let sql =
            format!("SELECT {SUMMARY_COLUMNS}, p.author, p.html, p.warnings, p.removed FROM posts p WHERE p.slug = $1");
        let Some(row) = sqlx::query(&sql).bind(slug).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let mut warnings: Vec<String> = get_json(&row, "warnings")?;
        if get_i64(&row, "removed")? != 0 {
            warnings.insert(0, "This file is no longer in the imported directory.".into());
        }
        Ok(Some(PostPage {
            published: get_string(&row, "published")?,
            author: get_opt_string(&row, "author")?,
            tags: get_json(&row, "tags")?,
            html: get_string(&row, "html")?,
            warnings,
            summary,
        }))
    }

    /// The file text of a post as imported, with its path.
    pub async fn post_source(&self, slug: &str) -> Result<Option<(String, String)>, StoreError> {
        let row =
            sqlx::query("SELECT path, raw FROM posts WHERE slug = $1").bind(slug).fetch_optional(&self.pool).await?;
        row.map(|r| Ok((get_string(&r, "path")?, get_string(&r, "raw")?))).transpose()
    }

    /// The posts at these paths, for the pages of records read from them (in the given order).
    pub async fn source_posts(&self, paths: &[String]) -> Result<Vec<app::model::SourcePost>, StoreError> {
        let mut out = Vec::new();
        for path in paths {
            if let Some(r) = sqlx::query("SELECT slug, path, title, published, html FROM posts WHERE path = $1")
                .bind(path)
                .fetch_optional(&self.pool)
                .await?
            {
                out.push(app::model::SourcePost {
                    slug: get_string(&r, "slug")?,
                    path: get_string(&r, "path")?,
                    title: get_string(&r, "title")?,
                    published: get_string(&r, "published")?,
                    html: get_string(&r, "html")?,
                });
            }
        }
        Ok(out)
    }

    /// Every current post as (path, front matter JSON, title, published, body), for writing back.
    pub async fn post_files(&self) -> Result<Vec<(String, serde_json::Value, String, String, String)>, StoreError> {
        let rows =
            sqlx::query("SELECT path, front_matter, title, published, body FROM posts WHERE removed = 0 ORDER BY path")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    get_string(r, "path")?,
                    get_json(r, "front_matter")?,
                    get_string(r, "title")?,
                    get_string(r, "published")?,
                    get_string(r, "body")?,
                ))
            })
            .collect()
    }

    /// When the imported data last changed (a post added, changed or removed).
    pub async fn last_change(&self) -> Result<Option<app::domain::Instant>, StoreError> {
        // A post changing, or a person changing an action item (every change is an event).
        let row = sqlx::query("SELECT MAX(updated_at) AS t FROM posts").fetch_one(&self.pool).await?;
        let posts = get_opt_string(&row, "t")?.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok());
        let row = sqlx::query("SELECT MAX(at) AS t FROM events WHERE record_kind = 'action_item'")
            .fetch_one(&self.pool)
            .await?;
        let items = get_opt_string(&row, "t")?.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok());
        Ok(posts.max(items))
    }

    /// Publication instants (RFC 3339) of the posts at these paths.
    pub async fn first_published(
        &self,
        paths: &[String],
    ) -> Result<std::collections::HashMap<String, String>, StoreError> {
        let rows = sqlx::query("SELECT path, published FROM posts").fetch_all(&self.pool).await?;
        let wanted: HashSet<&String> = paths.iter().collect();
        let mut out = std::collections::HashMap::new();
        for r in rows {
            let path = get_string(&r, "path")?;
            if wanted.contains(&path) {
                out.insert(path, get_string(&r, "published")?);
            }
        }
        Ok(out)
    }

    pub async fn counts(&self, at: Instant) -> Result<Counts, StoreError> {
        let sql = format!("SELECT p.kind, COUNT(*) AS n FROM posts p WHERE {} GROUP BY p.kind", super::shown(1));
        let rows = sqlx::query(&sql).bind(super::utc_text(at)).fetch_all(&self.pool).await?;
        let mut counts = Counts::default();
        for r in rows {
            let n = get_i64(&r, "n")? as u64;
            match PostKind::parse(&get_string(&r, "kind")?) {
                Some(PostKind::Minutes) => counts.minutes = n,
                Some(PostKind::Ballot) => counts.ballots = n,
                Some(PostKind::Page) => counts.pages = n,
                None => {}
            }
        }
        let row = sqlx::query("SELECT COUNT(*) AS n FROM import_errors").fetch_one(&self.pool).await?;
        counts.failed_files = get_i64(&row, "n")? as u64;
        Ok(counts)
    }

    pub async fn import_errors(&self) -> Result<Vec<StoredError>, StoreError> {
        let rows =
            sqlx::query("SELECT path, line, message FROM import_errors ORDER BY path").fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(StoredError {
                    path: get_string(r, "path")?,
                    line: r_opt_i64(r, "line")?,
                    message: get_string(r, "message")?,
                })
            })
            .collect()
    }
}

fn r_opt_i64(row: &AnyRow, col: &str) -> Result<Option<i64>, StoreError> {
    use sqlx::Row;
    row.try_get::<Option<i64>, _>(col).map_err(StoreError::from)
}

fn summary_from_row(row: &AnyRow) -> Result<PostSummary, StoreError> {
    let kind_text = get_string(row, "kind")?;
    let kind =
        PostKind::parse(&kind_text).ok_or_else(|| StoreError::Corrupt(format!("unknown post kind {kind_text}")))?;
    let tags: Vec<String> = get_json(row, "tags")?;
    let title = get_string(row, "title")?;
    let published = get_string(row, "published")?;
    Ok(PostSummary {
        slug: get_string(row, "slug")?,
        wg: wg_from_tags(&tags),
        date: published.get(..10).unwrap_or(&published).to_string(),
        kind,
        title,
        path: get_string(row, "path")?,
    })
}

/// The working group a post's tags name, if any (the first known one wins).
fn wg_from_tags(tags: &[String]) -> Option<WorkingGroup> {
    tags.iter().filter_map(|t| WorkingGroup::from_name(t)).find(|wg| !matches!(wg, WorkingGroup::Other(_)))
}
