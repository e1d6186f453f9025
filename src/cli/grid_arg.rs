//! The text form of `tanso estimate --grid-factor`, one for each form the API accepts
//! ([`GridFactorInput`]):
//!
//! | Form            | Example                                               |
//! |-----------------|-------------------------------------------------------|
//! | series id       | `cl-sen-ember-average`                                |
//! | constant        | `"0.25 tCO2e/MWh"`                                    |
//! | trajectory      | `"2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh"`           |
//! | combined margin | `"om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %"` (w optional) |
//!
//! A text with `=` is a list of `KEY=VALUE` pairs separated by commas: all keys years (a
//! trajectory), or all keys among `om`, `bm`, `w` (a combined margin; the long names
//! `operating_margin`, `build_margin` and `om_weight` are accepted too). Otherwise a text
//! starting with a number is a constant, and anything else a series id. Values stay text:
//! their units and ranges are checked by the engine, exactly as for an API request.

use crate::scenario::request::{CombinedMarginInput, GridFactorInput, TrajectoryPoint};
use crate::units::QuantityInput;

/// The accepted forms, for error messages.
const FORMS: &str = "a series id (cl-sen-ember-average), a constant (\"0.25 tCO2e/MWh\"), \
a trajectory (\"2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh\") or a combined margin \
(\"om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %\")";

/// Reads the `--grid-factor` text into the API's grid-factor input.
pub fn parse_grid_factor(text: &str) -> Result<GridFactorInput, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("--grid-factor is empty; expected {FORMS}"));
    }
    if t.contains('=') {
        return parse_pairs(t);
    }
    if looks_numeric(t) {
        if t.contains(',') {
            return Err(format!(
                "--grid-factor \"{t}\": a constant is one value; for values by year write \
                 YEAR=VALUE pairs, e.g. \"2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh\""
            ));
        }
        return Ok(GridFactorInput::Constant(QuantityInput::Text(
            t.to_string(),
        )));
    }
    let is_id = t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if is_id {
        Ok(GridFactorInput::Series(t.to_string()))
    } else {
        Err(format!(
            "--grid-factor \"{t}\" is not a series id (letters, digits, '-', '_') nor a \
             number with a unit; expected {FORMS}"
        ))
    }
}

/// A text that is meant as a number: it starts with a digit, a point or a sign (the
/// Unicode minus too), or is NaN or an infinity. Such a text is read as a constant, so that
/// "-0.2 tCO2e/MWh" or "NaN" get the unit parser's message about dimension and range, not
/// "unknown series".
fn looks_numeric(t: &str) -> bool {
    let unsigned = t.trim_start_matches(['+', '-', '−']).to_ascii_lowercase();
    let word = unsigned
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '−'))
        || matches!(word, "nan" | "inf" | "infinity")
}

/// Which combined-margin field a key names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Margin {
    Operating,
    Build,
    Weight,
}

fn margin_key(key: &str) -> Option<Margin> {
    match key.to_ascii_lowercase().as_str() {
        "om" | "operating_margin" => Some(Margin::Operating),
        "bm" | "build_margin" => Some(Margin::Build),
        "w" | "om_weight" => Some(Margin::Weight),
        _ => None,
    }
}

