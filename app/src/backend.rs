//! The one seam between the UI and the server's data: server functions ask a [`Backend`] from the
//! request context, the server implements it over its store. This keeps SQL out of the UI crate
//! and lets UI tests run against a fake.

use crate::domain::actions::TrackedItem;
use crate::domain::{BallotId, WorkingGroup};
use crate::error::AppError;
use crate::model::{
    AccountPage, ActionItemsList, BallotBoard, BallotPage, BallotStepForm, ComposePage, HomeData, ItemEdit, ItemFilter,
    MinutesDetail, MinutesEdit, MinutesFilter, MinutesForm, MinutesList, MinutesPreview, NewBallotForm, NewBallotPage,
    NewItem, PostKind, PostPage, PostSummary, SessionInfo,
};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn home(&self) -> Result<HomeData, AppError>;
    async fn posts(&self, kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError>;
    async fn post(&self, slug: &str) -> Result<PostPage, AppError>;
    async fn minutes(&self, filter: MinutesFilter) -> Result<MinutesList, AppError>;
    async fn minutes_detail(&self, slug: &str) -> Result<MinutesDetail, AppError>;
    async fn action_items(&self, filter: ItemFilter) -> Result<ActionItemsList, AppError>;
    async fn ballots(&self, wg: Option<WorkingGroup>) -> Result<BallotBoard, AppError>;
    async fn ballot(&self, id: &BallotId) -> Result<BallotPage, AppError>;

    /// Who is asking (from the request), with the session's CSRF token; `start` makes a session
    /// (and token) for an anonymous visitor, which the login form needs.
    async fn session(&self, start: bool) -> Result<SessionInfo, AppError>;
    /// The logged-in viewer's account page; `Unauthorized` when nobody is logged in.
    async fn account(&self) -> Result<AccountPage, AppError>;
    /// Names of the people items can be assigned to (users); logged-in viewers only.
    async fn people(&self) -> Result<Vec<String>, AppError>;
    /// Changes an action item (`op`: confirm, dismiss, update, done, reopen), checking the CSRF
    /// token, the viewer's role and the item's `revision`.
    async fn change_item(
        &self,
        id: &str,
        op: &str,
        revision: Option<i64>,
        edit: ItemEdit,
        note: Option<String>,
        csrf: &str,
    ) -> Result<TrackedItem, AppError>;
    /// Adds an action item to the minutes with `slug`.
    async fn add_item(&self, slug: &str, item: NewItem, csrf: &str) -> Result<TrackedItem, AppError>;

    /// The "New minutes" page for the viewer (the groups they chair), with the preview of `form`.
    async fn compose(&self, form: MinutesForm) -> Result<ComposePage, AppError>;
    /// The preview of `form`: rendered, sanitised and extracted as readers and Quorum will see it.
    async fn preview_minutes(&self, form: MinutesForm) -> Result<MinutesPreview, AppError>;
    /// Publishes minutes; returns their slug (and sends the browser to their page).
    async fn publish_minutes(&self, form: MinutesForm, csrf: &str) -> Result<String, AppError>;
    /// The edit form of the minutes with `slug`.
    async fn minutes_edit(&self, slug: &str) -> Result<MinutesEdit, AppError>;
    /// Saves new text for the minutes with `slug`, unless the file changed since `hash`.
    async fn save_minutes(&self, slug: &str, body: String, hash: String, csrf: &str) -> Result<String, AppError>;
    /// The "New ballot" page for the viewer.
    async fn new_ballot_page(&self) -> Result<NewBallotPage, AppError>;
    /// Creates a ballot; returns its id (and sends the browser to its page).
    async fn create_ballot(&self, form: NewBallotForm, csrf: &str) -> Result<String, AppError>;
    /// Records a step of the ballot `id`; returns its new revision.
    async fn ballot_step(&self, id: &str, form: BallotStepForm, csrf: &str) -> Result<i64, AppError>;
}

/// How server functions find the backend: provided as context by the server's router.
pub type SharedBackend = Arc<dyn Backend>;

/// The backend of the current request.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| AppError::Internal("no backend in the request context".into()))
}
