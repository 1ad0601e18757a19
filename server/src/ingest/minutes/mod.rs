//! Reading minutes: working group, meeting date, attendees, minute-taker, ballot references,
//! action items, decisions and the next meeting — pure functions over the post's text.
//!
//! The rules follow what real minutes contain (see the table tests, which use snippets from several
//! years of the CA/B Forum's posts): attendee lists as "Name (Org)", "Name - (Org)", "Org (Name)",
//! "- Name – Org" or bare names; takers as "Minute-taker: X" or "Minutes were prepared by X"; next
//! meetings as dates or "next week, Wednesday".

mod actions;
mod attendees;
mod meeting;
mod refs;
mod taker;

pub use actions::{action_items, decisions, match_attendee};
pub use attendees::{attendees, looks_like_person, parse_list};
pub use meeting::{meeting_date, next_meeting, working_group};
pub use refs::ballot_refs;
pub use taker::minute_taker;

use super::text;
use app::domain::WorkingGroup;
use app::model::{ActionItem, Attendee, BallotRef};
use chrono::NaiveDate;

/// What minutes say, extracted.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    pub wg: WorkingGroup,
    pub meeting_date: NaiveDate,
    pub minute_taker: Option<String>,
    pub attendees: Vec<Attendee>,
    pub ballot_refs: Vec<BallotRef>,
    pub action_items: Vec<ActionItem>,
    pub decisions: Vec<String>,
    pub next_meeting: Option<NaiveDate>,
    /// Doubts worth showing the chair (a corrected date, no attendees found, ...).
    pub warnings: Vec<String>,
}

/// The post fields extraction needs.
pub struct Source<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub tags: &'a [String],
    pub published: NaiveDate,
    pub body: &'a str,
    /// The front matter's `summary`, where some minutes say who prepared them.
    pub summary: Option<&'a str>,
}

pub fn extract(src: &Source) -> Minutes {
    // The same nesting bound as rendering, so pathological posts cost no more to read than to show.
    let (body, _) = super::markdown::bound(src.body);
    let blocks = text::blocks(&body);
    let mut warnings = Vec::new();
    let wg = working_group(src.title, src.tags, src.path, &blocks);
    let meeting_date = meeting_date(src.title, src.path, src.published, &blocks, &mut warnings);
    let attendees = attendees::attendees_noting(&blocks, &mut warnings);
    if attendees.is_empty() {
        warnings.push("no attendee list found".to_string());
    }
    // The body first; "…prepared by Ryan Dickson (Google Chrome)" in the summary otherwise.
    let minute_taker = minute_taker(&blocks).or_else(|| src.summary.and_then(taker::minute_taker_in_summary));
    let ballot_refs = ballot_refs(&blocks, &wg, meeting_date);
    let action_items = action_items(&blocks, &attendees, meeting_date);
    let decisions = decisions(&blocks);
    let next_meeting = next_meeting(&blocks, meeting_date);
    Minutes { wg, meeting_date, minute_taker, attendees, ballot_refs, action_items, decisions, next_meeting, warnings }
}
