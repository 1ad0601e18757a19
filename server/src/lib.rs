#![recursion_limit = "512"]
//! The `quorum` server: content ingest, the store, the web layer and the command line.
//! Data flows one way: `ingest` (files → posts) → `store` (the only SQL) → `web` (pages, feeds, API).

pub mod ballots;
pub mod cli;
pub mod export;
pub mod ingest;
pub mod store;
pub mod web;
