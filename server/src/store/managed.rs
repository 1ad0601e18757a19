//! SQL for ballots a chair runs in Quorum: `managed_ballots` (what the rules do not track, and
//! where the ballot's post is written) and `managed_ballot_steps` (the recorded domain events, in
//! order). Each step is saved with its audit event and a revision check, in one transaction.

use super::events::{record, NewEvent};
use super::{get_i64, get_string, utc_text, Store, StoreError};
use app::domain::ballot::{BallotKind, Event};
use app::domain::{BallotId, Instant, WorkingGroup};

/// A ballot run in Quorum, with its recorded steps.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedBallot {
    pub id: BallotId,
    pub wg: WorkingGroup,
    pub title: String,
    pub kind: BallotKind,
    pub purpose: String,
    pub motion: String,
    pub proposer: app::domain::ballot::Member,
    /// The post's path, relative to the content directory ("posts/2026/2026-12-01-ballot-sc-98.md").
    pub path: String,
    /// Who the post names as its author.
    pub author: String,
    /// Counts the changes; a step is refused unless the caller saw the latest.
    pub revision: i64,
    pub steps: Vec<RecordedStep>,
}

impl ManagedBallot {
    /// The ballot as the rules see it after its recorded steps. A step the rules refuse now was
    /// accepted when it was recorded, so it is applied anyway (the record is what happened).
    pub fn ballot(&self) -> app::domain::Ballot {
        let mut b = app::domain::Ballot::new(self.id.clone(), &self.title, self.kind);
        b.proposer = Some(self.proposer.clone());
        for step in &self.steps {
            b = match app::domain::advance(&b, step.event.clone(), step.at) {
                Ok(next) => next,
                Err(_) => app::domain::ballot::replay(b, vec![(step.at, step.event.clone())]).0,
            };
        }
        b
    }
}

/// One recorded step: what happened and when.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedStep {
    pub at: Instant,
    pub event: Event,
    pub actor: String,
}

fn kind_str(k: BallotKind) -> &'static str {
    match k {
        BallotKind::Guideline => "guideline",
        BallotKind::Other => "other",
    }
}

