//! Whether an hourly weather series can be real at its site, checked before any model uses
//! it.
//!
//! [`Weather::new`] already refuses values outside fixed ranges (negative irradiance, air
//! below −90 °C ...). What needs the sun is checked here: every hour is compared with the
//! extraterrestrial irradiance that reaches a horizontal surface at that site and hour, with
//! the quality-control limits of the Baseline Surface Radiation Network (BSRN):
//!
//! | quantity | refused: above the "physically possible" limit | warned: above the "extremely rare" limit |
//! |---|---|---|
//! | GHI | 1.5·I₀·μ^1.2 + 100 W/m² | 1.2·I₀·μ̄^1.2 + 50 W/m² |
//! | DHI | 0.95·I₀·μ^1.2 + 50 W/m² | 0.75·I₀·μ̄^1.2 + 30 W/m² |
//! | DNI | I₀ | 0.95·I₀·μ̄^0.2 + 10 W/m² |
//!
//! with I₀ the extraterrestrial normal irradiance of the day and μ the cosine of the solar
//! zenith. The limits were written for minute data at the instant's μ; an hourly mean is
//! smoother than any minute in it, so the refusal uses the highest μ of the hour (the most
//! lenient reading) and the warning the hour's mean μ̄.
//!
//! Long, C. N. and Dutton, E. G. (2002), *BSRN Global Network recommended QC tests, V2.0*,
//! BSRN Technical Report; Long, C. N. and Shi, Y. (2008), "An automated quality assessment
//! and control algorithm for surface radiation measurements", The Open Atmospheric Science
//! Journal 2, 23–37 (the "QCRad" limits and the comparison tests below).
//!
//! Also refused: irradiance above the GHI limit for μ = 0 (100 W/m²) in an hour when the sun
//! stays below the horizon throughout (the signature of timestamps in the wrong time zone),
//! and GHI that differs from DNI·cos Z + DHI by more than a factor of two at a high sun.
//! Also warned: any irradiance above [`DARK_TOLERANCE_W_M2`] with the sun down all hour, the
//! QCRad comparison tests (GHI within 8 % of DNI·cos Z + DHI below 75° zenith, 15 % to 93°;
//! DHI/GHI below 1.05 and 1.10), and air temperature and wind outside what most sites ever
//! see. Each finding reports how many hours it concerns and its worst hour.

use std::f64::consts::PI;

use uom::si::angle::{degree, radian};
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::ratio::ratio;
use uom::si::thermodynamic_temperature::degree_celsius;
use uom::si::time::{hour, minute};
use uom::si::velocity::meter_per_second;

use super::climatology::{solar_time, sunset_hour_angle};
use super::{LocalDateTime, Weather, WeatherLocation};
use crate::sun::{declination_spencer, equation_of_time_spencer, extraterrestrial_irradiance};
use crate::units::{Angle, Irradiance, Ratio, Time, format_readable};

/// Irradiance tolerated with the sun below the horizon all hour before it is warned about:
/// thermopile pyranometers read a few W/m² at night (thermal offset), and civil twilight adds
/// well under 1 W/m². A labelled assumption: 5 W/m², above both.
pub const DARK_TOLERANCE_W_M2: f64 = 5.0;

/// The sun's centre is below the horizon, refraction and its half-diameter included, when
/// its geometric elevation is under −0.833° (the standard sunrise and sunset definition).
const HORIZON_ELEVATION_DEG: f64 = -0.833;

/// Air temperatures outside this range (°C) are warned about: colder than −60 °C or hotter
/// than 50 °C occurs only at a few sites on Earth (the refused range is −90…60 °C, see
/// [`super::Weather::new`]).
const PLAUSIBLE_TEMPERATURE_C: (f64, f64) = (-60.0, 50.0);

/// Hourly mean wind above this speed is warned about: 32.7 m/s is the start of Beaufort
/// force 12 (hurricane force; WMO Manual on Codes, Beaufort scale).
const PLAUSIBLE_WIND_M_S: f64 = 32.7;

/// What a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Irradiance with the sun below the horizon for the whole hour.
    SunDown,
    /// GHI above the BSRN limit for the sun's height.
    Ghi,
    /// DHI above the BSRN limit for the sun's height.
    Dhi,
    /// DNI above the BSRN limit.
    Dni,
    /// GHI against DNI·cos Z + DHI.
    Closure,
    /// DHI / GHI.
    DiffuseRatio,
    /// Air temperature.
    Temperature,
    /// Wind speed.
    Wind,
}

