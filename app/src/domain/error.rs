//! `BallotError`: which bylaw rule forbids a step, written for the chair who has to act on it.

use super::ballot::Stage;
use super::deadline::{format_instant, Instant};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BallotError {
    #[error("{action} is not possible while the ballot is {stage}")]
    WrongStage { action: String, stage: Stage },
    #[error("the ballot has no proposer")]
    NoProposer,
    #[error("voting cannot start: {}", endorsers_message(*have))]
    NotEnoughEndorsers { have: usize },
    #[error("voting cannot start: endorser {name} is from the proposer's own organisation ({org})")]
    EndorserFromProposersOrg { name: String, org: String },
    #[error("voting cannot start: both endorsers are from {org}; the bylaws need two different members")]
    EndorsersFromSameOrg { org: String },
    #[error("discussion ends no earlier than {}: version {version} was posted {}", format_instant(*earliest), posted.format("%Y-%m-%d"))]
    DiscussionTooShort { earliest: Instant, version: u32, posted: Instant },
    #[error("the voting period must be exactly 7 days; this one runs from {} to {}", format_instant(*start), format_instant(*end))]
    VotingNotSevenDays { start: Instant, end: Instant },
    #[error("a vote from {org} at {} is outside the voting period ({} to {})", format_instant(*at), format_instant(*start), format_instant(*end))]
    VoteOutsidePeriod { org: String, at: Instant, start: Instant, end: Instant },
    #[error("results cannot be recorded before voting ends at {}", format_instant(*ends))]
    VotingNotOver { ends: Instant },
    #[error("the IPR review runs until {}; it cannot end earlier", format_instant(*ends))]
    ReviewNotOver { ends: Instant },
    #[error("version {number} does not follow version {last}")]
    VersionOutOfOrder { number: u32, last: u32 },
    #[error("the IPR review is recorded as ending {}, before the vote ended {}", format_instant(*review_end), format_instant(*voting_end))]
    ReviewEndsBeforeVote { review_end: Instant, voting_end: Instant },
    #[error("the ballot expired at {}, 90 days after its last version, without a vote", format_instant(*at))]
    Expired { at: Instant },
}

fn endorsers_message(have: usize) -> String {
    match have {
        0 => "no endorsers from other members".to_string(),
        1 => "only one endorser from another member".to_string(),
        n => format!("only {n} endorsers"),
    }
}

impl BallotError {
    /// A short stable code for APIs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            BallotError::WrongStage { .. } => "wrong_stage",
            BallotError::NoProposer => "no_proposer",
            BallotError::NotEnoughEndorsers { .. } => "not_enough_endorsers",
            BallotError::EndorserFromProposersOrg { .. } => "endorser_from_proposers_org",
            BallotError::EndorsersFromSameOrg { .. } => "endorsers_from_same_org",
            BallotError::DiscussionTooShort { .. } => "discussion_too_short",
            BallotError::VotingNotSevenDays { .. } => "voting_not_seven_days",
            BallotError::VoteOutsidePeriod { .. } => "vote_outside_period",
            BallotError::VotingNotOver { .. } => "voting_not_over",
            BallotError::ReviewNotOver { .. } => "review_not_over",
            BallotError::VersionOutOfOrder { .. } => "version_out_of_order",
            BallotError::ReviewEndsBeforeVote { .. } => "review_ends_before_vote",
            BallotError::Expired { .. } => "expired",
        }
    }
}
