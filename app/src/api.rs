//! Server functions: thin calls from a page to the [`crate::backend::Backend`]. Each one only
//! unpacks arguments and forwards; rules live in `domain`, SQL in the server's store.

use crate::codec::JsonText;
use crate::domain::WorkingGroup;
use crate::error::AppError;
use crate::model::{
    ActionItemRow, BallotBoard, BallotPage, HomeData, MinutesDetail, MinutesList, PostKind, PostPage, PostSummary,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Post;

#[server(prefix = "/_fn", endpoint = "home", output = Post<JsonText>)]
pub async fn get_home() -> Result<HomeData, AppError> {
    crate::backend::backend()?.home().await
}

#[server(prefix = "/_fn", endpoint = "posts", output = Post<JsonText>)]
pub async fn list_posts(kind: Option<PostKind>) -> Result<Vec<PostSummary>, AppError> {
    crate::backend::backend()?.posts(kind).await
}

#[server(prefix = "/_fn", endpoint = "post", output = Post<JsonText>)]
pub async fn get_post(slug: String) -> Result<PostPage, AppError> {
    crate::backend::backend()?.post(&slug).await
}

/// Minutes filtered by the page's query string; a bad `wg` or `year` is the reader's mistake (400).
#[server(prefix = "/_fn", endpoint = "minutes", output = Post<JsonText>)]
pub async fn list_minutes(wg: Option<String>, year: Option<String>) -> Result<MinutesList, AppError> {
    let filter = crate::model::MinutesFilter { wg: parse_wg(wg.as_deref())?, year: parse_year(year.as_deref())? };
    crate::backend::backend()?.minutes(filter).await
}

#[server(prefix = "/_fn", endpoint = "minutes_detail", output = Post<JsonText>)]
pub async fn get_minutes(slug: String) -> Result<MinutesDetail, AppError> {
    crate::backend::backend()?.minutes_detail(&slug).await
}

#[server(prefix = "/_fn", endpoint = "action_items", output = Post<JsonText>)]
pub async fn list_action_items() -> Result<Vec<ActionItemRow>, AppError> {
    crate::backend::backend()?.action_items().await
}

#[server(prefix = "/_fn", endpoint = "ballots", output = Post<JsonText>)]
pub async fn list_ballots(wg: Option<String>) -> Result<BallotBoard, AppError> {
    let wg = parse_wg(wg.as_deref())?;
    crate::backend::backend()?.ballots(wg).await
}

#[server(prefix = "/_fn", endpoint = "ballot", output = Post<JsonText>)]
pub async fn get_ballot(id: String) -> Result<BallotPage, AppError> {
    let id: crate::domain::BallotId =
        id.parse().map_err(|e: crate::domain::IdError| AppError::NotFound(e.to_string()))?;
    crate::backend::backend()?.ballot(&id).await
}

/// A working-group filter value (see [`WorkingGroup::parse_filter`]); an unknown group is the
/// reader's mistake (400).
pub fn parse_wg(wg: Option<&str>) -> Result<Option<WorkingGroup>, AppError> {
    WorkingGroup::parse_filter(wg).map_err(|e| AppError::BadRequest(e.to_string()))
}

/// A year filter value: empty means all years.
pub fn parse_year(year: Option<&str>) -> Result<Option<i32>, AppError> {
    match year.map(str::trim).filter(|s| !s.is_empty() && *s != "all") {
        None => Ok(None),
        Some(s) => s
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2200).contains(y))
            .map(Some)
            .ok_or_else(|| AppError::BadRequest(format!("\"{s}\" is not a year"))),
    }
}