impl Check {
    /// What the failing hours have, for a person ("N hours have …").
    pub fn describe(self, refused: bool) -> &'static str {
        match (self, refused) {
            (Check::SunDown, true) => {
                "irradiance above 100 W/m² while the sun stays below the horizon all hour, which no measurement error explains"
            }
            (Check::SunDown, false) => "irradiance while the sun stays below the horizon all hour",
            (Check::Ghi, true) => {
                "GHI above the physically possible limit for the sun's height (BSRN)"
            }
            (Check::Ghi, false) => "GHI above the extremely rare limit for the sun's height (BSRN)",
            (Check::Dhi, true) => {
                "DHI above the physically possible limit for the sun's height (BSRN)"
            }
            (Check::Dhi, false) => "DHI above the extremely rare limit for the sun's height (BSRN)",
            (Check::Dni, true) => "DNI above the extraterrestrial irradiance",
            (Check::Dni, false) => "DNI above the extremely rare limit for the sun's height (BSRN)",
            (Check::Closure, true) => {
                "a GHI more than a factor of two away from DNI·cos Z + DHI with the sun high"
            }
            (Check::Closure, false) => {
                "a GHI further from DNI·cos Z + DHI than the BSRN comparison test allows"
            }
            (Check::DiffuseRatio, _) => {
                "a DHI above GHI by more than the BSRN comparison test allows"
            }
            (Check::Temperature, _) => "an air temperature outside −60…50 °C",
            (Check::Wind, _) => "an hourly mean wind above hurricane force (32.7 m/s)",
        }
    }
}

/// One check that failed, over the whole series.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub check: Check,
    /// True when the series is refused for it.
    pub refused: bool,
    /// How many hours fail it.
    pub hours: usize,
    /// The hour that fails it most (index into the records).
    pub worst_index: usize,
    /// Its interval start.
    pub worst_time: LocalDateTime,
    /// What that hour has, for a person (e.g. `812 W/m²`).
    pub observed: String,
    /// What it may have there (e.g. `at most 100 W/m²`).
    pub limit: String,
    /// A likely cause, when the pattern of failures points to one.
    pub hint: Option<String>,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hours = if self.hours == 1 {
            "1 hour has".to_string()
        } else {
            format!("{} hours have", format_readable(self.hours as f64, 6))
        };
        write!(
            f,
            "{hours} {}; the worst, {}: {} ({})",
            self.check.describe(self.refused),
            self.worst_time,
            self.observed,
            self.limit
        )?;
        if let Some(h) = &self.hint {
            write!(f, ". {h}")?;
        }
        Ok(())
    }
}

/// The findings on a series: those that refuse it and those it is used with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    pub refusals: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl Verdict {
    /// True when nothing refuses the series.
    pub fn accepted(&self) -> bool {
        self.refusals.is_empty()
    }
}

/// The sun over one hourly interval at a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SunOverHour {
    /// Extraterrestrial normal irradiance of the day.
    pub extraterrestrial: Irradiance,
    /// Mean over the hour of max(0, cos Z).
    pub mean_cos_zenith: Ratio,
    /// Highest cos Z in the hour (negative when the sun stays below the horizon).
    pub max_cos_zenith: Ratio,
    /// cos Z at the middle of the hour (may be negative).
    pub mid_cos_zenith: Ratio,
}

impl SunOverHour {
    /// True when the sun's centre stays below the horizon (refraction included) all hour.
    pub fn down_all_hour(&self) -> bool {
        self.max_cos_zenith.get::<ratio>() < HORIZON_ELEVATION_DEG.to_radians().sin()
    }
}

/// Hour angle ω = 15°/h · (solar time − 12 h) at a local standard time.
///
/// Duffie & Beckman, Solar Engineering of Thermal Processes, 4th ed. (2013), §1.6, with
/// solar time from eq. 1.5.2 ([`solar_time`]) and Spencer's equation of time. Inputs: the
/// local standard time (with its UTC offset) and the longitude, east positive. Output: ω,
/// negative in the morning.
pub fn hour_angle(at: &LocalDateTime, longitude: Angle) -> Angle {
    hour_angle_with(at, longitude, equation_of_time_spencer(at.day_of_year()))
}

