//! Reading a ballot's history from its posts: ids and versions, proposer and endorsers, the
//! discussion and voting periods, votes per organisation and category, the stated result and
//! quorum, the IPR review and the effective date. Pure functions over the post's text.
//!
//! Posts from 2021 to 2024 write all of these differently (vote lists as "20 Yes votes: …",
//! "CAs voting in favor (7): …", "19 Issuers voting YES: …" or tables, some with cells run
//! together); the table tests below use snippets of each.

pub mod outcome;
mod periods;
mod sponsors;
mod votes;

pub use outcome::{effective, effective_dates, never_voted, review, stated_quorum, stated_result};
pub use periods::periods;
pub use sponsors::sponsors;

use super::dates::find_instants;
use super::orgs::OrgDictionary;
use super::text;
use app::domain::ballot::{BallotKind, Member};
use app::domain::ids::{find_ballot_ids, BallotId};
use app::domain::tally::{Category, Choice, Vote};
use app::domain::Instant;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// What a post says about one ballot. Serialisable: an import keeps it per post (see
/// `crate::import::rebuild_ballots`), so posts that did not change are not read again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BallotFacts {
    pub id: BallotId,
    pub title: String,
    pub kind: BallotKind,
    pub versions: Vec<(u32, Option<Instant>)>,
    pub proposer: Option<Member>,
    pub endorsers: Vec<Member>,
    pub discussion_start: Option<Instant>,
    /// The stated end ("not before …"); the bylaws' minimum is computed by the domain.
    pub discussion_end: Option<Instant>,
    pub voting_start: Option<Instant>,
    pub voting_end: Option<Instant>,
    pub votes: Vec<Vote>,
    /// Counts the post states next to its lists ("20 Yes votes: …"), to check the lists against.
    pub stated_counts: Vec<(Category, Choice, u32)>,
    pub stated_result: Option<StatedResult>,
    pub stated_quorum: Option<u32>,
    pub entered_review: bool,
    pub review_start: Option<Instant>,
    pub review_end: Option<Instant>,
    pub review_days: Option<i64>,
    pub review_result: Option<ReviewResult>,
    pub effective: Option<NaiveDate>,
    /// Every date the post gives for the ballot to take effect.
    pub effective_dates: Vec<NaiveDate>,
    /// The post says the ballot never went to a vote.
    pub never_voted: bool,
    pub warnings: Vec<String>,
}

pub use app::domain::history::{ReviewResult, StatedResult};

/// Parses a ballot post. A post announcing several ballots ("Ballots CSC-21 and CSC-22") gives one
/// record per ballot, each from its own section plus the shared preamble.
pub fn parse(title: &str, body: &str, published: NaiveDate, orgs: &OrgDictionary) -> Vec<BallotFacts> {
    let (body, _) = super::markdown::bound(body);
    let body = body.as_ref();
    let mut ids: Vec<(BallotId, Option<u32>)> = Vec::new();
    for m in ids_in(&title.replace(['–', '—'], "-"), published).into_iter().chain(spaced_ids(title)) {
        if !ids.iter().any(|(id, _)| *id == m.0) {
            ids.push(m);
        }
    }
    if ids.is_empty() {
        // No id in the title: take the first one the text names.
        if let Some(m) = ids_in(body, published).into_iter().next() {
            ids.push(m);
        }
    }
    let sections = split_sections(body, &ids.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), published);
    ids.into_iter()
        .zip(sections)
        .map(|((id, version), text)| facts(&id, version, title, &text, published, orgs))
        .collect()
}

/// The ballot ids a ballot post's text names, with versions; a bare "Ballot 157" is read as the
/// Forum's legacy ballot before July 2018 (see [`app::domain::ids::BallotMention::resolve`]).
fn ids_in(text: &str, published: NaiveDate) -> Vec<(BallotId, Option<u32>)> {
    find_ballot_ids(text).into_iter().map(|m| (m.resolve(None, published), m.version)).collect()
}

/// Ids written with a space ("Ballot FORUM 20v2") which the running-text scanner skips for Forum.
fn spaced_ids(title: &str) -> Vec<(BallotId, Option<u32>)> {
    static SPACED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(forum|sc|csc|smc|ns)\s+0*(\d{1,4})(?:\s*v\.?\s*(\d+))?\b").expect("valid pattern")
    });
    let spaced = &*SPACED;
    spaced
        .captures_iter(title)
        .filter_map(|c| {
            let id: BallotId = format!("{}-{}", &c[1], &c[2]).parse().ok()?;
            Some((id, c.get(3).and_then(|v| v.as_str().parse().ok())))
        })
        .collect()
}

