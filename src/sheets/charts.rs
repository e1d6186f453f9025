//! Charts as SVG, drawn from the one outcome schema (never from a model's own types), so every
//! model gets them: the histogram of an output with P5, P50 and P95 marked, the tornado of
//! what drives its spread, bars of a monthly (or yearly) series, the waterfall
//! BE → PE → LE → ER, and BE against PE stacked by source.
//!
//! The output is deterministic (same input, same bytes: coordinates are written with one
//! decimal, nothing depends on time or on hash order), accessible (`role="img"` with a
//! `<title>` and a `<desc>` that states the numbers, text labels, units on the axes) and
//! readable in greyscale (shades and hatching, direct labels instead of colour keys). Labels
//! come from the [`Locale`], so the charts speak the reader's language.
//!
//! Hand-written rather than a plotting crate: five chart types of a few dozen elements each,
//! with exact control over bytes and accessibility, do not justify a dependency.

use std::fmt::Write;

use super::i18n::{Arg, Locale};
use crate::models::outcome::{Axis, Role};
use crate::scenario::monte_carlo::McOutputOut;
use crate::scenario::result::{LedgerView, SeriesView};

/// A chart: an id unique in its document, its title, and the SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// Text equivalent of the chart (the SVG's `<desc>`).
    pub description: String,
    /// A complete `<svg>` element.
    pub svg: String,
}

const W: f64 = 640.0;
const H: f64 = 300.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 44.0;
const BOTTOM: f64 = 56.0;

/// Shades readable in greyscale, darkest first.
const SHADES: [&str; 5] = ["#1b2a3a", "#55657a", "#8f9bab", "#c3cad3", "#e4e8ec"];
const INK: &str = "#1b2a3a";
const GRID: &str = "#d9dee4";

/// XML text escaping for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal (stable bytes).
fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Starts an SVG with its accessible name and description.
fn open(id: &str, title: &str, desc: &str, width: f64, height: f64) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">\n\
         <title id=\"{id}-title\">{t}</title>\n<desc id=\"{id}-desc\">{d}</desc>\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n\
         <text x=\"{x}\" y=\"22\" font-size=\"14\" font-weight=\"bold\" fill=\"{INK}\">{t}</text>\n",
        id = escape(id),
        w = c(width),
        h = c(height),
        t = escape(title),
        d = escape(desc),
        x = c(12.0),
    );
    s
}

fn text(s: &mut String, x: f64, y: f64, anchor: &str, body: &str) {
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>",
        c(x),
        c(y),
        escape(body)
    );
}

fn line(s: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, extra: &str) {
    let _ = writeln!(
        s,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"{extra}/>",
        c(x1),
        c(y1),
        c(x2),
        c(y2)
    );
}

fn rect(s: &mut String, x: f64, y: f64, w: f64, h: f64, fill: &str, label: &str) {
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"0.5\"><title>{}</title></rect>",
        c(x),
        c(y),
        c(w.max(0.0)),
        c(h.max(0.0)),
        escape(label)
    );
}

/// Hatch patterns so stacked segments differ without colour.
fn patterns(s: &mut String, id: &str) {
    let _ = writeln!(
        s,
        "<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{INK}\" stroke-width=\"2\"/></pattern></defs>"
    );
}

/// Round tick positions covering `lo..hi` (about five).
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).abs();
    if span == 0.0 || !span.is_finite() {
        return vec![lo];
    }
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 6.0)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut v = first;
    while v <= hi + step * 1e-9 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// A linear scale from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn new(d0: f64, d1: f64, p0: f64, p1: f64) -> Scale {
        let (d0, d1) = if d0 == d1 {
            (d0 - 1.0, d1 + 1.0)
        } else {
            (d0, d1)
        };
        Scale { d0, d1, p0, p1 }
    }
    fn at(&self, v: f64) -> f64 {
        self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// A vertical value axis with grid lines and its label (unit included).
fn y_axis(s: &mut String, y: Scale, l: &Locale, label: &str) {
    for t in ticks(y.d0.min(y.d1), y.d0.max(y.d1)) {
        let py = y.at(t);
        line(s, (LEFT, py), (W - RIGHT, py), GRID, "");
        text(s, LEFT - 6.0, py + 4.0, "end", &l.number(t, 3));
    }
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {})\" fill=\"{INK}\">{}</text>",
        c((TOP + H - BOTTOM) / 2.0),
        c((TOP + H - BOTTOM) / 2.0),
        escape(label)
    );
}

