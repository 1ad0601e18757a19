//! SQL for the audit log, `events`: every change (an import, a person's edit, an account change)
//! with who made it, when, and the record before and after. Events are written in the same
//! transaction as the change they describe, so the log never disagrees with the data.

use super::{get_opt_string, get_string, utc_text, Store, StoreError};
use app::domain::Instant;
use app::model::HistoryEntry;
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};
use std::sync::atomic::{AtomicU64, Ordering};

/// One change, as a writer describes it.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    /// "user:alice@example.org", "token:deploy (alice@example.org)", "import", "cli".
    pub actor: &'a str,
    /// post | action_item | user | token
    pub record_kind: &'a str,
    pub record_id: &'a str,
    /// import | update | remove | confirm | dismiss | edit | assign | set_due | done | reopen | add | …
    pub action: &'a str,
    /// One line for people: "confirmed the item", "imported minutes 2024/….md".
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// An event as stored, for the export.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRecord {
    pub id: String,
    pub at: String,
    pub actor: String,
    pub record_kind: String,
    pub record_id: String,
    pub action: String,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes `event` inside the caller's transaction. Event ids sort by time, then by order of
/// writing within one process.
pub(crate) async fn record(tx: &mut Transaction<'_, Any>, at: Instant, event: NewEvent<'_>) -> Result<(), StoreError> {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let at_text = utc_text(at);
    let seq = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    // Sorts by time, then by order of writing in this process (a test clock may stand still);
    // the hash keeps ids of instances sharing a database apart.
    let digest = Sha256::digest(format!(
        "{at_text}|{}|{}|{}|{seq}|{}|{:?}",
        event.actor,
        event.record_kind,
        event.record_id,
        std::process::id(),
        std::time::SystemTime::now()
    ));
    let id = format!(
        "{}-{seq:012}-{}",
        at_text.replace([':', '-'], ""),
        digest.iter().take(6).map(|b| format!("{b:02x}")).collect::<String>()
    );
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    sqlx::query(
        "INSERT INTO events (id, at, actor, record_kind, record_id, action, summary, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(at_text)
    .bind(event.actor)
    .bind(event.record_kind)
    .bind(event.record_id)
    .bind(event.action)
    .bind(&event.summary)
    .bind(json(&event.before))
    .bind(json(&event.after))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn parse_json(text: Option<String>) -> Result<Option<serde_json::Value>, StoreError> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("event JSON: {e}")))).transpose()
}

impl Store {
    /// The history of the given records (kind, id), oldest first.
    pub async fn history(&self, records: &[(&str, &str)]) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut out = Vec::new();
        for (kind, id) in records {
            let rows = sqlx::query(
                "SELECT id, at, actor, record_kind, record_id, action, summary, before_json, after_json
                 FROM events WHERE record_kind = $1 AND record_id = $2 ORDER BY at, id",
            )
            .bind(*kind)
            .bind(*id)
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                out.push(HistoryEntry {
                    at: get_string(&r, "at")?,
                    actor: get_string(&r, "actor")?,
                    record_kind: get_string(&r, "record_kind")?,
                    record_id: get_string(&r, "record_id")?,
                    action: get_string(&r, "action")?,
                    summary: get_string(&r, "summary")?,
                    before: get_opt_string(&r, "before_json")?,
                    after: get_opt_string(&r, "after_json")?,
                });
            }
        }
        out.sort_by(|a, b| a.at.cmp(&b.at));
        Ok(out)
    }

    /// Every event, oldest first (for the export).
    pub async fn all_events(&self) -> Result<Vec<EventRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, record_kind, record_id, action, summary, before_json, after_json
             FROM events ORDER BY at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EventRecord {
                    id: get_string(r, "id")?,
                    at: get_string(r, "at")?,
                    actor: get_string(r, "actor")?,
                    record_kind: get_string(r, "record_kind")?,
                    record_id: get_string(r, "record_id")?,
                    action: get_string(r, "action")?,
                    summary: get_string(r, "summary")?,
                    before: parse_json(get_opt_string(r, "before_json")?)?,
                    after: parse_json(get_opt_string(r, "after_json")?)?,
                })
            })
            .collect()
    }
}
