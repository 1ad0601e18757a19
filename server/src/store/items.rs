//! SQL for action items as people track them, `tracked_items`.
//!
//! Items read from minutes are keyed by their minutes file and source sentence
//! ([`item_id`]), so a re-import finds each again: an item nobody has touched follows the file,
//! one a person changed keeps what they did, and one whose sentence left the file is kept and
//! marked "source removed". Items a person added have no source sentence.

use super::events::{record, NewEvent};
use super::{get_i64, get_opt_string, get_string, utc_text, Store, StoreError};
use app::domain::actions::{ItemState, TrackedItem};
use app::domain::{Instant, WorkingGroup};
use app::model::{ActionItem, ActionItemRow};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use std::collections::{HashMap, HashSet};

/// Where an item belongs: its minutes and their group.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemContext {
    pub item: TrackedItem,
    pub path: String,
    pub wg: WorkingGroup,
    pub minutes_slug: String,
    pub meeting_date: NaiveDate,
}

/// The stable id of the `occurrence`-th item read from `sentence` in the minutes at `path`:
/// the same file and sentence give the same id on every import (case and spacing aside).
pub fn item_id(path: &str, sentence: &str, occurrence: usize) -> String {
    let folded = sentence.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let digest = Sha256::digest(format!("{path}\n{folded}\n{occurrence}"));
    format!("ai-{}", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
}

fn opt_date(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>, StoreError> {
    get_opt_string(r, col)?
        .map(|s| s.parse::<NaiveDate>().map_err(|_| StoreError::Corrupt(format!("column {col}: \"{s}\""))))
        .transpose()
}

fn tracked(r: &AnyRow) -> Result<TrackedItem, StoreError> {
    let state = get_string(r, "state")?;
    Ok(TrackedItem {
        id: get_string(r, "id")?,
        state: ItemState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("item state \"{state}\"")))?,
        text: get_string(r, "text")?,
        owner: get_string(r, "owner")?,
        owner_email: get_opt_string(r, "owner_email")?,
        due: opt_date(r, "due")?,
        note: get_opt_string(r, "note")?,
        suggested: get_i64(r, "suggested")? != 0,
        source: get_opt_string(r, "source")?,
        source_removed: get_i64(r, "source_removed")? != 0,
        revision: get_i64(r, "revision")?,
    })
}

fn as_json(item: &TrackedItem) -> serde_json::Value {
    serde_json::to_value(item).unwrap_or(serde_json::Value::Null)
}

const ITEM_COLUMNS: &str =
    "ti.id, ti.state, ti.text, ti.owner, ti.owner_email, ti.due, ti.note, ti.suggested, ti.source, ti.source_removed, ti.revision";

