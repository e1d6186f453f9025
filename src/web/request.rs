//! A page scenario as the API's request: the same [`ScenarioRequest`] `POST /v1/estimates`
//! takes, so the page and the API give the same numbers and the same messages. Only what a
//! form adds is checked here (a grid-factor form chosen without its value, a list of twelve
//! months typed in one field, draws that are not a number); everything else is the engine's.

use std::collections::BTreeMap;

use super::query::{DEFAULT_DRAWS, DEFAULT_SEED, Scenario, Subject};
use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
use crate::scenario::ScenarioRequest;
use crate::scenario::request::{
    GridFactorInput, InlineClimate, InlineLocation, InlineProject, ProjectRef, ScenarioOptions,
    TrajectoryPoint, UncertaintyOptions,
};
use crate::units::QuantityInput;
use crate::units::ghg::GwpSetId;

/// The API request for a page scenario; form-level problems are reported like the engine's,
/// each naming its field.
pub fn to_request(s: &Scenario) -> Result<ScenarioRequest, ScenarioError> {
    let mut errors = Vec::new();
    let project = match &s.subject {
        Some(Subject::Project(id)) => ProjectRef::Id(id.clone()),
        Some(Subject::Model(model)) => {
            ProjectRef::Inline(Box::new(inline_project(model, &s.site, &mut errors)))
        }
        None => {
            return Err(ScenarioError::project(
                ErrorCode::MissingValue,
                "",
                "choose a documented project or a model",
            ));
        }
    };
    let o = &s.options;
    let text = |k: &str| o.get(k).cloned();
    let gwp = match o.get("gwp") {
        None => None,
        Some(g) => match GwpSetId::parse(g) {
            Some(id) => Some(id),
            None => {
                errors.push(FieldError {
                    field: Field::option("gwp"),
                    message: format!("unknown GWP set \"{g}\""),
                    expected: Some(format!(
                        "one of {}",
                        GwpSetId::ALL.map(|g| g.as_str()).join(", ")
                    )),
                    received: Some(g.clone()),
                });
                None
            }
        },
    };
    let grid_factor = grid_factor(o, &mut errors);
    let draws = match o.get("draws") {
        None => Some(DEFAULT_DRAWS),
        Some(d) => match d.parse::<u32>() {
            Ok(0) => None,
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(whole_number(
                    "uncertainty.draws",
                    d,
                    "0 (no Monte Carlo) or more",
                ));
                None
            }
        },
    };
    let seed = match o.get("seed") {
        None => DEFAULT_SEED,
        Some(t) => t.parse::<u64>().unwrap_or_else(|_| {
            errors.push(whole_number("uncertainty.seed", t, "0 or more"));
            DEFAULT_SEED
        }),
    };
    if !errors.is_empty() {
        let code = if errors
            .iter()
            .all(|e| e.field.segments().first().is_some_and(|s| s == "project"))
        {
            ErrorCode::InvalidValue
        } else {
            ErrorCode::InvalidOption
        };
        return Err(ScenarioError::many(code, errors));
    }
    Ok(ScenarioRequest {
        project,
        parameters: s
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), QuantityInput::Text(v.clone())))
            .collect(),
        options: ScenarioOptions {
            crediting_start: text("start"),
            crediting_end: text("end"),
            lifetime: text("lifetime").map(QuantityInput::Text),
            gwp,
            grid_factor,
            uncertainty: draws.map(|draws| UncertaintyOptions {
                draws,
                seed,
                ..UncertaintyOptions::default()
            }),
            ..ScenarioOptions::default()
        },
    })
}