/// The histogram of an output's draws with P5, P50 and P95 marked.
pub fn histogram(id: &str, o: &McOutputOut, l: &Locale, name: &str) -> Chart {
    let unit = &o.unit;
    let title = l.format("chart-histogram-title", &[("output", name.into())]);
    let desc = l.format(
        "chart-histogram-desc",
        &[
            (
                "draws",
                Arg::Number(o.histogram.counts.iter().sum::<usize>() as f64),
            ),
            ("median", l.number_unit(o.p50, unit).into()),
            ("interval", l.interval(o.p5, o.p95, unit).into()),
        ],
    );
    let mut s = open(id, &title, &desc, W, H);
    let edges = &o.histogram.edges;
    let counts = &o.histogram.counts;
    let total: usize = counts.iter().sum::<usize>().max(1);
    let (lo, hi) = (
        edges.first().copied().unwrap_or(o.min),
        edges.last().copied().unwrap_or(o.max),
    );
    let pad = ((hi - lo).abs() * 0.04).max(o.p50.abs() * 0.01).max(1e-9);
    let x = Scale::new(lo - pad, hi + pad, LEFT, W - RIGHT);
    let peak = counts.iter().copied().max().unwrap_or(1) as f64 / total as f64 * 100.0;
    let y = Scale::new(0.0, peak * 1.15, H - BOTTOM, TOP);
    y_axis(&mut s, y, l, &l.text("chart-share-of-draws"));
    for (i, n) in counts.iter().enumerate() {
        let (a, b) = match (edges.get(i), edges.get(i + 1)) {
            (Some(a), Some(b)) => (*a, *b),
            _ => (o.min - pad / 2.0, o.max + pad / 2.0),
        };
        let share = *n as f64 / total as f64 * 100.0;
        let label = format!("{}: {} %", l.interval(a, b, unit), l.number(share, 2));
        rect(
            &mut s,
            x.at(a),
            y.at(share),
            x.at(b) - x.at(a),
            y.at(0.0) - y.at(share),
            SHADES[3],
            &label,
        );
    }
    for t in ticks(x.d0, x.d1) {
        text(
            &mut s,
            x.at(t),
            H - BOTTOM + 16.0,
            "middle",
            &l.number(t, 3),
        );
    }
    line(&mut s, (LEFT, H - BOTTOM), (W - RIGHT, H - BOTTOM), INK, "");
    for (v, key, dash, dy) in [
        (o.p5, "P5", " stroke-dasharray=\"5 3\"", 0.0),
        (o.p50, "P50", " stroke-width=\"2.5\"", 14.0),
        (o.p95, "P95", " stroke-dasharray=\"5 3\"", 0.0),
    ] {
        let px = x.at(v);
        line(&mut s, (px, TOP + 6.0), (px, H - BOTTOM), INK, dash);
        text(
            &mut s,
            px,
            TOP + 2.0 + dy,
            "middle",
            &format!("{key} {}", l.number(v, 3)),
        );
    }
    text(
        &mut s,
        (LEFT + W - RIGHT) / 2.0,
        H - 12.0,
        "middle",
        &format!("{name} ({unit})"),
    );
    s.push_str("</svg>\n");
    Chart {
        id: id.into(),
        title,
        description: desc,
        svg: s,
    }
}

