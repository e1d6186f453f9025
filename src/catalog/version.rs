//! The dataset version. A file of its own, because build.rs includes it too
//! (`#[path]`): the embedded catalog's version is computed once, at build time, with the
//! same function that versions a `--data` directory when it loads.

use sha2::{Digest, Sha256};

/// The dataset version: the first 16 hex digits of SHA-256 over every file's path and
/// content, files in path order.
pub fn content_version<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut h = Sha256::new();
    for (path, text) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("data-{hex}")
}
