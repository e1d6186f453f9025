//! Hourly weather series for the PV model chain, and three ways to get one:
//!
//! - [`epw`]: EnergyPlus weather files (`.epw`), e.g. TMY/IWEC typical years;
//! - [`csv`]: tanso's own documented CSV format;
//! - [`climatology`]: a typical hourly year built from twelve monthly means.
//!
//! Every record covers one hour. It is stored by the **start** of its interval
//! ([`WeatherRecord::period_start`], local standard time with its UTC offset); irradiances
//! are the mean over the hour (equal to the hour's Wh/m²). Sun positions are computed at the
//! interval midpoint, `period_start + 30 min`.

pub mod checks;
pub mod climatology;
pub mod csv;
pub mod epw;
mod time;

pub use crate::calendar::days_in_month;
pub use time::LocalDateTime;

use thiserror::Error;
use uom::si::angle::degree;
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::length::meter;
use uom::si::ratio::ratio;
use uom::si::thermodynamic_temperature::degree_celsius;
use uom::si::velocity::meter_per_second;

use crate::units::{Angle, Irradiance, Length, Ratio, Speed, Temperature};

/// Why a weather series could not be read or accepted.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WeatherError {
    /// A value in a file could not be read; names the source, line (1-based) and field.
    #[error("{source_name}, line {line}, field \"{field}\": {message}")]
    Parse {
        /// File name or other label of the source.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// Name of the field (column) that was wrong.
        field: String,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The file as a whole is unusable (no data, missing header or column, ...).
    #[error("{source_name}: {message}")]
    Format {
        /// File name or other label of the source.
        source_name: String,
        /// What was wrong.
        message: String,
    },
    /// A record is out of physical range or out of order.
    #[error("weather record {index} ({time}): {message}")]
    Record {
        /// 0-based index of the record.
        index: usize,
        /// Its interval start, ISO 8601.
        time: String,
        /// What was wrong.
        message: String,
    },
    /// Monthly climatology input is invalid.
    #[error("monthly climatology, {month}: {message}")]
    Climatology {
        /// Month name.
        month: &'static str,
        /// What was wrong.
        message: String,
    },
}

/// One hour of weather.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeatherRecord {
    /// Start of the hourly interval, local standard time.
    pub period_start: LocalDateTime,
    /// Global horizontal irradiance, mean over the hour.
    pub ghi: Irradiance,
    /// Direct normal irradiance, if the source gives it (else decomposed from GHI).
    pub dni: Option<Irradiance>,
    /// Diffuse horizontal irradiance, if the source gives it (else decomposed from GHI).
    pub dhi: Option<Irradiance>,
    /// Dry-bulb air temperature.
    pub air_temperature: Temperature,
    /// Wind speed at the station's measurement height (nominally 10 m).
    pub wind_speed: Speed,
    /// Ground albedo, if the source gives it.
    pub albedo: Option<Ratio>,
}

/// Site metadata that a weather source carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeatherLocation {
    /// Latitude, north positive.
    pub latitude: Angle,
    /// Longitude, east positive.
    pub longitude: Angle,
    /// Elevation above sea level.
    pub elevation: Length,
    /// Offset of local standard time from UTC, in minutes (UTC−4 is −240).
    pub utc_offset_minutes: i16,
}

/// An hourly weather series, validated: finite values in physical ranges, hourly steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Weather {
    records: Vec<WeatherRecord>,
    location: Option<WeatherLocation>,
    source: String,
}

/// Physical ranges accepted for weather values. Air temperature: just beyond the extremes
/// ever measured at the surface (−89.2 °C at Vostok, 1983; 56.7 °C in Death Valley, 1913;
/// WMO Weather and Climate Extremes Archive). What the sun decides is in [`checks`].
const GHI_MAX_W_M2: f64 = 2000.0;
const TEMP_MIN_C: f64 = -90.0;
const TEMP_MAX_C: f64 = 60.0;
const WIND_MAX_M_S: f64 = 75.0;

impl Weather {
    /// Builds a series from records, checking each one:
    /// irradiances finite and in 0–2000 W/m²; air temperature in −90…60 °C; wind speed in
    /// 0–75 m/s; albedo in 0–1; DNI and DHI given together or not at all; and consecutive
    /// records one hour apart within a calendar year (typical-year files mix years between
    /// months, so a change of year is accepted as a join).
    pub fn new(
        records: Vec<WeatherRecord>,
        location: Option<WeatherLocation>,
        source: impl Into<String>,
    ) -> Result<Self, WeatherError> {
        if records.is_empty() {
            return Err(WeatherError::Format {
                source_name: source.into(),
                message: "the weather series has no records".into(),
            });
        }
        for (i, r) in records.iter().enumerate() {
            validate_record(i, r)?;
            if i > 0 {
                let prev = records[i - 1].period_start;
                let same_year = prev.year() == r.period_start.year();
                let step = r.period_start.unix_seconds() - prev.unix_seconds();
                if same_year && step != 3600 {
                    return Err(WeatherError::Record {
                        index: i,
                        time: r.period_start.to_string(),
                        message: format!(
                            "records must be hourly and in order; the previous record starts at {prev}"
                        ),
                    });
                }
            }
        }
        if let Some(loc) = &location {
            validate_location(loc).map_err(|message| WeatherError::Format {
                source_name: "weather location".into(),
                message,
            })?;
        }
        Ok(Weather {
            records,
            location,
            source: source.into(),
        })
    }

