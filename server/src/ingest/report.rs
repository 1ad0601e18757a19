//! `quorum check --report`: a self-check of a whole content tree that a chair can run, over the
//! parsed posts (pure: the CLI walks and reads the files). For ballot posts: how many have a
//! stated result, votes, stated counts that match the names, "MET / NOT MET" lines that agree with
//! the computed tally; where each ballot's status comes from, and any still "voting" after its
//! voting period. For minutes: attendees, minute-taker, meeting date, next meeting. Then every
//! warning, grouped by kind, with the files it was raised for.

use super::assemble::{self, PostSource};
use super::ballot_post::{self, outcome};
use super::error::FileError;
use super::post::Post;
use super::text;
use app::domain::tally::{tally, Meeting, Outcome};
use app::domain::{Instant, Stage, StatedResult};
use app::model::PostKind;
use std::collections::BTreeMap;
use std::fmt;

/// A count out of a total, with the files that missed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Share {
    pub hits: usize,
    pub total: usize,
    pub missing: Vec<String>,
}

impl Share {
    fn add(&mut self, hit: bool, path: &str) {
        self.total += 1;
        if hit {
            self.hits += 1;
        } else {
            self.missing.push(path.to_string());
        }
    }
}

/// What `quorum check --report` prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusReport {
    pub posts: usize,
    pub failed: Vec<String>,
    pub ballot_posts: usize,
    pub minutes_posts: usize,
    pub pages: usize,
    pub stated_result: Share,
    pub votes_parsed: Share,
    /// Posts that state counts ("18 Yes votes"): do the names listed add up?
    pub counts_match: Share,
    /// Posts with "This requirement was MET / NOT MET" lines and votes: does the tally agree?
    pub met_lines_agree: Share,
    pub ballots: usize,
    pub by_status: BTreeMap<String, usize>,
    pub by_source: BTreeMap<String, usize>,
    /// Ballots whose voting period is over but that still read as "voting" (should be none).
    pub voting_after_end: Vec<String>,
    pub attendees: Share,
    pub minute_taker: Share,
    pub meeting_date: Share,
    pub next_meeting: Share,
    /// Warning kind → files.
    pub warnings: BTreeMap<String, Vec<String>>,
}

/// A warning with its particulars (quoted text, numbers, dates) blanked out, so warnings of one
/// kind group together.
pub fn warning_kind(warning: &str) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    let mut last_digit = false;
    for c in warning.chars() {
        if c == '"' {
            if !in_quote {
                out.push_str("\"…\"");
            }
            in_quote = !in_quote;
            continue;
        }
        if in_quote {
            continue;
        }
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
            continue;
        }
        if last_digit && matches!(c, '-' | ':' | '.') {
            continue; // inside a date or time ("2026-11-20", "17:00")
        }
        out.push(c);
        last_digit = false;
    }
    out
}

/// Builds the report for parsed posts (path, post) and the files that failed, at `now`.
pub fn corpus_report(posts: &[(String, Post)], failed: &[FileError], now: Instant) -> CorpusReport {
    let mut r = CorpusReport { posts: posts.len() + failed.len(), ..CorpusReport::default() };
    r.failed = failed.iter().map(|e| e.to_string()).collect();
    let mut sources: Vec<PostSource> = Vec::new();
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut said = Vec::new();
    for (path, post) in posts {
        for w in &post.warnings {
            r.warnings.entry(warning_kind(w)).or_default().push(path.clone());
        }
        match post.kind {
            PostKind::Ballot => sources.push(PostSource {
                path: path.clone(),
                title: post.title.clone(),
                body: post.body.clone(),
                published: post.published,
            }),
            PostKind::Minutes => {
                if let Some(m) = &post.minutes {
                    meetings.push(Meeting {
                        wg: m.wg.clone(),
                        date: m.meeting_date,
                        orgs: m.attendees.iter().filter_map(|a| a.org.clone()).collect(),
                    });
                    for b in &m.ballot_refs {
                        if let Some(says) = b.says {
                            said.push((b.id.clone(), m.meeting_date, says));
                        }
                    }
                    r.minutes_posts += 1;
                    r.attendees.add(!m.attendees.is_empty(), path);
                    r.minute_taker.add(m.minute_taker.is_some(), path);
                    let fell_back = m.warnings.iter().any(|w| w.starts_with("no meeting date"));
                    r.meeting_date.add(!fell_back, path);
                    r.next_meeting.add(m.next_meeting.is_some(), path);
                }
            }
            PostKind::Page => r.pages += 1,
        }
    }
    r.ballot_posts = sources.len();
    let dict = assemble::dictionary(&sources, &meetings);
    for p in &sources {
        let facts = super::guarded(|| ballot_post::parse(&p.title, &p.body, p.published.date_naive(), &dict))
            .unwrap_or_default();
        let any = |pick: &dyn Fn(&ballot_post::BallotFacts) -> bool| facts.iter().any(pick);
        r.stated_result.add(any(&|f| f.stated_result.is_some() || f.never_voted), &p.path);
        r.votes_parsed.add(any(&|f| !f.votes.is_empty()), &p.path);
        if any(&|f| !f.stated_counts.is_empty()) {
            let mismatch = facts.iter().any(|f| f.warnings.iter().any(|w| w.starts_with("the post says")));
            r.counts_match.add(!mismatch, &p.path);
        }
        let plain: String = text::blocks(&p.body).iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
        if let Some(met) = outcome::requirements_met(&plain) {
            for f in facts.iter().filter(|f| !f.votes.is_empty()) {
                let quorum = f.stated_quorum.map(app::domain::Quorum::Stated).unwrap_or(app::domain::Quorum::Unknown);
                let computed = tally(&f.votes, quorum).outcome;
                let agrees = match met {
                    StatedResult::Passed => matches!(computed, Outcome::Passed),
                    _ => matches!(computed, Outcome::Failed | Outcome::NoQuorum),
                };
                r.met_lines_agree.add(agrees, &p.path);
            }
        }
    }
    let ballots = assemble::assemble(&sources, &meetings, &said);
    r.ballots = ballots.len();
    for a in &ballots {
        let (b, _) = app::domain::rebuild(&a.history);
        let stage = app::domain::status_at(&b, now);
        *r.by_status.entry(stage.as_str().to_string()).or_default() += 1;
        let source = app::domain::status_source(&a.history, &b, now);
        *r.by_source.entry(source.as_str().to_string()).or_default() += 1;
        if stage == Stage::Voting && b.voting_end.is_some_and(|end| end <= now) {
            r.voting_after_end.push(a.history.id.to_string());
        }
    }
    r
}

