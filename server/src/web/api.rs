//! The read API: `/api/v1/…` in the shapes of `quorum export --json` (docs/export.md), an OpenAPI
//! document, and `/api/getBallots`, the endpoint the Forum's Hugo site reads its ballot list from.
//! Bad parameters are the caller's mistake: 400 with a JSON error, never a 500.

use super::error::HttpError;
use super::state::AppState;
use crate::export::{ActionItemRecord, BallotRecord, MinutesRecord};
use app::domain::{BallotId, Stage, WorkingGroup};
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

fn bad(msg: impl Into<String>) -> HttpError {
    HttpError(AppError::BadRequest(msg.into()))
}

/// Only the parameters an endpoint knows; anything else is a typo worth telling the caller about.
fn check_known(params: &HashMap<String, String>, known: &[&str]) -> Result<(), HttpError> {
    for k in params.keys() {
        if !known.contains(&k.as_str()) {
            return Err(bad(format!("unknown parameter \"{k}\" (expected {})", known.join(", "))));
        }
    }
    Ok(())
}

fn wg_param(params: &HashMap<String, String>) -> Result<Option<WorkingGroup>, HttpError> {
    WorkingGroup::parse_filter(params.get("wg").map(String::as_str)).map_err(|e| bad(e.to_string()))
}

fn date_param(params: &HashMap<String, String>, key: &str) -> Result<Option<NaiveDate>, HttpError> {
    match params.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| bad(format!("{key}: \"{s}\" is not a date (expected YYYY-MM-DD)"))),
    }
}

fn bool_param(params: &HashMap<String, String>, key: &str) -> Result<Option<bool>, HttpError> {
    match params.get(key).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(bad(format!("{key}: \"{other}\" is not true or false"))),
    }
}

pub async fn ballots(State(state): State<AppState>, Query(params): Params) -> Result<Json<Value>, HttpError> {
    check_known(&params, &["wg", "status"])?;
    let wg = wg_param(&params)?;
    let status = match params.get("status").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Stage::parse(s).ok_or_else(|| {
            bad(format!(
                "unknown status \"{s}\" (expected {})",
                Stage::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })?),
    };
    let all = crate::read::ballot_details(&state.store, (state.clock)()).await?;
    let list: Vec<BallotRecord> = all
        .iter()
        .filter(|d| wg.as_ref().map(|w| &d.summary.wg == w).unwrap_or(true))
        .filter(|d| status.map(|s| d.summary.stage == s).unwrap_or(true))
        .map(BallotRecord::from)
        .collect();
    Ok(Json(json!({ "ballots": list })))
}

pub async fn ballot(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<BallotRecord>, HttpError> {
    let id: BallotId = id.parse().map_err(|e: app::domain::IdError| bad(e.to_string()))?;
    let Some(a) = state.store.ballot(&id).await? else {
        return Err(HttpError(AppError::NotFound(format!("No imported post describes ballot {id}."))));
    };
    let detail = crate::read::ballot_detail(&state.store, &a, (state.clock)()).await?;
    Ok(Json(BallotRecord::from(&detail)))
}

pub async fn minutes(State(state): State<AppState>, Query(params): Params) -> Result<Json<Value>, HttpError> {
    check_known(&params, &["wg", "from", "to"])?;
    let wg = wg_param(&params)?;
    let from = date_param(&params, "from")?;
    let to = date_param(&params, "to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(bad(format!("from ({f}) is after to ({t})")));
        }
    }
    let list: Vec<MinutesRecord> = state
        .store
        .all_minutes((state.clock)())
        .await?
        .iter()
        .filter(|m| wg.as_ref().map(|w| &m.summary.wg == w).unwrap_or(true))
        .filter(|m| from.map(|f| m.summary.meeting_date >= f).unwrap_or(true))
        .filter(|m| to.map(|t| m.summary.meeting_date <= t).unwrap_or(true))
        .map(MinutesRecord::from)
        .collect();
    Ok(Json(json!({ "minutes": list })))
}

