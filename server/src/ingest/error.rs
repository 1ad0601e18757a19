//! `IngestError`: why a file could not be imported, written so the person who edits the post can
//! fix it. Positions are 1-based lines of the whole file; the path is attached by the caller
//! ([`FileError`]) because the parsers only see text.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("the file is {size} bytes, over the {limit}-byte limit for a post")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is not valid UTF-8 text (first bad byte at offset {offset})")]
    InvalidUtf8 { line: usize, offset: usize },
    #[error("the front matter opened with `{delimiter}` on line {line} is never closed")]
    UnterminatedFrontMatter { delimiter: &'static str, line: usize },
    #[error("invalid {format} front matter: {message}")]
    BadFrontMatter { format: &'static str, line: Option<usize>, message: String },
    #[error("field `{field}` must be {expected}, found {found}")]
    BadField { field: String, expected: &'static str, found: String, line: Option<usize> },
    #[error("field `{field}`: cannot read \"{value}\" as a date (expected e.g. 2021-10-07, 2021-10-07 17:00:00 or 2021-10-07T17:00:00Z)")]
    BadDate { field: String, value: String, line: Option<usize> },
    #[error("not a post: expected a .md file or a file that starts with front matter")]
    NotAPost,
    #[error("Quorum could not read this file (an internal error, please report it): {0}")]
    Internal(String),
    #[error("reading this post took longer than {} s, so it was skipped; simplify its nesting or size", *limit_ms as f64 / 1000.0)]
    TooSlow { limit_ms: u64 },
    #[error("no title: the front matter has no `title` and the file name carries none")]
    NoTitle,
    #[error("no date: the front matter has no `date` and the file name does not start with YYYY-MM-DD")]
    NoDate,
}

impl IngestError {
    /// The 1-based line in the file the problem is on, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            IngestError::InvalidUtf8 { line, .. } | IngestError::UnterminatedFrontMatter { line, .. } => Some(*line),
            IngestError::BadFrontMatter { line, .. }
            | IngestError::BadField { line, .. }
            | IngestError::BadDate { line, .. } => *line,
            _ => None,
        }
    }
}

/// An [`IngestError`] with the file it happened in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// Path relative to the imported directory (or as given to `check`).
    pub path: String,
    pub error: IngestError,
}

impl FileError {
    pub fn new(path: impl Into<String>, error: IngestError) -> FileError {
        FileError { path: path.into(), error }
    }

    pub fn line(&self) -> Option<usize> {
        self.error.line()
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line() {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.error),
            None => write!(f, "{}: {}", self.path, self.error),
        }
    }
}

impl std::error::Error for FileError {}
