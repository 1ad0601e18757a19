//! Counting a ballot's votes under Bylaws 2.3(f) and (g).
//!
//! Members vote per organisation (an organisation's last vote counts) in one of two categories.
//! A ballot passes when Certificate Issuers give at least two thirds yes of yes+no, Certificate
//! Consumers more than half yes of yes+no ("50% plus one"), each category has at least one yes, and
//! more than half of the currently active members took part (abstentions count for quorum only).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Issuer,
    Consumer,
}

impl Category {
    pub const ALL: [Category; 2] = [Category::Issuer, Category::Consumer];

    pub fn label(self) -> &'static str {
        match self {
            Category::Issuer => "Certificate Issuers",
            Category::Consumer => "Certificate Consumers",
        }
    }

    /// The stable name used in exports, the API, the database and page markup.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Issuer => "issuer",
            Category::Consumer => "consumer",
        }
    }

    /// The inverse of [`Category::as_str`].
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Yes, Choice::No, Choice::Abstain];

    /// The inverse of [`Choice::as_str`].
    pub fn parse(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
        }
    }
}

/// One organisation's vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub org: String,
    pub category: Category,
    pub choice: Choice,
}

/// How many must take part for a result to be valid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Quorum {
    /// The number of votes needed, as the chair stated it.
    Stated(u32),
    /// The currently active members (an average, so possibly fractional); more than half must vote.
    Active(f64),
    /// Not known: the result is reported without a quorum check.
    Unknown,
}

impl Quorum {
    /// Votes needed: the smallest whole number greater than half the active members.
    pub fn required(self) -> Option<u32> {
        match self {
            Quorum::Stated(n) => Some(n),
            Quorum::Active(active) if active > 0.0 => Some((active / 2.0).floor() as u32 + 1),
            _ => None,
        }
    }
}

/// A meeting of a group, with the member organisations that attended (as its minutes list them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub wg: super::ids::WorkingGroup,
    pub date: chrono::NaiveDate,
    pub orgs: Vec<String>,
}

/// Organisations compare ignoring case and spaces ("Telia Company" and "TeliaCompany").
pub fn org_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The "currently active" members of Bylaw 2.3(g) for a ballot of `wg` voted on `day`: the
/// average number of member organisations at the three meetings of the group before `day` whose
/// minutes list organisations (rounded to hundredths), with the meetings it was taken over, most
/// recent first. `None` with fewer than three such meetings: an average of one or two meetings
/// would mislead. Feeds [`Quorum::Active`].
pub fn active_members(
    wg: &super::ids::WorkingGroup,
    day: chrono::NaiveDate,
    meetings: &[Meeting],
) -> (Option<f64>, Vec<(chrono::NaiveDate, usize)>) {
    let mut previous: Vec<&Meeting> =
        meetings.iter().filter(|m| &m.wg == wg && m.date < day && !m.orgs.is_empty()).collect();
    previous.sort_by_key(|m| std::cmp::Reverse(m.date));
    let basis: Vec<(chrono::NaiveDate, usize)> = previous
        .iter()
        .take(3)
        .map(|m| {
            let distinct: std::collections::HashSet<String> = m.orgs.iter().map(|o| org_key(o)).collect();
            (m.date, distinct.len())
        })
        .collect();
    if basis.len() < 3 {
        return (None, basis);
    }
    let avg = basis.iter().map(|(_, n)| *n as f64).sum::<f64>() / basis.len() as f64;
    (Some((avg * 100.0).round() / 100.0), basis)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    NoQuorum,
    /// No votes to count (voting has not happened or was not recorded).
    Incomplete,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::NoQuorum => "no_quorum",
            Outcome::Incomplete => "incomplete",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::NoQuorum => "failed for lack of quorum",
            Outcome::Incomplete => "incomplete",
        })
    }
}

