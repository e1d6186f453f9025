//! The compile-fail gallery: mistakes a learner would write, each with the compiler message it
//! gives (the committed `.stderr` beside it). The guide explains each one
//! (`docs/teaching/09-compile-fail-gallery.md`).
//!
//! The messages are rustc's, so their exact text depends on the compiler: the `.stderr` files
//! were written by rustc 1.95. On another version this test says so and stops, unless
//! `TANSO_GALLERY_STRICT=1` (CI sets it), where it fails instead. After a deliberate change,
//! re-bless with `TRYBUILD=overwrite cargo test --test gallery` and read the diff.

use std::process::Command;

/// The rustc minor version the `.stderr` files were written with.
const BLESSED_WITH: &str = "1.95.";

#[test]
fn compile_fail_gallery() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let ours = version.split_whitespace().nth(1).unwrap_or("unknown");
    if !ours.starts_with(BLESSED_WITH) {
        let strict = std::env::var("TANSO_GALLERY_STRICT").is_ok_and(|v| v == "1");
        let message = format!(
            "the gallery's .stderr files were written by rustc {BLESSED_WITH}x; this is rustc \
             {ours}. Re-bless with TRYBUILD=overwrite cargo test --test gallery and review the diff."
        );
        assert!(!strict, "{message}");
        eprintln!("skipped: {message}");
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/gallery/*.rs");
}
