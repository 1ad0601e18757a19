//! The hand-labelled dev set (tests/fixtures/labels: real posts labelled by reading them, never
//! by running the parser) scored field by field against what Quorum reads from the whole shared
//! corpus. Prints a table (also written to target/dev-set-score.txt) and fails when a field drops
//! below its floor. Skipped, with a message, where the corpus is absent.

use serde_json::Value;
use server::import::import_dir;
use server::ingest::{assemble, ballot_post, text};
use server::store::Store;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The lowest score each field may have (accuracy, or F1 for lists).
const FLOORS: &[(&str, f64)] = &[
    ("ballot status", 0.97),
    ("ballot status source", 0.80),
    ("votes per organisation (F1)", 0.97),
    ("proposer", 0.97),
    ("endorsers (F1)", 0.95),
    ("voting start", 0.97),
    ("voting end", 0.97),
    ("stated effective date", 0.97),
    ("stated result", 0.97),
    ("minutes: working group", 0.97),
    ("minutes: meeting date", 0.97),
    ("minutes: minute-taker", 0.97),
    ("minutes: attendees (F1)", 0.97),
    ("minutes: next meeting", 0.97),
    ("minutes: ballot references (F1)", 0.97),
];

/// Floors for the held-out set: set from its scoring, a little under it, so that a
/// change that makes unseen posts read worse fails even when the dev set still passes.
const HOLDOUT_FLOORS: &[(&str, f64)] = &[
    ("ballot status", 0.9),
    ("ballot status source", 0.85),
    ("votes per organisation (F1)", 0.95),
    ("proposer", 0.9),
    ("endorsers (F1)", 0.93),
    ("voting start", 0.95),
    ("voting end", 0.95),
    ("stated effective date", 0.9),
    ("stated result", 0.9),
    ("minutes: working group", 0.94),
    ("minutes: meeting date", 0.97),
    ("minutes: minute-taker", 0.8),
    ("minutes: attendees (F1)", 0.97),
    ("minutes: next meeting", 0.93),
    ("minutes: ballot references (F1)", 0.95),
];

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("QUORUM_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/cabforum"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: the shared corpus is not at {}; the dev set was not scored", dir.display());
        None
    }
}

/// A label file, or an empty set of posts when it does not exist.
fn labels_or_empty(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/labels").join(name);
    if path.is_file() {
        labels(name)
    } else {
        serde_json::json!({ "posts": [] })
    }
}

