//! Pieces of UI shared by several pages.

pub mod ballot;
pub mod feeds;
pub mod items;
pub mod layout;
pub mod run;
pub mod status;
pub mod wg;
