//! Representations shared by several resources: parameter values, parameter specs with their
//! uncertainty, and cited sources resolved from the catalog. They only reshape catalog data
//! for JSON; no value is computed here.

use serde::Serialize;
use utoipa::ToSchema;

use crate::catalog::{
    Catalog, ParamKind, ParameterSpec, Provenance, Source, Uncertainty, UncertaintySpec,
    Value as CatalogValue,
};
use crate::units::{Dimension, QuantityValue};

/// A parameter value: a quantity `{value, unit}`, a choice or a date as text
/// (`"perez"`, `"2024-03-01"`), or a year (`2030`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ParamValue {
    /// A quantity in the unit it was written in.
    Quantity(QuantityValue),
    /// A choice, or a date as `YYYY-MM-DD`.
    Text(String),
    /// A calendar year.
    Year(i32),
}

impl From<&CatalogValue> for ParamValue {
    fn from(v: &CatalogValue) -> Self {
        match v {
            CatalogValue::Quantity(a) => ParamValue::Quantity(a.shown.clone()),
            CatalogValue::Choice(c) => ParamValue::Text(c.clone()),
            CatalogValue::Year(y) => ParamValue::Year(*y),
            CatalogValue::Date(d) => ParamValue::Text(d.to_string()),
        }
    }
}

fn value(v: &Option<CatalogValue>) -> Option<ParamValue> {
    v.as_ref().map(ParamValue::from)
}

/// The kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamKindView {
    /// A physical quantity of one dimension (see `dimension`).
    Quantity,
    /// One of `choices`.
    Choice,
    /// A calendar year.
    Year,
    /// A calendar date.
    Date,
}

/// The shape of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    Normal,
    Lognormal,
    Triangular,
    Uniform,
    Pert,
    Discrete,
}

/// A parameter's uncertainty as used by the Monte Carlo. Which fields are present depends on
/// the distribution: `normal` (`mean` or the value in use, `sd` or `relative_sd`),
/// `lognormal` (`gm` or the value in use, `gsd`), `triangular`/`pert` (`min`, `mode`, `max`),
/// `uniform` (`min`, `max`), `discrete` (`values`, `weights`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct UncertaintyView {
    pub distribution: Distribution,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<ParamValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd: Option<ParamValue>,
    /// Standard deviation as a fraction of the value in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_sd: Option<f64>,
    /// Geometric mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gm: Option<ParamValue>,
    /// Geometric standard deviation (≥ 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gsd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<ParamValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ParamValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<ParamValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<ParamValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
    /// Physical lower bound (draws are truncated to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower: Option<ParamValue>,
    /// Physical upper bound (draws are truncated to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<ParamValue>,
    /// Ids of the sources of the spread (see `sources` of the enclosing resource).
    pub sources: Vec<String>,
    /// Why the spread was assumed, if it is an assumption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// What the spread represents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl From<&Uncertainty> for UncertaintyView {
    fn from(u: &Uncertainty) -> Self {
        let mut v = UncertaintyView {
            distribution: Distribution::Normal,
            mean: None,
            sd: None,
            relative_sd: None,
            gm: None,
            gsd: None,
            min: None,
            mode: None,
            max: None,
            values: None,
            weights: None,
            lower: value(&u.lower),
            upper: value(&u.upper),
            sources: u.provenance.sources.clone(),
            assumption: u.provenance.assumption.clone(),
            note: u.note.clone(),
        };
        match &u.spec {
            UncertaintySpec::Normal {
                mean,
                sd,
                relative_sd,
            } => {
                v.mean = value(mean);
                v.sd = value(sd);
                v.relative_sd = *relative_sd;
            }
            UncertaintySpec::Lognormal { gm, gsd } => {
                v.distribution = Distribution::Lognormal;
                v.gm = value(gm);
                v.gsd = Some(*gsd);
            }
            UncertaintySpec::Triangular { min, mode, max } => {
                v.distribution = Distribution::Triangular;
                (v.min, v.mode, v.max) = (Some(min.into()), Some(mode.into()), Some(max.into()));
            }
            UncertaintySpec::Pert { min, mode, max } => {
                v.distribution = Distribution::Pert;
                (v.min, v.mode, v.max) = (Some(min.into()), Some(mode.into()), Some(max.into()));
            }
            UncertaintySpec::Uniform { min, max } => {
                v.distribution = Distribution::Uniform;
                (v.min, v.max) = (Some(min.into()), Some(max.into()));
            }
            UncertaintySpec::Discrete { values, weights } => {
                v.distribution = Distribution::Discrete;
                v.values = Some(values.iter().map(ParamValue::from).collect());
                v.weights = Some(weights.clone());
            }
        }
        v
    }
}

/// A model parameter: what it is, what it accepts, its default and where that comes from.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ParameterView {
    /// The key used in overrides (`parameters` of a scenario).
    pub key: String,
    pub name: String,
    /// What it means and how it enters the model.
    pub description: String,
    pub kind: ParamKindView,
    /// The dimension of a quantity parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// The accepted symbols of a quantity parameter (see `GET /v1/units`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<Vec<String>>,
    /// The values of a choice parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
    /// What an override looks like, e.g. `a power such as "kW" or "MW"`.
    pub accepts: String,
    /// The default; absent when the model derives the value (see `derived`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<ParamValue>,
    /// How the model derives the value when it is not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// Smallest accepted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<ParamValue>,
    /// Largest accepted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<ParamValue>,
    /// The spread used in the Monte Carlo, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<UncertaintyView>,
    /// Ids of the sources of the default (see `sources` of the model).
    pub sources: Vec<String>,
    /// Why the default was assumed, if it is an assumption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

impl From<&ParameterSpec> for ParameterView {
    fn from(p: &ParameterSpec) -> Self {
        let (kind, dimension, choices) = match &p.kind {
            ParamKind::Quantity { dimension } => (ParamKindView::Quantity, Some(*dimension), None),
            ParamKind::Choice { choices } => (ParamKindView::Choice, None, Some(choices.clone())),
            ParamKind::Year => (ParamKindView::Year, None, None),
            ParamKind::Date => (ParamKindView::Date, None, None),
        };
        ParameterView {
            key: p.key.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            kind,
            dimension,
            units: dimension.map(|d| d.units().map(|u| u.symbol.to_string()).collect()),
            choices,
            accepts: p.kind.describe(),
            default: value(&p.default),
            derived: p.derived.clone(),
            min: value(&p.min),
            max: value(&p.max),
            uncertainty: p.uncertainty.as_ref().map(UncertaintyView::from),
            sources: p.provenance.sources.clone(),
            assumption: p.provenance.assumption.clone(),
        }
    }
}

/// Collects source ids in first-cited order, without repeats.
#[derive(Debug, Default)]
pub struct Citations(Vec<String>);

impl Citations {
    /// Adds ids.
    pub fn add(&mut self, ids: &[String]) {
        for id in ids {
            if !self.0.contains(id) {
                self.0.push(id.clone());
            }
        }
    }

    /// Adds the sources of a provenance.
    pub fn provenance(&mut self, p: &Provenance) {
        self.add(&p.sources);
    }

    /// Adds the sources of a parameter, its uncertainty included.
    pub fn parameter(&mut self, p: &ParameterSpec) {
        self.provenance(&p.provenance);
        if let Some(u) = &p.uncertainty {
            self.provenance(&u.provenance);
        }
    }

    /// The cited sources, resolved from the catalog.
    pub fn resolve(&self, catalog: &Catalog) -> Vec<Source> {
        self.0
            .iter()
            .filter_map(|id| catalog.sources.get(id).cloned())
            .collect()
    }
}