/// What drives the spread of an output: the inputs ranked by |Spearman ρ| (at most eight).
pub fn tornado(id: &str, o: &McOutputOut, l: &Locale, name: &str) -> Chart {
    let items: Vec<_> = o.sensitivity.iter().take(8).collect();
    let title = l.format("chart-tornado-title", &[("output", name.into())]);
    let desc = {
        let top: Vec<String> = items
            .iter()
            .take(3)
            .map(|i| format!("{} (ρ = {})", i.name, l.number(i.rho, 2)))
            .collect();
        l.format("chart-tornado-desc", &[("drivers", top.join("; ").into())])
    };
    let row = 26.0;
    let height = TOP + 24.0 + row * items.len().max(1) as f64 + 40.0;
    let mut s = open(id, &title, &desc, W, height);
    let left = 250.0;
    let x = Scale::new(-1.0, 1.0, left, W - RIGHT - 40.0);
    let bottom = TOP + 16.0 + row * items.len().max(1) as f64;
    for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        line(&mut s, (x.at(t), TOP + 10.0), (x.at(t), bottom), GRID, "");
        text(&mut s, x.at(t), bottom + 16.0, "middle", &l.number(t, 2));
    }
    for (i, item) in items.iter().enumerate() {
        let y = TOP + 16.0 + row * i as f64;
        let name = truncate(&item.name, 38);
        text(&mut s, left - 8.0, y + row / 2.0 + 3.0, "end", &name);
        let (a, b) = (x.at(0.0_f64.min(item.rho)), x.at(0.0_f64.max(item.rho)));
        let fill = if item.rho >= 0.0 {
            SHADES[1]
        } else {
            SHADES[3]
        };
        let label = format!("{}: ρ = {}", item.name, l.number(item.rho, 2));
        rect(&mut s, a, y + 4.0, b - a, row - 8.0, fill, &label);
        let (tx, anchor) = if item.rho >= 0.0 {
            (b + 4.0, "start")
        } else {
            (a - 4.0, "end")
        };
        if item.rho < 0.0 && a - 4.0 < left + 30.0 {
            text(
                &mut s,
                b + 4.0,
                y + row / 2.0 + 3.0,
                "start",
                &l.number(item.rho, 2),
            );
        } else {
            text(
                &mut s,
                tx,
                y + row / 2.0 + 3.0,
                anchor,
                &l.number(item.rho, 2),
            );
        }
    }
    line(
        &mut s,
        (x.at(0.0), TOP + 10.0),
        (x.at(0.0), bottom),
        INK,
        "",
    );
    text(
        &mut s,
        x.at(0.0),
        bottom + 34.0,
        "middle",
        &l.text("chart-tornado-axis"),
    );
    s.push_str("</svg>\n");
    Chart {
        id: id.into(),
        title,
        description: desc,
        svg: s,
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Bars of a series along months (or crediting years): monthly energy, monthly insolation.
pub fn monthly_bars(id: &str, series: &SeriesView, l: &Locale, label: &str) -> Chart {
    let n = series.values.len();
    let names: Vec<String> = (0..n)
        .map(|i| match series.axis {
            Axis::Month => l.month_short(i % 12 + 1),
            _ => (i + 1).to_string(),
        })
        .collect();
    let total: f64 = series.values.iter().sum();
    let (imax, vmax) =
        series
            .values
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |a, (i, v)| if v > a.1 { (i, v) } else { a },
            );
    let title = label.to_string();
    let desc = l.format(
        "chart-bars-desc",
        &[
            ("total", l.number_unit(total, &series.unit).into()),
            ("peak", names.get(imax).cloned().unwrap_or_default().into()),
            (
                "peak_value",
                l.number_unit(vmax.max(0.0), &series.unit).into(),
            ),
        ],
    );
    let mut s = open(id, &title, &desc, W, H);
    let top = series.values.iter().copied().fold(0.0, f64::max);
    let bottom = series.values.iter().copied().fold(0.0, f64::min);
    let y = Scale::new(bottom, top * 1.12, H - BOTTOM, TOP);
    y_axis(&mut s, y, l, &series.unit);
    let slot = (W - LEFT - RIGHT) / n.max(1) as f64;
    for (i, v) in series.values.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + slot * 0.15;
        let (ya, yb) = (y.at(v.max(0.0)), y.at(v.min(0.0)));
        let tip = format!("{}: {}", names[i], l.number_unit(*v, &series.unit));
        rect(&mut s, x0, ya, slot * 0.7, yb - ya, SHADES[1], &tip);
        text(
            &mut s,
            x0 + slot * 0.35,
            H - BOTTOM + 16.0,
            "middle",
            &names[i],
        );
        if n <= 12 {
            text(
                &mut s,
                x0 + slot * 0.35,
                ya - 4.0,
                "middle",
                &l.number(*v, 3),
            );
        }
    }
    line(&mut s, (LEFT, y.at(0.0)), (W - RIGHT, y.at(0.0)), INK, "");
    let axis = match series.axis {
        Axis::Month => l.text("chart-axis-month"),
        Axis::CreditingYear => l.text("chart-axis-crediting-year"),
        Axis::Hour => l.text("chart-axis-hour"),
    };
    text(&mut s, (LEFT + W - RIGHT) / 2.0, H - 12.0, "middle", &axis);
    s.push_str("</svg>\n");
    Chart {
        id: id.into(),
        title,
        description: desc,
        svg: s,
    }
}

