//! Server functions: thin calls from a page to the [`crate::backend::Backend`]. Each one only
//! unpacks arguments and forwards; rules live in `domain`, SQL in the server's store.

// Server functions take one argument per form field (forms post them by name), which can be more
// than clippy likes; the macro's generated client functions carry no attributes of ours.
#![allow(clippy::too_many_arguments)]

use crate::codec::JsonText;
use crate::domain::actions::TrackedItem;
use crate::domain::WorkingGroup;
use crate::error::AppError;
use crate::model::{
    AccountPage, ActionItemsList, BallotBoard, BallotPage, HomeData, MinutesDetail, MinutesList, PostKind, PostPage,
    PostSummary, SessionInfo,
};
#[cfg(feature = "ssr")]
use crate::model::{BallotStepForm, ItemEdit, ItemFilter, MinutesForm, NewBallotForm, NewItem, StateFilter};
use crate::model::{ComposePage, MinutesEdit, MinutesPreview, NewBallotPage};
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

/// Minutes filtered by the page's query string, a page of [`crate::model::MINUTES_PER_PAGE`] at a
/// time; a bad `wg`, `year` or `page` is the reader's mistake (400).
#[server(prefix = "/_fn", endpoint = "minutes", output = Post<JsonText>)]
pub async fn list_minutes(
    wg: Option<String>,
    year: Option<String>,
    page: Option<String>,
) -> Result<MinutesList, AppError> {
    let filter = crate::model::MinutesFilter { wg: parse_wg(wg.as_deref())?, year: parse_year(year.as_deref())? };
    let page = match page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| AppError::BadRequest(format!("\"{p}\" is not a page number")))?,
    };
    Ok(crate::backend::backend()?.minutes(filter).await?.paged(page))
}

#[server(prefix = "/_fn", endpoint = "minutes_detail", output = Post<JsonText>)]
pub async fn get_minutes(slug: String) -> Result<MinutesDetail, AppError> {
    crate::backend::backend()?.minutes_detail(&slug).await
}

/// Action items filtered by the page's query string (group, owner, state).
#[server(prefix = "/_fn", endpoint = "action_items", output = Post<JsonText>)]
pub async fn list_action_items(
    wg: Option<String>,
    owner: Option<String>,
    state: Option<String>,
) -> Result<ActionItemsList, AppError> {
    let state = state.as_deref().unwrap_or("");
    let filter = ItemFilter {
        wg: parse_wg(wg.as_deref())?,
        owner: owner.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
        state: StateFilter::parse(state)
            .ok_or_else(|| AppError::BadRequest(format!("\"{state}\" is not a state of action items")))?,
    };
    crate::backend::backend()?.action_items(filter).await
}

/// Who is looking, and the CSRF token for their forms. Reading pages starts no session; the
/// login page asks for one (`start`), so that its form carries a token too.
#[server(prefix = "/_fn", endpoint = "session", output = Post<JsonText>)]
pub async fn get_session(start: Option<bool>) -> Result<SessionInfo, AppError> {
    crate::backend::backend()?.session(start.unwrap_or(false)).await
}

#[server(prefix = "/_fn", endpoint = "account", output = Post<JsonText>)]
pub async fn get_account() -> Result<AccountPage, AppError> {
    crate::backend::backend()?.account().await
}

/// Names items can be assigned to (users), for the owner field's suggestions.
#[server(prefix = "/_fn", endpoint = "people", output = Post<JsonText>)]
pub async fn get_people() -> Result<Vec<String>, AppError> {
    crate::backend::backend()?.people().await
}

/// Changes an action item. A plain form (JavaScript off) posts here too and is sent back to the
/// page it came from, with any error in the address for the page to show.
#[server(prefix = "/_fn", endpoint = "item_action", output = Post<JsonText>)]
pub async fn item_action(
    id: String,
    op: String,
    csrf: String,
    revision: Option<i64>,
    text: Option<String>,
    owner: Option<String>,
    due: Option<String>,
    note: Option<String>,
) -> Result<TrackedItem, AppError> {
    let edit = ItemEdit { text, owner, due };
    let result = crate::backend::backend()?.change_item(&id, &op, revision, edit, note, &csrf).await;
    with_status(result)
}

/// Adds an action item to a minutes record.
#[server(prefix = "/_fn", endpoint = "add_item", output = Post<JsonText>)]
pub async fn add_action_item(
    slug: String,
    csrf: String,
    text: String,
    owner: Option<String>,
    due: Option<String>,
) -> Result<TrackedItem, AppError> {
    let item = NewItem { text, owner: owner.unwrap_or_default(), due };
    let result = crate::backend::backend()?.add_item(&slug, item, &csrf).await;
    with_status(result)
}

