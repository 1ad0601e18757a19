//! SQL for ballots: `ballots`, `ballot_versions`, `endorsements`, `votes`, `ballot_sources`, and
//! the inputs ballots are assembled from (ballot posts, minutes attendance).

use super::{get_i64, get_opt_string, get_string, Store, StoreError};
use crate::ingest::assemble::{Assembled, PostSource};
use app::domain::ballot::{BallotKind, Member};
use app::domain::history::{History, MinutesSay, ReviewResult, StatedResult};
use app::domain::ids::{BallotId, WorkingGroup};
use app::domain::tally::Meeting;
use app::domain::tally::{Category, Choice, Quorum, Vote};
use app::domain::Instant;
use chrono::{DateTime, NaiveDate};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

fn instant(s: Option<String>) -> Result<Option<Instant>, StoreError> {
    s.map(|s| {
        DateTime::parse_from_rfc3339(&s).map_err(|_| StoreError::Corrupt(format!("\"{s}\" is not an RFC 3339 instant")))
    })
    .transpose()
}

fn text_instant(t: Option<Instant>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

fn stated_result_str(r: StatedResult) -> &'static str {
    match r {
        StatedResult::Passed => "passed",
        StatedResult::Failed => "failed",
        StatedResult::Withdrawn => "withdrawn",
        StatedResult::Cancelled => "cancelled",
    }
}

fn parse_stated_result(s: &str) -> Result<StatedResult, StoreError> {
    Ok(match s {
        "passed" => StatedResult::Passed,
        "failed" => StatedResult::Failed,
        "withdrawn" => StatedResult::Withdrawn,
        "cancelled" => StatedResult::Cancelled,
        other => return Err(StoreError::Corrupt(format!("stated result \"{other}\""))),
    })
}

fn review_result_str(r: ReviewResult) -> &'static str {
    match r {
        ReviewResult::NoExclusions => "no_exclusions",
        ReviewResult::ExclusionFiled => "exclusion_filed",
    }
}

/// A current ballot post and what its last reading kept (see [`Store::ballot_post_reads`]).
#[derive(Debug, Clone)]
pub struct BallotPostRead {
    pub path: String,
    pub published: Instant,
    /// The post's content hash (`posts.hash`).
    pub hash: String,
    /// What was kept from reading this very text; `None` when it has not been read yet or changed.
    pub kept: Option<KeptRead>,
}

/// What reading a ballot post kept.
#[derive(Debug, Clone)]
pub struct KeptRead {
    /// The post's vote-list names (see `ingest::assemble::vote_names`).
    pub vote_names: Vec<(String, Category)>,
    /// Fingerprint of the organisation dictionary its facts were read with.
    pub dictionary: String,
    /// The ids of the ballots it names.
    pub ballots: Vec<String>,
}

/// What to keep from reading one ballot post.
#[derive(Debug, Clone)]
pub struct NewRead {
    pub path: String,
    pub hash: String,
    pub vote_names: Vec<(String, Category)>,
    pub dictionary: String,
    /// JSON `Vec<BallotFacts>`.
    pub facts: String,
    /// The ids of the ballots it names.
    pub ballots: Vec<String>,
}

