//! Action items as people track them: read from minutes (explicit `ACTION:` items open, items
//! read from prose suggested), then confirmed or dismissed by a chair, assigned, dated, marked
//! done (with a note) and reopened. [`apply`] is the one state machine; who may do what is
//! [`super::access::authorize`].

use super::access::ItemChange;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Read from prose ("Corey will prepare the ballot"), waiting for a chair.
    Suggested,
    Open,
    Dismissed,
    Done,
}

impl ItemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Suggested => "suggested",
            ItemState::Open => "open",
            ItemState::Dismissed => "dismissed",
            ItemState::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<ItemState> {
        [ItemState::Suggested, ItemState::Open, ItemState::Dismissed, ItemState::Done]
            .into_iter()
            .find(|st| st.as_str() == s)
    }

    /// Still to be done (suggested or open).
    pub fn is_pending(self) -> bool {
        matches!(self, ItemState::Suggested | ItemState::Open)
    }
}

impl fmt::Display for ItemState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One tracked action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedItem {
    pub id: String,
    pub state: ItemState,
    pub text: String,
    /// The owner's name as shown ("Corey Bonnell", or "unassigned").
    pub owner: String,
    /// The owner's account, when assigned to a user.
    pub owner_email: Option<String>,
    pub due: Option<NaiveDate>,
    /// The note given when it was marked done.
    pub note: Option<String>,
    /// Read from prose rather than written as `ACTION:`.
    pub suggested: bool,
    /// The sentence it was read from (none for items a person added).
    pub source: Option<String>,
    /// That sentence is no longer in the minutes file.
    pub source_removed: bool,
    /// Counts changes, so a form opened before someone else's change is refused.
    pub revision: i64,
}

impl TrackedItem {
    /// Pending with a due date before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.state.is_pending() && self.due.is_some_and(|d| d < today)
    }
}

/// A change to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ItemOp {
    Confirm,
    Dismiss,
    Edit { text: String },
    Assign { owner: String, owner_email: Option<String> },
    SetDue { due: Option<NaiveDate> },
    Done { note: Option<String> },
    Reopen,
}

impl ItemOp {
    /// The kind of change, for [`super::access::authorize`].
    pub fn change(&self) -> ItemChange {
        match self {
            ItemOp::Done { .. } | ItemOp::Reopen => ItemChange::Complete,
            _ => ItemChange::Curate,
        }
    }

    /// A name for the audit log ("confirm", "set_due").
    pub fn name(&self) -> &'static str {
        match self {
            ItemOp::Confirm => "confirm",
            ItemOp::Dismiss => "dismiss",
            ItemOp::Edit { .. } => "edit",
            ItemOp::Assign { .. } => "assign",
            ItemOp::SetDue { .. } => "set_due",
            ItemOp::Done { .. } => "done",
            ItemOp::Reopen => "reopen",
        }
    }
}

/// Why a change cannot be made to an item in its present state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("only a suggested item can be confirmed; this one is {0}")]
    NotSuggested(ItemState),
    #[error("a {0} item cannot be dismissed")]
    CannotDismiss(ItemState),
    #[error("a {0} item cannot be marked done")]
    CannotComplete(ItemState),
    #[error("only a done or dismissed item can be reopened; this one is {0}")]
    NotClosed(ItemState),
    #[error("the text of an action item cannot be empty (or longer than 2,000 characters)")]
    BadText,
    #[error("an action item needs an owner (a name, or \"unassigned\")")]
    NoOwner,
}

