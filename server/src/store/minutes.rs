//! SQL for what minutes say: `minutes`, `attendees`, `ballot_refs`, `action_items`, `decisions`.

use super::{get_i64, get_opt_string, get_string, insert_sql, Store, StoreError};
use crate::ingest::minutes::Minutes;
use app::domain::{BallotId, Instant, WorkingGroup};
use app::model::{Attendee, BallotRef, MinutesDetail, MinutesFilter, MinutesList, MinutesSummary};
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// Replaces the extracted records of one post (inside the caller's transaction).
/// `replacing` is false for a post saved for the first time (nothing to delete).
pub(super) async fn write(
    tx: &mut Transaction<'_, Any>,
    path: &str,
    m: Option<&Minutes>,
    replacing: bool,
) -> Result<(), StoreError> {
    // Children go with the row (ON DELETE CASCADE); delete them explicitly as well so the store does
    // not depend on a connection setting to stay consistent.
    if replacing {
        for table in ["attendees", "ballot_refs", "action_items", "decisions", "minutes"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE path = $1")).bind(path).execute(&mut **tx).await?;
        }
    }
    let Some(m) = m else { return Ok(()) };
    let orgs: Vec<&str> = m.attendees.iter().filter_map(|a| a.org.as_deref()).collect();
    sqlx::query(
        "INSERT INTO minutes (path, wg, meeting_date, minute_taker, next_meeting, orgs) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(path)
    .bind(m.wg.slug())
    .bind(m.meeting_date.to_string())
    .bind(m.minute_taker.clone())
    .bind(m.next_meeting.map(|d| d.to_string()))
    .bind(serde_json::to_string(&orgs).unwrap_or_else(|_| "[]".into()))
        .execute(&mut **tx)
        .await?;
    // Child rows go in many at a time: one statement per 100 rows rather than one per row.
    for (n, part) in m.attendees.chunks(100).enumerate() {
        let sql = insert_sql("attendees", &["path", "position", "name", "org"], part.len());
        let mut q = sqlx::query(&sql);
        for (i, a) in part.iter().enumerate() {
            q = q.bind(path).bind((n * 100 + i) as i64).bind(&a.name).bind(a.org.clone());
        }
        q.execute(&mut **tx).await?;
    }
    for (n, part) in m.ballot_refs.chunks(100).enumerate() {
        let sql = insert_sql("ballot_refs", &["path", "position", "ballot_id", "sentence", "says"], part.len());
        let mut q = sqlx::query(&sql);
        for (i, r) in part.iter().enumerate() {
            q = q
                .bind(path)
                .bind((n * 100 + i) as i64)
                .bind(r.id.to_string())
                .bind(&r.sentence)
                .bind(r.says.map(|s| s.as_str().to_string()));
        }
        q.execute(&mut **tx).await?;
    }
    for (n, part) in m.action_items.chunks(100).enumerate() {
        let sql = insert_sql("action_items", &["path", "position", "owner", "text", "due", "suggested"], part.len());
        let mut q = sqlx::query(&sql);
        for (i, a) in part.iter().enumerate() {
            q = q
                .bind(path)
                .bind((n * 100 + i) as i64)
                .bind(&a.owner)
                .bind(&a.text)
                .bind(a.due.map(|d| d.to_string()))
                .bind(a.suggested as i64);
        }
        q.execute(&mut **tx).await?;
    }
    for (n, part) in m.decisions.chunks(100).enumerate() {
        let sql = insert_sql("decisions", &["path", "position", "text"], part.len());
        let mut q = sqlx::query(&sql);
        for (i, d) in part.iter().enumerate() {
            q = q.bind(path).bind((n * 100 + i) as i64).bind(d);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

const SUMMARY_SQL: &str = "SELECT p.path, p.slug, p.title, m.wg, m.meeting_date,
        (SELECT COUNT(*) FROM attendees a WHERE a.path = p.path) AS attendee_count
     FROM minutes m JOIN posts p ON p.path = m.path";

/// Everything a minutes page shows from `minutes` and `posts`; callers add the WHERE clause.
const DETAIL_SQL: &str =
    "SELECT p.path, p.slug, p.title, m.wg, m.meeting_date, m.minute_taker, m.next_meeting, p.published, p.author,
        p.html, p.warnings, p.removed, (SELECT COUNT(*) FROM attendees a WHERE a.path = p.path) AS attendee_count
     FROM minutes m JOIN posts p ON p.path = m.path";

fn parse_date(row: &AnyRow, col: &str) -> Result<NaiveDate, StoreError> {
    let s = get_string(row, col)?;
    s.parse().map_err(|_| StoreError::Corrupt(format!("{col} \"{s}\" is not a date")))
}

fn parse_opt_date(row: &AnyRow, col: &str) -> Result<Option<NaiveDate>, StoreError> {
    get_opt_string(row, col)?
        .map(|s| s.parse().map_err(|_| StoreError::Corrupt(format!("{col} \"{s}\" is not a date"))))
        .transpose()
}

fn parse_wg(row: &AnyRow) -> Result<WorkingGroup, StoreError> {
    let s = get_string(row, "wg")?;
    s.parse().map_err(|_| StoreError::Corrupt(format!("working group \"{s}\"")))
}

fn summary(row: &AnyRow, ballot_ids: Vec<BallotId>) -> Result<MinutesSummary, StoreError> {
    Ok(MinutesSummary {
        slug: get_string(row, "slug")?,
        title: get_string(row, "title")?,
        wg: parse_wg(row)?,
        meeting_date: parse_date(row, "meeting_date")?,
        attendee_count: get_i64(row, "attendee_count")? as u32,
        ballot_ids,
        path: get_string(row, "path")?,
    })
}

impl Store {
    /// Distinct ballot ids referenced per minutes path, in order of first mention.
    async fn ballot_ids_by_path(&self) -> Result<HashMap<String, Vec<BallotId>>, StoreError> {
        let rows = sqlx::query("SELECT path, ballot_id FROM ballot_refs ORDER BY path, position")
            .fetch_all(&self.pool)
            .await?;
        let mut out: HashMap<String, Vec<BallotId>> = HashMap::new();
        for r in rows {
            let id: BallotId = get_string(&r, "ballot_id")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?;
            let list = out.entry(get_string(&r, "path")?).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
        Ok(out)
    }

    /// Current minutes, newest meeting first, optionally for one group and year.
    pub async fn list_minutes(&self, filter: &MinutesFilter, at: Instant) -> Result<MinutesList, StoreError> {
        let sql = format!("{SUMMARY_SQL} WHERE {} ORDER BY m.meeting_date DESC, p.path", super::shown(1));
        let rows = sqlx::query(&sql).bind(super::utc_text(at)).fetch_all(&self.pool).await?;
        let mut ids = self.ballot_ids_by_path().await?;
        let mut all = Vec::with_capacity(rows.len());
        for r in &rows {
            let path = get_string(r, "path")?;
            all.push(summary(r, ids.remove(&path).unwrap_or_default())?);
        }
        let mut groups: Vec<WorkingGroup> = all.iter().map(|m| m.wg.clone()).collect();
        groups.sort();
        groups.dedup();
        let mut years: Vec<i32> = all.iter().map(|m| chrono::Datelike::year(&m.meeting_date)).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let rows = all
            .into_iter()
            .filter(|m| filter.wg.as_ref().map(|w| &m.wg == w).unwrap_or(true))
            .filter(|m| filter.year.map(|y| chrono::Datelike::year(&m.meeting_date) == y).unwrap_or(true))
            .collect();
        Ok(MinutesList { rows, groups, years, total: 0, page: 1, pages: 1 })
    }

    /// People at `wg`'s `meetings` most recent meetings, as attendee lines ("Name (Organisation)"
    /// or "Name"), most often seen first; and the lines of the latest meeting, in its order.
    pub async fn recent_attendees(
        &self,
        wg: &WorkingGroup,
        meetings: usize,
    ) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let rows = sqlx::query(
            "SELECT m.path, a.name, a.org FROM minutes m JOIN posts p ON p.path = m.path
             JOIN attendees a ON a.path = m.path
             WHERE m.wg = $1 AND p.removed = 0 AND p.draft = 0 ORDER BY m.meeting_date DESC, m.path, a.position",
        )
        .bind(wg.slug())
        .fetch_all(&self.pool)
        .await?;
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut latest: Vec<String> = Vec::new();
        let mut paths: Vec<String> = Vec::new();
        for r in &rows {
            let path = get_string(r, "path")?;
            if paths.last() != Some(&path) {
                if paths.len() == meetings {
                    break;
                }
                paths.push(path);
            }
            let name = get_string(r, "name")?;
            let line = match get_opt_string(r, "org")? {
                Some(org) => format!("{name} ({org})"),
                None => name,
            };
            if paths.len() == 1 {
                latest.push(line.clone());
            }
            match seen.iter_mut().find(|(l, _)| l.eq_ignore_ascii_case(&line)) {
                Some((_, n)) => *n += 1,
                None => seen.push((line, 1)),
            }
        }
        // A bare name is dropped where the same person was also seen with their organisation.
        let with_org: Vec<String> =
            seen.iter().filter_map(|(l, _)| l.split_once(" (").map(|(n, _)| n.to_lowercase())).collect();
        seen.retain(|(l, _)| l.contains(" (") || !with_org.contains(&l.to_lowercase()));
        seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok((seen.into_iter().map(|(l, _)| l).collect(), latest))
    }

    /// The minutes imported from `path` (relative to their content directory).
    pub async fn minutes_by_path(&self, path: &str) -> Result<Option<MinutesDetail>, StoreError> {
        let sql = format!("{DETAIL_SQL} WHERE p.path = $1");
        let Some(row) = sqlx::query(&sql).bind(path).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        self.minutes_detail(&row, path).await.map(Some)
    }

    /// The slug of the post at `path`.
    pub async fn slug_of(&self, path: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT slug FROM posts WHERE path = $1").bind(path).fetch_optional(&self.pool).await?;
        row.map(|r| get_string(&r, "slug")).transpose()
    }

    pub async fn minutes_by_slug(&self, slug: &str) -> Result<Option<MinutesDetail>, StoreError> {
        let sql = format!("{DETAIL_SQL} WHERE p.slug = $1");
        let Some(row) = sqlx::query(&sql).bind(slug).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let path = get_string(&row, "path")?;
        self.minutes_detail(&row, &path).await.map(Some)
    }

    async fn minutes_detail(&self, row: &AnyRow, path: &str) -> Result<MinutesDetail, StoreError> {
        let attendees = sqlx::query("SELECT name, org FROM attendees WHERE path = $1 ORDER BY position")
            .bind(path)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(Attendee { name: get_string(r, "name")?, org: get_opt_string(r, "org")? }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let ballot_refs =
            sqlx::query("SELECT ballot_id, sentence, says FROM ballot_refs WHERE path = $1 ORDER BY position")
                .bind(path)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(BallotRef {
                        id: get_string(r, "ballot_id")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
                        sentence: get_string(r, "sentence")?,
                        says: get_opt_string(r, "says")?.and_then(|s| app::domain::MinutesSay::parse(&s)),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
        let action_items = self.tracked_items_of(path).await?;
        let decisions = sqlx::query("SELECT text FROM decisions WHERE path = $1 ORDER BY position")
            .bind(path)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| get_string(r, "text"))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut ids: Vec<BallotId> = Vec::new();
        for r in &ballot_refs {
            if !ids.contains(&r.id) {
                ids.push(r.id.clone());
            }
        }
        let warnings: Vec<String> = super::get_json(row, "warnings")?;
        Ok(MinutesDetail {
            summary: summary(row, ids)?,
            published: get_string(row, "published")?,
            author: get_opt_string(row, "author")?,
            minute_taker: get_opt_string(row, "minute_taker")?,
            next_meeting: parse_opt_date(row, "next_meeting")?,
            html: get_string(row, "html")?,
            removed: get_i64(row, "removed")? != 0,
            warnings,
            attendees,
            ballot_refs,
            action_items,
            decisions,
            history: Vec::new(),
        })
    }

    /// Every current minutes record in full, oldest meeting first (for export).
    pub async fn all_minutes(&self, at: Instant) -> Result<Vec<MinutesDetail>, StoreError> {
        let sql = format!("{DETAIL_SQL} WHERE {} ORDER BY m.meeting_date, p.path", super::shown(1));
        let rows = sqlx::query(&sql).bind(super::utc_text(at)).fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let path = get_string(r, "path")?;
            out.push(self.minutes_detail(r, &path).await?);
        }
        Ok(out)
    }

    /// Minutes that mention a ballot, oldest first, with the sentences that mention it.
    pub async fn minutes_mentioning(
        &self,
        id: &BallotId,
        at: Instant,
    ) -> Result<Vec<(MinutesSummary, Vec<String>)>, StoreError> {
        let sql = format!(
            "{SUMMARY_SQL} WHERE {} AND p.path IN (SELECT path FROM ballot_refs WHERE ballot_id = $1) ORDER BY m.meeting_date, p.path",
            super::shown(2)
        );
        let rows = sqlx::query(&sql).bind(id.to_string()).bind(super::utc_text(at)).fetch_all(&self.pool).await?;
        let mut ids = self.ballot_ids_by_path().await?;
        let mut out = Vec::new();
        for r in &rows {
            let path = get_string(r, "path")?;
            let sentences =
                sqlx::query("SELECT sentence FROM ballot_refs WHERE path = $1 AND ballot_id = $2 ORDER BY position")
                    .bind(&path)
                    .bind(id.to_string())
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|s| get_string(s, "sentence"))
                    .collect::<Result<Vec<_>, _>>()?;
            out.push((summary(r, ids.remove(&path).unwrap_or_default())?, sentences));
        }
        Ok(out)
    }

    /// What current minutes said about ballots: (ballot, meeting date, what), oldest meeting first.
    /// (Like the other inputs of ballot assembly, scheduled and expired minutes count: what they
    /// record happened, whether or not Hugo lists the post.)
    pub async fn minutes_say(&self) -> Result<Vec<(BallotId, NaiveDate, app::domain::MinutesSay)>, StoreError> {
        let mut rows: Vec<(String, String, String, i64, String)> = self
            .json_rows(
                "m.meeting_date, r.path, r.ballot_id, r.position, r.says",
                "FROM ballot_refs r JOIN minutes m ON m.path = r.path JOIN posts p ON p.path = r.path
                 WHERE p.removed = 0 AND p.draft = 0 AND r.says IS NOT NULL",
                &[],
            )
            .await?;
        rows.sort_by(|a, b| (&a.0, &a.1, a.3).cmp(&(&b.0, &b.1, b.3)));
        let mut out = Vec::with_capacity(rows.len());
        for (day_text, _, id, _, says) in rows {
            let id = id.parse::<BallotId>().map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let day = day_text.parse().map_err(|_| StoreError::Corrupt(format!("date \"{day_text}\"")))?;
            if let Some(says) = app::domain::MinutesSay::parse(&says) {
                out.push((id, day, says));
            }
        }
        Ok(out)
    }

    /// Every ballot id mentioned in current minutes.
    pub async fn mentioned_ballot_ids(&self, at: Instant) -> Result<Vec<BallotId>, StoreError> {
        let sql = format!(
            "SELECT DISTINCT r.ballot_id FROM ballot_refs r JOIN posts p ON p.path = r.path WHERE {}",
            super::shown(1)
        );
        let rows = sqlx::query(&sql).bind(super::utc_text(at)).fetch_all(&self.pool).await?;
        let mut ids = rows
            .iter()
            .map(|r| get_string(r, "ballot_id")?.parse::<BallotId>().map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        ids.sort();
        Ok(ids)
    }
}
