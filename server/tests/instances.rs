//! Several Quorum instances on one PostgreSQL database share logins: a session started on one is
//! good on the other, and a change made through either is seen by both. Runs when
//! `QUORUM_TEST_POSTGRES_URL` names a server (each run gets a database of its own, dropped
//! afterwards); otherwise it says it was skipped.

mod common;

use common::{add_user, sample_content, spawn_app_on, spawn_instance, Browser};

const CSC: &str = "2026-10-22-minutes-of-the-code-signing-certificate-working-group";

#[tokio::test]
async fn a_login_on_one_instance_acts_on_the_other_over_one_postgresql_database() {
    let Ok(admin_url) = std::env::var("QUORUM_TEST_POSTGRES_URL") else {
        eprintln!("SKIPPED two instances on PostgreSQL: set QUORUM_TEST_POSTGRES_URL to run it");
        return;
    };
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let db = format!("quorum_t_{}_instances", std::process::id());
    let admin = sqlx::AnyPool::connect(&admin_url).await.expect("QUORUM_TEST_POSTGRES_URL must be reachable");
    admin.execute(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)").as_str()).await.unwrap();
    admin.execute(format!("CREATE DATABASE {db}").as_str()).await.unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{db}");

    let one = spawn_app_on(&url, Some(&sample_content())).await;
    let two = spawn_instance(&url).await;
    add_user(&one.store, "csc-chair@example.org", "Dean Chair", "chair", &["cscwg"], "correct horse battery").await;

    // Log in on the first instance…
    let mut b = Browser::new(&one);
    let r = b.login("csc-chair@example.org", "correct horse battery").await;
    assert_eq!(r.status, 303);
    let cookie = b.cookie.clone().unwrap();

    // …and act on the second with the same session.
    let mut on_two = Browser::new(&two);
    on_two.cookie = Some(cookie);
    let page = on_two.get(&format!("/minutes/{CSC}")).await;
    assert!(page.body.contains("Dean Chair"), "the second instance knows the session");
    let csrf = Browser::csrf_in(&page.body);
    let m = two.get(&format!("/api/v1/minutes/{CSC}")).await.json();
    let item = m["action_items"].as_array().unwrap().iter().find(|i| i["state"] == "suggested").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = on_two.post_form("/_fn/item_action", &[("id", &item), ("op", "confirm"), ("csrf", &csrf)], &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);

    // The first instance sees the change and who made it.
    let m = one.get(&format!("/api/v1/minutes/{CSC}")).await.json();
    let state =
        m["action_items"].as_array().unwrap().iter().find(|i| i["id"] == item.as_str()).unwrap()["state"].clone();
    assert_eq!(state, "open");
    let events = server::export::export(&one.store, common::fixed_now()).await.unwrap().events;
    assert!(events
        .iter()
        .any(|e| e.record_id == item && e.action == "confirm" && e.actor == "user:csc-chair@example.org"));

    one.store.close().await;
    two.store.close().await;
    drop(two);
    drop(one);
    admin.execute(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)").as_str()).await.unwrap();
}