/// [`hour_angle`] with the day's equation of time already computed.
fn hour_angle_with(at: &LocalDateTime, longitude: Angle, equation_of_time: Time) -> Angle {
    let offset = Time::new::<minute>(f64::from(at.utc_offset_minutes()));
    let t = solar_time(
        Time::new::<hour>(at.local_hours()),
        longitude,
        offset,
        equation_of_time,
    );
    Angle::new::<degree>(15.0 * (t.get::<hour>() - 12.0))
}

/// cos Z = cos φ·cos δ·cos ω + sin φ·sin δ.
///
/// Duffie & Beckman (2013), eq. 1.6.5 for a horizontal surface. Inputs: latitude φ,
/// declination δ, hour angle ω. Output: cosine of the solar zenith (negative at night).
pub fn cos_zenith(latitude: Angle, declination: Angle, hour_angle: Angle) -> Ratio {
    let (p, d, w) = (
        latitude.get::<radian>(),
        declination.get::<radian>(),
        hour_angle.get::<radian>(),
    );
    Ratio::new::<ratio>(p.cos() * d.cos() * w.cos() + p.sin() * d.sin())
}

/// The sun over the hour that starts at `start`, at `location`: the mean of max(0, cos Z)
/// over the hour (the integral of eq. 1.6.5 over ω between the hour's hour angles, clipped to
/// sunrise and sunset, as in Duffie & Beckman 2013 eq. 1.10.4), its highest and middle
/// values, and the extraterrestrial irradiance of the day (Spencer 1971, [`crate::sun`]).
pub fn sun_over_hour(start: &LocalDateTime, location: &WeatherLocation) -> SunOverHour {
    SunDay::of(start, location).over_hour(start, location)
}

/// What [`sun_over_hour`] needs that changes only from day to day: Spencer's declination
/// and I₀ of the day of the hour's middle, the equation of time of the day it starts, and
/// the sunset hour angle and cos φ·cos δ, sin φ·sin δ that follow. A year of hours shares
/// 365 of them.
#[derive(Debug, Clone, Copy)]
struct SunDay {
    /// Days of the year of the hour's middle and start, which it was computed for.
    key: (u32, u32),
    equation_of_time: Time,
    extraterrestrial: Irradiance,
    /// Sunset hour angle ω_s (rad).
    sunset: f64,
    /// cos φ·cos δ and sin φ·sin δ.
    a: f64,
    b: f64,
}

impl SunDay {
    fn key(start: &LocalDateTime) -> (u32, u32) {
        (start.plus_minutes(30).day_of_year(), start.day_of_year())
    }

    fn of(start: &LocalDateTime, location: &WeatherLocation) -> Self {
        let key = Self::key(start);
        let decl = declination_spencer(key.0);
        let lat = location.latitude;
        SunDay {
            key,
            equation_of_time: equation_of_time_spencer(key.1),
            extraterrestrial: extraterrestrial_irradiance(key.0),
            sunset: sunset_hour_angle(lat, decl).get::<radian>(),
            a: lat.get::<radian>().cos() * decl.get::<radian>().cos(),
            b: lat.get::<radian>().sin() * decl.get::<radian>().sin(),
        }
    }