impl Store {
    /// A managed ballot with its steps, if there is one with this id.
    pub async fn managed_ballot(&self, id: &BallotId) -> Result<Option<ManagedBallot>, StoreError> {
        let Some(r) = sqlx::query("SELECT * FROM managed_ballots WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let rows = sqlx::query("SELECT at, event, actor FROM managed_ballot_steps WHERE ballot_id = $1 ORDER BY seq")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut steps = Vec::with_capacity(rows.len());
        for s in rows {
            let at = get_string(&s, "at")?;
            steps.push(RecordedStep {
                at: chrono::DateTime::parse_from_rfc3339(&at)
                    .map_err(|_| StoreError::Corrupt(format!("step time \"{at}\"")))?,
                event: super::get_json(&s, "event")?,
                actor: get_string(&s, "actor")?,
            });
        }
        let wg = get_string(&r, "wg")?;
        Ok(Some(ManagedBallot {
            id: id.clone(),
            wg: wg.parse().map_err(|_| StoreError::Corrupt(format!("working group \"{wg}\"")))?,
            title: get_string(&r, "title")?,
            kind: if get_string(&r, "kind")? == "guideline" { BallotKind::Guideline } else { BallotKind::Other },
            purpose: get_string(&r, "purpose")?,
            motion: get_string(&r, "motion")?,
            proposer: app::domain::ballot::Member {
                name: get_string(&r, "proposer_name")?,
                org: super::get_opt_string(&r, "proposer_org")?,
            },
            path: get_string(&r, "path")?,
            author: get_string(&r, "author")?,
            revision: get_i64(&r, "revision")?,
            steps,
        }))
    }

    /// Saves a new managed ballot (revision 0, no steps). [`StoreError::Conflict`] when a
    /// ballot with its id is already managed.
    pub async fn create_managed_ballot(&self, m: &ManagedBallot, at: Instant, actor: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = m.id.to_string();
        if sqlx::query("SELECT id FROM managed_ballots WHERE id = $1")
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            return Err(StoreError::Conflict(format!("ballot {id} already exists")));
        }
        let now = utc_text(at);
        sqlx::query(
            "INSERT INTO managed_ballots (id, wg, title, kind, purpose, motion, proposer_name, proposer_org, path, author,
                revision, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11)",
        )
        .bind(&id)
        .bind(m.wg.slug())
        .bind(&m.title)
        .bind(kind_str(m.kind))
        .bind(&m.purpose)
        .bind(&m.motion)
        .bind(&m.proposer.name)
        .bind(m.proposer.org.clone())
        .bind(&m.path)
        .bind(&m.author)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let ev = NewEvent {
            actor,
            record_kind: "ballot",
            record_id: &id,
            action: "create",
            summary: format!("created ballot {id}: {}", m.title),
            before: None,
            after: Some(serde_json::json!({ "id": id, "wg": m.wg.slug(), "title": m.title, "path": m.path })),
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// Appends a step to a managed ballot if its revision is still `expected_revision`; returns
    /// the new revision. [`StoreError::Conflict`] names the change the caller did not see.
    pub async fn append_ballot_step(
        &self,
        id: &BallotId,
        expected_revision: i64,
        step: &RecordedStep,
        action: &str,
        summary: String,
        at: Instant,
    ) -> Result<i64, StoreError> {
        let id_text = id.to_string();
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE managed_ballots SET revision = revision + 1, updated_at = $3 WHERE id = $1 AND revision = $2",
        )
        .bind(&id_text)
        .bind(expected_revision)
        .bind(utc_text(at))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let latest = sqlx::query(
                "SELECT summary, actor FROM events WHERE record_kind = 'ballot' AND record_id = $1 ORDER BY at DESC, id DESC",
            )
            .bind(&id_text)
            .fetch_optional(&mut *tx)
            .await?;
            let what = match latest {
                Some(r) => format!(
                    "ballot {id_text} was changed meanwhile ({} by {}); reload to see the change",
                    get_string(&r, "summary")?,
                    get_string(&r, "actor")?.trim_start_matches("user:")
                ),
                None => format!("ballot {id_text} does not exist"),
            };
            return Err(StoreError::Conflict(what));
        }
        let seq = expected_revision + 1;
        sqlx::query(
            "INSERT INTO managed_ballot_steps (ballot_id, seq, at, event, actor, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id_text)
        .bind(seq)
        .bind(utc_text(step.at))
        .bind(serde_json::to_string(&step.event).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .bind(&step.actor)
        .bind(utc_text(at))
        .execute(&mut *tx)
        .await?;
        let ev = NewEvent {
            actor: &step.actor,
            record_kind: "ballot",
            record_id: &id_text,
            action,
            summary,
            before: Some(serde_json::json!({ "revision": expected_revision })),
            after: Some(serde_json::json!({ "revision": seq, "step": step.event, "at": utc_text(step.at) })),
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        self.changed();
        Ok(seq)
    }

    /// The next free ballot number of a group: one more than the highest it has used, in the
    /// imported ballots or the managed ones.
    pub async fn next_ballot_number(&self, wg: &WorkingGroup) -> Result<u32, StoreError> {
        let mut highest = 0;
        for a in self.ballots().await? {
            if a.history.id.wg == *wg && !a.history.id.legacy {
                highest = highest.max(a.history.id.number);
            }
        }
        let rows =
            sqlx::query("SELECT id FROM managed_ballots WHERE wg = $1").bind(wg.slug()).fetch_all(&self.pool).await?;
        for r in rows {
            if let Ok(id) = get_string(&r, "id")?.parse::<BallotId>() {
                highest = highest.max(id.number);
            }
        }
        Ok(highest + 1)
    }
}