/// The item after `op`, or why `op` cannot be applied. Each applied change counts one revision.
pub fn apply(item: &TrackedItem, op: &ItemOp) -> Result<TrackedItem, ItemError> {
    let mut next = item.clone();
    match op {
        ItemOp::Confirm if item.state == ItemState::Suggested => next.state = ItemState::Open,
        ItemOp::Confirm => return Err(ItemError::NotSuggested(item.state)),
        ItemOp::Dismiss if item.state.is_pending() => next.state = ItemState::Dismissed,
        ItemOp::Dismiss => return Err(ItemError::CannotDismiss(item.state)),
        ItemOp::Edit { text } => {
            let text = text.trim();
            if text.is_empty() || text.chars().count() > 2000 {
                return Err(ItemError::BadText);
            }
            next.text = text.to_string();
        }
        ItemOp::Assign { owner, owner_email } => {
            let owner = owner.trim();
            if owner.is_empty() {
                return Err(ItemError::NoOwner);
            }
            next.owner = owner.to_string();
            next.owner_email = owner_email.clone().filter(|e| !e.trim().is_empty());
        }
        ItemOp::SetDue { due } => next.due = *due,
        ItemOp::Done { note } if item.state.is_pending() => {
            next.state = ItemState::Done;
            next.note = note.clone().map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        }
        ItemOp::Done { .. } => return Err(ItemError::CannotComplete(item.state)),
        ItemOp::Reopen if matches!(item.state, ItemState::Done | ItemState::Dismissed) => {
            next.state = ItemState::Open;
        }
        ItemOp::Reopen => return Err(ItemError::NotClosed(item.state)),
    }
    next.revision += 1;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: ItemState) -> TrackedItem {
        TrackedItem {
            id: "a1".into(),
            state,
            text: "Corey will prepare the ballot.".into(),
            owner: "Corey Bonnell".into(),
            owner_email: None,
            due: None,
            note: None,
            suggested: true,
            source: Some("Corey will prepare the ballot.".into()),
            source_removed: false,
            revision: 0,
        }
    }

    #[test]
    fn the_item_state_machine_allows_and_refuses_in_every_state() {
        use ItemState::*;
        let done = ItemOp::Done { note: Some(" sent ".into()) };
        let cases: [(ItemState, ItemOp, Result<ItemState, ItemError>); 12] = [
            (Suggested, ItemOp::Confirm, Ok(Open)),
            (Open, ItemOp::Confirm, Err(ItemError::NotSuggested(Open))),
            (Suggested, ItemOp::Dismiss, Ok(Dismissed)),
            (Open, ItemOp::Dismiss, Ok(Dismissed)),
            (Done, ItemOp::Dismiss, Err(ItemError::CannotDismiss(Done))),
            (Open, done.clone(), Ok(Done)),
            (Suggested, done.clone(), Ok(Done)),
            (Dismissed, done.clone(), Err(ItemError::CannotComplete(Dismissed))),
            (Done, ItemOp::Reopen, Ok(Open)),
            (Dismissed, ItemOp::Reopen, Ok(Open)),
            (Open, ItemOp::Reopen, Err(ItemError::NotClosed(Open))),
            (Open, ItemOp::Edit { text: "  ".into() }, Err(ItemError::BadText)),
        ];
        for (state, op, want) in cases {
            assert_eq!(apply(&item(state), &op).map(|i| i.state), want, "{state} {op:?}");
        }
        let after = apply(&item(Open), &done).unwrap();
        assert_eq!((after.note.as_deref(), after.revision), (Some("sent"), 1));
    }

    #[test]
    fn assigning_and_dating_keep_the_state() {
        let assigned = apply(
            &item(ItemState::Open),
            &ItemOp::Assign { owner: "Dean".into(), owner_email: Some("d@x.org".into()) },
        )
        .unwrap();
        assert_eq!((assigned.owner.as_str(), assigned.owner_email.as_deref()), ("Dean", Some("d@x.org")));
        let due = NaiveDate::from_ymd_opt(2026, 12, 1);
        let dated = apply(&assigned, &ItemOp::SetDue { due }).unwrap();
        assert_eq!((dated.due, dated.state, dated.revision), (due, ItemState::Open, 2));
        assert!(dated.overdue(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()));
        assert!(!dated.overdue(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()));
        assert_eq!(apply(&dated, &ItemOp::Assign { owner: " ".into(), owner_email: None }), Err(ItemError::NoOwner));
    }
}
