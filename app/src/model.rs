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
    /// Ballots in discussion, voting or review, soonest deadline first.
    pub live_ballots: Vec<BallotSummary>,
    /// The logged-in viewer's pending action items, overdue first (`None` for anonymous readers).
    pub my_items: Option<Vec<ActionItemRow>>,
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
    /// What the minutes say about the ballot there ("This Ballot was rescinded."), if anything.
    #[serde(default)]
    pub says: Option<crate::domain::MinutesSay>,
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
    /// The action items as people track them (confirmed, assigned, done…), in the file's order.
    pub action_items: Vec<crate::domain::actions::TrackedItem>,
    pub decisions: Vec<String>,
    pub next_meeting: Option<chrono::NaiveDate>,
    /// Sanitised HTML of the minutes.
    pub html: String,
    pub warnings: Vec<String>,
    pub removed: bool,
    /// Changes to this record and its action items, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// An action item with the minutes it came from, for the action items page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItemRow {
    pub item: crate::domain::actions::TrackedItem,
    /// Still to be done and past its due date, at the time the list was made.
    pub overdue: bool,
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
    /// The rows of the page asked for (all of them when they fit on one page).
    pub rows: Vec<MinutesSummary>,
    pub groups: Vec<WorkingGroup>,
    pub years: Vec<i32>,
    /// Meetings matching the filters, on all pages.
    #[serde(default)]
    pub total: usize,
    /// The page shown (from 1) and the number of pages.
    #[serde(default)]
    pub page: usize,
    #[serde(default)]
    pub pages: usize,
}

/// Meetings on one page of the minutes list: a page's size does not grow with the archive.
pub const MINUTES_PER_PAGE: usize = 100;

impl MinutesList {
    /// Keeps the rows of `page` (from 1; past the end means the last page).
    pub fn paged(mut self, page: usize) -> MinutesList {
        self.total = self.rows.len();
        self.pages = self.total.div_ceil(MINUTES_PER_PAGE).max(1);
        self.page = page.clamp(1, self.pages);
        self.rows = self.rows.into_iter().skip((self.page - 1) * MINUTES_PER_PAGE).take(MINUTES_PER_PAGE).collect();
        self
    }
}

/// A minutes record that mentions a ballot, with the sentences that do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub minutes: MinutesSummary,
    pub sentences: Vec<String>,
}

/// A ballot as a list row: where it stands at the moment of the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotSummary {
    pub id: crate::domain::BallotId,
    pub wg: WorkingGroup,
    pub title: String,
    pub stage: crate::domain::Stage,
    pub next_deadline: Option<crate::domain::ballot::Deadline>,
    /// "3 days 4 hours" until the next deadline, as of the request.
    pub countdown: Option<String>,
    pub effective: Option<chrono::NaiveDate>,
    /// True when the records disagree with the stated result or break a bylaw rule.
    pub flagged: bool,
}

/// A ballot post shown on the ballot's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcePost {
    pub slug: String,
    pub path: String,
    pub title: String,
    pub published: String,
    pub html: String,
}

/// Everything known about one ballot, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotDetail {
    pub summary: BallotSummary,
    pub kind: crate::domain::BallotKind,
    pub proposer: Option<crate::domain::Member>,
    pub endorsers: Vec<crate::domain::Member>,
    pub versions: Vec<crate::domain::Version>,
    pub discussion_start: Option<crate::domain::Instant>,
    /// The end the post stated ("not before …").
    pub discussion_end: Option<crate::domain::Instant>,
    /// The earliest end the bylaws allow: seven days after the last version.
    pub discussion_min_end: Option<crate::domain::Instant>,
    pub voting_start: Option<crate::domain::Instant>,
    pub voting_end: Option<crate::domain::Instant>,
    pub results_due: Option<crate::domain::Instant>,
    pub review: Option<crate::domain::ballot::Review>,
    /// When the ballot took effect under the Bylaws (end of the IPR review, or of voting).
    pub adopted: Option<chrono::NaiveDate>,
    /// Every date the posts give for the ballot's changes to take effect (staged ballots).
    pub effective_dates: Vec<chrono::NaiveDate>,
    pub review_result: Option<crate::domain::ReviewResult>,
    pub votes: Vec<crate::domain::Vote>,
    pub tally: crate::domain::Tally,
    /// Where the quorum figure comes from, in words.
    pub quorum_note: String,
    pub stated_result: Option<crate::domain::StatedResult>,
    /// Whether the status was stated by a post, computed from the votes or inferred from time.
    pub status_source: crate::domain::StatusSource,
    /// Why the computed tally disagrees with the stated result, when it does.
    pub disagreement: Option<String>,
    /// Bylaw rules the recorded history breaks.
    pub findings: Vec<String>,
    /// Doubts from reading the posts (split names, counts that do not match).
    pub warnings: Vec<String>,
    pub timeline: Vec<crate::domain::ballot::Step>,
    pub sources: Vec<SourcePost>,
    pub mentions: Vec<Mention>,
}