/// Brings the tracked items of the minutes at `path` in line with what was just read from it
/// (`None`: the file no longer holds minutes), inside the caller's transaction.
pub(super) async fn sync(
    tx: &mut Transaction<'_, Any>,
    path: &str,
    read: Option<&[ActionItem]>,
    at: Instant,
    actor: &str,
) -> Result<(), StoreError> {
    let rows =
        sqlx::query("SELECT id, touched, source_removed FROM tracked_items ti WHERE path = $1 AND source IS NOT NULL")
            .bind(path)
            .fetch_all(&mut **tx)
            .await?;
    let mut existing: HashMap<String, (bool, bool)> = HashMap::new();
    for r in &rows {
        existing.insert(get_string(r, "id")?, (get_i64(r, "touched")? != 0, get_i64(r, "source_removed")? != 0));
    }
    let now = utc_text(at);
    let mut seen = HashSet::new();
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    for (position, a) in read.unwrap_or_default().iter().enumerate() {
        let key = a.text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let n = occurrences.entry(key).or_default();
        let id = item_id(path, &a.text, *n);
        *n += 1;
        seen.insert(id.clone());
        let state = if a.suggested { ItemState::Suggested } else { ItemState::Open };
        match existing.get(&id) {
            Some((false, _)) => {
                // Nobody has changed it: it reads as the file says.
                sqlx::query(
                    "UPDATE tracked_items SET text = $2, owner = $3, due = $4, suggested = $5, state = $6,
                        position = $7, source_removed = 0, updated_at = $8 WHERE id = $1",
                )
                .bind(&id)
                .bind(&a.text)
                .bind(&a.owner)
                .bind(a.due.map(|d| d.to_string()))
                .bind(a.suggested as i64)
                .bind(state.as_str())
                .bind(position as i64)
                .bind(&now)
                .execute(&mut **tx)
                .await?;
            }
            Some((true, _)) => {
                // A person's changes stand; only its place in the file follows the file.
                sqlx::query("UPDATE tracked_items SET position = $2, source_removed = 0 WHERE id = $1")
                    .bind(&id)
                    .bind(position as i64)
                    .execute(&mut **tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO tracked_items (id, path, source, source_removed, suggested, state, text, owner,
                        owner_email, due, note, position, touched, revision, created_at, updated_at)
                     VALUES ($1, $2, $3, 0, $4, $5, $6, $7, NULL, $8, NULL, $9, 0, 0, $10, $10)",
                )
                .bind(&id)
                .bind(path)
                .bind(&a.text)
                .bind(a.suggested as i64)
                .bind(state.as_str())
                .bind(&a.text)
                .bind(&a.owner)
                .bind(a.due.map(|d| d.to_string()))
                .bind(position as i64)
                .bind(&now)
                .execute(&mut **tx)
                .await?;
                let item = TrackedItem {
                    id: id.clone(),
                    state,
                    text: a.text.clone(),
                    owner: a.owner.clone(),
                    owner_email: None,
                    due: a.due,
                    note: None,
                    suggested: a.suggested,
                    source: Some(a.text.clone()),
                    source_removed: false,
                    revision: 0,
                };
                let summary = if a.suggested { "suggested by the minutes" } else { "read from the minutes" };
                let ev = NewEvent {
                    actor,
                    record_kind: "action_item",
                    record_id: &id,
                    action: "import",
                    summary: summary.into(),
                    before: None,
                    after: Some(as_json(&item)),
                };
                record(tx, at, ev).await?;
            }
        }
    }
    for (id, (_, removed)) in existing {
        if seen.contains(&id) || removed {
            continue;
        }
        sqlx::query("UPDATE tracked_items SET source_removed = 1, updated_at = $2 WHERE id = $1")
            .bind(&id)
            .bind(&now)
            .execute(&mut **tx)
            .await?;
        let ev = NewEvent {
            actor,
            record_kind: "action_item",
            record_id: &id,
            action: "source_removed",
            summary: "its sentence is no longer in the minutes; the item is kept".into(),
            before: Some(serde_json::json!({ "source_removed": false })),
            after: Some(serde_json::json!({ "source_removed": true })),
        };
        record(tx, at, ev).await?;
    }
    Ok(())
}

