//! The account page's forms: making and revoking the secret address of one's personal action-item
//! calendar. Plain form posts (they work with JavaScript off) answered with a redirect back to
//! `/account`, which shows a new address once.

use super::auth::{self, Viewer, CALENDAR_FLASH};
use super::state::AppState;
use crate::store::TokenKind;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

fn refused(message: &'static str, status: StatusCode) -> Response {
    (status, message).into_response()
}

/// POST /account/calendar: a new personal calendar address (any earlier one stops working).
pub async fn create_calendar(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(actor) = viewer.actor.clone() else {
        return Redirect::to("/login?next=/account").into_response();
    };
    if auth::check_csrf(&viewer, &form.csrf).await.is_err() {
        return refused("This form has expired; reload the page and try again.", StatusCode::FORBIDDEN);
    }
    let now = (state.clock)();
    let email = actor.account.email.clone();
    let store = &state.store;
    if let Err(e) = store.revoke_tokens(&email, None, TokenKind::Calendar, now, &actor.label).await {
        return super::error::HttpError::from(e).into_response();
    }
    let token = auth::new_secret();
    if let Err(e) = store
        .create_token(&email, "personal calendar", TokenKind::Calendar, &auth::token_hash(&token), now, &actor.label)
        .await
    {
        return super::error::HttpError::from(e).into_response();
    }
    let url = format!("{}/calendar/me/{token}.ics", state.site.public_url);
    if let Some(session) = &viewer.session {
        let _ = session.insert(CALENDAR_FLASH, url).await;
    }
    Redirect::to("/account").into_response()
}

/// POST /account/calendar/revoke: the personal calendar address stops working.
pub async fn revoke_calendar(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(actor) = viewer.actor.clone() else {
        return Redirect::to("/login?next=/account").into_response();
    };
    if auth::check_csrf(&viewer, &form.csrf).await.is_err() {
        return refused("This form has expired; reload the page and try again.", StatusCode::FORBIDDEN);
    }
    let now = (state.clock)();
    if let Err(e) = state.store.revoke_tokens(&actor.account.email, None, TokenKind::Calendar, now, &actor.label).await
    {
        return super::error::HttpError::from(e).into_response();
    }
    Redirect::to("/account").into_response()
}
