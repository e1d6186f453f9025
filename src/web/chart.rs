//! The page's charts, drawn by the impact sheets' chart module ([`crate::sheets::charts`]):
//! deterministic, accessible SVG (`role="img"`, a title and a description stating the
//! numbers) from the one outcome schema. The page calls only these three functions, so the
//! charts can change here without touching the page.

use maud::{Markup, PreEscaped};

use crate::models::outcome::{Axis, Role};
use crate::scenario::monte_carlo::McOutputOut;
use crate::scenario::result::{LedgerView, SeriesView};
use crate::sheets::Locale;
use crate::sheets::charts;

/// Emission reductions by crediting year as bars; `None` when the table has no emission
/// reduction column.
pub fn yearly(l: &LedgerView, id: &str) -> Option<Markup> {
    let col = l
        .columns
        .iter()
        .find(|c| c.role == Role::EmissionReduction)?;
    if l.rows.is_empty() {
        return None;
    }
    let series = SeriesView {
        key: col.key.clone(),
        label: col.label.clone(),
        axis: Axis::CreditingYear,
        unit: col.unit.clone(),
        values: l
            .rows
            .iter()
            .map(|r| r.values.get(&col.key).map_or(0.0, |q| q.value))
            .collect(),
    };
    let title = format!("{} by crediting year", col.label);
    Some(PreEscaped(
        charts::monthly_bars(id, &series, &Locale::english(), &title).svg,
    ))
}

/// The distribution of an output over the Monte Carlo draws, P5, P50 and P95 marked.
pub fn distribution(o: &McOutputOut, id: &str) -> Markup {
    PreEscaped(charts::histogram(id, o, &Locale::english(), &o.name).svg)
}

/// What drives the spread of an output: inputs ranked by their rank correlation with it.
pub fn drivers(o: &McOutputOut, id: &str) -> Option<Markup> {
    (!o.sensitivity.is_empty())
        .then(|| PreEscaped(charts::tornado(id, o, &Locale::english(), &o.name).svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yearly_chart_has_a_bar_per_crediting_year() {
        let c = crate::catalog::Catalog::embedded().unwrap();
        let req = crate::scenario::ScenarioRequest {
            project: crate::scenario::request::ProjectRef::Id("badung-compost".into()),
            parameters: Default::default(),
            options: Default::default(),
        };
        let e = crate::scenario::estimate(&c, &req).unwrap();
        let a = yearly(&e.outcome.crediting, "c").unwrap().into_string();
        assert_eq!(a, yearly(&e.outcome.crediting, "c").unwrap().into_string());
        // One bar per year, after the chart's white background.
        assert_eq!(
            a.matches("<rect").count(),
            e.outcome.crediting.rows.len() + 1,
            "{a}"
        );
        assert!(a.contains("role=\"img\"") && !a.contains("NaN"));
    }
}
