//! The store: the only place in Quorum that speaks SQL.
//!
//! It runs on SQLite (embedded, the default) and PostgreSQL through sqlx's `Any` driver, with one
//! set of statements written for both: `$n` placeholders, TEXT/BIGINT columns, instants as
//! RFC 3339 text and booleans as 0/1. Callers get plain values (`app::model` types or ingest
//! records), never rows. Each submodule holds the SQL of one group of tables.

mod accounts;
mod ballots;
pub mod events;
pub mod items;
pub mod managed;
mod minutes;
mod posts;
mod sessions;

pub use accounts::{Failures, NewUser, TokenInfo, TokenKind};
pub use ballots::{BallotPostRead, KeptRead, NewRead};
pub use events::EventRecord;
pub use items::{item_id, ItemContext};
pub use posts::{PostState, SavedPost, StoredError};
pub use sessions::Sessions;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::path::Path;
use std::time::Duration;

/// Migrations, embedded in the binary and applied at start-up.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL \"{0}\": use sqlite://PATH (or sqlite::memory:) or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("cannot create the directory {dir} for the database: {source}")]
    CreateDir { dir: String, source: std::io::Error },
    #[error("cannot open database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed: {0}")]
    Query(#[from] sqlx::Error),
    #[error("stored data cannot be read back ({0}); the database may have been edited by hand")]
    Corrupt(String),
    /// A write that would break a rule of the data: a taken email, a record changed meanwhile.
    #[error("{0}")]
    Conflict(String),
    /// The record a write names does not exist.
    #[error("{0}")]
    NotFound(String),
    #[error("cannot open the session store: {0}")]
    Sessions(String),
}

impl StoreError {
    /// The database cannot be reached right now (retrying later may help), as opposed to a query
    /// or the data being wrong.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Connect { .. }
                | StoreError::Query(sqlx::Error::PoolTimedOut)
                | StoreError::Query(sqlx::Error::PoolClosed)
        )
    }

    /// SQLite refused a write because another connection wrote first ("database is locked"):
    /// with WAL, a transaction that read before another's commit cannot then write, and the busy
    /// timeout does not help; running the transaction again does.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Query(sqlx::Error::Database(db)) => {
                matches!(db.code().as_deref(), Some("5") | Some("517") | Some("261"))
                    || db.message().contains("database is locked")
            }
            _ => false,
        }
    }
}

/// Runs a store write again while SQLite says another connection holds the database (see
/// [`StoreError::is_busy`]): up to 20 attempts, waiting a little longer each time (about 5 s in
/// all). Each attempt is a whole transaction, so a retry never applies half a write.
pub async fn retry_busy<T, F, Fut>(mut write: F) -> Result<T, StoreError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, StoreError>>,
{
    let mut attempt: u64 = 0;
    loop {
        match write().await {
            Err(e) if e.is_busy() && attempt < 20 => {
                attempt += 1;
                tracing::debug!("database busy; write attempt {attempt} again");
                tokio::time::sleep(Duration::from_millis(10 * attempt)).await;
            }
            other => return other,
        }
    }
}

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// The normalised URL, for the session store's own pool.
    url: String,
    /// Counts the changes this process made to what pages show (posts, ballots, items): readers'
    /// caches compare it to know their copy is current (see `web::page_cache`).
    generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (engine, url) = normalise_url(url)?;
        let memory = engine == Engine::Sqlite && url.contains(":memory:");
        let mut options =
            AnyPoolOptions::new().max_connections(if memory { 1 } else { 8 }).acquire_timeout(Duration::from_secs(10));
        if memory {
            // Every connection to :memory: is a fresh database: keep the one forever.
            options = options.idle_timeout(None).max_lifetime(None);
        }
        if engine == Engine::Sqlite {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers proceed during an import; foreign keys keep child rows
                    // from outliving their post. Both must be set per connection.
                    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                    // With WAL, NORMAL loses no committed transaction on a crash of the process
                    // (only, at worst, the last ones on a power cut) and spares a sync per commit.
                    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await.map_err(|source| StoreError::Connect { url: redact(&url), source })?;
        let url_kept = url.clone();
        // SQLite has no migration lock: when two processes start on a new file at once (a server
        // and an import), one sees the other's half-applied schema. The loser waits and retries,
        // and then finds the migrations applied.
        let mut attempt = 0;
        loop {
            match MIGRATOR.run(&pool).await {
                Ok(()) => break,
                Err(e) if engine == Engine::Sqlite && attempt < 5 => {
                    attempt += 1;
                    tracing::debug!("migration attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(300 * attempt)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(Store { pool, engine, url: url_kept, generation: Default::default() })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The number of changes this process has made to what pages show; it only grows.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Notes a change to what pages show (called by every write that readers can see).
    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// SQLite's journal mode, to confirm WAL is on (None on PostgreSQL).
    pub async fn sqlite_pragma(&self, name: &str) -> Result<Option<String>, StoreError> {
        if self.engine != Engine::Sqlite || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Ok(None);
        }
        let row = sqlx::query(&format!("PRAGMA {name}")).fetch_one(&self.pool).await?;
        // Pragmas answer with text (journal_mode) or integers (foreign_keys).
        let value = row.try_get::<String, _>(0).or_else(|_| row.try_get::<i64, _>(0).map(|v| v.to_string()))?;
        Ok(Some(value))
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Accepts `sqlite:` URLs (creating the file's directory and the file itself when missing) and
/// `postgres:`/`postgresql:` URLs.
fn normalise_url(url: &str) -> Result<(Engine, String), StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Engine::Postgres, url.to_string()));
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Err(StoreError::UnsupportedUrl(url.to_string()));
    };
    if rest.contains(":memory:") {
        return Ok((Engine::Sqlite, url.to_string()));
    }
    let path_part = rest.trim_start_matches("//");
    let (path, query) = match path_part.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_part, None),
    };
    if path.is_empty() {
        return Err(StoreError::UnsupportedUrl(url.to_string()));
    }
    if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|source| StoreError::CreateDir { dir: dir.display().to_string(), source })?;
    }
    let query = match query {
        Some(q) if q.contains("mode=") => q.to_string(),
        Some(q) => format!("{q}&mode=rwc"),
        None => "mode=rwc".to_string(),
    };
    Ok((Engine::Sqlite, format!("sqlite://{path}?{query}")))
}