pub async fn minutes_one(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<MinutesRecord>, HttpError> {
    let m = state
        .store
        .minutes_by_slug(&slug)
        .await?
        .ok_or_else(|| HttpError(AppError::NotFound(format!("No minutes are called \"{slug}\"."))))?;
    Ok(Json(MinutesRecord::from(&m)))
}

pub async fn action_items(State(state): State<AppState>, Query(params): Params) -> Result<Json<Value>, HttpError> {
    check_known(&params, &["wg", "suggested", "owner"])?;
    let wg = wg_param(&params)?;
    let suggested = bool_param(&params, "suggested")?;
    let owner = params.get("owner").map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
    let doc = crate::export::export(&state.store, (state.clock)()).await?;
    let list: Vec<ActionItemRecord> = doc
        .action_items
        .into_iter()
        .filter(|a| wg.as_ref().map(|w| a.wg == w.slug()).unwrap_or(true))
        .filter(|a| suggested.map(|s| a.suggested == s).unwrap_or(true))
        .filter(|a| owner.as_ref().map(|o| a.owner.to_lowercase().contains(o)).unwrap_or(true))
        .collect();
    Ok(Json(json!({ "action_items": list })))
}

// ---------------------------------------------------------------- Hugo site compatibility

/// The Forum site's names for stages.
pub fn hugo_status(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "Pre-Ballot",
        Stage::Discussion => "Discussion Period",
        Stage::Voting => "Voting Period",
        Stage::Review => "IPR Review Period",
        Stage::Passed => "Ballot Passed",
        Stage::Failed | Stage::Expired | Stage::Rescinded => "Ballot Failed",
        Stage::Withdrawn | Stage::Cancelled => "Cancelled",
        // The Forum's site has no word for it; its list shows such ballots as failed to conclude.
        Stage::Unknown => "Ballot Failed",
    }
}

pub const HUGO_STATUSES: [&str; 8] = [
    "Discussion Period",
    "Voting Period",
    "IPR Review Period",
    "Ballot Passed",
    "Ballot Failed",
    "Cancelled",
    "New",
    "Pre-Ballot",
];

/// The Forum site's names for groups.
pub fn hugo_group(wg: &WorkingGroup) -> String {
    match wg {
        WorkingGroup::Forum => "Forum".into(),
        other => other.name(),
    }
}

/// `GET /api/getBallots?forum_group_name=…&status=…` with `X-API-KEY`: the ballot list the Forum's
/// Hugo templates render. Keys are checked against `QUORUM_API_KEYS` when that is set.
pub async fn get_ballots(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Json<Value>, HttpError> {
    if let Some(keys) = &state.site.api_keys {
        let given = headers.get("x-api-key").and_then(|v| v.to_str().ok()).unwrap_or("");
        if given.is_empty() || !keys.iter().any(|k| k == given) {
            return Err(HttpError(AppError::Unauthorized("a valid X-API-KEY header is required".into())));
        }
    }
    let group = match params.get("forum_group_name").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(name) => Some(WorkingGroup::KNOWN.into_iter().find(|w| hugo_group(w) == name).ok_or_else(|| {
            bad(format!(
                "unknown forum_group_name \"{name}\" (expected {})",
                WorkingGroup::KNOWN.iter().map(|w| format!("\"{}\"", hugo_group(w))).collect::<Vec<_>>().join(", ")
            ))
        })?),
    };
    let status = match params.get("status").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) if HUGO_STATUSES.contains(&s) => Some(s.to_string()),
        Some(s) => {
            return Err(bad(format!(
                "unknown status \"{s}\" (expected {})",
                HUGO_STATUSES.map(|s| format!("\"{s}\"")).join(", ")
            )))
        }
    };
    let now = (state.clock)();
    let all = state.store.ballots().await?;
    let created = state.store.first_published(&all.iter().flat_map(|a| a.sources.clone()).collect::<Vec<_>>()).await?;
    let mut list = Vec::new();
    for a in &all {
        if group.as_ref().map(|g| &a.wg != g).unwrap_or(false) {
            continue;
        }
        let (b, _) = crate::read::rebuilt(a);
        let word = hugo_status(app::domain::status_at(&b, now));
        if status.as_deref().map(|s| s != word).unwrap_or(false) {
            continue;
        }
        let created_at = a
            .history
            .discussion_start
            .or_else(|| a.history.versions.iter().filter_map(|(_, at)| *at).min())
            .map(|t| t.to_rfc3339())
            .or_else(|| a.sources.iter().filter_map(|p| created.get(p)).min().cloned());
        list.push(json!({
            "name": format!("{}: {}", a.history.id, a.history.title),
            "status": word,
            "forum_group_name": hugo_group(&a.wg),
            "created_at": created_at,
        }));
    }
    Ok(Json(Value::Array(list)))
}

