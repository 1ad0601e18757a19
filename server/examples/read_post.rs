//! Prints what Quorum reads from posts, for working on the extractors:
//! `cargo run -p server --example read_post -- FILE...` (minutes fields, or each ballot's facts).
fn main() {
    let orgs = server::ingest::orgs::OrgDictionary::default();
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        println!("== {path}");
        match server::ingest::parse_post(&path, &bytes) {
            Err(e) => println!("error: {e}"),
            Ok(p) => {
                for w in &p.warnings {
                    println!("warning: {w}");
                }
                if let Some(m) = &p.minutes {
                    println!(
                        "wg {} date {} taker {:?} next {:?}",
                        m.wg, m.meeting_date, m.minute_taker, m.next_meeting
                    );
                    println!(
                        "attendees {}: {:?}",
                        m.attendees.len(),
                        m.attendees
                            .iter()
                            .map(|a| format!("{} ({})", a.name, a.org.clone().unwrap_or_default()))
                            .collect::<Vec<_>>()
                    );
                    println!("refs {:?}", m.ballot_refs.iter().map(|r| r.id.to_string()).collect::<Vec<_>>());
                }
                if p.kind == app::model::PostKind::Ballot {
                    for f in server::ingest::ballot_post::parse(&p.title, &p.body, p.published.date_naive(), &orgs) {
                        println!(
                            "{} {:?} result {:?} quorum {:?} review {:?}/{:?}/{:?} effective {:?}",
                            f.id,
                            f.title,
                            f.stated_result,
                            f.stated_quorum,
                            f.entered_review,
                            f.review_end.map(|t| t.to_rfc3339()),
                            f.review_result,
                            f.effective
                        );
                        println!("  proposer {:?} endorsers {:?}", f.proposer, f.endorsers);
                        println!(
                            "  discussion {:?} .. {:?} voting {:?} .. {:?}",
                            f.discussion_start.map(|t| t.to_rfc3339()),
                            f.discussion_end.map(|t| t.to_rfc3339()),
                            f.voting_start.map(|t| t.to_rfc3339()),
                            f.voting_end.map(|t| t.to_rfc3339())
                        );
                        println!(
                            "  votes {}: {:?}",
                            f.votes.len(),
                            f.votes
                                .iter()
                                .map(|v| format!("{}:{}:{}", v.org, v.category.as_str(), v.choice.as_str()))
                                .collect::<Vec<_>>()
                        );
                        println!("  counts {:?} warnings {:?}", f.stated_counts, f.warnings);
                    }
                }
            }
        }
    }
}