/// The page scenario of an API request (a saved scenario reopened on the page), or `None`
/// when the page's fields cannot hold it exactly (inline weather, a combined margin, values
/// given as `{value, unit}` objects, per-parameter distributions ...). Exact means that
/// [`to_request`] gives the request back, so the page shows and evaluates what was saved.
pub fn from_request(req: &ScenarioRequest) -> Option<Scenario> {
    let text = |q: &QuantityInput| match q {
        QuantityInput::Text(t) => Some(t.clone()),
        _ => None,
    };
    let list = |l: &[QuantityInput]| -> Option<String> {
        Some(l.iter().map(text).collect::<Option<Vec<_>>>()?.join(", "))
    };
    let mut s = Scenario::default();
    match &req.project {
        ProjectRef::Id(id) => s.subject = Some(Subject::Project(id.clone())),
        ProjectRef::Inline(p) => {
            s.subject = Some(Subject::Model(p.model.clone()));
            let mut put = |k: &str, v: Option<String>| {
                if let Some(v) = v {
                    s.site.insert(k.to_string(), v);
                }
            };
            put("name", p.name.clone());
            if let Some(l) = &p.location {
                put("latitude", Some(text(&l.latitude)?));
                put("longitude", Some(text(&l.longitude)?));
                // Absent stays absent; present must be text.
                let optional = |q: &Option<QuantityInput>| match q {
                    None => Some(None),
                    Some(q) => text(q).map(Some),
                };
                put("elevation", optional(&l.elevation)?);
                put("utc_offset", optional(&l.utc_offset)?);
            }
            if let Some(c) = &p.climate {
                for (k, v) in [
                    ("ghi_daily", &c.ghi_daily),
                    ("temp_mean", &c.temp_mean),
                    ("temp_min", &c.temp_min),
                    ("temp_max", &c.temp_max),
                    ("wind", &c.wind),
                ] {
                    put(k, Some(list(v)?).filter(|t| !t.is_empty()));
                }
            }
        }
    }
    for (k, v) in &req.parameters {
        s.parameters.insert(k.clone(), text(v)?);
    }
    let o = &req.options;
    let mut set = |k: &str, v: String| {
        s.options.insert(k.to_string(), v);
    };
    if let Some(v) = &o.crediting_start {
        set("start", v.clone());
    }
    if let Some(v) = &o.crediting_end {
        set("end", v.clone());
    }
    if let Some(v) = &o.lifetime {
        set("lifetime", text(v)?);
    }
    if let Some(g) = o.gwp {
        set("gwp", g.as_str().to_string());
    }
    match &o.grid_factor {
        None => {}
        Some(GridFactorInput::Series(id)) => set("grid_series", id.clone()),
        Some(GridFactorInput::Constant(v)) => {
            set("grid", "constant".into());
            set("grid_constant", text(v)?);
        }
        Some(GridFactorInput::Trajectory(points)) => {
            let mut items = Vec::new();
            for p in points {
                items.push(format!("{}={}", p.year, text(&p.value)?));
            }
            set("grid", "trajectory".into());
            set("grid_trajectory", items.join(", "));
        }
        Some(GridFactorInput::CombinedMargin(_)) => return None,
    }
    match &o.uncertainty {
        None => set("draws", "0".into()),
        Some(u) => {
            set("draws", u.draws.to_string());
            set("seed", u.seed.to_string());
        }
    }
    // Whatever the fields above do not cover (weather, hourly output, distributions) shows
    // up here as a difference.
    (to_request(&s).ok().as_ref() == Some(req)).then_some(s)
}

fn whole_number(path: &str, given: &str, range: &str) -> FieldError {
    FieldError {
        field: Field::option(path),
        message: format!("\"{given}\" is not a whole number"),
        expected: Some(format!("a whole number, {range}")),
        received: Some(given.to_string()),
    }
}

