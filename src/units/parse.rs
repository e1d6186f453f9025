//! Parsing quantities at the edge: `"2 MW"`, `"0.4 tCO2e/MWh"`, `{"value": 2, "unit": "MW"}`.
//!
//! Everything that enters tanso as text goes through [`parse_as`], which either returns a
//! typed quantity or an error that teaches: it names the field, the dimension that was
//! expected with example units, and what was given.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Measure;
use super::output::{MAX_ECHO_CHARS, clip};
use super::table::{Dimension, UNITS, UnitDef, normalize_unit};

/// A quantity as users write it: `"2 MW"`, `{"value": 2, "unit": "MW"}`, or a bare number
/// for dimensionless values such as an albedo of `0.2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum QuantityInput {
    /// A number followed by a unit symbol, e.g. `"2 MW"`.
    Text(String),
    /// A value and a unit symbol given separately.
    Object {
        /// The number, in `unit`.
        value: f64,
        /// One of the accepted symbols of the expected dimension.
        unit: String,
    },
    /// A bare number: only valid for dimensionless quantities (ratios).
    Number(f64),
}

impl QuantityInput {
    /// How the input reads, for error messages (cut to [`MAX_ECHO_CHARS`]).
    pub fn as_written(&self) -> String {
        let text = match self {
            QuantityInput::Text(s) => clip(s, MAX_ECHO_CHARS),
            QuantityInput::Object { value, unit } => format!("{value} {unit}").trim().to_string(),
            QuantityInput::Number(v) => v.to_string(),
        };
        clip(&text, MAX_ECHO_CHARS)
    }
}

impl From<&str> for QuantityInput {
    fn from(s: &str) -> Self {
        QuantityInput::Text(s.to_string())
    }
}

/// What went wrong when reading a quantity, without the field name.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum UnitErrorKind {
    /// The unit is known but measures something else.
    #[error("expected {} such as {}, got \"{given}\" ({})", .expected.phrase(), .expected.examples(), .found.phrase())]
    WrongDimension {
        expected: Dimension,
        found: Dimension,
        given: String,
    },
    /// The unit symbol is not in the table.
    #[error("expected {} such as {}, got \"{given}\": unknown unit \"{unit}\"{}", .expected.phrase(), .expected.examples(), suggestion_text(.suggestions))]
    UnknownUnit {
        expected: Dimension,
        given: String,
        unit: String,
        suggestions: Vec<String>,
    },
    /// A number without a unit where the dimension needs one.
    #[error("expected {} such as {}, got \"{given}\" with no unit", .expected.phrase(), .expected.examples())]
    MissingUnit { expected: Dimension, given: String },
    /// No number could be read.
    #[error("expected {} such as {}, got \"{given}\", which does not start with a number{hint}", .expected.phrase(), .expected.examples())]
    NotANumber {
        expected: Dimension,
        given: String,
        hint: &'static str,
    },
    /// NaN, an infinity, or a value too large to represent.
    #[error(
        "got \"{given}\": the value must be a finite number (NaN and infinities are not accepted)"
    )]
    NotFinite { given: String },
    /// A temperature below absolute zero (0 K = −273.15 °C = −459.67 °F).
    #[error(
        "got \"{given}\": a temperature cannot be below absolute zero (0 K, −273.15 °C, −459.67 °F)"
    )]
    BelowAbsoluteZero { given: String },
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
        format!("; closest accepted units: {}", quoted.join(", "))
    }
}

impl UnitErrorKind {
    /// The dimension that was expected, when the error is about one.
    pub fn expected(&self) -> Option<Dimension> {
        match self {
            UnitErrorKind::WrongDimension { expected, .. }
            | UnitErrorKind::UnknownUnit { expected, .. }
            | UnitErrorKind::MissingUnit { expected, .. }
            | UnitErrorKind::NotANumber { expected, .. } => Some(*expected),
            UnitErrorKind::NotFinite { .. } => None,
            UnitErrorKind::BelowAbsoluteZero { .. } => Some(Dimension::Temperature),
        }
    }
}