/// The totals of the four emission columns of a ledger (BE, PE, LE, ER), when present.
fn emission_totals(ledger: &LedgerView) -> Option<(f64, f64, f64, f64, String)> {
    let t = |k: &str| ledger.totals.get(k);
    let (be, pe, le, er) = (
        t("baseline")?,
        t("project")?,
        t("leakage")?,
        t("emission_reductions")?,
    );
    Some((be.value, pe.value, le.value, er.value, er.unit.clone()))
}

/// The waterfall BE → − PE → − LE → ER over a ledger's period.
pub fn waterfall(id: &str, ledger: &LedgerView, l: &Locale) -> Option<Chart> {
    let (be, pe, le, er, unit) = emission_totals(ledger)?;
    let title = l.text("chart-waterfall-title");
    let desc = l.format(
        "chart-waterfall-desc",
        &[
            ("be", l.number_unit(be, &unit).into()),
            ("pe", l.number_unit(pe, &unit).into()),
            ("le", l.number_unit(le, &unit).into()),
            ("er", l.number_unit(er, &unit).into()),
        ],
    );
    let mut s = open(id, &title, &desc, W, H);
    patterns(&mut s, id);
    let lo = [0.0, be, be - pe, er].into_iter().fold(0.0, f64::min);
    let hi = [0.0, be, be - pe, er].into_iter().fold(0.0, f64::max);
    let y = Scale::new(lo, hi * 1.12 + (hi == lo) as u8 as f64, H - BOTTOM, TOP);
    y_axis(&mut s, y, l, &unit);
    let steps = [
        (l.text("chart-be"), 0.0, be, SHADES[2].to_string(), be),
        (
            l.text("chart-pe"),
            be - pe,
            be,
            format!("url(#{id}-hatch)"),
            -pe,
        ),
        (
            l.text("chart-le"),
            be - pe - le,
            be - pe,
            SHADES[3].to_string(),
            -le,
        ),
        (l.text("chart-er"), 0.0, er, SHADES[0].to_string(), er),
    ];
    let slot = (W - LEFT - RIGHT) / 4.0;
    for (i, (name, a, b, fill, shown)) in steps.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + slot * 0.2;
        let (ya, yb) = (y.at(a.max(*b)), y.at(a.min(*b)));
        let tip = format!("{name}: {}", l.number_unit(*shown, &unit));
        rect(&mut s, x0, ya, slot * 0.6, (yb - ya).max(1.0), fill, &tip);
        text(
            &mut s,
            x0 + slot * 0.3,
            ya - 5.0,
            "middle",
            &l.number(*shown, 3),
        );
        text(&mut s, x0 + slot * 0.3, H - BOTTOM + 16.0, "middle", name);
        if i < 3 {
            let next = if i == 0 { be } else { steps[i].1 };
            line(
                &mut s,
                (x0 + slot * 0.6, y.at(next)),
                (x0 + slot, y.at(next)),
                SHADES[1],
                " stroke-dasharray=\"3 3\"",
            );
        }
    }
    line(&mut s, (LEFT, y.at(0.0)), (W - RIGHT, y.at(0.0)), INK, "");
    text(
        &mut s,
        (LEFT + W - RIGHT) / 2.0,
        H - 12.0,
        "middle",
        &l.text("chart-waterfall-axis"),
    );
    s.push_str("</svg>\n");
    Some(Chart {
        id: id.into(),
        title,
        description: desc,
        svg: s,
    })
}

