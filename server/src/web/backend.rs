//! The store seen through the UI's [`Backend`] trait: each page's data from the read side
//! (`crate::read`), at the moment the injected clock gives (so tests can fix it), and each change
//! through the write side (`crate::commands`) as the request's viewer.

use super::auth::{self, Viewer};
use super::state::Clock;
use crate::commands::{self, ItemRequest};
use crate::read;
use crate::store::{Store, TokenKind};
use app::backend::Backend;
use app::domain::access::Account;
use app::domain::actions::TrackedItem;
use app::domain::{BallotId, WorkingGroup};
use app::error::AppError;
use app::model::{
    AccountPage, ActionItemRow, ActionItemsList, BallotBoard, BallotPage, BallotRun, BallotStepForm, ComposePage,
    HomeData, ItemEdit, ItemFilter, MinutesDetail, MinutesEdit, MinutesFilter, MinutesForm, MinutesList,
    MinutesPreview, NewBallotForm, NewBallotPage, NewItem, PostKind, PostPage, PostSummary, SessionInfo,
};
use std::path::PathBuf;

#[derive(Clone)]
pub struct StoreBackend {
    pub store: Store,
    pub clock: Clock,
    /// Where posts written from Quorum go (minutes, ballots); none: publishing is refused.
    pub content_dir: Option<PathBuf>,
    /// Groups whose members record their own organisation's votes.
    pub member_votes: Vec<WorkingGroup>,
}

/// The viewer of the request being served (set by [`auth::resolve_viewer`]).
fn viewer() -> Viewer {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

/// The logged-in viewer as the write side sees them, after the form's CSRF token is checked.
async fn acting(csrf: &str) -> Result<(Viewer, commands::Actor), AppError> {
    let viewer = viewer();
    let Some(actor) = viewer.actor.clone() else {
        return Err(commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
    };
    auth::check_csrf(&viewer, csrf).await?;
    Ok((viewer, actor))
}

/// True when the request is a plain HTML form post (JavaScript off), which is answered with a
/// redirect rather than data.
fn plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The groups `account` chairs (all of them for administrators).
fn chaired(account: &Account) -> Vec<WorkingGroup> {
    WorkingGroup::KNOWN.iter().filter(|wg| account.chairs(wg)).cloned().collect()
}

/// `YYYY-MM-DDTHH:MM` (a datetime-local field, read as UTC) or RFC 3339; empty is none.
fn form_instant(text: Option<&str>) -> Result<Option<app::domain::Instant>, AppError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(Some(t));
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(Some(t.and_utc().fixed_offset()));
        }
    }
    Err(AppError::BadRequest(format!("\"{text}\" is not a time such as 2026-11-26T12:00 (UTC)")))
}

/// The step a form asks for, as the write side takes it.
fn step_request(form: &BallotStepForm) -> Result<commands::ballots::StepRequest, AppError> {
    use commands::ballots::StepRequest as S;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let need = |v: &Option<String>, what: &str| {
        text(v).ok_or_else(|| AppError::BadRequest(format!("{}: give the {what}", form.op)))
    };
    Ok(match form.op.as_str() {
        "endorse" => S::Endorse { name: need(&form.name, "endorser's name")?, org: text(&form.org) },
        "version" => S::Version {
            version: need(&form.version, "version number")?
                .parse()
                .map_err(|_| AppError::BadRequest("version: the version is a number such as 2".into()))?,
            url: text(&form.url),
        },
        "start_discussion" => S::StartDiscussion,
        "start_voting" => S::StartVoting,
        "vote" => S::Vote {
            org: need(&form.org, "organisation")?,
            category: need(&form.category, "category (issuer or consumer)")?,
            vote: need(&form.vote, "vote (yes, no or abstain)")?,
        },
        "close_voting" => S::CloseVoting,
        "start_review" => S::StartReview {
            days: need(&form.days, "length of the review (30 or 60 days)")?
                .parse()
                .map_err(|_| AppError::BadRequest("start_review: the review lasts 30 or 60 days".into()))?,
        },
        "exclusion_notice" => S::ExclusionNotice { org: text(&form.org) },
        "close_review" => S::CloseReview,
        "withdraw" => S::Withdraw,
        "cancel" => S::Cancel,
        other => return Err(AppError::BadRequest(format!("\"{other}\" is not a step of a ballot"))),
    })
}

