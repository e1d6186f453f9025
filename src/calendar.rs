//! Calendar dates (proleptic Gregorian, day precision): crediting periods, the dates a
//! baseline changes, facts' dates.

use std::fmt;

use serde::{Serialize, Serializer};

/// A calendar date (day precision; a month alone means its first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("expected a date such as \"2025-08-01\" or \"2024-02\", got \"{s}\"");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if !(2..=3).contains(&parts.len()) || parts[0].len() != 4 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = match parts.get(2) {
            Some(d) => d.parse().map_err(|_| bad())?,
            None => 1,
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil).
    pub fn days(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (inverse of [`Date::days`]).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
        Date { year, month, day }
    }

    /// The same day `n` years later (29 February becomes 28 February in common years).
    pub fn add_years(self, n: i32) -> Date {
        let year = self.year + n;
        Date {
            year,
            month: self.month,
            day: self.day.min(days_in_month(year, self.month)),
        }
    }

    /// Day of the year, 1-based.
    pub fn ordinal(self) -> u16 {
        (1..self.month)
            .map(|m| days_in_month(self.year, m) as u16)
            .sum::<u16>()
            + self.day as u16
    }

    /// The position within its year as a fraction in [0, 1): 1 January is 0.
    pub fn year_fraction(self) -> f64 {
        (self.ordinal() - 1) as f64 / days_in_year(self.year) as f64
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Days in a month of the Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_year(year: i32) -> u16 {
    if is_leap(year) { 366 } else { 365 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = Date::parse("2025-08-01").unwrap();
        // 1 August of a common year is day 31+28+31+30+31+30+31+1 = 213.
        assert_eq!(d.ordinal(), 213);
        assert!((d.year_fraction() - 212.0 / 365.0).abs() < 1e-12);
        assert_eq!(Date::parse("2024-02").unwrap().to_string(), "2024-02-01");
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2025-13-01").is_err());
        assert!(Date::parse("25-01-01").is_err());
        // 2024-03-01 is day 19,783 since 1970-01-01 (Python: date(2024,3,1) - date(1970,1,1)).
        let d = Date::parse("2024-03-01").unwrap();
        assert_eq!(d.days(), 19_783);
        assert_eq!(Date::from_days(19_783), d);
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 80_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(
            Date::parse("2024-02-29").unwrap().add_years(1).to_string(),
            "2025-02-28"
        );
    }
}