/// The breakdown of BE or PE by source: the role's own CO2e columns when they add up to the
/// total (within 0.5 %), else the total alone.
fn breakdown(ledger: &LedgerView, role: Role, total_key: &str, l: &Locale) -> Vec<(String, f64)> {
    let Some(total) = ledger.totals.get(total_key) else {
        return Vec::new();
    };
    let parts: Vec<(String, f64)> = ledger
        .columns
        .iter()
        .filter(|c| c.role == role && c.additive && c.key != total_key && c.unit == total.unit)
        .filter_map(|c| {
            let v = ledger.totals.get(&c.key)?.value;
            (v != 0.0).then(|| (l.label(&format!("column-{}", c.key), &c.label), v))
        })
        .collect();
    let sum: f64 = parts.iter().map(|p| p.1).sum();
    if !parts.is_empty() && (sum - total.value).abs() <= 0.005 * total.value.abs().max(1e-9) {
        parts
    } else {
        vec![(l.text("chart-total"), total.value)]
    }
}

/// Baseline against project emissions over a ledger's period, each stacked by source; `None`
/// when neither has more than one source (nothing to break down).
pub fn stacked_sources(id: &str, ledger: &LedgerView, l: &Locale) -> Option<Chart> {
    let unit = ledger.totals.get("baseline")?.unit.clone();
    let bars = [
        (
            l.text("chart-be"),
            breakdown(ledger, Role::Baseline, "baseline", l),
        ),
        (
            l.text("chart-pe"),
            breakdown(ledger, Role::Project, "project", l),
        ),
    ];
    if bars.iter().all(|(_, parts)| parts.len() < 2) {
        return None;
    }
    let title = l.text("chart-stacked-title");
    let summary: Vec<String> = bars
        .iter()
        .map(|(name, parts)| {
            let items: Vec<String> = parts
                .iter()
                .map(|(p, v)| format!("{p} {}", l.number_unit(*v, &unit)))
                .collect();
            format!("{name}: {}", items.join(", "))
        })
        .collect();
    let desc = summary.join("; ");
    let legend_rows = bars.iter().map(|b| b.1.len()).max().unwrap_or(1);
    let height = H + 16.0 * legend_rows as f64;
    let mut s = open(id, &title, &desc, W, height);
    patterns(&mut s, id);
    let hi = bars
        .iter()
        .map(|(_, p)| p.iter().map(|x| x.1.max(0.0)).sum::<f64>())
        .fold(0.0, f64::max);
    let y = Scale::new(0.0, hi * 1.12, H - BOTTOM, TOP);
    y_axis(&mut s, y, l, &unit);
    let fills = |i: usize| match i {
        0 => SHADES[0].to_string(),
        1 => format!("url(#{id}-hatch)"),
        2 => SHADES[2].to_string(),
        3 => SHADES[4].to_string(),
        k => SHADES[(k - 3) % SHADES.len()].to_string(),
    };
    for (b, (name, parts)) in bars.iter().enumerate() {
        let x0 = LEFT + 40.0 + b as f64 * 160.0;
        let mut base = 0.0;
        for (i, (p, v)) in parts.iter().enumerate() {
            let v = v.max(0.0);
            let (ya, yb) = (y.at(base + v), y.at(base));
            let tip = format!("{name} · {p}: {}", l.number_unit(v, &unit));
            rect(&mut s, x0, ya, 100.0, yb - ya, &fills(i), &tip);
            base += v;
        }
        text(
            &mut s,
            x0 + 50.0,
            y.at(base) - 5.0,
            "middle",
            &l.number(base, 3),
        );
        text(&mut s, x0 + 50.0, H - BOTTOM + 16.0, "middle", name);
        // Direct labels: the legend of each bar beside the chart.
        for (i, (p, v)) in parts.iter().enumerate() {
            let ly = H - 20.0 + 16.0 * i as f64;
            let lx = 12.0 + b as f64 * 310.0;
            rect(&mut s, lx, ly - 10.0, 12.0, 12.0, &fills(i), p);
            text(
                &mut s,
                lx + 18.0,
                ly,
                "start",
                &truncate(&format!("{name}: {p} ({})", l.number_unit(*v, &unit)), 46),
            );
        }
    }
    line(&mut s, (LEFT, y.at(0.0)), (W - RIGHT, y.at(0.0)), INK, "");
    s.push_str("</svg>\n");
    Some(Chart {
        id: id.into(),
        title,
        description: desc,
        svg: s,
    })
}

