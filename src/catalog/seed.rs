//! Documented projects (`seeds/<id>.toml`): what the source documents state, which document
//! states it, and every assumption tanso adds, labelled as such.

use serde::{Deserialize, Serialize};

use super::Problems;
use super::model::{ModelSpec, Provenance, RawUncertainty, Uncertainty, build_uncertainty};
use super::value::{Amount, Date, Value, toml_to_input};
use crate::units::{Dimension, read_any};

/// Where a project is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// Place name.
    pub place: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The electricity grid it is connected to (an id used in `models/grid-factors.toml`).
    pub grid: String,
    /// Latitude, positive north.
    pub latitude: Amount,
    /// Longitude, positive east.
    pub longitude: Amount,
    /// Elevation above sea level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elevation: Option<Amount>,
    /// Offset of local standard time from UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<Amount>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A fact stated by a source document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Short id, e.g. `capacity`.
    pub id: String,
    /// The fact in tanso's own words.
    pub statement: String,
    /// The number stated, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
    /// The date stated, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A model parameter as set for this project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedParameter {
    /// The model parameter's key.
    pub key: String,
    /// The value used for this project; `None` keeps the model's derivation (the entry then
    /// only gives the parameter an uncertainty for this project).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The spread around this value, replacing the model's default uncertainty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
}

/// Twelve monthly climate normals, January first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyClimate {
    /// Mean daily global horizontal irradiation of each month.
    pub ghi_daily: Vec<Amount>,
    /// Mean air temperature.
    pub temp_mean: Vec<Amount>,
    /// Mean of daily minimum air temperatures.
    pub temp_min: Vec<Amount>,
    /// Mean of daily maximum air temperatures.
    pub temp_max: Vec<Amount>,
    /// Mean wind speed.
    pub wind: Vec<Amount>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A documented project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seed {
    /// Project id, e.g. `renca-solar`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The model that evaluates it.
    pub model: String,
    /// One paragraph on the project.
    pub summary: String,
    pub location: Location,
    /// What the source documents state.
    pub facts: Vec<Fact>,
    /// Parameter values for this project.
    pub parameters: Vec<SeedParameter>,
    /// Monthly climate normals, for models that need weather.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub climate: Option<MonthlyClimate>,
    /// Defaults for scenario options (crediting period, grid factor series, GWP set).
    pub scenario: Vec<ScenarioDefault>,
    /// What a reader of any estimate for this project must know (repeated as warnings).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    /// The city-to-city programme it belongs to (`models/programmes.toml`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
}

/// A default for a scenario option, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioDefault {
    /// One of [`SCENARIO_OPTIONS`].
    pub key: String,
    /// The value as written.
    pub value: String,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Scenario options a seed may give defaults for.
pub const SCENARIO_OPTIONS: &[&str] = &[
    "crediting_start",
    "crediting_end",
    "lifetime",
    "grid_factor",
    "gwp",
];

impl Seed {
    /// The value this seed sets for a parameter, if any.
    pub fn parameter(&self, key: &str) -> Option<&SeedParameter> {
        self.parameters.iter().find(|p| p.key == key)
    }
}

