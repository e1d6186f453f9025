//! tanso weather CSV, version 1: a plain, self-describing hourly format.
//!
//! ```text
//! # tanso weather csv v1
//! # latitude = -33.40 deg
//! # longitude = -70.73 deg
//! # elevation = 476 m
//! # source = IWEC Santiago monthly means, climatology generator
//! period_end,ghi [W/m²],dni [W/m²],dhi [W/m²],temp_air [°C],wind_speed [m/s],albedo [1]
//! 2023-01-01T01:00-04:00,0,,,14.95,2.1,
//! ```
//!
//! - **Metadata** lines start with `#` and read `key = value`. Keys: `latitude` (angle,
//!   north positive), `longitude` (angle, east positive), `elevation` (length above sea
//!   level), `source` (free text). A plain `#` line without `=` is a comment. Values with
//!   units are read by tanso's unit parser, so `-33.4 deg` and `476 m` both work. Latitude,
//!   longitude and elevation must be given together or not at all.
//! - **Header**: the first non-`#` line. Each column is `name [unit]`; the unit may be any
//!   unit tanso accepts for that dimension (`W/m²` or `kW/m²`, `°C` or `K`, `m/s`, ...).
//!   Column order is free. Required columns: `period_end`, `ghi` (irradiance), `temp_air`
//!   (temperature), `wind_speed` (speed). Optional: `dni` and `dhi` (irradiance, both or
//!   neither; when absent, GHI is decomposed with Erbs), `albedo` (ratio).
//! - **Timestamps** (`period_end`): ISO 8601 with UTC offset, e.g. `2023-01-01T01:00-04:00`,
//!   local standard time, marking the **end** of the hourly interval (hour-ending, like EPW
//!   and TMY3). Irradiances are the mean over that hour (= Wh/m² in the hour). All rows must
//!   share one UTC offset.
//! - **Cells**: numbers with `.` as the decimal mark. An optional column's cell may be empty
//!   (missing). `dni`/`dhi` must then be empty on every row or on none.

use uom::si::angle::degree;
use uom::si::length::meter;

use super::{LocalDateTime, Weather, WeatherError, WeatherLocation, WeatherRecord};
use crate::units::{
    Angle, Dimension, Irradiance, Length, Measure, QuantityInput, Ratio, Speed, Temperature,
    UnitDef, find_unit, parse_as,
};

/// Reads a tanso weather CSV file from disk. See [`parse_csv`].
pub fn read_csv(path: &std::path::Path) -> Result<Weather, WeatherError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| WeatherError::Format {
        source_name: name.clone(),
        message: format!("cannot read the file: {e}"),
    })?;
    parse_csv(&text, &name)
}

struct Column {
    index: usize,
    unit: &'static UnitDef,
}

