#![recursion_limit = "512"]
//! The `quorum` server: content ingest, the store, the web layer and the command line.
//! Data flows one way: `import` walks the files and hands their text to `ingest` (pure: text →
//! values), saving the values in `store` (the only SQL); `read` turns stored records into what
//! pages, the API, feeds and the export show; `commands` is the write side (every change a person
//! makes, permission-checked in one place); `web` serves them. See docs/ARCHITECTURE.md.

pub mod announce;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod export;
pub mod import;
pub mod ingest;
pub mod read;
pub mod store;
pub mod web;
