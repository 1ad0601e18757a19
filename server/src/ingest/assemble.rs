//! Ballots as records: assembled from every ballot post (several posts may tell one ballot's
//! story), with organisation names split using everything the import has seen, and the quorum
//! taken from the chair's statement or, failing that, from attendance in the minutes (the bylaw
//! itself is `app::domain::tally::active_members`). Pure functions over values: the import
//! pipeline (`crate::import`) feeds them from the store and saves the result.

use super::ballot_post::{self, BallotFacts};
use super::guarded;
use super::orgs::OrgDictionary;
use app::domain::ballot::BallotKind;
use app::domain::history::History;
use app::domain::history::MinutesSay;
use app::domain::ids::{BallotId, WorkingGroup};
use app::domain::tally::{active_members, Category, Meeting, Quorum};
use app::domain::Instant;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A ballot post as stored.
#[derive(Debug, Clone)]
pub struct PostSource {
    pub path: String,
    pub title: String,
    pub body: String,
    pub published: Instant,
}

/// A ballot ready to be stored. Serialisable for its [`Assembled::digest`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Assembled {
    pub history: History,
    pub wg: WorkingGroup,
    /// Paths of the posts it was read from, oldest first.
    pub sources: Vec<String>,
    /// Active members at the start of voting, from the previous three meetings' attendance.
    pub active_members: Option<f64>,
    /// The meetings that figure was computed from.
    pub attendance_basis: Vec<(NaiveDate, usize)>,
    pub warnings: Vec<String>,
}

