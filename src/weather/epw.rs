//! EnergyPlus weather files (`.epw`).
//!
//! Layout per the EnergyPlus "Auxiliary Programs" manual, chapter "Weather Converter
//! Program", section "EnergyPlus Weather File (EPW) Data Dictionary" (U.S. DOE):
//!
//! - Eight header lines. The first, `LOCATION,city,state,country,source,WMO,latitude,
//!   longitude,time zone,elevation`, gives latitude (° N+), longitude (° E+), time zone
//!   (hours from UTC, standard time) and elevation (m). The eighth, `DATA PERIODS,...`, gives
//!   the number of records per hour, which must be 1 here.
//! - Data records, comma-separated. Fields used (0-based position, unit, "missing" code):
//!   0 year, 1 month, 2 day, 3 hour (1–24, **hour-ending**, local standard time),
//!   6 dry-bulb temperature (°C, 99.9), 13 global horizontal radiation (Wh/m² over the
//!   preceding hour, 9999), 14 direct normal radiation (Wh/m², 9999), 15 diffuse horizontal
//!   radiation (Wh/m², 9999), 21 wind speed (m/s, 999), 32 albedo (–, 999; 0 is also read as
//!   "not given", as many files write 0 there).
//!
//! An hour-ending record with hour `h` covers `[h−1, h)` local standard time and is stored
//! with `period_start` = `h−1`:00. Wh/m² over one hour equals the mean irradiance in W/m².
//! A missing GHI, temperature or wind speed is an error; missing DNI/DHI make the whole
//! series fall back to decomposition only if *all* records lack them (a partial gap is an
//! error, as silently mixing measured and modelled beam would bias the result).

use uom::si::angle::degree;
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::length::meter;
use uom::si::ratio::ratio;
use uom::si::thermodynamic_temperature::degree_celsius;
use uom::si::velocity::meter_per_second;

use super::{LocalDateTime, Weather, WeatherError, WeatherLocation, WeatherRecord};
use crate::units::{Angle, Irradiance, Length, Ratio, Speed, Temperature};

const F_YEAR: usize = 0;
const F_MONTH: usize = 1;
const F_DAY: usize = 2;
const F_HOUR: usize = 3;
const F_DRY_BULB: usize = 6;
const F_GHI: usize = 13;
const F_DNI: usize = 14;
const F_DHI: usize = 15;
const F_WIND_SPEED: usize = 21;
const F_ALBEDO: usize = 32;

const FIELD_NAMES: [(usize, &str); 10] = [
    (F_YEAR, "year"),
    (F_MONTH, "month"),
    (F_DAY, "day"),
    (F_HOUR, "hour"),
    (F_DRY_BULB, "dry bulb temperature"),
    (F_GHI, "global horizontal radiation"),
    (F_DNI, "direct normal radiation"),
    (F_DHI, "diffuse horizontal radiation"),
    (F_WIND_SPEED, "wind speed"),
    (F_ALBEDO, "albedo"),
];

fn field_name(pos: usize) -> String {
    let name = FIELD_NAMES
        .iter()
        .find(|(p, _)| *p == pos)
        .map(|(_, n)| *n)
        .unwrap_or("?");
    format!("{} (field {})", name, pos + 1)
}

/// Reads an EPW file from disk. See [`parse_epw`].
pub fn read_epw(path: &std::path::Path) -> Result<Weather, WeatherError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| WeatherError::Format {
        source_name: name.clone(),
        message: format!("cannot read the file: {e}"),
    })?;
    parse_epw(&text, &name)
}