/// Parses the text of a tanso weather CSV; `source_name` labels error messages.
pub fn parse_csv(text: &str, source_name: &str) -> Result<Weather, WeatherError> {
    let perr = |line: usize, field: &str, message: String| WeatherError::Parse {
        source_name: source_name.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    let mut lat: Option<Angle> = None;
    let mut lon: Option<Angle> = None;
    let mut elev: Option<Length> = None;
    let mut source = source_name.to_string();
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut records = Vec::with_capacity(8760);
    let mut cols: Vec<Option<Column>> = Vec::new();
    let mut offset: Option<i16> = None;
    let mut beam_rows = 0usize;

    for (idx, raw) in text.lines().enumerate() {
        let lineno = idx + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(meta) = line.strip_prefix('#') {
            let Some((key, value)) = meta.split_once('=') else {
                continue;
            };
            let key = key.trim();
            let value = value.trim();
            let q = QuantityInput::Text(value.to_string());
            let unit_err = |e: crate::units::UnitError| perr(lineno, key, e.kind.to_string());
            match key {
                "latitude" => lat = Some(parse_as::<Angle>(key, &q).map_err(unit_err)?),
                "longitude" => lon = Some(parse_as::<Angle>(key, &q).map_err(unit_err)?),
                "elevation" => elev = Some(parse_as::<Length>(key, &q).map_err(unit_err)?),
                "source" => source = value.to_string(),
                other => {
                    return Err(perr(
                        lineno,
                        other,
                        "unknown metadata key; accepted keys are latitude, longitude, elevation, source"
                            .into(),
                    ));
                }
            }
            continue;
        }
        if header.is_none() {
            let names: Vec<String> = line.split(',').map(|s| s.trim().to_string()).collect();
            cols = vec![None, None, None, None, None, None, None];
            for (i, name) in names.iter().enumerate() {
                let (base, unit) = match name.split_once('[') {
                    Some((b, u)) => (b.trim(), Some(u.trim_end_matches(']').trim())),
                    None => (name.as_str(), None),
                };
                let (slot, dim) = match base {
                    "period_end" => {
                        cols[0] = Some(Column {
                            index: i,
                            unit: find_unit(Dimension::Ratio, "").expect("fraction unit"),
                        });
                        continue;
                    }
                    "ghi" => (1, Dimension::Irradiance),
                    "dni" => (2, Dimension::Irradiance),
                    "dhi" => (3, Dimension::Irradiance),
                    "temp_air" => (4, Dimension::Temperature),
                    "wind_speed" => (5, Dimension::Speed),
                    "albedo" => (6, Dimension::Ratio),
                    other => {
                        return Err(perr(
                            lineno,
                            other,
                            "unknown column; accepted: period_end, ghi, dni, dhi, temp_air, wind_speed, albedo"
                                .into(),
                        ));
                    }
                };
                let unit_text = unit.unwrap_or("");
                let def = find_unit(dim, unit_text).ok_or_else(|| {
                    perr(
                        lineno,
                        base,
                        format!(
                            "unit \"{unit_text}\" is not {} unit; write e.g. \"{base} [{}]\"",
                            dim.phrase(),
                            dim.display_unit().symbol
                        ),
                    )
                })?;
                if cols[slot].is_some() {
                    return Err(perr(lineno, base, "column appears twice".into()));
                }
                cols[slot] = Some(Column {
                    index: i,
                    unit: def,
                });
            }
            for (slot, name) in [
                (0, "period_end"),
                (1, "ghi"),
                (4, "temp_air"),
                (5, "wind_speed"),
            ] {
                if cols[slot].is_none() {
                    return Err(perr(
                        lineno,
                        name,
                        "required column is missing from the header".into(),
                    ));
                }
            }
            if cols[2].is_some() != cols[3].is_some() {
                return Err(perr(
                    lineno,
                    "dni/dhi",
                    "give both dni and dhi columns, or neither".into(),
                ));
            }
            header = Some((lineno, names));
            continue;
        }
        let (_, names) = header.as_ref().expect("header read");
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.len() != names.len() {
            return Err(perr(
                lineno,
                "row",
                format!(
                    "expected {} comma-separated cells (one per header column), got {}",
                    names.len(),
                    cells.len()
                ),
            ));
        }
        let col = |slot: usize| cols[slot].as_ref();
        let ts_col = col(0).expect("checked");
        let end = LocalDateTime::parse_iso8601(cells[ts_col.index])
            .map_err(|m| perr(lineno, "period_end", m))?;
        match offset {
            None => offset = Some(end.utc_offset_minutes()),
            Some(o) if o != end.utc_offset_minutes() => {
                return Err(perr(
                    lineno,
                    "period_end",
                    format!(
                        "UTC offset differs from the first row ({o} min); use local standard time throughout"
                    ),
                ));
            }
            _ => {}
        }
        let value = |slot: usize| -> Result<Option<f64>, WeatherError> {
            let Some(c) = col(slot) else { return Ok(None) };
            let s = cells[c.index];
            if s.is_empty() {
                return Ok(None);
            }
            let v: f64 = s.parse().map_err(|_| {
                perr(
                    lineno,
                    &names[c.index],
                    format!("expected a number, got \"{s}\""),
                )
            })?;
            let si = c.unit.to_si(v);
            if !si.is_finite() {
                return Err(perr(
                    lineno,
                    &names[c.index],
                    format!("expected a finite number, got \"{s}\""),
                ));
            }
            Ok(Some(si))
        };
        let required = |slot: usize, name: &str| -> Result<f64, WeatherError> {
            value(slot)?.ok_or_else(|| perr(lineno, name, "required value is empty".into()))
        };
        let ghi = required(1, "ghi")?;
        let temp = required(4, "temp_air")?;
        let wind = required(5, "wind_speed")?;
        let dni = value(2)?;
        let dhi = value(3)?;
        if dni.is_some() != dhi.is_some() {
            return Err(perr(
                lineno,
                "dni/dhi",
                "give both dni and dhi on a row, or leave both empty".into(),
            ));
        }
        beam_rows += usize::from(dni.is_some());
        if dni.is_none() && beam_rows > 0 {
            return Err(perr(
                lineno,
                "dni/dhi",
                "empty here but given on earlier rows; fill every row or none".into(),
            ));
        }
        if dni.is_some() && beam_rows != records.len() + 1 {
            return Err(perr(
                lineno,
                "dni/dhi",
                "given here but empty on earlier rows; fill every row or none".into(),
            ));
        }
        records.push(WeatherRecord {
            period_start: end.plus_minutes(-60),
            ghi: Irradiance::from_si(ghi),
            dni: dni.map(Irradiance::from_si),
            dhi: dhi.map(Irradiance::from_si),
            air_temperature: Temperature::from_si(temp),
            wind_speed: Speed::from_si(wind),
            albedo: value(6)?.map(Ratio::from_si),
        });
    }
    if header.is_none() {
        return Err(WeatherError::Format {
            source_name: source_name.into(),
            message:
                "no header line (e.g. \"period_end,ghi [W/m²],temp_air [°C],wind_speed [m/s]\")"
                    .into(),
        });
    }
    let location = match (lat, lon, elev) {
        (Some(latitude), Some(longitude), Some(elevation)) => Some(WeatherLocation {
            latitude,
            longitude,
            elevation,
            utc_offset_minutes: offset.unwrap_or(0),
        }),
        (None, None, None) => None,
        _ => {
            return Err(WeatherError::Format {
                source_name: source_name.into(),
                message: "give latitude, longitude and elevation metadata together, or none".into(),
            });
        }
    };
    Weather::new(records, location, source)
}

/// Writes a series in tanso weather CSV v1 (W/m², °C, m/s), the inverse of [`parse_csv`].
/// Irradiances are written with 4 decimals, temperatures and wind with 3.
pub fn to_csv_string(weather: &Weather) -> String {
    use uom::si::heat_flux_density::watt_per_square_meter as wm2;
    use uom::si::ratio::ratio;
    use uom::si::thermodynamic_temperature::degree_celsius;
    use uom::si::velocity::meter_per_second;
    let mut out = String::with_capacity(weather.len() * 64);
    out.push_str("# tanso weather csv v1\n");
    if let Some(loc) = weather.location() {
        out.push_str(&format!(
            "# latitude = {} deg\n# longitude = {} deg\n# elevation = {} m\n",
            loc.latitude.get::<degree>(),
            loc.longitude.get::<degree>(),
            loc.elevation.get::<meter>()
        ));
    }
    out.push_str(&format!(
        "# source = {}\n",
        weather.source().replace(['\n', '\r'], " ")
    ));
    let beam = weather.records().iter().any(|r| r.dni.is_some());
    out.push_str("period_end,ghi [W/m²],");
    if beam {
        out.push_str("dni [W/m²],dhi [W/m²],");
    }
    out.push_str("temp_air [°C],wind_speed [m/s],albedo [1]\n");
    for r in weather.records() {
        out.push_str(&format!(
            "{},{:.4},",
            r.period_start.plus_minutes(60),
            r.ghi.get::<wm2>()
        ));
        if beam {
            out.push_str(&format!(
                "{:.4},{:.4},",
                r.dni.map_or(0.0, |v| v.get::<wm2>()),
                r.dhi.map_or(0.0, |v| v.get::<wm2>())
            ));
        }
        out.push_str(&format!(
            "{:.3},{:.3},",
            r.air_temperature.get::<degree_celsius>(),
            r.wind_speed.get::<meter_per_second>()
        ));
        if let Some(a) = r.albedo {
            out.push_str(&format!("{:.3}", a.get::<ratio>()));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::heat_flux_density::watt_per_square_meter;
    use uom::si::thermodynamic_temperature::degree_celsius;

    const SAMPLE: &str = "# tanso weather csv v1
# latitude = -33.4 deg
# longitude = -70.73 deg
# elevation = 476 m
# source = hand-made sample
period_end,temp_air [K],ghi [kW/m²],wind_speed [m/s]
2023-01-01T08:00-04:00,288.15,0.1,1.5
2023-01-01T09:00-04:00,290.15,0.25,2
";

    #[test]
    fn reads_units_metadata_and_hour_ending_timestamps() {
        let w = parse_csv(SAMPLE, "sample.csv").unwrap();
        assert_eq!(w.source(), "hand-made sample");
        assert_eq!(w.location().unwrap().utc_offset_minutes, -240);
        let r = &w.records()[1];
        assert_eq!(r.period_start.to_string(), "2023-01-01T08:00-04:00");
        // 0.25 kW/m² = 250 W/m²; 290.15 K = 17 °C.
        assert!((r.ghi.get::<watt_per_square_meter>() - 250.0).abs() < 1e-9);
        assert!((r.air_temperature.get::<degree_celsius>() - 17.0).abs() < 1e-9);
        assert!(r.dni.is_none());
    }

    #[test]
    fn round_trips_through_writer() {
        let w = parse_csv(SAMPLE, "sample.csv").unwrap();
        let text = to_csv_string(&w);
        let back = parse_csv(&text, "again.csv").unwrap();
        assert_eq!(back.len(), 2);
        assert!(
            (back.records()[0].ghi.get::<watt_per_square_meter>() - 100.0).abs() < 1e-9,
            "{text}"
        );
        assert_eq!(back.location(), w.location());
    }

    #[test]
    fn beam_columns_all_or_nothing() {
        let text = "period_end,ghi [W/m2],dni [W/m2],dhi [W/m2],temp_air [degC],wind_speed [m/s]
2023-06-01T12:00Z,500,600,100,20,1
2023-06-01T13:00Z,400,,,20,1
";
        let e = parse_csv(text, "b.csv").unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("dni/dhi"), "{e}");
        let ok = text.replace(",,,20,1", ",450,90,20,1");
        let w = parse_csv(&ok, "b.csv").unwrap();
        assert!((w.records()[1].dhi.unwrap().get::<watt_per_square_meter>() - 90.0).abs() < 1e-12);
        assert!(w.location().is_none());
    }

    #[test]
    fn errors_name_line_and_field() {
        let bad = SAMPLE.replace("290.15,0.25", "290.15,lots");
        let e = parse_csv(&bad, "bad.csv").unwrap_err().to_string();
        assert!(e.contains("bad.csv, line 8, field \"ghi [kW/m²]\""), "{e}");
        let e = parse_csv(&SAMPLE.replace("[K]", "[MW]"), "u.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("temp_air") && e.contains("line 6"), "{e}");
        let e = parse_csv(&SAMPLE.replace("ghi [kW/m²],", ""), "c.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 6"), "{e}");
        let e = parse_csv(&SAMPLE.replace("-04:00,290", "-03:00,290"), "o.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTC offset"), "{e}");
        let e = parse_csv(&SAMPLE.replace("# elevation = 476 m\n", ""), "m.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("together"), "{e}");
    }
}