/// One bylaw requirement and whether it was met, with the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// e.g. "Bylaw 2.3(f): two thirds of Certificate Issuers".
    pub rule: String,
    /// `None` when it could not be checked (quorum unknown).
    pub met: Option<bool>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub issuer_yes: u32,
    pub issuer_no: u32,
    pub issuer_abstain: u32,
    pub consumer_yes: u32,
    pub consumer_no: u32,
    pub consumer_abstain: u32,
    pub quorum_required: Option<u32>,
    pub participated: u32,
    pub outcome: Outcome,
    pub requirements: Vec<Requirement>,
    /// The requirements in one paragraph, as the Forum's result posts word them.
    pub explanation: String,
}

/// The votes that count: each organisation's last vote (by name, ignoring case).
pub fn effective_votes(votes: &[Vote]) -> Vec<Vote> {
    let mut out: Vec<Vote> = Vec::new();
    for v in votes {
        let key = v.org.trim().to_lowercase();
        if let Some(existing) = out.iter_mut().find(|e| e.org.trim().to_lowercase() == key) {
            *existing = v.clone();
        } else {
            out.push(v.clone());
        }
    }
    out
}

pub fn tally(votes: &[Vote], quorum: Quorum) -> Tally {
    let votes = effective_votes(votes);
    let count = |c: Category, ch: Choice| votes.iter().filter(|v| v.category == c && v.choice == ch).count() as u32;
    let (iy, ino, ia) = (
        count(Category::Issuer, Choice::Yes),
        count(Category::Issuer, Choice::No),
        count(Category::Issuer, Choice::Abstain),
    );
    let (cy, cno, ca) = (
        count(Category::Consumer, Choice::Yes),
        count(Category::Consumer, Choice::No),
        count(Category::Consumer, Choice::Abstain),
    );
    let participated = votes.len() as u32;
    let quorum_required = quorum.required();

    let pct = |yes: u32, no: u32| {
        if yes + no == 0 {
            "no yes or no votes".to_string()
        } else {
            format!("{:.0}%", 100.0 * yes as f64 / (yes + no) as f64)
        }
    };
    // Integer arithmetic: yes/(yes+no) >= 2/3  <=>  3·yes >= 2·(yes+no).
    let issuers_met = iy + ino > 0 && 3 * iy >= 2 * (iy + ino);
    // "50% plus one": strictly more than half of yes+no.
    let consumers_met = cy + cno > 0 && 2 * cy > cy + cno;
    let one_yes_each = iy > 0 && cy > 0;
    let quorum_met = quorum_required.map(|q| participated >= q);

    let mut requirements = vec![
        Requirement {
            rule: "Bylaw 2.3(f): at least two thirds of Certificate Issuer votes are yes".into(),
            met: Some(issuers_met),
            detail: format!("{iy} yes, {ino} no ({}); {ia} abstained, not counted", pct(iy, ino)),
        },
        Requirement {
            rule: "Bylaw 2.3(f): more than half (50% plus one) of Certificate Consumer votes are yes".into(),
            met: Some(consumers_met),
            detail: format!("{cy} yes, {cno} no ({}); {ca} abstained, not counted", pct(cy, cno)),
        },
        Requirement {
            rule: "Bylaw 2.3(f): at least one yes in each category".into(),
            met: Some(one_yes_each),
            detail: format!("{iy} issuer yes, {cy} consumer yes"),
        },
    ];
    requirements.push(Requirement {
        rule: "Bylaw 2.3(g): more than half of the currently active members took part".into(),
        met: quorum_met,
        detail: match (quorum, quorum_required) {
            (Quorum::Stated(q), _) => format!("{participated} took part (abstentions included); quorum {q} as stated by the chair"),
            (Quorum::Active(a), Some(q)) => format!(
                "{participated} took part (abstentions included); {a:.2} members active on average at the previous three meetings, so {q} were needed"
            ),
            _ => format!("{participated} took part; the number of active members is not known, so quorum was not checked"),
        },
    });

    let outcome = if participated == 0 {
        Outcome::Incomplete
    } else if quorum_met == Some(false) {
        Outcome::NoQuorum
    } else if issuers_met && consumers_met && one_yes_each {
        Outcome::Passed
    } else {
        Outcome::Failed
    };
    let explanation = explain(&requirements, outcome);
    Tally {
        issuer_yes: iy,
        issuer_no: ino,
        issuer_abstain: ia,
        consumer_yes: cy,
        consumer_no: cno,
        consumer_abstain: ca,
        quorum_required,
        participated,
        outcome,
        requirements,
        explanation,
    }
}