/// The viewer's pending items among `rows`.
fn mine(rows: Vec<ActionItemRow>, account: Option<&Account>) -> Vec<ActionItemRow> {
    let Some(account) = account else { return Vec::new() };
    rows.into_iter()
        .filter(|r| r.item.state.is_pending() && account.owns(&r.item.owner, r.item.owner_email.as_deref()))
        .collect()
}

#[async_trait::async_trait]
impl Backend for StoreBackend {
    async fn home(&self) -> Result<HomeData, AppError> {
        let now = (self.clock)();
        let counts = self.store.counts(now).await?;
        let recent = self.store.recent_posts(20, now).await?;
        let all = self.store.ballots().await?;
        let viewer = viewer();
        let my_items = match &viewer.actor {
            Some(actor) => Some(mine(self.store.action_item_rows(now).await?, Some(&actor.account))),
            None => None,
        };
        Ok(HomeData { counts, recent, live_ballots: read::live(&all, now), my_items })
    }

    async fn posts(&self, kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError> {
        Ok(self.store.list_posts(kind, (self.clock)()).await?)
    }

    async fn post(&self, slug: &str) -> Result<PostPage, AppError> {
        self.store.post_by_slug(slug).await?.ok_or_else(|| AppError::NotFound(format!("No post is called \"{slug}\".")))
    }

    async fn minutes(&self, filter: MinutesFilter) -> Result<MinutesList, AppError> {
        Ok(self.store.list_minutes(&filter, (self.clock)()).await?)
    }

    async fn minutes_detail(&self, slug: &str) -> Result<MinutesDetail, AppError> {
        let mut detail = self
            .store
            .minutes_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("No minutes are called \"{slug}\".")))?;
        detail.history = read::minutes_history(&self.store, &detail).await?;
        if viewer().actor.is_none() {
            // Which account an item is assigned to is for members' eyes: anonymous readers see
            // the owner's name only.
            for item in &mut detail.action_items {
                item.owner_email = None;
            }
            for entry in &mut detail.history {
                entry.before = None;
                entry.after = None;
            }
        }
        Ok(detail)
    }

    async fn action_items(&self, filter: ItemFilter) -> Result<ActionItemsList, AppError> {
        let mut list = read::action_items(&self.store, &filter, (self.clock)()).await?;
        if viewer().actor.is_none() {
            for row in &mut list.rows {
                row.item.owner_email = None;
            }
        }
        Ok(list)
    }

    async fn ballots(&self, wg: Option<WorkingGroup>) -> Result<BallotBoard, AppError> {
        let all = self.store.ballots().await?;
        let mentioned = self.store.mentioned_ballot_ids((self.clock)()).await?;
        Ok(read::board(&all, (self.clock)(), wg.as_ref(), &mentioned))
    }

    async fn ballot(&self, id: &BallotId) -> Result<BallotPage, AppError> {
        let mentions = read::mentions(&self.store, id, (self.clock)()).await?;
        let assembled = self.store.ballot(id).await?;
        let detail = match &assembled {
            Some(a) => Some(read::ballot_detail(&self.store, a, (self.clock)()).await?),
            None => None,
        };
        let managed_draft = detail.is_none() && self.store.managed_ballot(id).await?.is_some();
        if detail.is_none() && mentions.is_empty() && !managed_draft {
            return Err(AppError::NotFound(format!("No post or minutes mention ballot {id}.")));
        }
        let anonymous = viewer().actor.is_none();
        let history = match &assembled {
            Some(a) => {
                let records: Vec<(&str, &str)> = a.sources.iter().map(|p| ("post", p.as_str())).collect();
                let mut h = self.store.history(&records).await?;
                if anonymous {
                    h.iter_mut().for_each(|e| (e.before, e.after) = (None, None));
                }
                h
            }
            None => Vec::new(),
        };
        let viewer = viewer();
        let wg = match (&assembled, self.store.managed_ballot(id).await?) {
            (_, Some(m)) => Some((m.wg.clone(), Some(m))),
            (Some(a), None) => Some((a.wg.clone(), None)),
            (None, None) => None,
        };
        let (mut run, mut announcements) = (None, Vec::new());
        if let (Some(actor), Some((wg, managed))) = (&viewer.actor, wg) {
            if app::domain::access::authorize_ballot(Some(&actor.account), &wg).is_ok() {
                announcements = read::announcements(&self.store, id).await?.unwrap_or_default();
                if let Some(m) = managed {
                    let now = (self.clock)();
                    let b = m.ballot();
                    let (orgs, _) = self.store.recent_attendees(&wg, 6).await?;
                    let mut org_names: Vec<String> = Vec::new();
                    for line in orgs {
                        if let Some(org) = line.split_once('(').map(|(_, o)| o.trim_end_matches(')').trim().to_string())
                        {
                            if !org_names.iter().any(|o| o.eq_ignore_ascii_case(&org)) {
                                org_names.push(org);
                            }
                        }
                    }
                    org_names.sort();
                    run = Some(BallotRun {
                        revision: m.revision,
                        csrf: auth::csrf_token(viewer.session.as_ref()).await.unwrap_or_default(),
                        next_steps: app::domain::ballot::next_steps(&b, now).into_iter().map(String::from).collect(),
                        orgs: org_names,
                        now: now.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M").to_string(),
                        title: m.title.clone(),
                        wg: m.wg.clone(),
                        stage: app::domain::status_at(&b, now),
                        proposer: b.proposer.clone(),
                        endorsers: b.endorsers.clone(),
                    });
                }
            }
        }
        let mut own_vote = None;
        if let (Some(actor), None, Some(m)) = (&viewer.actor, &run, self.store.managed_ballot(id).await?) {
            let now = (self.clock)();
            let b = m.ballot();
            let org = actor.account.org.clone().unwrap_or_default();
            let voting = app::domain::status_at(&b, now) == app::domain::Stage::Voting;
            if voting
                && app::domain::access::authorize_vote(
                    Some(&actor.account),
                    &m.wg,
                    &org,
                    self.member_votes.contains(&m.wg),
                )
                .is_ok()
            {
                let key = app::domain::tally::org_key(&org);
                let recorded = app::domain::tally::effective_votes(&b.votes)
                    .into_iter()
                    .find(|v| app::domain::tally::org_key(&v.org) == key)
                    .map(|v| v.choice.as_str().to_string());
                let csrf = auth::csrf_token(viewer.session.as_ref()).await.unwrap_or_default();
                own_vote = Some(app::model::OwnVote { org, csrf, recorded });
            }
        }
        if detail.is_none() && mentions.is_empty() && run.is_none() {
            // A draft run in Quorum is for its group's chairs until its discussion starts.
            return Err(AppError::NotFound(format!("No post or minutes mention ballot {id}.")));
        }
        Ok(BallotPage { id: id.clone(), detail, mentions, history, run, announcements, own_vote })
    }

    async fn session(&self, start: bool) -> Result<SessionInfo, AppError> {
        let viewer = viewer();
        let csrf = if start || viewer.actor.is_some() {
            auth::csrf_token(viewer.session.as_ref()).await
        } else {
            auth::existing_csrf_token(viewer.session.as_ref()).await
        };
        let csrf = csrf.unwrap_or_default();
        let no_users = self.store.user_count().await? == 0;
        Ok(SessionInfo { account: viewer.actor.map(|a| a.account), csrf, no_users })
    }

    async fn account(&self) -> Result<AccountPage, AppError> {
        let viewer = viewer();
        let actor = viewer.actor.ok_or_else(|| AppError::Unauthorized("Log in to see your account.".into()))?;
        let email = actor.account.email.clone();
        let new_calendar_url = match &viewer.session {
            Some(s) => s.remove::<String>(auth::CALENDAR_FLASH).await.ok().flatten(),
            None => None,
        };
        let calendar_active = self
            .store
            .tokens(Some(&email))
            .await?
            .iter()
            .any(|t| t.kind == TokenKind::Calendar.as_str() && t.revoked_at.is_none());
        let my_items = mine(self.store.action_item_rows((self.clock)()).await?, Some(&actor.account));
        Ok(AccountPage { account: actor.account, new_calendar_url, calendar_active, my_items })
    }

    async fn people(&self) -> Result<Vec<String>, AppError> {
        if viewer().actor.is_none() {
            return Err(AppError::Unauthorized("Log in to see who items can be assigned to.".into()));
        }
        Ok(self.store.users().await?.into_iter().filter(|u| !u.disabled).map(|u| u.name).collect())
    }

    async fn change_item(
        &self,
        id: &str,
        op: &str,
        revision: Option<i64>,
        edit: ItemEdit,
        note: Option<String>,
        csrf: &str,
    ) -> Result<TrackedItem, AppError> {
        let viewer = viewer();
        if viewer.actor.is_none() {
            return Err(commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
        }
        auth::check_csrf(&viewer, csrf).await?;
        let request = ItemRequest::parse(op, edit, note)?;
        Ok(commands::change_item(&self.store, viewer.actor.as_ref(), id, request, revision, (self.clock)()).await?)
    }

    async fn add_item(&self, slug: &str, item: NewItem, csrf: &str) -> Result<TrackedItem, AppError> {
        let viewer = viewer();
        if viewer.actor.is_none() {
            return Err(commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
        }
        auth::check_csrf(&viewer, csrf).await?;
        Ok(commands::add_item(&self.store, viewer.actor.as_ref(), slug, item, (self.clock)()).await?)
    }

    async fn compose(&self, form: MinutesForm) -> Result<ComposePage, AppError> {
        let viewer = viewer();
        let account = viewer
            .actor
            .as_ref()
            .map(|a| a.account.clone())
            .ok_or_else(|| AppError::Unauthorized("Log in to publish minutes.".into()))?;
        let groups = chaired(&account);
        if groups.is_empty() || account.disabled {
            return Err(AppError::Forbidden("Only a working group's chairs publish its minutes.".into()));
        }
        let mut form = form;
        if form.wg.is_empty() && groups.len() == 1 {
            form.wg = groups[0].slug().to_string();
        }
        let wg = form.wg.parse::<WorkingGroup>().ok().filter(|w| groups.contains(w));
        let (people, latest) = match &wg {
            Some(wg) => self.store.recent_attendees(wg, 6).await?,
            None => (Vec::new(), Vec::new()),
        };
        if form.attendees.trim().is_empty() && form.body.trim().is_empty() {
            form.attendees = latest.join("\n");
        }
        let blank = form.body.trim().is_empty() && form.meeting_date.trim().is_empty();
        let preview = if blank {
            MinutesPreview::default()
        } else {
            crate::compose::preview(&form, &account.name, (self.clock)())
        };
        let session = self.session(true).await?;
        Ok(ComposePage { session, groups, people, preview, form })
    }

    async fn preview_minutes(&self, form: MinutesForm) -> Result<MinutesPreview, AppError> {
        let viewer = viewer();
        let account = viewer
            .actor
            .as_ref()
            .map(|a| a.account.clone())
            .ok_or_else(|| AppError::Unauthorized("Log in to preview minutes.".into()))?;
        if chaired(&account).is_empty() {
            return Err(AppError::Forbidden("Only a working group's chairs publish its minutes.".into()));
        }
        Ok(crate::compose::preview(&form, &account.name, (self.clock)()))
    }

    async fn publish_minutes(&self, form: MinutesForm, csrf: &str) -> Result<String, AppError> {
        let (_, actor) = acting(csrf).await?;
        let result = commands::minutes::publish_minutes(
            &self.store,
            self.content_dir.as_deref(),
            Some(&actor),
            &form,
            (self.clock)(),
        )
        .await;
        match result {
            Ok((_, slug)) => {
                leptos_axum::redirect(&format!("/minutes/{slug}"));
                Ok(slug)
            }
            Err(commands::CommandError::Invalid(message)) => {
                if plain_form_post() {
                    // Back to the form, filled in, with each problem next to its field.
                    let query = form_urlencoded::Serializer::new(String::new())
                        .append_pair("wg", &form.wg)
                        .append_pair("meeting_date", &form.meeting_date)
                        .append_pair("attendees", &form.attendees)
                        .append_pair("minute_taker", &form.minute_taker)
                        .append_pair("body", &form.body)
                        .append_pair("refused", "1")
                        .finish();
                    leptos_axum::redirect(&format!("/minutes/new?{query}"));
                }
                Err(commands::CommandError::Invalid(message).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn minutes_edit(&self, slug: &str) -> Result<MinutesEdit, AppError> {
        let viewer = viewer();
        let detail = self
            .store
            .minutes_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("No minutes are called \"{slug}\".")))?;
        app::domain::access::authorize_minutes(viewer.actor.as_ref().map(|a| &a.account), &detail.summary.wg)
            .map_err(|d| AppError::from(commands::CommandError::Denied(d)))?;
        let dir = self
            .content_dir
            .as_ref()
            .ok_or_else(|| AppError::Unprocessable("This server has no content directory to edit posts in.".into()))?;
        let path = detail.summary.path.clone();
        let bytes = std::fs::read(dir.join(&path))
            .map_err(|e| AppError::NotFound(format!("{path} cannot be read from the content directory ({e}).")))?;
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        let body = text
            .strip_prefix("---")
            .and_then(|rest| rest.find("\n---").map(|i| rest[i + 4..].trim().to_string()))
            .unwrap_or_else(|| text.trim().to_string());
        let session = self.session(true).await?;
        Ok(MinutesEdit {
            session,
            slug: slug.to_string(),
            path,
            title: detail.summary.title.clone(),
            body,
            hash: commands::minutes::file_hash(&bytes),
        })
    }

    async fn save_minutes(&self, slug: &str, body: String, hash: String, csrf: &str) -> Result<String, AppError> {
        let (_, actor) = acting(csrf).await?;
        let detail = self
            .store
            .minutes_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("No minutes are called \"{slug}\".")))?;
        commands::minutes::edit_minutes(
            &self.store,
            self.content_dir.as_deref(),
            Some(&actor),
            &detail.summary.path,
            &body,
            &hash,
            (self.clock)(),
        )
        .await?;
        let slug = self.store.slug_of(&detail.summary.path).await?.unwrap_or_else(|| slug.to_string());
        leptos_axum::redirect(&format!("/minutes/{slug}"));
        Ok(slug)
    }

    async fn new_ballot_page(&self) -> Result<NewBallotPage, AppError> {
        let viewer = viewer();
        let account = viewer
            .actor
            .as_ref()
            .map(|a| a.account.clone())
            .ok_or_else(|| AppError::Unauthorized("Log in to open a ballot.".into()))?;
        let groups = chaired(&account);
        if groups.is_empty() || account.disabled {
            return Err(AppError::Forbidden("Only a working group's chairs open its ballots.".into()));
        }
        let mut with_ids = Vec::new();
        for wg in groups {
            let n = self.store.next_ballot_number(&wg).await?;
            let id = BallotId::new(wg.clone(), n).to_string();
            with_ids.push((wg, id));
        }
        let session = self.session(true).await?;
        Ok(NewBallotPage { session, groups: with_ids })
    }

    async fn create_ballot(&self, form: NewBallotForm, csrf: &str) -> Result<String, AppError> {
        let (_, actor) = acting(csrf).await?;
        let org = form.proposer_org.trim();
        let new = commands::ballots::NewBallot {
            wg: form.wg,
            title: form.title,
            proposer: app::domain::ballot::Member {
                name: form.proposer_name.trim().to_string(),
                org: (!org.is_empty()).then(|| org.to_string()),
            },
            purpose: form.purpose,
            motion: form.motion,
            id: Some(form.id.trim().to_string()).filter(|i| !i.is_empty()),
            no_review: form.no_review,
        };
        let m = commands::ballots::create_ballot(
            &self.store,
            self.content_dir.as_deref(),
            Some(&actor),
            new,
            (self.clock)(),
        )
        .await?;
        leptos_axum::redirect(&format!("/ballots/{}", m.id));
        Ok(m.id.to_string())
    }

    async fn ballot_step(&self, id: &str, form: BallotStepForm, csrf: &str) -> Result<i64, AppError> {
        let (_, actor) = acting(csrf).await?;
        let id: BallotId = id.parse().map_err(|e: app::domain::IdError| AppError::NotFound(e.to_string()))?;
        let request = step_request(&form)?;
        let at = form_instant(form.at.as_deref())?;
        let (m, _) = commands::ballots::ballot_step(
            &self.store,
            self.content_dir.as_deref(),
            Some(&actor),
            &id,
            request,
            form.expected_revision,
            at,
            (self.clock)(),
            &self.member_votes,
        )
        .await?;
        Ok(m.revision)
    }
}