impl fmt::Display for CorpusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = |f: &mut fmt::Formatter<'_>, label: &str, s: &Share| -> fmt::Result {
            let pct = if s.total == 0 { 100.0 } else { 100.0 * s.hits as f64 / s.total as f64 };
            writeln!(f, "  {label:46} {:>4} / {:<4} ({pct:5.1} %)", s.hits, s.total)?;
            for m in s.missing.iter().take(12) {
                writeln!(f, "      - {m}")?;
            }
            if s.missing.len() > 12 {
                writeln!(f, "      … and {} more", s.missing.len() - 12)?;
            }
            Ok(())
        };
        writeln!(
            f,
            "{} posts: {} minutes, {} ballot posts, {} other pages; {} could not be read",
            self.posts,
            self.minutes_posts,
            self.ballot_posts,
            self.pages,
            self.failed.len()
        )?;
        for e in &self.failed {
            writeln!(f, "  failed: {e}")?;
        }
        writeln!(f, "\nBallot posts ({})", self.ballot_posts)?;
        share(f, "a stated result found", &self.stated_result)?;
        share(f, "votes parsed", &self.votes_parsed)?;
        share(f, "stated counts match the names listed", &self.counts_match)?;
        share(f, "\"MET / NOT MET\" lines agree with the tally", &self.met_lines_agree)?;
        writeln!(f, "\nBallots ({} from {} posts)", self.ballots, self.ballot_posts)?;
        let list =
            |m: &BTreeMap<String, usize>| m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
        writeln!(f, "  status: {}", list(&self.by_status))?;
        writeln!(f, "  status source: {}", list(&self.by_source))?;
        writeln!(f, "  still \"voting\" after voting ended: {}", self.voting_after_end.len())?;
        for id in &self.voting_after_end {
            writeln!(f, "      - {id}")?;
        }
        writeln!(f, "\nMinutes ({})", self.minutes_posts)?;
        share(f, "attendees found", &self.attendees)?;
        share(f, "minute-taker found", &self.minute_taker)?;
        share(f, "meeting date from the title, text or file name", &self.meeting_date)?;
        share(f, "next meeting found", &self.next_meeting)?;
        writeln!(f, "\nWarnings by kind")?;
        let mut kinds: Vec<(&String, &Vec<String>)> = self.warnings.iter().collect();
        kinds.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        for (kind, files) in kinds {
            writeln!(f, "  {:>4} × {kind}", files.len())?;
            for file in files.iter().take(8) {
                writeln!(f, "      - {file}")?;
            }
            if files.len() > 8 {
                writeln!(f, "      … and {} more", files.len() - 8)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_group_by_kind_without_their_particulars() {
        assert_eq!(
            warning_kind("the post says 20 Certificate Issuers voted yes but names 19"),
            "the post says N Certificate Issuers voted yes but names N"
        );
        assert_eq!(
            warning_kind("\"DigiCertHARICA\" was read as 2 organisations: DigiCert, HARICA"),
            "\"…\" was read as N organisations: DigiCert, HARICA"
        );
        assert_eq!(warning_kind("the meeting date 2026-11-20 is after 2026-11-02"), "the meeting date N is after N");
    }

    #[test]
    fn a_small_tree_reports_its_shares() {
        let minutes = super::super::parse_post(
            "m.md",
            b"---\ntitle: 2026-01-08 Minutes of the SCWG\ndate: 2026-01-08\ntags: [Minutes]\n---\n## Attendees\n\nAna Lima (Acme CA), Ben Ode (Globex)\n\nMinute-taker: Ana Lima\n",
        )
        .unwrap();
        let ballot = super::super::parse_post(
            "b.md",
            b"---\ntitle: 'Ballot SC-99: Test'\ndate: 2026-01-20\ntags: [Ballot]\n---\nVoting by Certificate Issuers\n\n- 2 Yes votes: Acme CA\n\nThe ballot has passed.\n",
        )
        .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T00:00:00Z").unwrap();
        let r = corpus_report(&[("m.md".into(), minutes), ("b.md".into(), ballot)], &[], now);
        assert_eq!((r.minutes_posts, r.ballot_posts, r.ballots), (1, 1, 1));
        assert_eq!((r.attendees.hits, r.minute_taker.hits, r.next_meeting.hits), (1, 1, 0));
        assert_eq!((r.stated_result.hits, r.votes_parsed.hits), (1, 1));
        assert_eq!(r.counts_match.missing, ["b.md"], "2 stated, 1 named");
        assert!(r.voting_after_end.is_empty());
        let text = r.to_string();
        assert!(text.contains("a stated result found"), "{text}");
    }
}
