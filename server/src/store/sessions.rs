//! Where login sessions live: in the same database as everything else, through
//! tower-sessions-sqlx-store (its `SqliteStore` or `PostgresStore`, each on a pool of its own kind
//! opened from the store's URL), so that several Quorum instances on one PostgreSQL database share
//! logins. An in-memory SQLite database (tests, demos) keeps sessions in memory instead: a second
//! connection to `sqlite::memory:` would be a different, empty database.

use super::{Engine, Store, StoreError};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{MemoryStore, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store of one Quorum database.
#[derive(Debug, Clone)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
    Memory(MemoryStore),
}

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.create(record).await,
            Sessions::Postgres(s) => s.create(record).await,
            Sessions::Memory(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.save(record).await,
            Sessions::Postgres(s) => s.save(record).await,
            Sessions::Memory(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(s) => s.load(id).await,
            Sessions::Postgres(s) => s.load(id).await,
            Sessions::Memory(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.delete(id).await,
            Sessions::Postgres(s) => s.delete(id).await,
            Sessions::Memory(s) => s.delete(id).await,
        }
    }
}

impl Sessions {
    /// Deletes expired sessions every `period`, for as long as the server runs (memory-held
    /// sessions expire on their own).
    pub async fn delete_expired_every(self, period: std::time::Duration) {
        let result = match self {
            Sessions::Sqlite(s) => s.continuously_delete_expired(period).await,
            Sessions::Postgres(s) => s.continuously_delete_expired(period).await,
            Sessions::Memory(_) => Ok(()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "deleting expired sessions stopped");
        }
    }
}

impl Store {
    /// The session store for this database, its table created if missing.
    pub async fn sessions(&self) -> Result<Sessions, StoreError> {
        let failed = |e: sqlx::Error| StoreError::Sessions(e.to_string());
        match self.engine {
            Engine::Sqlite if self.url.contains(":memory:") => Ok(Sessions::Memory(MemoryStore::default())),
            Engine::Sqlite => {
                use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
                use std::str::FromStr;
                let options = SqliteConnectOptions::from_str(&self.url)
                    .map_err(failed)?
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(std::time::Duration::from_secs(5));
                let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(failed)?;
                let store = SqliteStore::new(pool).with_table_name("sessions").map_err(StoreError::Sessions)?;
                store.migrate().await.map_err(failed)?;
                Ok(Sessions::Sqlite(store))
            }
            Engine::Postgres => {
                let pool =
                    sqlx::postgres::PgPoolOptions::new().max_connections(4).connect(&self.url).await.map_err(failed)?;
                let store = PostgresStore::new(pool);
                // Two instances starting at once may race to create the schema; the loser retries
                // and finds it there.
                if store.migrate().await.is_err() {
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                    store.migrate().await.map_err(failed)?;
                }
                Ok(Sessions::Postgres(store))
            }
        }
    }
}