/// A quantity that could not be read, with the field it was given for.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{field}: {kind}")]
pub struct UnitError {
    /// The field, as the user named it (a parameter key or a JSON path).
    pub field: String,
    /// What went wrong.
    pub kind: UnitErrorKind,
}

/// A number and the unit it was written in, before it is given a type.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// The number as written.
    pub value: f64,
    /// The unit it was written in.
    pub unit: &'static UnitDef,
}

impl Reading {
    /// The value in SI base units.
    pub fn si(&self) -> f64 {
        self.unit.to_si(self.value)
    }
}

/// Reads `input` as a quantity of type `M`, naming `field` in any error.
///
/// ```
/// use tanso::units::{parse_as, Power};
/// use uom::si::power::kilowatt;
///
/// let p: Power = parse_as("capacity", &"2 MW".into()).unwrap();
/// assert_eq!(p.get::<kilowatt>(), 2000.0);
///
/// let err = parse_as::<Power>("capacity", &"2 MWh".into()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"capacity: expected a power such as "kW" or "MW", got "2 MWh" (an energy)"#
/// );
/// ```
pub fn parse_as<M: Measure>(field: &str, input: &QuantityInput) -> Result<M, UnitError> {
    read(input, M::DIMENSION)
        .and_then(|r| {
            let si = r.si();
            if si.is_finite() {
                Ok(M::from_si(si))
            } else {
                Err(UnitErrorKind::NotFinite {
                    given: clip(&input.as_written(), MAX_ECHO_CHARS),
                })
            }
        })
        .map_err(|kind| UnitError {
            field: field.to_string(),
            kind,
        })
}

/// Reads `input` as a number in a unit of dimension `expected`.
pub fn read(input: &QuantityInput, expected: Dimension) -> Result<Reading, UnitErrorKind> {
    let (value, unit_text) = match input {
        QuantityInput::Text(text) => split_number(text, expected)?,
        QuantityInput::Object { value, unit } => (*value, unit.clone()),
        QuantityInput::Number(v) => (*v, String::new()),
    };
    // What was given is echoed in errors only: written out when one is made (the catalog
    // reads about a thousand amounts at every start).
    let given = || clip(&input.as_written(), MAX_ECHO_CHARS);
    if !value.is_finite() {
        return Err(UnitErrorKind::NotFinite { given: given() });
    }
    let unit =
        lookup(&unit_text, Some(expected)).map_err(|suggestions| UnitErrorKind::UnknownUnit {
            expected,
            given: given(),
            unit: clip(unit_text.trim(), MAX_ECHO_CHARS),
            suggestions,
        })?;
    if unit.dimension != expected {
        if unit_text.trim().is_empty() {
            return Err(UnitErrorKind::MissingUnit {
                expected,
                given: given(),
            });
        }
        return Err(UnitErrorKind::WrongDimension {
            expected,
            found: unit.dimension,
            given: given(),
        });
    }
    physical(Reading { value, unit }, given)
}

/// A reading that can be a physical value: a temperature (a point on the scale, unlike a
/// temperature interval) is never below absolute zero.
fn physical(r: Reading, given: impl FnOnce() -> String) -> Result<Reading, UnitErrorKind> {
    if r.unit.dimension == Dimension::Temperature && r.si() < 0.0 {
        return Err(UnitErrorKind::BelowAbsoluteZero { given: given() });
    }
    Ok(r)
}

/// Reads text such as `"2 MW"` without knowing its dimension (for `tanso units convert`).
/// Where a symbol belongs to several dimensions (`K`), the first in the table wins.
pub fn read_any(text: &str) -> Result<Reading, UnitErrorKind> {
    read_in(text, None)
}

