//! Civil date-times with a fixed UTC offset, just enough calendar arithmetic for hourly
//! weather series (proleptic Gregorian calendar, no leap seconds, no daylight saving).

use crate::calendar::{Date, days_in_month};
use std::fmt;

/// A wall-clock date and time at a fixed offset from UTC, e.g. `2023-01-01T01:00-04:00`.
///
/// Weather files are in local *standard* time; daylight saving is never applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    /// Offset from UTC in minutes (UTC−4 is −240).
    utc_offset_minutes: i16,
}

impl LocalDateTime {
    /// Builds a date-time, checking the calendar: month 1–12, a day that exists in that
    /// month, hour 0–23, minute 0–59, offset within ±18 h.
    pub fn new(
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        utc_offset_minutes: i16,
    ) -> Result<Self, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("month must be 1–12, got {month}"));
        }
        let dim = days_in_month(year, month);
        if day == 0 || day > dim {
            return Err(format!(
                "day must be 1–{dim} for {year}-{month:02}, got {day}"
            ));
        }
        if hour > 23 {
            return Err(format!("hour must be 0–23, got {hour}"));
        }
        if minute > 59 {
            return Err(format!("minute must be 0–59, got {minute}"));
        }
        if utc_offset_minutes.abs() > 18 * 60 {
            return Err(format!(
                "UTC offset must be within ±18 h, got {utc_offset_minutes} min"
            ));
        }
        Ok(LocalDateTime {
            year,
            month,
            day,
            hour,
            minute,
            utc_offset_minutes,
        })
    }

    /// Calendar year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// Month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of month, 1–31.
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Hour, 0–23.
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute, 0–59.
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Offset from UTC in minutes (east positive).
    pub fn utc_offset_minutes(&self) -> i16 {
        self.utc_offset_minutes
    }

    /// Day of the year of the local date, 1 on 1 January.
    #[inline]
    pub fn day_of_year(&self) -> u32 {
        // Days before each month in a common year; one more after February in a leap year.
        const BEFORE: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let leap = self.month > 2 && days_in_month(self.year, 2) == 29;
        u32::from(BEFORE[usize::from(self.month - 1)]) + u32::from(self.day) + u32::from(leap)
    }

    /// Local clock time as fractional hours since local midnight.
    pub fn local_hours(&self) -> f64 {
        f64::from(self.hour) + f64::from(self.minute) / 60.0
    }

    /// Seconds since 1970-01-01T00:00Z (the Unix epoch).
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days * 86_400 + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60
            - i64::from(self.utc_offset_minutes) * 60
    }

    /// Julian Day (UT) of this instant: JD = unix/86400 + 2440587.5 (the Unix epoch is
    /// JD 2440587.5).
    #[inline]
    pub fn julian_day(&self) -> f64 {
        self.unix_seconds() as f64 / 86_400.0 + 2_440_587.5
    }

    /// The same instant shifted by a whole number of minutes, keeping the UTC offset.
    #[inline]
    pub fn plus_minutes(&self, minutes: i64) -> Self {
        // Within the same day only the clock changes (an hourly series' midpoints, mostly).
        let clock = i64::from(self.hour) * 60 + i64::from(self.minute) + minutes;
        if (0..24 * 60).contains(&clock) {
            return LocalDateTime {
                hour: (clock / 60) as u8,
                minute: (clock % 60) as u8,
                ..*self
            };
        }
        let local = self.unix_seconds() + i64::from(self.utc_offset_minutes) * 60 + minutes * 60;
        Self::from_local_seconds(local, self.utc_offset_minutes)
    }

    /// Builds from seconds since 1970-01-01T00:00 *local* clock time.
    fn from_local_seconds(local: i64, utc_offset_minutes: i16) -> Self {
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        LocalDateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: ((secs % 3600) / 60) as u8,
            utc_offset_minutes,
        }
    }

    /// Parses ISO 8601 `YYYY-MM-DDTHH:MM[:SS]±HH:MM` (or `Z`). Seconds must be zero.
    pub fn parse_iso8601(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "\"{t}\" is not an ISO 8601 date-time with UTC offset such as 2023-01-01T01:00-04:00"
            )
        };
        let (date, rest) = t.split_once(['T', ' ']).ok_or_else(bad)?;
        let mut d = date.split('-');
        let year: i32 = d.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let month: u8 = d.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let day: u8 = d.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        if d.next().is_some() {
            return Err(bad());
        }
        let (clock, offset) = if let Some(c) = rest.strip_suffix('Z') {
            (c, 0i16)
        } else {
            let pos = rest.rfind(['+', '-']).ok_or_else(|| {
                format!("\"{t}\" has no UTC offset: write e.g. 2023-01-01T01:00-04:00 or ...Z")
            })?;
            let (c, o) = rest.split_at(pos);
            let sign: i16 = if o.starts_with('-') { -1 } else { 1 };
            let o = &o[1..];
            let (oh, om) = o.split_once(':').unwrap_or((o, "0"));
            let oh: i16 = oh.parse().map_err(|_| bad())?;
            let om: i16 = om.parse().map_err(|_| bad())?;
            (c, sign * (oh * 60 + om))
        };
        let mut c = clock.split(':');
        let hour: u8 = c.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let minute: u8 = c.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        if let Some(s) = c.next() {
            let s: f64 = s.parse().map_err(|_| bad())?;
            if s != 0.0 {
                return Err(format!("\"{t}\": seconds must be 0 for hourly data"));
            }
        }
        // "24:00" (end of day) is accepted and rolls over to the next day.
        if hour == 24 && minute == 0 {
            let start = LocalDateTime::new(year, month, day, 0, 0, offset)?;
            return Ok(start.plus_minutes(24 * 60));
        }
        LocalDateTime::new(year, month, day, hour, minute, offset)
    }
}

