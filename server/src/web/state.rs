//! The state every handler shares: the store, the site's settings, the clock and the sessions.

use crate::store::{Sessions, Store};
use app::domain::Instant;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::path::Path;
use std::sync::Arc;

/// Tells the time; `system_clock` in production, a fixed instant in tests.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Utc::now().fixed_offset())
}

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
    /// Groups whose members record their own organisation's votes on ballots run in Quorum
    /// (`QUORUM_MEMBER_VOTES`); elsewhere only chairs record votes.
    pub member_votes: Vec<app::domain::WorkingGroup>,
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
        SiteConfig {
            leptos,
            hydrate,
            public_url: public_url.trim_end_matches('/').to_string(),
            api_keys: None,
            member_votes: Vec::new(),
        }
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
    pub clock: Clock,
    /// Where login sessions are kept (`Store::sessions`).
    pub sessions: Sessions,
    /// The content tree posts written in Quorum go into (`None`: such writes are refused).
    pub content_dir: Option<std::path::PathBuf>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.site.leptos.clone()
    }
}
