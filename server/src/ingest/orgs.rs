//! Organisation names: a dictionary built from every name seen in the imported posts (attendee
//! lists, vote lists), used to split names that old posts run together
//! (`Certum (Asseco)DigiCerteMudhraEntrust` → Certum (Asseco), DigiCert, eMudhra, Entrust).

use app::domain::tally::Category;
use std::collections::HashMap;

/// Members that vote as Certificate Consumers (browser and other software vendors) in the Forum's
/// records, squashed. A vote list that names no category takes each organisation's category from
/// what other posts recorded, else from this list; everything else votes as a Certificate Issuer.
const KNOWN_CONSUMERS: [&str; 12] = [
    "apple",
    "google",
    "microsoft",
    "mozilla",
    "opera",
    "qihoo360",
    "360",
    "360browser",
    "comodosecuritysolutions",
    "rundquadrat",
    "zertificon",
    "yandex",
];

/// Known organisation names, looked up ignoring case and spaces.
#[derive(Debug, Clone, Default)]
pub struct OrgDictionary {
    /// squashed key → every spelling seen, with its weight (the heaviest is shown).
    names: HashMap<String, Vec<(String, usize)>>,
    /// squashed key → (votes recorded as an issuer, as a consumer).
    categories: HashMap<String, (usize, usize)>,
}

/// How much a spelling seen in a vote list counts against one seen in an attendee list: names
/// split out of vote cells take the spelling vote lists use.
const VOTE_LIST_WEIGHT: usize = 1000;

/// The longest run-together cell worth splitting, in bytes (the longest real one is ~80; forty
/// organisations run together would be ~600).
const MAX_SPLIT_LEN: usize = 2000;

/// Lowercase with whitespace removed: "Telia Company" and "TeliaCompany" meet here.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

impl OrgDictionary {
    /// Adds a name seen once (in an attendee list, say).
    pub fn add(&mut self, name: &str) {
        self.add_weighted(name, 1);
    }

    /// Adds a name seen `times` times (in attendee lists, say): the same as calling [`Self::add`]
    /// that often, at one lookup's cost.
    pub fn add_times(&mut self, name: &str, times: usize) {
        self.add_weighted(name, times);
    }

    /// Adds a name seen in vote lists: its spelling is preferred to attendee-list spellings.
    pub fn add_from_votes(&mut self, name: &str) {
        self.add_weighted(name, VOTE_LIST_WEIGHT);
    }

