//! Calendar dates mapped to offsets from the crediting-period start.
//!
//! The model counts time in crediting years: year 1 is `[0, 1)`, year 2 is `[1, 2)`, and so
//! on, each running from one anniversary of the start date to the next. A date is mapped to
//! the number of whole crediting years before it plus the share of the current crediting
//! year elapsed, counted in days (so 1 Aug 2025 in a period that starts on 1 Nov 2024 is
//! 273/365 ≈ 0.748 yr).

use serde::{Deserialize, Serialize};

use super::error::{CompostError, CompostResultOf};
use crate::units::Time;

/// A date in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CalendarDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// A checked date: month 1–12, day within the month, year 1–9999.
    pub fn new(year: i32, month: u8, day: u8) -> CompostResultOf<Self> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(CompostError::Invalid {
                field: "date".into(),
                problem: format!("{year:04}-{month:02}-{day:02} is not a valid date"),
            });
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(CompostError::Invalid {
                field: "date".into(),
                problem: format!("{year:04}-{month:02}-{day:02} is not a valid date"),
            });
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Days since 1970-01-01 (negative before).
    fn day_number(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The same month and day `n` years later; 29 February becomes 28 February in a
    /// common year.
    fn plus_years(self, n: i32) -> Self {
        let y = self.year + n;
        let day = self.day.min(days_in_month(y, self.month));
        Self {
            year: y,
            month: self.month,
            day,
        }
    }
}

impl std::fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to a civil date: counts whole 400-year eras from 1 March 0000, then
/// the day within the era (a year starting in March puts the leap day last).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(m);
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(d) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

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
pub fn period_offset(start: CalendarDate, date: CalendarDate) -> CompostResultOf<Time> {
    if date < start {
        return Err(CompostError::Invalid {
            field: "baseline.change.date".into(),
            problem: format!(
                "{date} is before the crediting-period start {start}; make that \
                 counterfactual the initial one"
            ),
        });
    }
    let mut i = date.year - start.year;
    if start.plus_years(i) > date {
        i -= 1;
    }
    let a0 = start.plus_years(i).day_number();
    let a1 = start.plus_years(i + 1).day_number();
    let share = (date.day_number() - a0) as f64 / (a1 - a0) as f64;
    Ok(Time::new::<uom::si::time::year>(f64::from(i) + share))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> CalendarDate {
        CalendarDate::new(y, m, day).unwrap()
    }

    #[test]
    fn day_numbers() {
        assert_eq!(d(1970, 1, 1).day_number(), 0);
        assert_eq!(d(2000, 3, 1).day_number(), 11_017);
        // 2024 is a leap year: 1 Mar is 60 days after 1 Jan.
        assert_eq!(d(2024, 3, 1).day_number() - d(2024, 1, 1).day_number(), 60);
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
        assert!(CalendarDate::new(2025, 2, 29).is_err());
        assert!(CalendarDate::new(2025, 13, 1).is_err());
        assert!(CalendarDate::new(2024, 2, 29).is_ok());
    }
}
