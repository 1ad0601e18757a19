//! The one route map. Every URL Quorum answers is listed here; handlers stay thin and call the
//! store or the Leptos app.

use super::state::AppState;
use super::{account, api, auth, calendar, feeds, health, source};
use app::backend::SharedBackend;
use app::{shell, App, ShellOptions};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

const STYLE: &str = include_str!("../../../style/main.css");
const FAVICON: &str = include_str!("../../../style/favicon.svg");

/// Login sessions: an `HttpOnly`, `SameSite=Lax` cookie (`Secure` when the public URL is https),
/// expiring after [`auth::IDLE`] without use; the session data lives in the database.
fn session_layer(state: &AppState) -> tower_sessions::SessionManagerLayer<crate::store::Sessions> {
    use tower_sessions::cookie::SameSite;
    use tower_sessions::Expiry;
    let idle = tower_sessions::cookie::time::Duration::seconds(auth::IDLE.num_seconds());
    tower_sessions::SessionManagerLayer::new(state.sessions.clone())
        .with_name("quorum_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.site.public_url.starts_with("https://"))
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

pub fn router(state: AppState) -> Router {
    let backend: SharedBackend = Arc::new(super::backend::StoreBackend {
        store: state.store.clone(),
        clock: state.clock.clone(),
        content_dir: state.content_dir.clone(),
        member_votes: state.site.member_votes.clone(),
    });
    let context = move || {
        provide_context(backend.clone());
        super::security::set_page_policy();
    };
    let shell_options = ShellOptions { leptos: state.site.leptos.clone(), hydrate: state.site.hydrate };
    let page_shell = {
        let o = shell_options.clone();
        move || shell(o.clone())
    };
    let fallback_shell = move |_: LeptosOptions| shell(shell_options.clone());
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/feeds/{file}", get(feeds::all))
        .route("/feeds/{wg}/{file}", get(feeds::per_group))
        .route("/ballots/{id}/{file}", get(feeds::one_ballot))
        .route("/calendar.ics", get(calendar::all))
        .route("/calendar/me/{file}", get(calendar::personal))
        .route("/login", post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/account/calendar", post(account::create_calendar))
        .route("/account/calendar/revoke", post(account::revoke_calendar))
        .route("/api/v1/action-items/{id}", post(api::change_action_item))
        .route("/api/v1/ballots", get(api::ballots).post(api::create_ballot))
        .route("/api/v1/ballots/{id}/events", post(api::ballot_event))
        .route("/api/v1/ballots/{id}/announcements", get(api::ballot_announcements))
        .route("/api/v1/minutes/{slug}/action-items", post(api::add_action_item))
        .route("/api/v1/ballots/{id}", get(api::ballot))
        .route("/api/v1/minutes", get(api::minutes).post(api::publish_minutes))
        .route("/api/v1/minutes/{slug}", get(api::minutes_one))
        .route("/api/v1/action-items", get(api::action_items))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/getBallots", get(api::get_ballots))
        .route("/minutes/{slug}/source", get(source::source))
        .route("/posts/{slug}/source", get(source::source))
        .route(
            "/pkg/quorum.css",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")],
                    STYLE,
                )
            }),
        )
        // The browser bundle, served here rather than by leptos_axum's fallback: that fallback
        // answers a file inside a reactive owner created under whatever owner the thread last had,
        // so a concurrent 404 page render could lend the file its 404 status (seen as a bundle that
        // intermittently failed to load while `<img src=x>` requests rendered 404 pages).
        .route_service(
            "/pkg/{*file}",
            tower_http::services::ServeDir::new(state.site.leptos.site_root.to_string())
                .precompressed_gzip()
                .precompressed_br(),
        )
        .route("/favicon.svg", get(|| async { ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON) }))
        .route("/favicon.ico", get(|| async { ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response() }))
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), page_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, fallback_shell))
        // Who is asking: inside the session layer, which it reads.
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::resolve_viewer))
        .layer(session_layer(&state))
        // Anonymous readers' pages, kept between writes (outside the session layer: a kept page
        // costs no session lookup).
        .layer(axum::middleware::from_fn_with_state(
            super::page_cache::PageCache::new(state.store.clone(), std::time::Duration::from_secs(30)),
            super::page_cache::serve,
        ))
        .layer(axum::middleware::map_response(super::security::headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
