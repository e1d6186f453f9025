//! Reference datasets: GWP sets (`models/gwp.toml`) and grid emission factors
//! (`models/grid-factors.toml`).

use serde::{Deserialize, Serialize};

use super::Problems;
use super::model::Provenance;
use super::value::{Amount, toml_to_input};
use crate::units::ghg::{GwpSet, GwpSetId};
use crate::units::{Dimension, Ratio};

/// A named GWP set as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GwpEntry {
    pub id: GwpSetId,
    pub name: String,
    /// GWP-100 of (non-fossil) methane.
    pub ch4: f64,
    /// GWP-100 of nitrous oxide.
    pub n2o: f64,
    /// For rule-based sets: the sets whose per-gas minimum is taken.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lowest_of: Vec<GwpSetId>,
    /// Where this set is required or used.
    pub usage: String,
    #[serde(flatten)]
    pub provenance: Provenance,
}

impl GwpEntry {
    /// The typed set used in computations.
    pub fn set(&self) -> GwpSet {
        use uom::si::ratio::ratio;
        GwpSet::new(
            self.id,
            Ratio::new::<ratio>(self.ch4),
            Ratio::new::<ratio>(self.n2o),
        )
    }
}

/// What a grid emission factor measures. They are different quantities and never mixed
/// silently: an average intensity is not the marginal factor a project displaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    /// Generation-weighted average intensity of all generation.
    Average,
    /// CDM TOOL07 operating margin.
    OperatingMargin,
    /// CDM TOOL07 build margin.
    BuildMargin,
    /// CDM TOOL07 combined margin.
    CombinedMargin,
    /// A conservative default fixed by a JCM methodology or its country annex.
    JcmDefault,
    /// Implied by a project's published figures (a derived cross-check value).
    Implied,
}

impl FactorKind {
    /// What the factor is, in words.
    pub fn describe(self) -> &'static str {
        match self {
            FactorKind::Average => "average intensity of all generation",
            FactorKind::OperatingMargin => "operating margin (CDM TOOL07)",
            FactorKind::BuildMargin => "build margin (CDM TOOL07)",
            FactorKind::CombinedMargin => "combined margin (CDM TOOL07)",
            FactorKind::JcmDefault => "JCM methodology default",
            FactorKind::Implied => "implied by a project's published figures",
        }
    }
}

/// One grid emission factor for a grid and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridFactor {
    /// Unique id of this value.
    pub id: String,
    /// Id of the series this value belongs to (same grid, kind and source, several years).
    pub series: String,
    pub country: String,
    pub grid: String,
    /// The year the factor applies to.
    pub year: i32,
    pub kind: FactorKind,
    /// What is counted: e.g. "combustion CO2" or "life-cycle CO2e".
    pub basis: String,
    pub value: Amount,
    /// Licence of the data.
    pub licence: String,
    /// One-sigma relative uncertainty, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_sd: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGwp {
    pub id: String,
    pub name: String,
    pub ch4: Option<f64>,
    pub n2o: Option<f64>,
    #[serde(default)]
    pub lowest_of: Vec<String>,
    pub usage: String,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGridFactor {
    pub id: String,
    pub series: String,
    pub country: String,
    pub grid: String,
    pub year: i32,
    pub kind: FactorKind,
    pub basis: String,
    pub value: toml::Value,
    pub licence: String,
    pub relative_sd: Option<toml::Value>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
}

