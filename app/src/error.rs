//! `AppError`: what a request can fail with, as the reader sees it. It crosses the wire from server
//! functions to the browser, and [`AppError::status`] is the one place that maps failures to HTTP
//! status codes (the server's JSON API and pages both use it). Details for operators go to the logs
//! where the error is created; the message here is written for the person reading the page.

use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum AppError {
    /// The thing asked for does not exist (unknown slug, ballot id, route).
    #[error("{0}")]
    NotFound(String),
    /// The request itself is wrong: an unknown working group, a malformed date, a bad filter.
    #[error("{0}")]
    BadRequest(String),
    /// The caller lacks a valid key or session (logging in may help).
    #[error("{0}")]
    Unauthorized(String),
    /// The caller is known but may not do this (another group's chair, a stale CSRF token, a
    /// request from another site).
    #[error("{0}")]
    Forbidden(String),
    /// The record changed since the caller read it.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts (failed logins); the message says when to try again.
    #[error("{0}")]
    TooManyRequests(String),
    /// The request is understood but the rules refuse it now (e.g. voting cannot start yet); the
    /// message gives the rule's reason.
    #[error("{0}")]
    Unprocessable(String),
    /// The database or another dependency is unavailable; retrying later may help.
    #[error("{0}")]
    Unavailable(String),
    /// A bug or an unexpected state; the log has the detail.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status for this error — the only mapping from failures to status codes.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Unprocessable(_) => 422,
            AppError::Unavailable(_) => 503,
            AppError::Internal(_) => 500,
        }
    }

    /// A short machine-readable code for JSON error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::Unprocessable(_) => "refused",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn message(&self) -> &str {
        match self {
            AppError::NotFound(m)
            | AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::Conflict(m)
            | AppError::TooManyRequests(m)
            | AppError::Unprocessable(m)
            | AppError::Unavailable(m)
            | AppError::Internal(m) => m,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = crate::codec::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::BadRequest(format!("the request could not be read: {m}"))
            }
            other => AppError::Internal(format!("the server could not answer: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_kind_maps_to_its_own_http_status() {
        let cases = [
            (AppError::NotFound("x".into()), 404, "not_found"),
            (AppError::BadRequest("x".into()), 400, "bad_request"),
            (AppError::Unauthorized("x".into()), 401, "unauthorized"),
            (AppError::Forbidden("x".into()), 403, "forbidden"),
            (AppError::Conflict("x".into()), 409, "conflict"),
            (AppError::TooManyRequests("x".into()), 429, "too_many_requests"),
            (AppError::Unprocessable("x".into()), 422, "refused"),
            (AppError::Unavailable("x".into()), 503, "unavailable"),
            (AppError::Internal("x".into()), 500, "internal"),
        ];
        for (err, status, code) in cases {
            assert_eq!((err.status(), err.code()), (status, code), "{err:?}");
        }
    }

    #[test]
    fn malformed_server_function_arguments_are_the_callers_fault() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field".into()));
        assert_eq!(e.status(), 400);
    }
}
