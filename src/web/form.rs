//! The scenario form's fields, built from the catalog's declarations: every model parameter
//! with its unit, default, allowed range and sources; the options; the place of a new
//! project. Errors from the engine are attached to the field their [`Field`] names.

use std::collections::BTreeMap;

use super::query::{Scenario, option_default, parameter_default};
use crate::catalog::{Catalog, ParamKind, ParameterSpec, Provenance, Seed, Value};
use crate::error::{Field, FieldError};
use crate::models::plugin::Needs;
use crate::scenario::resolve::{Input, Origin};

/// How a field is entered.
#[derive(Debug, Clone)]
pub enum Control {
    /// Free text ("3 MW", "2030", "2025-01-01").
    Text { value: String, placeholder: String },
    /// One of fixed options: (value, label) pairs.
    Select {
        options: Vec<(String, String)>,
        selected: String,
    },
}

/// One labelled field of the form.
#[derive(Debug, Clone)]
pub struct FormField {
    /// The query key (`p.capacity`, `start`).
    pub name: String,
    /// The element id (`f-p-capacity`).
    pub id: String,
    pub label: String,
    pub control: Control,
    /// Shown under the field: unit, default, allowed range.
    pub hint: String,
    /// The tooltip: what the value means and where its default comes from.
    pub tip: Vec<String>,
    /// The engine's messages for this field.
    pub errors: Vec<FieldError>,
    /// The scenario sets a value other than the default.
    pub changed: bool,
    /// The documented project sets this parameter (shown before the model defaults).
    pub from_project: bool,
}

/// The element id of a query key.
pub fn element_id(name: &str) -> String {
    format!("f-{}", name.replace(['.', '_'], "-"))
}

/// The query key of the field an engine error names, if the form has one.
pub fn form_name(field: &Field) -> Option<String> {
    let s: Vec<&str> = field.segments().iter().map(String::as_str).collect();
    Some(match s.as_slice() {
        ["parameters", key, ..] => format!("p.{key}"),
        ["options", "crediting_start", ..] => "start".into(),
        ["options", "crediting_end", ..] => "end".into(),
        ["options", "lifetime", ..] => "lifetime".into(),
        ["options", "gwp", ..] => "gwp".into(),
        ["options", "grid_factor", "series", ..] => "grid_series".into(),
        ["options", "grid_factor", "constant", ..] => "grid_constant".into(),
        ["options", "grid_factor", "trajectory", ..] => "grid_trajectory".into(),
        ["options", "grid_factor", ..] => "grid".into(),
        ["options", "uncertainty", "seed", ..] => "seed".into(),
        ["options", "uncertainty", ..] => "draws".into(),
        ["project", "location", key, ..] | ["project", "climate", key, ..] => {
            format!("site.{key}")
        }
        // A new project's weather is its monthly climate, entered in the site's fields.
        ["options", "weather", ..] => "site.ghi_daily".into(),
        _ => return None,
    })
}

/// Engine errors by the query key of their field; the rest under "".
pub fn errors_by_field(errors: &[FieldError]) -> BTreeMap<String, Vec<FieldError>> {
    let mut out: BTreeMap<String, Vec<FieldError>> = BTreeMap::new();
    for e in errors {
        let key = form_name(&e.field).unwrap_or_default();
        out.entry(key).or_default().push(e.clone());
    }
    out
}

/// A source's short citation: "Title (Publisher, 2024)".
fn cite(catalog: &Catalog, id: &str) -> String {
    match catalog.sources.get(id) {
        Some(s) => {
            let year = s.year.map(|y| format!(", {y}")).unwrap_or_default();
            format!("{} ({}{year})", s.title, s.publisher)
        }
        None => id.to_string(),
    }
}

/// Tooltip lines for a value's provenance.
fn provenance_lines(catalog: &Catalog, what: &str, p: &Provenance) -> Vec<String> {
    let mut out = Vec::new();
    if !p.sources.is_empty() {
        let cites: Vec<String> = p.sources.iter().map(|s| cite(catalog, s)).collect();
        out.push(format!("Source of the {what}: {}", cites.join("; ")));
    }
    if let Some(a) = &p.assumption {
        out.push(format!("Assumption: {a}"));
    }
    out
}

/// Words for a choice identifier (`no_disposal` → "no disposal").
pub fn choice_label(c: &str) -> String {
    c.replace('_', " ")
}

/// The value as a person types it.
fn value_text(v: &Value) -> String {
    v.to_string()
}

