//! The page's charts: small, deterministic inline SVG (the same data gives the same bytes),
//! no script, readable without colour (values in each bar's title and in the tables next to
//! them). The page calls only [`yearly`] and [`drivers`], so another chart engine (the
//! impact sheets' charts) can replace them here.

use maud::{Markup, html};

use crate::models::outcome::Role;
use crate::scenario::monte_carlo::SensitivityOut;
use crate::scenario::result::LedgerView;
use crate::units::format_readable;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// A step of 1, 2, 2.5 or 5 times a power of ten, so that about `ticks` steps cover `span`.
pub fn nice_step(span: f64, ticks: f64) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / ticks;
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 2.5 {
        2.5
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A number for an SVG attribute: one decimal, so the output does not depend on float noise.
fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// Emission reductions by crediting year as bars; `None` when the table has no emission
/// reduction column.
pub fn yearly(l: &LedgerView, caption_id: &str) -> Option<Markup> {
    let col = l
        .columns
        .iter()
        .find(|c| c.role == Role::EmissionReduction)?;
    let bars: Vec<(String, f64, f64)> = l
        .rows
        .iter()
        .map(|r| {
            let v = r.values.get(&col.key).map_or(0.0, |q| q.value);
            (r.start.get(..4).unwrap_or("").to_string(), v, r.fraction)
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let lo = bars.iter().map(|b| b.1).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| b.1).fold(0.0, f64::max);
    let step = nice_step(hi - lo, 4.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let hi = if hi == lo { lo + step } else { hi };
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * plot_h;
    let slot = (WIDTH - LEFT - RIGHT) / bars.len() as f64;
    let bar_w = (slot * 0.7).min(48.0);
    let ticks: Vec<f64> = (0..=((hi - lo) / step).round() as i64)
        .map(|i| lo + i as f64 * step)
        .collect();
    // Label every year when they fit, else every few.
    let every = ((bars.len() as f64 * 34.0) / (WIDTH - LEFT - RIGHT)).ceil().max(1.0) as usize;
    let first = bars.first().map(|b| b.1).unwrap_or(0.0);
    let last = bars.last().map(|b| b.1).unwrap_or(0.0);
    let summary = format!(
        "{} by crediting year, {} bars, from {} to {} {}; the table of crediting years gives every value.",
        col.label,
        bars.len(),
        format_readable(first, 4),
        format_readable(last, 4),
        col.unit
    );
    Some(html! {
        svg class="chart" viewBox={"0 0 " (n(WIDTH)) " " (n(HEIGHT))} role="img"
            aria-labelledby={(caption_id) " " (caption_id) "-desc"} preserveAspectRatio="xMidYMid meet" {
            title id=(caption_id) { (col.label) " by crediting year (" (col.unit) ")" }
            desc id={(caption_id) "-desc"} { (summary) }
            @for t in &ticks {
                line class="grid" x1=(n(LEFT)) x2=(n(WIDTH - RIGHT)) y1=(n(y(*t))) y2=(n(y(*t))) {}
                text class="tick" x=(n(LEFT - 6.0)) y=(n(y(*t) + 4.0)) text-anchor="end" {
                    (format_readable(*t, 4))
                }
            }
            text class="unit" x=(n(4.0)) y=(n(TOP - 4.0)) { (col.unit) }
            @for (i, (year, v, fraction)) in bars.iter().enumerate() {
                @let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
                @let (top, bottom) = (y(v.max(0.0)), y(v.min(0.0)));
                rect.bar.part[*fraction < 0.999].negative[*v < 0.0]
                    x=(n(x)) y=(n(top)) width=(n(bar_w)) height=(n((bottom - top).max(0.5))) {
                    title {
                        "Year " (i + 1) " (from " (year) "): " (format_readable(*v, 4)) " " (col.unit)
                        @if *fraction < 0.999 { " (part year, " (format_readable(fraction * 100.0, 3)) " %)" }
                    }
                }
                @if i % every == 0 {
                    text class="tick" x=(n(x + bar_w / 2.0)) y=(n(HEIGHT - BOTTOM + 16.0)) text-anchor="middle" { (year) }
                }
            }
            line class="axis" x1=(n(LEFT)) x2=(n(WIDTH - RIGHT)) y1=(n(y(0.0))) y2=(n(y(0.0))) {}
            text class="tick" x=(n(LEFT + (WIDTH - LEFT - RIGHT) / 2.0)) y=(n(HEIGHT - 6.0)) text-anchor="middle" {
                "crediting year, by the calendar year it starts in"
            }
        }
    })
}

/// What drives the spread: each input's rank correlation with the output, as bars either
/// side of zero.
pub fn drivers(sensitivity: &[SensitivityOut], caption_id: &str) -> Option<Markup> {
    let rows: Vec<&SensitivityOut> = sensitivity.iter().take(6).collect();
    if rows.is_empty() {
        return None;
    }
    let row_h = 26.0;
    let label_w = 250.0;
    let height = TOP + row_h * rows.len() as f64 + 20.0;
    let mid = label_w + (WIDTH - label_w - RIGHT - 60.0) / 2.0;
    let half = (WIDTH - label_w - RIGHT - 60.0) / 2.0;
    Some(html! {
        svg class="chart drivers" viewBox={"0 0 " (n(WIDTH)) " " (n(height))} role="img"
            aria-labelledby=(caption_id) preserveAspectRatio="xMidYMid meet" {
            title id=(caption_id) { "Rank correlation (Spearman ρ) of each uncertain input with the result" }
            line class="axis" x1=(n(mid)) x2=(n(mid)) y1=(n(TOP - 6.0)) y2=(n(height - 18.0)) {}
            @for (i, s) in rows.iter().enumerate() {
                @let yy = TOP + row_h * i as f64;
                @let w = s.rho.abs().min(1.0) * half;
                @let x = if s.rho < 0.0 { mid - w } else { mid };
                text class="label" x=(n(label_w - 8.0)) y=(n(yy + 15.0)) text-anchor="end" {
                    (truncate(&s.name, 36))
                }
                rect.bar.negative[s.rho < 0.0] x=(n(x)) y=(n(yy + 3.0))
                    width=(n(w.max(0.5))) height=(n(row_h - 8.0)) {
                    title { (s.name) ": ρ " (format!("{:+.2}", s.rho)) ", " (format!("{:.0}", s.share * 100.0)) " % of Σρ²" }
                }
                text class="tick" x=(n(WIDTH - RIGHT)) y=(n(yy + 15.0)) text-anchor="end" {
                    (format!("{:+.2}", s.rho))
                }
            }
            text class="tick" x=(n(mid - half)) y=(n(height - 4.0)) text-anchor="start" { "−1" }
            text class="tick" x=(n(mid)) y=(n(height - 4.0)) text-anchor="middle" { "0" }
            text class="tick" x=(n(mid + half)) y=(n(height - 4.0)) text-anchor="end" { "+1" }
        }
    })
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(5060.0, 4.0), 2000.0);
        assert_eq!(nice_step(900.0, 4.0), 250.0);
        assert_eq!(nice_step(1.0, 4.0), 0.25);
        assert_eq!(nice_step(0.0, 4.0), 1.0);
    }

    #[test]
    fn the_yearly_chart_is_deterministic_and_has_a_bar_per_year() {
        let c = crate::catalog::Catalog::embedded().unwrap();
        let req = crate::scenario::ScenarioRequest {
            project: crate::scenario::request::ProjectRef::Id("badung-compost".into()),
            parameters: Default::default(),
            options: Default::default(),
        };
        let e = crate::scenario::estimate(&c, &req).unwrap();
        let a = yearly(&e.outcome.crediting, "c").unwrap().into_string();
        let b = yearly(&e.outcome.crediting, "c").unwrap().into_string();
        assert_eq!(a, b);
        assert_eq!(a.matches("<rect").count(), e.outcome.crediting.rows.len());
        assert!(!a.contains("NaN"));
    }
}
