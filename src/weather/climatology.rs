//! A typical hourly year from twelve monthly means.
//!
//! Input per month: mean daily global horizontal insolation H̄, mean air temperature, means
//! of the daily minimum and maximum, and mean wind speed. Method:
//!
//! 1. **Every day of a month gets the monthly mean daily insolation H̄.** Hourly GHI is
//!    distributed with the Collares-Pereira & Rabl (1979) ratio r_t of hourly to daily
//!    global radiation, evaluated at each hour's midpoint in apparent solar time
//!    ([`collares_pereira_rabl_ratio`]); hours whose midpoint is outside sunrise–sunset get
//!    nothing; the ratios of a day are then normalised to sum to 1, so each day's hourly GHI
//!    sums to H̄ exactly and each month's to (days × H̄). Solar time uses the Spencer (1971)
//!    equation of time and declination (Duffie & Beckman 2013, eqs. 1.5.2–1.5.3, 1.6.1b).
//! 2. **Air temperature** follows a two-part cosine: it rises from the daily minimum at
//!    sunrise to the maximum at 14:00 solar time, then falls to the next day's minimum at
//!    the next sunrise (the sinusoidal scheme of De Wit, Goudriaan & van Laar 1978, as
//!    reviewed by Reicosky et al. 1989, Agric. For. Meteorol. 46, 193–209). Each month's
//!    hourly series is then shifted by a constant so that its mean equals the given monthly
//!    mean exactly (the curve's own mean is (T_min + T_max)/2 only approximately).
//! 3. **Wind speed** is the monthly mean at every hour. DNI, DHI and albedo are left out
//!    (the model chain decomposes GHI with Erbs and uses the default albedo).
//!
//! Timestamps are local standard time at the given UTC offset; records start at 00:00 on
//! 1 January of the chosen year.

use std::f64::consts::PI;

use uom::si::angle::{degree, radian};
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::ratio::ratio;
use uom::si::thermodynamic_temperature::degree_celsius;
use uom::si::time::hour;
use uom::si::velocity::meter_per_second;

use super::{LocalDateTime, Weather, WeatherError, WeatherLocation, WeatherRecord, days_in_month};
use crate::sun::{declination_spencer, equation_of_time_spencer, extraterrestrial_irradiance};
use crate::units::custom::radiant_exposure::kilowatt_hour_per_square_meter;
use crate::units::{Angle, Insolation, Irradiance, Ratio, Speed, Temperature, Time};

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Solar time of the daily maximum temperature (hours).
const TMAX_SOLAR_HOUR: f64 = 14.0;

/// Monthly climate means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthlyClimate {
    /// Mean daily global horizontal insolation (per day), e.g. 8.23 kWh/m².
    pub daily_ghi: Insolation,
    /// Monthly mean air temperature.
    pub mean_temperature: Temperature,
    /// Mean of the daily minimum air temperatures.
    pub min_temperature: Temperature,
    /// Mean of the daily maximum air temperatures.
    pub max_temperature: Temperature,
    /// Mean wind speed (at the station height, nominally 10 m).
    pub wind_speed: Speed,
}

/// Sunset hour angle ω_s = arccos(−tan φ·tan δ), clamped to 0–180° for polar night/day.
///
/// Duffie & Beckman, Solar Engineering of Thermal Processes, 4th ed. (2013), eq. 1.6.10.
/// Inputs: latitude φ, declination δ. Output: ω_s.
pub fn sunset_hour_angle(latitude: Angle, declination: Angle) -> Angle {
    let x = -latitude.get::<radian>().tan() * declination.get::<radian>().tan();
    Angle::new::<radian>(x.clamp(-1.0, 1.0).acos())
}