/// The grid factor in the form chosen (`grid=`), or `None` for the project's own.
fn grid_factor(
    o: &BTreeMap<String, String>,
    errors: &mut Vec<FieldError>,
) -> Option<GridFactorInput> {
    let form = o.get("grid").map(String::as_str).unwrap_or("series");
    let missing = |path: &str, example: &str| FieldError {
        field: Field::option(path),
        message: "this form of grid factor was chosen, but no value was given".to_string(),
        expected: Some(example.to_string()),
        received: Some("nothing".to_string()),
    };
    match form {
        "series" => o
            .get("grid_series")
            .map(|s| GridFactorInput::Series(s.clone())),
        "constant" => match o.get("grid_constant") {
            Some(v) => Some(GridFactorInput::Constant(QuantityInput::Text(v.clone()))),
            None => {
                errors.push(missing(
                    "grid_factor.constant",
                    "a value such as \"0.3 tCO2e/MWh\"",
                ));
                None
            }
        },
        "trajectory" => match o.get("grid_trajectory") {
            Some(t) => match trajectory(t) {
                Ok(points) => Some(GridFactorInput::Trajectory(points)),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            None => {
                errors.push(missing(
                    "grid_factor.trajectory",
                    "years and values such as \"2024=0.26 tCO2e/MWh, 2030=0.15 tCO2e/MWh\"",
                ));
                None
            }
        },
        other => {
            errors.push(FieldError {
                field: Field::option("grid_factor"),
                message: format!("unknown form of grid factor \"{other}\""),
                expected: Some("series, constant or trajectory".to_string()),
                received: Some(other.to_string()),
            });
            None
        }
    }
}

/// `2024=0.26 tCO2e/MWh, 2030=0.15 tCO2e/MWh` (commas, semicolons or new lines between
/// points): years and values; the values' units are checked by the engine.
fn trajectory(text: &str) -> Result<Vec<TrajectoryPoint>, FieldError> {
    let fail = |message: String| {
        FieldError {
        field: Field::option("grid_factor.trajectory"),
        message,
        expected: Some(
            "YEAR=VALUE pairs separated by commas, e.g. \"2024=0.26 tCO2e/MWh, 2030=0.15 tCO2e/MWh\""
                .to_string(),
        ),
        received: Some(text.to_string()),
    }
    };
    let mut points: Vec<TrajectoryPoint> = Vec::new();
    for item in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let Some((year, value)) = item.split_once('=') else {
            return Err(fail(format!(
                "\"{item}\" is not YEAR=VALUE (a decimal comma? write 0.26, not 0,26)"
            )));
        };
        let year: i32 = year
            .trim()
            .parse()
            .map_err(|_| fail(format!("\"{}\" is not a year", year.trim())))?;
        if points.iter().any(|p| p.year == year) {
            return Err(fail(format!("the year {year} is given twice")));
        }
        points.push(TrajectoryPoint {
            year,
            value: QuantityInput::Text(value.trim().to_string()),
        });
    }
    if points.is_empty() {
        return Err(fail("no YEAR=VALUE pair was found".to_string()));
    }
    Ok(points)
}