/// The ballots page: ballots grouped the way the Forum's site groups them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotBoard {
    /// (group label, rows), in the site's order; empty groups are left out.
    pub groups: Vec<(String, Vec<BallotSummary>)>,
    pub wgs: Vec<WorkingGroup>,
    /// Ballots mentioned in minutes that no imported post describes.
    pub mentioned_only: Vec<crate::domain::BallotId>,
}

/// A ballot's page: its record when a post describes it, and the minutes that mention it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotPage {
    pub id: crate::domain::BallotId,
    pub detail: Option<BallotDetail>,
    pub mentions: Vec<Mention>,
    /// Changes to the ballot's records (imports of its posts), oldest first.
    pub history: Vec<HistoryEntry>,
    /// For those who may run this ballot in Quorum: the step forms' data.
    #[serde(default)]
    pub run: Option<BallotRun>,
    /// For those who may run the group's ballots: the texts for the list and the site.
    #[serde(default)]
    pub announcements: Vec<Announcement>,
    /// For a member of a group whose members record their own organisation's vote, while the
    /// ballot (run in Quorum) is in its voting period.
    #[serde(default)]
    pub own_vote: Option<OwnVote>,
}

/// A member's form for their organisation's vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnVote {
    pub org: String,
    pub csrf: String,
    /// What the organisation's recorded vote is so far ("yes", "no", "abstain"), if any.
    pub recorded: Option<String>,
}

/// One change in a record's history (the audit log as a page shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339, UTC.
    pub at: String,
    /// "user:alice@example.org", "token:deploy (alice@example.org)", "import".
    pub actor: String,
    /// post | action_item | user | token
    pub record_kind: String,
    pub record_id: String,
    pub action: String,
    pub summary: String,
    /// The record before and after, as JSON text.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Who is looking, and the token their forms must carry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The logged-in account (none for anonymous readers and API tokens).
    pub account: Option<crate::domain::access::Account>,
    /// The session's CSRF token (empty when there is no session).
    pub csrf: String,
    /// True when the site has no users yet (the login page then says how to create one).
    pub no_users: bool,
}

/// The account page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountPage {
    pub account: crate::domain::access::Account,
    /// A personal calendar URL just created: shown once, right after it was made.
    pub new_calendar_url: Option<String>,
    /// Whether a personal calendar URL is live (it can be revoked).
    pub calendar_active: bool,
    /// The viewer's pending action items.
    pub my_items: Vec<ActionItemRow>,
}

/// An edit form's fields; `None` leaves a field as it is. `due` is `YYYY-MM-DD` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEdit {
    pub text: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
}

/// A new item as the add form has it; an empty owner means "unassigned".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    pub text: String,
    pub owner: String,
    pub due: Option<String>,
}

/// Filters of the action items page: group and owner (`None` is any), and state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFilter {
    pub wg: Option<WorkingGroup>,
    pub owner: Option<String>,
    pub state: StateFilter,
}

/// Which items the action items page lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateFilter {
    /// Suggested or open: what is still to be done (the default).
    #[default]
    Pending,
    One(crate::domain::actions::ItemState),
    /// Everything, dismissed items too.
    All,
}

impl StateFilter {
    /// From a query value: "", "pending", "all", "suggested", "open", "done", "dismissed".
    pub fn parse(s: &str) -> Option<StateFilter> {
        match s.trim() {
            "" | "pending" => Some(StateFilter::Pending),
            "all" => Some(StateFilter::All),
            other => crate::domain::actions::ItemState::parse(other).map(StateFilter::One),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StateFilter::Pending => "pending",
            StateFilter::All => "all",
            StateFilter::One(s) => s.as_str(),
        }
    }

    pub fn admits(self, state: crate::domain::actions::ItemState) -> bool {
        match self {
            StateFilter::Pending => state.is_pending(),
            StateFilter::All => true,
            StateFilter::One(s) => s == state,
        }
    }
}

/// The action items page: rows (overdue first) and what its filters can offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItemsList {
    pub rows: Vec<ActionItemRow>,
    pub groups: Vec<WorkingGroup>,
    pub owners: Vec<String>,
}

/// The minutes form as a chair fills it in (and as `POST /api/v1/minutes` takes it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesForm {
    /// scwg, cscwg, smcwg, netsec, forum
    pub wg: String,
    /// YYYY-MM-DD
    pub meeting_date: String,
    /// One person a line: "Name (Organisation)" or "Name".
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub minute_taker: String,
    /// The minutes themselves, markdown.
    #[serde(default)]
    pub body: String,
}

