//! Who may change what: roles, accounts and the one permission check every mutating handler and
//! server function goes through ([`authorize`]). Pure rules over values; the server decides who
//! is asking (session or bearer token) and then asks here.
//!
//! - `admin`: everything.
//! - `chair` of one or more working groups: every change to the records of those groups —
//!   confirming, dismissing, editing, assigning and dating action items, adding items, marking
//!   them done or reopening them.
//! - `member` (of an organisation): marks their own action items done, or reopens them.
//! - Anonymous readers change nothing.

use super::ids::WorkingGroup;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Chair,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Chair => "chair",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Admin, Role::Chair, Role::Member].into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person who can log in (or act through one of their API tokens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub name: String,
    pub org: Option<String>,
    pub role: Role,
    /// The groups a chair chairs (empty for others).
    pub wgs: Vec<WorkingGroup>,
    pub disabled: bool,
}

impl Account {
    /// Chairs (or administers) `wg`.
    pub fn chairs(&self, wg: &WorkingGroup) -> bool {
        self.role == Role::Admin || (self.role == Role::Chair && self.wgs.contains(wg))
    }

    /// Is this person the owner named on an item (assigned by account, or by the name the
    /// minutes give: "Corey Bonnell", or just "Corey" where the minutes say so)?
    pub fn owns(&self, owner_name: &str, owner_email: Option<&str>) -> bool {
        if let Some(email) = owner_email {
            return email.eq_ignore_ascii_case(&self.email);
        }
        let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let owner = fold(owner_name);
        let me = fold(&self.name);
        !owner.is_empty() && (owner == me || me.split(' ').next() == Some(owner.as_str()))
    }
}

/// What someone wants to do to an action item of a group's minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemChange {
    /// Confirm, dismiss, edit the text, set the owner or the due date.
    Curate,
    /// Add an item to a minutes record.
    Add,
    /// Mark done, or reopen.
    Complete,
}

/// Why a change is refused; the message names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("log in to make changes")]
    NotLoggedIn,
    #[error("this account is disabled")]
    Disabled,
    /// `wg` is the group's name ("Server Certificate Working Group").
    #[error("only a chair of the {wg} (or an administrator) may do this")]
    NotChair { wg: String },
    #[error("only the item's owner or a chair of the {wg} may do this")]
    NotOwnerOrChair { wg: String },
    /// A member recording a vote for an organisation other than their own.
    #[error("members record their own organisation's vote ({own}); only a chair of the {wg} records {org}'s")]
    NotOwnOrganisation { wg: String, own: String, org: String },
}

impl Denied {
    /// Refusals that logging in would cure (401), as against a role that may not (403).
    pub fn needs_login(&self) -> bool {
        matches!(self, Denied::NotLoggedIn)
    }
}

/// The one permission check for action items: may `who` make `change` to an item of `wg`'s
/// minutes owned by `owner` (name, and account email if assigned to one)?
pub fn authorize(
    who: Option<&Account>,
    change: ItemChange,
    wg: &WorkingGroup,
    owner: (&str, Option<&str>),
) -> Result<(), Denied> {
    let account = who.ok_or(Denied::NotLoggedIn)?;
    if account.disabled {
        return Err(Denied::Disabled);
    }
    if account.chairs(wg) {
        return Ok(());
    }
    match change {
        ItemChange::Complete if account.owns(owner.0, owner.1) => Ok(()),
        ItemChange::Complete => Err(Denied::NotOwnerOrChair { wg: wg.name() }),
        ItemChange::Curate | ItemChange::Add => Err(Denied::NotChair { wg: wg.name() }),
    }
}

/// May `who` run the ballots of `wg` (create them, record their steps and votes)? The group's
/// chairs and administrators may.
pub fn authorize_ballot(who: Option<&Account>, wg: &WorkingGroup) -> Result<(), Denied> {
    let account = who.ok_or(Denied::NotLoggedIn)?;
    if account.disabled {
        return Err(Denied::Disabled);
    }
    if account.chairs(wg) {
        Ok(())
    } else {
        Err(Denied::NotChair { wg: wg.name() })
    }
}

/// May `who` record `org`'s vote on a ballot of `wg`? The group's chairs (and administrators)
/// record any organisation's vote, as the ballot's results post reports them (Bylaw 2.3(f)). Where
/// the group lets members record their own (`members_vote`), a member records the vote of the
/// organisation their account names (compared ignoring case and spaces), and no other.
pub fn authorize_vote(who: Option<&Account>, wg: &WorkingGroup, org: &str, members_vote: bool) -> Result<(), Denied> {
    let account = who.ok_or(Denied::NotLoggedIn)?;
    if account.disabled {
        return Err(Denied::Disabled);
    }
    if account.chairs(wg) {
        return Ok(());
    }
    if !members_vote {
        return Err(Denied::NotChair { wg: wg.name() });
    }
    match &account.org {
        Some(own) if super::tally::org_key(own) == super::tally::org_key(org) => Ok(()),
        Some(own) => Err(Denied::NotOwnOrganisation { wg: wg.name(), own: own.clone(), org: org.to_string() }),
        None => Err(Denied::NotChair { wg: wg.name() }),
    }
}