/// The text about each ballot: the preamble (before the first heading naming one of them) plus
/// that ballot's own section.
fn split_sections(body: &str, ids: &[BallotId], published: NaiveDate) -> Vec<String> {
    if ids.len() < 2 {
        return vec![body.to_string(); ids.len()];
    }
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (byte offset, id index)
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            let found = ids_in(line, published);
            if found.len() == 1 {
                if let Some(i) = ids.iter().position(|id| *id == found[0].0) {
                    starts.push((offset, i));
                }
            }
        }
        offset += line.len();
    }
    if starts.is_empty() {
        return vec![body.to_string(); ids.len()];
    }
    let preamble = &body[..starts[0].0];
    (0..ids.len())
        .map(|i| {
            let own: String = starts
                .iter()
                .enumerate()
                .filter(|(_, (_, idx))| *idx == i)
                .map(|(k, (start, _))| {
                    let end = starts.get(k + 1).map(|(s, _)| *s).unwrap_or(body.len());
                    &body[*start..end]
                })
                .collect();
            format!("{preamble}{own}")
        })
        .collect()
}

fn facts(
    id: &BallotId,
    title_version: Option<u32>,
    title: &str,
    text: &str,
    published: NaiveDate,
    orgs: &OrgDictionary,
) -> BallotFacts {
    let blocks = text::blocks(text);
    let plain: String = blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
    let mut warnings = Vec::new();
    let (votes, stated_counts) = votes::votes(text, &blocks, orgs, &mut warnings);
    let (discussion_start, discussion_end, voting_start, voting_end) = periods(&plain, published);
    let (proposer, endorsers) = sponsors(&plain);
    let (review_start, review_end, review_days, entered_review, review_result) = review(&plain, published);
    let title_lower = title.to_lowercase();
    let kind =
        if ["election", "vice-chair", "vice chair", "charter", "creation of"].iter().any(|k| title_lower.contains(k)) {
            BallotKind::Other
        } else {
            BallotKind::Guideline
        };
    let mut f = BallotFacts {
        id: id.clone(),
        title: clean_title(title, id),
        kind,
        versions: versions(id, title_version, &plain, published),
        proposer,
        endorsers,
        discussion_start,
        discussion_end,
        voting_start,
        voting_end,
        votes,
        stated_counts,
        // A review that ended without exclusion notices says the ballot passed.
        stated_result: stated_result(&plain, title, id)
            .or((review_result == Some(ReviewResult::NoExclusions)).then_some(StatedResult::Passed)),
        stated_quorum: stated_quorum(&plain),
        entered_review,
        review_start,
        review_end,
        review_days,
        review_result,
        effective: effective(&plain, published),
        effective_dates: effective_dates(&plain, published),
        never_voted: outcome::never_voted(&plain),
        warnings: Vec::new(),
    };
    votes::check_counts(&f, &mut warnings);
    f.warnings = warnings;
    f
}

/// "Ballot CSC-11 – Update to log data retention requirements" → "Update to log data retention
/// requirements"; a title that is only ids keeps the id.
pub fn clean_title(title: &str, id: &BallotId) -> String {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:special\s+)?ballots?\s+[a-z]+[\s\-_]?0*\d+(?:\s*v\.?\s*\d+)?(?:\s+and\s+[a-z]+[\s\-_]?\d+)?\s*[:\-–—]?\s*").expect("valid pattern")
    });
    let lead = &*LEAD;
    let t = lead.replace(title, "").trim().to_string();
    if t.is_empty() {
        id.to_string()
    } else {
        t
    }
}

