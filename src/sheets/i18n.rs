//! The reader's language: every sentence and label of a sheet comes from a Project Fluent
//! message catalogue (`locales/<lang>.ftl`), together with the locale's number and date
//! conventions (decimal and group separators, CLDR minimum grouping digits, month names, the
//! date pattern). Adding a language is adding one `.ftl` file; no code changes.
//!
//! English is the reference catalogue: a message missing from another language falls back to
//! English, and a test checks that every shipped language is complete.

use std::borrow::Cow;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use include_dir::{Dir, include_dir};
use unic_langid::LanguageIdentifier;

use crate::units::{QuantityValue, format_readable};

/// The message catalogues, embedded at build time.
static LOCALES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/locales");

/// The reference language.
pub const DEFAULT_LANG: &str = "en";

/// Significant figures of the numbers a sheet shows.
pub const SIG: usize = 3;

/// The languages shipped, by tag (`en`, `es` ...), sorted.
pub fn languages() -> Vec<&'static str> {
    let mut out: Vec<&str> = LOCALES
        .files()
        .filter_map(|f| f.path().to_str()?.strip_suffix(".ftl"))
        .collect();
    out.sort_unstable();
    out
}

/// The catalogue text of a language, if shipped.
pub fn catalogue(lang: &str) -> Option<&'static str> {
    LOCALES.get_file(format!("{lang}.ftl"))?.contents_utf8()
}

/// The best shipped language for an `Accept-Language` header or a `--lang` value: the first
/// tag (by quality) whose language is shipped; English otherwise.
pub fn negotiate(header: &str) -> &'static str {
    let mut ranked: Vec<(f32, usize, String)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let tag = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let shipped = languages();
    for (_, _, tag) in ranked {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if let Some(l) = shipped.iter().find(|l| **l == primary) {
            return l;
        }
    }
    DEFAULT_LANG
}

/// A language's messages and number and date conventions.
pub struct Locale {
    lang: &'static str,
    bundle: FluentBundle<FluentResource>,
    fallback: Option<FluentBundle<FluentResource>>,
    decimal: String,
    group: String,
    min_grouping: usize,
}

fn bundle(lang: &str) -> Option<FluentBundle<FluentResource>> {
    let text = catalogue(lang)?;
    let resource = FluentResource::try_new(text.to_string()).ok()?;
    let id: LanguageIdentifier = lang.parse().ok()?;
    let mut b = FluentBundle::new(vec![id]);
    // Plain text out: no Unicode isolation marks around placeables (sheets are not mixed
    // left-to-right/right-to-left text, and the marks would show in Markdown and SVG).
    b.set_use_isolating(false);
    b.add_resource(resource).ok()?;
    Some(b)
}

impl Locale {
    /// The locale for a shipped language tag; English for any other.
    pub fn new(lang: &str) -> Locale {
        let lang = languages()
            .into_iter()
            .find(|l| *l == lang)
            .unwrap_or(DEFAULT_LANG);
        let bundle = bundle(lang).expect("shipped catalogues parse (tested)");
        let fallback = (lang != DEFAULT_LANG).then(|| bundle_or_panic(DEFAULT_LANG));
        let mut l = Locale {
            lang,
            bundle,
            fallback,
            decimal: ".".into(),
            group: ",".into(),
            min_grouping: 1,
        };
        l.decimal = l.text("number-decimal");
        l.group = l.text("number-group");
        l.min_grouping = l.text("number-min-grouping").parse().unwrap_or(1);
        l
    }

    /// English.
    pub fn english() -> Locale {
        Locale::new(DEFAULT_LANG)
    }

    /// The language tag (`en`, `es`).
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The decimal separator.
    pub fn decimal(&self) -> &str {
        &self.decimal
    }

    /// A message without arguments.
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// A message if any catalogue has it (model-specific labels are optional).
    pub fn try_text(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        [Some(&self.bundle), self.fallback.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|b| {
                let msg = b.get_message(id)?;
                let pattern = msg.value()?;
                let mut fargs = FluentArgs::new();
                for (k, v) in args {
                    match v {
                        Arg::Text(t) => fargs.set(*k, FluentValue::from(t.as_ref())),
                        Arg::Number(n) => fargs.set(*k, FluentValue::from(*n)),
                    }
                }
                let mut errors = Vec::new();
                let out = b.format_pattern(pattern, Some(&fargs), &mut errors);
                Some(out.into_owned())
            })
    }

