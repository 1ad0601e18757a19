//! Server functions: thin calls from a page to the [`crate::backend::Backend`]. Each one only
//! unpacks arguments and forwards; rules live in `domain`, SQL in the server's store.

use crate::error::AppError;
use crate::model::{HomeData, PostKind, PostPage, PostSummary};
use leptos::prelude::*;

#[server(prefix = "/_fn", endpoint = "home")]
pub async fn get_home() -> Result<HomeData, AppError> {
    crate::backend::backend()?.home().await
}

#[server(prefix = "/_fn", endpoint = "posts")]
pub async fn list_posts(kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError> {
    crate::backend::backend()?.posts(kind).await
}

#[server(prefix = "/_fn", endpoint = "post")]
pub async fn get_post(slug: String) -> Result<PostPage, AppError> {
    crate::backend::backend()?.post(&slug).await
}
