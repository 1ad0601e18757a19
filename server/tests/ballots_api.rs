//! A ballot run through the write API from creation to adoption, with the bylaws refusing what
//! they forbid (422 with the reason), stale writes refused (409), the announcements written for
//! the chair, and the ballot's Hugo post in the content tree reading back as the same ballot.

mod common;

use common::{add_user, spawn_writable_app, TestApp};
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery";

async fn token_for(app: &TestApp, email: &str) -> String {
    let token = server::web::auth::new_secret();
    let hash = server::web::auth::token_hash(&token);
    app.store
        .create_token(email, "test", server::store::TokenKind::Api, &hash, common::fixed_now(), "test")
        .await
        .unwrap();
    token
}

async fn post(app: &TestApp, token: Option<&str>, path: &str, body: Value) -> (u16, Value) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = auth.as_deref() {
        headers.push(("Authorization", a));
    }
    let r = app.send("POST", path, &headers, &body.to_string()).await;
    let json = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    (r.status, json)
}

fn with_rev(mut body: Value, revision: i64) -> Value {
    body["expected_revision"] = json!(revision);
    body
}

#[tokio::test]
async fn a_chair_runs_a_ballot_from_draft_to_adopted_through_the_api() {
    let app = spawn_writable_app().await;
    add_user(&app.store, "chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    add_user(&app.store, "sc@example.org", "Sam Chair", "chair", &["scwg"], PASSWORD).await;
    let chair = token_for(&app, "chair@example.org").await;
    let other = token_for(&app, "sc@example.org").await;
    let new = json!({
        "wg": "cscwg",
        "title": "Signing service audit clarifications",
        "proposer": { "name": "Lucas Moreau", "org": "Initech Certs" },
        "purpose": "Clarifies which audits a signing service needs.",
        "motion": "MODIFY the Code Signing Baseline Requirements as in the redline."
    });
    assert_eq!(post(&app, None, "/api/v1/ballots", new.clone()).await.0, 401);
    assert_eq!(post(&app, Some(&other), "/api/v1/ballots", new.clone()).await.0, 403);
    let (status, ballot) = post(&app, Some(&chair), "/api/v1/ballots", new).await;
    assert_eq!(status, 201, "{ballot}");
    let id = ballot["id"].as_str().unwrap().to_string();
    assert_eq!(id, "CSC-31", "the group's next free number");
    assert_eq!((ballot["status"].as_str(), ballot["revision"].as_i64()), (Some("draft"), Some(0)));

    let events = format!("/api/v1/ballots/{id}/events");
    let mut revision = 0;
    // Steps as they happened on the list, in order.
    let script: Vec<(Value, u16)> = vec![
        (json!({ "type": "endorse", "name": "Carla Mendes", "org": "Acme CA", "at": "2026-10-01T10:00:00Z" }), 200),
        (
            json!({ "type": "endorse", "name": "Iris Novak", "org": "Umbrella Signing", "at": "2026-10-01T11:00:00Z" }),
            200,
        ),
        (json!({ "type": "start_discussion", "at": "2026-10-01T12:00:00Z" }), 200),
    ];
    for (body, want) in script {
        let (status, b) = post(&app, Some(&chair), &events, with_rev(body.clone(), revision)).await;
        assert_eq!(status, want, "{body}: {b}");
        revision = b["revision"].as_i64().unwrap();
    }
    // Too early: the bylaws' reason comes back with a 422.
    let (status, refusal) = post(
        &app,
        Some(&chair),
        &events,
        with_rev(json!({ "type": "start_voting", "at": "2026-10-03T12:00:00Z" }), revision),
    )
    .await;
    assert_eq!(status, 422, "{refusal}");
    let reason = refusal["message"].as_str().unwrap();
    assert!(reason.starts_with("Voting cannot start: discussion ends no earlier than"), "{refusal}");
    assert!(reason.contains("2026-10-08"), "names when discussion may end: {refusal}");
    // A stale form: refused, saying what changed.
    let (status, stale) = post(
        &app,
        Some(&chair),
        &events,
        json!({ "type": "start_voting", "expected_revision": 0, "at": "2026-10-09T12:00:00Z" }),
    )
    .await;
    assert_eq!(status, 409, "{stale}");
    assert!(stale["message"].as_str().unwrap().contains("discussion"), "{stale}");
    // The future is not recorded.
    let (status, _) = post(
        &app,
        Some(&chair),
        &events,
        with_rev(json!({ "type": "start_voting", "at": "2030-01-01T00:00:00Z" }), revision),
    )
    .await;
    assert_eq!(status, 400);
    // Another group's chair may not record steps.
    assert_eq!(post(&app, Some(&other), &events, with_rev(json!({ "type": "start_voting" }), revision)).await.0, 403);

    let script: Vec<Value> = vec![
        json!({ "type": "start_voting", "at": "2026-10-09T12:00:00Z" }),
        json!({ "type": "vote", "org": "Acme CA", "category": "issuer", "vote": "yes", "at": "2026-10-10T09:00:00Z" }),
        json!({ "type": "vote", "org": "Initech Certs", "category": "issuer", "vote": "yes", "at": "2026-10-10T09:10:00Z" }),
        json!({ "type": "vote", "org": "Umbrella Signing", "category": "issuer", "vote": "abstain", "at": "2026-10-10T09:20:00Z" }),
        json!({ "type": "vote", "org": "Contoso", "category": "consumer", "vote": "yes", "at": "2026-10-11T09:00:00Z" }),
        json!({ "type": "close_voting", "at": "2026-10-16T12:00:00Z" }),
        json!({ "type": "start_review", "days": 30, "at": "2026-10-17T12:00:00Z" }),
    ];
    for body in script {
        let (status, b) = post(&app, Some(&chair), &events, with_rev(body.clone(), revision)).await;
        assert_eq!(status, 200, "{body}: {b}");
        revision = b["revision"].as_i64().unwrap();
    }
    let (status, early) = post(
        &app,
        Some(&chair),
        &events,
        with_rev(json!({ "type": "close_review", "at": "2026-11-01T12:00:00Z" }), revision),
    )
    .await;
    assert_eq!(status, 422, "the review runs its 30 days: {early}");
    let (status, adopted) = post(
        &app,
        Some(&chair),
        &events,
        with_rev(json!({ "type": "close_review", "at": "2026-11-16T12:00:00Z" }), revision),
    )
    .await;
    assert_eq!(status, 200, "{adopted}");
    assert_eq!(adopted["status"], "passed");
    assert_eq!(adopted["votes"].as_array().unwrap().len(), 4);
    assert_eq!(adopted["tally"]["outcome"], "passed");

    // The announcements, written for the chair.
    let texts = app.get(&format!("/api/v1/ballots/{id}/announcements")).await.json();
    for stage in ["proposal", "voting_start", "results", "review_notice", "adoption"] {
        assert!(texts[stage]["body"].is_string(), "{stage} missing: {texts}");
    }
    insta::assert_snapshot!("api_results_post", texts["results"]["body"].as_str().unwrap());

    // The post in the content tree reads back as the same ballot in a fresh database.
    let (_, content) = app.content.as_ref().unwrap();
    let written = std::fs::read_to_string(content.join("posts/2026/2026-11-26-ballot-csc-31.md")).unwrap();
    assert!(written.contains("title: 'Ballot CSC-31: Signing service audit clarifications'"), "{written}");
    let db = tempfile::tempdir().unwrap();
    let again =
        server::store::Store::open(&format!("sqlite://{}", db.path().join("again.db").display())).await.unwrap();
    let summary = server::import::import_dir(&again, content, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!(summary.failed, 0);
    let export = server::export::export(&again, common::fixed_now()).await.unwrap();
    let record = export.ballots.iter().find(|b| b.id == "CSC-31").expect("the ballot reads back");
    assert_eq!(record.status, "passed");
    assert_eq!(record.votes.len(), 4);
    assert_eq!(record.proposer.as_ref().map(|p| p.name.as_str()), Some("Lucas Moreau"));
    assert_eq!(record.endorsers.len(), 2);

    // Every step is in the audit log, by the chair's token.
    let events: Vec<_> = server::export::export(&app.store, common::fixed_now())
        .await
        .unwrap()
        .events
        .into_iter()
        .filter(|e| e.record_kind == "ballot" && e.record_id == "CSC-31")
        .map(|e| (e.action, e.actor))
        .collect();
    assert_eq!(events.len(), 12, "{events:?}");
    assert!(events.iter().all(|(_, actor)| actor == "token:test (chair@example.org)"));
}

#[tokio::test]
async fn a_chair_publishes_minutes_through_the_api_and_they_read_back_with_their_links() {
    let app = spawn_writable_app().await;
    add_user(&app.store, "chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    add_user(&app.store, "sc@example.org", "Sam Chair", "chair", &["scwg"], PASSWORD).await;
    let chair = token_for(&app, "chair@example.org").await;
    let other = token_for(&app, "sc@example.org").await;
    let form = json!({
        "wg": "cscwg",
        "meeting_date": "2026-11-19",
        "attendees": "Dean Chair (DigiCert)\nCarla Mendes (Acme CA)\nLucas Moreau (Initech Certs)",
        "minute_taker": "Carla Mendes",
        "body": "Ballot CSC-30 passed its review.\n\nLucas will prepare version 2 of CSC-31.\n\nNext call: December 3, 2026."
    });
    assert_eq!(post(&app, None, "/api/v1/minutes", form.clone()).await.0, 401);
    assert_eq!(post(&app, Some(&other), "/api/v1/minutes", form.clone()).await.0, 403);
    let (status, bad) =
        post(&app, Some(&chair), "/api/v1/minutes", json!({ "wg": "cscwg", "meeting_date": "soon" })).await;
    assert_eq!(status, 400);
    let message = bad["message"].as_str().unwrap().to_lowercase();
    assert!(message.contains("meeting_date") && message.contains("attendees") && message.contains("body"), "{message}");
    let (status, record) = post(&app, Some(&chair), "/api/v1/minutes", form.clone()).await;
    assert_eq!(status, 201, "{record}");
    assert_eq!(record["title"], "2026-11-19 Minutes of the Code Signing Certificate Working Group");
    assert_eq!(record["ballot_refs"], json!(["CSC-30", "CSC-31"]));
    assert_eq!(record["minute_taker"], "Carla Mendes");
    assert_eq!(record["next_meeting"], "2026-12-03");
    assert_eq!(record["action_items"][0]["state"], "suggested");
    // The ballot page links back to the new minutes.
    let ballot = app.get("/api/v1/ballots/CSC-30").await.json();
    assert!(
        ballot["discussed_in"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().contains("2026-11-19")),
        "{ballot}"
    );
    // The same meeting again is refused rather than overwritten.
    let (status, again) = post(&app, Some(&chair), "/api/v1/minutes", form).await;
    assert_eq!(status, 409, "{again}");
}

#[tokio::test]
async fn editing_minutes_is_refused_when_the_file_changed_on_disk_since_the_form_was_opened() {
    let app = spawn_writable_app().await;
    add_user(&app.store, "chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    let actor = server::commands::Actor::user(app.store.user("chair@example.org").await.unwrap().unwrap());
    let (_, content) = app.content.as_ref().unwrap();
    let rel = "posts/2026/2026-10-22-minutes-of-the-code-signing-certificate-working-group.md";
    let opened = server::commands::minutes::file_hash(&std::fs::read(content.join(rel)).unwrap());
    let edit = |body: &'static str, hash: String| {
        let actor = actor.clone();
        let store = app.store.clone();
        let dir = content.clone();
        async move {
            server::commands::minutes::edit_minutes(
                &store,
                Some(&dir),
                Some(&actor),
                rel,
                body,
                &hash,
                common::fixed_now(),
            )
            .await
        }
    };
    let saved =
        edit("## Attendees\n\nCarla Mendes (Acme CA)\n\n## Minutes\n\nShorter minutes.", opened.clone()).await.unwrap();
    let text = std::fs::read_to_string(content.join(rel)).unwrap();
    assert!(text.starts_with("---\n") && text.contains("title:") && text.contains("Shorter minutes."), "{text}");
    let stale = edit("## Minutes\n\nOverwrite.", opened).await.unwrap_err();
    assert!(stale.to_string().contains("changed on disk since the form was opened"), "{stale}");
    assert!(edit("## Minutes\n\nAgain.", saved).await.is_ok(), "with the current hash it saves");
}

#[tokio::test]
async fn where_the_group_allows_it_members_record_their_own_organisations_vote_and_no_other() {
    let app = common::spawn_writable_app_with(|site| site.member_votes = vec![app::domain::WorkingGroup::Cscwg]).await;
    add_user(&app.store, "chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    // add_user gives every account the organisation "Example".
    add_user(&app.store, "noah@example.org", "Noah Fischer", "member", &[], PASSWORD).await;
    let chair = token_for(&app, "chair@example.org").await;
    let noah = token_for(&app, "noah@example.org").await;
    let new =
        json!({ "wg": "cscwg", "title": "Audits", "proposer": { "name": "Lucas Moreau", "org": "Initech Certs" } });
    let (status, _) = post(&app, Some(&chair), "/api/v1/ballots", new).await;
    assert_eq!(status, 201);
    let events = "/api/v1/ballots/CSC-31/events";
    for (step, at) in [
        (json!({ "type": "endorse", "name": "Carla Mendes", "org": "Acme CA" }), "2026-10-01T12:00:00Z"),
        (json!({ "type": "endorse", "name": "Farid Haddad", "org": "Contoso" }), "2026-10-01T12:00:00Z"),
        (json!({ "type": "start_discussion" }), "2026-10-01T12:00:00Z"),
        (json!({ "type": "start_voting" }), "2026-11-24T12:00:00Z"),
    ] {
        let mut step = step;
        step["at"] = json!(at);
        let (status, body) = post(&app, Some(&chair), events, step).await;
        assert_eq!(status, 200, "{body}");
    }
    let vote = |org: &str| json!({ "type": "vote", "org": org, "category": "issuer", "vote": "yes" });
    // Another organisation's vote: refused, naming the rule.
    let (status, refusal) = post(&app, Some(&noah), events, vote("Acme CA")).await;
    assert_eq!(status, 403, "{refusal}");
    assert!(refusal["message"].as_str().unwrap().contains("their own organisation's vote (Example)"), "{refusal}");
    // Backdated: only chairs record what already happened.
    let mut backdated = vote("Example");
    backdated["at"] = json!("2026-11-25T12:00:00Z");
    assert_eq!(post(&app, Some(&noah), events, backdated).await.0, 400);
    // Their own, even from a form made before other changes (votes do not conflict).
    let mut own = vote("Example");
    own["expected_revision"] = json!(1);
    let (status, ballot) = post(&app, Some(&noah), events, own).await;
    assert_eq!(status, 200, "{ballot}");
    assert_eq!(ballot["votes"][0]["org"], "Example");
    // The member's ballot page offers the form for their organisation only, and no chair's steps.
    let mut b = common::Browser::new(&app);
    b.login("noah@example.org", PASSWORD).await;
    let page = b.get("/ballots/CSC-31").await;
    assert!(page.body.contains("Vote for Example") && page.body.contains("recorded as yes"), "{}", page.body);
    assert!(!page.body.contains("Run this ballot"));
    // In a group that does not allow it, members record nothing.
    drop(b);
    drop(app); // one app at a time in a test process
    let app = spawn_writable_app().await;
    add_user(&app.store, "chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    add_user(&app.store, "noah@example.org", "Noah Fischer", "member", &[], PASSWORD).await;
    let chair = token_for(&app, "chair@example.org").await;
    let noah = token_for(&app, "noah@example.org").await;
    let new =
        json!({ "wg": "cscwg", "title": "Audits", "proposer": { "name": "Lucas Moreau", "org": "Initech Certs" } });
    assert_eq!(post(&app, Some(&chair), "/api/v1/ballots", new).await.0, 201);
    assert_eq!(post(&app, Some(&noah), events, vote("Example")).await.0, 403);
}
