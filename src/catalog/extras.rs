//! Reference data for readers rather than for models: local equivalencies (what a result
//! means in the project's own country) and city-to-city programmes (which projects belong
//! together in a portfolio). Versioned in `models/` like every factor, each entry cited.

use serde::{Deserialize, Serialize};

use super::Problems;
use super::model::Provenance;
use super::value::Amount;
use crate::units::{Dimension, QuantityInput};

/// What an equivalency compares a result with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EquivalencyKind {
    /// A resident's annual greenhouse-gas emissions (CO2e per person and year): compared with
    /// the emission reductions of an average crediting year.
    PerCapitaEmissions,
    /// A household's annual electricity use (energy per household and year): compared with
    /// an energy the project produces in a year.
    HouseholdElectricity,
}

impl EquivalencyKind {
    /// The dimension of the per-unit value (per person or household, per year).
    pub fn dimension(self) -> Dimension {
        match self {
            EquivalencyKind::PerCapitaEmissions => Dimension::Co2eMass,
            EquivalencyKind::HouseholdElectricity => Dimension::Energy,
        }
    }
}

/// A local reference quantity, e.g. Chile's greenhouse-gas emissions per resident in 2023.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equivalency {
    pub id: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    pub kind: EquivalencyKind,
    /// Per person (or household) and year.
    pub value: Amount,
    /// The year the value describes.
    pub year: i32,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// What exactly is counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A city-to-city programme: the projects of one collaboration, for a portfolio sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Programme {
    pub id: String,
    pub name: String,
    pub summary: String,
    #[serde(flatten)]
    pub provenance: Provenance,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEquivalency {
    id: String,
    country: String,
    kind: EquivalencyKind,
    value: String,
    year: i32,
    #[serde(default)]
    sources: Vec<String>,
    assumption: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProgramme {
    id: String,
    name: String,
    summary: String,
    #[serde(default)]
    sources: Vec<String>,
    assumption: Option<String>,
}

/// `models/equivalencies.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EquivalencyFile {
    pub equivalencies: Vec<RawEquivalency>,
    #[serde(default, rename = "sources")]
    _sources: Option<toml::Table>,
}

/// `models/programmes.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgrammeFile {
    pub programmes: Vec<RawProgramme>,
    #[serde(default, rename = "sources")]
    _sources: Option<toml::Table>,
}

pub(crate) fn build_equivalencies(
    raw: Vec<RawEquivalency>,
    problems: &mut Problems,
) -> Vec<Equivalency> {
    let mut out: Vec<Equivalency> = Vec::new();
    for r in raw {
        let key = format!("equivalencies.{}", r.id);
        if out.iter().any(|e| e.id == r.id) {
            problems.push(&key, "is defined twice");
        }
        let dimension = r.kind.dimension();
        let value = match Amount::read(&QuantityInput::Text(r.value.clone()), dimension) {
            Ok(v) if v.si > 0.0 => v,
            Ok(_) => {
                problems.push(&format!("{key}.value"), "must be positive");
                continue;
            }
            Err(e) => {
                problems.push(&format!("{key}.value"), &e);
                continue;
            }
        };
        if r.country.len() != 2 || !r.country.chars().all(|c| c.is_ascii_uppercase()) {
            problems.push(
                &format!("{key}.country"),
                "must be an ISO 3166-1 alpha-2 code such as \"CL\"",
            );
        }
        let provenance = Provenance {
            sources: r.sources,
            assumption: r.assumption,
        };
        provenance.check(problems, &key);
        out.push(Equivalency {
            id: r.id,
            country: r.country,
            kind: r.kind,
            value,
            year: r.year,
            provenance,
            note: r.note,
        });
    }
    out
}

pub(crate) fn build_programmes(raw: Vec<RawProgramme>, problems: &mut Problems) -> Vec<Programme> {
    let mut out: Vec<Programme> = Vec::new();
    for r in raw {
        let key = format!("programmes.{}", r.id);
        if out.iter().any(|p| p.id == r.id) {
            problems.push(&key, "is defined twice");
        }
        let provenance = Provenance {
            sources: r.sources,
            assumption: r.assumption,
        };
        provenance.check(problems, &key);
        out.push(Programme {
            id: r.id,
            name: r.name,
            summary: r.summary,
            provenance,
        });
    }
    out
}
