//! `GET /minutes/{slug}/source` and `/posts/{slug}/source`: a post's file exactly as imported.

use super::error::HttpError;
use super::state::AppState;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;

pub async fn source(State(state): State<AppState>, Path(slug): Path<String>) -> Result<impl IntoResponse, HttpError> {
    let (path, raw) = state
        .store
        .post_source(&slug)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No post is called \"{slug}\".")))?;
    let file = path.rsplit('/').next().unwrap_or(&path).replace('"', "");
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
        ],
        raw,
    ))
}
