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

impl QuantityValue {
    /// The quantity for a person: the number rounded to `significant` significant figures with
    /// thousands separators ([`format_readable`]), then the unit: `2,889 MWh`, `0.26 tCO2e/MWh`,
    /// `16.5 %`.
    pub fn readable(&self, significant: usize) -> String {
        let number = format_readable(self.value, significant);
        if self.unit.is_empty() {
            number
        } else {
            format!("{number} {}", self.unit)
        }
    }
}

/// Formats `v` for a person: rounded to `significant` significant figures (at least 1), with
/// `,` between thousands (`2,889`, `-18,422`, `1,250,000`) and no trailing zeros after the
/// decimal point (`0.26`, not `0.260`). Magnitudes from 1e-4 to below 1e15 are written out in
/// full; smaller or larger ones use scientific notation (`1.5e20`). Zero is `0`.
pub fn format_readable(v: f64, significant: usize) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let significant = significant.max(1);
    // Rust's `{:e}` rounds correctly in decimal, so the digits and exponent of the rounded
    // value come from it (9999.6 to 4 figures is 1.000e4, not 9999.6 or 1000.0e1).
    let sci = format!("{:.*e}", significant - 1, v.abs());
    let (mantissa, exponent) = sci.split_once('e').expect("`{:e}` writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes an integer exponent");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if v < 0.0 { "-" } else { "" };
    if !(-4..15).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let rest = rest.trim_end_matches('0');
        let point = if rest.is_empty() { "" } else { "." };
        return format!("{sign}{first}{point}{rest}e{exponent}");
    }
    let (integer, fraction) = if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        ("0".to_string(), format!("{zeros}{digits}"))
    } else {
        let int_len = exponent as usize + 1;
        if digits.len() <= int_len {
            (
                format!("{digits}{}", "0".repeat(int_len - digits.len())),
                String::new(),
            )
        } else {
            let (i, f) = digits.split_at(int_len);
            (i.to_string(), f.to_string())
        }
    };
    let fraction = fraction.trim_end_matches('0');
    let grouped = group_thousands(&integer);
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// `1234567` -> `1,234,567`.
fn group_thousands(integer: &str) -> String {
    let mut out = String::with_capacity(integer.len() + integer.len() / 3);
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

/// At most this many characters of a value someone sent are echoed back in a message.
pub const MAX_ECHO_CHARS: usize = 200;

/// `text` cut to at most `max_chars` characters, with "…" when cut: what a message echoes
/// of a received value, so that a 7 MB value makes a short error, not a 35 MB one.
pub fn clip(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => format!(
            "{}… ({} characters in all)",
            &text[..cut],
            text.chars().count()
        ),
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

    #[test]
    fn readable_numbers() {
        let cases: &[(f64, usize, &str)] = &[
            (2889.4, 4, "2,889"),
            (2889.4, 3, "2,890"),
            (-18422.3, 5, "-18,422"),
            (-18422.3, 3, "-18,400"),
            (18422.3, 2, "18,000"),
            (1_250_000.0, 3, "1,250,000"),
            (123_456_789.0, 3, "123,000,000"),
            (999.0, 3, "999"),
            (1000.0, 3, "1,000"),
            (9999.6, 4, "10,000"),
            (0.26, 3, "0.26"),
            (0.2600001, 3, "0.26"),
            (16.5, 3, "16.5"),
            (0.30381999, 4, "0.3038"),
            (1999.9999999999998, 6, "2,000"),
            (2.0, 3, "2"),
            (0.5, 1, "0.5"),
            (0.0001234, 3, "0.000123"),
            (0.00001234, 3, "1.23e-5"),
            (-0.0037, 3, "-0.0037"),
            (1.5e20, 3, "1.5e20"),
            (4.2e14, 2, "420,000,000,000,000"),
            (0.0, 3, "0"),
            (-0.0, 3, "0"),
            (7.25, 0, "7"),
            (-0.004999, 2, "-0.005"),
        ];
        for (v, sig, want) in cases {
            assert_eq!(format_readable(*v, *sig), *want, "{v} to {sig} figures");
        }
        assert_eq!(format_readable(f64::NAN, 3), "NaN");
    }

    #[test]
    fn readable_quantities() {
        let q = |value: f64, unit: &str| QuantityValue {
            value,
            unit: unit.to_string(),
        };
        assert_eq!(q(2889.37, "MWh").readable(4), "2,889 MWh");
        assert_eq!(q(0.2604, "tCO2e/MWh").readable(2), "0.26 tCO2e/MWh");
        assert_eq!(q(16.49, "%").readable(3), "16.5 %");
        assert_eq!(q(-18422.0, "tCO2e").readable(5), "-18,422 tCO2e");
        assert_eq!(q(1.2, "").readable(3), "1.2");
    }
}
