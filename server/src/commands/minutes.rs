//! Publishing minutes from Quorum: the form checked, written as the group's Hugo post into the
//! content tree (atomically), and imported; or the text of existing minutes edited in place,
//! refused if the file changed on disk since the form was opened. The group's chairs (and
//! administrators) may.

use super::ballots::{content_dir, write_atomically};
use super::{Actor, CommandError};
use crate::compose::{self, MinutesForm};
use crate::store::Store;
use app::domain::access::{authorize_minutes, Denied};
use app::domain::Instant;
use sha2::{Digest, Sha256};
use std::path::Path;

/// SHA-256 of a file's bytes, hex: what an edit form carries to detect changes on disk.
pub fn file_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Publishes new minutes; returns the post's path in the content tree and its slug.
///
/// Errors: Denied; Invalid (every field problem, each naming its field); Conflict (minutes of
/// this group for this date are already in the tree).
pub async fn publish_minutes(
    store: &Store,
    dir: Option<&Path>,
    actor: Option<&Actor>,
    form: &MinutesForm,
    now: Instant,
) -> Result<(String, String), CommandError> {
    let checked = compose::check(form);
    if let Ok(m) = &checked {
        authorize_minutes(actor.map(|a| &a.account), &m.wg)?;
    } else {
        actor.ok_or(Denied::NotLoggedIn)?;
    }
    let m = checked.map_err(|errors| {
        CommandError::Invalid(
            errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
        )
    })?;
    let actor = actor.ok_or(Denied::NotLoggedIn)?;
    let dir = content_dir(dir)?;
    let rel = compose::path(&m);
    if dir.join(&rel).exists() {
        return Err(CommandError::Conflict(format!(
            "minutes of this meeting are already in the content tree ({rel}); edit them instead"
        )));
    }
    let text = compose::hugo_post(&m, &actor.account.name, now);
    write_atomically(dir, &rel, &text)?;
    crate::import::import_one_file(store, dir, &rel, now.with_timezone(&chrono::Utc), &actor.label).await?;
    let slug = store.slug_of(&rel).await?.unwrap_or_default();
    Ok((rel, slug))
}

/// Replaces the text (everything after the front matter) of the minutes at `rel`, if the file
/// is still the one the form was made from (`expected_hash`, see [`file_hash`]).
pub async fn edit_minutes(
    store: &Store,
    dir: Option<&Path>,
    actor: Option<&Actor>,
    rel: &str,
    body: &str,
    expected_hash: &str,
    now: Instant,
) -> Result<String, CommandError> {
    let Some(detail) = store.minutes_by_path(rel).await? else {
        actor.ok_or(Denied::NotLoggedIn)?;
        return Err(CommandError::NotFound(format!("no minutes are at {rel}")));
    };
    authorize_minutes(actor.map(|a| &a.account), &detail.summary.wg)?;
    let actor = actor.ok_or(Denied::NotLoggedIn)?;
    let dir = content_dir(dir)?;
    let path = dir.join(rel);
    let current = std::fs::read(&path).map_err(|e| CommandError::Io(format!("{}: {e}", path.display())))?;
    if file_hash(&current) != expected_hash {
        return Err(CommandError::Conflict(format!(
            "{rel} changed on disk since the form was opened; reload to see the change, then edit again"
        )));
    }
    let text = String::from_utf8_lossy(&current);
    // Keep the front matter exactly as it is; replace what follows it.
    let front_matter_end = text
        .strip_prefix("---")
        .and_then(|rest| rest.find("\n---").map(|i| 3 + i + 4))
        .ok_or_else(|| CommandError::Invalid(format!("{rel} has no YAML front matter to keep")))?;
    let new_text = format!("{}\n\n{}\n", text[..front_matter_end].trim_end(), body.replace("\r\n", "\n").trim());
    write_atomically(dir, rel, &new_text)?;
    crate::import::import_one_file(store, dir, rel, now.with_timezone(&chrono::Utc), &actor.label).await?;
    Ok(file_hash(new_text.as_bytes()))
}
