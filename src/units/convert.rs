//! Converting a quantity to another unit of its dimension: `"2 MW"` → `2000 kW`.

use thiserror::Error;

use super::parse::{QuantityInput, Reading, UnitErrorKind, find_unit, read_in};
use super::table::{Dimension, UnitDef, normalize_unit, units_spelled};

/// A converted quantity.
#[derive(Debug, Clone, Copy)]
pub struct Conversion {
    /// The number in the target unit.
    pub value: f64,
    /// The target unit.
    pub unit: &'static UnitDef,
    /// The quantity as read.
    pub from: Reading,
}

/// Why a conversion failed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConvertError {
    /// The quantity could not be read.
    #[error("{0}")]
    Read(UnitErrorKind),
    /// The target is not a unit.
    #[error("unknown unit \"{0}\"")]
    UnknownTarget(String),
    /// The target measures something else.
    #[error("cannot convert {} to {}", .from.phrase(), .to.phrase())]
    Dimensions { from: Dimension, to: Dimension },
    /// The result does not fit in a finite number.
    #[error("the result is not a finite number")]
    NotFinite,
}

/// Converts `quantity` to the unit written `to`. A symbol shared by two dimensions (`K`,
/// `°C`) is read in the dimension that has the target unit.
pub fn convert(quantity: &QuantityInput, to: &str) -> Result<Conversion, ConvertError> {
    let text = match quantity {
        QuantityInput::Text(t) => t.clone(),
        other => other.as_written(),
    };
    // The target says what dimension the quantity should have: unknown units get
    // suggestions from it, and a shared symbol (K, °C) is read in it.
    let target = units_spelled(&normalize_unit(to))
        .first()
        .map(|u| u.dimension);
    let from = read_in(&text, target).map_err(ConvertError::Read)?;
    let spelled = units_spelled(&normalize_unit(from.unit.symbol));
    let unit = std::iter::once(from.unit.dimension)
        .chain(spelled.iter().map(|u| u.dimension))
        .find_map(|d| find_unit(d, to))
        .ok_or_else(|| match units_spelled(&normalize_unit(to)).first() {
            Some(u) => ConvertError::Dimensions {
                from: from.unit.dimension,
                to: u.dimension,
            },
            None => ConvertError::UnknownTarget(to.to_string()),
        })?;
    // Read the number in the dimension of the target (matters for K and °C).
    let source = find_unit(unit.dimension, from.unit.symbol).unwrap_or(from.unit);
    let value = unit.from_si(source.to_si(from.value));
    if !value.is_finite() {
        return Err(ConvertError::NotFinite);
    }
    Ok(Conversion {
        value,
        unit,
        from: Reading {
            value: from.value,
            unit: source,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_and_their_errors() {
        // 2 MW = 2000 kW; a 10 °C step is 10 K, and 25 °C read as a temperature is 298.15 K.
        let c = convert(&"2 MW".into(), "kW").unwrap();
        assert_eq!((c.value, c.unit.symbol), (2000.0, "kW"));
        let c = convert(&"25 °C".into(), "K").unwrap();
        assert!((c.value - 298.15).abs() < 1e-9);
        assert_eq!(
            convert(&"2 MW".into(), "kWh").unwrap_err(),
            ConvertError::Dimensions {
                from: Dimension::Power,
                to: Dimension::Energy
            }
        );
        assert_eq!(
            convert(&"2 MW".into(), "zz").unwrap_err(),
            ConvertError::UnknownTarget("zz".into())
        );
        assert!(matches!(
            convert(&"2 MWW".into(), "kW").unwrap_err(),
            ConvertError::Read(_)
        ));
        assert_eq!(
            convert(&"1e300 GW".into(), "W").unwrap_err(),
            ConvertError::NotFinite
        );
    }

    #[test]
    fn temperatures_below_absolute_zero_are_refused() {
        for (q, to) in [("-5 K", "K"), ("-500 °C", "K"), ("-500 degF", "°C")] {
            assert!(
                matches!(
                    convert(&q.into(), to).unwrap_err(),
                    ConvertError::Read(UnitErrorKind::BelowAbsoluteZero { .. })
                ),
                "{q} to {to}"
            );
        }
        // Absolute zero itself, and −40 °F = −40 °C, convert.
        assert!(convert(&"0 K".into(), "°C").is_ok());
        let c = convert(&"-40 degF".into(), "°C").unwrap();
        assert!((c.value + 40.0).abs() < 1e-9);
    }

    #[test]
    fn unknown_units_are_answered_with_units_of_the_target_dimension() {
        let Err(ConvertError::Read(UnitErrorKind::UnknownUnit { suggestions, .. })) =
            convert(&"2 furlongs".into(), "kW")
        else {
            panic!("furlongs is not a unit");
        };
        assert!(!suggestions.is_empty());
        for s in &suggestions {
            assert!(
                crate::units::find_unit(Dimension::Power, s).is_some(),
                "{s} is not a power unit"
            );
        }
    }
}