/// A new project's inline definition; the site's fields are those of the API's inline
/// project, with each list of twelve months typed in one field.
fn inline_project(
    model: &str,
    site: &BTreeMap<String, String>,
    errors: &mut Vec<FieldError>,
) -> InlineProject {
    let q = |k: &str| site.get(k).map(|t| QuantityInput::Text(t.clone()));
    let location = match (q("latitude"), q("longitude")) {
        (None, None) => None,
        (lat, lon) => {
            let mut need = |v: Option<QuantityInput>, k: &str, example: &str| {
                v.unwrap_or_else(|| {
                    errors.push(FieldError {
                        field: Field::project(&format!("location.{k}")),
                        message: format!("the {k} is needed with the other coordinate"),
                        expected: Some(format!("an angle such as \"{example}\"")),
                        received: Some("nothing".to_string()),
                    });
                    QuantityInput::Text(String::new())
                })
            };
            Some(InlineLocation {
                latitude: need(lat, "latitude", "-33.4 deg"),
                longitude: need(lon, "longitude", "-70.7 deg"),
                elevation: q("elevation"),
                utc_offset: q("utc_offset"),
            })
        }
    };
    let months = ["ghi_daily", "temp_mean", "temp_min", "temp_max", "wind"];
    let climate = if months.iter().any(|k| site.contains_key(*k)) {
        let list = |k: &str| -> Vec<QuantityInput> {
            site.get(k)
                .map(|t| {
                    t.split([',', ';', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| QuantityInput::Text(s.to_string()))
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(InlineClimate {
            ghi_daily: list("ghi_daily"),
            temp_mean: list("temp_mean"),
            temp_min: list("temp_min"),
            temp_max: list("temp_max"),
            wind: list("wind"),
        })
    } else {
        None
    };
    InlineProject {
        model: model.to_string(),
        name: site.get("name").cloned(),
        location,
        climate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(q: &str) -> Scenario {
        Scenario::from_query(q).0
    }

    #[test]
    fn a_page_scenario_is_the_api_request() {
        let r = to_request(&scenario(
            "project=renca-solar&p.capacity=3+MW&gwp=ar6&grid=trajectory\
             &grid_trajectory=2024%3D0.26+tCO2e%2FMWh%2C+2030%3D0.15+tCO2e%2FMWh&draws=0",
        ))
        .unwrap();
        let expected: ScenarioRequest = serde_json::from_value(serde_json::json!({
            "project": "renca-solar",
            "parameters": {"capacity": "3 MW"},
            "options": {"gwp": "ar6", "grid_factor": {"trajectory": [
                {"year": 2024, "value": "0.26 tCO2e/MWh"},
                {"year": 2030, "value": "0.15 tCO2e/MWh"}
            ]}}
        }))
        .unwrap();
        assert_eq!(r, expected);
        // Draws by default.
        let r = to_request(&scenario("project=renca-solar")).unwrap();
        let u = r.options.uncertainty.unwrap();
        assert_eq!((u.draws, u.seed), (DEFAULT_DRAWS, DEFAULT_SEED));
    }

    #[test]
    fn form_problems_name_their_fields() {
        let e = to_request(&scenario(
            "project=renca-solar&grid=constant&draws=many&gwp=ar9",
        ))
        .unwrap_err();
        let fields: Vec<String> = e.errors.iter().map(|f| f.field.dotted()).collect();
        assert_eq!(
            fields,
            [
                "options.gwp",
                "options.grid_factor.constant",
                "options.uncertainty.draws"
            ]
        );
        let e = to_request(&scenario(
            "project=x&grid=trajectory&grid_trajectory=2024:0.3",
        ))
        .unwrap_err();
        assert!(e.errors[0].message.contains("not YEAR=VALUE"), "{e:?}");
    }

    #[test]
    fn a_request_made_by_the_page_reads_back_into_the_same_scenario() {
        for q in [
            "project=renca-solar&p.capacity=3+MW&gwp=ar6&start=2025-01-01&seed=7",
            "project=renca-solar&grid=constant&grid_constant=0.2+tCO2e%2FMWh&draws=0",
            "project=renca-solar&grid=trajectory&grid_trajectory=2024%3D0.26+tCO2e%2FMWh%2C+2030%3D0.15+tCO2e%2FMWh",
            "project=badung-compost&grid_series=id-jamali&lifetime=20+yr",
            "model=solar-pv&site.name=Roof&site.latitude=-33.4+deg&site.longitude=-70.7+deg\
             &site.wind=2+m%2Fs&site.ghi_daily=8+kWh%2Fm%C2%B2%2C+7+kWh%2Fm%C2%B2&p.capacity=5+kW",
        ] {
            let s = scenario(q);
            let req = to_request(&s).unwrap();
            // Through the store's canonical JSON, as a saved scenario is read back.
            let stored: ScenarioRequest =
                serde_json::from_str(&crate::store::canonical_json(&req)).unwrap();
            let back = from_request(&stored).unwrap_or_else(|| panic!("{q}"));
            assert_eq!(to_request(&back).unwrap(), req, "{q}");
            assert_eq!(back.parameters, s.parameters, "{q}");
            assert_eq!(back.site, s.site, "{q}");
        }
    }

    #[test]
    fn a_request_the_fields_cannot_hold_is_refused() {
        let mut req = to_request(&scenario("project=renca-solar")).unwrap();
        req.parameters.insert(
            "capacity".into(),
            QuantityInput::Object {
                value: 3.0,
                unit: "MW".into(),
            },
        );
        assert!(from_request(&req).is_none(), "a {{value, unit}} object");
        let mut req = to_request(&scenario("project=renca-solar")).unwrap();
        req.options.hourly = true;
        assert!(from_request(&req).is_none(), "hourly output");
        let mut req = to_request(&scenario("project=renca-solar")).unwrap();
        req.options
            .uncertainty
            .as_mut()
            .unwrap()
            .parameters
            .insert("capacity".into(), None);
        assert!(from_request(&req).is_none(), "a distribution replaced");
    }

    #[test]
    fn a_new_project_is_an_inline_project() {
        let r = to_request(&scenario(
            "model=solar-pv&site.name=Roof&site.latitude=-33.4+deg&site.longitude=-70.7+deg\
             &site.wind=2+m%2Fs&site.ghi_daily=8+kWh%2Fm%C2%B2%2C+7+kWh%2Fm%C2%B2",
        ))
        .unwrap();
        let ProjectRef::Inline(p) = r.project else {
            panic!("inline expected")
        };
        assert_eq!(p.name.as_deref(), Some("Roof"));
        assert_eq!(
            p.location.unwrap().latitude,
            QuantityInput::Text("-33.4 deg".into())
        );
        let c = p.climate.unwrap();
        assert_eq!(c.ghi_daily.len(), 2);
        assert_eq!(c.wind, [QuantityInput::Text("2 m/s".into())]);
    }
}