/// Reads GWP sets; rule-based sets (`lowest_of`) are resolved after all listed sets are read.
pub(crate) fn build_gwp(raw: Vec<RawGwp>, problems: &mut Problems) -> Vec<GwpEntry> {
    let mut out: Vec<GwpEntry> = Vec::new();
    let mut rules = Vec::new();
    for g in raw {
        let key = format!("gwp_sets.{}", g.id);
        let Some(id) = GwpSetId::parse(&g.id) else {
            let known: Vec<&str> = GwpSetId::ALL.iter().map(|i| i.as_str()).collect();
            problems.push(
                &key,
                &format!("unknown GWP set id; expected one of {}", known.join(", ")),
            );
            continue;
        };
        let provenance = Provenance {
            sources: g.sources,
            assumption: g.assumption,
        };
        provenance.check(problems, &key);
        let entry = GwpEntry {
            id,
            name: g.name,
            ch4: g.ch4.unwrap_or(f64::NAN),
            n2o: g.n2o.unwrap_or(f64::NAN),
            lowest_of: Vec::new(),
            usage: g.usage,
            provenance,
        };
        if g.lowest_of.is_empty() {
            match (g.ch4, g.n2o) {
                (Some(c), Some(n)) if c > 0.0 && n > 0.0 && c.is_finite() && n.is_finite() => {
                    out.push(entry)
                }
                _ => problems.push(
                    &key,
                    "needs positive `ch4` and `n2o` values (or a `lowest_of` rule)",
                ),
            }
        } else {
            rules.push((key, entry, g.lowest_of));
        }
    }
    for (key, mut entry, members) in rules {
        let mut sets = Vec::new();
        for m in &members {
            match GwpSetId::parse(m).and_then(|id| out.iter().find(|e| e.id == id)) {
                Some(e) => sets.push(e.set()),
                None => problems.push(
                    &format!("{key}.lowest_of"),
                    &format!("names unknown set \"{m}\""),
                ),
            }
        }
        if let Some(lowest) = GwpSet::lowest_of(&sets) {
            use uom::si::ratio::ratio;
            entry.ch4 = lowest.ch4.get::<ratio>();
            entry.n2o = lowest.n2o.get::<ratio>();
            entry.lowest_of = members.iter().filter_map(|m| GwpSetId::parse(m)).collect();
            out.push(entry);
        }
    }
    out
}

/// Reads grid emission factors.
pub(crate) fn build_grid_factors(
    raw: Vec<RawGridFactor>,
    problems: &mut Problems,
) -> Vec<GridFactor> {
    use std::collections::{HashMap, HashSet};
    let mut out: Vec<GridFactor> = Vec::new();
    if raw.len() > super::MAX_GRID_FACTORS {
        problems.push(
            "grid_factors",
            &format!(
                "has {} rows; a file holds at most {}",
                raw.len(),
                super::MAX_GRID_FACTORS
            ),
        );
        return out;
    }
    // Hashed look-ups: a file of tens of thousands of rows is checked in linear time.
    let mut ids: HashSet<String> = HashSet::new();
    for f in raw {
        let key = format!("grid_factors.{}", f.id);
        if !ids.insert(f.id.clone()) {
            problems.push(&key, "is defined twice");
            continue;
        }
        let value = match toml_to_input(&f.value)
            .and_then(|i| Amount::read(&i, Dimension::EmissionIntensity))
        {
            Ok(v) if v.si >= 0.0 => v,
            Ok(_) => {
                problems.push(&format!("{key}.value"), "must not be negative");
                continue;
            }
            Err(e) => {
                problems.push(&format!("{key}.value"), &e);
                continue;
            }
        };
        let relative_sd = f.relative_sd.as_ref().and_then(|v| {
            match toml_to_input(v).and_then(|i| Amount::read(&i, Dimension::Ratio)) {
                Ok(a) => Some(a),
                Err(e) => {
                    problems.push(&format!("{key}.relative_sd"), &e);
                    None
                }
            }
        });
        let provenance = Provenance {
            sources: f.sources,
            assumption: f.assumption,
        };
        provenance.check(problems, &key);
        out.push(GridFactor {
            id: f.id,
            series: f.series,
            country: f.country,
            grid: f.grid,
            year: f.year,
            kind: f.kind,
            basis: f.basis,
            value,
            licence: f.licence,
            relative_sd,
            note: f.note,
            provenance,
        });
    }
    // A series has one value per year (two would make that year's factor ambiguous), and
    // is one quantity over time: it must not mix kinds or grids.
    let mut years: HashMap<(&str, i32), &str> = HashMap::new();
    let mut series: HashMap<&str, &GridFactor> = HashMap::new();
    let mut mixed = false;
    for f in &out {
        if let Some(first) = years.insert((f.series.as_str(), f.year), f.id.as_str()) {
            problems.push(
                &format!("grid_factors.{}.year", f.id),
                &format!(
                    "series \"{}\" already has a value for {} (\"{first}\"); give each year once",
                    f.series, f.year
                ),
            );
        }
        let head = *series.entry(f.series.as_str()).or_insert(f);
        if !mixed && (head.kind != f.kind || head.grid != f.grid) {
            mixed = true;
            problems.push(
                &format!("grid_factors.{}", head.id),
                &format!(
                    "series \"{}\" mixes kinds or grids with \"{}\"",
                    f.series, f.id
                ),
            );
        }
    }
    out
}