impl Assembled {
    /// A digest of the whole record: a re-import rewrites only the ballots whose digest changed.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A digest of everything in a post that ballot assembly reads: for a ballot post its title, date
/// and text; for minutes their group, date, attendee organisations and what they say about
/// ballots; for anything else nothing (the same digest for all). The extractor version is part
/// of it, so that a new extractor re-assembles. A re-import whose changed posts all keep their
/// digest leaves every ballot as it was and skips assembly.
pub fn ballot_inputs(post: &crate::ingest::Post) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut put = |part: &str| {
        h.update(part.as_bytes());
        h.update([0]);
    };
    put(super::EXTRACTOR_VERSION);
    put(post.kind.as_str());
    put(if post.draft { "draft" } else { "live" });
    match (&post.kind, &post.minutes) {
        (app::model::PostKind::Ballot, _) => {
            put(&post.title);
            put(&post.published.to_rfc3339());
            put(&post.body);
        }
        (app::model::PostKind::Minutes, Some(m)) => {
            put(m.wg.slug());
            put(&m.meeting_date.to_string());
            for a in &m.attendees {
                put(a.org.as_deref().unwrap_or("\u{1}"));
            }
            put("\u{2}");
            for r in &m.ballot_refs {
                put(&r.id.to_string());
                put(r.says.map(|s| s.as_str()).unwrap_or(""));
            }
        }
        _ => {}
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The organisation names a post's vote lists use, each with the category it was listed under,
/// read without a dictionary (so a run-together cell comes back as one long name). These are a
/// post's contribution to the [`dictionary`]; an import keeps them per post, so a re-import only
/// reads the posts that changed.
pub fn vote_names(post: &PostSource) -> Vec<(String, Category)> {
    let empty = OrgDictionary::default();
    guarded(|| ballot_post::parse(&post.title, &post.body, post.published.date_naive(), &empty))
        .unwrap_or_default()
        .into_iter()
        .flat_map(|f| f.votes.into_iter().map(|v| (v.org, v.category)))
        .collect()
}

/// Every organisation name worth splitting on: attendee organisations, and names that appear in
/// vote lists of at least two posts (a run-together cell appears once, so it never gets in).
/// `names` gives each post's path with its [`vote_names`].
pub fn dictionary_from<'a>(
    names: impl IntoIterator<Item = (&'a str, &'a [(String, Category)])>,
    meetings: &[Meeting],
) -> OrgDictionary {
    let mut dict = OrgDictionary::default();
    // Attendee organisations repeat from meeting to meeting: count each spelling, then add it
    // once with its count, in the order spellings were first seen (which breaks ties).
    let mut attended: Vec<(&str, usize)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for o in meetings.iter().flat_map(|m| m.orgs.iter()) {
        match at.get(o.as_str()) {
            Some(&i) => attended[i].1 += 1,
            None => {
                at.insert(o, attended.len());
                attended.push((o, 1));
            }
        }
    }
    for (o, n) in attended {
        dict.add_times(o, n);
    }
    // spelling → the posts whose vote lists use it, in the order spellings were first seen
    let mut order: Vec<&str> = Vec::new();
    let mut seen_in: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (path, votes) in names {
        for (org, category) in votes {
            dict.add_category(org, *category);
            // By exact spelling: each spelling counts the posts that use it.
            let posts = seen_in.entry(org.as_str()).or_insert_with(|| {
                order.push(org.as_str());
                HashSet::new()
            });
            posts.insert(path);
        }
    }
    for name in order {
        let posts = seen_in[name].len();
        if posts >= 2 {
            for _ in 0..posts {
                dict.add_from_votes(name);
            }
        }
    }
    dict
}

/// What reading one post depends on in `dict`, as a digest: for each name its vote lists use
/// (`names`, from [`vote_names`]), how the dictionary splits it and the category of each resulting
/// name. Reading a post consults the dictionary for nothing else, so two dictionaries that give a
/// post the same digest read it alike: a new organisation in some attendee list leaves most posts'
/// digests, and so their kept readings, as they were. `memo` keeps each name's part between posts.
pub fn reading_fingerprint(
    names: &[(String, Category)],
    dict: &OrgDictionary,
    memo: &mut HashMap<String, String>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut distinct: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut h = Sha256::new();
    for name in distinct {
        let part = memo.entry(name.to_string()).or_insert_with(|| {
            let read: Vec<String> = match dict.split(name) {
                Some(split) => split.names,
                None => vec![name.to_string()],
            };
            let mut part = String::new();
            for m in &read {
                part.push_str(m);
                part.push('\u{1}');
                part.push_str(dict.category(m).as_str());
                part.push('\u{2}');
            }
            part
        });
        h.update(name.as_bytes());
        h.update([0]);
        h.update(part.as_bytes());
        h.update([3]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// [`dictionary_from`] the posts themselves.
pub fn dictionary(posts: &[PostSource], meetings: &[Meeting]) -> OrgDictionary {
    let names: Vec<(&str, Vec<(String, Category)>)> = posts.iter().map(|p| (p.path.as_str(), vote_names(p))).collect();
    dictionary_from(names.iter().map(|(p, n)| (*p, n.as_slice())), meetings)
}

/// What minutes said about a ballot: (ballot, meeting date, what).
pub type MinutesEvidence = (BallotId, NaiveDate, MinutesSay);

/// What one post says about each ballot it names, read with `dict`. An error is a bug in the
/// reading (a panic), reported for this post alone.
pub fn read_post(post: &PostSource, dict: &OrgDictionary) -> Result<Vec<BallotFacts>, String> {
    guarded(|| ballot_post::parse(&post.title, &post.body, post.published.date_naive(), dict))
}

/// [`read_post`] for many posts, shared out over the cores; results in the posts' order.
pub fn read_posts(posts: &[&PostSource], dict: &OrgDictionary) -> Vec<Result<Vec<BallotFacts>, String>> {
    super::parallel_map(posts, |p| read_post(p, dict), || Err("a reading thread stopped".to_string()))
}

/// A ballot post's identity, for assembling from facts already read.
#[derive(Debug, Clone, Copy)]
pub struct PostKey<'a> {
    pub path: &'a str,
    pub published: Instant,
}

/// All ballots from all posts, with what the minutes said about each.
pub fn assemble(posts: &[PostSource], meetings: &[Meeting], said: &[MinutesEvidence]) -> Vec<Assembled> {
    let dict = dictionary(posts, meetings);
    let refs: Vec<&PostSource> = posts.iter().collect();
    let read = read_posts(&refs, &dict);
    let mut facts = Vec::new();
    for (p, result) in posts.iter().zip(read) {
        match result {
            Ok(found) => facts.push((PostKey { path: &p.path, published: p.published }, found)),
            Err(bug) => tracing::error!(path = %p.path, "could not read the ballot post: {bug}"),
        }
    }
    assemble_facts(facts, meetings, said)
}

/// All ballots from what each post was read to say (see [`read_post`]), with what the minutes
/// said about each. Posts are taken oldest first whatever the order given.
pub fn assemble_facts(
    facts: Vec<(PostKey<'_>, Vec<BallotFacts>)>,
    meetings: &[Meeting],
    said: &[MinutesEvidence],
) -> Vec<Assembled> {
    let mut facts = facts;
    facts.sort_by(|(a, _), (b, _)| (a.published, a.path).cmp(&(b.published, b.path)));
    let mut by_id: BTreeMap<BallotId, Vec<(PostKey<'_>, BallotFacts)>> = BTreeMap::new();
    for (p, found) in facts {
        for f in found {
            by_id.entry(f.id.clone()).or_default().push((p, f));
        }
    }
    let merged: Vec<Merged> = by_id.into_iter().map(|(id, facts)| merge_posts(id, facts)).collect();
    finish_all(merged, meetings, said)
}

/// Every merged ballot finished with the meetings' attendance and what the minutes said.
pub fn finish_all(merged: Vec<Merged>, meetings: &[Meeting], said: &[MinutesEvidence]) -> Vec<Assembled> {
    let mut says_by_id: HashMap<&BallotId, Vec<(NaiveDate, MinutesSay)>> = HashMap::new();
    for (b, d, s) in said {
        says_by_id.entry(b).or_default().push((*d, *s));
    }
    merged
        .into_iter()
        .map(|m| {
            let says = says_by_id.get(&m.history.id).cloned().unwrap_or_default();
            finish(m, meetings, says)
        })
        .collect()
}

/// A ballot as its posts tell it, before the minutes are taken into account (see [`finish`]):
/// what a re-import keeps per ballot, as long as its posts have not changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Merged {
    /// The history, its quorum as stated (else unknown) and no minutes evidence yet.
    pub history: History,
    pub sources: Vec<String>,
    pub warnings: Vec<String>,
    /// The day voting started (else the result was posted): the quorum's basis is the three
    /// meetings before it.
    pub vote_day: Option<NaiveDate>,
}

/// A merged ballot with its quorum basis from `meetings` (Bylaw 2.3: the active members are the
/// average attendance at the previous three meetings) and `says`, what minutes said about it.
pub fn finish(m: Merged, meetings: &[Meeting], mut says: Vec<(NaiveDate, MinutesSay)>) -> Assembled {
    let Merged { mut history, sources, warnings, vote_day } = m;
    let wg = history.id.wg.clone();
    let (active_members, attendance_basis) = match vote_day {
        Some(day) => active_members(&wg, day, meetings),
        None => (None, Vec::new()),
    };
    if let (Quorum::Unknown, Some(a)) = (&history.quorum, active_members) {
        history.quorum = Quorum::Active(a);
    }
    says.sort_by_key(|(d, _)| *d);
    history.minutes_say = says;
    Assembled { history, wg, sources, active_members, attendance_basis, warnings }
}

/// One ballot from its posts, oldest first: later posts fill in or correct what earlier ones said;
/// votes come from the post with the fullest list. Imports keep its result while the posts stay
/// the same: a change here needs `import::EXTRACTOR_VERSION` bumped, as a parsing change does.
pub fn merge_posts(id: BallotId, facts: Vec<(PostKey<'_>, BallotFacts)>) -> Merged {
    let mut warnings = Vec::new();
    let sources: Vec<String> = facts.iter().map(|(p, _)| p.path.to_string()).collect();
    let latest = |pick: &dyn Fn(&BallotFacts) -> bool| facts.iter().rev().find(|(_, f)| pick(f)).map(|(p, f)| (*p, f));
    let title = facts
        .iter()
        .rev()
        .map(|(_, f)| f.title.clone())
        .find(|t| *t != id.to_string())
        .unwrap_or_else(|| id.to_string());
    let kind =
        if facts.iter().any(|(_, f)| f.kind == BallotKind::Other) { BallotKind::Other } else { BallotKind::Guideline };
    let mut versions: Vec<(u32, Option<Instant>)> = Vec::new();
    for (_, f) in &facts {
        for (n, at) in &f.versions {
            match versions.iter_mut().find(|(v, _)| v == n) {
                Some(existing) => existing.1 = existing.1.or(*at),
                None => versions.push((*n, *at)),
            }
        }
    }
    versions.sort_by_key(|(n, _)| *n);
    let with_votes =
        facts.iter().filter(|(_, f)| !f.votes.is_empty()).max_by_key(|(p, f)| (f.votes.len(), p.published));
    let votes = with_votes.map(|(_, f)| f.votes.clone()).unwrap_or_default();
    for (p, f) in &facts {
        for w in &f.warnings {
            warnings.push(format!("{}: {w}", p.path));
        }
    }
    let opt = |get: &dyn Fn(&BallotFacts) -> Option<Instant>| facts.iter().rev().find_map(|(_, f)| get(f));
    let voting_start = opt(&|f| f.voting_start);
    let stated_quorum = facts.iter().rev().find_map(|(_, f)| f.stated_quorum);
    let result_post = latest(&|f| f.stated_result.is_some());
    let vote_day = voting_start.map(|t| t.date_naive()).or(result_post.map(|(p, _)| p.published.date_naive()));
    let quorum = match stated_quorum {
        Some(q) => Quorum::Stated(q),
        None => Quorum::Unknown,
    };
    let history = History {
        id: id.clone(),
        title,
        kind,
        versions,
        proposer: facts.iter().rev().find_map(|(_, f)| f.proposer.clone()),
        endorsers: facts.iter().rev().map(|(_, f)| f.endorsers.clone()).find(|e| !e.is_empty()).unwrap_or_default(),
        discussion_start: opt(&|f| f.discussion_start),
        discussion_end: opt(&|f| f.discussion_end),
        voting_start,
        voting_end: opt(&|f| f.voting_end),
        votes,
        quorum,
        stated_result: result_post.and_then(|(_, f)| f.stated_result),
        entered_review: facts.iter().any(|(_, f)| f.entered_review),
        review_start: opt(&|f| f.review_start),
        review_end: opt(&|f| f.review_end),
        review_days: facts.iter().rev().find_map(|(_, f)| f.review_days),
        review_result: facts.iter().rev().find_map(|(_, f)| f.review_result),
        effective: facts.iter().rev().find_map(|(_, f)| f.effective),
        effective_dates: facts
            .iter()
            .rev()
            .map(|(_, f)| f.effective_dates.clone())
            .find(|d| !d.is_empty())
            .unwrap_or_default(),
        result_posted: result_post.map(|(p, _)| p.published),
        never_voted: facts.iter().any(|(_, f)| f.never_voted),
        first_posted: facts.iter().map(|(p, _)| p.published).min(),
        minutes_say: Vec::new(),
    };
    Merged { history, sources, warnings, vote_day }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn post(path: &str, title: &str, body: &str, published: &str) -> PostSource {
        PostSource {
            path: path.into(),
            title: title.into(),
            body: body.into(),
            published: DateTime::parse_from_rfc3339(published).unwrap(),
        }
    }

    fn meeting(wg: WorkingGroup, date: &str, orgs: &[&str]) -> Meeting {
        Meeting { wg, date: date.parse().unwrap(), orgs: orgs.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn run_together_names_are_split_with_names_from_other_posts_and_minutes() {
        let lists = "Voting by Certificate Issuers\n\n– 2 Yes votes: DigiCert, HARICA\n\nVoting by Certificate Consumers\n\n– 1 Yes votes: Microsoft\n\nThe Ballot has Passed.\n";
        let table = "| | Yes | No | Abstain |\n| --- | --- | --- | --- |\n| Certificate Issuers |\nDigiCertHARICAeMudhra\n| | |\n| Certificate Consumers |\nMicrosoft\n| | |\n\nThe ballot has PASSED.\n";
        let posts = [
            post("a.md", "Ballot CSC-1 – One", lists, "2021-01-01T00:00:00Z"),
            post("b.md", "Ballot CSC-2 – Two", lists, "2021-02-01T00:00:00Z"),
            post("c.md", "Ballot CSC-3 – Three", table, "2021-03-01T00:00:00Z"),
        ];
        let meetings = [
            meeting(WorkingGroup::Cscwg, "2021-02-06", &["eMudhra", "DigiCert"]),
            meeting(WorkingGroup::Cscwg, "2021-02-13", &["eMudhra", "DigiCert", "HARICA"]),
            meeting(WorkingGroup::Cscwg, "2021-02-20", &["eMudhra"]),
        ];
        let all = assemble(&posts, &meetings, &[]);
        let c3 = all.iter().find(|a| a.history.id.to_string() == "CSC-3").unwrap();
        let orgs: Vec<&str> = c3.history.votes.iter().map(|v| v.org.as_str()).collect();
        assert_eq!(orgs, ["DigiCert", "HARICA", "eMudhra", "Microsoft"]);
        assert_eq!(c3.active_members, Some(2.0));
        assert_eq!(c3.history.quorum, Quorum::Active(2.0));
    }

    #[test]
    fn a_posts_reading_fingerprint_changes_only_with_how_its_own_names_read() {
        let names = vec![("DigiCertHARICA".to_string(), Category::Issuer), ("Google".to_string(), Category::Consumer)];
        let fp = |dict: &OrgDictionary| reading_fingerprint(&names, dict, &mut HashMap::new());
        let mut dict = OrgDictionary::default();
        dict.add("Sectigo");
        let before = fp(&dict);
        dict.add("Sectigo");
        dict.add("Brand New CA");
        assert_eq!(fp(&dict), before, "other names and counts do not matter");
        dict.add("DigiCert");
        dict.add("HARICA");
        assert_ne!(fp(&dict), before, "the run-together cell now splits");
        let split = fp(&dict);
        dict.add_category("HARICA", Category::Consumer);
        assert_ne!(fp(&dict), split, "a split name's category changed");
    }

    #[test]
    fn several_posts_about_one_ballot_become_one_record() {
        let result = "The ballot has passed.\n\nVoting by Certificate Issuers\n\n– 1 Yes votes: DigiCert\n\nVoting by Certificate Consumers\n\n– 1 Yes votes: Microsoft\n\nquorum was 2.\n";
        let review = "Start of Review Period: 1 February 2024 at 17:00 Eastern Time\nEnd of Review Period: 1 March 2024 at 17:00 Eastern Time\n";
        let posts = [
            post("x/sc-008.md", "Ballot SC-68: Allow VATEL", result, "2024-02-01T00:00:00Z"),
            post("x/sc-068.md", "Ballot SC-68: Allow VATEL", &format!("{review}\n{result}"), "2024-02-01T00:00:00Z"),
        ];
        let all = assemble(&posts, &[], &[]);
        assert_eq!(all.len(), 1);
        let a = &all[0];
        assert_eq!(a.sources, ["x/sc-008.md", "x/sc-068.md"]);
        assert_eq!(a.history.quorum, Quorum::Stated(2));
        assert_eq!(a.history.review_end.map(|t| t.to_rfc3339()).as_deref(), Some("2024-03-01T17:00:00-05:00"));
        assert_eq!(a.history.title, "Allow VATEL");
    }
}
