//! The store seen through the UI's [`Backend`] trait: each page's data from the read side
//! (`crate::read`), at the moment the injected clock gives (so tests can fix it).

use super::state::Clock;
use crate::read;
use crate::store::Store;
use app::backend::Backend;
use app::domain::{BallotId, WorkingGroup};
use app::error::AppError;
use app::model::{
    ActionItemRow, BallotBoard, BallotPage, HomeData, MinutesDetail, MinutesFilter, MinutesList, PostKind, PostPage,
    PostSummary,
};

#[derive(Clone)]
pub struct StoreBackend {
    pub store: Store,
    pub clock: Clock,
}

#[async_trait::async_trait]
impl Backend for StoreBackend {
    async fn home(&self) -> Result<HomeData, AppError> {
        let now = (self.clock)();
        let counts = self.store.counts(now).await?;
        let recent = self.store.recent_posts(20, now).await?;
        let all = self.store.ballots().await?;
        Ok(HomeData { counts, recent, live_ballots: read::live(&all, now) })
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
        self.store
            .minutes_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("No minutes are called \"{slug}\".")))
    }

    async fn action_items(&self) -> Result<Vec<ActionItemRow>, AppError> {
        Ok(self.store.action_item_rows((self.clock)()).await?)
    }

    async fn ballots(&self, wg: Option<WorkingGroup>) -> Result<BallotBoard, AppError> {
        let all = self.store.ballots().await?;
        let mentioned = self.store.mentioned_ballot_ids((self.clock)()).await?;
        Ok(read::board(&all, (self.clock)(), wg.as_ref(), &mentioned))
    }

    async fn ballot(&self, id: &BallotId) -> Result<BallotPage, AppError> {
        let mentions = read::mentions(&self.store, id, (self.clock)()).await?;
        let detail = match self.store.ballot(id).await? {
            Some(a) => Some(read::ballot_detail(&self.store, &a, (self.clock)()).await?),
            None => None,
        };
        if detail.is_none() && mentions.is_empty() {
            return Err(AppError::NotFound(format!("No post or minutes mention ballot {id}.")));
        }
        Ok(BallotPage { id: id.clone(), detail, mentions })
    }
}