impl Store {
    /// The tracked items of one minutes record, in the order of the file (added items last).
    pub async fn tracked_items_of(&self, path: &str) -> Result<Vec<TrackedItem>, StoreError> {
        sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM tracked_items ti WHERE ti.path = $1 ORDER BY ti.position, ti.created_at, ti.id"
        ))
        .bind(path)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(tracked)
        .collect()
    }

    /// One item with its minutes and group.
    pub async fn tracked_item(&self, id: &str) -> Result<Option<ItemContext>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS}, ti.path, m.wg, m.meeting_date, p.slug
             FROM tracked_items ti JOIN minutes m ON m.path = ti.path JOIN posts p ON p.path = ti.path
             WHERE ti.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| context(&r)).transpose()
    }

    /// Saves `after` over `before` (a person's change: the item counts as touched from now on,
    /// so re-imports keep it) with its audit event, in one transaction. Fails with
    /// [`StoreError::Conflict`] when someone else changed the item since `before` was read.
    pub async fn update_tracked_item(
        &self,
        before: &TrackedItem,
        after: &TrackedItem,
        action: &str,
        summary: String,
        at: Instant,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE tracked_items SET state = $3, text = $4, owner = $5, owner_email = $6, due = $7, note = $8,
                touched = 1, revision = $9, updated_at = $10
             WHERE id = $1 AND revision = $2",
        )
        .bind(&before.id)
        .bind(before.revision)
        .bind(after.state.as_str())
        .bind(&after.text)
        .bind(&after.owner)
        .bind(after.owner_email.clone())
        .bind(after.due.map(|d| d.to_string()))
        .bind(after.note.clone())
        .bind(after.revision)
        .bind(utc_text(at))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "someone else changed this action item a moment ago; reload the page to see their change".into(),
            ));
        }
        let ev = NewEvent {
            actor,
            record_kind: "action_item",
            record_id: &before.id,
            action,
            summary,
            before: Some(as_json(before)),
            after: Some(as_json(after)),
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// Adds an item a person wrote to the minutes at `path` (it goes after the file's own items).
    pub async fn add_tracked_item(
        &self,
        path: &str,
        item: &TrackedItem,
        at: Instant,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let now = utc_text(at);
        sqlx::query(
            "INSERT INTO tracked_items (id, path, source, source_removed, suggested, state, text, owner,
                owner_email, due, note, position, touched, revision, created_at, updated_at)
             VALUES ($1, $2, NULL, 0, 0, $3, $4, $5, $6, $7, NULL, 1000000, 1, $8, $9, $9)",
        )
        .bind(&item.id)
        .bind(path)
        .bind(item.state.as_str())
        .bind(&item.text)
        .bind(&item.owner)
        .bind(item.owner_email.clone())
        .bind(item.due.map(|d| d.to_string()))
        .bind(item.revision)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let ev = NewEvent {
            actor,
            record_kind: "action_item",
            record_id: &item.id,
            action: "add",
            summary: "added the item".into(),
            before: None,
            after: Some(as_json(item)),
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// Tracked items of current minutes (dismissed ones left out): overdue first (by due date),
    /// then by meeting, newest first. What the feeds, calendars and home page list.
    pub async fn action_item_rows(&self, at: Instant) -> Result<Vec<ActionItemRow>, StoreError> {
        self.item_rows(at, false).await
    }

    /// [`Store::action_item_rows`] with dismissed items too (the action items page filters).
    pub async fn action_item_rows_all(&self, at: Instant) -> Result<Vec<ActionItemRow>, StoreError> {
        self.item_rows(at, true).await
    }

    async fn item_rows(&self, at: Instant, dismissed: bool) -> Result<Vec<ActionItemRow>, StoreError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS}, ti.path, m.wg, m.meeting_date, p.slug, p.title
             FROM tracked_items ti JOIN minutes m ON m.path = ti.path JOIN posts p ON p.path = ti.path
             WHERE {} {}
             ORDER BY m.meeting_date DESC, p.path, ti.position, ti.created_at",
            super::shown(1),
            if dismissed { "" } else { "AND ti.state <> 'dismissed'" }
        );
        let rows = sqlx::query(&sql).bind(utc_text(at)).fetch_all(&self.pool).await?;
        let today = at.date_naive();
        let mut out = rows
            .iter()
            .map(|r| {
                let c = context(r)?;
                Ok(ActionItemRow {
                    overdue: c.item.overdue(today),
                    item: c.item,
                    wg: c.wg,
                    meeting_date: c.meeting_date,
                    minutes_slug: c.minutes_slug,
                    minutes_title: get_string(r, "title")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // Overdue first, most overdue at the top; the rest keep meeting order (a stable sort).
        out.sort_by_key(|r| match (r.item.overdue(today), r.item.due) {
            (true, Some(d)) => (0, Some(d)),
            _ => (1, None),
        });
        Ok(out)
    }
}

fn context(r: &AnyRow) -> Result<ItemContext, StoreError> {
    let wg = get_string(r, "wg")?;
    let date = get_string(r, "meeting_date")?;
    Ok(ItemContext {
        item: tracked(r)?,
        path: get_string(r, "path")?,
        wg: wg.parse().map_err(|_| StoreError::Corrupt(format!("working group \"{wg}\"")))?,
        minutes_slug: get_string(r, "slug")?,
        meeting_date: date.parse().map_err(|_| StoreError::Corrupt(format!("meeting date \"{date}\"")))?,
    })
}
