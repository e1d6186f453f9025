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

/// Fields a record needs: up to the albedo (field 33); later fields are not read.
const RECORD_FIELDS: usize = F_ALBEDO + 1;

/// The first [`RECORD_FIELDS`] comma-separated fields of a record line, located but not
/// yet sliced (most are never read).
struct Fields<'a> {
    line: &'a str,
    /// Byte offset of the comma after each field (the line's length after the last).
    ends: [usize; RECORD_FIELDS],
    /// Number of fields, up to [`RECORD_FIELDS`].
    count: usize,
}

impl<'a> Fields<'a> {
    /// Locates the fields. Commas are found eight bytes at a time: in a word
    /// x = w XOR ",,,,,,,," a byte is zero exactly where w holds a comma, and
    /// ¬(((x & 0x7f…) + 0x7f…) | x | 0x7f…) sets the top bit of exactly those bytes (no carry
    /// crosses a byte).
    fn split(line: &'a str) -> Self {
        const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let bytes = line.as_bytes();
        // The count lives in a local, not in `self`: a field of the struct being written
        // would be stored and loaded again for every comma.
        let mut ends = [0; RECORD_FIELDS];
        let mut count = 0;
        let done = |ends, count| Fields { line, ends, count };
        let mut chunks = bytes.chunks_exact(8);
        let mut base = 0;
        for chunk in &mut chunks {
            let x = u64::from_le_bytes(chunk.try_into().expect("chunks of 8")) ^ COMMAS;
            let mut found = !(((x & LOW7) + LOW7) | x | LOW7);
            while found != 0 {
                ends[count] = base + (found.trailing_zeros() / 8) as usize;
                count += 1;
                if count == RECORD_FIELDS {
                    return done(ends, count);
                }
                found &= found - 1;
            }
            base += 8;
        }
        for (k, &b) in chunks.remainder().iter().enumerate() {
            if b == b',' {
                ends[count] = base + k;
                count += 1;
                if count == RECORD_FIELDS {
                    return done(ends, count);
                }
            }
        }
        ends[count] = line.len();
        done(ends, count + 1)
    }

    /// Field `k` (0-based, below `count`), trimmed. Commas are ASCII, so the offsets fall on
    /// character boundaries.
    fn get(&self, k: usize) -> &'a str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] + 1 };
        let s = &self.line[start..self.ends[k]];
        // Fields are rarely padded: look at both ends before a full Unicode trim.
        match (s.bytes().next(), s.bytes().next_back()) {
            (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
            _ => s.trim(),
        }
    }
}

