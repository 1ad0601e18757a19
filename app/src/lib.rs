//! Quorum's user interface and its pure rules.
//!
//! `domain` holds the working-group rules (ids, stages, deadlines, tallies) and is free of IO so the
//! server, the CLI and the browser all decide things the same way. `model` is the data the pages
//! show, `api` the server functions that fetch it, and `backend` (server only) the trait the server
//! implements so that SQL stays in the server's store.

pub mod api;
mod app;
pub mod codec;
pub mod components;
pub mod domain;
pub mod error;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;

pub use app::{shell, App, ShellOptions};

/// Entry point of the browser bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
