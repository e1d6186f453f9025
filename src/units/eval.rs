//! The units playground: evaluates `2 MW * 8760 h * 16.5 %` over tanso's own unit table.
//!
//! Compile-time types check the engine; this is the same algebra at run time, for a person
//! typing an expression. Every literal is a number and a unit from the table ([`UNITS`]), so
//! `tCO2e`, `gCH4/kg` or `kWh/kWp` work as they do in a data file; a value carries its SI
//! dimension (exponents of length, mass, time, ...), its gas when it has one, and tanso's kind
//! when it is more than its SI dimension (a specific yield is not a time, a temperature is a
//! point on a scale). Methane becomes CO2e only through a named set: `2 tCH4 * gwp(ar5)`.
//!
//! An expression that has no meaning is refused with a message that says which operand has
//! which dimension and what would make sense ("a power times a time is an energy").
//!
//! Grammar (a small recursive-descent parser; no crate needed for twenty rules):
//!
//! ```text
//! sum     = product { ("+" | "-") product }
//! product = unary { ("*" | "×" | "·" | "/" | "÷") unary }
//! unary   = "-" unary | primary
//! primary = number [unit] | unit | "(" sum ")" | "gwp(" set ")"
//! ```
//!
//! A unit is written without spaces (`tCO2e/MWh`); the longest accepted symbol wins.

use std::sync::LazyLock;

use thiserror::Error;

use super::ghg::{GwpSet, GwpSetId};
use super::output::format_readable;
use super::parse::read_any;
use super::table::{Dimension, UNITS, UnitDef, normalize_unit, units_spelled};
use super::{Measure, UnitErrorKind};

/// Longest expression accepted (characters).
pub const MAX_EXPRESSION_CHARS: usize = 1000;
/// Deepest nesting of parentheses and signs.
const MAX_DEPTH: usize = 64;

/// SI base exponents in `uom`'s order: length, mass, time, current, temperature, amount,
/// luminous intensity.
type Exponents = [i8; 7];
const SYMBOLS: [&str; 7] = ["m", "kg", "s", "A", "K", "mol", "cd"];

/// A greenhouse gas carried by a value (a mass of it, or a mass of it per something).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GasTag {
    Co2e,
    Ch4,
    N2o,
}

impl GasTag {
    fn formula(self) -> &'static str {
        match self {
            GasTag::Co2e => "CO2e",
            GasTag::Ch4 => "CH4",
            GasTag::N2o => "N2O",
        }
    }
}

/// What a tanso dimension is in SI, and its gas.
struct Shape {
    dimension: Dimension,
    exponents: Exponents,
    gas: Option<GasTag>,
}

/// Exponents of a `uom` quantity type, read from its type-level dimension.
fn exponents_of<D, U>(_: std::marker::PhantomData<uom::si::Quantity<D, U, f64>>) -> Exponents
where
    D: uom::si::Dimension + ?Sized,
    U: uom::si::Units<f64> + ?Sized,
{
    use uom::typenum::Integer;
    [
        D::L::to_i8(),
        D::M::to_i8(),
        D::T::to_i8(),
        D::I::to_i8(),
        D::Th::to_i8(),
        D::N::to_i8(),
        D::J::to_i8(),
    ]
}

/// Each dimension of the table with its SI exponents (from the `uom` type it is stored in)
/// and gas. A dimension added to the table without a row here is reported by a test.
static SHAPES: LazyLock<Vec<Shape>> = LazyLock::new(|| {
    use super::{
        Angle, Area, AvailableEnergy, Energy, Frequency, HeatFluxDensity, Length, Mass,
        MassPerEnergy, MassRate, Power, RadiantExposure, Ratio, ReciprocalLength,
        TemperatureCoefficient, TemperatureInterval, ThermodynamicTemperature, Time, Velocity,
        Volume, VolumeRate,
    };
    use Dimension as D;
    use GasTag::*;
    use std::marker::PhantomData as P;
    use uom::si::f64::{Force, LinearMassDensity, Pressure, SpecificVolume};
    let rows: Vec<(Dimension, Exponents, Option<GasTag>)> = vec![
        (D::Power, exponents_of(P::<Power>), None),
        (D::Energy, exponents_of(P::<Energy>), None),
        (D::Mass, exponents_of(P::<Mass>), None),
        (D::MassRate, exponents_of(P::<MassRate>), None),
        (
            D::EmissionIntensity,
            exponents_of(P::<MassPerEnergy>),
            Some(Co2e),
        ),
        (D::Irradiance, exponents_of(P::<HeatFluxDensity>), None),
        (D::Insolation, exponents_of(P::<RadiantExposure>), None),
        (
            D::Temperature,
            exponents_of(P::<ThermodynamicTemperature>),
            None,
        ),
        (
            D::TemperatureInterval,
            exponents_of(P::<TemperatureInterval>),
            None,
        ),
        (
            D::TemperatureCoefficient,
            exponents_of(P::<TemperatureCoefficient>),
            None,
        ),
        (D::Length, exponents_of(P::<Length>), None),
        (D::Area, exponents_of(P::<Area>), None),
        (D::Angle, exponents_of(P::<Angle>), None),
        (D::Time, exponents_of(P::<Time>), None),
        (D::Ratio, exponents_of(P::<Ratio>), None),
        (D::Volume, exponents_of(P::<Volume>), None),
        (D::VolumeRate, exponents_of(P::<VolumeRate>), None),
        (D::EnergyPerMass, exponents_of(P::<AvailableEnergy>), None),
        (D::Ch4PerMass, exponents_of(P::<Ratio>), Some(Ch4)),
        (D::N2oPerMass, exponents_of(P::<Ratio>), Some(N2o)),
        (D::SpecificYield, exponents_of(P::<Time>), None),
        (D::Speed, exponents_of(P::<Velocity>), None),
        (D::AnnualRate, exponents_of(P::<Frequency>), None),
        (D::Precipitation, exponents_of(P::<Velocity>), None),
        (D::Co2eMass, exponents_of(P::<Mass>), Some(Co2e)),
        (D::Ch4Mass, exponents_of(P::<Mass>), Some(Ch4)),
        (D::N2oMass, exponents_of(P::<Mass>), Some(N2o)),
        (D::Co2ePerMass, exponents_of(P::<Ratio>), Some(Co2e)),
        (
            D::FreightIntensity,
            exponents_of(P::<ReciprocalLength>),
            Some(Co2e),
        ),
        (D::PassengerDistance, exponents_of(P::<Length>), None),
        (D::VehicleDistance, exponents_of(P::<Length>), None),
        (D::Occupancy, exponents_of(P::<Ratio>), None),
        (D::FuelConsumption, exponents_of(P::<Area>), None),
        (D::EnergyPerDistance, exponents_of(P::<Force>), None),
        (D::EnergyPerVolume, exponents_of(P::<Pressure>), None),
        (
            D::PassengerIntensity,
            exponents_of(P::<LinearMassDensity>),
            Some(Co2e),
        ),
        (
            D::VehicleIntensity,
            exponents_of(P::<LinearMassDensity>),
            Some(Co2e),
        ),
        (D::Ch4Intensity, exponents_of(P::<MassPerEnergy>), Some(Ch4)),
        (D::N2oIntensity, exponents_of(P::<MassPerEnergy>), Some(N2o)),
        (D::Count, exponents_of(P::<Ratio>), None),
        (D::Ridership, exponents_of(P::<Frequency>), None),
        (D::VolumePerMass, exponents_of(P::<SpecificVolume>), None),
    ];
    rows.into_iter()
        .map(|(dimension, exponents, gas)| Shape {
            dimension,
            exponents,
            gas,
        })
        .collect()
});