/// Ratio of hourly to daily global horizontal radiation, Collares-Pereira & Rabl:
/// r_t = (π/24)·(a + b·cos ω)·(cos ω − cos ω_s)/(sin ω_s − (πω_s/180)·cos ω_s),
/// a = 0.409 + 0.5016·sin(ω_s − 60°), b = 0.6609 − 0.4767·sin(ω_s − 60°); 0 when
/// |ω| ≥ ω_s.
///
/// Collares-Pereira, M. and Rabl, A. (1979), "The average distribution of solar radiation —
/// correlations between diffuse and hemispherical and between daily and hourly insolation
/// values", Solar Energy 22(2), 155–164; as given in Duffie & Beckman (2013), eq. 2.13.2.
/// Inputs: hour angle ω at the middle of the hour, sunset hour angle ω_s. Output: fraction
/// of the day's insolation falling in that hour (–).
pub fn collares_pereira_rabl_ratio(hour_angle: Angle, sunset_hour_angle: Angle) -> Ratio {
    let w = hour_angle.get::<radian>();
    let ws = sunset_hour_angle.get::<radian>();
    if w.abs() >= ws || ws <= 0.0 {
        return Ratio::new::<ratio>(0.0);
    }
    let s = (ws - 60f64.to_radians()).sin();
    let a = 0.409 + 0.5016 * s;
    let b = 0.6609 - 0.4767 * s;
    let denom = ws.sin() - ws * ws.cos();
    let r = PI / 24.0 * (a + b * w.cos()) * (w.cos() - ws.cos()) / denom;
    Ratio::new::<ratio>(r.max(0.0))
}

/// Apparent solar time from local standard time:
/// t_solar = t_std + 4 min/° · (λ − 15°/h · UTC offset) + E.
///
/// Duffie & Beckman (2013), eq. 1.5.2 (written with longitude λ east positive). Inputs:
/// local standard clock time since midnight, longitude, UTC offset, equation of time E.
/// Output: solar time since (solar) midnight.
pub fn solar_time(
    local_standard_time: Time,
    longitude: Angle,
    utc_offset: Time,
    equation_of_time: Time,
) -> Time {
    let correction_h = (longitude.get::<degree>() - 15.0 * utc_offset.get::<hour>()) * 4.0 / 60.0;
    local_standard_time + Time::new::<hour>(correction_h) + equation_of_time
}

/// Two-part cosine diurnal air-temperature curve (De Wit et al. 1978; Reicosky et al.
/// 1989): from `t_min` at sunrise to `t_max` at 14:00 solar time, then down to
/// `t_min_next` at the next sunrise (before sunrise: down from `t_max_prev`).
///
/// Inputs: solar time of day, sunrise solar time, the day's minimum and maximum, the
/// previous day's maximum and the next day's minimum. Output: air temperature.
pub fn diurnal_temperature(
    solar_time: Time,
    sunrise: Time,
    t_min: Temperature,
    t_max: Temperature,
    t_max_prev: Temperature,
    t_min_next: Temperature,
) -> Temperature {
    let t = solar_time.get::<hour>();
    let sr = sunrise.get::<hour>().min(TMAX_SOLAR_HOUR - 1.0);
    let c = |x: f64| (1.0 - (PI * x).cos()) / 2.0;
    let (lo, hi) = (t_min.get::<degree_celsius>(), t_max.get::<degree_celsius>());
    let night = 24.0 + sr - TMAX_SOLAR_HOUR;
    let v = if t < sr {
        let prev = t_max_prev.get::<degree_celsius>();
        prev - (prev - lo) * c((t + 24.0 - TMAX_SOLAR_HOUR) / night)
    } else if t <= TMAX_SOLAR_HOUR {
        lo + (hi - lo) * c((t - sr) / (TMAX_SOLAR_HOUR - sr))
    } else {
        let next = t_min_next.get::<degree_celsius>();
        hi - (hi - next) * c((t - TMAX_SOLAR_HOUR) / night)
    };
    Temperature::new::<degree_celsius>(v)
}