fn parse_pairs(t: &str) -> Result<GridFactorInput, String> {
    let mut pairs = Vec::new();
    for item in t.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(format!(
                "--grid-factor \"{t}\": an empty entry between commas; expected KEY=VALUE pairs \
                 separated by single commas"
            ));
        }
        let Some((key, value)) = item.split_once('=') else {
            return Err(format!(
                "--grid-factor \"{t}\": \"{item}\" is not KEY=VALUE (a value with a decimal \
                 comma? write 0.26, not 0,26); expected {FORMS}"
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() || value.is_empty() {
            return Err(format!(
                "--grid-factor \"{t}\": \"{item}\" needs both a key and a value, e.g. \
                 2024=0.26 tCO2e/MWh or om=0.6 tCO2/MWh"
            ));
        }
        if value.contains('=') {
            return Err(format!(
                "--grid-factor \"{t}\": \"{item}\" has more than one '='; separate pairs with \
                 commas"
            ));
        }
        pairs.push((key, value));
    }
    let is_year = |k: &str| k.chars().all(|c| c.is_ascii_digit());
    if pairs.iter().all(|(k, _)| is_year(k)) {
        let mut points: Vec<TrajectoryPoint> = Vec::new();
        for (key, value) in pairs {
            let year: i32 = key
                .parse()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(|| {
                    format!("--grid-factor \"{t}\": {key} is not a year between 1900 and 2200")
                })?;
            if points.iter().any(|p| p.year == year) {
                return Err(format!("--grid-factor \"{t}\": year {year} is given twice"));
            }
            points.push(TrajectoryPoint {
                year,
                value: QuantityInput::Text(value.to_string()),
            });
        }
        return Ok(GridFactorInput::Trajectory(points));
    }
    if pairs.iter().all(|(k, _)| margin_key(k).is_some()) {
        let mut om = None;
        let mut bm = None;
        let mut w = None;
        for (key, value) in pairs {
            let slot = match margin_key(key).expect("checked above") {
                Margin::Operating => &mut om,
                Margin::Build => &mut bm,
                Margin::Weight => &mut w,
            };
            if slot.is_some() {
                return Err(format!("--grid-factor \"{t}\": {key} is given twice"));
            }
            *slot = Some(QuantityInput::Text(value.to_string()));
        }
        let (Some(operating_margin), Some(build_margin)) = (om, bm) else {
            return Err(format!(
                "--grid-factor \"{t}\": a combined margin needs both om= (operating margin) \
                 and bm= (build margin), e.g. \"om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %\" \
                 (w, the operating-margin weight, defaults to 75 %)"
            ));
        };
        return Ok(GridFactorInput::CombinedMargin(CombinedMarginInput {
            operating_margin,
            build_margin,
            om_weight: w,
        }));
    }
    let odd: Vec<&str> = pairs
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| margin_key(k).is_none() && !is_year(k))
        .collect();
    if odd.is_empty() {
        Err(format!(
            "--grid-factor \"{t}\" mixes years with om/bm/w; give either a trajectory \
             (YEAR=VALUE,...) or a combined margin (om=..,bm=..,w=..)"
        ))
    } else {
        Err(format!(
            "--grid-factor \"{t}\": unknown key{} {}; keys are years (a trajectory, \
             \"2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh\") or om, bm, w (a combined margin, \
             \"om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %\")",
            if odd.len() > 1 { "s" } else { "" },
            odd.iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> QuantityInput {
        QuantityInput::Text(s.to_string())
    }

    #[test]
    fn series_id() {
        assert_eq!(
            parse_grid_factor("cl-sen-ember-average").unwrap(),
            GridFactorInput::Series("cl-sen-ember-average".into())
        );
        assert_eq!(
            parse_grid_factor("  id_jamali.jcm  ").unwrap(),
            GridFactorInput::Series("id_jamali.jcm".into())
        );
    }

    #[test]
    fn constant() {
        assert_eq!(
            parse_grid_factor("0.25 tCO2e/MWh").unwrap(),
            GridFactorInput::Constant(text("0.25 tCO2e/MWh"))
        );
        assert_eq!(
            parse_grid_factor(" .4 t/MWh ").unwrap(),
            GridFactorInput::Constant(text(".4 t/MWh"))
        );
        // Units are checked by the engine, not here.
        assert_eq!(
            parse_grid_factor("-1 MW").unwrap(),
            GridFactorInput::Constant(text("-1 MW"))
        );
        // NaN, infinities and a Unicode minus are numbers for the engine to refuse, never
        // series ids.
        for t in [
            "NaN",
            "nan tCO2e/MWh",
            "-inf t/MWh",
            "Infinity",
            "−0.2 tCO2e/MWh",
        ] {
            assert_eq!(
                parse_grid_factor(t).unwrap(),
                GridFactorInput::Constant(text(t)),
                "{t}"
            );
        }
        // A series id that starts with letters spelling a number word is still an id.
        assert_eq!(
            parse_grid_factor("india-cea-2023").unwrap(),
            GridFactorInput::Series("india-cea-2023".into())
        );
    }

    #[test]
    fn trajectory() {
        assert_eq!(
            parse_grid_factor("2024=0.26 tCO2e/MWh, 2030 = 0.15 tCO2e/MWh").unwrap(),
            GridFactorInput::Trajectory(vec![
                TrajectoryPoint {
                    year: 2024,
                    value: text("0.26 tCO2e/MWh"),
                },
                TrajectoryPoint {
                    year: 2030,
                    value: text("0.15 tCO2e/MWh"),
                },
            ])
        );
        assert_eq!(
            parse_grid_factor("2030=400 g/kWh").unwrap(),
            GridFactorInput::Trajectory(vec![TrajectoryPoint {
                year: 2030,
                value: text("400 g/kWh"),
            }])
        );
    }

    #[test]
    fn combined_margin() {
        assert_eq!(
            parse_grid_factor("om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %").unwrap(),
            GridFactorInput::CombinedMargin(CombinedMarginInput {
                operating_margin: text("0.6 tCO2/MWh"),
                build_margin: text("0.3 tCO2/MWh"),
                om_weight: Some(text("75 %")),
            })
        );
        assert_eq!(
            parse_grid_factor("BM=0.3 tCO2/MWh, operating_margin=0.6 tCO2/MWh").unwrap(),
            GridFactorInput::CombinedMargin(CombinedMarginInput {
                operating_margin: text("0.6 tCO2/MWh"),
                build_margin: text("0.3 tCO2/MWh"),
                om_weight: None,
            })
        );
    }

    #[test]
    fn malformed() {
        let err = |s: &str| parse_grid_factor(s).unwrap_err();
        assert!(err("").contains("empty"));
        assert!(err("   ").contains("empty"));
        assert!(err("0.26 tCO2e/MWh,0.15 tCO2e/MWh").contains("YEAR=VALUE"));
        assert!(err("2024=0,26 tCO2e/MWh").contains("decimal comma"));
        assert!(err("2024=0.26 tCO2e/MWh,,2030=0.1 t/MWh").contains("empty entry"));
        assert!(err("2024=").contains("both a key and a value"));
        assert!(err("=0.3 t/MWh").contains("both a key and a value"));
        assert!(err("2024=0.2 t/MWh=3").contains("more than one '='"));
        assert!(err("24=0.3 t/MWh").contains("not a year"));
        assert!(err("99999999999=0.3 t/MWh").contains("not a year"));
        assert!(err("2024=0.3 t/MWh,2024=0.2 t/MWh").contains("given twice"));
        assert!(err("om=0.6 t/MWh").contains("needs both om= "));
        assert!(err("om=0.6 t/MWh,om=0.5 t/MWh,bm=0.3 t/MWh").contains("om is given twice"));
        assert!(err("om=0.6 t/MWh,2024=0.3 t/MWh").contains("mixes years"));
        let e = err("om=0.6 t/MWh,xm=0.3 t/MWh");
        assert!(e.contains("unknown key \"xm\""), "{e}");
        assert!(err("cl sen ember").contains("not a series id"));
    }
}