    /// A message with arguments; the id itself when no catalogue has it (a bug the
    /// completeness test catches).
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.try_text(id, args).unwrap_or_else(|| id.to_string())
    }

    /// A label a model gives in English, translated when the catalogue has `id`.
    pub fn label(&self, id: &str, english: &str) -> String {
        if self.lang == DEFAULT_LANG {
            return english.to_string();
        }
        self.bundle
            .get_message(id)
            .and_then(|m| m.value())
            .map(|p| {
                let mut errors = Vec::new();
                self.bundle
                    .format_pattern(p, None, &mut errors)
                    .into_owned()
            })
            .unwrap_or_else(|| english.to_string())
    }

    /// A number for a person, to `sig` significant figures, in the locale's conventions:
    /// `5,060` and `0.26` in English, `5060`, `12.345` and `0,26` in Spanish.
    pub fn number(&self, v: f64, sig: usize) -> String {
        let en = format_readable(v, sig);
        if en.contains('e') {
            return en.replace('.', &self.decimal);
        }
        let (sign, rest) = match en.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", en.as_str()),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let digits: String = int.chars().filter(char::is_ascii_digit).collect();
        // CLDR minimumGroupingDigits: with 2, four-digit numbers are not grouped.
        let grouped = if digits.len() >= 4 + self.min_grouping - 1 {
            let mut g = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    g.push_str(&self.group);
                }
                g.push(c);
            }
            g
        } else {
            digits
        };
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{frac}", self.decimal)
        }
    }

    /// A quantity for a person: `5,060 tCO2e`.
    pub fn quantity(&self, q: &QuantityValue) -> String {
        self.number_unit(q.value, &q.unit)
    }

    /// A number with its unit.
    pub fn number_unit(&self, v: f64, unit: &str) -> String {
        let n = self.number(v, SIG);
        if unit.is_empty() {
            n
        } else {
            format!("{n} {unit}")
        }
    }

    /// An interval `4,100–6,200 tCO2e` (with " to " when a sign would make a dash ambiguous).
    pub fn interval(&self, lo: f64, hi: f64, unit: &str) -> String {
        let (a, b) = (self.number(lo, SIG), self.number(hi, SIG));
        let sep = if a.starts_with('-') || b.starts_with('-') {
            format!(" {} ", self.text("range-to"))
        } else {
            "–".to_string()
        };
        if unit.is_empty() {
            format!("{a}{sep}{b}")
        } else {
            format!("{a}{sep}{b} {unit}")
        }
    }

    /// A date `YYYY-MM-DD` (or `YYYY-MM`) in the locale's long form; the text itself if it
    /// is not a date.
    pub fn date(&self, text: &str) -> String {
        match crate::calendar::Date::parse(text) {
            Ok(d) => {
                let month = self.text(&format!("month-{}", d.month));
                let id = if text.len() <= 7 {
                    "date-month"
                } else {
                    "date-long"
                };
                self.format(
                    id,
                    &[
                        ("day", Arg::Number(d.day as f64)),
                        ("month", Arg::Text(month.into())),
                        ("year", Arg::Text(d.year.to_string().into())),
                    ],
                )
            }
            Err(_) => text.to_string(),
        }
    }

    /// The short name of a month, 1 = January.
    pub fn month_short(&self, month: usize) -> String {
        self.text(&format!("month-short-{month}"))
    }

    /// A country's name from its ISO 3166-1 alpha-2 code (the code when unknown).
    pub fn country(&self, code: &str) -> String {
        self.try_text(&format!("country-{code}"), &[])
            .unwrap_or_else(|| code.to_string())
    }
}

fn bundle_or_panic(lang: &str) -> FluentBundle<FluentResource> {
    bundle(lang).expect("shipped catalogues parse (tested)")
}

/// A message argument.
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;

    fn ids(text: &str) -> Vec<String> {
        let r = FluentResource::try_new(text.to_string()).expect("parses");
        r.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_parses_and_is_complete() {
        let en = ids(catalogue("en").unwrap());
        assert!(en.len() > 100, "{}", en.len());
        assert!(languages().contains(&"es"));
        for lang in languages() {
            let text = catalogue(lang).unwrap();
            assert!(
                FluentResource::try_new(text.to_string()).is_ok(),
                "{lang}.ftl has syntax errors"
            );
            let have = ids(text);
            let missing: Vec<&String> = en.iter().filter(|id| !have.contains(id)).collect();
            assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
        }
    }

    #[test]
    fn numbers_follow_the_locale() {
        let en = Locale::english();
        let es = Locale::new("es");
        assert_eq!(en.number(5059.6, 3), "5,060");
        assert_eq!(es.number(5059.6, 3), "5060");
        assert_eq!(es.number(67949.9, 3), "67.900");
        assert_eq!(es.number(0.2648, 3), "0,265");
        assert_eq!(en.number(-18422.0, 4), "-18,420");
        assert_eq!(es.number(1_250_000.0, 3), "1.250.000");
    }

    #[test]
    fn dates_and_languages() {
        assert_eq!(Locale::english().date("2024-03-01"), "1 March 2024");
        assert_eq!(Locale::new("es").date("2024-03-01"), "1 de marzo de 2024");
        assert_eq!(Locale::new("es").date("2024-02"), "febrero de 2024");
        assert_eq!(negotiate("es-CL,es;q=0.9,en;q=0.8"), "es");
        assert_eq!(negotiate("ja, en;q=0.5"), "en");
        assert_eq!(negotiate("de"), "en");
        assert_eq!(Locale::new("xx").lang(), "en");
    }
}
