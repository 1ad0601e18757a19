//! Ingest: from a Hugo content tree to parsed posts. `walk` is the only file IO; `front_matter`,
//! `markdown` and `post` are pure functions over text; `import` drives them into the store.

pub mod ballot_post;
pub mod error;
pub mod front_matter;
pub mod import;
pub mod markdown;
pub mod minutes;
pub mod orgs;
pub mod pathological;
pub mod post;
pub mod text;
pub mod walk;

pub use error::{FileError, IngestError};
pub use import::{check_paths, import_dir, Summary};
pub use post::{parse_post, Post};
