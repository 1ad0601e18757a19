//! The HTTP side: the one route map (`routes`), the JSON/health handlers, and the [`Backend`]
//! implementation that lets Leptos pages and server functions read the store.
//!
//! [`Backend`]: app::backend::Backend

mod account;
mod api;
pub mod auth;
pub mod backend;
mod calendar;
pub mod conditional;
pub mod error;
pub mod feeds;
pub mod health;
pub mod page_cache;
pub mod routes;
pub mod security;
mod source;
pub mod state;

pub use routes::router;
pub use state::{system_clock, AppState, Clock, SiteConfig};
