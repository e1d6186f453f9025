//! Citations a reader can trust. A sheet puts every source in front of a reader, so
//! `tanso data check` audits them:
//!
//! - a source whose `document` is a path inside a repository or a local file (`shared/...`,
//!   `./notes.md`, `file://...`) is refused: no reader can open it; cite the original
//!   publication (journal, agency, dataset with its DOI or official URL);
//! - a `verified` source whose URL is not on a primary host ([`PRIMARY_HOSTS`]: publishers,
//!   agencies, journals and DOIs, the data providers' own repositories) draws a warning:
//!   `verified` means read in the original, and a mirror, a travel site or a news summary is
//!   not the original. Keep a mirror as a second link and set the confidence by what was read.

use super::Catalog;
use super::source::Confidence;

/// Hosts (or host suffixes after a dot) that publish originals: agencies, journals and DOI
/// resolvers, standards and treaty bodies, and the repositories where data providers publish
/// their own datasets and code. Kept short and reviewed; a host is added when its pages are
/// the publication itself.
pub const PRIMARY_HOSTS: &[&str] = &[
    // DOIs and journals
    "doi.org",
    "sciencedirect.com",
    "nature.com",
    "copernicus.org",
    // Governments and intergovernmental bodies (suffixes)
    "gov",
    "go.jp",
    "lg.jp",
    "city.toyama.toyama.jp",
    "gob.cl",
    "go.id",
    "int",
    "europa.eu",
    // UN climate bodies and crediting mechanisms
    "unfccc.int",
    "ipcc.ch",
    "iges.or.jp",
    "jcm.go.jp",
    // Research institutes and data providers publishing their own work
    "nrel.gov",
    "osti.gov",
    "ourworldindata.org",
    "ember-energy.org",
    "ashrae.org",
    // Code and data published by their authors (repositories of the named publisher)
    "github.com",
    // Utilities publishing their own emission factors, and Viet Nam's climate agency
    "rikuden.co.jp",
    "kepco.co.jp",
    "climatechange.vn",
];

/// Sources allowed to trip the local-path refusal while they are being replaced: for them
/// the refusal is reported as a warning. An entry that no longer trips is reported too, so
/// the list cannot outlive its reason. Empty: every source cites a publication.
pub const PENDING_AUDIT: &[&str] = &[];

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// `data check` fails.
    Refuse,
    /// Printed; `data check` still passes.
    Warn,
}

/// One finding of the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub source: String,
    pub severity: Severity,
    pub message: String,
}

/// The host of an `http(s)` URL, lower-case, without `www.` and port.
pub fn host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?;
    let host = host.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// True when `host` is a primary host or below one (`research-hub.nrel.gov`).
pub fn is_primary(host: &str) -> bool {
    PRIMARY_HOSTS
        .iter()
        .any(|p| host == *p || host.ends_with(&format!(".{p}")))
}

/// A path to a local or repository file named in `document`, if any: `shared/x/y.md`,
/// `./notes.txt`, `/home/...`, `file://...`, `C:\...`.
pub fn local_path(document: &str) -> Option<String> {
    const EXTENSIONS: &[&str] = &[
        "md", "txt", "pdf", "csv", "json", "toml", "html", "htm", "xlsx", "xls", "doc", "docx",
        "epw",
    ];
    document
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '"'))
        .map(|t| t.trim_end_matches(['.', ':']))
        .find(|t| {
            if t.starts_with("file://") || t.starts_with("./") || t.starts_with("../") {
                return true;
            }
            if t.contains("://") {
                return false;
            }
            let windows = t.len() > 2 && t.as_bytes()[1] == b':' && t.contains('\\');
            let pathlike = (t.contains('/') || t.contains('\\'))
                && t.rsplit_once('.').is_some_and(|(_, ext)| {
                    EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
                });
            windows || pathlike || t.starts_with('/')
        })
        .map(str::to_string)
}