fn shape(d: Dimension) -> Option<&'static Shape> {
    SHAPES.iter().find(|s| s.dimension == d)
}

/// Dimensions that are more than their SI dimension: never given to a computed result, only
/// kept when a value was written in one of their units.
fn is_special(d: Dimension) -> bool {
    // Transport and counting dimensions share their SI dimension with a plainer one (a
    // passenger-km is a length, an occupancy a ratio): a computed value is never one of them.
    matches!(
        d,
        Dimension::Angle
            | Dimension::Temperature
            | Dimension::SpecificYield
            | Dimension::Precipitation
            | Dimension::PassengerDistance
            | Dimension::VehicleDistance
            | Dimension::Occupancy
            | Dimension::FuelConsumption
            | Dimension::PassengerIntensity
            | Dimension::VehicleIntensity
            | Dimension::Count
            | Dimension::Ridership
    )
}

/// The tanso dimension a computed value with these exponents and gas is.
fn canonical(exponents: Exponents, gas: Option<GasTag>) -> Option<Dimension> {
    SHAPES
        .iter()
        .find(|s| s.exponents == exponents && s.gas == gas && !is_special(s.dimension))
        .map(|s| s.dimension)
}

/// A value during evaluation.
#[derive(Debug, Clone)]
struct Value {
    /// Magnitude in SI base units.
    si: f64,
    exponents: Exponents,
    gas: Option<GasTag>,
    /// tanso's dimension, when the value has one.
    kind: Option<Dimension>,
    /// A number written without a unit.
    bare: bool,
    /// The operand as written, for messages.
    text: String,
    /// `gwp(set)`: not a quantity, only a factor for CH4 and N2O.
    gwp: Option<GwpSet>,
}

impl Value {
    fn of_kind(si: f64, kind: Dimension, text: String) -> Value {
        let s = shape(kind);
        Value {
            si,
            exponents: s.map_or([0; 7], |s| s.exponents),
            gas: s.and_then(|s| s.gas),
            kind: Some(kind),
            bare: false,
            text,
            gwp: None,
        }
    }

    fn computed(si: f64, exponents: Exponents, gas: Option<GasTag>, text: String) -> Value {
        Value {
            si,
            exponents,
            gas,
            kind: canonical(exponents, gas),
            bare: false,
            text,
            gwp: None,
        }
    }

    fn with_text(self, text: String) -> Value {
        Value { text, ..self }
    }

    fn is_dimensionless(&self) -> bool {
        self.exponents == [0; 7] && self.gas.is_none()
    }

    /// "a power (2 MW)".
    fn described(&self) -> String {
        format!(
            "{} ({})",
            describe(self.kind, self.exponents, self.gas),
            self.text
        )
    }
}

/// "an energy", "a mass of CH4", or "a quantity in kg²·m⁴·s⁻⁴" when tanso has no name for it.
fn describe(kind: Option<Dimension>, exponents: Exponents, gas: Option<GasTag>) -> String {
    match kind {
        Some(d) => d.phrase().to_string(),
        None if exponents == [0; 7] && gas.is_none() => "a bare number".to_string(),
        None => format!("a quantity in {}", si_unit(exponents, gas)),
    }
}

/// The SI base unit of a dimension, e.g. `kg·m²·s⁻³`; `kg CH4` for a gas.
fn si_unit(exponents: Exponents, gas: Option<GasTag>) -> String {
    // Mass first, as in kg·m²·s⁻²; then length, time and the rest.
    let order = [1usize, 0, 2, 3, 4, 5, 6];
    let parts: Vec<String> = order
        .iter()
        .filter(|&&i| exponents[i] != 0)
        .map(|&i| {
            let e = exponents[i];
            let mut s = SYMBOLS[i].to_string();
            if let (1, Some(g)) = (i, gas) {
                s = format!("kg {}", g.formula());
            }
            if e != 1 {
                s.push_str(&superscript(e));
            }
            s
        })
        .collect();
    match gas {
        // A gas with no mass left in the dimension (kg CO2e per kg, per joule): say it.
        Some(g) if exponents[1] == 0 => {
            let mut all = vec![format!("kg {}·kg⁻¹", g.formula())];
            all.extend(parts);
            all.join("·")
        }
        _ if parts.is_empty() => "1".to_string(),
        _ => parts.join("·"),
    }
}