/// The fields of a model's parameters, in the model's order.
pub fn parameter_fields(
    catalog: &Catalog,
    parameters: &[ParameterSpec],
    seed: Option<&Seed>,
    scenario: &Scenario,
    inputs: Option<&[Input]>,
    errors: &mut BTreeMap<String, Vec<FieldError>>,
) -> Vec<FormField> {
    parameters
        .iter()
        .map(|p| {
            let name = format!("p.{}", p.key);
            let seeded = seed.and_then(|s| s.parameter(&p.key));
            let from_project = seeded.is_some_and(|s| s.value.is_some());
            let default = parameter_default(p, seed);
            let typed = scenario.parameters.get(&p.key);
            let used = inputs.and_then(|i| i.iter().find(|i| i.key == p.key));
            let derived_now = used
                .filter(|i| i.origin == Origin::Derived)
                .and_then(|i| i.value.as_ref());
            let control = match &p.kind {
                ParamKind::Choice { choices } => Control::Select {
                    options: choices
                        .iter()
                        .map(|c| {
                            let mut label = choice_label(c);
                            if default.as_ref().is_some_and(|d| d.to_string() == *c) {
                                label.push_str(" (default)");
                            }
                            (c.clone(), label)
                        })
                        .collect(),
                    selected: typed
                        .cloned()
                        .or_else(|| default.as_ref().map(value_text))
                        .unwrap_or_default(),
                },
                kind => Control::Text {
                    value: typed
                        .cloned()
                        .or_else(|| default.as_ref().map(value_text))
                        .unwrap_or_default(),
                    placeholder: match (derived_now, kind) {
                        (Some(v), _) => format!("derived: {}", value_text(v)),
                        (None, ParamKind::Date) => "YYYY-MM-DD".into(),
                        (None, ParamKind::Year) => "e.g. 2030".into(),
                        (None, _) if default.is_none() => "derived by the model".into(),
                        (None, _) => String::new(),
                    },
                },
            };
            let mut hint = Vec::new();
            if let ParamKind::Quantity { dimension } = &p.kind {
                hint.push(format!(
                    "{} such as {}",
                    dimension.phrase(),
                    dimension.examples()
                ));
            }
            match (&default, from_project) {
                (Some(d), true) => hint.push(format!("project value {}", value_text(d))),
                (Some(d), false) => hint.push(format!("default {}", value_text(d))),
                (None, _) => hint.push("left empty, the model derives it".into()),
            }
            match (&p.min, &p.max) {
                (Some(lo), Some(hi)) => hint.push(format!("allowed {lo} to {hi}")),
                (Some(lo), None) => hint.push(format!("at least {lo}")),
                (None, Some(hi)) => hint.push(format!("at most {hi}")),
                (None, None) => {}
            }
            let mut tip = vec![p.description.clone()];
            if let ParamKind::Quantity { dimension } = &p.kind {
                let units: Vec<&str> = dimension
                    .units()
                    .map(|u| u.symbol)
                    .filter(|s| !s.is_empty())
                    .collect();
                if !units.is_empty() {
                    tip.push(format!("Accepted units: {}.", units.join(", ")));
                }
            }
            if let Some(s) = seeded.filter(|s| s.value.is_some()) {
                tip.extend(provenance_lines(catalog, "project's value", &s.provenance));
            } else {
                tip.extend(provenance_lines(catalog, "default", &p.provenance));
            }
            if let Some(d) = p.derived.as_ref().filter(|_| default.is_none()) {
                tip.push(format!("Derived: {d}"));
            }
            if let Some(u) = seeded
                .and_then(|s| s.uncertainty.as_ref())
                .or(p.uncertainty.as_ref())
            {
                let note = u
                    .note
                    .clone()
                    .or_else(|| u.provenance.assumption.clone())
                    .unwrap_or_default();
                tip.push(
                    format!("Uncertainty: {}. {note}", spec_name(&u.spec))
                        .trim_end()
                        .to_string(),
                );
            }
            FormField {
                id: element_id(&name),
                errors: errors.remove(&name).unwrap_or_default(),
                name,
                label: p.name.clone(),
                control,
                hint: hint.join(" · "),
                tip,
                changed: typed.is_some(),
                from_project,
            }
        })
        .collect()
}

fn spec_name(spec: &crate::catalog::UncertaintySpec) -> &'static str {
    use crate::catalog::UncertaintySpec::*;
    match spec {
        Normal { .. } => "normal",
        Lognormal { .. } => "lognormal",
        Triangular { .. } => "triangular",
        Uniform { .. } => "uniform",
        Pert { .. } => "PERT",
        Discrete { .. } => "discrete",
    }
}

