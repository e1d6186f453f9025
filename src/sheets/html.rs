//! HTML rendering: one self-contained file (inline CSS and inline SVG, no scripts, no fonts,
//! no images or stylesheets fetched from anywhere), laid out for the screen and for A4 paper
//! (print CSS: page margins, no breaks inside tables and charts, link targets printed).
//! The only external addresses are the references' links, which a reader follows by choice.

use super::charts::escape;
use super::document::{Block, Doc, Inline};

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1b2a3a; background: #ffffff;
  max-width: 190mm; margin: 0 auto; padding: 12mm 10mm; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 19pt; margin: 0 0 4mm; line-height: 1.2; }
h2 { font-size: 13.5pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #1b2a3a; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
p { margin: 1.5mm 0 2.5mm; }
.notice { border: 2px solid #1b2a3a; padding: 2mm 3mm; font-weight: bold; margin: 2mm 0 3mm; }
.header { display: flex; gap: 5mm; align-items: flex-start; }
.header dl { flex: 1; margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 4mm; }
.header dt { font-weight: bold; }
.header dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; font-size: 9pt; }
caption { text-align: left; font-style: italic; padding-bottom: 1mm; }
th, td { border-bottom: 1px solid #c3cad3; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { border-bottom: 1.5px solid #1b2a3a; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 1.5px solid #1b2a3a; }
figure { margin: 2mm 0 5mm; }
figure svg { width: 100%; height: auto; max-width: 170mm; display: block; }
figcaption { font-size: 8.5pt; color: #55657a; }
.cite { font-size: 8pt; vertical-align: super; }
ol.refs { font-size: 8.5pt; padding-left: 7mm; }
ol.refs li { margin-bottom: 1mm; overflow-wrap: anywhere; }
ul { padding-left: 6mm; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  h2 { break-after: avoid; }
  table, figure, .notice, .header { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn inline(i: &[Inline]) -> String {
    i.iter()
        .map(|x| match x {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Inline::Link(text, href) => {
                format!("<a href=\"{}\">{}</a>", escape(href), escape(text))
            }
            Inline::Cite(n) if n.is_empty() => String::new(),
            Inline::Cite(n) => format!(
                "<span class=\"cite\">[{}]</span>",
                n.iter()
                    .map(|k| format!("<a href=\"#ref-{k}\">{k}</a>"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect()
}

/// The sheet as one HTML document.
pub fn render(doc: &Doc) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        escape(&doc.lang),
        escape(&doc.title),
        escape(&doc.title)
    );
    let mut aside: Option<String> = None;
    for b in &doc.blocks {
        match b {
            Block::Heading(level, text) => {
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)))
            }
            Block::Para(i) => out.push_str(&format!("<p>{}</p>\n", inline(i))),
            Block::Notice(text) => out.push_str(&format!(
                "<p class=\"notice\" role=\"note\">{}</p>\n",
                escape(text)
            )),
            Block::Aside(c) => aside = Some(c.svg.clone()),
            Block::Facts(rows) => {
                out.push_str("<div class=\"header\">\n<dl>\n");
                for (label, value) in rows {
                    out.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>\n",
                        escape(label),
                        inline(value)
                    ));
                }
                out.push_str("</dl>\n");
                if let Some(svg) = aside.take() {
                    out.push_str(&svg);
                }
                out.push_str("</div>\n");
            }
            Block::Table(t) => {
                out.push_str(&format!(
                    "<table>\n<caption>{}</caption>\n<thead><tr>",
                    escape(&t.caption)
                ));
                for (h, num) in t.head.iter().zip(&t.numeric) {
                    let class = if *num { " class=\"num\"" } else { "" };
                    out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", escape(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for r in &t.rows {
                    out.push_str("<tr>");
                    for (c, num) in r.iter().zip(&t.numeric) {
                        let class = if *num { " class=\"num\"" } else { "" };
                        out.push_str(&format!("<td{class}>{}</td>", inline(c)));
                    }
                    out.push_str("</tr>\n");
                }
                if let Some(total) = &t.total {
                    out.push_str("<tr class=\"total\">");
                    for (c, num) in total.iter().zip(&t.numeric) {
                        let class = if *num { " class=\"num\"" } else { "" };
                        out.push_str(&format!("<td{class}>{}</td>", escape(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Chart(c) => {
                out.push_str(&format!(
                    "<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n",
                    c.svg,
                    escape(&c.description)
                ));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", inline(i)));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    if !doc.references.is_empty() {
        out.push_str(&format!(
            "<h2 id=\"references\">{}</h2>\n<ol class=\"refs\">\n",
            escape(&doc.references_title)
        ));
        for r in &doc.references {
            let s = &r.source;
            let year = s.year.map(|y| format!(" ({y})")).unwrap_or_default();
            let mut li = format!(
                "{}. <cite>{}</cite>{year}.",
                escape(&s.publisher),
                escape(&s.title)
            );
            if let Some(d) = &s.document {
                li.push_str(&format!(" {}.", escape(d)));
            }
            if let Some(u) = &s.url {
                li.push_str(&format!(" <a href=\"{}\">{}</a>", escape(u), escape(u)));
            }
            li.push_str(&format!(" — {}", escape(&r.confidence)));
            out.push_str(&format!(
                "<li id=\"ref-{}\" value=\"{}\">{li}</li>\n",
                r.n, r.n
            ));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