fn superscript(e: i8) -> String {
    e.to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            c => c,
        })
        .collect()
}

/// Which input an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalField {
    /// The expression.
    Expression,
    /// The target unit.
    To,
}

/// An expression that cannot be evaluated, with a message that teaches.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{message}")]
pub struct EvalError {
    /// Which input is wrong.
    pub field: EvalField,
    /// What is wrong, and what would make sense.
    pub message: String,
    /// What was expected there, in a few words.
    pub expected: String,
    /// Character offset in the expression where the problem is, when there is one place.
    pub position: Option<usize>,
}

/// An evaluated expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The number in `unit`.
    pub value: f64,
    /// The unit it is expressed in (the `--to` unit, or the dimension's display unit; empty
    /// for a bare number).
    pub unit: String,
    /// tanso's dimension, when the result has one.
    pub dimension: Option<Dimension>,
    /// The dimension in words: "an energy".
    pub phrase: String,
    /// The value in SI base units.
    pub si_value: f64,
    /// The SI base unit: `kg·m²·s⁻²`.
    pub si_unit: String,
    /// Notes about the expression (bare numbers used as factors, ...).
    pub warnings: Vec<String>,
}

impl Evaluation {
    /// `2,890.8 MWh`.
    pub fn readable(&self) -> String {
        let n = format_readable(self.value, 6);
        if self.unit.is_empty() {
            n
        } else {
            format!("{n} {}", self.unit)
        }
    }
}

/// Evaluates `expression`, expressed in `to` when given; `gwp_sets` are the sets `gwp(id)`
/// may name (the catalog's).
pub fn evaluate(
    expression: &str,
    to: Option<&str>,
    gwp_sets: &[GwpSet],
) -> Result<Evaluation, EvalError> {
    let chars = expression.chars().count();
    if chars > MAX_EXPRESSION_CHARS {
        return Err(expression_error(
            format!(
                "the expression is {chars} characters long; the limit is {MAX_EXPRESSION_CHARS}"
            ),
            "a shorter expression",
            None,
        ));
    }
    let mut parser = Parser {
        text: expression,
        pos: 0,
        depth: 0,
        gwp_sets,
        warnings: Vec::new(),
    };
    parser.skip_spaces();
    if parser.at_end() {
        return Err(expression_error(
            "the expression is empty".into(),
            "an expression such as \"2 MW * 8760 h * 16.5 %\"",
            Some(0),
        ));
    }
    let value = parser.sum()?;
    parser.skip_spaces();
    if !parser.at_end() {
        let at = parser.char_pos();
        return Err(expression_error(
            format!(
                "unexpected \"{}\" at character {}: expected an operator (+ - * /) between two quantities",
                parser.rest().chars().next().unwrap_or(' '),
                at + 1
            ),
            "quantities joined by + - * / and parentheses",
            Some(at),
        ));
    }
    if value.gwp.is_some() {
        return Err(expression_error(
            format!(
                "{} is not a quantity: a GWP set only converts a mass of CH4 or N2O to CO2e, as in \"2 tCH4 * {}\"",
                value.text, value.text
            ),
            "a quantity",
            None,
        ));
    }
    if !value.si.is_finite() {
        return Err(expression_error(
            format!("\"{expression}\" is not a finite number"),
            "an expression whose value is finite",
            None,
        ));
    }
    finish(value, to, parser.warnings)
}

/// Expresses the result in the target unit, or in its dimension's display unit.
fn finish(value: Value, to: Option<&str>, warnings: Vec<String>) -> Result<Evaluation, EvalError> {
    let phrase = describe(value.kind, value.exponents, value.gas);
    let si_unit_text = si_unit(value.exponents, value.gas);
    let unit: Option<&'static UnitDef> = match to.map(str::trim).filter(|t| !t.is_empty()) {
        Some(target) => Some(target_unit(&value, target)?),
        None => value.kind.map(Dimension::display_unit),
    };
    let (number, symbol) = match unit {
        Some(u) => (u.from_si(value.si), u.symbol.to_string()),
        None => (
            value.si,
            if value.is_dimensionless() {
                String::new()
            } else {
                si_unit_text.clone()
            },
        ),
    };
    if !number.is_finite() {
        return Err(EvalError {
            field: EvalField::To,
            message: "the result in that unit is not a finite number".into(),
            expected: "a unit in which the result is finite".into(),
            position: None,
        });
    }
    Ok(Evaluation {
        value: number,
        unit: symbol,
        dimension: value.kind,
        phrase,
        si_value: value.si,
        si_unit: si_unit_text,
        warnings,
    })
}

