//! One module per page; each fetches through `crate::api` and renders with shared components.

pub mod account;
pub mod actions;
pub mod ballot;
pub mod ballots;
pub mod compose;
pub mod feeds;
pub mod home;
pub mod login;
pub mod minutes;
pub mod minutes_detail;
pub mod new_ballot;
pub mod not_found;
pub mod post;