/// A plain text field for an option or a site value.
struct Text<'a> {
    name: &'a str,
    label: &'a str,
    placeholder: &'a str,
    hint: String,
    tip: Vec<String>,
}

impl Text<'_> {
    /// The field showing `given`, else `default`, with its messages taken from `errors`.
    fn field(
        self,
        given: Option<String>,
        default: Option<String>,
        errors: &mut BTreeMap<String, Vec<FieldError>>,
    ) -> FormField {
        FormField {
            id: element_id(self.name),
            name: self.name.to_string(),
            label: self.label.to_string(),
            changed: given.is_some(),
            control: Control::Text {
                value: given.or(default).unwrap_or_default(),
                placeholder: self.placeholder.to_string(),
            },
            hint: self.hint,
            tip: self.tip,
            errors: errors.remove(self.name).unwrap_or_default(),
            from_project: false,
        }
    }
}

/// The option fields: crediting period, plant life, GWP set, draws and seed. The grid
/// factor has its own group ([`grid_fields`]).
pub fn option_fields(
    catalog: &Catalog,
    seed: Option<&Seed>,
    scenario: &Scenario,
    errors: &mut BTreeMap<String, Vec<FieldError>>,
) -> Vec<FormField> {
    let given = |k: &str| scenario.options.get(k).cloned();
    let default = |k: &str| option_default(catalog, seed, k);
    let seeded_tip = |k: &str| -> Vec<String> {
        seed.and_then(|s| s.scenario.iter().find(|d| d.key == k))
            .map(|d| provenance_lines(catalog, "project's default", &d.provenance))
            .unwrap_or_default()
    };
    let default_hint = |k: &str, what: &str| match default(k) {
        Some(d) => format!("{what} · default {d}"),
        None => format!("{what} · required for a new project"),
    };
    let mut out = vec![
        Text {
            name: "start",
            label: "Crediting period: first day",
            placeholder: "YYYY-MM-DD",
            hint: default_hint("start", "a date, YYYY-MM-DD"),
            tip: [
                vec!["The first day emission reductions are counted.".to_string()],
                seeded_tip("crediting_start"),
            ]
            .concat(),
        }
        .field(given("start"), default("start"), errors),
        Text {
            name: "end",
            label: "Crediting period: last day",
            placeholder: "YYYY-MM-DD",
            hint: default_hint("end", "a date, YYYY-MM-DD"),
            tip: [
                vec!["The last day emission reductions are counted (inclusive).".to_string()],
                seeded_tip("crediting_end"),
            ]
            .concat(),
        }
        .field(given("end"), default("end"), errors),
        Text {
            name: "lifetime",
            label: "Plant life",
            placeholder: "e.g. 25 yr",
            hint: match default("lifetime") {
                Some(d) => format!("a time such as \"yr\" · default {d} · allowed 1 yr to 100 yr"),
                None => "a time such as \"yr\" · optional · allowed 1 yr to 100 yr".into(),
            },
            tip: [
                vec!["For the lifetime view: the years from the crediting start.".to_string()],
                seeded_tip("lifetime"),
            ]
            .concat(),
        }
        .field(given("lifetime"), default("lifetime"), errors),
    ];
    let gwp_default = default("gwp").unwrap_or_default();
    out.push(FormField {
        id: element_id("gwp"),
        name: "gwp".into(),
        label: "GWP set (CH4 and N2O)".into(),
        changed: given("gwp").is_some(),
        control: Control::Select {
            options: catalog
                .gwp_sets
                .iter()
                .map(|g| {
                    let id = g.id.as_str().to_string();
                    let mark = if id == gwp_default { ", default" } else { "" };
                    (
                        id,
                        format!("{} (CH4 {}, N2O {}{mark})", g.name, g.ch4, g.n2o),
                    )
                })
                .collect(),
            selected: given("gwp").unwrap_or(gwp_default),
        },
        hint: "100-year global warming potentials".into(),
        tip: [
            catalog
                .gwp_sets
                .iter()
                .map(|g| format!("{}: {}", g.name, g.usage))
                .collect::<Vec<_>>(),
            seeded_tip("gwp"),
        ]
        .concat(),
        errors: errors.remove("gwp").unwrap_or_default(),
        from_project: false,
    });
    out.push(Text {
            name: "draws",
            label: "Monte Carlo draws",
            placeholder: "",
            hint: format!(
            "a whole number · default {} · 0 for no Monte Carlo",
            super::query::DEFAULT_DRAWS
        ),
            tip: vec![
            "Each draw samples every uncertain input from its documented distribution and runs the model again; the spread of the results gives P10–P90.".into(),
        ],
        }
        .field(given("draws"), default("draws"), errors));
    out.push(
        Text {
            name: "seed",
            label: "Random seed",
            placeholder: "",
            hint: format!("a whole number · default {}", super::query::DEFAULT_SEED),
            tip: vec!["The same seed gives the same draws, so the same numbers.".into()],
        }
        .field(given("seed"), default("seed"), errors),
    );
    out
}

