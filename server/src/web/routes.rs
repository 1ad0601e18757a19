//! The one route map. Every URL Quorum answers is listed here; handlers stay thin and call the
//! store or the Leptos app.

use super::{api, calendar, feeds, health, source};
use crate::store::Store;
use app::backend::SharedBackend;
use app::{shell, App, ShellOptions};
use axum::extract::FromRef;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::Path;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// Settings of the running site.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub leptos: LeptosOptions,
    /// Whether the browser bundle exists (see [`SiteConfig::detect_bundle`]).
    pub hydrate: bool,
    /// Absolute base URL for links that leave the site (feeds, calendars), without trailing slash.
    pub public_url: String,
    /// Keys accepted by `/api/getBallots` (`QUORUM_API_KEYS`); `None` leaves it open.
    pub api_keys: Option<Vec<String>>,
}

/// The name the browser bundle is built under (`pkg/quorum.js`, `pkg/quorum.wasm`); must match
/// `output-name` in Cargo.toml and `LEPTOS_OUTPUT_NAME` in scripts/build.
pub const OUTPUT_NAME: &str = "quorum";

impl SiteConfig {
    pub fn new(site_root: &str, addr: std::net::SocketAddr, public_url: String) -> SiteConfig {
        let leptos = LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .site_root(site_root)
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let hydrate = Self::detect_bundle(site_root);
        SiteConfig { leptos, hydrate, public_url: public_url.trim_end_matches('/').to_string(), api_keys: None }
    }

    /// True when `<site_root>/pkg/quorum.js` and `quorum.wasm` exist.
    pub fn detect_bundle(site_root: &str) -> bool {
        let pkg = Path::new(site_root).join("pkg");
        pkg.join(format!("{OUTPUT_NAME}.js")).is_file() && pkg.join(format!("{OUTPUT_NAME}.wasm")).is_file()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub site: Arc<SiteConfig>,
    /// What time it is, for ballot stages and countdowns.
    pub clock: super::backend::Clock,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.site.leptos.clone()
    }
}

const STYLE: &str = include_str!("../../../style/main.css");
const FAVICON: &str = include_str!("../../../style/favicon.svg");

pub fn router(state: AppState) -> Router {
    let backend: SharedBackend =
        Arc::new(super::backend::StoreBackend { store: state.store.clone(), clock: state.clock.clone() });
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
        .route("/api/v1/ballots", get(api::ballots))
        .route("/api/v1/ballots/{id}", get(api::ballot))
        .route("/api/v1/minutes", get(api::minutes))
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
        .route("/favicon.svg", get(|| async { ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON) }))
        .route("/favicon.ico", get(|| async { ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response() }))
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), page_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, fallback_shell))
        .layer(axum::middleware::map_response(super::security::headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