/// A decimal number as `str::parse::<f64>` reads it, with a shortcut for the plain
/// decimals EPW fields hold (`-3.7`, `1013`, `.999`): at most 15 significant digits and
/// no exponent give an integer m < 2⁵³ and a power 10ᵏ (k ≤ 15), both exact in binary64, so
/// the single rounding of m / 10ᵏ is the correctly rounded value, the same `parse` gives
/// (Clinger, W. D. (1990), "How to read floating point numbers accurately", PLDI '90).
/// Anything else goes to `parse`.
fn parse_number(s: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let b = s.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let (mut m, mut n, mut frac, mut point) = (0u64, 0usize, 0usize, false);
    for &c in digits {
        match c {
            b'0'..=b'9' if n < 15 => {
                m = m * 10 + u64::from(c - b'0');
                n += 1;
                frac += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return s.parse().ok(),
        }
    }
    if n == 0 {
        return s.parse().ok();
    }
    let v = m as f64 / POW10[frac];
    Some(if negative { -v } else { v })
}

/// Why a record was refused: the field (none for the date as a whole) and what was wrong.
/// The caller adds the line and the field's name.
struct Refused {
    field: Option<usize>,
    message: String,
}

/// Reads the fields of a record that tanso uses. The helpers below read a field as a bare
/// number in the file's unit (the text's edge); the record is typed here. Error messages are
/// written only for a refused record ([`refused`] is cold).
fn read_record(f: &Fields, utc_offset_minutes: i16) -> Result<WeatherRecord, Refused> {
    let year = match digits(f.get(F_YEAR)).filter(|y| (1000..=9999).contains(y)) {
        Some(y) => i32::from(y),
        None => {
            let year = number(f, F_YEAR)?;
            if year.fract() != 0.0 || !(1000.0..=9999.0).contains(&year) {
                return Err(refused(
                    F_YEAR,
                    format!("expected a four-digit year, got {year}"),
                ));
            }
            year as i32
        }
    };
    let month = whole(f, F_MONTH, 1.0, 12.0)?;
    let day = whole(f, F_DAY, 1.0, 31.0)?;
    let hour = whole(f, F_HOUR, 1.0, 24.0)?;
    let start = LocalDateTime::new(year, month, day, hour - 1, 0, utc_offset_minutes).map_err(
        |message| Refused {
            field: None,
            message,
        },
    )?;
    let temp = required(f, F_DRY_BULB, 99.9)?;
    let ghi = required(f, F_GHI, 9999.0)?;
    let dni = missing(f, F_DNI, 9999.0)?;
    let dhi = missing(f, F_DHI, 9999.0)?;
    let wind = required(f, F_WIND_SPEED, 999.0)?;
    let albedo = if f.count > F_ALBEDO && !f.get(F_ALBEDO).is_empty() {
        missing(f, F_ALBEDO, 999.0)?.filter(|a| *a > 0.0)
    } else {
        None
    };
    within(F_GHI, ghi, 0.0, 2000.0, "Wh/m²")?;
    if let Some(v) = dni {
        within(F_DNI, v, 0.0, 2000.0, "Wh/m²")?;
    }
    if let Some(v) = dhi {
        within(F_DHI, v, 0.0, 2000.0, "Wh/m²")?;
    }
    within(F_DRY_BULB, temp, -90.0, 70.0, "°C")?;
    within(F_WIND_SPEED, wind, 0.0, 75.0, "m/s")?;
    if let Some(a) = albedo {
        within(F_ALBEDO, a, 0.0, 1.0, "")?;
    }
    Ok(WeatherRecord {
        period_start: start,
        ghi: Irradiance::new::<watt_per_square_meter>(ghi),
        dni: dni.map(Irradiance::new::<watt_per_square_meter>),
        dhi: dhi.map(Irradiance::new::<watt_per_square_meter>),
        air_temperature: Temperature::new::<degree_celsius>(temp),
        wind_speed: Speed::new::<meter_per_second>(wind),
        albedo: albedo.map(Ratio::new::<ratio>),
    })
}

#[cold]
fn refused(pos: usize, message: String) -> Refused {
    Refused {
        field: Some(pos),
        message,
    }
}

/// Field `pos` as a finite number.
#[inline]
fn number(f: &Fields, pos: usize) -> Result<f64, Refused> {
    let s = f.get(pos);
    match parse_number(s) {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(refused(pos, format!("expected a number, got \"{s}\""))),
    }
}

/// A field of one to four ASCII digits as its value: the date fields as EPW files write
/// them, read without a float and its fraction test. Anything else is `None`.
#[inline]
fn digits(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &c| n * 10 + u16::from(c - b'0')))
}

/// Field `pos` as a whole number within `lo..=hi`.
#[inline]
fn whole(f: &Fields, pos: usize, lo: f64, hi: f64) -> Result<u8, Refused> {
    if let Some(v) = digits(f.get(pos)).filter(|&v| (lo..=hi).contains(&f64::from(v))) {
        return Ok(v as u8);
    }
    let v = number(f, pos)?;
    if v.fract() != 0.0 || v < lo || v > hi {
        return Err(refused(
            pos,
            format!("expected a whole number within {lo}–{hi}, got {v}"),
        ));
    }
    Ok(v as u8)
}

/// Field `pos`, or `None` where it holds the EPW "missing" code (`code` or above).
#[inline]
fn missing(f: &Fields, pos: usize, code: f64) -> Result<Option<f64>, Refused> {
    let v = number(f, pos)?;
    Ok(if v >= code { None } else { Some(v) })
}

/// Field `pos`, which must not be missing.
#[inline]
fn required(f: &Fields, pos: usize, code: f64) -> Result<f64, Refused> {
    missing(f, pos, code)?.ok_or_else(|| {
        refused(
            pos,
            format!("value is the EPW \"missing\" code ({code}); this field is required"),
        )
    })
}