/// The grid factor's group: the form chosen and a field for each form.
pub struct GridFields {
    /// `series`, `constant` or `trajectory`.
    pub form: String,
    /// Errors about the form itself.
    pub errors: Vec<FieldError>,
    pub series: FormField,
    pub constant: FormField,
    pub trajectory: FormField,
}

/// The grid factor's fields; `None` when the model uses no grid factor.
pub fn grid_fields(
    catalog: &Catalog,
    needs: Needs,
    seed: Option<&Seed>,
    scenario: &Scenario,
    errors: &mut BTreeMap<String, Vec<FieldError>>,
) -> Option<GridFields> {
    if !needs.grid_factor {
        return None;
    }
    let given = |k: &str| scenario.options.get(k).cloned();
    let default_series = option_default(catalog, seed, "grid_series");
    // One option per series, the project's country first.
    let country = seed.map(|s| s.location.country.as_str());
    let mut series: Vec<(&str, &str)> = Vec::new();
    for f in &catalog.grid_factors {
        if !series.iter().any(|(id, _)| *id == f.series) {
            series.push((&f.series, &f.country));
        }
    }
    series.sort_by_key(|(id, c)| (Some(*c) != country, *c, *id));
    let mut options: Vec<(String, String)> = Vec::new();
    if default_series.is_none() {
        options.push((String::new(), "choose a series".into()));
    }
    for (id, c) in &series {
        let points = catalog.grid_series(id);
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            continue;
        };
        let years = if first.year == last.year {
            first.year.to_string()
        } else {
            format!("{}–{}", first.year, last.year)
        };
        let mark = if default_series.as_deref() == Some(*id) {
            ", project default"
        } else {
            ""
        };
        options.push((
            id.to_string(),
            format!(
                "{c} {id}: {}, {years}, {} in {}{mark}",
                last.kind.describe(),
                last.value.shown.readable(3),
                last.year
            ),
        ));
    }
    let seeded_tip: Vec<String> = seed
        .and_then(|s| s.scenario.iter().find(|d| d.key == "grid_factor"))
        .map(|d| provenance_lines(catalog, "project's series", &d.provenance))
        .unwrap_or_default();
    let series_field = FormField {
        id: element_id("grid_series"),
        name: "grid_series".into(),
        label: "A dataset series".into(),
        changed: given("grid_series").is_some(),
        control: Control::Select {
            options,
            selected: given("grid_series").or(default_series).unwrap_or_default(),
        },
        hint: "values by year from the catalog; the nearest year is held outside them".into(),
        tip: [
            vec![
                "Published grid emission factors, one series per grid, kind and source."
                    .to_string(),
            ],
            seeded_tip,
        ]
        .concat(),
        errors: errors.remove("grid_series").unwrap_or_default(),
        from_project: false,
    };
    let constant = Text {
        name: "grid_constant",
        label: "One value for every year",
        placeholder: "e.g. 0.3 tCO2e/MWh",
        hint: "an emission intensity such as \"tCO2e/MWh\" or \"kgCO2e/kWh\" · 0 to 5 tCO2e/MWh"
            .into(),
        tip: vec![
            "The same factor for every year of the crediting period and the plant life.".into(),
        ],
    }
    .field(given("grid_constant"), None, errors);
    let trajectory = Text {
        name: "grid_trajectory",
        label: "Values by year",
        placeholder: "e.g. 2024=0.26 tCO2e/MWh, 2030=0.15 tCO2e/MWh",
        hint: "YEAR=VALUE pairs separated by commas; linear between years, held outside them"
            .into(),
        tip: vec!["A trajectory: a decarbonising grid avoids less each year.".into()],
    }
    .field(given("grid_trajectory"), None, errors);
    Some(GridFields {
        form: given("grid").unwrap_or_else(|| "series".into()),
        errors: errors.remove("grid").unwrap_or_default(),
        series: series_field,
        constant,
        trajectory,
    })
}

