//! The data the pages show, as plain serialisable values. Server functions return these; the
//! server's store fills them. Dates are ISO strings (`YYYY-MM-DD` or RFC 3339) so the same values
//! read well in JSON, in HTML and in the browser bundle without a time-zone database.

use crate::domain::WorkingGroup;
use serde::{Deserialize, Serialize};

/// What kind of page a Hugo post is, decided at import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Minutes,
    Ballot,
    Page,
}

impl PostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Minutes => "minutes",
            PostKind::Ballot => "ballot",
            PostKind::Page => "page",
        }
    }

    pub fn parse(s: &str) -> Option<PostKind> {
        match s {
            "minutes" => Some(PostKind::Minutes),
            "ballot" => Some(PostKind::Ballot),
            "page" => Some(PostKind::Page),
            _ => None,
        }
    }
}

/// One imported post as a list row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    pub kind: PostKind,
    pub wg: Option<WorkingGroup>,
    /// The day the post is about: the meeting date for minutes, else the publication date.
    pub date: String,
    /// Path relative to the imported directory, e.g. `content/posts/2021/x.md`.
    pub path: String,
}

impl PostSummary {
    /// Where this post is shown in Quorum.
    pub fn href(&self) -> String {
        match self.kind {
            PostKind::Minutes => format!("/minutes/{}", self.slug),
            PostKind::Ballot => format!("/posts/{}", self.slug),
            PostKind::Page => format!("/posts/{}", self.slug),
        }
    }
}

/// Counts shown on the home page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub minutes: u64,
    pub ballots: u64,
    pub pages: u64,
    pub failed_files: u64,
}

/// Everything the home page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub counts: Counts,
    /// Newest first.
    pub recent: Vec<PostSummary>,
}

/// A whole post for its own page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostPage {
    pub summary: PostSummary,
    pub published: String,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// Sanitised HTML, safe to insert as is.
    pub html: String,
    pub warnings: Vec<String>,
}

/// Someone present at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub org: Option<String>,
}

/// A ballot mentioned in minutes, with the sentence that mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRef {
    pub id: crate::domain::BallotId,
    pub sentence: String,
}

/// Something someone is to do. `suggested` items were read from prose ("Corey will prepare the
/// ballot") and wait for a chair to confirm them; explicit ones were written as `ACTION: …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub owner: String,
    pub text: String,
    pub due: Option<chrono::NaiveDate>,
    pub suggested: bool,
}

/// A minutes record as a list row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesSummary {
    pub slug: String,
    pub title: String,
    pub wg: WorkingGroup,
    pub meeting_date: chrono::NaiveDate,
    pub attendee_count: u32,
    pub ballot_ids: Vec<crate::domain::BallotId>,
    pub path: String,
}

/// Everything extracted from one minutes post, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesDetail {
    pub summary: MinutesSummary,
    pub published: String,
    pub author: Option<String>,
    pub minute_taker: Option<String>,
    pub attendees: Vec<Attendee>,
    pub ballot_refs: Vec<BallotRef>,
    pub action_items: Vec<ActionItem>,
    pub decisions: Vec<String>,
    pub next_meeting: Option<chrono::NaiveDate>,
    /// Sanitised HTML of the minutes.
    pub html: String,
    pub warnings: Vec<String>,
    pub removed: bool,
}

/// An action item with the minutes it came from, for the action items page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItemRow {
    pub item: ActionItem,
    pub wg: WorkingGroup,
    pub meeting_date: chrono::NaiveDate,
    pub minutes_slug: String,
    pub minutes_title: String,
}

/// Filters for the minutes list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesFilter {
    pub wg: Option<WorkingGroup>,
    pub year: Option<i32>,
}

/// The minutes list with what its filters can offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesList {
    pub rows: Vec<MinutesSummary>,
    pub groups: Vec<WorkingGroup>,
    pub years: Vec<i32>,
}

/// A minutes record that mentions a ballot, with the sentences that do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub minutes: MinutesSummary,
    pub sentences: Vec<String>,
}
