//! The working group's rules as pure functions over values: no IO, no clock (callers pass `now`),
//! no web or database types. Compiled into both the server and the browser bundle.

pub mod ids;

pub use ids::{find_ballot_ids, parse_ballot_id, BallotId, BallotMention, IdError, WorkingGroup};
