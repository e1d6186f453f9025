//! Values as written in catalog files and requests: quantities, choices, years and dates.

use std::fmt;

use serde::{Serialize, Serializer};

pub use crate::calendar::Date;

use crate::units::{Dimension, QuantityInput, QuantityValue, read};

/// A quantity read from text: its SI magnitude for computing, and the number and unit the
/// author wrote, for showing it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// The value in SI base units of its dimension.
    pub si: f64,
    /// The dimension it was checked against.
    pub dimension: Dimension,
    /// The value in the unit it was written in.
    pub shown: QuantityValue,
}

impl Amount {
    /// Reads `input` as a quantity of `dimension`.
    pub fn read(input: &QuantityInput, dimension: Dimension) -> Result<Amount, String> {
        let reading = read(input, dimension).map_err(|e| e.to_string())?;
        let si = reading.si();
        if !si.is_finite() {
            return Err(format!("\"{}\" is not a finite value", input.as_written()));
        }
        Ok(Amount {
            si,
            dimension,
            shown: QuantityValue {
                value: reading.value,
                unit: reading.unit.symbol.to_string(),
            },
        })
    }

    /// A typed quantity as an amount, shown in its dimension's display unit.
    pub fn of<M: crate::units::Measure>(q: M) -> Amount {
        Amount {
            si: q.to_si(),
            dimension: M::DIMENSION,
            shown: QuantityValue::of(q),
        }
    }

    /// A new amount of the same dimension, shown in the same unit as `self`.
    pub fn with_si(&self, si: f64) -> Amount {
        let unit = crate::units::find_unit(self.dimension, &self.shown.unit)
            .unwrap_or_else(|| self.dimension.display_unit());
        Amount {
            si,
            dimension: self.dimension,
            shown: QuantityValue {
                value: unit.from_si(si),
                unit: unit.symbol.to_string(),
            },
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.shown.serialize(s)
    }
}

/// The kind of value a model parameter takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParamKind {
    /// A physical quantity of one dimension.
    Quantity { dimension: Dimension },
    /// One of a fixed set of named options.
    Choice { choices: Vec<String> },
    /// A calendar year.
    Year,
    /// A calendar date.
    Date,
}

impl ParamKind {
    /// Parses the `dimension` field of a parameter: a dimension id, or `choice`, `year`, `date`.
    pub fn parse(dimension: &str, choices: &[String]) -> Result<ParamKind, String> {
        match dimension {
            "choice" if choices.is_empty() => Err("a choice parameter needs `choices`".into()),
            "choice" => Ok(ParamKind::Choice {
                choices: choices.to_vec(),
            }),
            "year" => Ok(ParamKind::Year),
            "date" => Ok(ParamKind::Date),
            other => match Dimension::from_id(other) {
                Some(d) => Ok(ParamKind::Quantity { dimension: d }),
                None => {
                    let known: Vec<&str> = Dimension::ALL.iter().map(|d| d.id()).collect();
                    Err(format!(
                        "unknown dimension \"{other}\"; expected one of choice, year, date, {}",
                        known.join(", ")
                    ))
                }
            },
        }
    }

    /// How data files name this kind: a dimension id, or `choice`, `year`, `date`.
    pub fn id(&self) -> &'static str {
        match self {
            ParamKind::Quantity { dimension } => dimension.id(),
            ParamKind::Choice { .. } => "choice",
            ParamKind::Year => "year",
            ParamKind::Date => "date",
        }
    }

    /// Reads a value of this kind from text as written in a request or on the command line.
    pub fn read_text(&self, text: &str) -> Result<Value, String> {
        match self {
            ParamKind::Quantity { dimension } => {
                Amount::read(&QuantityInput::Text(text.to_string()), *dimension)
                    .map(Value::Quantity)
            }
            ParamKind::Choice { choices } => {
                if choices.iter().any(|c| c == text) {
                    Ok(Value::Choice(text.to_string()))
                } else {
                    Err(format!(
                        "expected one of {}, got \"{text}\"",
                        quote_list(choices)
                    ))
                }
            }
            ParamKind::Year => read_year(text.trim().parse::<i64>().ok(), text),
            ParamKind::Date => Date::parse(text).map(Value::Date),
        }
    }

    /// Reads a value of this kind from a quantity-shaped input (string, object or number).
    pub fn read_input(&self, input: &QuantityInput) -> Result<Value, String> {
        match (self, input) {
            (ParamKind::Quantity { dimension }, _) => {
                Amount::read(input, *dimension).map(Value::Quantity)
            }
            (_, QuantityInput::Text(t)) => self.read_text(t),
            (ParamKind::Year, QuantityInput::Number(n)) if n.fract() == 0.0 => {
                read_year(Some(*n as i64), &n.to_string())
            }
            (_, other) => Err(format!(
                "expected {}, got {}",
                self.describe(),
                other.as_written()
            )),
        }
    }

    /// Reads a value of this kind from a TOML value.
    pub fn read_toml(&self, value: &toml::Value) -> Result<Value, String> {
        match (self, value) {
            (ParamKind::Year, toml::Value::Integer(i)) => read_year(Some(*i), &i.to_string()),
            (ParamKind::Date, toml::Value::Datetime(d)) => self.read_text(&d.to_string()),
            (_, v) => self.read_input(&toml_to_input(v)?),
        }
    }

    /// What a value of this kind looks like, for messages.
    pub fn describe(&self) -> String {
        match self {
            ParamKind::Quantity { dimension } => {
                format!("{} such as {}", dimension.phrase(), dimension.examples())
            }
            ParamKind::Choice { choices } => format!("one of {}", quote_list(choices)),
            ParamKind::Year => "a year such as 2030".into(),
            ParamKind::Date => "a date such as \"2025-08-01\"".into(),
        }
    }
}

