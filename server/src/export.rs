//! `quorum export --json`: the documented, stable JSON shape other tools read (docs/export.md).
//! Built from the store only, so an export shows exactly what the web app shows.

use crate::store::{Store, StoreError};
use app::model::MinutesDetail;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Export {
    pub minutes: Vec<MinutesRecord>,
    pub ballots: Vec<serde_json::Value>,
    pub action_items: Vec<ActionItemRecord>,
    pub errors: Vec<ErrorRecord>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct AttendeeRecord {
    pub name: String,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct MinutesActionRecord {
    pub owner: String,
    pub text: String,
    pub due: Option<String>,
    pub suggested: bool,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct MinutesRecord {
    pub path: String,
    pub slug: String,
    pub title: String,
    pub wg: String,
    pub meeting_date: String,
    pub published: String,
    pub minute_taker: Option<String>,
    pub attendees: Vec<AttendeeRecord>,
    pub ballot_refs: Vec<String>,
    pub action_items: Vec<MinutesActionRecord>,
    pub decisions: Vec<String>,
    pub next_meeting: Option<String>,
}

/// An action item with the minutes it came from.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ActionItemRecord {
    pub owner: String,
    pub text: String,
    pub due: Option<String>,
    pub suggested: bool,
    pub wg: String,
    pub meeting_date: String,
    /// The minutes' path, as in `minutes[].path`.
    pub source: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ErrorRecord {
    pub path: String,
    pub line: Option<i64>,
    pub message: String,
}

impl From<&MinutesDetail> for MinutesRecord {
    fn from(m: &MinutesDetail) -> Self {
        MinutesRecord {
            path: m.summary.path.clone(),
            slug: m.summary.slug.clone(),
            title: m.summary.title.clone(),
            wg: m.summary.wg.slug().to_string(),
            meeting_date: m.summary.meeting_date.to_string(),
            published: m.published.clone(),
            minute_taker: m.minute_taker.clone(),
            attendees: m
                .attendees
                .iter()
                .map(|a| AttendeeRecord { name: a.name.clone(), org: a.org.clone() })
                .collect(),
            ballot_refs: m.summary.ballot_ids.iter().map(|id| id.to_string()).collect(),
            action_items: m
                .action_items
                .iter()
                .map(|a| MinutesActionRecord {
                    owner: a.owner.clone(),
                    text: a.text.clone(),
                    due: a.due.map(|d| d.to_string()),
                    suggested: a.suggested,
                })
                .collect(),
            decisions: m.decisions.clone(),
            next_meeting: m.next_meeting.map(|d| d.to_string()),
        }
    }
}

pub async fn export(store: &Store) -> Result<Export, StoreError> {
    let details = store.all_minutes().await?;
    let minutes: Vec<MinutesRecord> = details.iter().map(MinutesRecord::from).collect();
    let action_items = details
        .iter()
        .flat_map(|m| {
            m.action_items.iter().map(move |a| ActionItemRecord {
                owner: a.owner.clone(),
                text: a.text.clone(),
                due: a.due.map(|d| d.to_string()),
                suggested: a.suggested,
                wg: m.summary.wg.slug().to_string(),
                meeting_date: m.summary.meeting_date.to_string(),
                source: m.summary.path.clone(),
            })
        })
        .collect();
    let errors = store
        .import_errors()
        .await?
        .into_iter()
        .map(|e| ErrorRecord { path: e.path, line: e.line, message: e.message })
        .collect();
    Ok(Export { minutes, ballots: Vec::new(), action_items, errors })
}