/// Daily extraterrestrial insolation on a horizontal surface:
/// H0 = (24 h/π)·I0·(cos φ cos δ sin ω_s + ω_s sin φ sin δ).
///
/// Duffie & Beckman (2013), eq. 1.10.3, with I0 from Spencer (1971). Inputs: latitude, day
/// of year. Output: insolation per day.
pub fn daily_extraterrestrial_insolation(latitude: Angle, day_of_year: u32) -> Insolation {
    let d = declination_spencer(day_of_year);
    let ws = sunset_hour_angle(latitude, d).get::<radian>();
    let (phi, dec) = (latitude.get::<radian>(), d.get::<radian>());
    let g = (phi.cos() * dec.cos() * ws.sin() + ws * phi.sin() * dec.sin()).max(0.0);
    extraterrestrial_irradiance(day_of_year) * Time::new::<hour>(24.0 / PI * g)
}

/// Builds a typical hourly year (see the module documentation) for a site from 12 monthly
/// climate means, January first.
///
/// Checks per month: H̄ ≥ 0 and its clearness index H̄/H̄0 ≤ 0.9 (H̄0 on the month's 15th);
/// T_min ≤ T_mean ≤ T_max within −90…60 °C (the surface records); wind 0–75 m/s.
pub fn typical_year(
    months: &[MonthlyClimate; 12],
    location: WeatherLocation,
    year: i32,
    source: &str,
) -> Result<Weather, WeatherError> {
    let lat = location.latitude;
    let lon = location.longitude;
    let offset = Time::new::<hour>(f64::from(location.utc_offset_minutes) / 60.0);
    for (m, c) in months.iter().enumerate() {
        let err = |message: String| WeatherError::Climatology {
            month: MONTH_NAMES[m],
            message,
        };
        let h = c.daily_ghi.get::<kilowatt_hour_per_square_meter>();
        let mid = LocalDateTime::new(year, m as u8 + 1, 15, 12, 0, 0)
            .map_err(err)?
            .day_of_year();
        let h0 =
            daily_extraterrestrial_insolation(lat, mid).get::<kilowatt_hour_per_square_meter>();
        if !h.is_finite() || h < 0.0 || h > 0.9 * h0 {
            return Err(err(format!(
                "mean daily GHI must be within 0 and 0.9 × the extraterrestrial {:.2} kWh/m² (clearness index ≤ 0.9), got {h} kWh/m²",
                h0
            )));
        }
        let (tn, tm, tx) = (
            c.min_temperature.get::<degree_celsius>(),
            c.mean_temperature.get::<degree_celsius>(),
            c.max_temperature.get::<degree_celsius>(),
        );
        if ![tn, tm, tx]
            .iter()
            .all(|t| t.is_finite() && (-90.0..=60.0).contains(t))
            || tn > tm
            || tm > tx
        {
            return Err(err(format!(
                "temperatures must satisfy −90 ≤ min ≤ mean ≤ max ≤ 60 °C, got min {tn}, mean {tm}, max {tx} °C"
            )));
        }
        let w = c.wind_speed.get::<meter_per_second>();
        if !w.is_finite() || !(0.0..=75.0).contains(&w) {
            return Err(err(format!(
                "wind speed must be within 0–75 m/s, got {w} m/s"
            )));
        }
    }

    let mut records = Vec::with_capacity(8784);
    let mut month_start = 0usize;
    for m in 0..12usize {
        let c = &months[m];
        let prev = &months[(m + 11) % 12];
        let next = &months[(m + 1) % 12];
        let ndays = days_in_month(year, m as u8 + 1);
        let daily_wh = c.daily_ghi.get::<kilowatt_hour_per_square_meter>() * 1000.0;
        for day in 1..=ndays {
            let start =
                LocalDateTime::new(year, m as u8 + 1, day, 0, 0, location.utc_offset_minutes)
                    .map_err(|message| WeatherError::Climatology {
                        month: MONTH_NAMES[m],
                        message,
                    })?;
            let n = start.day_of_year();
            let ws = sunset_hour_angle(lat, declination_spencer(n));
            let eot = equation_of_time_spencer(n);
            let sunrise = Time::new::<hour>(12.0 - ws.get::<degree>() / 15.0);
            let t_max_prev = if day == 1 {
                prev.max_temperature
            } else {
                c.max_temperature
            };
            let t_min_next = if day == ndays {
                next.min_temperature
            } else {
                c.min_temperature
            };
            let mut weights = [0.0f64; 24];
            let mut solar_hours = [0.0f64; 24];
            for (h, (wgt, sh)) in weights.iter_mut().zip(solar_hours.iter_mut()).enumerate() {
                let st = solar_time(Time::new::<hour>(h as f64 + 0.5), lon, offset, eot);
                *sh = st.get::<hour>().rem_euclid(24.0);
                let omega = Angle::new::<degree>(15.0 * (st.get::<hour>() - 12.0));
                *wgt = collares_pereira_rabl_ratio(omega, ws).get::<ratio>();
            }
            let sum: f64 = weights.iter().sum();
            if sum <= 0.0 && daily_wh > 0.0 {
                // Very short day with no hour midpoint in daylight: the hour nearest solar noon
                // takes the day's insolation.
                let noon = (0..24)
                    .min_by(|&a, &b| {
                        (solar_hours[a] - 12.0)
                            .abs()
                            .total_cmp(&(solar_hours[b] - 12.0).abs())
                    })
                    .unwrap_or(12);
                weights[noon] = 1.0;
            }
            let sum: f64 = weights.iter().sum();
            for h in 0..24 {
                let ghi = if sum > 0.0 {
                    daily_wh * weights[h] / sum
                } else {
                    0.0
                };
                let temp = diurnal_temperature(
                    Time::new::<hour>(solar_hours[h]),
                    sunrise,
                    c.min_temperature,
                    c.max_temperature,
                    t_max_prev,
                    t_min_next,
                );
                records.push(WeatherRecord {
                    period_start: start.plus_minutes(60 * h as i64),
                    ghi: Irradiance::new::<watt_per_square_meter>(ghi),
                    dni: None,
                    dhi: None,
                    air_temperature: temp,
                    wind_speed: c.wind_speed,
                    albedo: None,
                });
            }
        }
        // Shift the month so its mean temperature is the given mean.
        let slice = &mut records[month_start..];
        let mean = slice
            .iter()
            .map(|r| r.air_temperature.get::<degree_celsius>())
            .sum::<f64>()
            / slice.len() as f64;
        let shift = c.mean_temperature.get::<degree_celsius>() - mean;
        for r in slice.iter_mut() {
            r.air_temperature = Temperature::new::<degree_celsius>(
                r.air_temperature.get::<degree_celsius>() + shift,
            );
        }
        month_start = records.len();
    }
    Weather::new(records, Some(location), source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::length::meter;

    fn kwh(x: f64) -> Insolation {
        Insolation::new::<kilowatt_hour_per_square_meter>(x)
    }
    fn c(x: f64) -> Temperature {
        Temperature::new::<degree_celsius>(x)
    }

    #[test]
    fn cpr_ratio_hand_computed_and_integrates_to_one() {
        // Equator at equinox: ω_s = 90°, a = 0.409 + 0.5016·sin 30° = 0.6598,
        // b = 0.6609 − 0.4767·0.5 = 0.42255, denominator 1, so at noon
        // r_t = (π/24)(0.6598 + 0.42255) = 0.141677... (hand computation from eq. 2.13.2).
        let r = collares_pereira_rabl_ratio(Angle::new::<degree>(0.0), Angle::new::<degree>(90.0));
        assert!((r.get::<ratio>() - PI / 24.0 * (0.6598 + 0.42255)).abs() < 1e-12);
        // The correlation is built so the hourly ratios of a day add up to about 1
        // (Collares-Pereira & Rabl 1979); summed at hour midpoints they do within 2 %.
        for ws in [60.0, 75.0, 90.0, 105.0, 120.0] {
            let sum: f64 = (0..24)
                .map(|h| {
                    let w = Angle::new::<degree>(15.0 * (h as f64 + 0.5 - 12.0));
                    collares_pereira_rabl_ratio(w, Angle::new::<degree>(ws)).get::<ratio>()
                })
                .sum();
            assert!((sum - 1.0).abs() < 0.02, "ω_s {ws}: {sum}");
        }
    }

    #[test]
    fn extraterrestrial_daily_insolation() {
        // Duffie & Beckman (2013) Example 1.10.1: φ = 43°, 15 April (n = 105):
        // H0 = 33.8 MJ/m² = 9.39 kWh/m² (their 1 + 0.033 cos form; Spencer differs < 0.3 %).
        let h0 = daily_extraterrestrial_insolation(Angle::new::<degree>(43.0), 105);
        assert!((h0.get::<kilowatt_hour_per_square_meter>() - 33.8 / 3.6).abs() < 0.05);
    }

    fn months() -> [MonthlyClimate; 12] {
        // Synthetic southern mid-latitude climate (round numbers, not a real station).
        let h = [8.0, 7.0, 5.5, 3.7, 2.4, 1.9, 2.0, 2.9, 4.1, 5.4, 7.5, 7.9];
        std::array::from_fn(|i| MonthlyClimate {
            daily_ghi: kwh(h[i]),
            mean_temperature: c(15.0 + 5.0 * (i as f64 * PI / 6.0).cos()),
            min_temperature: c(7.0 + 5.0 * (i as f64 * PI / 6.0).cos()),
            max_temperature: c(24.0 + 5.0 * (i as f64 * PI / 6.0).cos()),
            wind_speed: Speed::new::<meter_per_second>(2.0),
        })
    }

    fn location() -> WeatherLocation {
        WeatherLocation {
            latitude: Angle::new::<degree>(-33.4),
            longitude: Angle::new::<degree>(-70.73),
            elevation: crate::units::Length::new::<meter>(476.0),
            utc_offset_minutes: -240,
        }
    }

    #[test]
    fn daily_sums_and_monthly_means_are_reproduced() {
        let m = months();
        let w = typical_year(&m, location(), 2023, "synthetic").unwrap();
        assert_eq!(w.len(), 8760);
        for (d, day) in w.records().chunks(24).enumerate() {
            let month = day[0].period_start.month() as usize - 1;
            let sum_wh: f64 = day
                .iter()
                .map(|r| r.ghi.get::<watt_per_square_meter>())
                .sum();
            let expect = m[month].daily_ghi.get::<kilowatt_hour_per_square_meter>() * 1000.0;
            assert!(
                (sum_wh - expect).abs() < 1e-9 * expect,
                "day {d}: {sum_wh} vs {expect}"
            );
            // Night: the first hour (00–01 local) has no sun anywhere near Santiago.
            assert_eq!(day[0].ghi.get::<watt_per_square_meter>(), 0.0);
        }
        for (i, mc) in m.iter().enumerate() {
            let temps: Vec<f64> = w
                .records()
                .iter()
                .filter(|r| r.period_start.month() as usize == i + 1)
                .map(|r| r.air_temperature.get::<degree_celsius>())
                .collect();
            let mean = temps.iter().sum::<f64>() / temps.len() as f64;
            assert!((mean - mc.mean_temperature.get::<degree_celsius>()).abs() < 1e-9);
            // The curve spans the daily range (up to the mean-matching shift, < 1 °C here).
            let max = temps.iter().cloned().fold(f64::MIN, f64::max);
            let min = temps.iter().cloned().fold(f64::MAX, f64::min);
            assert!(
                (max - mc.max_temperature.get::<degree_celsius>()).abs() < 1.5,
                "{max}"
            );
            assert!(
                (min - mc.min_temperature.get::<degree_celsius>()).abs() < 1.5,
                "{min}"
            );
        }
    }

    #[test]
    fn rejects_impossible_inputs() {
        let mut m = months();
        m[5].daily_ghi = kwh(9.0); // June at 33° S: extraterrestrial is only ~5.5 kWh/m².
        let e = typical_year(&m, location(), 2023, "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("June") && e.contains("clearness"), "{e}");
        let mut m = months();
        m[0].min_temperature = c(30.0);
        let e = typical_year(&m, location(), 2023, "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("January"), "{e}");
    }
}