fn explain(reqs: &[Requirement], outcome: Outcome) -> String {
    let mut parts: Vec<String> = reqs
        .iter()
        .map(|r| {
            let verdict = match r.met {
                Some(true) => "met",
                Some(false) => "NOT met",
                None => "not checked",
            };
            format!("{} — {verdict} ({}).", r.rule, r.detail)
        })
        .collect();
    parts.push(match outcome {
        Outcome::Passed => "The ballot passes.".to_string(),
        Outcome::Failed => "The ballot fails.".to_string(),
        Outcome::NoQuorum => "The result is not valid: quorum was not reached, so the ballot fails.".to_string(),
        Outcome::Incomplete => "No votes have been recorded.".to_string(),
    });
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(wg: crate::domain::WorkingGroup, date: &str, orgs: &[&str]) -> Meeting {
        Meeting { wg, date: date.parse().unwrap(), orgs: orgs.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn active_members_average_the_previous_three_meetings_with_organisations() {
        let meetings = [
            meeting(crate::domain::WorkingGroup::Scwg, "2021-01-07", &["A", "B", "C", "D"]),
            meeting(crate::domain::WorkingGroup::Scwg, "2021-01-21", &["A", "B"]),
            meeting(crate::domain::WorkingGroup::Scwg, "2021-02-04", &["A", "B", "C", "a"]),
            meeting(crate::domain::WorkingGroup::Scwg, "2021-02-18", &[]),
            meeting(crate::domain::WorkingGroup::Cscwg, "2021-02-11", &["X"]),
            meeting(crate::domain::WorkingGroup::Scwg, "2021-03-04", &["A"]),
            meeting(crate::domain::WorkingGroup::Forum, "2021-01-04", &["A", "B"]),
            meeting(crate::domain::WorkingGroup::Forum, "2021-02-04", &["A", "B"]),
        ];
        let (avg, basis) = active_members(&crate::domain::WorkingGroup::Scwg, "2021-03-01".parse().unwrap(), &meetings);
        assert_eq!(avg, Some(3.0));
        assert_eq!(
            basis.iter().map(|(d, n)| (d.to_string(), *n)).collect::<Vec<_>>(),
            [("2021-02-04".to_string(), 3), ("2021-01-21".to_string(), 2), ("2021-01-07".to_string(), 4)]
        );
        assert_eq!(
            active_members(&crate::domain::WorkingGroup::Netsec, "2021-03-01".parse().unwrap(), &meetings).0,
            None
        );
        // Two meetings on record are not the three the bylaws average.
        assert_eq!(
            active_members(&crate::domain::WorkingGroup::Forum, "2021-03-01".parse().unwrap(), &meetings).0,
            None
        );
    }

    fn votes(issuers: (u32, u32, u32), consumers: (u32, u32, u32)) -> Vec<Vote> {
        let mut out = Vec::new();
        let mut add = |cat: Category, n: u32, choice: Choice, tag: &str| {
            for i in 0..n {
                out.push(Vote { org: format!("{tag}{i}"), category: cat, choice });
            }
        };
        add(Category::Issuer, issuers.0, Choice::Yes, "iy");
        add(Category::Issuer, issuers.1, Choice::No, "in");
        add(Category::Issuer, issuers.2, Choice::Abstain, "ia");
        add(Category::Consumer, consumers.0, Choice::Yes, "cy");
        add(Category::Consumer, consumers.1, Choice::No, "cn");
        add(Category::Consumer, consumers.2, Choice::Abstain, "ca");
        out
    }

    /// (yes, no, abstain) of one category.
    type Counts = (u32, u32, u32);

    #[test]
    fn outcomes_at_every_edge_of_the_rules() {
        use Outcome::*;
        let cases: [(&str, Counts, Counts, Quorum, Outcome); 14] = [
            ("unanimous with quorum", (20, 0, 0), (5, 0, 0), Quorum::Stated(13), Passed),
            ("issuers exactly two thirds", (2, 1, 0), (1, 0, 0), Quorum::Unknown, Passed),
            ("issuers just under two thirds", (19, 10, 0), (1, 0, 0), Quorum::Unknown, Failed),
            ("consumers tied is not 50% plus one", (5, 0, 0), (1, 1, 0), Quorum::Unknown, Failed),
            ("consumers 2 of 3", (5, 0, 0), (2, 1, 0), Quorum::Unknown, Passed),
            ("no consumers voting at all", (10, 0, 0), (0, 0, 0), Quorum::Unknown, Failed),
            ("consumers only abstain", (10, 0, 0), (0, 0, 2), Quorum::Unknown, Failed),
            ("everyone abstains", (0, 0, 6), (0, 0, 2), Quorum::Stated(5), Failed),
            ("quorum exactly half is not more than half", (5, 0, 0), (1, 0, 0), Quorum::Active(12.0), NoQuorum),
            ("quorum one more than half", (6, 0, 0), (1, 0, 0), Quorum::Active(12.0), Passed),
            ("abstentions count towards quorum", (5, 0, 1), (1, 0, 0), Quorum::Active(12.0), Passed),
            ("fractional active members round up", (6, 0, 0), (1, 0, 0), Quorum::Active(13.67), Passed),
            ("all issuers vote no", (0, 8, 0), (0, 1, 0), Quorum::Stated(13), NoQuorum),
            ("no votes at all", (0, 0, 0), (0, 0, 0), Quorum::Stated(13), Incomplete),
        ];
        for (name, i, c, q, want) in cases {
            assert_eq!(tally(&votes(i, c), q).outcome, want, "{name}");
        }
    }

    #[test]
    fn quorum_is_more_than_half_of_the_active_members() {
        assert_eq!(Quorum::Active(24.0).required(), Some(13));
        assert_eq!(Quorum::Active(25.0).required(), Some(13));
        assert_eq!(Quorum::Active(13.67).required(), Some(7));
        assert_eq!(Quorum::Stated(11).required(), Some(11));
        assert_eq!(Quorum::Unknown.required(), None);
    }

    #[test]
    fn an_organisations_last_vote_is_the_one_that_counts() {
        let v = vec![
            Vote { org: "Acme CA".into(), category: Category::Issuer, choice: Choice::No },
            Vote { org: "Browserly".into(), category: Category::Consumer, choice: Choice::Yes },
            Vote { org: "acme ca".into(), category: Category::Issuer, choice: Choice::Yes },
        ];
        let t = tally(&v, Quorum::Unknown);
        assert_eq!((t.issuer_yes, t.issuer_no, t.participated), (1, 0, 2));
        assert_eq!(t.outcome, Outcome::Passed);
    }

    #[test]
    fn the_explanation_names_each_requirement_with_its_numbers() {
        let t = tally(&votes((6, 1, 1), (1, 0, 0)), Quorum::Stated(6));
        assert!(t.explanation.contains("6 yes, 1 no (86%); 1 abstained"), "{}", t.explanation);
        assert!(t.explanation.contains("9 took part"), "{}", t.explanation);
        assert!(t.explanation.ends_with("The ballot passes."));
        let t = tally(&votes((0, 8, 0), (0, 1, 0)), Quorum::Unknown);
        assert!(t.explanation.contains("NOT met"), "{}", t.explanation);
        assert!(t.explanation.contains("quorum was not checked"));
        assert_eq!(t.outcome, Outcome::Failed);
    }
}