    fn add_weighted(&mut self, name: &str, weight: usize) {
        let name = name.trim().trim_end_matches(['.', ',']).trim();
        if name.len() < 2 || name.len() > 60 {
            return;
        }
        let spellings = self.names.entry(squash(name)).or_default();
        match spellings.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += weight,
            None => spellings.push((name.to_string(), weight)),
        }
    }

    /// Records that a post listed `name` under `category`.
    pub fn add_category(&mut self, name: &str, category: Category) {
        let entry = self.categories.entry(squash(name)).or_default();
        match category {
            Category::Issuer => entry.0 += 1,
            Category::Consumer => entry.1 += 1,
        }
    }

    /// The category `name` votes in: a known consumer is one; others as most posts recorded
    /// them; an organisation never recorded votes as an issuer.
    pub fn category(&self, name: &str) -> Category {
        let key = squash(name);
        if KNOWN_CONSUMERS.contains(&key.as_str()) {
            return Category::Consumer;
        }
        match self.categories.get(&key) {
            Some((issuer, consumer)) if consumer > issuer => Category::Consumer,
            _ => Category::Issuer,
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains_key(&squash(name))
    }

    /// The spelling of a name to show: the one vote lists use, else the commonest ("DigiCert" over
    /// "Digicert"); the first seen on a tie.
    pub fn display(&self, key: &str) -> Option<&str> {
        let spellings = self.names.get(key)?;
        let mut best: Option<&(String, usize)> = None;
        for s in spellings {
            if best.map(|b| s.1 > b.1).unwrap_or(true) {
                best = Some(s);
            }
        }
        best.map(|(n, _)| n.as_str())
    }

    /// Splits a run-together cell into known names. Returns `None` when the text is one known name
    /// or cannot be covered well; unknown stretches come back as their own pieces, flagged.
    pub fn split(&self, text: &str) -> Option<Split> {
        let squashed = squash(text);
        // A cell longer than any real vote list is not a run of names: do not spend time on it.
        if squashed.is_empty() || squashed.len() > MAX_SPLIT_LEN || self.names.contains_key(&squashed) {
            return None;
        }
        // Map squashed positions back to the original text so unknown pieces keep their casing,
        // and remember which positions followed a space.
        let originals: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut spaced_before = Vec::with_capacity(originals.len());
        let mut after_space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                after_space = true;
            } else {
                spaced_before.push(after_space);
                after_space = false;
            }
        }
        let chars: Vec<char> = squashed.chars().collect();
        if chars.len() != originals.len() {
            return None; // a case mapping changed the length; do not guess
        }
        let n = chars.len();
        let max_len = self.names.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        // cost[i]: cheapest cover of chars[..i]; a known name costs 1, an unknown char 100.
        let mut cost = vec![usize::MAX; n + 1];
        let mut back: Vec<(usize, bool)> = vec![(0, false); n + 1];
        cost[0] = 0;
        for i in 0..n {
            if cost[i] == usize::MAX {
                continue;
            }
            for len in 1..=max_len.min(n - i) {
                let piece: String = chars[i..i + len].iter().collect();
                if self.names.contains_key(&piece) && cost[i] + 1 < cost[i + len] {
                    cost[i + len] = cost[i] + 1;
                    back[i + len] = (i, true);
                }
            }
            if cost[i] + 100 < cost[i + 1] {
                cost[i + 1] = cost[i] + 100;
                back[i + 1] = (i, false);
            }
        }
        let mut pieces: Vec<(String, bool)> = Vec::new();
        let mut i = n;
        while i > 0 {
            let (j, known) = back[i];
            let piece = if known {
                let key: String = chars[j..i].iter().collect();
                self.display(&key).unwrap_or(&key).to_string()
            } else {
                originals[j..i].iter().collect()
            };
            pieces.push((piece, known));
            i = j;
        }
        pieces.reverse();
        // Glue neighbouring unknown characters into one unknown piece.
        let mut merged: Vec<(String, bool)> = Vec::new();
        for (p, known) in pieces {
            match merged.last_mut() {
                Some((last, false)) if !known => last.push_str(&p),
                _ => merged.push((p, known)),
            }
        }
        let known = merged.iter().filter(|(_, k)| *k).count();
        if known == 0 || merged.len() < 2 {
            return None;
        }
        // Names separated by spaces only ("DocuSign France") are one name written out, not names
        // run together: splitting needs at least one join without a space.
        let mut boundary = 0;
        let mut joined = false;
        for (p, _) in &merged[..merged.len() - 1] {
            boundary += p.chars().count();
            joined |= !spaced_before.get(boundary).copied().unwrap_or(true);
        }
        if !joined {
            return None;
        }
        Some(Split {
            unknown: merged.iter().filter(|(_, k)| !k).map(|(p, _)| p.clone()).collect(),
            names: merged.into_iter().map(|(p, _)| p).collect(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub names: Vec<String>,
    /// Pieces that matched no known organisation.
    pub unknown: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> OrgDictionary {
        let mut d = OrgDictionary::default();
        for n in [
            "Certum (Asseco)",
            "DigiCert",
            "eMudhra",
            "Entrust",
            "GlobalSign",
            "HARICA",
            "Sectigo",
            "SecureTrust",
            "E-TUGRA",
            "SSL.com",
            "Telia Company",
        ] {
            d.add(n);
        }
        d
    }

    #[test]
    fn run_together_names_from_a_2021_results_table_are_split() {
        let s = dict().split("Certum (Asseco)DigiCerteMudhraEntrustGlobalSignHARICASectigoSecureTrust").unwrap();
        assert_eq!(
            s.names,
            ["Certum (Asseco)", "DigiCert", "eMudhra", "Entrust", "GlobalSign", "HARICA", "Sectigo", "SecureTrust"]
        );
        assert!(s.unknown.is_empty());
        let s = dict().split("Certum (Asseco) DigiCertEntrustE-TUGRAGlobalSignHARICASectigoSSL.com").unwrap();
        assert_eq!(
            s.names,
            ["Certum (Asseco)", "DigiCert", "Entrust", "E-TUGRA", "GlobalSign", "HARICA", "Sectigo", "SSL.com"]
        );
    }

    #[test]
    fn unknown_stretches_are_kept_and_flagged() {
        let s = dict().split("DigiCertNewCoHARICA").unwrap();
        assert_eq!(s.names, ["DigiCert", "NewCo", "HARICA"]);
        assert_eq!(s.unknown, ["NewCo"]);
    }

    #[test]
    fn split_names_take_their_commonest_spelling() {
        let mut d = dict();
        d.add("Digicert");
        d.add("DigiCert");
        d.add("Harica");
        let s = d.split("DigiCertHarica").unwrap();
        assert_eq!(s.names, ["DigiCert", "HARICA"]);
        d.add("E-Tugra");
        d.add("E-Tugra");
        d.add_from_votes("E-TUGRA");
        assert_eq!(d.split("DigiCertE-TugraHARICA").unwrap().names, ["DigiCert", "E-TUGRA", "HARICA"]);
    }

    #[test]
    fn names_written_out_with_spaces_are_not_split() {
        let mut d = dict();
        d.add("DocuSign");
        d.add("France");
        assert_eq!(d.split("DocuSign France"), None);
        assert_eq!(d.split("Deutsche Telekom Security GmbH"), None);
        assert!(d.split("DocuSignFrance").is_some());
    }

    #[test]
    fn organisations_vote_in_the_category_posts_recorded_for_them() {
        let mut d = OrgDictionary::default();
        assert_eq!(d.category("Google"), Category::Consumer);
        assert_eq!(d.category("Qihoo 360"), Category::Consumer);
        assert_eq!(d.category("DigiCert"), Category::Issuer);
        d.add_category("Cisco", Category::Issuer);
        d.add_category("Cisco", Category::Consumer);
        d.add_category("Cisco", Category::Consumer);
        assert_eq!(d.category("Cisco"), Category::Consumer);
        d.add_category("Google", Category::Issuer);
        assert_eq!(d.category("Google"), Category::Consumer, "a known browser stays a consumer");
    }

    #[test]
    fn a_single_known_or_unknown_name_is_not_split() {
        assert_eq!(dict().split("Telia Company"), None);
        assert_eq!(dict().split("Microsoft"), None);
    }
}