impl Store {
    /// Current ballot posts, the input of ballot assembly.
    pub async fn ballot_post_sources(&self) -> Result<Vec<PostSource>, StoreError> {
        let rows = sqlx::query("SELECT path, title, body, published FROM posts WHERE kind = 'ballot' AND removed = 0 AND draft = 0 ORDER BY path")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PostSource {
                    path: get_string(r, "path")?,
                    title: get_string(r, "title")?,
                    body: get_string(r, "body")?,
                    published: instant(Some(get_string(r, "published")?))?.expect("present"),
                })
            })
            .collect()
    }

    /// Current ballot posts named by `paths`, with their text, for reading.
    pub async fn ballot_post_sources_of(&self, paths: &[String]) -> Result<Vec<PostSource>, StoreError> {
        let mut out = Vec::with_capacity(paths.len());
        for chunk in paths.chunks(200) {
            let sql = format!(
                "SELECT path, title, body, published FROM posts WHERE path IN ({}) ORDER BY path",
                super::placeholders(chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(p);
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push(PostSource {
                    path: get_string(&r, "path")?,
                    title: get_string(&r, "title")?,
                    body: get_string(&r, "body")?,
                    published: instant(Some(get_string(&r, "published")?))?.expect("present"),
                });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Every current ballot post (by path) with what its last reading kept, if anything: the
    /// input of a re-assembly that reads again only what changed.
    pub async fn ballot_post_reads(&self) -> Result<Vec<BallotPostRead>, StoreError> {
        type Names = Vec<(String, Category)>;
        type Row = (String, String, String, Option<String>, Option<Names>, Option<String>, Option<Vec<String>>);
        let columns = format!(
            "p.path, p.published, p.hash, r.hash, {}, r.dictionary, {}",
            self.json_embed("r.vote_names"),
            self.json_embed("r.ballots")
        );
        let mut rows: Vec<Row> = self
            .json_rows(
                &columns,
                "FROM posts p LEFT JOIN ballot_post_reads r ON r.path = p.path
                 WHERE p.kind = 'ballot' AND p.removed = 0 AND p.draft = 0",
                &[],
            )
            .await?;
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows.into_iter()
            .map(|(path, published, hash, read_hash, vote_names, dictionary, ballots)| {
                let kept = match (read_hash, vote_names, dictionary, ballots) {
                    (Some(read_hash), Some(vote_names), Some(dictionary), Some(ballots)) if read_hash == hash => {
                        Some(KeptRead { vote_names, dictionary, ballots })
                    }
                    _ => None,
                };
                Ok(BallotPostRead { path, published: instant(Some(published))?.expect("present"), hash, kept })
            })
            .collect()
    }

    /// What reading each of `paths` kept (JSON `Vec<BallotFacts>`), by path.
    pub async fn ballot_post_facts(&self, paths: &[String]) -> Result<HashMap<String, String>, StoreError> {
        let mut out = HashMap::new();
        for chunk in paths.chunks(200) {
            let sql = format!(
                "SELECT path, facts FROM ballot_post_reads WHERE path IN ({})",
                super::placeholders(chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(p);
            }
            for r in q.fetch_all(&self.pool).await? {
                out.insert(get_string(&r, "path")?, get_string(&r, "facts")?);
            }
        }
        Ok(out)
    }

    /// Every kept merge: ballot id → (inputs digest, JSON of the merged record).
    pub async fn ballot_merges(&self) -> Result<HashMap<String, (String, String)>, StoreError> {
        let rows: Vec<(String, String, String)> =
            self.json_rows("id, inputs, merged", "FROM ballot_merges", &[]).await?;
        Ok(rows.into_iter().map(|(id, inputs, merged)| (id, (inputs, merged))).collect())
    }

    /// Keeps `merges` (id, inputs digest, merged JSON), replacing those kept for the same ids,
    /// and forgets those of the ballots in `gone`. One transaction.
    pub async fn save_ballot_merges(
        &self,
        merges: &[(String, String, String)],
        gone: &[String],
    ) -> Result<(), StoreError> {
        if merges.is_empty() && gone.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for id in gone {
            sqlx::query("DELETE FROM ballot_merges WHERE id = $1").bind(id).execute(&mut *tx).await?;
        }
        for chunk in merges.chunks(100) {
            let sql = format!(
                "{} ON CONFLICT (id) DO UPDATE SET inputs = excluded.inputs, merged = excluded.merged",
                super::insert_sql("ballot_merges", &["id", "inputs", "merged"], chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for (id, inputs, merged) in chunk {
                q = q.bind(id).bind(inputs).bind(merged);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Keeps what ballot posts were read to say (replacing what was kept for the same paths), and
    /// forgets what was kept for posts that are no longer current ballot posts. One transaction.
    pub async fn save_ballot_post_reads(&self, reads: &[NewRead]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for chunk in reads.chunks(100) {
            let columns = ["path", "hash", "vote_names", "dictionary", "facts", "ballots"];
            let sql = format!(
                "{} ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, vote_names = excluded.vote_names,
                 dictionary = excluded.dictionary, facts = excluded.facts, ballots = excluded.ballots",
                super::insert_sql("ballot_post_reads", &columns, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(&r.path)
                    .bind(&r.hash)
                    .bind(serde_json::to_string(&r.vote_names).unwrap_or_else(|_| "[]".into()))
                    .bind(&r.dictionary)
                    .bind(&r.facts)
                    .bind(serde_json::to_string(&r.ballots).unwrap_or_else(|_| "[]".into()));
            }
            q.execute(&mut *tx).await?;
        }
        sqlx::query(
            "DELETE FROM ballot_post_reads WHERE path NOT IN
             (SELECT path FROM posts WHERE kind = 'ballot' AND removed = 0 AND draft = 0)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every current meeting with the organisations that attended it, ordered by the minutes' path.
    pub async fn meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        let columns = format!("m.path, m.wg, m.meeting_date, {}", self.json_embed("m.orgs"));
        let mut rows: Vec<(String, String, String, Option<Vec<String>>)> = self
            .json_rows(
                &columns,
                "FROM minutes m JOIN posts p ON p.path = m.path WHERE p.removed = 0 AND p.draft = 0",
                &[],
            )
            .await?;
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = Vec::with_capacity(rows.len());
        for (_, wg, date, orgs) in rows {
            // Minutes imported before `orgs` was kept: read the attendee rows instead.
            let Some(orgs) = orgs else { return self.meetings_from_attendees().await };
            let (wg, date) = meeting_key(&wg, &date)?;
            out.push(Meeting { wg, date, orgs });
        }
        Ok(out)
    }

    async fn meetings_from_attendees(&self) -> Result<Vec<Meeting>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.path, m.wg, m.meeting_date, a.org FROM minutes m JOIN posts p ON p.path = m.path
             LEFT JOIN attendees a ON a.path = m.path WHERE p.removed = 0 AND p.draft = 0 ORDER BY m.path, a.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(String, Meeting)> = Vec::new();
        for r in rows {
            let path = get_string(&r, "path")?;
            if out.last().map(|(p, _)| p != &path).unwrap_or(true) {
                let (wg, date) = meeting_key(&get_string(&r, "wg")?, &get_string(&r, "meeting_date")?)?;
                out.push((path.clone(), Meeting { wg, date, orgs: Vec::new() }));
            }
            if let Some(org) = get_opt_string(&r, "org")? {
                if let Some((_, m)) = out.last_mut() {
                    m.orgs.push(org);
                }
            }
        }
        Ok(out.into_iter().map(|(_, m)| m).collect())
    }

    /// Makes the stored ballot records exactly `ballots`, in one transaction: records no longer
    /// assembled are deleted, and of the rest only those whose [`Assembled::digest`] changed are
    /// written again (a re-import that touched one post rewrites one or two ballots, not all).
    /// Returns how many records were written or deleted.
    pub async fn replace_ballots(&self, ballots: &[Assembled]) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut stored: HashMap<String, Option<String>> = HashMap::new();
        for r in sqlx::query("SELECT id, digest FROM ballots").fetch_all(&mut *tx).await? {
            stored.insert(get_string(&r, "id")?, get_opt_string(&r, "digest")?);
        }
        let wanted: std::collections::HashSet<String> = ballots.iter().map(|a| a.history.id.to_string()).collect();
        let mut touched = 0;
        for id in stored.keys().filter(|id| !wanted.contains(*id)) {
            delete_ballot(&mut tx, id).await?;
            touched += 1;
        }
        for a in ballots {
            let digest = a.digest();
            let id = a.history.id.to_string();
            match stored.get(&id) {
                Some(Some(d)) if *d == digest => continue,
                Some(_) => delete_ballot(&mut tx, &id).await?,
                None => {}
            }
            insert_ballot(&mut tx, a, &digest).await?;
            touched += 1;
        }
        tx.commit().await?;
        if touched > 0 {
            self.changed();
        }
        Ok(touched)
    }

    pub async fn ballot_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM ballots").fetch_one(&self.pool).await?;
        get_i64(&row, "n")
    }

    /// Every stored ballot, ordered by id.
    pub async fn ballots(&self) -> Result<Vec<Assembled>, StoreError> {
        self.load_ballots(None).await
    }

    pub async fn ballot(&self, id: &BallotId) -> Result<Option<Assembled>, StoreError> {
        Ok(self.load_ballots(Some(id)).await?.into_iter().next())
    }

    async fn load_ballots(&self, only: Option<&BallotId>) -> Result<Vec<Assembled>, StoreError> {
        let filter = only.map(|id| id.to_string()).unwrap_or_default();
        let rows = sqlx::query("SELECT * FROM ballots WHERE ($1 = '' OR id = $1) ORDER BY id")
            .bind(&filter)
            .fetch_all(&self.pool)
            .await?;
        let children = |table: &str, cols: &str| {
            format!(
                "SELECT ballot_id, {cols} FROM {table} WHERE ($1 = '' OR ballot_id = $1) ORDER BY ballot_id, {}",
                if table == "ballot_versions" { "number" } else { "position" }
            )
        };
        let mut versions: HashMap<String, Vec<(u32, Option<Instant>)>> = HashMap::new();
        for r in sqlx::query(&children("ballot_versions", "number, posted")).bind(&filter).fetch_all(&self.pool).await?
        {
            versions
                .entry(get_string(&r, "ballot_id")?)
                .or_default()
                .push((get_i64(&r, "number")? as u32, instant(get_opt_string(&r, "posted")?)?));
        }
        let mut endorsers: HashMap<String, Vec<Member>> = HashMap::new();
        for r in sqlx::query(&children("endorsements", "name, org")).bind(&filter).fetch_all(&self.pool).await? {
            endorsers
                .entry(get_string(&r, "ballot_id")?)
                .or_default()
                .push(Member { name: get_string(&r, "name")?, org: get_opt_string(&r, "org")? });
        }
        let mut votes: HashMap<String, Vec<Vote>> = HashMap::new();
        for r in sqlx::query(&children("votes", "org, category, choice")).bind(&filter).fetch_all(&self.pool).await? {
            let category_text = get_string(&r, "category")?;
            let category = Category::parse(&category_text)
                .ok_or_else(|| StoreError::Corrupt(format!("vote category \"{category_text}\"")))?;
            let choice_text = get_string(&r, "choice")?;
            let choice =
                Choice::parse(&choice_text).ok_or_else(|| StoreError::Corrupt(format!("vote \"{choice_text}\"")))?;
            votes.entry(get_string(&r, "ballot_id")?).or_default().push(Vote {
                org: get_string(&r, "org")?,
                category,
                choice,
            });
        }
        let mut sources: HashMap<String, Vec<String>> = HashMap::new();
        for r in sqlx::query(&children("ballot_sources", "path")).bind(&filter).fetch_all(&self.pool).await? {
            sources.entry(get_string(&r, "ballot_id")?).or_default().push(get_string(&r, "path")?);
        }
        rows.iter()
            .map(|r| {
                let id_text = get_string(r, "id")?;
                let id: BallotId = id_text.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?;
                assembled(
                    r,
                    id,
                    versions.remove(&id_text),
                    endorsers.remove(&id_text),
                    votes.remove(&id_text),
                    sources.remove(&id_text),
                )
            })
            .collect()
    }
}

fn assembled(
    r: &AnyRow,
    id: BallotId,
    versions: Option<Vec<(u32, Option<Instant>)>>,
    endorsers: Option<Vec<Member>>,
    votes: Option<Vec<Vote>>,
    sources: Option<Vec<String>>,
) -> Result<Assembled, StoreError> {
    let wg_text = get_string(r, "wg")?;
    let wg: WorkingGroup = wg_text.parse().map_err(|_| StoreError::Corrupt(format!("working group \"{wg_text}\"")))?;
    let active_members = r.try_get::<Option<i64>, _>("active_members_x100")?.map(|x| x as f64 / 100.0);
    let quorum = match (r.try_get::<Option<i64>, _>("quorum_stated")?, active_members) {
        (Some(q), _) => Quorum::Stated(q as u32),
        (None, Some(a)) => Quorum::Active(a),
        _ => Quorum::Unknown,
    };
    let basis: Vec<(String, usize)> = super::get_json(r, "attendance_basis")?;
    let proposer = get_opt_string(r, "proposer_name")?.map(|name| Member { name, org: None });
    let proposer = match proposer {
        Some(mut p) => {
            p.org = get_opt_string(r, "proposer_org")?;
            Some(p)
        }
        None => None,
    };
    let history = History {
        id,
        title: get_string(r, "title")?,
        kind: if get_string(r, "kind")? == "other" { BallotKind::Other } else { BallotKind::Guideline },
        versions: versions.unwrap_or_default(),
        proposer,
        endorsers: endorsers.unwrap_or_default(),
        discussion_start: instant(get_opt_string(r, "discussion_start")?)?,
        discussion_end: instant(get_opt_string(r, "discussion_end")?)?,
        voting_start: instant(get_opt_string(r, "voting_start")?)?,
        voting_end: instant(get_opt_string(r, "voting_end")?)?,
        votes: votes.unwrap_or_default(),
        quorum,
        stated_result: get_opt_string(r, "stated_result")?.map(|s| parse_stated_result(&s)).transpose()?,
        entered_review: get_i64(r, "entered_review")? != 0,
        review_start: instant(get_opt_string(r, "review_start")?)?,
        review_end: instant(get_opt_string(r, "review_end")?)?,
        review_days: r.try_get::<Option<i64>, _>("review_days")?,
        review_result: match get_opt_string(r, "review_result")?.as_deref() {
            None => None,
            Some("no_exclusions") => Some(ReviewResult::NoExclusions),
            Some("exclusion_filed") => Some(ReviewResult::ExclusionFiled),
            Some(other) => return Err(StoreError::Corrupt(format!("review result \"{other}\""))),
        },
        effective: get_opt_string(r, "effective")?
            .map(|s| s.parse().map_err(|_| StoreError::Corrupt(format!("date \"{s}\""))))
            .transpose()?,
        result_posted: instant(get_opt_string(r, "result_posted")?)?,
        never_voted: get_i64(r, "never_voted")? != 0,
        first_posted: instant(get_opt_string(r, "first_posted")?)?,
        effective_dates: super::get_json::<Vec<String>>(r, "effective_dates")?
            .into_iter()
            .map(|s| s.parse().map_err(|_| StoreError::Corrupt(format!("date \"{s}\""))))
            .collect::<Result<_, _>>()?,
        minutes_say: super::get_json::<Vec<(String, String)>>(r, "minutes_say")?
            .into_iter()
            .map(|(d, s)| match (d.parse(), MinutesSay::parse(&s)) {
                (Ok(d), Some(s)) => Ok((d, s)),
                _ => Err(StoreError::Corrupt(format!("minutes evidence \"{d}\" \"{s}\""))),
            })
            .collect::<Result<_, _>>()?,
    };
    Ok(Assembled {
        history,
        wg,
        sources: sources.unwrap_or_default(),
        active_members,
        attendance_basis: basis.into_iter().filter_map(|(d, n)| d.parse().ok().map(|d| (d, n))).collect(),
        warnings: super::get_json(r, "warnings")?,
    })
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Deletes one ballot record with its versions, endorsements, votes and sources.
async fn delete_ballot(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
    for (table, column) in [
        ("ballot_sources", "ballot_id"),
        ("votes", "ballot_id"),
        ("endorsements", "ballot_id"),
        ("ballot_versions", "ballot_id"),
        ("ballots", "id"),
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1")).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inserts one ballot record with its versions, endorsements, votes and sources.
async fn insert_ballot(tx: &mut Tx<'_>, a: &Assembled, digest: &str) -> Result<(), StoreError> {
    let h = &a.history;
    let id = h.id.to_string();
    let (quorum_stated, _) = match h.quorum {
        Quorum::Stated(q) => (Some(q as i64), ()),
        _ => (None, ()),
    };
    sqlx::query(
            "INSERT INTO ballots (id, wg, title, kind, proposer_name, proposer_org, discussion_start, discussion_end, voting_start, voting_end,
                quorum_stated, active_members_x100, attendance_basis, stated_result, entered_review, review_start, review_end, review_days,
                review_result, effective, result_posted, warnings, never_voted, effective_dates, minutes_say, first_posted, digest)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)",
        )
        .bind(&id)
        .bind(a.wg.slug())
        .bind(&h.title)
        .bind(match h.kind {
            BallotKind::Guideline => "guideline",
            BallotKind::Other => "other",
        })
        .bind(h.proposer.as_ref().map(|p| p.name.clone()))
        .bind(h.proposer.as_ref().and_then(|p| p.org.clone()))
        .bind(text_instant(h.discussion_start))
        .bind(text_instant(h.discussion_end))
        .bind(text_instant(h.voting_start))
        .bind(text_instant(h.voting_end))
        .bind(quorum_stated)
        .bind(a.active_members.map(|x| (x * 100.0).round() as i64))
        .bind(serde_json::to_string(&a.attendance_basis.iter().map(|(d, n)| (d.to_string(), *n)).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into()))
        .bind(h.stated_result.map(|r| stated_result_str(r).to_string()))
        .bind(h.entered_review as i64)
        .bind(text_instant(h.review_start))
        .bind(text_instant(h.review_end))
        .bind(h.review_days)
        .bind(h.review_result.map(|r| review_result_str(r).to_string()))
        .bind(h.effective.map(|d| d.to_string()))
        .bind(text_instant(h.result_posted))
        .bind(serde_json::to_string(&a.warnings).unwrap_or_else(|_| "[]".into()))
        .bind(h.never_voted as i64)
        .bind(serde_json::to_string(&h.effective_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into()))
        .bind(serde_json::to_string(&h.minutes_say.iter().map(|(d, s)| (d.to_string(), s.as_str())).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into()))
        .bind(text_instant(h.first_posted))
        .bind(digest)
        .execute(&mut **tx)
        .await?;
    for (n, at) in &h.versions {
        sqlx::query("INSERT INTO ballot_versions (ballot_id, number, posted) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(*n as i64)
            .bind(text_instant(*at))
            .execute(&mut **tx)
            .await?;
    }
    for (i, e) in h.endorsers.iter().enumerate() {
        sqlx::query("INSERT INTO endorsements (ballot_id, position, name, org) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(i as i64)
            .bind(&e.name)
            .bind(e.org.clone())
            .execute(&mut **tx)
            .await?;
    }
    for (i, v) in h.votes.iter().enumerate() {
        sqlx::query("INSERT INTO votes (ballot_id, position, org, category, choice) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(i as i64)
            .bind(&v.org)
            .bind(v.category.as_str())
            .bind(v.choice.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for (i, p) in a.sources.iter().enumerate() {
        sqlx::query("INSERT INTO ballot_sources (ballot_id, position, path) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(i as i64)
            .bind(p)
            .execute(&mut **tx)
            .await?;
    }

    Ok(())
}

/// A minutes row's working group and meeting date, from their stored text.
fn meeting_key(wg_text: &str, date_text: &str) -> Result<(WorkingGroup, NaiveDate), StoreError> {
    let wg: WorkingGroup = wg_text.parse().map_err(|_| StoreError::Corrupt(format!("working group \"{wg_text}\"")))?;
    let date: NaiveDate = date_text.parse().map_err(|_| StoreError::Corrupt(format!("date \"{date_text}\"")))?;
    Ok((wg, date))
}