    /// The hourly records.
    pub fn records(&self) -> &[WeatherRecord] {
        &self.records
    }

    /// Site metadata, when the source gives it.
    pub fn location(&self) -> Option<&WeatherLocation> {
        self.location.as_ref()
    }

    /// Where the series came from (file name or generator description).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Number of hourly records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the series is empty (never true for a validated series).
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Weather being read by one or more threads: an EPW file's records in parts that any
/// thread may read ([`epw::EpwRead`]), or a series read already.
pub enum SharedRead<'a> {
    Epw(epw::EpwRead<'a>),
    Read(Result<Weather, WeatherError>),
}

impl SharedRead<'_> {
    /// Reads parts not yet taken (nothing to do for a series read already).
    pub fn help(&self) {
        if let SharedRead::Epw(read) = self {
            read.help();
        }
    }

    /// The series, once read (waiting for the threads still reading).
    pub fn wait(&self) -> &Result<Weather, WeatherError> {
        match self {
            SharedRead::Epw(read) => read.wait(),
            SharedRead::Read(done) => done,
        }
    }
}

fn validate_location(loc: &WeatherLocation) -> Result<(), String> {
    let lat = loc.latitude.get::<degree>();
    let lon = loc.longitude.get::<degree>();
    let elev = loc.elevation.get::<meter>();
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(format!("latitude must be within −90…90°, got {lat}°"));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(format!("longitude must be within −180…180°, got {lon}°"));
    }
    if !(elev.is_finite() && (-500.0..=9000.0).contains(&elev)) {
        return Err(format!(
            "elevation must be within −500…9000 m, got {elev} m"
        ));
    }
    Ok(())
}

fn validate_record(i: usize, r: &WeatherRecord) -> Result<(), WeatherError> {
    let err = |message: String| WeatherError::Record {
        index: i,
        time: r.period_start.to_string(),
        message,
    };
    let irr = |name: &str, g: Irradiance| -> Result<(), WeatherError> {
        let v = g.get::<watt_per_square_meter>();
        if !v.is_finite() || !(0.0..=GHI_MAX_W_M2).contains(&v) {
            return Err(err(format!(
                "{name} must be a finite irradiance within 0–{GHI_MAX_W_M2} W/m², got {v} W/m²"
            )));
        }
        Ok(())
    };
    irr("GHI", r.ghi)?;
    match (r.dni, r.dhi) {
        (Some(dni), Some(dhi)) => {
            irr("DNI", dni)?;
            irr("DHI", dhi)?;
        }
        (None, None) => {}
        _ => {
            return Err(err(
                "DNI and DHI must be given together (or both left out, to decompose GHI)".into(),
            ));
        }
    }
    let t = r.air_temperature.get::<degree_celsius>();
    if !t.is_finite() || !(TEMP_MIN_C..=TEMP_MAX_C).contains(&t) {
        return Err(err(format!(
            "air temperature must be within {TEMP_MIN_C}…{TEMP_MAX_C} °C, got {t} °C"
        )));
    }
    let w = r.wind_speed.get::<meter_per_second>();
    if !w.is_finite() || !(0.0..=WIND_MAX_M_S).contains(&w) {
        return Err(err(format!(
            "wind speed must be within 0–{WIND_MAX_M_S} m/s, got {w} m/s"
        )));
    }
    if let Some(a) = r.albedo {
        let a = a.get::<ratio>();
        if !a.is_finite() || !(0.0..=1.0).contains(&a) {
            return Err(err(format!("albedo must be within 0–1, got {a}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(hour: u8, ghi: f64) -> WeatherRecord {
        WeatherRecord {
            period_start: LocalDateTime::new(2023, 1, 1, hour, 0, -240).unwrap(),
            ghi: Irradiance::new::<watt_per_square_meter>(ghi),
            dni: None,
            dhi: None,
            air_temperature: Temperature::new::<degree_celsius>(20.0),
            wind_speed: Speed::new::<meter_per_second>(2.0),
            albedo: None,
        }
    }

    #[test]
    fn accepts_hourly_series() {
        let w = Weather::new(vec![rec(0, 0.0), rec(1, 10.0)], None, "test").unwrap();
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn rejects_gaps_nan_and_negative_irradiance() {
        let e = Weather::new(vec![rec(0, 0.0), rec(2, 0.0)], None, "t").unwrap_err();
        assert!(e.to_string().contains("hourly"), "{e}");
        let e = Weather::new(vec![rec(0, f64::NAN)], None, "t").unwrap_err();
        assert!(e.to_string().contains("GHI"), "{e}");
        let e = Weather::new(vec![rec(0, -5.0)], None, "t").unwrap_err();
        assert!(e.to_string().contains("record 0"), "{e}");
        let mut r = rec(0, 0.0);
        r.dni = Some(Irradiance::new::<watt_per_square_meter>(0.0));
        assert!(Weather::new(vec![r], None, "t").is_err());
        assert!(Weather::new(vec![], None, "t").is_err());
    }
}