// ---- The file format -------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSeed {
    pub id: String,
    pub name: String,
    pub model: String,
    pub summary: String,
    pub location: RawLocation,
    #[serde(default)]
    pub facts: Vec<RawFact>,
    #[serde(default)]
    pub parameters: toml::Table,
    pub climate: Option<RawClimate>,
    #[serde(default)]
    pub scenario: std::collections::BTreeMap<String, RawScenarioDefault>,
    #[serde(default)]
    pub caveats: Vec<String>,
    /// The programme id, for portfolio sheets.
    #[serde(default)]
    pub programme: Option<String>,
    /// Source definitions, read separately.
    #[serde(default, rename = "sources")]
    _sources: Option<toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenarioDefault {
    value: String,
    #[serde(default)]
    sources: Vec<String>,
    assumption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLocation {
    pub place: String,
    pub country: String,
    pub grid: String,
    pub latitude: toml::Value,
    pub longitude: toml::Value,
    pub elevation: Option<toml::Value>,
    pub utc_offset: Option<toml::Value>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFact {
    pub id: String,
    pub statement: String,
    pub value: Option<String>,
    pub date: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeedParameter {
    value: Option<toml::Value>,
    #[serde(default)]
    sources: Vec<String>,
    assumption: Option<String>,
    uncertainty: Option<RawUncertainty>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClimate {
    pub ghi_daily: Vec<toml::Value>,
    pub temp_mean: Vec<toml::Value>,
    pub temp_min: Vec<toml::Value>,
    pub temp_max: Vec<toml::Value>,
    pub wind: Vec<toml::Value>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
}

fn amount(v: &toml::Value, d: Dimension, key: &str, problems: &mut Problems) -> Option<Amount> {
    match toml_to_input(v).and_then(|i| Amount::read(&i, d)) {
        Ok(a) => Some(a),
        Err(e) => {
            problems.push(key, &e);
            None
        }
    }
}

/// Reads and validates a seed against its model, recording every problem.
pub(crate) fn build_seed(raw: RawSeed, models: &[ModelSpec], problems: &mut Problems) -> Seed {
    let l = raw.location;
    let location = Location {
        latitude: amount(&l.latitude, Dimension::Angle, "location.latitude", problems)
            .unwrap_or_else(|| zero(Dimension::Angle)),
        longitude: amount(
            &l.longitude,
            Dimension::Angle,
            "location.longitude",
            problems,
        )
        .unwrap_or_else(|| zero(Dimension::Angle)),
        elevation: l
            .elevation
            .as_ref()
            .and_then(|v| amount(v, Dimension::Length, "location.elevation", problems)),
        utc_offset: l
            .utc_offset
            .as_ref()
            .and_then(|v| amount(v, Dimension::Time, "location.utc_offset", problems)),
        place: l.place,
        country: l.country,
        grid: l.grid,
        provenance: Provenance {
            sources: l.sources,
            assumption: l.assumption,
        },
    };
    location.provenance.check(problems, "location");
    let lat = location.latitude.si.to_degrees();
    let lon = location.longitude.si.to_degrees();
    if !(-90.0..=90.0).contains(&lat) {
        problems.push("location.latitude", "must be between -90 and 90 degrees");
    }
    if !(-180.0..=180.0).contains(&lon) {
        problems.push("location.longitude", "must be between -180 and 180 degrees");
    }

    let mut facts = Vec::new();
    for f in raw.facts {
        let key = format!("facts.{}", f.id);
        let value = f.value.as_deref().and_then(|v| match read_any(v) {
            Ok(r) => Some(Amount {
                si: r.si(),
                dimension: r.unit.dimension,
                shown: crate::units::QuantityValue {
                    value: r.value,
                    unit: r.unit.symbol.to_string(),
                },
            }),
            Err(e) => {
                problems.push(&format!("{key}.value"), &e.to_string());
                None
            }
        });
        let date = f.date.as_deref().and_then(|d| match Date::parse(d) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(&format!("{key}.date"), &e);
                None
            }
        });
        let provenance = Provenance {
            sources: f.sources,
            assumption: f.assumption,
        };
        provenance.check(problems, &key);
        facts.push(Fact {
            id: f.id,
            statement: f.statement,
            value,
            date,
            provenance,
        });
    }

    let model = models.iter().find(|m| m.id == raw.model);
    if model.is_none() {
        let known: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
        problems.push(
            "model",
            &format!(
                "unknown model \"{}\"; known models: {}",
                raw.model,
                known.join(", ")
            ),
        );
    }
    let mut parameters = Vec::new();
    for (pkey, v) in raw.parameters {
        let key = format!("parameters.{pkey}");
        let Some(spec) = model.and_then(|m| m.parameter(&pkey)) else {
            if model.is_some() {
                problems.push(
                    &key,
                    &format!("is not a parameter of model \"{}\"", raw.model),
                );
            }
            continue;
        };
        let rp: RawSeedParameter = match v.try_into() {
            Ok(rp) => rp,
            Err(e) => {
                problems.push(
                    &key,
                    &format!(
                        "expected {{ value = .., sources = [..] or assumption = \"..\" }}: {e}"
                    ),
                );
                continue;
            }
        };
        let value = match &rp.value {
            Some(raw) => match spec
                .kind
                .read_toml(raw)
                .and_then(|v| spec.check_range(&v).map(|_| v))
            {
                Ok(v) => Some(v),
                Err(e) => {
                    problems.push(&format!("{key}.value"), &e);
                    continue;
                }
            },
            None if spec.derived.is_some() && rp.uncertainty.is_some() => None,
            None => {
                problems.push(
                    &key,
                    "needs a `value` (only derived parameters may give just an `uncertainty`)",
                );
                continue;
            }
        };
        let provenance = Provenance {
            sources: rp.sources,
            assumption: rp.assumption,
        };
        provenance.check(problems, &key);
        let mut local = spec.clone();
        if value.is_some() {
            local.default = value.clone();
        }
        let uncertainty = rp
            .uncertainty
            .and_then(|u| build_uncertainty(u, &local, &format!("{key}.uncertainty"), problems));
        parameters.push(SeedParameter {
            key: pkey,
            value,
            provenance,
            uncertainty,
        });
    }

    let climate = raw.climate.map(|c| {
        let series = |name: &str, values: &[toml::Value], d: Dimension, problems: &mut Problems| {
            // One value means the same in every month (an annual mean, labelled so by its source).
            if values.len() != 12 && values.len() != 1 {
                problems.push(
                    &format!("climate.{name}"),
                    &format!(
                        "needs 12 monthly values (or 1 for all months), got {}",
                        values.len()
                    ),
                );
            }
            let read: Vec<Amount> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| amount(v, d, &format!("climate.{name}[{i}]"), problems))
                .collect();
            if read.len() == 1 {
                vec![read[0].clone(); 12]
            } else {
                read
            }
        };
        let climate = MonthlyClimate {
            ghi_daily: series("ghi_daily", &c.ghi_daily, Dimension::Insolation, problems),
            temp_mean: series("temp_mean", &c.temp_mean, Dimension::Temperature, problems),
            temp_min: series("temp_min", &c.temp_min, Dimension::Temperature, problems),
            temp_max: series("temp_max", &c.temp_max, Dimension::Temperature, problems),
            wind: series("wind", &c.wind, Dimension::Speed, problems),
            provenance: Provenance {
                sources: c.sources,
                assumption: c.assumption,
            },
        };
        climate.provenance.check(problems, "climate");
        for m in 0..12 {
            let (lo, mid, hi) = (
                climate.temp_min.get(m).map(|a| a.si),
                climate.temp_mean.get(m).map(|a| a.si),
                climate.temp_max.get(m).map(|a| a.si),
            );
            if let (Some(lo), Some(mid), Some(hi)) = (lo, mid, hi)
                && !(lo <= mid && mid <= hi)
            {
                problems.push(
                    &format!("climate.temp_mean[{m}]"),
                    "needs temp_min ≤ temp_mean ≤ temp_max",
                );
            }
            if climate.ghi_daily.get(m).is_some_and(|g| g.si < 0.0) {
                problems.push(&format!("climate.ghi_daily[{m}]"), "must not be negative");
            }
        }
        climate
    });

    let mut scenario = Vec::new();
    for (key, d) in raw.scenario {
        if !SCENARIO_OPTIONS.contains(&key.as_str()) {
            problems.push(
                &format!("scenario.{key}"),
                &format!(
                    "is not a scenario option; expected one of {}",
                    SCENARIO_OPTIONS.join(", ")
                ),
            );
            continue;
        }
        let provenance = Provenance {
            sources: d.sources,
            assumption: d.assumption,
        };
        provenance.check(problems, &format!("scenario.{key}"));
        scenario.push(ScenarioDefault {
            key,
            value: d.value,
            provenance,
        });
    }

    Seed {
        scenario,
        caveats: raw.caveats,
        programme: raw.programme,
        id: raw.id,
        name: raw.name,
        model: raw.model,
        summary: raw.summary,
        location,
        facts,
        parameters,
        climate,
    }
}

fn zero(d: Dimension) -> Amount {
    Amount {
        si: 0.0,
        dimension: d,
        shown: crate::units::QuantityValue {
            value: 0.0,
            unit: d.display_unit().symbol.to_string(),
        },
    }
}
