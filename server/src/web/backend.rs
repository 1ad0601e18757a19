//! The store seen through the UI's [`Backend`] trait.

use super::error::app_error_from_store;
use crate::store::Store;
use app::backend::Backend;
use app::domain::BallotId;
use app::error::AppError;
use app::model::{
    ActionItemRow, HomeData, Mention, MinutesDetail, MinutesFilter, MinutesList, PostKind, PostPage, PostSummary,
};

#[async_trait::async_trait]
impl Backend for Store {
    async fn home(&self) -> Result<HomeData, AppError> {
        let counts = self.counts().await.map_err(app_error_from_store)?;
        let recent = self.recent_posts(20).await.map_err(app_error_from_store)?;
        Ok(HomeData { counts, recent })
    }

    async fn posts(&self, kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError> {
        self.list_posts(kind).await.map_err(app_error_from_store)
    }

    async fn post(&self, slug: &str) -> Result<PostPage, AppError> {
        self.post_by_slug(slug)
            .await
            .map_err(app_error_from_store)?
            .ok_or_else(|| AppError::NotFound(format!("No post is called \"{slug}\".")))
    }

    async fn minutes(&self, filter: MinutesFilter) -> Result<MinutesList, AppError> {
        self.list_minutes(&filter).await.map_err(app_error_from_store)
    }

    async fn minutes_detail(&self, slug: &str) -> Result<MinutesDetail, AppError> {
        self.minutes_by_slug(slug)
            .await
            .map_err(app_error_from_store)?
            .ok_or_else(|| AppError::NotFound(format!("No minutes are called \"{slug}\".")))
    }

    async fn action_items(&self) -> Result<Vec<ActionItemRow>, AppError> {
        self.action_item_rows().await.map_err(app_error_from_store)
    }

    async fn ballot_mentions(&self, id: &BallotId) -> Result<Vec<Mention>, AppError> {
        let found = self.minutes_mentioning(id).await.map_err(app_error_from_store)?;
        Ok(found.into_iter().map(|(minutes, sentences)| Mention { minutes, sentences }).collect())
    }
}
