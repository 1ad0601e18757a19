//! The one seam between the UI and the server's data: server functions ask a [`Backend`] from the
//! request context, the server implements it over its store. This keeps SQL out of the UI crate
//! and lets UI tests run against a fake.

use crate::domain::{BallotId, WorkingGroup};
use crate::error::AppError;
use crate::model::{
    ActionItemRow, BallotBoard, BallotPage, HomeData, MinutesDetail, MinutesFilter, MinutesList, PostKind, PostPage,
    PostSummary,
};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn home(&self) -> Result<HomeData, AppError>;
    async fn posts(&self, kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError>;
    async fn post(&self, slug: &str) -> Result<PostPage, AppError>;
    async fn minutes(&self, filter: MinutesFilter) -> Result<MinutesList, AppError>;
    async fn minutes_detail(&self, slug: &str) -> Result<MinutesDetail, AppError>;
    async fn action_items(&self) -> Result<Vec<ActionItemRow>, AppError>;
    async fn ballots(&self, wg: Option<WorkingGroup>) -> Result<BallotBoard, AppError>;
    async fn ballot(&self, id: &BallotId) -> Result<BallotPage, AppError>;
}

/// How server functions find the backend: provided as context by the server's router.
pub type SharedBackend = Arc<dyn Backend>;

/// The backend of the current request.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| AppError::Internal("no backend in the request context".into()))
}
