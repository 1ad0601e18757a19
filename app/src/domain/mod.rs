//! The working group's rules as pure functions over values: no IO, no clock (callers pass `now`),
//! no web or database types. Compiled into both the server and the browser bundle.
//!
//! - `ids`: working groups and ballot ids in every spelling.
//! - `deadline`: the one calculator for every period the bylaws set.
//! - `tally`: counting votes, quorum, and the explanation of the result.
//! - `ballot`: stages and the events that move a ballot between them.
//! - `history`: a ballot's recorded facts, rebuilt into a `Ballot` through the same rules.
//! - `error`: `BallotError`, what forbids a step.
//! - `access`: roles, accounts and `authorize`, the one permission check for changes.
//! - `actions`: action items as people track them, and the state machine they move through.

pub mod access;
pub mod actions;
pub mod ballot;
pub mod deadline;
pub mod error;
pub mod history;
pub mod ids;
pub mod tally;

pub use ballot::{advance, replay, status_at, Ballot, BallotKind, Event, Member, Stage, Version};
pub use deadline::Instant;
pub use error::BallotError;
pub use history::{
    disagreement, rebuild, status_source, History, MinutesSay, ReviewResult, StatedResult, StatusSource,
};
pub use ids::{find_ballot_ids, parse_ballot_id, BallotId, BallotMention, IdError, WorkingGroup};
pub use tally::{tally, Category, Choice, Outcome, Quorum, Tally, Vote};