impl fmt::Display for LocalDateTime {
    /// ISO 8601 with offset, e.g. `2023-01-01T01:00-04:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.utc_offset_minutes < 0 {
            '-'
        } else {
            '+'
        };
        let off = self.utc_offset_minutes.unsigned_abs();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}{}{:02}:{:02}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            sign,
            off / 60,
            off % 60
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    Date { year, month, day }.days()
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let d = Date::from_days(z);
    (d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_epoch_and_known_julian_day() {
        // 1970-01-01T00:00Z is Unix time 0 by definition.
        let t = LocalDateTime::new(1970, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(t.unix_seconds(), 0);
        // J2000.0 = 2000-01-01T12:00 UT = JD 2451545.0 (Meeus, Astronomical Algorithms,
        // ch. 7). Written at UTC−7 (05:00 local).
        let j2000 = LocalDateTime::new(2000, 1, 1, 5, 0, -420).unwrap();
        assert!((j2000.julian_day() - 2_451_545.0).abs() < 1e-9);
    }

    #[test]
    fn round_trip_and_rollover() {
        let t = LocalDateTime::parse_iso8601("2023-12-31T23:30-04:00").unwrap();
        let u = t.plus_minutes(30);
        assert_eq!(u.to_string(), "2024-01-01T00:00-04:00");
        assert_eq!(u.plus_minutes(-30), t);
        let e = LocalDateTime::parse_iso8601("2024-02-28T24:00+09:00").unwrap();
        assert_eq!(e.to_string(), "2024-02-29T00:00+09:00");
        assert_eq!(e.day_of_year(), 60);
        assert_eq!(
            LocalDateTime::parse_iso8601("2023-06-01T12:00Z")
                .unwrap()
                .utc_offset_minutes(),
            0
        );
    }

    #[test]
    fn rejects_bad_dates() {
        assert!(LocalDateTime::new(2023, 2, 29, 0, 0, 0).is_err());
        assert!(LocalDateTime::parse_iso8601("2023-01-01T01:00").is_err());
        assert!(LocalDateTime::parse_iso8601("2023-13-01T01:00Z").is_err());
        assert!(LocalDateTime::parse_iso8601("yesterday").is_err());
    }

    #[test]
    fn day_of_year_in_leap_and_common_years() {
        // 26 October 2016 is day 300 (pvlib test_irradiance uses it as doy 300).
        assert_eq!(
            LocalDateTime::new(2016, 10, 26, 0, 0, 0)
                .unwrap()
                .day_of_year(),
            300
        );
        assert_eq!(
            LocalDateTime::new(2023, 12, 31, 0, 0, 0)
                .unwrap()
                .day_of_year(),
            365
        );
    }

    #[test]
    fn shortcuts_agree_with_the_day_count() {
        // Every day of a common and a leap year (and 1900, divisible by 100, common): the day
        // of the year is the count of days since 1 January + 1, and a shift of up to ±2 days
        // lands where the Unix-second arithmetic puts it.
        for year in [1900, 2023, 2024] {
            let jan1 = days_from_civil(year, 1, 1);
            let mut t = LocalDateTime::new(year, 1, 1, 0, 0, -240).unwrap();
            while t.year == year {
                let expect = days_from_civil(t.year, t.month, t.day) - jan1 + 1;
                assert_eq!(i64::from(t.day_of_year()), expect, "{t}");
                for m in [-2880, -61, -30, 0, 29, 30, 59, 60, 61, 1439, 1440, 2880] {
                    let u = t.plus_minutes(m);
                    assert_eq!(u.unix_seconds(), t.unix_seconds() + m * 60, "{t} + {m} min");
                    assert_eq!(u.utc_offset_minutes, t.utc_offset_minutes);
                }
                t = t.plus_minutes(23 * 60 + 30);
            }
        }
    }
}