#[cfg(feature = "ssr")]
fn minutes_form(
    wg: Option<String>,
    meeting_date: Option<String>,
    attendees: Option<String>,
    minute_taker: Option<String>,
    body: Option<String>,
) -> MinutesForm {
    MinutesForm {
        wg: wg.unwrap_or_default(),
        meeting_date: meeting_date.unwrap_or_default(),
        attendees: attendees.unwrap_or_default(),
        minute_taker: minute_taker.unwrap_or_default(),
        body: body.unwrap_or_default(),
    }
}

/// The "New minutes" page, with the preview of the form as the address carries it (the preview
/// button of a plain form sends the fields there).
#[server(prefix = "/_fn", endpoint = "compose", output = Post<JsonText>)]
pub async fn get_compose(
    wg: Option<String>,
    meeting_date: Option<String>,
    attendees: Option<String>,
    minute_taker: Option<String>,
    body: Option<String>,
) -> Result<ComposePage, AppError> {
    let form = minutes_form(wg, meeting_date, attendees, minute_taker, body);
    crate::backend::backend()?.compose(form).await
}

/// The live preview of the minutes form (JavaScript on).
#[server(prefix = "/_fn", endpoint = "preview_minutes", output = Post<JsonText>)]
pub async fn preview_minutes(
    wg: Option<String>,
    meeting_date: Option<String>,
    attendees: Option<String>,
    minute_taker: Option<String>,
    body: Option<String>,
) -> Result<MinutesPreview, AppError> {
    let form = minutes_form(wg, meeting_date, attendees, minute_taker, body);
    crate::backend::backend()?.preview_minutes(form).await
}

/// Publishes minutes and sends the browser to them. A plain form whose fields are wrong comes
/// back to the form, filled in, with each problem next to its field.
#[server(prefix = "/_fn", endpoint = "publish_minutes", output = Post<JsonText>)]
pub async fn publish_minutes(
    csrf: String,
    wg: Option<String>,
    meeting_date: Option<String>,
    attendees: Option<String>,
    minute_taker: Option<String>,
    body: Option<String>,
) -> Result<String, AppError> {
    let form = minutes_form(wg, meeting_date, attendees, minute_taker, body);
    with_status(crate::backend::backend()?.publish_minutes(form, &csrf).await)
}

#[server(prefix = "/_fn", endpoint = "minutes_edit", output = Post<JsonText>)]
pub async fn get_minutes_edit(slug: String) -> Result<MinutesEdit, AppError> {
    crate::backend::backend()?.minutes_edit(&slug).await
}

/// Saves edited minutes (refused if the file changed on disk since the form was made).
#[server(prefix = "/_fn", endpoint = "save_minutes", output = Post<JsonText>)]
pub async fn save_minutes(slug: String, csrf: String, hash: String, body: String) -> Result<String, AppError> {
    with_status(crate::backend::backend()?.save_minutes(&slug, body, hash, &csrf).await)
}

#[server(prefix = "/_fn", endpoint = "new_ballot_page", output = Post<JsonText>)]
pub async fn get_new_ballot_page() -> Result<NewBallotPage, AppError> {
    crate::backend::backend()?.new_ballot_page().await
}

/// Creates a ballot and sends the browser to its page.
#[server(prefix = "/_fn", endpoint = "create_ballot", output = Post<JsonText>)]
pub async fn create_ballot(
    csrf: String,
    wg: String,
    title: String,
    proposer_name: String,
    proposer_org: String,
    purpose: Option<String>,
    motion: Option<String>,
    id: Option<String>,
    no_review: Option<String>,
) -> Result<String, AppError> {
    let form = NewBallotForm {
        wg,
        title,
        proposer_name,
        proposer_org,
        purpose: purpose.unwrap_or_default(),
        motion: motion.unwrap_or_default(),
        id: id.unwrap_or_default(),
        no_review: no_review.is_some_and(|v| !v.is_empty()),
    };
    with_status(crate::backend::backend()?.create_ballot(form, &csrf).await)
}

/// Records a step of a ballot run in Quorum; the bylaws' refusal comes back with its reason.
#[server(prefix = "/_fn", endpoint = "ballot_step", output = Post<JsonText>)]
pub async fn ballot_step(
    id: String,
    csrf: String,
    op: String,
    expected_revision: Option<i64>,
    at: Option<String>,
    name: Option<String>,
    org: Option<String>,
    version: Option<String>,
    url: Option<String>,
    category: Option<String>,
    vote: Option<String>,
    days: Option<String>,
) -> Result<i64, AppError> {
    let form = BallotStepForm { op, expected_revision, at, name, org, version, url, category, vote, days };
    with_status(crate::backend::backend()?.ballot_step(&id, form, &csrf).await)
}

/// Gives a failed change its HTTP status (401, 403, 409…) for clients that read statuses. A
/// plain form post keeps the redirect back to its page, which then shows the error.
#[cfg(feature = "ssr")]
fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        let form_post = use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html"))
            })
            .unwrap_or(false);
        if !form_post {
            crate::components::status::set_http_status(e.status());
        }
    }
    result
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