fn read_year(parsed: Option<i64>, text: &str) -> Result<Value, String> {
    match parsed {
        Some(y) if (1900..=2200).contains(&y) => Ok(Value::Year(y as i32)),
        _ => Err(format!(
            "expected a year between 1900 and 2200, got \"{text}\""
        )),
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns a TOML string, number or `{value, unit}` table into a quantity input.
pub fn toml_to_input(value: &toml::Value) -> Result<QuantityInput, String> {
    match value {
        toml::Value::String(s) => Ok(QuantityInput::Text(s.clone())),
        toml::Value::Float(f) => Ok(QuantityInput::Number(*f)),
        toml::Value::Integer(i) => Ok(QuantityInput::Number(*i as f64)),
        toml::Value::Table(t) => {
            let value = t
                .get("value")
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                .ok_or("a {value, unit} table needs a numeric `value`")?;
            let unit = t
                .get("unit")
                .and_then(|u| u.as_str())
                .ok_or("a {value, unit} table needs a string `unit`")?;
            if t.len() > 2 {
                return Err("a {value, unit} table takes only `value` and `unit`".into());
            }
            Ok(QuantityInput::Object {
                value,
                unit: unit.to_string(),
            })
        }
        other => Err(format!(
            "expected a quantity such as \"2 MW\", got {}",
            other.type_str()
        )),
    }
}

/// A parameter value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Quantity(Amount),
    Choice(String),
    Year(i32),
    Date(Date),
}

impl Value {
    /// The SI magnitude of a quantity, `None` for other kinds.
    pub fn si(&self) -> Option<f64> {
        match self {
            Value::Quantity(a) => Some(a.si),
            _ => None,
        }
    }

    /// The SI size of a quantity read as an interval (a spread, not a point on the scale):
    /// "5 °C" as a standard deviation is 5 K, not 278.15 K.
    pub fn interval_si(&self) -> Option<f64> {
        match self {
            Value::Quantity(a) => {
                let unit = crate::units::find_unit(a.dimension, &a.shown.unit)?;
                Some(unit.to_si(a.shown.value) - unit.to_si(0.0))
            }
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Quantity(a) => write!(f, "{}", a.shown),
            Value::Choice(c) => f.write_str(c),
            Value::Year(y) => write!(f, "{y}"),
            Value::Date(d) => write!(f, "{d}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_their_values() {
        let k = ParamKind::parse("power", &[]).unwrap();
        let v = k.read_text("2 MW").unwrap();
        assert_eq!(v.si(), Some(2e6));
        assert_eq!(v.to_string(), "2 MW");
        let c = ParamKind::parse("choice", &["perez".into(), "isotropic".into()]).unwrap();
        assert!(
            c.read_text("hay")
                .unwrap_err()
                .contains("\"perez\", \"isotropic\"")
        );
        assert_eq!(
            ParamKind::Year.read_text("2030").unwrap(),
            Value::Year(2030)
        );
        assert!(ParamKind::Year.read_text("30000").is_err());
        assert!(
            ParamKind::parse("powr", &[])
                .unwrap_err()
                .contains("unknown dimension")
        );
    }
}