    fn over_hour(&self, start: &LocalDateTime, location: &WeatherLocation) -> SunOverHour {
        let w1 = hour_angle_with(start, location.longitude, self.equation_of_time).get::<radian>();
        let w2 = w1 + 15f64.to_radians();
        let (a, b, ws) = (self.a, self.b, self.sunset);
        // The interval in (−π, π], split where it wraps past midnight.
        let wrap = |w: f64| (w + PI).rem_euclid(2.0 * PI) - PI;
        let (s, e) = (wrap(w1), wrap(w1) + (w2 - w1));
        let pieces: [(f64, f64); 2] = if e > PI {
            [(s, PI), (-PI, e - 2.0 * PI)]
        } else {
            [(s, e), (0.0, 0.0)]
        };
        let mut integral = 0.0;
        let mut best = f64::NEG_INFINITY;
        for (lo, hi) in pieces.into_iter().filter(|(lo, hi)| hi > lo) {
            let (l, h) = (lo.max(-ws), hi.min(ws));
            if h > l {
                integral += a * (h.sin() - l.sin()) + b * (h - l);
            }
            // cos ω is largest at the ω nearest 0.
            let nearest = 0f64.clamp(lo, hi);
            best = best.max(a * nearest.cos() + b);
        }
        let mean = (integral / (w2 - w1)).max(0.0);
        SunOverHour {
            extraterrestrial: self.extraterrestrial,
            mean_cos_zenith: Ratio::new::<ratio>(mean),
            max_cos_zenith: Ratio::new::<ratio>(best),
            // eq. 1.6.5 as in [`cos_zenith`], with the day's products.
            mid_cos_zenith: Ratio::new::<ratio>(a * (w1 + 7.5f64.to_radians()).cos() + b),
        }
    }
}

/// A BSRN limit of the form `m·I₀·μ^p + c`, with μ clipped at 0.
///
/// Long & Dutton (2002); Long & Shi (2008). Inputs: I₀, μ, and the limit's factor m,
/// exponent p and offset c. Output: the limit.
pub fn bsrn_limit(
    extraterrestrial: Irradiance,
    cos_zenith: Ratio,
    factor: f64,
    exponent: f64,
    offset: Irradiance,
) -> Irradiance {
    let mu = cos_zenith.get::<ratio>().max(0.0);
    let scale = if exponent == 0.0 {
        1.0
    } else {
        mu.powf(exponent)
    };
    extraterrestrial * (factor * scale) + offset
}

/// Failures of one check, gathered over the series.
struct Tally {
    check: Check,
    refused: bool,
    hours: usize,
    worst: Option<(f64, usize, String, String)>,
}

impl Tally {
    fn new(check: Check, refused: bool) -> Self {
        Tally {
            check,
            refused,
            hours: 0,
            worst: None,
        }
    }

    /// Counts a failing hour; `severity` only ranks the hours of one check (larger is worse).
    fn fail(&mut self, severity: f64, index: usize, observed: String, limit: String) {
        self.hours += 1;
        if self.worst.as_ref().is_none_or(|w| severity > w.0) {
            self.worst = Some((severity, index, observed, limit));
        }
    }

    fn finding(self, weather: &Weather) -> Option<Finding> {
        let (_, index, observed, limit) = self.worst?;
        Some(Finding {
            check: self.check,
            refused: self.refused,
            hours: self.hours,
            worst_index: index,
            worst_time: weather.records()[index].period_start,
            observed,
            limit,
            hint: None,
        })
    }
}

fn wm2(v: Irradiance) -> String {
    format!(
        "{} W/m²",
        format_readable(v.get::<watt_per_square_meter>(), 4)
    )
}

