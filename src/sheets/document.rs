//! The content of a sheet, independent of its format: headings, paragraphs with numbered
//! citations, tables, charts and the reference list. Built once from estimates (the one
//! outcome schema) and the catalog; rendered to Markdown or HTML by [`super::markdown`] and
//! [`super::html`].

use std::collections::BTreeMap;

use super::charts::Chart;
use crate::catalog::Source;

/// A sheet's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// Language tag of the text.
    pub lang: String,
    pub title: String,
    pub blocks: Vec<Block>,
    /// Numbered references, in order of first citation.
    pub references: Vec<Reference>,
    /// Heading of the reference list.
    pub references_title: String,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (level 2) or subsection (level 3).
    Heading(u8, String),
    Para(Vec<Inline>),
    /// A highlighted statement (the "estimate, not certified" label).
    Notice(String),
    /// Label–value pairs (the header facts).
    Facts(Vec<(String, Vec<Inline>)>),
    Table(Table),
    Chart(Chart),
    /// A small chart floated beside the header (the locator).
    Aside(Chart),
    List(Vec<Vec<Inline>>),
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    /// Citation numbers, e.g. [1, 3].
    Cite(Vec<usize>),
    /// A link: its text and its address.
    Link(String, String),
}

/// A table; every cell is inline content.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    /// A totals row, shown in bold.
    pub total: Option<Vec<String>>,
}

/// A numbered reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub n: usize,
    pub source: Source,
    /// The confidence in the reader's language.
    pub confidence: String,
}

/// Hands out citation numbers in order of first use.
#[derive(Debug, Default)]
pub struct Citations {
    order: Vec<String>,
    known: BTreeMap<String, Source>,
}

impl Citations {
    /// Citations resolving ids against `sources` (ids not found are skipped, never numbered).
    pub fn new(sources: &BTreeMap<String, Source>) -> Self {
        Citations {
            order: Vec::new(),
            known: sources.clone(),
        }
    }

    /// The numbers of these sources (numbering new ones).
    pub fn cite(&mut self, ids: &[String]) -> Inline {
        let mut nums = Vec::new();
        for id in ids {
            if !self.known.contains_key(id) {
                continue;
            }
            let n = match self.order.iter().position(|x| x == id) {
                Some(i) => i + 1,
                None => {
                    self.order.push(id.clone());
                    self.order.len()
                }
            };
            if !nums.contains(&n) {
                nums.push(n);
            }
        }
        nums.sort_unstable();
        Inline::Cite(nums)
    }

    /// The reference list.
    pub fn references(&self, confidence: impl Fn(&Source) -> String) -> Vec<Reference> {
        self.order
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let source = self.known[id].clone();
                Reference {
                    n: i + 1,
                    confidence: confidence(&source),
                    source,
                }
            })
            .collect()
    }
}

/// Plain text of inline content (for checks and alt text).
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Strong(t) => t.clone(),
            Inline::Link(text, href) => format!("{text} ({href})"),
            Inline::Cite(n) if n.is_empty() => String::new(),
            Inline::Cite(n) => format!(
                " [{}]",
                n.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect()
}

/// A text inline.
pub fn t(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}