/// Hides a password in a URL before it goes into an error message or a log.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((userinfo, host)) = rest.split_once('@') {
            if let Some((user, _password)) = userinfo.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_string()
}

/// An instant as the store writes and compares it: UTC, whole seconds, `Z`
/// ("2026-11-26T12:00:00Z"), so that text order is time order on both engines.
pub fn utc_text(t: app::domain::Instant) -> String {
    t.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// SQL keeping the posts (table alias `p`) that readers see at the instant bound as `$n`: not
/// removed, not drafts, already published (Hugo's `publishDate`) and not yet expired
/// (`expiryDate`).
pub(crate) fn shown(n: usize) -> String {
    format!(
        "p.removed = 0 AND p.draft = 0 AND (p.publish_at IS NULL OR p.publish_at <= ${n}) AND (p.expire_at IS NULL OR p.expire_at > ${n})"
    )
}

pub(crate) fn get_string(row: &AnyRow, col: &str) -> Result<String, StoreError> {
    row.try_get::<String, _>(col).map_err(StoreError::from)
}

pub(crate) fn get_opt_string(row: &AnyRow, col: &str) -> Result<Option<String>, StoreError> {
    row.try_get::<Option<String>, _>(col).map_err(StoreError::from)
}

pub(crate) fn get_i64(row: &AnyRow, col: &str) -> Result<i64, StoreError> {
    row.try_get::<i64, _>(col).map_err(StoreError::from)
}

/// `INSERT INTO table (a, b) VALUES ($1, $2), ($3, $4), …` for `rows` rows.
pub(crate) fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

/// `$1, $2, …, $n`: the placeholders of an `IN (…)` list of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// Runs `SELECT columns FROM …` (`from` holds the FROM clause and whatever follows it) and
    /// returns its rows as one JSON array of arrays, decoded into `T` per row. For the bulk reads
    /// of an import (thousands of rows): sqlx's SQLite driver hands each row from its worker
    /// thread to the caller separately, about 10 µs a row, while one aggregated row costs one
    /// hand-over. Row order is not kept; callers sort.
    /// In a [`Self::json_rows`] column list: the JSON text held in `column`, embedded as JSON
    /// rather than as a string (no escaping on the way out, one decoding on the way in).
    pub(crate) fn json_embed(&self, column: &str) -> String {
        match self.engine {
            Engine::Sqlite => format!("json({column})"),
            Engine::Postgres => format!("({column})::json"),
        }
    }

    pub(crate) async fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        columns: &str,
        from: &str,
        binds: &[&str],
    ) -> Result<Vec<T>, StoreError> {
        let sql = match self.engine {
            Engine::Sqlite => format!("SELECT COALESCE(json_group_array(json_array({columns})), '[]') AS j {from}"),
            Engine::Postgres => {
                format!("SELECT COALESCE(json_agg(json_build_array({columns}))::text, '[]') AS j {from}")
            }
        };
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(*b);
        }
        let row = q.fetch_one(&self.pool).await?;
        let text = get_string(&row, "j")?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("bulk read: {e}")))
    }
}

pub(crate) fn get_json<T: serde::de::DeserializeOwned>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    let text = get_string(row, col)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode_unless_they_choose_one() {
        let (_, url) = normalise_url("sqlite://target/test-url/x.db").unwrap();
        assert_eq!(url, "sqlite://target/test-url/x.db?mode=rwc");
        let (_, url) = normalise_url("sqlite:target/test-url/x.db?mode=ro").unwrap();
        assert_eq!(url, "sqlite://target/test-url/x.db?mode=ro");
    }

    #[test]
    fn other_schemes_are_refused_with_a_hint() {
        let err = normalise_url("mysql://localhost/db").unwrap_err();
        assert!(err.to_string().contains("use sqlite://PATH"), "{err}");
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://data/q.db"), "sqlite://data/q.db");
    }
}
