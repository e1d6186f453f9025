//! The page's static files, embedded in the binary (no CDN, nothing fetched at run time).
//! Origins and licences: `src/web/assets/README.md`, served at `/assets/licences`.

/// An embedded file: its name under `/assets/`, media type and content.
pub struct Asset {
    pub name: &'static str,
    pub media_type: &'static str,
    pub body: &'static str,
}

/// Every asset.
pub const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        media_type: "text/css; charset=utf-8",
        body: include_str!("assets/style.css"),
    },
    Asset {
        name: "htmx.min.js",
        media_type: "text/javascript; charset=utf-8",
        body: include_str!("assets/htmx.min.js"),
    },
    Asset {
        name: "licences",
        media_type: "text/plain; charset=utf-8",
        body: include_str!("assets/README.md"),
    },
    Asset {
        name: "htmx.LICENSE",
        media_type: "text/plain; charset=utf-8",
        body: include_str!("assets/htmx.LICENSE"),
    },
];

/// The asset with this name.
pub fn asset(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The relative luminance of an sRGB colour `#rrggbb` (WCAG 2.2, definition of relative
/// luminance).
pub fn luminance(hex: &str) -> Option<f64> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let c = u8::from_str_radix(&h[i..i + 2], 16).ok()? as f64 / 255.0;
        Some(if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// The contrast ratio of two colours (WCAG 2.2): (L1 + 0.05) / (L2 + 0.05), lighter first.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The `--name: #rrggbb;` custom properties of the stylesheet.
    fn colour(name: &str) -> String {
        let css = asset("style.css").unwrap().body;
        let at = css
            .find(&format!("--{name}:"))
            .unwrap_or_else(|| panic!("--{name} is defined"));
        let rest = &css[at + name.len() + 3..];
        rest[..rest.find(';').unwrap()].trim().to_string()
    }

    #[test]
    fn contrast_formula_matches_known_pairs() {
        // Black on white is 21:1 by definition; #767676 on white is the usual 4.54:1 example.
        assert!((contrast("#000000", "#ffffff").unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast("#767676", "#ffffff").unwrap() - 4.54).abs() < 0.01);
    }

    #[test]
    fn colours_have_sufficient_contrast() {
        // WCAG 2.2: 4.5:1 for text (1.4.3), 3:1 for focus indicators and chart marks (1.4.11).
        for (fg, bg, min) in [
            ("fg", "bg", 4.5),
            ("fg", "panel", 4.5),
            ("muted", "bg", 4.5),
            ("muted", "panel", 4.5),
            ("accent", "bg", 4.5),
            ("on-accent", "accent", 4.5),
            ("error", "bg", 4.5),
            ("error", "error-bg", 4.5),
            ("tip-fg", "tip-bg", 4.5),
            ("changed", "bg", 4.5),
            ("focus", "bg", 3.0),
            ("line", "bg", 3.0),
            ("bar", "bg", 3.0),
            ("bar-part", "bg", 3.0),
            ("bar-negative", "bg", 3.0),
        ] {
            let ratio = contrast(&colour(fg), &colour(bg)).unwrap();
            assert!(
                ratio >= min,
                "--{fg} on --{bg}: {ratio:.2}:1, below {min}:1"
            );
        }
    }

    #[test]
    fn vendored_htmx_is_the_documented_file() {
        let digest = Sha256::digest(asset("htmx.min.js").unwrap().body.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            asset("licences").unwrap().body.contains(&hex),
            "README.md names another checksum than {hex}"
        );
        assert!(
            asset("htmx.LICENSE")
                .unwrap()
                .body
                .contains("Zero-Clause BSD")
        );
    }
}
