//! Turning failures into HTTP responses, in one place. Handlers return `Result<_, HttpError>`;
//! the status comes from [`AppError::status`], the body is a small JSON object with a message
//! for people, and the underlying cause is logged rather than shown.

use crate::store::StoreError;
use app::error::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An [`AppError`] on its way out of an Axum handler.
#[derive(Debug)]
pub struct HttpError(pub AppError);

impl From<AppError> for HttpError {
    fn from(e: AppError) -> Self {
        HttpError(e)
    }
}

impl From<StoreError> for HttpError {
    fn from(e: StoreError) -> Self {
        HttpError(e.into())
    }
}

/// Store failures as the reader sees them; the detail goes to the log.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store error");
        if e.is_unavailable() {
            AppError::Unavailable("The database is not available right now; please try again shortly.".into())
        } else {
            AppError::Internal("The server could not read its records; the error has been logged.".into())
        }
    }
}

/// Refused or failed changes as the person who asked sees them.
impl From<crate::commands::CommandError> for AppError {
    fn from(e: crate::commands::CommandError) -> Self {
        use crate::commands::CommandError;
        use app::domain::access::Denied;
        match e {
            CommandError::Denied(d @ Denied::NotLoggedIn) => {
                AppError::Unauthorized(format!("{}.", capitalise(&d.to_string())))
            }
            CommandError::Denied(d) => AppError::Forbidden(format!("{}.", capitalise(&d.to_string()))),
            CommandError::NotFound(m) => AppError::NotFound(format!("{}.", capitalise(&m))),
            CommandError::Invalid(m) => AppError::BadRequest(format!("{}.", capitalise(&m))),
            CommandError::Conflict(m) => AppError::Conflict(format!("{}.", capitalise(&m))),
            CommandError::Refused(m) => AppError::Unprocessable(format!("{}.", capitalise(m.trim_end_matches('.')))),
            CommandError::Io(m) => {
                tracing::error!(error = %m, "writing the content tree failed");
                AppError::Internal("The post could not be written; the error has been logged.".into())
            }
            CommandError::Store(e) => e.into(),
        }
    }
}

impl From<crate::commands::CommandError> for HttpError {
    fn from(e: crate::commands::CommandError) -> Self {
        HttpError(e.into())
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({ "error": self.0.code(), "message": self.0.message() });
        (status, Json(body)).into_response()
    }
}
