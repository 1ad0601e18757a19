//! Any text as a ballot post: the first line is its title, the rest its body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use server::ingest::{ballot_post, orgs::OrgDictionary};

fuzz_target!(|text: &str| {
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let mut orgs = OrgDictionary::default();
    for o in ["DigiCert", "Certum (Asseco)", "HARICA"] {
        orgs.add(o);
    }
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 17).expect("valid date");
    let _ = ballot_post::parse(title, body, day, &orgs);
});