// ---------------------------------------------------------------- OpenAPI

pub async fn openapi(State(state): State<AppState>) -> Json<Value> {
    Json(openapi_document(&state.site.public_url))
}

pub fn openapi_document(base: &str) -> Value {
    let wg = json!({ "name": "wg", "in": "query", "required": false, "schema": { "type": "string", "enum": ["scwg", "cscwg", "smcwg", "netsec", "forum"] }, "description": "Only this working group." });
    let error = json!({ "description": "Bad parameters", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let not_found = json!({ "description": "Not found", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let person = json!({ "type": ["object", "null"], "properties": { "name": { "type": "string" }, "org": { "type": ["string", "null"] } }, "required": ["name", "org"] });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Quorum API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Minutes, ballots and action items of the working groups, in the shapes of `quorum export --json` (docs/export.md). Ballot status is computed at the time of the request."
        },
        "servers": [{ "url": base }],
        "paths": {
            "/api/v1/ballots": { "get": {
                "summary": "Ballots, optionally filtered",
                "parameters": [wg, { "name": "status", "in": "query", "required": false, "schema": { "type": "string", "enum": Stage::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>() } }],
                "responses": { "200": { "description": "Ballots", "content": { "application/json": { "schema": { "type": "object", "properties": { "ballots": { "type": "array", "items": { "$ref": "#/components/schemas/Ballot" } } }, "required": ["ballots"] } } } }, "400": error.clone() }
            }, "post": {
                "summary": "Create a ballot (the group's chairs); its post is written into the content tree (a draft until discussion starts)",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["wg", "title", "proposer"], "properties": {
                    "wg": { "type": "string" }, "title": { "type": "string" }, "proposer": { "$ref": "#/components/schemas/Person" },
                    "purpose": { "type": "string" }, "motion": { "type": "string" },
                    "id": { "type": "string", "description": "Default: the group's next free number." },
                    "no_review": { "type": "boolean", "description": "Elections and charter ballots have no IPR review." } } } } } },
                "responses": { "201": { "description": "The ballot as GET /api/v1/ballots/{id} shows it, plus its revision" }, "400": error.clone(), "401": error.clone(), "403": error.clone(), "409": error.clone() }
            }},
            "/api/v1/ballots/{id}/events": { "post": {
                "summary": "Record a step of a ballot run in Quorum, checked by the bylaws",
                "security": [{ "bearer": [] }],
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["type"], "properties": {
                    "type": { "type": "string", "enum": ["endorse", "version", "start_discussion", "start_voting", "vote", "close_voting", "start_review", "exclusion_notice", "close_review", "withdraw", "cancel"] },
                    "expected_revision": { "type": "integer" },
                    "at": { "type": "string", "format": "date-time", "description": "When it happened; default now, never in the future, never before the last step." },
                    "name": { "type": "string" }, "org": { "type": "string" }, "version": { "type": "integer" }, "url": { "type": "string" },
                    "category": { "type": "string", "enum": ["issuer", "consumer"] }, "vote": { "type": "string", "enum": ["yes", "no", "abstain"] },
                    "days": { "type": "integer", "enum": [30, 60] } } } } } },
                "responses": { "200": { "description": "The ballot after the step" }, "400": error.clone(), "401": error.clone(), "403": error.clone(), "404": error.clone(),
                    "409": error.clone(), "422": { "description": "The bylaws refuse the step now; the message gives the reason", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } }
            }},
            "/api/v1/ballots/{id}/announcements": { "get": {
                "summary": "The texts for the list and the site at each stage reached: proposal, voting_start, results, review_notice, adoption",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "{stage: {subject, body}}" }, "404": not_found.clone() }
            }},
            "/api/v1/ballots/{id}": { "get": {
                "summary": "One ballot with its votes and tally",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "example": "CSC-11" }],
                "responses": { "200": { "description": "The ballot", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Ballot" } } } }, "400": error.clone(), "404": not_found.clone() }
            }},
            "/api/v1/minutes": { "get": {
                "summary": "Minutes, optionally filtered by group and meeting date",
                "parameters": [wg,
                    { "name": "from", "in": "query", "required": false, "schema": { "type": "string", "format": "date" }, "description": "Meetings on or after this date." },
                    { "name": "to", "in": "query", "required": false, "schema": { "type": "string", "format": "date" }, "description": "Meetings on or before this date." }],
                "responses": { "200": { "description": "Minutes", "content": { "application/json": { "schema": { "type": "object", "properties": { "minutes": { "type": "array", "items": { "$ref": "#/components/schemas/Minutes" } } }, "required": ["minutes"] } } } }, "400": error.clone() }
            }, "post": {
                "summary": "Publish minutes (the group's chairs): written as the group's Hugo post into the content tree, atomically, then imported",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["wg", "meeting_date", "attendees", "body"], "properties": {
                    "wg": { "type": "string", "enum": ["scwg", "cscwg", "smcwg", "netsec", "forum"] },
                    "meeting_date": { "type": "string", "format": "date" },
                    "attendees": { "type": "string", "description": "One person a line: \"Name (Organisation)\" or \"Name\"." },
                    "minute_taker": { "type": "string" },
                    "body": { "type": "string", "description": "The minutes, markdown." } } } } } },
                "responses": { "201": { "description": "The minutes record as GET /api/v1/minutes/{slug} shows it", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Minutes" } } } },
                    "400": error.clone(), "401": error.clone(), "403": error.clone(), "409": { "description": "Minutes of this group for this date are already in the content tree", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } }
            }},
            "/api/v1/minutes/{slug}": { "get": {
                "summary": "One minutes record with what was extracted from it",
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "The minutes", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Minutes" } } } }, "404": not_found.clone() }
            }},
            "/api/v1/action-items": { "get": {
                "summary": "Action items from all minutes",
                "parameters": [wg,
                    { "name": "suggested", "in": "query", "required": false, "schema": { "type": "boolean" } },
                    { "name": "owner", "in": "query", "required": false, "schema": { "type": "string" }, "description": "Part of the owner's name, any case." }],
                "responses": { "200": { "description": "Action items", "content": { "application/json": { "schema": { "type": "object", "properties": { "action_items": { "type": "array", "items": { "$ref": "#/components/schemas/ActionItem" } } }, "required": ["action_items"] } } } }, "400": error.clone() }
            }},
            "/api/v1/action-items/{id}": { "post": {
                "summary": "Change an action item: confirm, dismiss, update (text, owner, due), done, reopen",
                "description": "Needs `Authorization: Bearer <token>` (quorum token create). Chairs of the item's group may do everything; the item's owner may mark it done or reopen it.",
                "security": [{ "bearer": [] }],
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["op"], "properties": {
                    "op": { "type": "string", "enum": ["confirm", "dismiss", "update", "done", "reopen"] },
                    "revision": { "type": "integer", "description": "The revision the change was made from; a stale one is refused with 409." },
                    "text": { "type": "string" }, "owner": { "type": "string" }, "due": { "type": "string", "format": "date" }, "note": { "type": "string" } } } } } },
                "responses": { "200": { "description": "The item as saved" }, "400": error.clone(), "401": error.clone(), "403": error.clone(), "404": error.clone(), "409": error.clone() }
            }},
            "/api/v1/minutes/{slug}/action-items": { "post": {
                "summary": "Add an action item to a minutes record (chairs of its group)",
                "security": [{ "bearer": [] }],
                "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["text"], "properties": {
                    "text": { "type": "string" }, "owner": { "type": "string" }, "due": { "type": "string", "format": "date" } } } } } },
                "responses": { "201": { "description": "The new item" }, "400": error.clone(), "401": error.clone(), "403": error.clone(), "404": error.clone() }
            }},
            "/api/getBallots": { "get": {
                "summary": "Ballot list for the Forum's Hugo site",
                "parameters": [
                    { "name": "forum_group_name", "in": "query", "required": false, "schema": { "type": "string", "enum": WorkingGroup::KNOWN.iter().map(hugo_group).collect::<Vec<_>>() } },
                    { "name": "status", "in": "query", "required": false, "schema": { "type": "string", "enum": HUGO_STATUSES } },
                    { "name": "X-API-KEY", "in": "header", "required": false, "schema": { "type": "string" }, "description": "Required when the server sets QUORUM_API_KEYS." }],
                "responses": {
                    "200": { "description": "Ballots", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" }, "status": { "type": "string" }, "forum_group_name": { "type": "string" }, "created_at": { "type": ["string", "null"], "format": "date-time" } }, "required": ["name", "status", "forum_group_name", "created_at"] } } } } },
                    "400": error.clone(),
                    "401": { "description": "Missing or wrong API key", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                }
            }}
        },
        "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "An API token from `quorum token create`." } }, "schemas": {
            "Error": { "type": "object", "properties": { "error": { "type": "string" }, "message": { "type": "string" } }, "required": ["error", "message"] },
            "Person": person,
            "Ballot": { "type": "object", "required": ["id", "wg", "title", "status", "versions", "proposer", "endorsers", "votes", "tally", "sources", "discussed_in"], "properties": {
                "id": { "type": "string" }, "wg": { "type": "string" }, "title": { "type": "string" },
                "status": { "type": "string", "enum": Stage::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>() },
                "status_source": { "type": "string", "enum": ["stated", "computed", "inferred"] },
                "adopted": { "type": ["string", "null"], "format": "date" },
                "effective_dates": { "type": "array", "items": { "type": "string", "format": "date" } },
                "versions": { "type": "array", "items": { "type": "object", "properties": { "number": { "type": "integer" }, "posted": { "type": ["string", "null"], "format": "date-time" } } } },
                "proposer": { "$ref": "#/components/schemas/Person" },
                "endorsers": { "type": "array", "items": { "$ref": "#/components/schemas/Person" } },
                "discussion_start": { "type": ["string", "null"], "format": "date-time" }, "discussion_end": { "type": ["string", "null"], "format": "date-time" },
                "voting_start": { "type": ["string", "null"], "format": "date-time" }, "voting_end": { "type": ["string", "null"], "format": "date-time" },
                "review_end": { "type": ["string", "null"], "format": "date-time" }, "effective": { "type": ["string", "null"], "format": "date" },
                "votes": { "type": "array", "items": { "type": "object", "properties": { "org": { "type": "string" }, "category": { "type": "string", "enum": ["issuer", "consumer"] }, "vote": { "type": "string", "enum": ["yes", "no", "abstain"] } } } },
                "tally": { "type": "object", "properties": {
                    "issuer_yes": { "type": "integer" }, "issuer_no": { "type": "integer" }, "issuer_abstain": { "type": "integer" },
                    "consumer_yes": { "type": "integer" }, "consumer_no": { "type": "integer" }, "consumer_abstain": { "type": "integer" },
                    "quorum_required": { "type": ["integer", "null"] }, "outcome": { "type": "string", "enum": ["passed", "failed", "no_quorum", "incomplete"] }, "explanation": { "type": "string" } } },
                "stated_result": { "type": ["string", "null"] }, "disagreement": { "type": ["string", "null"] },
                "findings": { "type": "array", "items": { "type": "string" } },
                "sources": { "type": "array", "items": { "type": "string" } }, "discussed_in": { "type": "array", "items": { "type": "string" } }
            }},
            "Minutes": { "type": "object", "required": ["path", "slug", "title", "wg", "meeting_date", "published", "minute_taker", "attendees", "ballot_refs", "action_items", "decisions", "next_meeting"], "properties": {
                "path": { "type": "string" }, "slug": { "type": "string" }, "title": { "type": "string" }, "wg": { "type": "string" },
                "meeting_date": { "type": "string", "format": "date" }, "published": { "type": "string", "format": "date-time" },
                "minute_taker": { "type": ["string", "null"] },
                "attendees": { "type": "array", "items": { "$ref": "#/components/schemas/Person" } },
                "ballot_refs": { "type": "array", "items": { "type": "string" } },
                "action_items": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "state": { "type": "string", "enum": ["suggested", "open", "done", "dismissed"] }, "owner": { "type": "string" }, "text": { "type": "string" }, "due": { "type": ["string", "null"], "format": "date" }, "suggested": { "type": "boolean" }, "note": { "type": ["string", "null"] }, "source_removed": { "type": "boolean" } } } },
                "decisions": { "type": "array", "items": { "type": "string" } },
                "next_meeting": { "type": ["string", "null"], "format": "date" }
            }},
            "ActionItem": { "type": "object", "properties": {
                "id": { "type": "string" }, "state": { "type": "string", "enum": ["suggested", "open", "done", "dismissed"] },
                "owner": { "type": "string" }, "text": { "type": "string" }, "due": { "type": ["string", "null"], "format": "date" }, "suggested": { "type": "boolean" },
                "wg": { "type": "string" }, "meeting_date": { "type": "string", "format": "date" }, "source": { "type": "string" } } }
        }}
    })
}