fn versions(
    id: &BallotId,
    title_version: Option<u32>,
    plain: &str,
    published: NaiveDate,
) -> Vec<(u32, Option<Instant>)> {
    let mut out: Vec<(u32, Option<Instant>)> = Vec::new();
    let mut add = |n: u32, at: Option<Instant>| match out.iter_mut().find(|(v, _)| *v == n) {
        Some(existing) if existing.1.is_none() => existing.1 = at,
        Some(_) => {}
        None => out.push((n, at)),
    };
    if let Some(v) = title_version {
        add(v, None);
    }
    for (found, version) in ids_in(plain, published) {
        if found == *id {
            if let Some(v) = version {
                add(v, None);
            }
        }
    }
    static POSTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bversion\s+(\d+)\s+(?:was\s+)?posted\s*(?:on\s*)?:?\s*(.+)").expect("valid pattern")
    });
    let posted = &*POSTED;
    for line in plain.lines() {
        if let Some(c) = posted.captures(line) {
            let n: u32 = c[1].parse().unwrap_or(0);
            let at = find_instants(&c[2], Some(published), None).first().map(|f| f.at);
            if n > 0 {
                add(n, at);
            }
        }
    }
    out.sort_by_key(|(n, _)| *n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn orgs() -> OrgDictionary {
        let mut o = OrgDictionary::default();
        for n in [
            "Certum (Asseco)",
            "DigiCert",
            "eMudhra",
            "Entrust",
            "GlobalSign",
            "HARICA",
            "Sectigo",
            "SecureTrust",
            "Microsoft",
        ] {
            o.add(n);
        }
        o
    }

    fn summary(votes: &[Vote]) -> Vec<String> {
        votes.iter().map(|v| format!("{}:{:?}:{:?}", v.org, v.category, v.choice)).collect()
    }

    #[test]
    fn a_2021_table_with_names_run_together() {
        let md = "## Results of Voting \n\n| | | | |\n| --- | --- | --- | --- |\n| |\nYes |\nNo |\nAbstain | |\nCertificate Issuers |\nCertum (Asseco)DigiCerteMudhraEntrustGlobalSignHARICASectigoSecureTrust\n| | | |\nCertificate Consumers |\nMicrosoft\n| | |\n\nThe ballot has PASSED.\n\nThe following motion has been proposed by Ian McMillan of Microsoft, and endorsed by Dimitris Zacharopoulos (HARICA) and Bruce Morton (Entrust).\n";
        let f = &parse("Ballot CSC-11 – Update to log data retention requirements", md, d("2021-10-04"), &orgs())[0];
        assert_eq!(f.id.to_string(), "CSC-11");
        assert_eq!(f.title, "Update to log data retention requirements");
        let issuers: Vec<&str> = f
            .votes
            .iter()
            .filter(|v| v.category == Category::Issuer && v.choice == Choice::Yes)
            .map(|v| v.org.as_str())
            .collect();
        assert_eq!(
            issuers,
            ["Certum (Asseco)", "DigiCert", "eMudhra", "Entrust", "GlobalSign", "HARICA", "Sectigo", "SecureTrust"]
        );
        assert_eq!(summary(&f.votes[8..]), ["Microsoft:Consumer:Yes"]);
        assert_eq!(f.stated_result, Some(StatedResult::Passed));
        assert_eq!(f.proposer, Some(Member { name: "Ian McMillan".into(), org: Some("Microsoft".into()) }));
        let endorsers: Vec<(String, Option<String>)> =
            f.endorsers.iter().map(|m| (m.name.clone(), m.org.clone())).collect();
        assert_eq!(
            endorsers,
            [
                ("Dimitris Zacharopoulos".to_string(), Some("HARICA".to_string())),
                ("Bruce Morton".to_string(), Some("Entrust".to_string()))
            ]
        );
        assert!(f.warnings.iter().any(|w| w.contains("read as 8 organisations")), "{:?}", f.warnings);
    }

    #[test]
    fn a_2024_table_with_an_abstention() {
        let md = "### Results of Voting\n\n|                       | Yes                                                          | No  | Abstain |\n| --------------------- | ------------------------------------------------------------ | --- | ------- |\n| Certificate Issuers   | DigiCert, eMudhra, Entrust, GlobalSign, HARICA, Viking Cloud |     | Sectigo |\n| Certificate Consumers | Microsoft                                                    |     |         |\n";
        let f = &parse("Ballots CSC-21", md, d("2024-01-17"), &orgs())[0];
        assert_eq!(f.votes.len(), 8);
        assert_eq!(summary(&f.votes[6..]), ["Sectigo:Issuer:Abstain", "Microsoft:Consumer:Yes"]);
    }

    #[test]
    fn vote_lists_in_the_2021_server_certificate_style() {
        let md = "**Certificate Issuers**\n\n**8 votes total, with no abstentions**\n\n·         0 Yes votes:\n\n·         8 No Votes: DigiCert, Entrust, GlobalSign, HARICA, Let’s Encrypt / ISRG, Telia Company, TrustCor, SecureTrust\n\n·         0 Abstentions\n\n**Certificate Consumers**\n\n1.      0 Yes votes\n\n2.      1 No votes: Google\n\n3.      0 Abstentions\n\nThe voting on SC43v2 has completed, and the ballot has **failed**.\n";
        let f = &parse("Ballot SC43 – Clarify Acceptable Status Codes", md, d("2021-04-08"), &orgs())[0];
        assert_eq!(f.votes.iter().filter(|v| v.choice == Choice::No && v.category == Category::Issuer).count(), 8);
        assert_eq!(summary(&f.votes[8..]), ["Google:Consumer:No"]);
        assert_eq!(f.stated_result, Some(StatedResult::Failed));
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.versions, [(2, None)]);
    }

    #[test]
    fn vote_lists_in_the_code_signing_styles() {
        let md = "CAs voting in favor (7): Actalis, DigiCert, Entrust, GDCA, GlobalSign, GoDaddy, HARICA\n\nCAs opposed: None\n\nCAs abstaining: None\n\nCertificate Consumers voting in favor (1): Microsoft\nCertificate Consumers opposed: None\n\nTherefore the ballot CSC-7 passes.\n";
        let f = &parse("Ballot CSC-7v2: Update to merge EV and Non-EV clauses", md, d("2021-02-02"), &orgs())[0];
        assert_eq!(f.votes.len(), 8);
        assert_eq!(f.stated_result, Some(StatedResult::Passed));
        assert_eq!(f.versions, [(2, None)]);
        let md = "CAs voting in favor: Actalis, Certum (Asseco), DigiCert\n\nCAs opposed: None\n\nCertificate Consumers:\n\nIn Favor: Microsoft\n\nOpposed: None\n\nAbstaining: None\n";
        let f = &parse("Ballot CSC-9 – Spring 2021 Cleanup", md, d("2021-09-09"), &orgs())[0];
        assert_eq!(
            summary(&f.votes),
            ["Actalis:Issuer:Yes", "Certum (Asseco):Issuer:Yes", "DigiCert:Issuer:Yes", "Microsoft:Consumer:Yes"]
        );
    }

    #[test]
    fn vote_lists_in_the_2024_style_and_stated_counts_are_checked() {
        let md = "### Certificate Issuers\n19 votes total, with no abstentions:\n- **3 Issuers voting YES**: Actalis S.p.A., DigiCert, HARICA\n- **0 Issuers voting NO**  \n- **0 Issuers ABSTAIN**  \n### Certificate Consumers\n- **3 Consumers voting YES**: Apple, Mozilla\n- **0 Consumers voting NO**\n";
        let f = &parse("Ballot SMC05: Adoption of CAA for S/MIME", md, d("2024-01-17"), &orgs())[0];
        assert_eq!(f.id.to_string(), "SMC-5");
        assert_eq!(f.votes.len(), 5);
        assert_eq!(f.votes[0].org, "Actalis S.p.A.");
        assert_eq!(f.warnings, ["the post says 3 Certificate Consumers voted yes but names 2"]);
    }

    #[test]
    fn a_post_about_two_ballots_gives_two_records_from_their_sections() {
        let md = "## RESULTS OF REVIEW PERIOD\n\nThe IPR review period ended on February 28, 2024 and no exclusion notices were filed.\n\n## CSC-21\n\n| | Yes | No | Abstain |\n|---|---|---|---|\n| Certificate Issuers | DigiCert | | Sectigo |\n| Certificate Consumers | Microsoft | | |\n\n## CSC-22\n\n| | Yes | No | Abstain |\n|---|---|---|---|\n| Certificate Issuers | DigiCert, Sectigo | | |\n| Certificate Consumers | Microsoft | | |\n";
        let found = parse("Ballots CSC-21 and CSC-22", md, d("2024-01-17"), &orgs());
        assert_eq!(found.iter().map(|f| f.id.to_string()).collect::<Vec<_>>(), ["CSC-21", "CSC-22"]);
        assert_eq!(found[0].votes.len(), 3);
        assert_eq!(found[1].votes.iter().filter(|v| v.choice == Choice::Yes).count(), 3);
        assert!(found.iter().all(|f| f.review_result == Some(ReviewResult::NoExclusions)));
        assert_eq!(found[0].title, "CSC-21");
    }

    #[test]
    fn titles_lose_their_ballot_prefix() {
        let id: BallotId = "FORUM-20".parse().unwrap();
        assert_eq!(
            clean_title("Ballot FORUM 20v2 – Amend Code Signing Certificate Working Group Charter", &id),
            "Amend Code Signing Certificate Working Group Charter"
        );
        let id: BallotId = "SC-68".parse().unwrap();
        assert_eq!(
            clean_title("Ballot SC-68: Allow VATEL and VATXI for organizationIdentifier", &id),
            "Allow VATEL and VATXI for organizationIdentifier"
        );
    }

    #[test]
    fn the_forum_ballot_with_a_spaced_id_is_found() {
        let f = &parse(
            "Ballot FORUM 20v2 – Amend Code Signing Certificate Working Group Charter",
            "text",
            d("2024-01-13"),
            &orgs(),
        )[0];
        assert_eq!(
            (f.id.to_string(), f.versions.clone(), f.kind),
            ("FORUM-20".to_string(), vec![(2, None)], BallotKind::Other)
        );
    }
}
