//! The store seen through the UI's [`Backend`] trait, with the clock that decides where ballots
//! stand (injected, so tests can fix the moment).

use super::error::app_error_from_store;
use crate::store::Store;
use app::backend::Backend;
use app::domain::{BallotId, Instant, Stage, WorkingGroup};
use app::error::AppError;
use app::model::{
    ActionItemRow, BallotBoard, BallotPage, HomeData, Mention, MinutesDetail, MinutesFilter, MinutesList, PostKind,
    PostPage, PostSummary,
};
use std::sync::Arc;

/// Tells the time; `system_clock` in production, a fixed instant in tests.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Utc::now().fixed_offset())
}

#[derive(Clone)]
pub struct StoreBackend {
    pub store: Store,
    pub clock: Clock,
}

impl StoreBackend {
    async fn mentions(&self, id: &BallotId) -> Result<Vec<Mention>, AppError> {
        let found = self.store.minutes_mentioning(id).await.map_err(app_error_from_store)?;
        Ok(found.into_iter().map(|(minutes, sentences)| Mention { minutes, sentences }).collect())
    }
}

#[async_trait::async_trait]
impl Backend for StoreBackend {
    async fn home(&self) -> Result<HomeData, AppError> {
        let now = (self.clock)();
        let counts = self.store.counts().await.map_err(app_error_from_store)?;
        let recent = self.store.recent_posts(20).await.map_err(app_error_from_store)?;
        let all = self.store.ballots().await.map_err(app_error_from_store)?;
        let mut live: Vec<_> = all
            .iter()
            .map(|a| crate::ballots::summary(a, now))
            .filter(|s| matches!(s.stage, Stage::Discussion | Stage::Voting | Stage::Review))
            .collect();
        live.sort_by_key(|s| s.next_deadline.as_ref().map(|d| d.at));
        Ok(HomeData { counts, recent, live_ballots: live })
    }

    async fn posts(&self, kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError> {
        self.store.list_posts(kind).await.map_err(app_error_from_store)
    }

    async fn post(&self, slug: &str) -> Result<PostPage, AppError> {
        self.store
            .post_by_slug(slug)
            .await
            .map_err(app_error_from_store)?
            .ok_or_else(|| AppError::NotFound(format!("No post is called \"{slug}\".")))
    }

    async fn minutes(&self, filter: MinutesFilter) -> Result<MinutesList, AppError> {
        self.store.list_minutes(&filter).await.map_err(app_error_from_store)
    }

    async fn minutes_detail(&self, slug: &str) -> Result<MinutesDetail, AppError> {
        self.store
            .minutes_by_slug(slug)
            .await
            .map_err(app_error_from_store)?
            .ok_or_else(|| AppError::NotFound(format!("No minutes are called \"{slug}\".")))
    }

    async fn action_items(&self) -> Result<Vec<ActionItemRow>, AppError> {
        self.store.action_item_rows().await.map_err(app_error_from_store)
    }

    async fn ballots(&self, wg: Option<WorkingGroup>) -> Result<BallotBoard, AppError> {
        let all = self.store.ballots().await.map_err(app_error_from_store)?;
        let mentioned = self.store.mentioned_ballot_ids().await.map_err(app_error_from_store)?;
        Ok(crate::ballots::board(&all, (self.clock)(), wg.as_ref(), &mentioned))
    }

    async fn ballot(&self, id: &BallotId) -> Result<BallotPage, AppError> {
        let mentions = self.mentions(id).await?;
        let stored = self.store.ballot(id).await.map_err(app_error_from_store)?;
        let detail = match stored {
            Some(a) => {
                let sources = self.store.source_posts(&a.sources).await.map_err(app_error_from_store)?;
                Some(crate::ballots::detail(&a, (self.clock)(), mentions.clone(), sources))
            }
            None => None,
        };
        if detail.is_none() && mentions.is_empty() {
            return Err(AppError::NotFound(format!("No post or minutes mention ballot {id}.")));
        }
        Ok(BallotPage { id: id.clone(), detail, mentions })
    }
}