/// A small locator: the project's coordinates on a latitude-longitude graticule (equator,
/// tropics, polar circles and the prime meridian), no map data needed.
pub fn locator(id: &str, latitude: f64, longitude: f64, l: &Locale, place: &str) -> Chart {
    let (w, h) = (180.0, 100.0);
    let title = l.format("chart-locator-title", &[("place", place.into())]);
    let desc = l.format(
        "chart-locator-desc",
        &[("coordinates", coordinates(latitude, longitude, l).into())],
    );
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"locator\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"9\">\n\
         <title id=\"{id}-title\">{t}</title>\n<desc id=\"{id}-desc\">{d}</desc>\n\
         <rect x=\"0.5\" y=\"0.5\" width=\"{w1}\" height=\"{h1}\" fill=\"#f4f6f8\" stroke=\"{INK}\"/>\n",
        id = escape(id),
        t = escape(&title),
        d = escape(&desc),
        w1 = c(w - 1.0),
        h1 = c(h - 1.0),
    );
    let px = |lon: f64| (lon + 180.0) / 360.0 * w;
    let py = |lat: f64| (90.0 - lat) / 180.0 * h;
    for lat in [66.56, 23.44, -23.44, -66.56] {
        line(
            &mut s,
            (0.0, py(lat)),
            (w, py(lat)),
            GRID,
            " stroke-dasharray=\"2 2\"",
        );
    }
    line(&mut s, (0.0, py(0.0)), (w, py(0.0)), SHADES[2], "");
    line(&mut s, (px(0.0), 0.0), (px(0.0), h), SHADES[2], "");
    let (x, y) = (px(longitude), py(latitude));
    let _ = writeln!(
        s,
        "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{INK}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
        c(x),
        c(y)
    );
    let anchor = if x > w / 2.0 { "end" } else { "start" };
    let dx = if x > w / 2.0 { -7.0 } else { 7.0 };
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>",
        c(x + dx),
        c((y + 3.0).clamp(10.0, h - 4.0)),
        escape(&coordinates(latitude, longitude, l))
    );
    s.push_str("</svg>\n");
    Chart {
        id: id.into(),
        title,
        description: desc,
        svg: s,
    }
}

/// `33.40° S, 70.73° W`.
pub fn coordinates(lat: f64, lon: f64, l: &Locale) -> String {
    let dms = |v: f64, pos: &str, neg: &str| {
        let n = format!("{:.2}", v.abs()).replace('.', l.decimal());
        format!("{n}° {}", if v >= 0.0 { l.text(pos) } else { l.text(neg) })
    };
    format!(
        "{}, {}",
        dms(lat, "compass-n", "compass-s"),
        dms(lon, "compass-e", "compass-w")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 100.0), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(-1.0, 1.0), vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert_eq!(ticks(5.0, 5.0), vec![5.0]);
    }

    #[test]
    fn coordinates_use_hemispheres() {
        let l = Locale::english();
        assert_eq!(coordinates(-33.4, -70.73, &l), "33.40° S, 70.73° W");
        assert_eq!(
            coordinates(-33.4, -70.73, &Locale::new("es")),
            "33,40° S, 70,73° O"
        );
    }

    #[test]
    fn escaping_keeps_markup_out() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