/// A field a form got wrong, and why (shown next to the field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What readers will see of minutes not yet published, and what Quorum will read from them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MinutesPreview {
    pub title: String,
    /// Where the post will go in the content tree.
    pub path: String,
    /// Rendered and sanitised exactly as a reader's page shows it.
    pub html: String,
    pub attendees: Vec<String>,
    pub minute_taker: Option<String>,
    pub ballot_refs: Vec<String>,
    /// (owner, text, suggested)
    pub action_items: Vec<(String, String, bool)>,
    pub next_meeting: Option<String>,
    pub warnings: Vec<String>,
    /// Every field problem; publishing is refused while there is one.
    pub errors: Vec<FieldError>,
}

impl MinutesPreview {
    /// The problem with `field`, if any.
    pub fn error_for(&self, field: &str) -> Option<String> {
        let all: Vec<&str> = self.errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect();
        (!all.is_empty()).then(|| all.join("; "))
    }
}

/// The "New minutes" page: who may publish for which groups, people seen at recent meetings,
/// and the preview of the form as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComposePage {
    pub session: SessionInfo,
    /// The groups the viewer may publish minutes for.
    pub groups: Vec<WorkingGroup>,
    /// "Name (Organisation)" of people seen at the chosen group's recent meetings, most often first.
    pub people: Vec<String>,
    pub preview: MinutesPreview,
    /// The form with gaps filled from the group's last meeting (attendees) when empty.
    pub form: MinutesForm,
}

/// Editing published minutes: the text after the front matter, and the file's hash when the
/// form was made (a save is refused if the file changed meanwhile).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesEdit {
    pub session: SessionInfo,
    pub slug: String,
    pub path: String,
    pub title: String,
    pub body: String,
    pub hash: String,
}

/// A text the chair sends to the group's list and posts on the site at one stage of a ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// proposal, voting_start, results, review_notice, adoption
    pub key: String,
    pub label: String,
    pub subject: String,
    pub body: String,
}

/// The controls of a ballot run in Quorum, for those who may run it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRun {
    /// The revision the step forms are made from (a stale form is refused).
    pub revision: i64,
    pub csrf: String,
    /// Steps offered now, as the write API names them (see `domain::ballot::next_steps`).
    pub next_steps: Vec<String>,
    /// Organisations seen at the group's recent meetings, for the vote form.
    pub orgs: Vec<String>,
    /// Now, as `YYYY-MM-DDTHH:MM` (UTC): the latest time a step can be recorded at.
    pub now: String,
    /// The ballot as its recorded steps make it (the page of a draft, which has no post yet
    /// that readers see, is made from this).
    pub title: String,
    pub wg: WorkingGroup,
    pub stage: crate::domain::Stage,
    pub proposer: Option<crate::domain::Member>,
    pub endorsers: Vec<crate::domain::Member>,
}

/// The "New ballot" page: the groups the viewer may open ballots in, each with its next free id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewBallotPage {
    pub session: SessionInfo,
    pub groups: Vec<(WorkingGroup, String)>,
}

/// A step of a ballot as the page's forms send it (field names as in the write API).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotStepForm {
    /// endorse, version, start_discussion, start_voting, vote, close_voting, start_review,
    /// exclusion_notice, close_review, withdraw, cancel
    pub op: String,
    pub expected_revision: Option<i64>,
    /// `YYYY-MM-DDTHH:MM` (UTC) or RFC 3339; empty for now.
    pub at: Option<String>,
    pub name: Option<String>,
    pub org: Option<String>,
    pub version: Option<String>,
    pub url: Option<String>,
    pub category: Option<String>,
    pub vote: Option<String>,
    pub days: Option<String>,
}

/// A new ballot as the page's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBallotForm {
    pub wg: String,
    pub title: String,
    pub proposer_name: String,
    pub proposer_org: String,
    pub purpose: String,
    pub motion: String,
    /// Empty for the group's next free number.
    pub id: String,
    /// Elections and charter ballots have no IPR review.
    pub no_review: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> MinutesList {
        let row = |i: usize| MinutesSummary {
            slug: format!("m{i}"),
            title: format!("M{i}"),
            wg: WorkingGroup::Scwg,
            meeting_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            attendee_count: 0,
            ballot_ids: vec![],
            path: format!("posts/m{i}.md"),
        };
        MinutesList { rows: (0..n).map(row).collect(), groups: vec![], years: vec![], total: 0, page: 1, pages: 1 }
    }

    #[test]
    fn the_minutes_list_shows_a_hundred_meetings_a_page_whatever_the_archive() {
        let first = list(250).paged(1);
        assert_eq!((first.rows.len(), first.total, first.page, first.pages), (100, 250, 1, 3));
        let last = list(250).paged(3);
        assert_eq!((last.rows.len(), last.rows[0].slug.as_str()), (50, "m200"));
        assert_eq!(list(250).paged(99).page, 3, "past the end is the last page");
        let small = list(7).paged(1);
        assert_eq!((small.rows.len(), small.pages), (7, 1));
        assert_eq!(list(0).paged(1).pages, 1);
    }
}