/// `v` within `lo..=hi` (in `unit`).
#[inline]
fn within(pos: usize, v: f64, lo: f64, hi: f64, unit: &str) -> Result<(), Refused> {
    if v < lo || v > hi {
        return Err(refused(
            pos,
            format!("expected {lo}–{hi} {unit}, got {v} {unit}"),
        ));
    }
    Ok(())
}

/// Record text from which [`parse_epw`] reads the records in two halves on two cores. A
/// year of hourly records is about 1.8 MB, read in about 1.5 ms (under 1 µs per KiB); below
/// 64 KiB the half saved is no more than a thread's start (tens of microseconds).
const PARALLEL_BYTES: usize = 64 << 10;

/// A field of line `line` (1-based) that cannot be read.
fn parse_error(source_name: &str, line: usize, field: String, message: String) -> WeatherError {
    WeatherError::Parse {
        source_name: source_name.to_string(),
        line,
        field,
        message,
    }
}

/// Records read from a run of lines, with what the beam check of [`parse_epw`] needs.
struct RecordRun {
    records: Vec<WeatherRecord>,
    /// Records with both DNI and DHI.
    with_beam: usize,
    /// The line of the first record without them.
    first_without_beam: Option<usize>,
}

impl RecordRun {
    /// `later`'s records after these.
    fn append(&mut self, later: RecordRun) {
        self.records.extend(later.records);
        self.with_beam += later.with_beam;
        self.first_without_beam = self.first_without_beam.or(later.first_without_beam);
    }
}

/// Reads the record lines of `data`, whose first line is line `first_line` (1-based) of the
/// file, into records with room for `capacity`; blank lines are skipped.
fn read_records(
    data: &str,
    first_line: usize,
    capacity: usize,
    utc_offset_minutes: i16,
    source_name: &str,
) -> Result<RecordRun, WeatherError> {
    let perr = |line, field, message| parse_error(source_name, line, field, message);
    let mut run = RecordRun {
        records: Vec::with_capacity(capacity),
        with_beam: 0,
        first_without_beam: None,
    };
    for (idx, line) in data.lines().enumerate() {
        let lineno = first_line + idx;
        if line.trim().is_empty() {
            continue;
        }
        let f = Fields::split(line);
        if f.count <= F_WIND_SPEED {
            // Fewer fields than needed: count them all for the message.
            let all = line.split(',').count();
            return Err(perr(
                lineno,
                "record".into(),
                format!(
                    "expected at least {} comma-separated fields, got {all}",
                    F_WIND_SPEED + 1,
                ),
            ));
        }
        let record = read_record(&f, utc_offset_minutes).map_err(|r| {
            let field = r.field.map_or_else(|| "date".into(), field_name);
            perr(lineno, field, r.message)
        })?;
        if record.dni.is_some() && record.dhi.is_some() {
            run.with_beam += 1;
        } else if run.first_without_beam.is_none() {
            run.first_without_beam = Some(lineno);
        }
        run.records.push(record);
    }
    Ok(run)
}

/// The newlines in `bytes`, counted in runs of 255 bytes with a byte-wide count each, which
/// compiles to byte-wide vector compares and adds (a `usize` count per byte widened every
/// byte first: counting half a year of records that way was a quarter of the parse).
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|run| run.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))
        .map(usize::from)
        .sum()
}

/// Parses the text of an EPW file; `source_name` labels error messages.
///
/// Reads each line once, in place: fields are slices of the text and only the ten used are
/// parsed, so a year of records costs no allocation beyond the records themselves. A long
/// file's records are read in two parts, the second on another thread (see [`EpwRead`]).
pub fn parse_epw(text: &str, source_name: &str) -> Result<Weather, WeatherError> {
    let read = EpwRead::new(text, source_name)?;
    std::thread::scope(|s| {
        if read.parts.len() > 1 {
            s.spawn(|| read.help());
        }
        read.help();
    });
    read.into_weather()
}