/// Audits every source of the catalog.
pub fn audit_sources(catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    for (id, s) in &catalog.sources {
        if let Some(path) = s.document.as_deref().and_then(local_path) {
            let pending = PENDING_AUDIT.contains(&id.as_str());
            out.push(Finding {
                source: id.clone(),
                severity: if pending { Severity::Warn } else { Severity::Refuse },
                message: format!(
                    "its document names a local file (\"{path}\") that no reader can open; cite the original publication (journal, agency, or dataset with its DOI or official URL){}",
                    if pending {
                        " [refusal deferred: this source is on the pending citation audit list]"
                    } else {
                        ""
                    }
                ),
            });
        }
        if s.confidence == Confidence::Verified
            && let Some(h) = s.url.as_deref().and_then(host)
            && !is_primary(&h)
        {
            out.push(Finding {
                source: id.clone(),
                severity: Severity::Warn,
                message: format!(
                    "is marked verified but its URL is on {h}, not a primary host: cite the original publication (keep the mirror as a second link) or set the confidence to what was read"
                ),
            });
        }
    }
    for id in PENDING_AUDIT {
        let still = out
            .iter()
            .any(|f| f.source == *id && f.message.contains("local file"));
        if !still {
            out.push(Finding {
                source: id.to_string(),
                severity: Severity::Warn,
                message: "is on the pending citation audit list but no longer names a local file: remove it from catalog::PENDING_AUDIT".into(),
            });
        }
    }
    out.sort_by(|a, b| (a.severity, &a.source).cmp(&(b.severity, &b.source)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_found_and_urls_are_not() {
        assert_eq!(
            local_path("shared/reference/solar.md section 4.2").as_deref(),
            Some("shared/reference/solar.md")
        );
        assert_eq!(
            local_path("copy in the seed documents (shared/seeds/002_x.txt)").as_deref(),
            Some("shared/seeds/002_x.txt")
        );
        assert!(local_path("file:///tmp/a.pdf").is_some());
        assert!(local_path("./notes").is_some());
        assert_eq!(
            local_path("commit e7897aed55b514b8d16e0a3d8f1518789ac3de31"),
            None
        );
        assert_eq!(local_path("Report NREL/TP-6A20-62641, table 3"), None);
        assert_eq!(local_path("see https://example.org/a/b.pdf"), None);
    }

    #[test]
    fn hosts_are_classified() {
        assert_eq!(
            host("https://www.ipcc.ch/report/ar5/wg1/").as_deref(),
            Some("ipcc.ch")
        );
        assert!(is_primary("research-hub.nrel.gov"));
        assert!(is_primary("cdm.unfccc.int"));
        assert!(is_primary(
            "www.city.toyama.lg.jp".trim_start_matches("www.")
        ));
        assert!(!is_primary("baliomtours.com"));
        assert!(!is_primary("pdfslide.us"));
        assert!(!is_primary("notgov"));
    }

    #[test]
    fn the_current_catalog_has_no_refusal() {
        let mut c = Catalog::embedded().unwrap();
        let findings = audit_sources(&c);
        let refused: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Refuse)
            .collect();
        assert!(refused.is_empty(), "{refused:?}");
        // A travel site or a document mirror marked verified is flagged (both were, before
        // the citation audit).
        for (id, url) in [
            (
                "denpasar-climate",
                "https://baliomtours.com/location/indonesia/bali/denpasar/",
            ),
            (
                "thevenard-pelland-2013",
                "https://pdfslide.us/documents/x.html",
            ),
        ] {
            let s = c.sources.get_mut(id).unwrap();
            s.url = Some(url.into());
            s.confidence = super::super::Confidence::Verified;
        }
        let findings = audit_sources(&c);
        for id in ["denpasar-climate", "thevenard-pelland-2013"] {
            assert!(
                findings
                    .iter()
                    .any(|f| f.source == id && f.severity == Severity::Warn),
                "{id}: {findings:?}"
            );
        }
    }

    #[test]
    fn a_local_document_is_refused() {
        let mut c = Catalog::embedded().unwrap();
        let s = c.sources.get_mut("dobos-2014").unwrap();
        s.document = Some("notes/pvwatts.pdf".into());
        let f = audit_sources(&c);
        assert!(
            f.iter()
                .any(|f| f.source == "dobos-2014" && f.severity == Severity::Refuse),
            "{f:?}"
        );
    }
}
