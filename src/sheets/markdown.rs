//! Markdown rendering (GitHub-flavoured tables). Charts are images: either SVG files written
//! beside the Markdown file and linked by relative path (`tanso sheet -o sheet.md`; renders on
//! GitHub, GitLab and in editors), or `data:image/svg+xml;base64` URIs when the sheet is one
//! stream (standard output, the API) — viewers that block data URIs then show the alt text,
//! which states the chart's numbers.

use base64::Engine;

use super::document::{Block, Doc, Inline, plain};

/// Where chart images live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartLinks {
    /// Inline `data:` URIs.
    DataUri,
    /// `{dir}/{chart id}.svg`, relative to the Markdown file.
    Files(String),
}

fn esc(s: &str) -> String {
    // Characters that start Markdown syntax inside text and table cells.
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '|' => out.push_str("\\|"),
            '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

fn inline(i: &[Inline]) -> String {
    i.iter()
        .map(|x| match x {
            Inline::Text(t) => esc(t),
            Inline::Strong(t) => format!("**{}**", esc(t)),
            // The address in angle brackets, so spaces or parentheses in it cannot end it.
            Inline::Link(text, href) => {
                format!("[{}](<{}>)", esc(text), href.replace(['<', '>', '\n'], ""))
            }
            Inline::Cite(n) if n.is_empty() => String::new(),
            Inline::Cite(n) => format!(
                " \\[{}\\]",
                n.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect()
}

/// The sheet as Markdown.
pub fn render(doc: &Doc, links: &ChartLinks) -> String {
    let mut out = format!("# {}\n\n", esc(&doc.title));
    for b in &doc.blocks {
        match b {
            Block::Heading(level, text) => {
                out.push_str(&format!(
                    "{} {}\n\n",
                    "#".repeat(*level as usize),
                    esc(text)
                ));
            }
            Block::Para(i) => out.push_str(&format!("{}\n\n", inline(i))),
            Block::Notice(text) => out.push_str(&format!("> **{}**\n\n", esc(text))),
            Block::Facts(rows) => {
                for (label, value) in rows {
                    out.push_str(&format!("- **{}:** {}\n", esc(label), inline(value)));
                }
                out.push('\n');
            }
            Block::Table(t) => {
                out.push_str(&format!("*{}*\n\n", esc(&t.caption)));
                out.push_str(&format!(
                    "| {} |\n",
                    t.head
                        .iter()
                        .map(|h| esc(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
                out.push_str(&format!(
                    "|{}|\n",
                    t.numeric
                        .iter()
                        .map(|n| if *n { " ---: " } else { " --- " })
                        .collect::<Vec<_>>()
                        .join("|")
                ));
                for r in &t.rows {
                    out.push_str(&format!(
                        "| {} |\n",
                        r.iter().map(|c| inline(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                if let Some(total) = &t.total {
                    out.push_str(&format!(
                        "| {} |\n",
                        total
                            .iter()
                            .map(|c| if c.is_empty() {
                                String::new()
                            } else {
                                format!("**{}**", esc(c))
                            })
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ));
                }
                out.push('\n');
            }
            Block::Chart(c) | Block::Aside(c) => {
                let src = match links {
                    ChartLinks::DataUri => format!(
                        "data:image/svg+xml;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(c.svg.as_bytes())
                    ),
                    ChartLinks::Files(dir) => format!("{dir}/{}.svg", c.id),
                };
                out.push_str(&format!(
                    "![{}]({src})\n\n",
                    esc(&format!("{}: {}", c.title, c.description))
                ));
            }
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", inline(i)));
                }
                out.push('\n');
            }
        }
    }
    if !doc.references.is_empty() {
        out.push_str(&format!("## {}\n\n", esc(&doc.references_title)));
        for r in &doc.references {
            out.push_str(&format!("{}. {}\n", r.n, reference_text(r, true)));
        }
    }
    out
}

/// One reference as Markdown (with a link) or plain text.
pub fn reference_text(r: &super::document::Reference, markdown: bool) -> String {
    let s = &r.source;
    let year = s.year.map(|y| format!(" ({y})")).unwrap_or_default();
    let mut text = format!(
        "{}. {}{year}.",
        if markdown {
            esc(&s.publisher)
        } else {
            s.publisher.clone()
        },
        if markdown {
            format!("*{}*", esc(&s.title))
        } else {
            s.title.clone()
        }
    );
    if let Some(d) = &s.document {
        text.push_str(&format!(" {}.", if markdown { esc(d) } else { d.clone() }));
    }
    if let Some(u) = &s.url {
        text.push_str(&if markdown {
            format!(" <{u}>")
        } else {
            format!(" {u}")
        });
    }
    text.push_str(&format!(" — {}", r.confidence));
    text
}

/// Plain text of the whole document (for tests).
pub fn text_of(doc: &Doc) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Para(i) => out.push_str(&plain(i)),
            Block::List(items) => items.iter().for_each(|i| out.push_str(&plain(i))),
            _ => {}
        }
        out.push('\n');
    }
    out
}