/// The place of a new project: what the model needs besides its parameters.
pub fn site_fields(
    needs: Needs,
    scenario: &Scenario,
    errors: &mut BTreeMap<String, Vec<FieldError>>,
) -> Vec<FormField> {
    let given = |k: &str| scenario.site.get(k).cloned();
    let mut out = vec![
        Text {
            name: "site.name",
            label: "Project name",
            placeholder: "e.g. Factory roof, Renca",
            hint: "optional".into(),
            tip: vec!["A name for the results.".into()],
        }
        .field(given("name"), None, errors),
    ];
    let mut field = |key: &str, label: &str, placeholder: &str, hint: &str, tip: &str| {
        let name = format!("site.{key}");
        Text {
            name: &name,
            label,
            placeholder,
            hint: hint.to_string(),
            tip: vec![tip.to_string()],
        }
        .field(given(key), None, errors)
    };
    if needs.location {
        out.push(field(
            "latitude",
            "Latitude",
            "e.g. -33.4 deg",
            "an angle such as \"deg\" · positive north",
            "Where the sun is computed for.",
        ));
        out.push(field(
            "longitude",
            "Longitude",
            "e.g. -70.7 deg",
            "an angle such as \"deg\" · positive east",
            "Where the sun is computed for.",
        ));
        out.push(field(
            "elevation",
            "Elevation",
            "e.g. 500 m",
            "a length such as \"m\" · optional",
            "Height above sea level.",
        ));
        out.push(field(
            "utc_offset",
            "Offset of local standard time from UTC",
            "e.g. -4 h",
            "a time such as \"h\" · optional",
            "The weather's hours are local standard time.",
        ));
    }
    if needs.weather {
        let twelve = "twelve values, January first, separated by commas";
        out.push(field(
            "ghi_daily",
            "Mean daily global horizontal irradiation, by month",
            "e.g. 8.2 kWh/m², 7.3 kWh/m², …",
            twelve,
            "Monthly climate normals, e.g. from a typical-year weather file of a nearby station.",
        ));
        out.push(field(
            "temp_mean",
            "Mean air temperature, by month",
            "e.g. 21 °C, 20.3 °C, …",
            twelve,
            "Monthly climate normals.",
        ));
        out.push(field(
            "temp_min",
            "Mean daily minimum air temperature, by month",
            "e.g. 12.7 °C, 11.4 °C, …",
            twelve,
            "Monthly climate normals.",
        ));
        out.push(field(
            "temp_max",
            "Mean daily maximum air temperature, by month",
            "e.g. 29.6 °C, 28.8 °C, …",
            twelve,
            "Monthly climate normals.",
        ));
        out.push(field(
            "wind",
            "Mean wind speed",
            "e.g. 2.1 m/s",
            "one value, or twelve by month",
            "Cools the modules.",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::scenario::ScenarioError;

    #[test]
    fn engine_fields_map_to_form_keys() {
        for (field, key) in [
            (Field::parameter("capacity"), Some("p.capacity")),
            (Field::option("crediting_end"), Some("end")),
            (
                Field::option("grid_factor.trajectory.2.value"),
                Some("grid_trajectory"),
            ),
            (Field::option("grid_factor"), Some("grid")),
            (Field::option("uncertainty.draws"), Some("draws")),
            (Field::project("location.latitude"), Some("site.latitude")),
            (
                Field::project("climate.ghi_daily.3"),
                Some("site.ghi_daily"),
            ),
            (Field::option("weather"), Some("site.ghi_daily")),
            (Field::project(""), None),
        ] {
            assert_eq!(form_name(&field).as_deref(), key, "{field:?}");
        }
    }

    #[test]
    fn every_parameter_of_every_model_gets_a_labelled_field() {
        let c = Catalog::embedded().unwrap();
        for spec in &c.models {
            let mut errors = errors_by_field(
                &ScenarioError::parameter(ErrorCode::InvalidValue, &spec.parameters[0].key, "bad")
                    .errors,
            );
            let fields = parameter_fields(
                &c,
                &spec.parameters,
                None,
                &Scenario::default(),
                None,
                &mut errors,
            );
            assert_eq!(fields.len(), spec.parameters.len());
            assert!(errors.is_empty(), "the error found its field");
            assert_eq!(fields[0].errors.len(), 1);
            for f in &fields {
                assert!(!f.label.is_empty() && !f.hint.is_empty() && !f.tip.is_empty());
            }
        }
    }
}
