//! What an estimate returns: every input as used with its source, the outcome in readable
//! units (`{value, unit}`), the per-year tables, warnings, and the dataset and model versions.
//! One shape for every model.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::resolve::Input;
use crate::catalog::{FactorKind, Provenance, Source};
use crate::models::crediting::{CreditingPeriod, GridFactor, Ledger};
use crate::models::outcome::{Axis, Outcome, Role};
use crate::units::QuantityValue;
use crate::units::ghg::GwpSetId;

/// An evaluated scenario.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Estimate {
    /// The project evaluated.
    pub project: ProjectSummary,
    /// The model and its version.
    pub model: ModelVersion,
    /// Version (content hash) of the data catalog used.
    pub dataset_version: String,
    /// Options as used.
    pub options: OptionsUsed,
    /// Every model parameter as used, with where its value comes from.
    pub inputs: Vec<Input>,
    /// The results, in the shape every model shares.
    pub outcome: OutcomeView,
    /// The Monte Carlo summary, when requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<super::monte_carlo::UncertaintyResult>,
    /// What the reader should know: assumptions that matter, values held beyond data.
    pub warnings: Vec<String>,
    /// Every source cited by the inputs, options and method.
    pub sources: Vec<Source>,
}

/// Which project an estimate is for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectSummary {
    /// The documented project's id; absent for inline projects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// Where it is, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationView>,
}

/// A project's place.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationView {
    /// Place name, when documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2 country code, when documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub latitude: QuantityValue,
    pub longitude: QuantityValue,
}

/// Model id and version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModelVersion {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// Options as used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OptionsUsed {
    pub crediting_period: CreditingPeriod,
    /// The plant life for the lifetime view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<CreditingPeriod>,
    pub gwp: GwpUsed,
    /// The grid emission factor, when the model uses one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid_factor: Option<GridFactorView>,
}

/// The GWP set used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GwpUsed {
    pub id: GwpSetId,
    pub name: String,
    /// GWP-100 of CH4.
    pub ch4: f64,
    /// GWP-100 of N2O.
    pub n2o: f64,
}

/// A grid emission factor as used. Published as `GridFactorUsed`: `GridFactorView` is the
/// dataset row of `GET /v1/datasets/grid-factors`, and one name for both made the document
/// describe estimates with the dataset row's schema.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = GridFactorUsed)]
pub struct GridFactorView {
    /// A dataset series id, or how the request gave it (`constant`, `trajectory`,
    /// `combined_margin`).
    pub label: String,
    /// What the factor measures, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<FactorKind>,
    /// What is counted (combustion CO2, life-cycle CO2e ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Given values by calendar year; linear between them, held outside them.
    pub points: Vec<GridPointView>,
    /// One-sigma relative uncertainty (a systematic error of the series), where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_sd: Option<QuantityValue>,
    #[serde(flatten)]
    pub provenance: Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One given value of a grid factor.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GridPointView {
    pub year: i32,
    pub value: QuantityValue,
}

impl From<&GridFactor> for GridFactorView {
    fn from(g: &GridFactor) -> Self {
        GridFactorView {
            label: g.label.clone(),
            kind: g.kind,
            basis: g.basis.clone(),
            points: g
                .points_out()
                .into_iter()
                .map(|(year, value)| GridPointView { year, value })
                .collect(),
            relative_sd: g.relative_sd.map(QuantityValue::of),
            provenance: g.provenance.clone(),
            note: g.note.clone(),
        }
    }
}

/// The outcome of a model, in readable units.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutcomeView {
    /// Key figures, most important first.
    pub headline: Vec<FigureView>,
    /// One row per crediting year.
    pub crediting: LedgerView,
    /// One row per year of the plant life, when a lifetime is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<LedgerView>,
    /// Named series for charts.
    pub series: Vec<SeriesView>,
    /// How the figures were obtained.
    pub notes: Vec<String>,
}

/// A headline figure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FigureView {
    pub key: String,
    pub label: String,
    pub role: Role,
    pub value: QuantityValue,
}

/// A column of a period table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ColumnView {
    pub key: String,
    pub label: String,
    pub role: Role,
    /// The unit of its values.
    pub unit: String,
    /// Summed in the totals (and scaled in a part-year).
    pub additive: bool,
}

/// One period (crediting year) of a table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowView {
    /// 1 for the first year.
    pub year: u32,
    /// First day.
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
    /// Calendar year the grid factor is taken for (the middle of the period).
    pub calendar_year: i32,
    /// Share of a full year (the last may be shorter).
    pub fraction: f64,
    /// The values by column key.
    pub values: BTreeMap<String, QuantityValue>,
}

/// A per-period table: `columns` in order, one row per period, totals of additive columns.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerView {
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    /// Sums of the additive columns, by key.
    pub totals: BTreeMap<String, QuantityValue>,
    /// Length of the period.
    pub years: QuantityValue,
}

/// A series for a chart: values in one unit along an axis.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesView {
    pub key: String,
    pub label: String,
    pub axis: Axis,
    pub unit: String,
    pub values: Vec<f64>,
}

impl From<&Ledger> for LedgerView {
    fn from(l: &Ledger) -> Self {
        let columns = l
            .columns
            .iter()
            .map(|c| ColumnView {
                key: c.key.into(),
                label: c.label.into(),
                role: c.role,
                unit: c.dimension.display_unit().symbol.into(),
                additive: c.additive,
            })
            .collect();
        let rows = l
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| RowView {
                year: p.index + 1,
                start: p.start.to_string(),
                end: p.end.to_string(),
                calendar_year: p.calendar_year,
                fraction: p.fraction.get::<uom::si::ratio::ratio>(),
                values: l
                    .columns
                    .iter()
                    .zip(l.row(i))
                    .map(|(c, v)| (c.key.to_string(), v.display()))
                    .collect(),
            })
            .collect();
        let totals = l
            .columns
            .iter()
            .zip(&l.totals)
            .filter_map(|(c, t)| t.map(|t| (c.key.to_string(), t.display())))
            .collect();
        let length: crate::units::Time = l
            .periods
            .iter()
            .map(|p| p.fraction.get::<uom::si::ratio::ratio>())
            .sum::<f64>()
            * crate::units::Time::new::<uom::si::time::year>(1.0);
        LedgerView {
            columns,
            rows,
            totals,
            years: QuantityValue::of(length),
        }
    }
}

impl From<&Outcome> for OutcomeView {
    fn from(o: &Outcome) -> Self {
        OutcomeView {
            headline: o
                .headline
                .iter()
                .map(|f| FigureView {
                    key: f.key.into(),
                    label: f.label.to_string(),
                    role: f.role,
                    value: f.value.display(),
                })
                .collect(),
            crediting: (&o.crediting).into(),
            lifetime: o.lifetime.as_ref().map(Into::into),
            series: o
                .series
                .iter()
                .map(|s| {
                    let unit = s
                        .values
                        .first()
                        .map(|v| v.display().unit)
                        .unwrap_or_default();
                    SeriesView {
                        key: s.key.into(),
                        label: s.label.to_string(),
                        axis: s.axis.clone(),
                        unit,
                        values: s.values.iter().map(|v| v.display_number()).collect(),
                    }
                })
                .collect(),
            notes: o.notes.clone(),
        }
    }
}

impl OutcomeView {
    /// A headline figure by key.
    pub fn figure(&self, key: &str) -> Option<&QuantityValue> {
        self.headline
            .iter()
            .find(|f| f.key == key)
            .map(|f| &f.value)
    }
}