/// Reads text such as `"2 MW"` where the dimension is only expected, not required (`tanso
/// units convert` knows it from the target unit): unknown units are answered with the
/// closest units of `expected`, and a symbol shared by two dimensions is read in `expected`.
pub fn read_in(text: &str, expected: Option<Dimension>) -> Result<Reading, UnitErrorKind> {
    let (value, unit_text) = split_number(text, expected.unwrap_or(Dimension::Ratio))?;
    let given = clip(text, MAX_ECHO_CHARS);
    if !value.is_finite() {
        return Err(UnitErrorKind::NotFinite { given });
    }
    let unit = lookup(&unit_text, expected).map_err(|suggestions| UnitErrorKind::UnknownUnit {
        expected: expected.unwrap_or(Dimension::Ratio),
        given: given.clone(),
        unit: clip(unit_text.trim(), MAX_ECHO_CHARS),
        suggestions,
    })?;
    physical(Reading { value, unit }, || given)
}

/// Finds a unit symbol in the table of `dimension`.
pub fn find_unit(dimension: Dimension, symbol: &str) -> Option<&'static UnitDef> {
    let wanted = normalize_unit(symbol);
    dimension.units().find(|u| u.matches(&wanted))
}

/// Looks a unit up, preferring the expected dimension when a symbol is shared (`K`, `°C`).
/// On failure, returns the closest accepted symbols.
fn lookup(unit_text: &str, expected: Option<Dimension>) -> Result<&'static UnitDef, Vec<String>> {
    let wanted = normalize_unit(unit_text);
    let candidates = super::table::units_spelled(&wanted);
    candidates
        .iter()
        .find(|u| Some(u.dimension) == expected)
        .or(candidates.first())
        .copied()
        .ok_or_else(|| closest_units(&wanted, expected))
}

