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
    AccountPage, ActionItemRow, ActionItemsList, BallotBoard, BallotPage, HomeData, ItemEdit, ItemFilter,
    MinutesDetail, MinutesFilter, MinutesList, NewItem, PostKind, PostPage, PostSummary, SessionInfo,
};

#[derive(Clone)]
pub struct StoreBackend {
    pub store: Store,
    pub clock: Clock,
}

/// The viewer of the request being served (set by [`auth::resolve_viewer`]).
fn viewer() -> Viewer {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
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
        if detail.is_none() && mentions.is_empty() {
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
        Ok(BallotPage { id: id.clone(), detail, mentions, history })
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
}