// ---------------------------------------------------------------- changes (authenticated)

/// The body of POST /api/v1/action-items/{id}.
#[derive(Debug, serde::Deserialize)]
pub struct ItemChangeBody {
    /// confirm | dismiss | update | done | reopen
    pub op: String,
    /// The revision the change was made from; a stale one is a 409.
    pub revision: Option<i64>,
    pub text: Option<String>,
    pub owner: Option<String>,
    /// YYYY-MM-DD, or "" to remove.
    pub due: Option<String>,
    pub note: Option<String>,
}

/// A request made with a login session (not a token) must carry the session's CSRF token in
/// `X-CSRF-Token`; a bearer request needs none.
async fn api_csrf(viewer: &super::auth::Viewer, headers: &axum::http::HeaderMap) -> Result<(), HttpError> {
    let given = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    super::auth::check_csrf(viewer, given).await.map_err(HttpError)
}

/// POST /api/v1/action-items/{id}: changes an action item (`Authorization: Bearer <token>`).
pub async fn change_action_item(
    State(state): State<AppState>,
    axum::Extension(viewer): axum::Extension<super::auth::Viewer>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Json(body): Json<ItemChangeBody>,
) -> Result<Json<Value>, HttpError> {
    if viewer.actor.is_none() {
        return Err(crate::commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
    }
    api_csrf(&viewer, &headers).await?;
    let edit = app::model::ItemEdit { text: body.text, owner: body.owner, due: body.due };
    let request = crate::commands::ItemRequest::parse(&body.op, edit, body.note)?;
    let item =
        crate::commands::change_item(&state.store, viewer.actor.as_ref(), &id, request, body.revision, (state.clock)())
            .await?;
    Ok(Json(json!({ "action_item": item })))
}

/// The body of POST /api/v1/minutes/{slug}/action-items.
#[derive(Debug, serde::Deserialize)]
pub struct NewItemBody {
    pub text: String,
    #[serde(default)]
    pub owner: String,
    pub due: Option<String>,
}

/// POST /api/v1/minutes/{slug}/action-items: adds an action item to a minutes record.
pub async fn add_action_item(
    State(state): State<AppState>,
    axum::Extension(viewer): axum::Extension<super::auth::Viewer>,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    Json(body): Json<NewItemBody>,
) -> Result<(axum::http::StatusCode, Json<Value>), HttpError> {
    if viewer.actor.is_none() {
        return Err(crate::commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
    }
    api_csrf(&viewer, &headers).await?;
    let new = app::model::NewItem { text: body.text, owner: body.owner, due: body.due };
    let item = crate::commands::add_item(&state.store, viewer.actor.as_ref(), &slug, new, (state.clock)()).await?;
    Ok((axum::http::StatusCode::CREATED, Json(json!({ "action_item": item }))))
}

/// The ballot as `GET /api/v1/ballots/{id}` shows it, plus its `revision` when it is run in Quorum.
/// A draft (not announced, so not among the imported ballots) shows what the rules know of it.
async fn ballot_json(state: &AppState, id: &BallotId) -> Result<Value, HttpError> {
    let now = (state.clock)();
    let managed = state.store.managed_ballot(id).await?;
    let mut value = match state.store.ballot(id).await? {
        Some(assembled) => {
            let detail = crate::read::ballot_detail(&state.store, &assembled, now).await?;
            serde_json::to_value(BallotRecord::from(&detail)).unwrap_or(Value::Null)
        }
        None => {
            let m =
                managed.as_ref().ok_or_else(|| HttpError(AppError::NotFound(format!("No ballot {id} is known."))))?;
            let b = crate::commands::ballots::rebuild(m);
            let person = |p: &app::domain::ballot::Member| json!({ "name": p.name, "org": p.org });
            json!({
                "id": id.to_string(), "wg": m.wg.slug(), "title": m.title,
                "status": app::domain::status_at(&b, now).as_str(),
                "proposer": b.proposer.as_ref().map(person),
                "endorsers": b.endorsers.iter().map(person).collect::<Vec<_>>(),
                "votes": [], "sources": [m.path.clone()],
            })
        }
    };
    if let Some(m) = managed {
        value["revision"] = json!(m.revision);
        // Run in Quorum: the votes recorded so far, also while voting is open (the post lists
        // them once the results are out).
        let b = m.ballot();
        let votes: Vec<Value> = app::domain::tally::effective_votes(&b.votes)
            .iter()
            .map(|v| json!({ "org": v.org, "category": v.category.as_str(), "vote": v.choice.as_str() }))
            .collect();
        value["votes"] = Value::Array(votes);
    }
    Ok(value)
}

/// POST /api/v1/ballots: creates a ballot (the group's chairs).
pub async fn create_ballot(
    State(state): State<AppState>,
    axum::Extension(viewer): axum::Extension<super::auth::Viewer>,
    headers: axum::http::HeaderMap,
    Json(body): Json<crate::commands::ballots::NewBallot>,
) -> Result<(axum::http::StatusCode, Json<Value>), HttpError> {
    if viewer.actor.is_none() {
        return Err(crate::commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
    }
    api_csrf(&viewer, &headers).await?;
    let m = crate::commands::ballots::create_ballot(
        &state.store,
        state.content_dir.as_deref(),
        viewer.actor.as_ref(),
        body,
        (state.clock)(),
    )
    .await?;
    Ok((axum::http::StatusCode::CREATED, Json(ballot_json(&state, &m.id).await?)))
}

/// The body of POST /api/v1/ballots/{id}/events: the step, its revision check and its time.
#[derive(Debug, serde::Deserialize)]
pub struct StepBody {
    #[serde(flatten)]
    pub step: crate::commands::ballots::StepRequest,
    pub expected_revision: Option<i64>,
    /// RFC 3339; default now, never in the future.
    pub at: Option<String>,
}

/// POST /api/v1/ballots/{id}/events: records a step of a ballot run in Quorum.
pub async fn ballot_event(
    State(state): State<AppState>,
    axum::Extension(viewer): axum::Extension<super::auth::Viewer>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Json(body): Json<StepBody>,
) -> Result<Json<Value>, HttpError> {
    if viewer.actor.is_none() {
        return Err(crate::commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
    }
    api_csrf(&viewer, &headers).await?;
    let id: BallotId = id.parse().map_err(|e: app::domain::IdError| HttpError(AppError::NotFound(e.to_string())))?;
    let at =
        match body.at.as_deref() {
            Some(text) => Some(chrono::DateTime::parse_from_rfc3339(text).map_err(|_| {
                bad(format!("\"at\": \"{text}\" is not an RFC 3339 instant such as 2026-11-26T12:00:00Z"))
            })?),
            None => None,
        };
    crate::commands::ballots::ballot_step(
        &state.store,
        state.content_dir.as_deref(),
        viewer.actor.as_ref(),
        &id,
        body.step,
        body.expected_revision,
        at,
        (state.clock)(),
        &state.site.member_votes,
    )
    .await?;
    Ok(Json(ballot_json(&state, &id).await?))
}

/// GET /api/v1/ballots/{id}/announcements: the texts for the list and the site at each stage the
/// ballot has reached (run in Quorum, or read from posts), as `{ "stage": {"subject", "body"} }`.
pub async fn ballot_announcements(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, HttpError> {
    let id: BallotId = id.parse().map_err(|e: app::domain::IdError| HttpError(AppError::NotFound(e.to_string())))?;
    let texts = crate::read::announcements(&state.store, &id)
        .await?
        .ok_or_else(|| HttpError(AppError::NotFound(format!("No ballot {id} is known."))))?;
    let mut out = serde_json::Map::new();
    for a in texts {
        out.insert(a.key, json!({ "subject": a.subject, "body": a.body }));
    }
    Ok(Json(Value::Object(out)))
}

/// POST /api/v1/minutes: publishes minutes (the group's chairs): the form's fields, the body in
/// markdown. 201 with the minutes record as `GET /api/v1/minutes/{slug}` shows it.
pub async fn publish_minutes(
    State(state): State<AppState>,
    axum::Extension(viewer): axum::Extension<super::auth::Viewer>,
    headers: axum::http::HeaderMap,
    Json(form): Json<crate::compose::MinutesForm>,
) -> Result<(axum::http::StatusCode, Json<MinutesRecord>), HttpError> {
    if viewer.actor.is_none() {
        return Err(crate::commands::CommandError::Denied(app::domain::access::Denied::NotLoggedIn).into());
    }
    api_csrf(&viewer, &headers).await?;
    let (_, slug) = crate::commands::minutes::publish_minutes(
        &state.store,
        state.content_dir.as_deref(),
        viewer.actor.as_ref(),
        &form,
        (state.clock)(),
    )
    .await?;
    let m =
        state.store.minutes_by_slug(&slug).await?.ok_or_else(|| {
            HttpError(AppError::Internal("The minutes were written but could not be read back.".into()))
        })?;
    Ok((axum::http::StatusCode::CREATED, Json(MinutesRecord::from(&m))))
}