/// The accepted symbols nearest to `wanted`: with an expected dimension, only its symbols
/// (the three closest, however far: "2 furlongs" for a power suggests power units); without
/// one, any symbol close enough.
fn closest_units(wanted: &str, expected: Option<Dimension>) -> Vec<String> {
    // Long garbage is compared by its start: a unit symbol is short.
    let lower: String = wanted.chars().take(32).collect::<String>().to_lowercase();
    let mut scored: Vec<(f64, bool, &'static str)> = UNITS
        .iter()
        .filter(|u| expected.is_none_or(|d| u.dimension == d))
        .flat_map(|u| {
            std::iter::once(u.symbol)
                .chain(u.aliases.iter().copied())
                .map(move |s| (u, s))
        })
        .filter(|(_, s)| !s.is_empty())
        .map(|(u, s)| {
            let score = strsim::jaro_winkler(&lower, &normalize_unit(s).to_lowercase());
            (score, Some(u.dimension) == expected, u.symbol)
        })
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.total_cmp(&a.0)));
    let mut out: Vec<String> = Vec::new();
    for (score, _, symbol) in scored {
        if score < 0.6 && expected.is_none() {
            continue;
        }
        if !out.iter().any(|s| s == symbol) {
            out.push(symbol.to_string());
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Splits `"2.5e3 kW"` into `2500.0` and `"kW"`.
fn split_number(text: &str, expected: Dimension) -> Result<(f64, String), UnitErrorKind> {
    // A leading Unicode minus sign (U+2212), as typographers and some tools write it.
    let minus;
    let s = match text.trim().strip_prefix('−') {
        Some(rest) => {
            minus = format!("-{rest}");
            minus.as_str()
        }
        None => text.trim(),
    };
    let bytes = s.as_bytes();
    let mut end = 0;
    if end < bytes.len() && (bytes[end] == b'+' || bytes[end] == b'-') {
        end += 1;
    }
    let digits_start = end;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
        end += 1;
    }
    let has_digits = bytes[digits_start..end].iter().any(u8::is_ascii_digit);
    if has_digits && end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
        let mut exp = end + 1;
        if exp < bytes.len() && (bytes[exp] == b'+' || bytes[exp] == b'-') {
            exp += 1;
        }
        if exp < bytes.len() && bytes[exp].is_ascii_digit() {
            while exp < bytes.len() && bytes[exp].is_ascii_digit() {
                exp += 1;
            }
            end = exp;
        }
    }
    if !has_digits {
        let lowered = s[digits_start..]
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        if lowered.starts_with("nan") || lowered.starts_with("inf") {
            return Err(UnitErrorKind::NotFinite {
                given: clip(text, MAX_ECHO_CHARS),
            });
        }
        return Err(UnitErrorKind::NotANumber {
            expected,
            given: clip(text, MAX_ECHO_CHARS),
            hint: "",
        });
    }
    let value: f64 = s[..end].parse().map_err(|_| UnitErrorKind::NotANumber {
        expected,
        given: clip(text, MAX_ECHO_CHARS),
        hint: "",
    })?;
    let rest = &s[end..];
    if rest.starts_with(',') {
        return Err(UnitErrorKind::NotANumber {
            expected,
            given: clip(text, MAX_ECHO_CHARS),
            hint: " (write decimals with a point and no thousands separators, e.g. \"1732 mm/yr\")",
        });
    }
    Ok((value, rest.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass, GasPerMass};
    use crate::units::{
        AnnualRate, Energy, Irradiance, MassRate, Power, Ratio, Temperature,
        TemperatureCoefficient, TemperatureInterval,
    };
    use uom::si::energy::kilowatt_hour;
    use uom::si::frequency::hertz;
    use uom::si::heat_flux_density::watt_per_square_meter;
    use uom::si::mass::ton;
    use uom::si::mass_rate::ton_per_day;
    use uom::si::power::kilowatt;
    use uom::si::ratio::ratio;
    use uom::si::temperature_coefficient::per_kelvin;
    use uom::si::temperature_interval::kelvin as dkelvin;
    use uom::si::thermodynamic_temperature::degree_celsius;

    fn p<M: Measure>(s: &str) -> Result<M, UnitError> {
        parse_as("field", &QuantityInput::from(s))
    }

    #[test]
    fn the_issue_examples_parse() {
        assert_eq!(p::<Power>("2 MW").unwrap().get::<kilowatt>(), 2000.0);
        assert!((p::<MassRate>("50 t/d").unwrap().get::<ton_per_day>() - 50.0).abs() < 1e-9);
        // 0.4 t/MWh = 400 g/kWh, both in kg/J.
        let a: EmissionIntensity<Co2e> = p("0.4 tCO2e/MWh").unwrap();
        let b: EmissionIntensity<Co2e> = p("400 g/kWh").unwrap();
        assert!((a.per_energy().value - b.per_energy().value).abs() < 1e-18);
        assert!((p::<Ratio>("14.08 %").unwrap().get::<ratio>() - 0.1408).abs() < 1e-12);
        assert!((p::<Temperature>("25 °C").unwrap().get::<degree_celsius>() - 25.0).abs() < 1e-9);
        assert!((p::<Temperature>("25 degC").unwrap().get::<degree_celsius>() - 25.0).abs() < 1e-9);
    }

    #[test]
    fn object_form_and_bare_numbers() {
        let obj = QuantityInput::Object {
            value: 2.0,
            unit: "MW".into(),
        };
        let power: Power = parse_as("capacity", &obj).unwrap();
        assert_eq!(power.get::<kilowatt>(), 2000.0);
        let albedo: Ratio = parse_as("albedo", &QuantityInput::Number(0.2)).unwrap();
        assert_eq!(albedo.get::<ratio>(), 0.2);
        let err = parse_as::<Power>("capacity", &QuantityInput::Number(2.0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"capacity: expected a power such as "kW" or "MW", got "2" with no unit"#
        );
    }

    #[test]
    fn spacing_superscripts_and_exponents() {
        assert_eq!(p::<Power>("2MW").unwrap().get::<kilowatt>(), 2000.0);
        assert_eq!(p::<Power>("  1.5e3 kW ").unwrap().get::<kilowatt>(), 1500.0);
        assert_eq!(
            p::<Irradiance>("1000 W/m²")
                .unwrap()
                .get::<watt_per_square_meter>(),
            1000.0
        );
        assert_eq!(
            p::<Irradiance>("1000 W/m2")
                .unwrap()
                .get::<watt_per_square_meter>(),
            1000.0
        );
        let e: Energy = p("1 kW · h").unwrap();
        assert_eq!(e.get::<kilowatt_hour>(), 1.0);
        let ef: EmissionIntensity<Co2e> = p("0.4 t CO2e / MWh").unwrap();
        assert!(ef.per_energy().value > 0.0);
    }

    #[test]
    fn temperature_and_interval_stay_apart() {
        // A 10 °C difference is 10 K; the temperature 10 °C is 283.15 K.
        let dt: TemperatureInterval = p("10 °C").unwrap();
        assert!((dt.get::<dkelvin>() - 10.0).abs() < 1e-12);
        let t: Temperature = p("10 °C").unwrap();
        assert!((t.value - 283.15).abs() < 1e-9);
        let gamma: TemperatureCoefficient = p("-0.37 %/°C").unwrap();
        assert!((gamma.get::<per_kelvin>() + 0.0037).abs() < 1e-15);
    }

    #[test]
    fn gas_tagged_units() {
        let ch4: GasPerMass<Ch4> = p("4 gCH4/kg").unwrap();
        assert!((ch4.ratio().get::<ratio>() - 0.004).abs() < 1e-15);
        let m: GasMass<Co2e> = p("6010 tCO2").unwrap();
        assert_eq!(m.mass().get::<ton>(), 6010.0);
        // A CH4 factor is not an N2O factor.
        let err = p::<GasPerMass<crate::units::ghg::N2o>>("4 gCH4/kg").unwrap_err();
        assert!(matches!(err.kind, UnitErrorKind::WrongDimension { .. }));
        // 0.4 per year: a decay constant.
        let k: AnnualRate = p("0.4 1/yr").unwrap();
        assert!((k.get::<hertz>() - 0.4 / 3.1536e7).abs() < 1e-20);
    }

    #[test]
    fn errors_name_field_dimension_and_input() {
        let err = parse_as::<Power>("capacity", &"2 MWh".into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"capacity: expected a power such as "kW" or "MW", got "2 MWh" (an energy)"#
        );
        let err = parse_as::<Power>("capacity", &"2 MWW".into()).unwrap_err();
        match &err.kind {
            UnitErrorKind::UnknownUnit { suggestions, .. } => {
                assert_eq!(suggestions.first().map(String::as_str), Some("MW"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("closest accepted units: \"MW\""));
    }

    #[test]
    fn non_finite_and_non_numbers_are_rejected() {
        for bad in ["NaN MW", "nan", "inf kW", "-Infinity kW", "1e400 MW"] {
            let err = p::<Power>(bad).unwrap_err();
            assert!(
                matches!(err.kind, UnitErrorKind::NotFinite { .. }),
                "{bad}: {err}"
            );
        }
        let err = p::<Power>("two MW").unwrap_err();
        assert!(matches!(err.kind, UnitErrorKind::NotANumber { .. }));
        let err = p::<Power>("").unwrap_err();
        assert!(matches!(err.kind, UnitErrorKind::NotANumber { .. }));
        let err = p::<Power>("1,5 MW").unwrap_err();
        assert!(err.to_string().contains("decimals with a point"), "{err}");
        // Overflow in the conversion to SI (1e300 GW) is caught too.
        let err = p::<Power>("1e300 GW").unwrap_err();
        assert!(matches!(err.kind, UnitErrorKind::NotFinite { .. }));
    }

    #[test]
    fn read_any_converts_between_units() {
        let r = read_any("2 MW").unwrap();
        let kw = find_unit(r.unit.dimension, "kW").unwrap();
        assert_eq!(kw.from_si(r.si()), 2000.0);
    }
}
