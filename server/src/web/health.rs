//! `GET /healthz`: is the process up and can it reach its database?

use super::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let db = state.store.ping().await;
    let (status, db_status) = match &db {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    };
    let body = json!({
        "status": if db.is_ok() { "ok" } else { "degraded" },
        "version": env!("CARGO_PKG_VERSION"),
        "database": { "status": db_status, "engine": state.store.engine().name() },
        "hydration": state.site.hydrate,
    });
    (status, Json(body))
}