/// Checks every hour of `weather` at `location` (see the module documentation).
pub fn check(weather: &Weather, location: &WeatherLocation) -> Verdict {
    let w = |x: f64| Irradiance::new::<watt_per_square_meter>(x);
    let mut sun_down = Tally::new(Check::SunDown, true);
    let mut dark = Tally::new(Check::SunDown, false);
    let mut ghi_ppl = Tally::new(Check::Ghi, true);
    let mut ghi_erl = Tally::new(Check::Ghi, false);
    let mut dhi_ppl = Tally::new(Check::Dhi, true);
    let mut dhi_erl = Tally::new(Check::Dhi, false);
    let mut dni_ppl = Tally::new(Check::Dni, true);
    let mut dni_erl = Tally::new(Check::Dni, false);
    let mut closure_bad = Tally::new(Check::Closure, true);
    let mut closure_rare = Tally::new(Check::Closure, false);
    let mut diffuse = Tally::new(Check::DiffuseRatio, false);
    let mut temperature = Tally::new(Check::Temperature, false);
    let mut wind = Tally::new(Check::Wind, false);
    let mut horizontal_extraterrestrial = Vec::with_capacity(weather.len());

    let mut day: Option<SunDay> = None;
    for (i, r) in weather.records().iter().enumerate() {
        let start = &r.period_start;
        let today = match day {
            Some(d) if d.key == SunDay::key(start) => d,
            _ => *day.insert(SunDay::of(start, location)),
        };
        let sun = today.over_hour(start, location);
        let i0 = sun.extraterrestrial;
        horizontal_extraterrestrial.push(i0 * sun.mean_cos_zenith.get::<ratio>());
        let parts = [("GHI", Some(r.ghi)), ("DNI", r.dni), ("DHI", r.dhi)];
        if sun.down_all_hour() {
            let brightest = parts
                .iter()
                .filter_map(|(n, v)| v.map(|v| (*n, v)))
                .max_by(|a, b| a.1.value.total_cmp(&b.1.value));
            if let Some((name, v)) = brightest {
                let tally = if v > w(100.0) {
                    Some((&mut sun_down, 100.0))
                } else if v > w(DARK_TOLERANCE_W_M2) {
                    Some((&mut dark, DARK_TOLERANCE_W_M2))
                } else {
                    None
                };
                if let Some((t, limit)) = tally {
                    t.fail(
                        v.get::<watt_per_square_meter>(),
                        i,
                        format!("{name} {}", wm2(v)),
                        format!("at most {limit} W/m² with the sun below the horizon"),
                    );
                }
            }
        } else {
            // BSRN limits as (factor, exponent, offset in W/m²) for the hour's highest sun
            // ("physically possible") and its mean ("extremely rare"); computed only for the
            // components the file has (a power per limit).
            let limits = [
                (
                    Some(r.ghi),
                    (1.5, 1.2, 100.0),
                    (1.2, 1.2, 50.0),
                    &mut ghi_ppl,
                    &mut ghi_erl,
                    "GHI",
                ),
                (
                    r.dhi,
                    (0.95, 1.2, 50.0),
                    (0.75, 1.2, 30.0),
                    &mut dhi_ppl,
                    &mut dhi_erl,
                    "DHI",
                ),
                (
                    r.dni,
                    (1.0, 0.0, 0.0),
                    (0.95, 0.2, 10.0),
                    &mut dni_ppl,
                    &mut dni_erl,
                    "DNI",
                ),
            ];
            for (value, (pf, pe, po), (rf, re, ro), refuse, warn, name) in limits {
                let Some(v) = value else { continue };
                let possible = bsrn_limit(i0, sun.max_cos_zenith, pf, pe, w(po));
                let rare = bsrn_limit(i0, sun.mean_cos_zenith, rf, re, w(ro));
                let (t, limit, which) = if v > possible {
                    (refuse, possible, "physically possible")
                } else if v > rare {
                    (warn, rare, "extremely rare")
                } else {
                    continue;
                };
                t.fail(
                    (v / limit).get::<ratio>(),
                    i,
                    format!("{name} {}", wm2(v)),
                    format!("{which} limit {} at this sun height", wm2(limit)),
                );
            }
        }
        if let (Some(dni), Some(dhi)) = (r.dni, r.dhi) {
            components(
                &sun,
                r,
                dni,
                dhi,
                i,
                [&mut closure_bad, &mut closure_rare, &mut diffuse],
                location,
            );
        }
        let t = r.air_temperature.get::<degree_celsius>();
        let (lo, hi) = PLAUSIBLE_TEMPERATURE_C;
        if !(lo..=hi).contains(&t) {
            temperature.fail(
                (t - t.clamp(lo, hi)).abs(),
                i,
                format!("{} °C", format_readable(t, 4)),
                format!("most sites stay within {lo}…{hi} °C"),
            );
        }
        let v = r.wind_speed.get::<meter_per_second>();
        if v > PLAUSIBLE_WIND_M_S {
            wind.fail(
                v,
                i,
                format!("{} m/s", format_readable(v, 4)),
                format!("hurricane force starts at {PLAUSIBLE_WIND_M_S} m/s"),
            );
        }
    }

    let lag = irradiance_lag(weather, &horizontal_extraterrestrial);
    let hint = lag.filter(|l| *l != 0).map(|l| {
        let offset = weather
            .records()
            .first()
            .map(|r| r.period_start.utc_offset_minutes())
            .unwrap_or(0);
        format!(
            "The irradiance runs {} h {} the sun at this location and UTC offset ({}): the timestamps are probably in another time zone (UTC or local time), or the location is wrong",
            l.abs(),
            if l > 0 { "behind" } else { "ahead of" },
            offset_text(offset)
        )
    });
    let mut verdict = Verdict::default();
    for t in [
        sun_down,
        ghi_ppl,
        dhi_ppl,
        dni_ppl,
        closure_bad,
        dark,
        ghi_erl,
        dhi_erl,
        dni_erl,
        closure_rare,
        diffuse,
        temperature,
        wind,
    ] {
        let timing = matches!(t.check, Check::SunDown | Check::Ghi);
        if let Some(mut f) = t.finding(weather) {
            if timing {
                f.hint = hint.clone();
            }
            if f.refused {
                verdict.refusals.push(f);
            } else {
                verdict.warnings.push(f);
            }
        }
    }
    verdict
}