/// May `who` publish or edit the minutes of `wg`? The same people who run its ballots: the
/// group's chairs and administrators.
pub fn authorize_minutes(who: Option<&Account>, wg: &WorkingGroup) -> Result<(), Denied> {
    authorize_ballot(who, wg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, wgs: &[WorkingGroup]) -> Account {
        Account {
            email: "corey@example.org".into(),
            name: "Corey Bonnell".into(),
            org: Some("DigiCert".into()),
            role,
            wgs: wgs.to_vec(),
            disabled: false,
        }
    }

    #[test]
    fn the_permission_table_for_action_items() {
        let scwg = WorkingGroup::Scwg;
        let cases = [
            (None, ItemChange::Curate, ("Corey", None), Err(Denied::NotLoggedIn)),
            (Some(account(Role::Admin, &[])), ItemChange::Curate, ("Dean", None), Ok(())),
            (Some(account(Role::Chair, &[WorkingGroup::Scwg])), ItemChange::Curate, ("Dean", None), Ok(())),
            (Some(account(Role::Chair, &[WorkingGroup::Scwg])), ItemChange::Add, ("Dean", None), Ok(())),
            (
                Some(account(Role::Chair, &[WorkingGroup::Cscwg])),
                ItemChange::Curate,
                ("Dean", None),
                Err(Denied::NotChair { wg: WorkingGroup::Scwg.name() }),
            ),
            (Some(account(Role::Member, &[])), ItemChange::Complete, ("Corey", None), Ok(())),
            (Some(account(Role::Member, &[])), ItemChange::Complete, ("Corey Bonnell", None), Ok(())),
            (Some(account(Role::Member, &[])), ItemChange::Complete, ("x", Some("COREY@example.org")), Ok(())),
            (
                Some(account(Role::Member, &[])),
                ItemChange::Complete,
                ("Dean Coclin", None),
                Err(Denied::NotOwnerOrChair { wg: WorkingGroup::Scwg.name() }),
            ),
            (
                Some(account(Role::Member, &[])),
                ItemChange::Curate,
                ("Corey", None),
                Err(Denied::NotChair { wg: WorkingGroup::Scwg.name() }),
            ),
            (
                Some(account(Role::Member, &[])),
                ItemChange::Complete,
                ("Corey", Some("someone@else.org")),
                Err(Denied::NotOwnerOrChair { wg: WorkingGroup::Scwg.name() }),
            ),
        ];
        for (who, change, owner, want) in cases {
            assert_eq!(authorize(who.as_ref(), change, &scwg, owner), want, "{who:?} {change:?} {owner:?}");
        }
        let disabled = Account { disabled: true, ..account(Role::Admin, &[]) };
        assert_eq!(authorize(Some(&disabled), ItemChange::Curate, &scwg, ("x", None)), Err(Denied::Disabled));
    }

    #[test]
    fn only_a_groups_chairs_and_administrators_run_its_ballots() {
        let scwg = WorkingGroup::Scwg;
        assert_eq!(authorize_ballot(None, &scwg), Err(Denied::NotLoggedIn));
        assert_eq!(authorize_ballot(Some(&account(Role::Admin, &[])), &scwg), Ok(()));
        assert_eq!(authorize_ballot(Some(&account(Role::Chair, &[WorkingGroup::Scwg])), &scwg), Ok(()));
        let other = account(Role::Chair, &[WorkingGroup::Cscwg]);
        assert_eq!(authorize_ballot(Some(&other), &scwg), Err(Denied::NotChair { wg: scwg.name() }));
        assert_eq!(
            authorize_ballot(Some(&account(Role::Member, &[])), &scwg),
            Err(Denied::NotChair { wg: scwg.name() })
        );
    }

    #[test]
    fn roles_read_back_from_their_names() {
        for r in [Role::Admin, Role::Chair, Role::Member] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn who_may_record_a_vote_chairs_any_and_members_their_own_where_the_group_allows() {
        let scwg = WorkingGroup::Scwg;
        let chair = account(Role::Chair, std::slice::from_ref(&scwg));
        let member = account(Role::Member, &[]);
        let other_chair = account(Role::Chair, &[WorkingGroup::Smcwg]);
        let mut orgless = account(Role::Member, &[]);
        orgless.org = None;
        let cases: [(&str, Option<&Account>, &str, bool, bool); 9] = [
            ("the chair, for any organisation", Some(&chair), "Apple", false, true),
            ("the chair, where members vote too", Some(&chair), "Apple", true, true),
            ("a member, for their own organisation, where allowed", Some(&member), "digicert", true, true),
            ("a member, for their own organisation, spaced differently", Some(&member), "Digi Cert", true, true),
            ("a member, where the group does not allow it", Some(&member), "DigiCert", false, false),
            ("a member, for another organisation", Some(&member), "Sectigo", true, false),
            ("a member whose account names no organisation", Some(&orgless), "DigiCert", true, false),
            ("another group's chair, where members vote", Some(&other_chair), "Apple", true, false),
            ("nobody logged in", None, "DigiCert", true, false),
        ];
        for (what, who, org, members_vote, allowed) in cases {
            assert_eq!(authorize_vote(who, &scwg, org, members_vote).is_ok(), allowed, "{what}");
        }
        let refusal = authorize_vote(Some(&member), &scwg, "Sectigo", true).unwrap_err().to_string();
        assert_eq!(refusal, "members record their own organisation's vote (DigiCert); only a chair of the Server Certificate Working Group records Sectigo's");
    }
}
