//! PDF: the print-CSS HTML printed by headless Chromium (Debian's `chromium` package), when
//! present. Chosen over a pure-Rust PDF writer because the sheet already lays itself out for
//! A4 with print CSS; Chromium renders the same HTML, SVG and fonts a reader sees in a
//! browser, with no second layout to keep in step. Where Chromium is missing the route says so
//! ([`PdfError::Unavailable`]; the API answers 406), never a crash.
//!
//! Chromium runs with a fresh profile in a private temporary directory, no network fetches
//! (the HTML references nothing external), no sandbox (containers lack the namespaces), and a
//! time limit.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Environment variable naming the Chromium binary to use instead of searching `PATH`.
pub const CHROMIUM_ENV: &str = "TANSO_CHROMIUM";

/// Why no PDF was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// No Chromium on this machine.
    #[error(
        "PDF output needs headless Chromium, which is not installed on this machine (install Debian's `chromium` package, or set {CHROMIUM_ENV}); HTML and Markdown are available"
    )]
    Unavailable,
    /// Chromium ran but did not produce a PDF.
    #[error("Chromium did not produce the PDF: {0}")]
    Failed(String),
    /// Chromium was still printing when its time ran out, and was stopped.
    #[error("Chromium did not print the PDF within {} s", .0.as_secs_f64())]
    TimedOut(Duration),
}

/// The Chromium binary: `$TANSO_CHROMIUM`, else the first of the usual names on `PATH`.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CHROMIUM_ENV) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// True when PDF output is possible here.
pub fn available() -> bool {
    chromium().is_some()
}

/// Prints `html` to PDF bytes, stopping Chromium once `timeout` has passed.
pub fn print(html: &str, timeout: Duration) -> Result<Vec<u8>, PdfError> {
    let bin = chromium().ok_or(PdfError::Unavailable)?;
    let dir = tempfile::tempdir().map_err(|e| PdfError::Failed(e.to_string()))?;
    let input = dir.path().join("sheet.html");
    let output = dir.path().join("sheet.pdf");
    std::fs::write(&input, html).map_err(|e| PdfError::Failed(e.to_string()))?;
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", output.display()))
        .arg(format!("file://{}", input.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| PdfError::Failed(e.to_string()))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::TimedOut(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(PdfError::Failed(e.to_string())),
        }
    }
    let bytes = std::fs::read(&output).map_err(|e| PdfError::Failed(e.to_string()))?;
    if !bytes.starts_with(b"%PDF") {
        return Err(PdfError::Failed("the output is not a PDF".into()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_print_past_its_time_is_stopped_and_says_so() {
        if !available() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI has Chromium installed"
            );
            return;
        }
        // No Chromium starts, let alone prints, in a millisecond.
        let r = print(
            "<!doctype html><title>late</title>",
            Duration::from_millis(1),
        );
        assert_eq!(r, Err(PdfError::TimedOut(Duration::from_millis(1))));
        assert!(r.unwrap_err().to_string().contains("within 0.001 s"));
    }
}
