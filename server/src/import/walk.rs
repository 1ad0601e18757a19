//! The only file reading of the import: finding post files under a directory and reading their bytes.
//!
//! Posts are `*.md`/`*.markdown` files, page bundles (`…/index.md`, covered by the same rule) and
//! extension-less files whose text starts with front matter. Everything else (PDFs, images,
//! office documents) and Hugo section pages (`_index.md`) is skipped and counted. Hidden files and
//! directories (`.git`) are ignored.

use crate::ingest::error::{FileError, IngestError};
use crate::ingest::front_matter::looks_like_front_matter;
use crate::ingest::post::MAX_POST_BYTES;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Path relative to the walked directory, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
}

#[derive(Debug, Default)]
pub struct Walk {
    /// Sorted by relative path, so imports and their reports are deterministic.
    pub candidates: Vec<Candidate>,
    /// Relative paths of files that are not posts.
    pub skipped: Vec<String>,
    /// Directories or files that could not be read.
    pub errors: Vec<FileError>,
}

/// Walks `root` recursively. A root that is a single file is walked as that one file.
pub fn walk(root: &Path) -> Result<Walk, FileError> {
    let meta = fs::metadata(root)
        .map_err(|e| FileError::new(root.display().to_string(), IngestError::Unreadable(e.to_string())))?;
    let mut out = Walk::default();
    if meta.is_file() {
        let name = root.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        consider(root, name, &mut out);
        return Ok(out);
    }
    visit(root, root, &mut out);
    out.candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.skipped.sort();
    Ok(out)
}

fn visit(root: &Path, dir: &Path, out: &mut Walk) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.errors.push(FileError::new(rel_of(root, dir), IngestError::Unreadable(e.to_string())));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        // file_type() does not follow symlinks, so a link to a parent cannot loop us.
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            visit(root, &path, out);
        } else if ft.is_file() || (ft.is_symlink() && !path.is_dir()) {
            // A broken link named like a post is reported when read, not silently dropped.
            consider(&path, rel_of(root, &path), out);
        }
    }
}

fn consider(path: &Path, rel: String, out: &mut Walk) {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    // `_index.md` is a Hugo section (list) page, not a post.
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase());
    if stem.as_deref() == Some("_index") {
        out.skipped.push(rel);
        return;
    }
    let is_post = match ext.as_deref() {
        Some("md") | Some("markdown") => true,
        None => starts_with_front_matter(path),
        Some(_) => false,
    };
    if is_post {
        out.candidates.push(Candidate { rel, abs: path.to_path_buf() });
    } else {
        out.skipped.push(rel);
    }
}

fn starts_with_front_matter(path: &Path) -> bool {
    let mut head = [0u8; 64];
    let n = fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    std::str::from_utf8(&head[..n])
        .map(looks_like_front_matter)
        // A multi-byte character cut at byte 64 is still text.
        .unwrap_or_else(|e| looks_like_front_matter(std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")))
}

fn rel_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// Reads a post's bytes, refusing files over the size limit before reading them.
pub fn read(candidate: &Candidate) -> Result<Vec<u8>, IngestError> {
    let size = fs::metadata(&candidate.abs).map_err(|e| IngestError::Unreadable(e.to_string()))?.len();
    if size > MAX_POST_BYTES {
        return Err(IngestError::TooLarge { size, limit: MAX_POST_BYTES });
    }
    fs::read(&candidate.abs).map_err(|e| IngestError::Unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_bundles_and_front_matter_files_are_found_and_the_rest_counted() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("posts/2021/bundle")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        fs::write(d.join("posts/2021/a.md"), "---\ntitle: a\n---\n").unwrap();
        fs::write(d.join("posts/2021/bundle/index.md"), "---\ntitle: b\n---\n").unwrap();
        fs::write(d.join("posts/2021/bundle/slides.pdf"), b"%PDF").unwrap();
        fs::write(d.join("posts/2021/NOTES"), "+++\ntitle = \"c\"\n+++\n").unwrap();
        fs::write(d.join("posts/2021/LICENSE"), "MIT").unwrap();
        fs::write(d.join("posts/_index.md"), "---\ntitle: Posts\n---\n").unwrap();
        fs::write(d.join(".git/HEAD"), "ref").unwrap();
        let w = walk(d).unwrap();
        let rels: Vec<&str> = w.candidates.iter().map(|c| c.rel.as_str()).collect();
        assert_eq!(rels, ["posts/2021/NOTES", "posts/2021/a.md", "posts/2021/bundle/index.md"]);
        assert_eq!(w.skipped, ["posts/2021/LICENSE", "posts/2021/bundle/slides.pdf", "posts/_index.md"]);
        assert!(w.errors.is_empty());
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let err = walk(Path::new("/no/such/quorum/dir")).unwrap_err();
        assert!(err.to_string().starts_with("/no/such/quorum/dir: cannot be read"), "{err}");
    }
}