fn labels(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/labels").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Names and organisations compare folded: case, accents, punctuation and spacing aside.
fn norm(s: &str) -> String {
    text::fold(&s.replace(['’', '‘'], "'"))
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Correct/total for one field; F1 fields keep true positives and the sizes of both sides.
#[derive(Default)]
struct Tally {
    right: f64,
    total: f64,
    tp: f64,
    labelled: f64,
    found: f64,
    misses: Vec<String>,
}

impl Tally {
    fn check(&mut self, what: &str, label: Option<String>, ours: Option<String>) {
        // Only where either side says something: agreeing that a post states nothing is no test.
        if label.is_none() && ours.is_none() {
            return;
        }
        self.total += 1.0;
        if label == ours {
            self.right += 1.0;
        } else {
            self.misses.push(format!("{what}: labelled {label:?}, read {ours:?}"));
        }
    }

    fn check_set(&mut self, what: &str, label: &[String], ours: &[String]) {
        let l: HashSet<&String> = label.iter().collect();
        let o: HashSet<&String> = ours.iter().collect();
        self.tp += l.intersection(&o).count() as f64;
        self.labelled += l.len() as f64;
        self.found += o.len() as f64;
        let missing: Vec<&&String> = l.difference(&o).collect();
        let extra: Vec<&&String> = o.difference(&l).collect();
        if !missing.is_empty() || !extra.is_empty() {
            self.misses.push(format!("{what}: missing {missing:?}, extra {extra:?}"));
        }
    }

    fn score(&self) -> f64 {
        if self.labelled + self.found > 0.0 {
            if self.labelled == 0.0 && self.found == 0.0 {
                return 1.0;
            }
            2.0 * self.tp / (self.labelled + self.found)
        } else if self.total > 0.0 {
            self.right / self.total
        } else {
            1.0
        }
    }

    fn size(&self) -> String {
        if self.labelled + self.found > 0.0 {
            format!("{} labelled, {} read, {} both", self.labelled, self.found, self.tp)
        } else {
            format!("{} of {}", self.right, self.total)
        }
    }
}

fn date_of(v: &Value) -> Option<String> {
    v.as_str().map(|s| s.chars().take(10).collect())
}

#[tokio::test]
async fn the_dev_set_scores_at_or_above_every_floor() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", tmp.path().join("c.db").display())).await.unwrap();
    let as_of = chrono::DateTime::parse_from_rfc3339(labels("ballots.json")["as_of"].as_str().unwrap()).unwrap();
    let summary = import_dir(&store, &dir, as_of.with_timezone(&chrono::Utc), &mut |_, _| {}).await.unwrap();
    assert_eq!(summary.failed, 0, "{:?}", summary.errors);
    let export = server::export::export(&store, as_of).await.unwrap();

    // The held-out posts were labelled after the parser work and are never tuned against one by
    // one: their score is reported (target/holdout-score.txt) as the honest estimate of how
    // Quorum reads posts it has not seen, with floors only a little under the dev set's.
    let holdout = score(&store, &export, "holdout_ballots.json", "holdout_minutes.json").await;
    let (holdout_report, holdout_below) = report("Held-out set", holdout, HOLDOUT_FLOORS);
    let dev = score(&store, &export, "ballots.json", "minutes.json").await;
    let (dev_report, dev_below) = report("Dev set", dev, FLOORS);
    eprintln!("{dev_report}\n{holdout_report}");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let _ = std::fs::write(target.join("dev-set-score.txt"), &dev_report);
    let _ = std::fs::write(target.join("holdout-score.txt"), &holdout_report);
    assert!(dev_below.is_empty(), "dev-set fields below their floor: {dev_below:?}\n{dev_report}");
    assert!(holdout_below.is_empty(), "held-out fields below their floor: {holdout_below:?}\n{holdout_report}");
}

/// Every field scored against the labels in `ballots_file` and `minutes_file` (either may be
/// absent).
async fn score(
    store: &Store,
    export: &server::export::Export,
    ballots_file: &str,
    minutes_file: &str,
) -> BTreeMap<&'static str, Tally> {
    let mut fields: BTreeMap<&str, Tally> = BTreeMap::new();

    // Ballots: status from the whole corpus; the other fields from each post on its own.
    let posts = store.ballot_post_sources().await.unwrap();
    let meetings = store.meetings().await.unwrap();
    let dict = assemble::dictionary(&posts, &meetings);
    let by_id: HashMap<&str, &server::export::BallotRecord> =
        export.ballots.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut seen_ids = HashSet::new();
    for post in labels_or_empty(ballots_file)["posts"].as_array().unwrap() {
        let path = post["path"].as_str().unwrap();
        let source = posts.iter().find(|p| p.path.ends_with(&format!("/{path}")));
        let facts =
            source.map(|p| ballot_post::parse(&p.title, &p.body, p.published.date_naive(), &dict)).unwrap_or_default();
        for label in post["ballots"].as_array().unwrap() {
            let id = label["id"].as_str().unwrap();
            let what = format!("{path} {id}");
            if seen_ids.insert(id.to_string()) {
                let record = by_id.get(id);
                fields.entry("ballot status").or_default().check(
                    &what,
                    opt_str(&label["status"]),
                    Some(record.map(|r| r.status.clone()).unwrap_or_else(|| "no record".into())),
                );
                fields.entry("ballot status source").or_default().check(
                    &what,
                    opt_str(&label["status_basis"]),
                    record.map(|r| r.status_source.clone()),
                );
            }
            let f = facts.iter().find(|f| f.id.to_string() == id);
            let person = |v: &Value| v.get("name").and_then(|n| n.as_str()).map(norm);
            fields.entry("proposer").or_default().check(
                &what,
                person(&label["proposer"]),
                f.and_then(|f| f.proposer.as_ref()).map(|p| norm(&p.name)),
            );
            let label_endorsers: Vec<String> =
                label["endorsers"].as_array().unwrap().iter().filter_map(person).collect();
            let our_endorsers: Vec<String> =
                f.map(|f| f.endorsers.iter().map(|e| norm(&e.name)).collect()).unwrap_or_default();
            fields.entry("endorsers (F1)").or_default().check_set(&what, &label_endorsers, &our_endorsers);
            let day = |t: Option<app::domain::Instant>| t.map(|t| t.date_naive().to_string());
            fields.entry("voting start").or_default().check(
                &what,
                date_of(&label["voting_start"]),
                f.and_then(|f| day(f.voting_start)),
            );
            fields.entry("voting end").or_default().check(
                &what,
                date_of(&label["voting_end"]),
                f.and_then(|f| day(f.voting_end)),
            );
            fields.entry("stated effective date").or_default().check(
                &what,
                date_of(&label["effective"]),
                f.and_then(|f| f.effective.map(|d| d.to_string())),
            );
            fields.entry("stated result").or_default().check(
                &what,
                opt_str(&label["stated_result"]),
                f.and_then(|f| f.stated_result).map(|r| serde_json::to_value(r).unwrap().as_str().unwrap().to_string()),
            );
            let vote_key = |org: &str, cat: &str, vote: &str| format!("{}|{cat}|{vote}", norm(org));
            let label_votes: Vec<String> = label["votes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    vote_key(v["org"].as_str().unwrap(), v["category"].as_str().unwrap(), v["vote"].as_str().unwrap())
                })
                .collect();
            let our_votes: Vec<String> = f
                .map(|f| f.votes.iter().map(|v| vote_key(&v.org, v.category.as_str(), v.choice.as_str())).collect())
                .unwrap_or_default();
            fields.entry("votes per organisation (F1)").or_default().check_set(&what, &label_votes, &our_votes);
        }
    }

    // Minutes, each as the export has it.
    for label in labels_or_empty(minutes_file)["posts"].as_array().unwrap() {
        let path = label["path"].as_str().unwrap();
        let m = export.minutes.iter().find(|m| m.path.ends_with(&format!("/{path}")));
        let what = path.to_string();
        let Some(m) = m else {
            fields.entry("minutes: working group").or_default().check(
                &what,
                opt_str(&label["wg"]),
                Some("no record".into()),
            );
            continue;
        };
        fields.entry("minutes: working group").or_default().check(&what, opt_str(&label["wg"]), Some(m.wg.clone()));
        fields.entry("minutes: meeting date").or_default().check(
            &what,
            opt_str(&label["meeting_date"]),
            Some(m.meeting_date.clone()),
        );
        fields.entry("minutes: minute-taker").or_default().check(
            &what,
            label["minute_taker"].as_str().map(norm),
            m.minute_taker.as_deref().map(norm),
        );
        fields.entry("minutes: next meeting").or_default().check(
            &what,
            opt_str(&label["next_meeting"]),
            m.next_meeting.clone(),
        );
        let names: Vec<String> =
            label["attendees"].as_array().unwrap().iter().map(|a| norm(a["name"].as_str().unwrap())).collect();
        let ours: Vec<String> = m.attendees.iter().map(|a| norm(&a.name)).collect();
        fields.entry("minutes: attendees (F1)").or_default().check_set(&what, &names, &ours);
        let refs: Vec<String> =
            label["ballot_refs"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
        fields.entry("minutes: ballot references (F1)").or_default().check_set(&what, &refs, &m.ballot_refs);
    }

    fields
}

/// The score table of one label set, and the fields under their floor.
fn report(
    name: &str,
    mut fields: BTreeMap<&'static str, Tally>,
    floors: &[(&'static str, f64)],
) -> (String, Vec<String>) {
    let mut report = format!("{name} (tests/fixtures/labels) against the shared corpus\n\n");
    let mut below = Vec::new();
    for (field, floor) in floors {
        let t = fields.remove(field).unwrap_or_default();
        let score = t.score();
        let mark = if score + 1e-9 < *floor { "  BELOW FLOOR" } else { "" };
        let _ = writeln!(report, "{field:34} {score:.3}  (floor {floor:.2}; {}){mark}", t.size());
        if score + 1e-9 < *floor {
            below.push(field.to_string());
        }
        for miss in t.misses.iter().take(40) {
            let _ = writeln!(report, "    {miss}");
        }
    }
    (report, below)
}