/// The QCRad comparison tests on one hour with DNI and DHI (Long & Shi 2008): GHI against
/// DNI·cos Z + DHI, and DHI/GHI, for hours with the sun up all hour and more than 50 W/m².
fn components(
    sun: &SunOverHour,
    r: &super::WeatherRecord,
    dni: Irradiance,
    dhi: Irradiance,
    i: usize,
    [bad, rare, diffuse]: [&mut Tally; 3],
    location: &WeatherLocation,
) {
    // cos Z is lowest at an end of the hour (or at midnight, in its middle, in polar day).
    let up_all_hour = [0, 30, 60]
        .iter()
        .all(|m| cos_zenith_at(&r.period_start.plus_minutes(*m), location).value > 0.0);
    if !up_all_hour {
        return;
    }
    let mu = sun.mean_cos_zenith.get::<ratio>();
    let zenith = sun
        .mid_cos_zenith
        .get::<ratio>()
        .clamp(-1.0, 1.0)
        .acos()
        .to_degrees();
    let sum = dni * mu + dhi;
    let fifty = Irradiance::new::<watt_per_square_meter>(50.0);
    if sum > fifty && r.ghi > fifty && zenith < 93.0 {
        let ratio_ = (r.ghi / sum).get::<ratio>();
        let (lo, hi) = if zenith < 75.0 {
            (0.92, 1.08)
        } else {
            (0.85, 1.15)
        };
        let observed = || format!("GHI {} against DNI·cos Z + DHI {}", wm2(r.ghi), wm2(sum));
        let severity = ratio_.max(1.0 / ratio_);
        if zenith < 75.0 && !(0.5..=2.0).contains(&ratio_) {
            bad.fail(severity, i, observed(), "within a factor of two".into());
        } else if !(lo..=hi).contains(&ratio_) {
            rare.fail(
                severity,
                i,
                observed(),
                format!("ratio within {lo}–{hi} at {:.0}° zenith", zenith),
            );
        }
    }
    if r.ghi > fifty && zenith < 93.0 {
        let limit = if zenith < 75.0 { 1.05 } else { 1.10 };
        let k = (dhi / r.ghi).get::<ratio>();
        if k > limit {
            diffuse.fail(
                k,
                i,
                format!("DHI {} with GHI {}", wm2(dhi), wm2(r.ghi)),
                format!("DHI/GHI at most {limit}"),
            );
        }
    }
}

/// cos Z at an instant (eq. 1.6.5 with Spencer's declination of the day).
fn cos_zenith_at(at: &LocalDateTime, location: &WeatherLocation) -> Ratio {
    let decl = declination_spencer(at.day_of_year());
    cos_zenith(location.latitude, decl, hour_angle(at, location.longitude))
}

/// The whole-hour shift (−12…12 h) that best lines the irradiance up with the sun: the lag s
/// maximising Σ GHI(t + s)·G₀ₕ(t), with G₀ₕ the extraterrestrial horizontal irradiance. A
/// positive lag means the irradiance comes later than the sun. `None` for a dark series.
fn irradiance_lag(weather: &Weather, horizontal_extraterrestrial: &[Irradiance]) -> Option<i32> {
    let ghi: Vec<f64> = weather
        .records()
        .iter()
        .map(|r| r.ghi.get::<watt_per_square_meter>())
        .collect();
    let g0: Vec<f64> = horizontal_extraterrestrial
        .iter()
        .map(|g| g.get::<watt_per_square_meter>())
        .collect();
    let n = ghi.len() as i64;
    if ghi.iter().all(|g| *g <= 0.0) || n < 24 {
        return None;
    }
    // The hours t with t + s inside the series, as two slices: the same products, added in
    // the same order, as a test of each t would give.
    let score = |s: i64| -> f64 {
        let (lo, hi) = (0.max(-s) as usize, n.min(n - s) as usize);
        let shifted = &ghi[(lo as i64 + s) as usize..(hi as i64 + s) as usize];
        shifted.iter().zip(&g0[lo..hi]).map(|(g, h)| g * h).sum()
    };
    let zero = score(0);
    (-12i64..=12)
        .map(|s| (s, score(s)))
        // A shift wins only if it clearly beats the labels as they are.
        .filter(|(s, v)| *s == 0 || *v > zero * 1.02)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(s, _)| s as i32)
}

