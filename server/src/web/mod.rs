//! The HTTP side: the one route map (`routes`), the JSON/health handlers, and the [`Backend`]
//! implementation that lets Leptos pages and server functions read the store.
//!
//! [`Backend`]: app::backend::Backend

pub mod backend;
pub mod error;
mod health;
pub mod routes;
mod source;

pub use backend::{system_clock, Clock};
pub use routes::{router, AppState, SiteConfig};
