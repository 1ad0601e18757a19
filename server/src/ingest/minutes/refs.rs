//! Which ballots the minutes mention, each with the sentence that does.

use crate::ingest::text::{self, Block};
use app::domain::{find_ballot_ids, WorkingGroup};
use app::model::BallotRef;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Every ballot mentioned, with its sentence, in order; the same id in the same sentence once. A
/// bare "Ballot 18" names a ballot of the group whose minutes these are (see
/// [`app::domain::ids::BallotMention::resolve`]).
pub fn ballot_refs(blocks: &[Block], wg: &WorkingGroup, meeting: NaiveDate) -> Vec<BallotRef> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for b in blocks {
        for sentence in text::sentences(&b.text) {
            for m in find_ballot_ids(&sentence) {
                let id = m.resolve(Some(wg), meeting);
                if seen.insert((id.clone(), sentence.clone())) {
                    out.push(BallotRef { id, sentence: sentence.clone() });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ballot_references_keep_their_sentence() {
        let blocks = text::blocks("### Ballot status \n\nCSC-11 is under IPR review which will be finished by November 3rd. Ballot SC 40v2 waits.\n\n- CSC-6: Subscriber Private Keys (Ian)\n");
        let refs = ballot_refs(&blocks, &WorkingGroup::Cscwg, d("2021-10-07"));
        let got: Vec<(String, String)> = refs.iter().map(|r| (r.id.to_string(), r.sentence.clone())).collect();
        assert_eq!(
            got,
            [
                (
                    "CSC-11".to_string(),
                    "CSC-11 is under IPR review which will be finished by November 3rd.".to_string()
                ),
                ("SC-40".to_string(), "Ballot SC 40v2 waits.".to_string()),
                ("CSC-6".to_string(), "CSC-6: Subscriber Private Keys (Ian)".to_string()),
            ]
        );
    }
}