/// An EPW text whose header has been read and whose records are read in parts, by any
/// threads that call [`EpwRead::help`]: each takes the next part not yet taken, and the one
/// that reads the last part puts the series together. The caller's thread helps, so the
/// file is read on one thread when no other comes; `tanso estimate` lets the thread that
/// loaded the catalog take the second part rather than start a thread that would wait for
/// a core.
pub struct EpwRead<'a> {
    source_name: &'a str,
    location: WeatherLocation,
    /// The record text in parts cut after a newline, each with its first line (1-based) and
    /// the records it has room for (the first part: the whole file's, so the others'
    /// records are appended without a copy of its own into a larger allocation).
    parts: Vec<(&'a str, usize, usize)>,
    /// The next part to take.
    next: std::sync::atomic::AtomicUsize,
    /// Parts read, by index, until the last is read.
    runs: std::sync::Mutex<Vec<Option<Result<RecordRun, WeatherError>>>>,
    weather: std::sync::OnceLock<Result<Weather, WeatherError>>,
}

impl<'a> EpwRead<'a> {
    /// Reads the header and cuts the records into parts.
    pub fn new(text: &'a str, source_name: &'a str) -> Result<Self, WeatherError> {
        let perr = |line, field, message| parse_error(source_name, line, field, message);
        let mut lines = text.lines().enumerate();
        let first = lines.next().map_or("", |(_, l)| l);
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

        let (data_start, periods) = lines
            .find(|(_, l)| l.starts_with("DATA PERIODS"))
            .ok_or_else(|| WeatherError::Format {
                source_name: source_name.into(),
                message: "no DATA PERIODS header line (the 8th header line of an EPW file)".into(),
            })?;
        if let Some(per_hour) = periods.split(',').nth(2).map(str::trim)
            && per_hour.parse::<u32>().ok() != Some(1)
        {
            return Err(perr(
                data_start + 1,
                "DATA PERIODS records per hour (field 3)".into(),
                format!("only hourly files are supported, got \"{per_hour}\" records per hour"),
            ));
        }

        // The records follow the DATA PERIODS line: its 0-based index is `data_start`, and the
        // text from its end on is cut into parts.
        let data = &text[periods.as_ptr() as usize - text.as_ptr() as usize + periods.len()..];
        // A record line is about 200 bytes; room for one record per 160 bytes fits shorter lines.
        let room = |part: &str| part.len() / 160 + 1;
        let parts = if data.len() < PARALLEL_BYTES {
            vec![(data, data_start + 1, room(data))]
        } else {
            // Cut after the newline nearest the middle (a byte that is ASCII, so a char
            // boundary); the second part's first line is counted by the newlines before it.
            let mid = data.len() / 2;
            let cut = data.as_bytes()[mid..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(data.len(), |i| mid + i + 1);
            let (first, second) = data.split_at(cut);
            let second_line = data_start + 1 + count_newlines(first.as_bytes());
            vec![
                (first, data_start + 1, room(data)),
                (second, second_line, room(second)),
            ]
        };
        Ok(EpwRead {
            source_name,
            location,
            runs: std::sync::Mutex::new(parts.iter().map(|_| None).collect()),
            parts,
            next: std::sync::atomic::AtomicUsize::new(0),
            weather: std::sync::OnceLock::new(),
        })
    }

    /// Reads parts not yet taken; the thread that reads the last one puts the series
    /// together. Returns when no part is left to take (others may still be reading theirs).
    pub fn help(&self) {
        // Should reading a part panic, a thread waiting for the series is told it failed
        // rather than left waiting.
        struct FailIfUnwinding<'r, 'a>(&'r EpwRead<'a>);
        impl Drop for FailIfUnwinding<'_, '_> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    let _ = self.0.weather.set(Err(WeatherError::Format {
                        source_name: self.0.source_name.into(),
                        message: "reading the records failed".into(),
                    }));
                }
            }
        }
        let _guard = FailIfUnwinding(self);
        loop {
            let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&(part, first_line, capacity)) = self.parts.get(i) else {
                return;
            };
            let run = read_records(
                part,
                first_line,
                capacity,
                self.location.utc_offset_minutes,
                self.source_name,
            );
            let mut runs = self.runs.lock().unwrap_or_else(|e| e.into_inner());
            runs[i] = Some(run);
            if runs.iter().all(Option::is_some) {
                let runs: Vec<_> = runs.iter_mut().filter_map(Option::take).collect();
                let _ = self.weather.set(self.assemble(runs));
                return;
            }
        }
    }

    /// The series, once every part has been read (waiting for the threads still reading).
    pub fn wait(&self) -> &Result<Weather, WeatherError> {
        self.weather.wait()
    }

    /// The series; call after [`EpwRead::help`] has returned on every thread that helps.
    fn into_weather(self) -> Result<Weather, WeatherError> {
        self.weather
            .into_inner()
            .expect("every part is read once the helpers have returned")
    }

    /// The parts' records in file order, checked as one series. The first error in the
    /// file, if any, is the one reported.
    fn assemble(
        &self,
        runs: Vec<Result<RecordRun, WeatherError>>,
    ) -> Result<Weather, WeatherError> {
        let mut runs = runs.into_iter();
        let mut all = runs.next().expect("at least one part")?;
        for run in runs {
            all.append(run?);
        }
        let RecordRun {
            mut records,
            with_beam,
            first_without_beam,
        } = all;
        if with_beam != 0 && with_beam != records.len() {
            let line = first_without_beam.unwrap_or(0);
            return Err(parse_error(
                self.source_name,
                line,
                "direct normal / diffuse horizontal radiation (fields 15–16)".into(),
                "missing here but present in other records; fill the gap or remove both columns"
                    .into(),
            ));
        }
        if with_beam == 0 {
            for r in &mut records {
                r.dni = None;
                r.dhi = None;
            }
        }
        Weather::new(records, Some(self.location), self.source_name)
    }
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
    fn fields_are_those_split_finds() {
        // Every line length around the 8-byte word boundaries, commas anywhere, padding,
        // non-ASCII text: the located fields equal `split(',')`'s (trimmed), up to the 33rd.
        let pieces = [
            "",
            "1",
            "12.5",
            " 7 ",
            "é",
            "2023",
            "?9?9",
            ",",
            "999999999",
        ];
        for len in 0..40 {
            let line: String = (0..len)
                .map(|i| pieces[(i * 7 + len) % pieces.len()])
                .collect::<Vec<_>>()
                .join(",");
            let want: Vec<&str> = line.split(',').map(str::trim).take(RECORD_FIELDS).collect();
            let f = Fields::split(&line);
            assert_eq!(f.count, want.len(), "{line:?}");
            for (k, w) in want.iter().enumerate() {
                assert_eq!(f.get(k), *w, "{line:?} field {k}");
            }
        }
    }

    #[test]
    fn whole_fields_read_as_numbers_read_them() {
        // The digits-only shortcut of the date fields must accept and refuse exactly what
        // the number path does (a whole number within the range), with the same value.
        let by_number = |s: &str, lo: f64, hi: f64| {
            let f = Fields::split(s);
            number(&f, 0)
                .ok()
                .filter(|v| v.fract() == 0.0 && *v >= lo && *v <= hi)
                .map(|v| v as u8)
        };
        for s in [
            "0", "1", "01", "001", "0012", "12", "13", "24", "25", "31", "1.0", "1.5", "+1", "-1",
            "1e1", "", " 7", "7 ", "99999", "1a", "٣",
        ] {
            for (lo, hi) in [(1.0, 12.0), (1.0, 24.0), (1.0, 31.0)] {
                let f = Fields::split(s);
                assert_eq!(whole(&f, 0, lo, hi).ok(), by_number(s, lo, hi), "{s:?}");
            }
        }
    }

    #[test]
    fn numbers_read_as_the_standard_parser_reads_them() {
        // The shortcut must give the very bits `str::parse` gives, and defer to it for the
        // rest (signs, exponents, long mantissas, junk).
        let cases = [
            "0",
            "-0",
            "17.1",
            "-3.7",
            "999",
            "9999",
            "999999999",
            ".999",
            "-.5",
            "0.1",
            "12.345678901234",
            "123456789012345",
            "1234567890123456",
            "0.30000000000000004",
            "1e3",
            "+5",
            "99.9",
            "2000",
            "1.",
            "-",
            ".",
            "",
            "1.2.3",
            "abc",
            "nan",
            "inf",
            "0.000000000000001",
            "75.0",
            "-89.99",
        ];
        for c in cases {
            let want = c.parse::<f64>().ok();
            let got = parse_number(c);
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "{c:?}: {got:?} vs {want:?}"
            );
        }
        // Every one-decimal reading from -99.9 to 99.9 and every three-decimal one in 0–2.
        for i in -999..=999 {
            let t = format!("{:.1}", f64::from(i) / 10.0);
            assert_eq!(parse_number(&t), t.parse().ok(), "{t}");
        }
        for i in 0..=2000 {
            let t = format!("{:.3}", f64::from(i) / 1000.0);
            assert_eq!(parse_number(&t), t.parse().ok(), "{t}");
        }
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

    /// A whole hand-made year (1995, 8760 hour-ending records; GHI is the record's index
    /// modulo 1000, so each record can be told apart), long enough to be read in two halves.
    fn year(line_end: &str) -> String {
        let header = sample().lines().take(8).collect::<Vec<_>>().join(line_end);
        let mut text = format!("{header}{line_end}");
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let mut i = 0;
        for (m, &n) in days.iter().enumerate() {
            for d in 1..=n {
                for h in 1..=24 {
                    text.push_str(&format!(
                        "1995,{},{d},{h},60,?9,15.0,8.0,60,95000,0,1415,300,{},9999,9999,0,0,0,0,200,1.5,0,0,20,77777,9,999999999,10,0.1,0,88,0.18,0,1{line_end}",
                        m + 1,
                        i % 1000
                    ));
                    i += 1;
                }
            }
        }
        text
    }

    #[test]
    fn a_year_read_in_two_halves_is_the_year_in_order() {
        for line_end in ["\n", "\r\n"] {
            let text = year(line_end);
            assert!(text.len() >= 2 * PARALLEL_BYTES);
            let w = parse_epw(&text, "year.epw").unwrap();
            let r = w.records();
            assert_eq!(r.len(), 8760);
            for (i, rec) in r.iter().enumerate() {
                let ghi = rec.ghi.get::<watt_per_square_meter>();
                assert_eq!(ghi, (i % 1000) as f64, "record {i}");
            }
            assert_eq!(r[8759].period_start.to_string(), "1995-12-31T23:00-04:00");
        }
    }

    #[test]
    fn a_year_read_by_any_number_of_threads_is_the_year_read_by_one() {
        // One thread reads every part when no other helps; with helpers, each part is read
        // once, by whichever thread takes it; a late helper finds nothing left.
        let text = year("\n");
        let one = EpwRead::new(&text, "year.epw").unwrap();
        one.help();
        let one = one.into_weather().unwrap();
        for helpers in [1, 2, 4] {
            let read = EpwRead::new(&text, "year.epw").unwrap();
            assert_eq!(read.parts.len(), 2);
            std::thread::scope(|s| {
                for _ in 0..helpers {
                    s.spawn(|| read.help());
                }
            });
            read.help();
            let w = read.wait().as_ref().unwrap();
            assert_eq!(w.records(), one.records(), "{helpers} helpers");
            assert_eq!(w.location(), one.location());
        }
    }

    #[test]
    fn newlines_are_counted_in_full_runs_and_the_rest() {
        // 255 newlines in a run fill a byte-wide count exactly; the naive count is the truth.
        for text in [
            "\n".repeat(1000),
            "a,b\r\n".repeat(700),
            String::new(),
            "x".into(),
        ] {
            let naive = text.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(
                count_newlines(text.as_bytes()),
                naive,
                "{} bytes",
                text.len()
            );
        }
    }

    #[test]
    fn an_error_in_either_half_names_its_own_line_and_the_first_wins() {
        // Record k (0-based) is on line 9 + k: eight header lines come first.
        let text = year("\n");
        let spoil = |text: &str, k: usize| {
            let lines: Vec<String> = text
                .lines()
                .enumerate()
                .map(|(n, l)| {
                    if n == 8 + k {
                        l.replacen(",15.0,", ",warm,", 1)
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            lines.join("\n") + "\n"
        };
        let late = spoil(&text, 7000);
        let e = parse_epw(&late, "y.epw").unwrap_err().to_string();
        assert!(e.contains("y.epw, line 7009,"), "{e}");
        let both = spoil(&late, 100);
        let e = parse_epw(&both, "y.epw").unwrap_err().to_string();
        assert!(e.contains("y.epw, line 109,"), "{e}");
    }
}
