//! `GET /healthz`: is the process up, can it reach its database, and has its start-up import
//! finished (`"import": "running" | "done" | "failed" | "none"`)?

use super::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU8, Ordering};

/// Where the start-up import of `quorum serve` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum StartupImport {
    /// No start-up import (`--no-import`, no content directory, or a server built in a test).
    None = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

static STARTUP_IMPORT: AtomicU8 = AtomicU8::new(StartupImport::None as u8);

/// Records where the start-up import is (one per process).
pub fn set_startup_import(state: StartupImport) {
    STARTUP_IMPORT.store(state as u8, Ordering::Release);
}

fn startup_import() -> &'static str {
    match STARTUP_IMPORT.load(Ordering::Acquire) {
        1 => "running",
        2 => "done",
        3 => "failed",
        _ => "none",
    }
}

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
        "import": startup_import(),
    });
    (status, Json(body))
}