/// The unit `target` for `value`: one of its own dimension first, then any with the same SI
/// dimension and gas (so a full-load time can be shown in kWh/kWp); never a temperature for
/// a difference or the reverse.
fn target_unit(value: &Value, target: &str) -> Result<&'static UnitDef, EvalError> {
    let spelled = units_spelled(&normalize_unit(target));
    let own = spelled.iter().find(|u| Some(u.dimension) == value.kind);
    let compatible = spelled.iter().find(|u| {
        let s = shape(u.dimension);
        s.is_some_and(|s| s.exponents == value.exponents && s.gas == value.gas)
            && (u.dimension == Dimension::Temperature)
                == (value.kind == Some(Dimension::Temperature))
    });
    if let Some(u) = own.or(compatible) {
        return Ok(u);
    }
    let Some(first) = spelled.first() else {
        let suggestions = match read_any(&format!("1 {target}")) {
            Err(UnitErrorKind::UnknownUnit { suggestions, .. }) if !suggestions.is_empty() => {
                format!("; closest accepted units: {}", suggestions.join(", "))
            }
            _ => String::new(),
        };
        return Err(EvalError {
            field: EvalField::To,
            message: format!("unknown unit \"{target}\"{suggestions} (see `tanso units list`)"),
            expected: format!(
                "a unit of {}",
                describe(value.kind, value.exponents, value.gas)
            ),
            position: None,
        });
    };
    let wanted = shape(first.dimension);
    let hint = wanted
        .map(|w| bridge(value, w.exponents, w.gas, first.dimension))
        .unwrap_or_default();
    let accepted: Vec<&str> = value
        .kind
        .map(|k| {
            k.units()
                .map(|u| u.symbol)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Err(EvalError {
        field: EvalField::To,
        message: format!(
            "cannot express {} in {} ({}){hint}",
            value.described(),
            first.symbol,
            first.dimension.phrase()
        ),
        expected: if accepted.is_empty() {
            format!(
                "a unit of {}",
                describe(value.kind, value.exponents, value.gas)
            )
        } else {
            format!(
                "a unit of {}: {}",
                describe(value.kind, value.exponents, value.gas),
                accepted.join(", ")
            )
        },
        position: None,
    })
}

/// What would turn `value` into the dimension `(exponents, gas)`: "; multiply it by a time
/// (such as "h") to get an energy".
fn bridge(value: &Value, exponents: Exponents, gas: Option<GasTag>, goal: Dimension) -> String {
    if value.gas != gas && value.gas.is_some() && gas.is_some() {
        return match (value.gas, gas) {
            (Some(GasTag::Ch4 | GasTag::N2o), Some(GasTag::Co2e)) => format!(
                "; {} becomes CO2e only through a named GWP set: multiply by gwp(ar5), gwp(ar6) or gwp(cdm_lowest)",
                value.gas.map(GasTag::formula).unwrap_or_default()
            ),
            _ => format!(
                "; {} and {} are different gases",
                value.gas.map(GasTag::formula).unwrap_or_default(),
                gas.map(GasTag::formula).unwrap_or_default()
            ),
        };
    }
    let diff: Exponents = std::array::from_fn(|i| exponents[i] - value.exponents[i]);
    let inverse: Exponents = std::array::from_fn(|i| -diff[i]);
    let gas_needed = match (value.gas, gas) {
        (None, Some(g)) => Some(g),
        _ => None,
    };
    for s in SHAPES.iter().filter(|s| !is_special(s.dimension)) {
        if s.gas != gas_needed {
            continue;
        }
        let example = s.dimension.examples();
        if s.exponents == diff && diff != [0; 7] {
            return format!(
                "; multiply it by {} (such as {example}) to get {}",
                s.dimension.phrase(),
                goal.phrase()
            );
        }
        if s.exponents == inverse && inverse != [0; 7] && gas_needed.is_none() {
            return format!(
                "; divide it by {} (such as {example}) to get {}",
                s.dimension.phrase(),
                goal.phrase()
            );
        }
    }
    String::new()
}

fn expression_error(message: String, expected: &str, position: Option<usize>) -> EvalError {
    EvalError {
        field: EvalField::Expression,
        message,
        expected: expected.to_string(),
        position,
    }
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset.
    pos: usize,
    depth: usize,
    gwp_sets: &'a [GwpSet],
    warnings: Vec<String>,
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn char_pos(&self) -> usize {
        self.text[..self.pos].chars().count()
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn deeper(&mut self) -> Result<(), EvalError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(expression_error(
                format!("the expression nests more than {MAX_DEPTH} levels deep"),
                "fewer nested parentheses",
                Some(self.char_pos()),
            ));
        }
        Ok(())
    }

    fn sum(&mut self) -> Result<Value, EvalError> {
        let mut left = self.product()?;
        loop {
            self.skip_spaces();
            let op = match self.peek() {
                Some('+') => Op::Add,
                Some('-') | Some('−') => Op::Sub,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.product()?;
            left = combine(left, op, right)?;
        }
    }

    fn product(&mut self) -> Result<Value, EvalError> {
        let mut left = self.unary()?;
        loop {
            self.skip_spaces();
            let op = match self.peek() {
                Some('*') | Some('×') | Some('·') => Op::Mul,
                Some('/') | Some('÷') => Op::Div,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.unary()?;
            self.note_bare(&left, &right);
            left = combine(left, op, right)?;
        }
    }

    /// A bare number scaling a quantity is allowed but worth a word: 16.5 or 16.5 %?
    fn note_bare(&mut self, left: &Value, right: &Value) {
        for (bare, other) in [(left, right), (right, left)] {
            if bare.bare && !other.is_dimensionless() && other.gwp.is_none() {
                self.warnings.push(format!(
                    "{} has no unit, so it was used as a plain factor (×{}); if it is a percentage or a capacity factor write \"{} %\", if it is a duration give its unit (\"{} h\")",
                    bare.text, bare.text, bare.text, bare.text
                ));
            }
        }
    }

    fn unary(&mut self) -> Result<Value, EvalError> {
        self.skip_spaces();
        if matches!(self.peek(), Some('-') | Some('−')) {
            self.bump();
            self.deeper()?;
            let v = self.unary()?;
            self.depth -= 1;
            if v.gwp.is_some() {
                return Err(expression_error(
                    format!("-{} has no meaning: a GWP set is not a number", v.text),
                    "a quantity",
                    None,
                ));
            }
            return Ok(Value {
                si: -v.si,
                text: format!("-{}", v.text),
                ..v
            });
        }
        if self.peek() == Some('+') {
            self.bump();
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Value, EvalError> {
        self.skip_spaces();
        let start = self.pos;
        match self.peek() {
            None => Err(expression_error(
                "the expression ends where a quantity was expected".into(),
                "a quantity such as \"2 MW\"",
                Some(self.char_pos()),
            )),
            Some('(') => {
                self.bump();
                self.deeper()?;
                let inner = self.sum()?;
                self.depth -= 1;
                self.skip_spaces();
                if self.peek() != Some(')') {
                    return Err(expression_error(
                        format!("missing \")\" at character {}", self.char_pos() + 1),
                        "a closing parenthesis",
                        Some(self.char_pos()),
                    ));
                }
                self.bump();
                Ok(Value {
                    text: self.text[start..self.pos].to_string(),
                    ..inner
                })
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.quantity(),
            Some(_) if self.rest().to_ascii_lowercase().starts_with("gwp(") => self.gwp(),
            Some(c) if c.is_alphabetic() || "%‰°µ".contains(c) => {
                // A unit alone means one of it: "2889 MWh / h".
                let (unit, len) = self.unit_here()?.ok_or_else(|| self.unknown_unit_error())?;
                self.pos += len;
                Ok(Value::of_kind(
                    unit.to_si(1.0),
                    unit.dimension,
                    unit.symbol.to_string(),
                ))
            }
            Some(c) => Err(expression_error(
                format!(
                    "unexpected \"{c}\" at character {}: expected a number, a unit, \"(\" or gwp(...)",
                    self.char_pos() + 1
                ),
                "a quantity such as \"2 MW\"",
                Some(self.char_pos()),
            )),
        }
    }

    /// `2.5e3 kW`, `16.5 %`, or a bare number.
    fn quantity(&mut self) -> Result<Value, EvalError> {
        let start = self.pos;
        let at = self.char_pos();
        let bytes = self.text.as_bytes();
        let mut end = self.pos;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        if end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
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
        let number_text = &self.text[start..end];
        let number: f64 = number_text.parse().map_err(|_| {
            expression_error(
                format!("\"{number_text}\" at character {} is not a number", at + 1),
                "a number such as 2, 0.165 or 1.5e3",
                Some(at),
            )
        })?;
        self.pos = end;
        if self.peek() == Some(',') && self.rest()[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(expression_error(
                format!(
                    "\"{}\" at character {}: write decimals with a point and no thousands separators (\"2889.13\", not \"2,889.13\")",
                    &self.text[start
                        ..(self.pos
                            + 1
                            + self.rest()[1..]
                                .find(|c: char| !c.is_ascii_digit())
                                .unwrap_or(self.rest().len() - 1))
                        .min(self.text.len())],
                    at + 1
                ),
                "a number such as 2889.13",
                Some(at),
            ));
        }
        let after_number = self.pos;
        self.skip_spaces();
        match self.unit_here()? {
            Some((unit, len)) => {
                self.pos += len;
                let si = unit.to_si(number);
                Ok(Value::of_kind(
                    si,
                    unit.dimension,
                    self.text[start..self.pos].to_string(),
                ))
            }
            None => {
                self.pos = after_number;
                Ok(Value {
                    si: number,
                    exponents: [0; 7],
                    gas: None,
                    kind: None,
                    bare: true,
                    text: number_text.to_string(),
                    gwp: None,
                })
            }
        }
    }

    /// The longest unit symbol starting here, and its length in bytes; `None` when what
    /// follows is an operator, a parenthesis or the end; an error for an unknown unit.
    fn unit_here(&self) -> Result<Option<(&'static UnitDef, usize)>, EvalError> {
        let rest = self.rest();
        let run_len = rest
            .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .unwrap_or(rest.len());
        let run = &rest[..run_len];
        let Some(first) = run.chars().next() else {
            return Ok(None);
        };
        if "+-−*×·/÷".contains(first) {
            return Ok(None);
        }
        let mut ends: Vec<usize> = run.char_indices().map(|(i, _)| i).skip(1).collect();
        ends.push(run.len());
        for &end in ends.iter().rev() {
            let candidate = &run[..end];
            if candidate.ends_with(['*', '/', '·', '×', '÷', '-', '+']) {
                continue;
            }
            // A unit ends at an operator or at the end of the run: "MW" in "MW*8760", not in
            // "MWW".
            if !run[end..].is_empty()
                && !run[end..].starts_with(['*', '/', '·', '×', '÷', '-', '−', '+'])
            {
                continue;
            }
            if let Some(unit) = pick(units_spelled(&normalize_unit(candidate))) {
                return Ok(Some((unit, end)));
            }
        }
        Err(self.unknown_unit_error())
    }

    fn unknown_unit_error(&self) -> EvalError {
        let rest = self.rest();
        let word_len = rest
            .find(|c: char| c.is_whitespace() || "()+*×÷".contains(c))
            .unwrap_or(rest.len());
        let word = &rest[..word_len];
        let suggestions = match read_any(&format!("1 {word}")) {
            Err(UnitErrorKind::UnknownUnit { suggestions, .. }) if !suggestions.is_empty() => {
                let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
                format!("; closest accepted units: {}", quoted.join(", "))
            }
            _ => String::new(),
        };
        expression_error(
            format!(
                "unknown unit \"{word}\" at character {}{suggestions} (see `tanso units list`; write units without spaces)",
                self.char_pos() + 1
            ),
            "a unit symbol from tanso's table, such as MW, MWh, h, %, tCO2e/MWh",
            Some(self.char_pos()),
        )
    }

    /// `gwp(ar5)`: a named set of 100-year GWPs.
    fn gwp(&mut self) -> Result<Value, EvalError> {
        let start = self.pos;
        let at = self.char_pos();
        self.pos += "gwp(".len();
        let rest = self.rest();
        let close = rest.find(')').ok_or_else(|| {
            expression_error(
                format!("gwp( at character {} is not closed", at + 1),
                "gwp(ar5), gwp(ar6), gwp(ar4), gwp(ar2) or gwp(cdm_lowest)",
                Some(at),
            )
        })?;
        let id_text = rest[..close].trim();
        let ids: Vec<&str> = GwpSetId::ALL.iter().map(|i| i.as_str()).collect();
        let set = GwpSetId::parse(&id_text.to_ascii_lowercase())
            .and_then(|id| self.gwp_sets.iter().find(|s| s.id == id))
            .copied()
            .ok_or_else(|| {
                expression_error(
                    format!(
                        "unknown GWP set \"{id_text}\"; the sets are {}",
                        ids.join(", ")
                    ),
                    "gwp(ar5), gwp(ar6), gwp(ar4), gwp(ar2) or gwp(cdm_lowest)",
                    Some(at),
                )
            })?;
        self.pos += close + 1;
        Ok(Value {
            si: 1.0,
            exponents: [0; 7],
            gas: None,
            kind: None,
            bare: false,
            text: self.text[start..self.pos].to_string(),
            gwp: Some(set),
        })
    }
}

/// Among the units spelled the same (`K`, `°C`), the temperature (a point) first, then table
/// order.
fn pick(units: &'static [&'static UnitDef]) -> Option<&'static UnitDef> {
    units.first().copied()
}

fn combine(left: Value, op: Op, right: Value) -> Result<Value, EvalError> {
    let text = format!(
        "{} {} {}",
        left.text,
        match op {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        },
        right.text
    );
    if left.gwp.is_some() || right.gwp.is_some() {
        return apply_gwp(left, op, right, text);
    }
    match op {
        Op::Add | Op::Sub => add(left, op, right, text),
        Op::Mul | Op::Div => multiply(left, op, right, text),
    }
}

fn add(left: Value, op: Op, right: Value, text: String) -> Result<Value, EvalError> {
    let (word, joiner) = if matches!(op, Op::Add) {
        ("add", "to")
    } else {
        ("subtract", "from")
    };
    // Messages read "cannot add <right> to <left>" / "cannot subtract <right> from <left>".
    let (first, second) = (&right, &left);
    let temperature = Some(Dimension::Temperature);
    let interval = Some(Dimension::TemperatureInterval);
    // Temperatures: a point ± an interval is a point, point − point is an interval.
    if left.kind == temperature || right.kind == temperature {
        let si = match op {
            Op::Add => left.si + right.si,
            _ => left.si - right.si,
        };
        let kind = match (left.kind == temperature, right.kind == temperature, op) {
            (true, false, _) if right.kind == interval => Some(Dimension::Temperature),
            (false, true, Op::Add) if left.kind == interval => Some(Dimension::Temperature),
            (true, true, Op::Sub) => Some(Dimension::TemperatureInterval),
            _ => None,
        };
        return match kind {
            Some(k) => Ok(Value::of_kind(si, k, text)),
            None if left.kind == temperature && right.kind == temperature => Err(expression_error(
                format!(
                    "cannot add two temperatures ({} + {}): a temperature is a point on a scale, so 20 °C + 20 °C is not 40 °C. Subtract two temperatures to get a difference, and add a difference to a temperature: {} + ({} - 0 °C)",
                    left.text, right.text, left.text, right.text
                ),
                "a temperature ± a temperature difference, or temperature − temperature",
                None,
            )),
            None => Err(expression_error(
                format!(
                    "cannot {word} {} {joiner} {}: only a temperature difference moves a temperature",
                    first.described(),
                    second.described()
                ),
                "a temperature ± a temperature difference",
                None,
            )),
        };
    }
    let same_si = left.exponents == right.exponents && left.gas == right.gas;
    let kinds_differ = matches!((left.kind, right.kind), (Some(a), Some(b)) if a != b);
    if !same_si || kinds_differ {
        let hint = if same_si {
            format!(
                "; they share SI units ({}) but tanso keeps them apart",
                si_unit(left.exponents, left.gas)
            )
        } else {
            bridge(
                first,
                second.exponents,
                second.gas,
                second.kind.unwrap_or(Dimension::Ratio),
            )
        };
        return Err(expression_error(
            format!(
                "cannot {word} {} {joiner} {}{hint}",
                first.described(),
                second.described()
            ),
            &format!(
                "two quantities of the same kind: {} {} {}",
                describe(second.kind, second.exponents, second.gas),
                if matches!(op, Op::Add) { "+" } else { "−" },
                describe(second.kind, second.exponents, second.gas)
            ),
            None,
        ));
    }
    let si = match op {
        Op::Add => left.si + right.si,
        _ => left.si - right.si,
    };
    let kind = left.kind.or(right.kind);
    Ok(Value {
        si,
        exponents: left.exponents,
        gas: left.gas,
        kind,
        bare: left.bare && right.bare,
        text,
        gwp: None,
    })
}

fn multiply(left: Value, op: Op, right: Value, text: String) -> Result<Value, EvalError> {
    let temperature = Some(Dimension::Temperature);
    for v in [&left, &right] {
        if v.kind == temperature {
            return Err(expression_error(
                format!(
                    "cannot {} {}: a temperature is a point on a scale (0 °C is not zero), so it does not scale; use a difference of temperatures, e.g. ({} - 25 °C)",
                    if matches!(op, Op::Mul) {
                        "multiply"
                    } else {
                        "divide"
                    },
                    v.described(),
                    v.text
                ),
                "a temperature difference",
                None,
            ));
        }
    }
    let sign: i8 = if matches!(op, Op::Mul) { 1 } else { -1 };
    let exponents: Exponents =
        std::array::from_fn(|i| left.exponents[i] + sign * right.exponents[i]);
    let gas = match (left.gas, right.gas, op) {
        (None, None, _) => None,
        (Some(g), None, _) => Some(g),
        (None, Some(g), Op::Mul) => Some(g),
        (Some(a), Some(b), Op::Div) if a == b => None,
        (None, Some(g), _) => {
            return Err(expression_error(
                format!(
                    "cannot divide {} by {}: tanso has no quantity per mass of {}",
                    left.described(),
                    right.described(),
                    g.formula()
                ),
                "a gas-typed quantity in the numerator",
                None,
            ));
        }
        (Some(a), Some(b), _) => {
            return Err(expression_error(
                format!(
                    "cannot {} {} by {}: a product of {} and {} has no meaning",
                    if matches!(op, Op::Mul) {
                        "multiply"
                    } else {
                        "divide"
                    },
                    left.described(),
                    right.described(),
                    a.formula(),
                    b.formula()
                ),
                "at most one gas-typed quantity in a product",
                None,
            ));
        }
    };
    let si = match op {
        Op::Mul => left.si * right.si,
        _ => {
            if right.si == 0.0 {
                return Err(expression_error(
                    format!("division by zero: {} is zero", right.text),
                    "a divisor that is not zero",
                    None,
                ));
            }
            left.si / right.si
        }
    };
    if left.bare && right.bare {
        return Ok(Value {
            si,
            bare: true,
            kind: None,
            ..left
        }
        .with_text(text));
    }
    let mut value = Value::computed(si, exponents, gas, text);
    // Scaling by a ratio keeps what a value is (a specific yield × 50 % is a specific yield).
    let ratio_like =
        |v: &Value| v.is_dimensionless() && matches!(v.kind, None | Some(Dimension::Ratio));
    if ratio_like(&right) && left.kind.is_some() {
        value.kind = left.kind;
    } else if matches!(op, Op::Mul) && ratio_like(&left) && right.kind.is_some() {
        value.kind = right.kind;
    }
    value.bare = left.bare && right.bare;
    Ok(value)
}

/// `x * gwp(set)`: a mass (or a mass per something) of CH4 or N2O becomes CO2e.
fn apply_gwp(left: Value, op: Op, right: Value, text: String) -> Result<Value, EvalError> {
    let (quantity, set) = match (&left.gwp, &right.gwp, op) {
        (None, Some(set), Op::Mul) => (&left, *set),
        (Some(set), None, Op::Mul) => (&right, *set),
        _ => {
            return Err(expression_error(
                format!(
                    "\"{text}\" has no meaning: a GWP set only multiplies a quantity of CH4 or N2O, as in \"2 tCH4 * gwp(ar5)\""
                ),
                "a quantity of CH4 or N2O times gwp(set)",
                None,
            ));
        }
    };
    let factor = match quantity.gas {
        Some(GasTag::Ch4) => set.ch4,
        Some(GasTag::N2o) => set.n2o,
        Some(GasTag::Co2e) => {
            return Err(expression_error(
                format!(
                    "{} is already CO2e: a GWP set converts CH4 or N2O to CO2e",
                    quantity.described()
                ),
                "a quantity of CH4 or N2O",
                None,
            ));
        }
        None => {
            return Err(expression_error(
                format!(
                    "{} is not a quantity of a gas: a GWP set converts CH4 or N2O to CO2e (write masses as tCH4, kgN2O, factors as gCH4/kg)",
                    quantity.described()
                ),
                "a quantity of CH4 or N2O",
                None,
            ));
        }
    };
    let si = quantity.si * factor.get::<uom::si::ratio::ratio>();
    Ok(Value::computed(
        si,
        quantity.exponents,
        Some(GasTag::Co2e),
        text,
    ))
}

/// For tests: every table dimension has its SI shape here.
pub fn dimensions_without_shape() -> Vec<Dimension> {
    Dimension::ALL
        .into_iter()
        .filter(|d| shape(*d).is_none())
        .collect()
}

/// For tests and the cross-check: the measure of a result in a type's SI unit.
pub fn si_of<M: Measure>(q: M) -> f64 {
    q.to_si()
}

/// Every unit of the table, for the playground page's list.
pub fn table() -> &'static [UnitDef] {
    UNITS
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::ratio::ratio;

    fn sets() -> Vec<GwpSet> {
        // AR5 28/265, AR6 27/273, CDM lowest 21/265 (the catalog's values).
        let r = |v| super::super::Ratio::new::<ratio>(v);
        vec![
            GwpSet::new(GwpSetId::Ar5, r(28.0), r(265.0)),
            GwpSet::new(GwpSetId::Ar6, r(27.0), r(273.0)),
            GwpSet::new(GwpSetId::CdmLowest, r(21.0), r(265.0)),
        ]
    }

    fn ev(e: &str, to: Option<&str>) -> Result<Evaluation, EvalError> {
        evaluate(e, to, &sets())
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn every_dimension_has_a_shape() {
        assert!(
            dimensions_without_shape().is_empty(),
            "{:?}",
            dimensions_without_shape()
        );
    }

    #[test]
    fn the_issue_example() {
        // 2 MW × 8,760 h × 16.5 % = 2,890.8 MWh (hand computation).
        let r = ev("2 MW * 8760 h * 16.5 %", Some("MWh")).unwrap();
        assert!(close(r.value, 2890.8), "{r:?}");
        assert_eq!(r.unit, "MWh");
        assert_eq!(r.dimension, Some(Dimension::Energy));
        assert_eq!(r.phrase, "an energy");
        assert_eq!(r.si_unit, "kg·m²·s⁻²");
        assert_eq!(r.readable(), "2,890.8 MWh");
        assert!(r.warnings.is_empty());
        // Without --to: the display unit of energy.
        assert_eq!(ev("2 MW * 8760 h * 16.5 %", None).unwrap().unit, "MWh");
    }

    #[test]
    fn hand_computed_values() {
        // Each expected value is worked by hand from the units' definitions.
        let cases: &[(&str, Option<&str>, f64, &str)] = &[
            // Renca: 2,889.13 MWh ÷ (2 MW × 8,760 h) = 16.4905 %.
            (
                "2889.13 MWh / (2 MW * 8760 h)",
                None,
                16.490_468_036_529_68,
                "%",
            ),
            // Specific yield: 2,889.13 MWh ÷ 2 MW = 1,444.565 h, shown as kWh/kWp.
            ("2889.13 MWh / 2 MW", Some("kWh/kWp"), 1444.565, "kWh/kWp"),
            ("2889.13 MWh / 2 MW", Some("h"), 1444.565, "h"),
            // 2,889.13 MWh × 259.87 gCO2e/kWh = 750.7982 tCO2e.
            ("2889.13 MWh * 259.87 gCO2e/kWh", None, 750.7982131, "tCO2e"),
            // Badung: 12,480 t × 4 gCH4/kg = 49.92 tCH4; × 28 (AR5) = 1,397.76 tCO2e.
            ("12480 t * 4 gCH4/kg", None, 49.92, "tCH4"),
            ("12480 t * 4 gCH4/kg * gwp(ar5)", None, 1397.76, "tCO2e"),
            (
                "12480 t * 4 gCH4/kg * gwp(cdm_lowest)",
                None,
                1048.32,
                "tCO2e",
            ),
            ("0.3 kgN2O * gwp(ar6)", Some("kgCO2e"), 81.9, "kgCO2e"),
            // 50 t/d × 80 % × 312 d = 12,480 t.
            ("50 t/d * 80 % * 312 d", None, 12480.0, "t"),
            // 1 kWh = 3.6 MJ; 0.4 t/MWh = 400 g/kWh.
            ("1 kWh", Some("MJ"), 3.6, "MJ"),
            ("0.4 tCO2e/MWh", Some("gCO2e/kWh"), 400.0, "gCO2e/kWh"),
            // 30 °C − 25 °C = 5 K; 25 °C + (30 °C − 25 °C) = 30 °C.
            ("30 °C - 25 °C", None, 5.0, "K"),
            ("25 °C + (30 °C - 25 °C)", Some("°C"), 30.0, "°C"),
            // 0.5 %/yr × 6 yr = 3 %.
            ("0.5 %/yr * 6 yr", None, 3.0, "%"),
            // 1,000 W/m² × 10 m² = 10 kW; 1,871 kWh/m² ÷ 1 kW/m² = 1,871 h.
            ("1000 W/m² * 10 m²", None, 10.0, "kW"),
            ("1871 kWh/m² / 1 kW/m²", Some("h"), 1871.0, "h"),
            // Precedence and signs: 2 + 3 × 4 = 14; −(2 − 5) = 3.
            ("2 + 3 * 4", None, 14.0, ""),
            ("-(2 MW - 5 MW)", Some("MW"), 3.0, "MW"),
            ("1.5e3 kW", Some("MW"), 1.5, "MW"),
        ];
        for (expr, to, want, unit) in cases {
            let r = ev(expr, *to).unwrap_or_else(|e| panic!("{expr}: {e}"));
            assert!(
                close(r.value, *want),
                "{expr}: {} {} != {want}",
                r.value,
                r.unit
            );
            assert_eq!(r.unit, *unit, "{expr}");
        }
    }

    #[test]
    fn kinds_that_share_si_units_stay_apart() {
        let e = ev("1445 kWh/kWp + 10 h", None).unwrap_err();
        assert!(
            e.message.contains("a specific yield") && e.message.contains("a time"),
            "{e}"
        );
        assert!(e.message.contains("keeps them apart"), "{e}");
        let r = ev("1445 kWh/kWp * 50 %", None).unwrap();
        assert_eq!(r.dimension, Some(Dimension::SpecificYield));
    }

    #[test]
    fn errors_teach() {
        let e = ev("2 MW + 1 MWh", None).unwrap_err();
        assert_eq!(
            e.message,
            "cannot add an energy (1 MWh) to a power (2 MW); divide it by a time (such as \"h\", \"d\" or \"yr\") to get a power"
        );
        let e = ev("2 tCH4 + 1 tCO2e", None).unwrap_err();
        assert!(
            e.message
                .contains("a mass of CO2e (1 tCO2e) to a mass of CH4 (2 tCH4)"),
            "{e}"
        );
        let e = ev("20 °C + 25 °C", None).unwrap_err();
        assert!(e.message.starts_with("cannot add two temperatures"), "{e}");
        let e = ev("2 MW * 8760 h", Some("kW")).unwrap_err();
        assert_eq!(e.field, EvalField::To);
        assert!(e.message.contains("cannot express an energy"), "{e}");
        assert!(e.message.contains("divide it by a time"), "{e}");
        let e = ev("2 tCH4", Some("tCO2e")).unwrap_err();
        assert!(e.message.contains("gwp(ar5)"), "{e}");
        let e = ev("2 MWW", None).unwrap_err();
        assert!(
            e.message.contains("unknown unit \"MWW\"") && e.message.contains("\"MW\""),
            "{e}"
        );
        assert_eq!(e.position, Some(2));
        let e = ev("2 MW 3 h", None).unwrap_err();
        assert!(e.message.contains("expected an operator"), "{e}");
        let e = ev("1 MW / 0 kW", None).unwrap_err();
        assert!(e.message.contains("division by zero"), "{e}");
        let e = ev("2 t * gwp(ar5)", None).unwrap_err();
        assert!(e.message.contains("not a quantity of a gas"), "{e}");
        let e = ev("2 tCH4 * gwp(ar9)", None).unwrap_err();
        assert!(e.message.contains("unknown GWP set"), "{e}");
        let e = ev("2,889.13 MWh", None).unwrap_err();
        assert!(e.message.contains("decimals with a point"), "{e}");
    }

    #[test]
    fn bare_numbers_are_noted() {
        // The capacity-factor trap: 16.5 read as ×16.5, not 16.5 %.
        let r = ev("2 MW * 8760 h * 16.5", None).unwrap();
        assert!(close(r.value, 289080.0));
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].contains("\"16.5 %\""), "{:?}", r.warnings);
    }

    #[test]
    fn hostile_input_is_refused_not_panicked() {
        let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert!(ev(&deep, None).is_err());
        let long = "1 + ".repeat(400) + "1";
        assert!(ev(&long, None).is_err());
        for bad in [
            "",
            " ",
            "(",
            ")",
            "*",
            "2 *",
            "gwp(",
            "é",
            "2 é",
            "1e999",
            "1e308 * 1e308",
            "--",
            "2 MW -",
            "°",
            "%",
            "2 kWh/",
            "gwp(ar5)",
            "-gwp(ar5)",
            "2 MW * (",
            "\u{0}",
            "１",
            "2 MW)",
        ] {
            let _ = ev(bad, None);
            let _ = ev(bad, Some("kW"));
        }
        assert!(ev("1e308 * 1e308", None).is_err());
    }
}
