//! Calendar dates mapped to offsets from the crediting-period start.
//!
//! The model counts time in crediting years: year 1 is `[0, 1)`, year 2 is `[1, 2)`, and so
//! on, each running from one anniversary of the start date to the next. A date is mapped to
//! the number of whole crediting years before it plus the share of the current crediting
//! year elapsed, counted in days (so 1 Aug 2025 in a period that starts on 1 Nov 2024 is
//! 273/365 ≈ 0.748 yr).

use super::error::{WasteError, WasteResult};
use crate::calendar::Date;
use crate::units::Time;

/// The offset of `date` from the crediting-period start, in crediting years.
///
/// # Model
/// `offset = i + (date − A_i) / (A_{i+1} − A_i)`, where `A_i` is the i-th anniversary of
/// `start` and `A_i ≤ date < A_{i+1}`; differences are in days.
///
/// # Units
/// Returns a [`Time`] in years (uom's 365-day year); the model reads it back in years, so
/// leap days do not shift year boundaries.
///
/// # Errors
/// A date before the start: set that counterfactual as the initial one instead.
pub fn period_offset(start: Date, date: Date) -> WasteResult<Time> {
    if date < start {
        return Err(WasteError::Invalid {
            field: "baseline.change.date".into(),
            problem: format!(
                "{date} is before the crediting-period start {start}; make that \
                 counterfactual the initial one"
            ),
        });
    }
    let mut i = date.year - start.year;
    if start.add_years(i) > date {
        i -= 1;
    }
    let a0 = start.add_years(i).days();
    let a1 = start.add_years(i + 1).days();
    let share = (date.days() - a0) as f64 / (a1 - a0) as f64;
    Ok(Time::new::<uom::si::time::year>(f64::from(i) + share))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::parse(&format!("{y:04}-{m:02}-{day:02}")).unwrap()
    }

    #[test]
    fn suwung_organics_ban_offset() {
        // Period from 1 Nov 2024; organics refused from 1 Aug 2025.
        // Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 + Jul 31
        // = 273 days of the 365-day crediting year → 273/365 = 0.747945...
        let t = period_offset(d(2024, 11, 1), d(2025, 8, 1)).unwrap();
        assert!((t.get::<uom::si::time::year>() - 273.0 / 365.0).abs() < 1e-12);
        // Closure on 1 Mar 2026: one whole crediting year, then 1 Nov 2025 → 1 Mar 2026 is
        // Nov 30 + Dec 31 + Jan 31 + Feb 28 = 120 days of a 365-day crediting year.
        let t = period_offset(d(2024, 11, 1), d(2026, 3, 1)).unwrap();
        assert!((t.get::<uom::si::time::year>() - (1.0 + 120.0 / 365.0)).abs() < 1e-12);
    }

    #[test]
    fn anniversaries_are_whole_years_and_errors_are_reported() {
        let t = period_offset(d(2024, 2, 29), d(2027, 2, 28)).unwrap();
        assert!((t.get::<uom::si::time::year>() - 3.0).abs() < 1e-12);
        assert!(period_offset(d(2024, 11, 1), d(2024, 10, 31)).is_err());
    }
}
