//! Quantities leaving tanso: `{"value": 3.3, "unit": "GWh"}` in a readable unit.

use serde::{Deserialize, Serialize};

use super::Measure;
use super::parse::find_unit;

/// A quantity as it leaves tanso: a number and the unit it is expressed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuantityValue {
    /// The number, in `unit`.
    pub value: f64,
    /// The unit symbol (one of `GET /v1/units`).
    pub unit: String,
}

impl QuantityValue {
    /// Expresses `q` in the display unit of its dimension (MWh, t CO2e, kWh/m² ...).
    pub fn of<M: Measure>(q: M) -> Self {
        let unit = M::DIMENSION.display_unit();
        QuantityValue {
            value: unit.from_si(q.to_si()),
            unit: unit.symbol.to_string(),
        }
    }

    /// Expresses `q` in a chosen unit of its dimension; `None` if the symbol is not one.
    pub fn in_unit<M: Measure>(q: M, symbol: &str) -> Option<Self> {
        let unit = find_unit(M::DIMENSION, symbol)?;
        Some(QuantityValue {
            value: unit.from_si(q.to_si()),
            unit: unit.symbol.to_string(),
        })
    }
}

impl std::fmt::Display for QuantityValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let number = format_significant(self.value, 6);
        if self.unit.is_empty() {
            write!(f, "{number}")
        } else {
            write!(f, "{number} {}", self.unit)
        }
    }
}

/// Formats `v` with at most `digits` significant digits and no trailing zeros, so that a
/// conversion prints `2000`, not `1999.9999999999998`.
pub fn format_significant(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    if !(-5..=15).contains(&magnitude) {
        return format!("{:.*e}", digits.saturating_sub(1), v);
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

// TEMPORARY (replaced by the cli branch's version at merge).
/// Rounds to `significant` figures with thousands separators.
pub fn format_readable(v: f64, significant: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (significant as i32 - 1 - magnitude).max(0) as usize;
    let factor = 10f64.powi(magnitude - significant as i32 + 1);
    let rounded = if decimals == 0 {
        (v / factor).round() * factor
    } else {
        v
    };
    let text = format!("{rounded:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(a, b)| (a, Some(b)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

impl QuantityValue {
    /// The value rounded for a person, with its unit.
    pub fn readable(&self, significant: usize) -> String {
        let n = format_readable(self.value, significant);
        if self.unit.is_empty() {
            n
        } else {
            format!("{n} {}", self.unit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{Energy, Power};
    use uom::si::{energy::joule, power::megawatt};

    #[test]
    fn outputs_use_readable_units() {
        // 3.6e9 J is 1 MWh.
        let q = QuantityValue::of(Energy::new::<joule>(3.6e9));
        assert_eq!(q.unit, "MWh");
        assert!((q.value - 1.0).abs() < 1e-12);
        let kw = QuantityValue::in_unit(Power::new::<megawatt>(2.0), "kW").unwrap();
        assert_eq!(kw.to_string(), "2000 kW");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(format_significant(1999.9999999999998, 6), "2000");
        assert_eq!(format_significant(0.30381999, 4), "0.3038");
        assert_eq!(format_significant(-0.0037, 3), "-0.0037");
        assert_eq!(format_significant(1.5e20, 3), "1.50e20");
    }
}