/// `UTC−04:00` for −240 minutes.
fn offset_text(minutes: i16) -> String {
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{Length, Speed, Temperature};

    fn santiago() -> WeatherLocation {
        WeatherLocation {
            latitude: Angle::new::<degree>(-33.4),
            longitude: Angle::new::<degree>(-70.73),
            elevation: Length::new::<uom::si::length::meter>(476.0),
            utc_offset_minutes: -240,
        }
    }

    fn committed() -> Weather {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/santiago_climatology.csv");
        super::super::csv::read_csv(&path).unwrap()
    }

    /// The committed series with GHI moved by `shift` hours (positive: later).
    fn shifted(shift: i64) -> Weather {
        let w = committed();
        let n = w.len() as i64;
        let recs: Vec<_> = (0..n)
            .map(|i| {
                let mut r = w.records()[i as usize];
                r.ghi = w.records()[(i - shift).rem_euclid(n) as usize].ghi;
                r
            })
            .collect();
        Weather::new(recs, w.location().copied(), "shifted").unwrap()
    }

    #[test]
    fn cos_zenith_matches_duffie_beckman_example_1_6_1() {
        // Duffie & Beckman (2013) Example 1.6.1: Madison (φ = 43°), 13 February (δ = −14°),
        // 10:30 solar time (ω = −22.5°): cos θz = cos 43 cos(−14) cos(−22.5) + sin 43 sin(−14)
        // = 0.6556 − 0.1650 = 0.491 (hand-computed from eq. 1.6.5).
        let c = cos_zenith(
            Angle::new::<degree>(43.0),
            Angle::new::<degree>(-14.0),
            Angle::new::<degree>(-22.5),
        );
        assert!((c.get::<ratio>() - 0.4906).abs() < 5e-4, "{c:?}");
    }

    #[test]
    fn hourly_mean_cos_zenith_integrates_eq_1_6_5() {
        // The mean over an hour equals the average of a fine sampling of eq. 1.6.5 clipped at
        // zero (independent numerical integration, 600 points).
        let loc = santiago();
        for h in [5u8, 6, 12, 18, 19, 23] {
            let start = LocalDateTime::new(2023, 6, 21, h, 0, -240).unwrap();
            let s = sun_over_hour(&start, &loc);
            let decl = declination_spencer(start.plus_minutes(30).day_of_year());
            let w0 = hour_angle(&start, loc.longitude).get::<degree>();
            let n = 600;
            let mean: f64 = (0..n)
                .map(|k| {
                    let w = w0 + 15.0 * (k as f64 + 0.5) / n as f64;
                    cos_zenith(loc.latitude, decl, Angle::new::<degree>(w))
                        .get::<ratio>()
                        .max(0.0)
                })
                .sum::<f64>()
                / n as f64;
            assert!(
                (s.mean_cos_zenith.get::<ratio>() - mean).abs() < 1e-4,
                "hour {h}: {} vs {mean}",
                s.mean_cos_zenith.get::<ratio>()
            );
        }
        // Midnight in June at 33° S: the sun is down all hour.
        let night = LocalDateTime::new(2023, 6, 21, 0, 0, -240).unwrap();
        assert!(sun_over_hour(&night, &loc).down_all_hour());
    }

    #[test]
    fn the_committed_typical_year_passes_without_findings() {
        let v = check(&committed(), &santiago());
        assert!(v.refusals.is_empty(), "{:?}", v.refusals);
        assert!(v.warnings.is_empty(), "{:?}", v.warnings);
    }

    #[test]
    fn a_twelve_hour_shift_is_refused_with_the_count_worst_hour_and_cause() {
        let v = check(&shifted(12), &santiago());
        let f = v
            .refusals
            .iter()
            .find(|f| f.check == Check::SunDown)
            .expect("sun-down refusal");
        assert!(f.hours > 1000, "{f}");
        let text = f.to_string();
        assert!(text.contains("12 h"), "{text}");
        assert!(text.contains("UTC−04:00"), "{text}");
    }

    #[test]
    fn a_one_hour_shift_is_warned_not_refused() {
        let v = check(&shifted(1), &santiago());
        assert!(v.refusals.is_empty(), "{:?}", v.refusals);
        let f = v
            .warnings
            .iter()
            .find(|f| f.check == Check::SunDown)
            .expect("sun-down warning");
        assert!(f.hours > 100, "{f}");
        assert!(
            f.hint.as_deref().is_some_and(|h| h.contains("1 h behind")),
            "{f}"
        );
    }

    #[test]
    fn ghi_above_the_physically_possible_limit_is_refused() {
        // 21 June at noon in Santiago the sun is at about 57° zenith (μ ≈ 0.55), so the limit
        // is 1.5·1322·0.55^1.2 + 100 ≈ 1070 W/m²: 1500 W/m² cannot be.
        let w = committed();
        let noon = LocalDateTime::new(2023, 6, 21, 12, 0, -240).unwrap();
        let recs: Vec<_> = w
            .records()
            .iter()
            .map(|r| {
                let mut r = *r;
                if r.period_start == noon {
                    r.ghi = Irradiance::new::<watt_per_square_meter>(1500.0);
                }
                r
            })
            .collect();
        let w = Weather::new(recs, w.location().copied(), "spike").unwrap();
        let v = check(&w, &santiago());
        let f = v.refusals.iter().find(|f| f.check == Check::Ghi).unwrap();
        assert_eq!((f.hours, f.worst_time), (1, noon), "{f}");
        assert!(f.to_string().contains("1,500 W/m²"), "{f}");
    }

    #[test]
    fn inconsistent_components_are_refused_and_temperature_warned() {
        let w = committed();
        let recs: Vec<_> = w
            .records()
            .iter()
            .map(|r| {
                let mut r = *r;
                // DNI·cos Z + DHI more than twice GHI with the sun high.
                r.dhi = Some(r.ghi * 0.9);
                r.dni = Some(r.ghi * 2.5)
                    .map(|d| d.min(Irradiance::new::<watt_per_square_meter>(1300.0)));
                r.air_temperature = Temperature::new::<degree_celsius>(55.0);
                r.wind_speed = Speed::new::<meter_per_second>(2.0);
                r
            })
            .collect();
        let w = Weather::new(recs, w.location().copied(), "bad beam").unwrap();
        let v = check(&w, &santiago());
        assert!(
            v.refusals.iter().any(|f| f.check == Check::Closure),
            "{v:?}"
        );
        let t = v
            .warnings
            .iter()
            .find(|f| f.check == Check::Temperature)
            .unwrap();
        assert_eq!(t.hours, w.len());
    }

    #[test]
    fn bsrn_limits_at_the_zenith_and_the_horizon() {
        // 1.5·1367·1 + 100 = 2150.5 W/m² with the sun overhead; 100 W/m² at the horizon.
        let i0 = Irradiance::new::<watt_per_square_meter>(1367.0);
        let one = Ratio::new::<ratio>(1.0);
        let zero = Ratio::new::<ratio>(0.0);
        let hundred = Irradiance::new::<watt_per_square_meter>(100.0);
        let l = bsrn_limit(i0, one, 1.5, 1.2, hundred);
        assert!((l.get::<watt_per_square_meter>() - 2150.5).abs() < 1e-9);
        let l = bsrn_limit(i0, zero, 1.5, 1.2, hundred);
        assert!((l.get::<watt_per_square_meter>() - 100.0).abs() < 1e-9);
        // DNI's physically possible limit is I0 itself whatever the sun's height.
        let l = bsrn_limit(i0, zero, 1.0, 0.0, hundred * 0.0);
        assert!((l.get::<watt_per_square_meter>() - 1367.0).abs() < 1e-9);
    }
}