/// Parses the text of an EPW file; `source_name` labels error messages.
pub fn parse_epw(text: &str, source_name: &str) -> Result<Weather, WeatherError> {
    let perr = |line: usize, field: String, message: String| WeatherError::Parse {
        source_name: source_name.to_string(),
        line,
        field,
        message,
    };
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.first().copied().unwrap_or("");
    if !first.starts_with("LOCATION") {
        return Err(WeatherError::Format {
            source_name: source_name.into(),
            message: "the first line must be the EPW LOCATION header".into(),
        });
    }
    let loc: Vec<&str> = first.split(',').map(str::trim).collect();
    let num = |pos: usize, what: &str| -> Result<f64, WeatherError> {
        loc.get(pos)
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                perr(
                    1,
                    format!("LOCATION {what} (field {})", pos + 1),
                    format!("expected a number, got \"{}\"", loc.get(pos).unwrap_or(&"")),
                )
            })
    };
    let lat = num(6, "latitude")?;
    let lon = num(7, "longitude")?;
    let tz = num(8, "time zone")?;
    let elev = num(9, "elevation")?;
    if !(-18.0..=18.0).contains(&tz) {
        return Err(perr(
            1,
            "LOCATION time zone (field 9)".into(),
            format!("expected hours from UTC within ±18, got {tz}"),
        ));
    }
    let utc_offset_minutes = (tz * 60.0).round() as i16;
    let location = WeatherLocation {
        latitude: Angle::new::<degree>(lat),
        longitude: Angle::new::<degree>(lon),
        elevation: Length::new::<meter>(elev),
        utc_offset_minutes,
    };

    let data_start = lines
        .iter()
        .position(|l| l.starts_with("DATA PERIODS"))
        .ok_or_else(|| WeatherError::Format {
            source_name: source_name.into(),
            message: "no DATA PERIODS header line (the 8th header line of an EPW file)".into(),
        })?;
    let dp: Vec<&str> = lines[data_start].split(',').map(str::trim).collect();
    if let Some(per_hour) = dp.get(2)
        && per_hour.parse::<u32>().ok() != Some(1)
    {
        return Err(perr(
            data_start + 1,
            "DATA PERIODS records per hour (field 3)".into(),
            format!("only hourly files are supported, got \"{per_hour}\" records per hour"),
        ));
    }

    let mut records = Vec::with_capacity(8760);
    let mut has_beam = Vec::with_capacity(8760);
    for (idx, line) in lines.iter().enumerate().skip(data_start + 1) {
        let lineno = idx + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() <= F_WIND_SPEED {
            return Err(perr(
                lineno,
                "record".into(),
                format!(
                    "expected at least {} comma-separated fields, got {}",
                    F_WIND_SPEED + 1,
                    f.len()
                ),
            ));
        }
        let get = |pos: usize| -> Result<f64, WeatherError> {
            let s = f[pos];
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    perr(
                        lineno,
                        field_name(pos),
                        format!("expected a number, got \"{s}\""),
                    )
                })
        };
        let int = |pos: usize, lo: f64, hi: f64| -> Result<u8, WeatherError> {
            let v = get(pos)?;
            if v.fract() != 0.0 || v < lo || v > hi {
                return Err(perr(
                    lineno,
                    field_name(pos),
                    format!("expected a whole number within {lo}–{hi}, got {v}"),
                ));
            }
            Ok(v as u8)
        };
        let year = get(F_YEAR)?;
        if year.fract() != 0.0 || !(1000.0..=9999.0).contains(&year) {
            return Err(perr(
                lineno,
                field_name(F_YEAR),
                format!("expected a four-digit year, got {year}"),
            ));
        }
        let month = int(F_MONTH, 1.0, 12.0)?;
        let day = int(F_DAY, 1.0, 31.0)?;
        let hour = int(F_HOUR, 1.0, 24.0)?;
        let start = LocalDateTime::new(year as i32, month, day, hour - 1, 0, utc_offset_minutes)
            .map_err(|m| perr(lineno, "date".into(), m))?;
        let missing = |pos: usize, code: f64| -> Result<Option<f64>, WeatherError> {
            let v = get(pos)?;
            Ok(if v >= code { None } else { Some(v) })
        };
        let required = |pos: usize, code: f64| -> Result<f64, WeatherError> {
            missing(pos, code)?.ok_or_else(|| {
                perr(
                    lineno,
                    field_name(pos),
                    format!("value is the EPW \"missing\" code ({code}); this field is required"),
                )
            })
        };
        let temp = required(F_DRY_BULB, 99.9)?;
        let ghi = required(F_GHI, 9999.0)?;
        let dni = missing(F_DNI, 9999.0)?;
        let dhi = missing(F_DHI, 9999.0)?;
        let wind = required(F_WIND_SPEED, 999.0)?;
        let albedo = if f.len() > F_ALBEDO && !f[F_ALBEDO].is_empty() {
            missing(F_ALBEDO, 999.0)?.filter(|a| *a > 0.0)
        } else {
            None
        };
        let range = |pos: usize, v: f64, lo: f64, hi: f64, unit: &str| {
            if v < lo || v > hi {
                Err(perr(
                    lineno,
                    field_name(pos),
                    format!("expected {lo}–{hi} {unit}, got {v} {unit}"),
                ))
            } else {
                Ok(())
            }
        };
        range(F_GHI, ghi, 0.0, 2000.0, "Wh/m²")?;
        if let Some(v) = dni {
            range(F_DNI, v, 0.0, 2000.0, "Wh/m²")?;
        }
        if let Some(v) = dhi {
            range(F_DHI, v, 0.0, 2000.0, "Wh/m²")?;
        }
        range(F_DRY_BULB, temp, -90.0, 70.0, "°C")?;
        range(F_WIND_SPEED, wind, 0.0, 75.0, "m/s")?;
        if let Some(a) = albedo {
            range(F_ALBEDO, a, 0.0, 1.0, "")?;
        }
        has_beam.push((lineno, dni.is_some() && dhi.is_some()));
        records.push(WeatherRecord {
            period_start: start,
            ghi: Irradiance::new::<watt_per_square_meter>(ghi),
            dni: dni.map(Irradiance::new::<watt_per_square_meter>),
            dhi: dhi.map(Irradiance::new::<watt_per_square_meter>),
            air_temperature: Temperature::new::<degree_celsius>(temp),
            wind_speed: Speed::new::<meter_per_second>(wind),
            albedo: albedo.map(Ratio::new::<ratio>),
        });
    }
    let with_beam = has_beam.iter().filter(|(_, b)| *b).count();
    if with_beam != 0 && with_beam != has_beam.len() {
        let (line, _) = has_beam
            .iter()
            .find(|(_, b)| !*b)
            .copied()
            .unwrap_or((0, false));
        return Err(perr(
            line,
            "direct normal / diffuse horizontal radiation (fields 15–16)".into(),
            "missing here but present in other records; fill the gap or remove both columns".into(),
        ));
    }
    if with_beam == 0 {
        for r in &mut records {
            r.dni = None;
            r.dhi = None;
        }
    }
    Weather::new(records, Some(location), source_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made two-record EPW (not from any real station), using the field order of the
    /// EnergyPlus data dictionary.
    fn sample() -> String {
        let header = "LOCATION,Test City,RM,CHL,synthetic,000000,-33.40,-70.73,-4.0,476.0\n\
DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\n\
HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,synthetic\nCOMMENTS 2,synthetic\n\
DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n";
        // year,month,day,hour,minute,flags,dry,dew,rh,p,exthor,extdni,ir,ghi,dni,dhi,
        // ghillum,dniillum,dhiillum,zenlum,winddir,windspeed,sky,opaque,vis,ceil,pwo,pwc,
        // pw,aod,snow,days,albedo,rain,rainq
        let r1 = "1995,1,1,1,60,?9,15.0,8.0,60,95000,0,1415,300,0,0,0,0,0,0,0,200,1.5,0,0,20,77777,9,999999999,10,0.1,0,88,0.18,0,1";
        let r2 = "1995,1,1,2,60,?9,14.5,8.0,60,95000,0,1415,300,120,400,50,0,0,0,0,200,2.0,0,0,20,77777,9,999999999,10,0.1,0,88,999,0,1";
        format!("{header}{r1}\n{r2}\n")
    }

    #[test]
    fn reads_location_and_hour_ending_records() {
        let w = parse_epw(&sample(), "sample.epw").unwrap();
        let loc = w.location().unwrap();
        assert!((loc.latitude.get::<degree>() + 33.40).abs() < 1e-12);
        assert!((loc.longitude.get::<degree>() + 70.73).abs() < 1e-12);
        assert_eq!(loc.utc_offset_minutes, -240);
        assert!((loc.elevation.get::<meter>() - 476.0).abs() < 1e-12);
        let r = w.records();
        assert_eq!(r.len(), 2);
        // Hour 2 (hour-ending) starts at 01:00 local standard time.
        assert_eq!(r[1].period_start.to_string(), "1995-01-01T01:00-04:00");
        assert!((r[1].ghi.get::<watt_per_square_meter>() - 120.0).abs() < 1e-12);
        assert!((r[1].dni.unwrap().get::<watt_per_square_meter>() - 400.0).abs() < 1e-12);
        assert!((r[1].wind_speed.get::<meter_per_second>() - 2.0).abs() < 1e-12);
        assert!((r[0].albedo.unwrap().get::<ratio>() - 0.18).abs() < 1e-12);
        assert!(r[1].albedo.is_none(), "999 is the missing code");
    }

    #[test]
    fn errors_name_line_and_field() {
        let bad = sample().replace("1995,1,1,2,60,?9,14.5", "1995,1,1,2,60,?9,warm");
        let e = parse_epw(&bad, "bad.epw").unwrap_err().to_string();
        assert!(e.contains("bad.epw, line 10"), "{e}");
        assert!(e.contains("dry bulb temperature (field 7)"), "{e}");
        let missing = sample().replace(",2.0,0,0,20", ",999,0,0,20");
        let e = parse_epw(&missing, "m.epw").unwrap_err().to_string();
        assert!(e.contains("wind speed"), "{e}");
        assert!(parse_epw("not an epw", "x").is_err());
    }
}
