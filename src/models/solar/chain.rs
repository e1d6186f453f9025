//! The hourly model chain: weather → sun → decomposition → POA → IAM → cell temperature →
//! DC → losses → inverter → monthly and annual totals.
//!
//! [`prepare`] does the orientation-independent work once per weather series (sun position
//! at the midpoint of each interval with light, extraterrestrial irradiance, air mass, Erbs
//! decomposition), in two steps that a year can also take in parts ([`lit_skies`], then
//! [`prepare_with_skies`]);
//! [`simulate_prepared`] runs one system on it. [`simulate`] does both.

use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::power::watt;
use uom::si::ratio::ratio;
use uom::si::time::{hour, second};

use super::dc::pvwatts_dc;
use super::decomposition::erbs;
use super::iam::PhysicalIam;
use super::inverter::pvwatts_ac;
use super::lifetime::degraded_energy;
use super::system::{DEFAULT_ALBEDO, PvSystem, Site, SolarError, SunOptions, TemperatureModel};
use super::temperature::{FuentesParams, fuentes_cell_temperature_lit, sapm_cell_temperature};
use super::transposition::{
    PerezSky, Sky, SunDirection, Surface, SurfaceDirection, perez_brightness, plane_of_array_with,
};
use crate::sun::{
    extraterrestrial_irradiance, relative_airmass, solar_position_series, standard_pressure,
};
use crate::units::{
    Angle, Energy, Insolation, Irradiance, Power, Ratio, SpecificYield, Speed, Temperature, Time,
};
use crate::weather::{LocalDateTime, Weather};

/// Where the beam/diffuse split of an hour came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IrradianceSplit {
    /// DNI and DHI were given by the weather source.
    Measured,
    /// DNI and DHI were estimated from GHI with Erbs et al. (1982).
    Erbs,
}

/// Orientation-independent state of one hour, computed once by [`prepare`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreparedHour {
    /// Start of the hourly interval, local standard time.
    pub period_start: LocalDateTime,
    /// Calendar month of the interval start, 1–12.
    pub month: u8,
    /// Whether the hour has light (GHI > 0), and so a sky in [`PreparedWeather::skies`]. An
    /// hour without has every plane-of-array component zero whatever the orientation, so
    /// neither the sun position nor the decomposition is computed for it.
    pub lit: bool,
    /// Extraterrestrial normal irradiance.
    pub dni_extra: Irradiance,
    /// Global horizontal irradiance.
    pub ghi: Irradiance,
    /// Direct normal irradiance (measured or Erbs).
    pub dni: Irradiance,
    /// Diffuse horizontal irradiance (measured or Erbs).
    pub dhi: Irradiance,
    /// Albedo from the weather source, if any.
    pub albedo: Option<Ratio>,
}

/// The orientation-independent transposition inputs of an hour with light.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LitSky {
    /// Apparent (refracted) solar zenith at the interval midpoint.
    pub apparent_zenith: Angle,
    /// Geometric solar zenith at the interval midpoint.
    pub zenith: Angle,
    /// Solar azimuth at the interval midpoint, clockwise from north.
    pub azimuth: Angle,
    /// Relative air mass (Kasten & Young), `None` with the sun below the horizon.
    pub airmass: Option<Ratio>,
    /// The sun's direction as cosines and sines.
    pub sun: SunDirection,
    /// Perez's brightening coefficients of the hour's sky.
    pub perez: PerezSky,
}

/// A weather series prepared for a site: reusable by any number of system variants.
///
/// The sky of an hour with light is kept apart from its hour, in [`PreparedWeather::skies`],
/// and the air temperature and wind speed as the columns the cell-temperature models read:
/// half the hours are dark, and a sky in every hour doubled the memory a year takes.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedWeather {
    /// The site it was prepared for.
    pub site: Site,
    /// One entry per weather record.
    pub hours: Vec<PreparedHour>,
    /// The sky of each hour with light ([`PreparedHour::lit`]), in order.
    pub skies: Vec<LitSky>,
    /// Air temperature, one per weather record.
    pub air_temperature: Vec<Temperature>,
    /// Wind speed, one per weather record.
    pub wind_speed: Vec<Speed>,
    /// Whether DNI/DHI were measured or decomposed.
    pub split: IrradianceSplit,
}

impl PreparedWeather {
    /// Each hour with its sky, `None` for an hour without light.
    pub fn hours_with_skies(&self) -> impl Iterator<Item = (&PreparedHour, Option<&LitSky>)> {
        let mut skies = self.skies.iter();
        self.hours
            .iter()
            .map(move |h| (h, if h.lit { skies.next() } else { None }))
    }
}

/// Sun position at interval midpoints, extraterrestrial irradiance, air mass and (where the
/// weather lacks DNI/DHI) the Erbs decomposition, for every hour of `weather` at `site` with
/// light (GHI > 0; an hour without contributes nothing whatever the orientation).
///
/// Erbs uses the apparent zenith, the same angle as the transposition, so that
/// DNI·cos Z + DHI = GHI holds exactly in the plane-of-array step. Requires 8760 or 8784
/// hourly records.
pub fn prepare(site: &Site, weather: &Weather) -> Result<PreparedWeather, SolarError> {
    prepare_with(site, weather, &SunOptions::default())
}

/// [`prepare`] with explicit sun-position options (ΔT, refraction temperature).
pub fn prepare_with(
    site: &Site,
    weather: &Weather,
    options: &SunOptions,
) -> Result<PreparedWeather, SolarError> {
    check_year(site, weather)?;
    let skies = lit_skies(site, weather, options, 0..weather.len());
    Ok(prepare_with_skies(site, weather, skies))
}

/// Checks the site, and that `weather` is a year of hourly records (8760 or 8784), as
/// [`prepare`] needs.
pub fn check_year(site: &Site, weather: &Weather) -> Result<(), SolarError> {
    site.validate()?;
    let n = weather.len();
    if n != 8760 && n != 8784 {
        return Err(SolarError::NotAYear { records: n });
    }
    Ok(())
}

/// An hour with light, prepared: its sky, and its DNI and DHI (measured or Erbs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LitHour {
    pub sky: LitSky,
    pub dni: Irradiance,
    pub dhi: Irradiance,
}

/// The hours with light among the records `hours` of `weather`, in order: the sun at the
/// interval midpoint (NREL SPA, with the atmosphere of the site's elevation for refraction),
/// air mass, the Erbs decomposition where the weather lacks DNI/DHI, and Perez's sky
/// coefficients. The sun positions are computed at the call, the rest hour by hour as the
/// iterator is read. A year's are the same computed in one part or in consecutive ones
/// (one model computes them in two, on two threads).
pub fn lit_skies<'w>(
    site: &Site,
    weather: &'w Weather,
    options: &SunOptions,
    hours: std::ops::Range<usize>,
) -> impl Iterator<Item = LitHour> + Send + 'w {
    let records = &weather.records()[hours];
    let instants: Vec<f64> = records
        .iter()
        .filter(|r| lit(r.ghi))
        .map(|r| midpoint(&r.period_start).julian_day())
        .collect();
    let suns = solar_position_series(
        &instants,
        site.latitude,
        site.longitude,
        site.elevation,
        standard_pressure(site.elevation),
        options.refraction_temperature,
        options.delta_t,
    );
    let i0 = extraterrestrial_by_day();
    let lit_records = records.iter().filter(|r| lit(r.ghi));
    lit_records.zip(suns).map(move |(r, sun)| {
        let dni_extra = i0[midpoint(&r.period_start).day_of_year() as usize - 1];
        let (dni, dhi) = match r.dni.zip(r.dhi) {
            Some(measured) => measured,
            None => {
                let d = erbs(r.ghi, sun.apparent_zenith, dni_extra);
                (d.dni, d.dhi)
            }
        };
        let airmass = relative_airmass(sun.apparent_zenith);
        let sky = LitSky {
            apparent_zenith: sun.apparent_zenith,
            zenith: sun.zenith,
            azimuth: sun.azimuth,
            airmass,
            sun: SunDirection::new(sun.apparent_zenith, sun.azimuth),
            perez: perez_brightness(&Sky {
                zenith: sun.apparent_zenith,
                azimuth: sun.azimuth,
                ghi: r.ghi,
                dni,
                dhi,
                dni_extra,
                airmass,
            }),
        };
        LitHour { sky, dni, dhi }
    })
}

/// Extraterrestrial normal irradiance by day of the year (1-366 at index 0-365): it
/// depends on nothing else.
fn extraterrestrial_by_day() -> Vec<Irradiance> {
    (1..=366).map(extraterrestrial_irradiance).collect()
}

/// The record before which half the hours with light of `weather` lie: where to cut it for
/// [`lit_skies`] on two threads.
pub fn half_of_the_light(weather: &Weather) -> usize {
    let records = weather.records();
    let half = records.iter().filter(|r| lit(r.ghi)).count() / 2;
    records
        .iter()
        .enumerate()
        .filter(|(_, r)| lit(r.ghi))
        .nth(half)
        .map_or(records.len(), |(i, _)| i)
}

/// [`prepare`] with the [`lit_skies`] of the whole year already computed, in order: the
/// extraterrestrial irradiance of every hour, and the columns the chain reads.
pub fn prepare_with_skies(
    site: &Site,
    weather: &Weather,
    skies: impl IntoIterator<Item = LitHour>,
) -> PreparedWeather {
    let records = weather.records();
    let split = if records.iter().all(|r| r.dni.is_some()) {
        IrradianceSplit::Measured
    } else {
        IrradianceSplit::Erbs
    };
    let i0 = extraterrestrial_by_day();
    let mut lit_hours = skies.into_iter();
    let mut hours = Vec::with_capacity(records.len());
    let mut skies = Vec::with_capacity(records.iter().filter(|r| lit(r.ghi)).count());
    for r in records {
        let zero = Irradiance::new::<watt_per_square_meter>(0.0);
        let lit = lit(r.ghi);
        let (dni, dhi) = if lit {
            let h = lit_hours.next().expect("one sky per hour with light");
            skies.push(h.sky);
            (h.dni, h.dhi)
        } else {
            r.dni.zip(r.dhi).unwrap_or((zero, zero))
        };
        hours.push(PreparedHour {
            period_start: r.period_start,
            month: r.period_start.month(),
            lit,
            dni_extra: i0[midpoint(&r.period_start).day_of_year() as usize - 1],
            ghi: r.ghi,
            dni,
            dhi,
            albedo: r.albedo,
        });
    }
    PreparedWeather {
        site: *site,
        hours,
        skies,
        air_temperature: records.iter().map(|r| r.air_temperature).collect(),
        wind_speed: records.iter().map(|r| r.wind_speed).collect(),
        split,
    }
}

/// Whether an hour has light: only then has it a sun position and a sky.
fn lit(ghi: Irradiance) -> bool {
    ghi.get::<watt_per_square_meter>() > 0.0
}

/// The midpoint of the hourly interval that starts at `start`.
fn midpoint(start: &LocalDateTime) -> LocalDateTime {
    start.plus_minutes(30)
}

/// Whether to keep the hourly series in the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HourlyOutput {
    /// Totals only (fastest).
    #[default]
    Discard,
    /// Also return [`HourResult`] for every hour.
    Keep,
}

/// One hour of model output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourResult {
    /// Start of the hourly interval.
    pub period_start: LocalDateTime,
    /// POA irradiance before the IAM loss.
    pub poa_global: Irradiance,
    /// POA irradiance after the IAM loss on the beam.
    pub poa_effective: Irradiance,
    /// Cell temperature; `None` for an hour without light, which makes no power whatever its
    /// temperature (the Fuentes model skips most of each night:
    /// [`fuentes_cell_temperature_lit`]).
    pub cell_temperature: Option<Temperature>,
    /// DC power into the inverter (after system losses).
    pub dc_power: Power,
    /// AC power out of the inverter (after clipping).
    pub ac_power: Power,
}

/// Totals over a period (a month or the year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PvPeriod {
    /// Number of hourly records in the period.
    pub hours: usize,
    /// AC energy delivered.
    pub ac_energy: Energy,
    /// DC energy into the inverter (after system losses).
    pub dc_energy: Energy,
    /// Plane-of-array insolation (before the IAM loss).
    pub poa_insolation: Insolation,
    /// Global horizontal insolation.
    pub ghi_insolation: Insolation,
    /// AC energy per kW of DC rating (final yield Y_f).
    pub specific_yield: SpecificYield,
    /// AC energy over DC rating × hours in the period (PVWatts convention, DC basis).
    pub capacity_factor: Ratio,
    /// Performance ratio Y_f/Y_r, with reference yield Y_r = H_poa / 1 kW/m² (IEC 61724-1).
    pub performance_ratio: Ratio,
}

/// Result of simulating one weather year.
#[derive(Debug, Clone, PartialEq)]
pub struct PvYear {
    /// DC rating used.
    pub dc_capacity: Power,
    /// AC rating used (P_dc0 / DC-AC ratio).
    pub ac_capacity: Power,
    /// Totals per calendar month, January first (month of each interval start).
    pub monthly: [PvPeriod; 12],
    /// Totals for the whole series.
    pub annual: PvPeriod,
    /// Hourly results, when requested with [`HourlyOutput::Keep`].
    pub hourly: Option<Vec<HourResult>>,
}

impl PvYear {
    /// Hourly AC power, when kept.
    pub fn hourly_ac(&self) -> Option<Vec<Power>> {
        self.hourly
            .as_ref()
            .map(|h| h.iter().map(|r| r.ac_power).collect())
    }
}

/// Runs the hourly chain on prepared weather. See the module documentation for the steps;
/// each is a model function of this module tree.
pub fn simulate_prepared(
    system: &PvSystem,
    prepared: &PreparedWeather,
    output: HourlyOutput,
) -> Result<PvYear, SolarError> {
    system.validate()?;
    let n = prepared.hours.len();
    let surface = Surface {
        tilt: system.tilt,
        azimuth: system.azimuth,
    };
    let default_albedo = Ratio::new::<ratio>(DEFAULT_ALBEDO);
    // Per system, once: the orientation's cosines, the cover's IAM at normal incidence.
    let dir = SurfaceDirection::new(&surface);
    let cover_iam = PhysicalIam::new(&system.cover);
    let zero = Irradiance::new::<watt_per_square_meter>(0.0);
    let scale = system.irradiance_scale;
    let mut poa_global = Vec::with_capacity(n);
    let mut poa_effective = Vec::with_capacity(n);
    for (h, light) in prepared.hours_with_skies() {
        let Some(light) = light else {
            // No light: every POA component is zero (skip the geometry).
            poa_global.push(zero);
            poa_effective.push(zero);
            continue;
        };
        let sky = Sky {
            zenith: light.apparent_zenith,
            azimuth: light.azimuth,
            ghi: h.ghi,
            dni: h.dni,
            dhi: h.dhi,
            dni_extra: h.dni_extra,
            airmass: light.airmass,
        };
        let albedo = system.albedo.or(h.albedo).unwrap_or(default_albedo);
        let poa = plane_of_array_with(
            &dir,
            &sky,
            &light.sun,
            &light.perez,
            albedo,
            system.transposition,
        );
        let (global, beam) = (poa.global, poa.beam);
        let iam = if beam.get::<watt_per_square_meter>() > 0.0 {
            cover_iam.at_cos(poa.aoi_projection).get::<ratio>()
        } else {
            1.0
        };
        poa_global.push(global * scale);
        poa_effective.push((global - beam * (1.0 - iam)) * scale);
    }
    // Cell temperatures where they matter, one per hour with light: an hour without makes
    // no power whatever its temperature, so Fuentes skips most of each night.
    let lit = |i: usize| poa_global[i].get::<watt_per_square_meter>() > 0.0;
    let cells: Vec<Temperature> = match system.temperature_model {
        TemperatureModel::Fuentes => fuentes_cell_temperature_lit(
            &poa_global,
            &prepared.air_temperature,
            &prepared.wind_speed,
            Time::new::<second>(3600.0),
            &FuentesParams::with_noct(system.noct()),
        ),
        TemperatureModel::Sapm(params) => (0..n)
            .filter(|&i| lit(i))
            .map(|i| {
                sapm_cell_temperature(
                    poa_global[i],
                    prepared.air_temperature[i],
                    prepared.wind_speed[i],
                    &params,
                )
            })
            .collect(),
    };
    let mut cells = cells.into_iter();

    let gamma = system.gamma();
    let keep = system.losses.total();
    let derate = (1.0 - keep.get::<ratio>()) * system.dc_scale.get::<ratio>();
    let ac_rating = system.ac_capacity();
    let step = Time::new::<hour>(1.0);

    #[derive(Clone, Copy, Default)]
    struct Acc {
        hours: usize,
        ac: f64,
        dc: f64,
        poa: f64,
        ghi: f64,
    }
    let mut months = [Acc::default(); 12];
    let mut hourly = match output {
        HourlyOutput::Keep => Some(Vec::with_capacity(n)),
        HourlyOutput::Discard => None,
    };
    for (i, h) in prepared.hours.iter().enumerate() {
        let cell = if lit(i) {
            // One temperature per lit hour, in order: running out cannot happen.
            let t = cells.next().ok_or(SolarError::NonFinite {
                what: "cell temperature",
                index: i,
            })?;
            Some(t)
        } else {
            None
        };
        let dc = match cell {
            Some(t) => pvwatts_dc(poa_effective[i], t, system.dc_capacity, gamma) * derate,
            None => Power::new::<watt>(0.0),
        };
        let ac = pvwatts_ac(dc, ac_rating, system.inverter_efficiency);
        let checks = [
            (
                "POA irradiance",
                poa_global[i].get::<watt_per_square_meter>(),
            ),
            ("cell temperature", cell.map_or(0.0, |t| t.value)),
            ("DC power", dc.get::<watt>()),
            ("AC power", ac.get::<watt>()),
        ];
        if let Some((what, _)) = checks.iter().find(|(_, v)| !v.is_finite()) {
            return Err(SolarError::NonFinite { what, index: i });
        }
        let m = &mut months[usize::from(h.month - 1)];
        m.hours += 1;
        m.ac += ac.get::<watt>();
        m.dc += dc.get::<watt>();
        m.poa += poa_global[i].get::<watt_per_square_meter>();
        m.ghi += h.ghi.get::<watt_per_square_meter>();
        if let Some(v) = hourly.as_mut() {
            v.push(HourResult {
                period_start: h.period_start,
                poa_global: poa_global[i],
                poa_effective: poa_effective[i],
                cell_temperature: cell,
                dc_power: dc,
                ac_power: ac,
            });
        }
    }

    let p0 = system.dc_capacity;
    let period = |a: &Acc| -> PvPeriod {
        let t = step * a.hours as f64;
        let ac_energy = Power::new::<watt>(a.ac) * step;
        let poa_insolation = Irradiance::new::<watt_per_square_meter>(a.poa) * step;
        let ref_yield =
            (poa_insolation / Irradiance::new::<watt_per_square_meter>(1000.0)).get::<second>();
        let final_yield = (ac_energy / p0).get::<second>();
        PvPeriod {
            hours: a.hours,
            ac_energy,
            dc_energy: Power::new::<watt>(a.dc) * step,
            poa_insolation,
            ghi_insolation: Irradiance::new::<watt_per_square_meter>(a.ghi) * step,
            specific_yield: SpecificYield::from_energy_and_rating(ac_energy, p0),
            capacity_factor: Ratio::new::<ratio>(if a.hours > 0 {
                final_yield / t.get::<second>()
            } else {
                0.0
            }),
            performance_ratio: Ratio::new::<ratio>(if ref_yield > 0.0 {
                final_yield / ref_yield
            } else {
                0.0
            }),
        }
    };
    let total = months.iter().fold(Acc::default(), |t, m| Acc {
        hours: t.hours + m.hours,
        ac: t.ac + m.ac,
        dc: t.dc + m.dc,
        poa: t.poa + m.poa,
        ghi: t.ghi + m.ghi,
    });
    Ok(PvYear {
        dc_capacity: p0,
        ac_capacity: ac_rating,
        monthly: months.map(|m| period(&m)),
        annual: period(&total),
        hourly,
    })
}

/// Prepares `weather` for `site` and simulates `system` on it (totals only).
pub fn simulate(system: &PvSystem, site: &Site, weather: &Weather) -> Result<PvYear, SolarError> {
    system.validate()?;
    let prepared = prepare(site, weather)?;
    simulate_prepared(system, &prepared, HourlyOutput::Discard)
}

/// AC energy for each year of a period, first year = the simulated year, degrading at the
/// system's rate: E_y = E_1·(1 − d)^y (see [`super::lifetime::degradation_factor`]).
pub fn lifetime_ac_energy(
    system: &PvSystem,
    first_year: &PvYear,
    years: u32,
) -> Result<Vec<Energy>, SolarError> {
    system.validate()?;
    if years == 0 || years > 100 {
        return Err(SolarError::InvalidParameter {
            parameter: "years",
            message: format!("must be within 1–100, got {years}"),
        });
    }
    Ok(degraded_energy(
        first_year.annual.ac_energy,
        system.degradation,
        years,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::solar::transposition::TranspositionModel;
    use crate::units::Length;
    use crate::units::custom::radiant_exposure::kilowatt_hour_per_square_meter;
    use crate::weather::climatology::{MonthlyClimate, typical_year};
    use crate::weather::{WeatherLocation, WeatherRecord};
    use uom::si::angle::degree;
    use uom::si::energy::kilowatt_hour;
    use uom::si::length::meter;
    use uom::si::power::kilowatt;
    use uom::si::thermodynamic_temperature::degree_celsius;
    use uom::si::velocity::meter_per_second;

    /// A synthetic Santiago-like year (monthly means rounded from the Santiago climate normals).
    fn weather() -> Weather {
        let h = [8.2, 7.3, 5.6, 3.7, 2.4, 1.9, 2.0, 2.9, 4.1, 5.4, 7.5, 7.9];
        let tm = [
            21.0, 20.3, 17.9, 14.1, 11.0, 9.1, 7.6, 9.3, 11.4, 14.4, 17.1, 20.2,
        ];
        let months: [MonthlyClimate; 12] = std::array::from_fn(|i| MonthlyClimate {
            daily_ghi: Insolation::new::<kilowatt_hour_per_square_meter>(h[i]),
            mean_temperature: Temperature::new::<degree_celsius>(tm[i]),
            min_temperature: Temperature::new::<degree_celsius>(tm[i] - 8.0),
            max_temperature: Temperature::new::<degree_celsius>(tm[i] + 8.0),
            wind_speed: Speed::new::<meter_per_second>(2.1),
        });
        let loc = WeatherLocation {
            latitude: Angle::new::<degree>(-33.4),
            longitude: Angle::new::<degree>(-70.73),
            elevation: Length::new::<meter>(476.0),
            utc_offset_minutes: -240,
        };
        typical_year(&months, loc, 2023, "synthetic").unwrap()
    }

    fn site(w: &Weather) -> Site {
        Site::from_weather(w).unwrap()
    }

    #[test]
    fn a_year_prepared_in_two_parts_is_the_year_prepared_at_once() {
        // The model may compute the skies of a year in two parts on two threads: the result
        // must be the same to the bit, wherever the cut (a part may hold no light at all).
        let w = weather();
        let (site, options) = (site(&w), SunOptions::default());
        let whole = prepare(&site, &w).unwrap();
        let half = half_of_the_light(&w);
        let lit = |r: std::ops::Range<usize>| w.records()[r].iter().filter(|r| lit(r.ghi)).count();
        assert!(lit(0..half).abs_diff(lit(half..w.len())) <= 1);
        for cut in [0, 1, half, 4000, w.len()] {
            let skies = lit_skies(&site, &w, &options, 0..cut).chain(lit_skies(
                &site,
                &w,
                &options,
                cut..w.len(),
            ));
            assert_eq!(prepare_with_skies(&site, &w, skies), whole, "cut at {cut}");
        }
    }

    fn system(kw: f64) -> PvSystem {
        let mut s = PvSystem::new(Power::new::<kilowatt>(kw));
        s.azimuth = Angle::new::<degree>(0.0);
        s
    }

    fn kwh(e: Energy) -> f64 {
        e.get::<kilowatt_hour>()
    }

    #[test]
    fn scaling_the_whole_system_scales_energy() {
        // Every step is linear in the rating at a fixed DC/AC ratio, so 2× system = 2× energy.
        let w = weather();
        let p = prepare(&site(&w), &w).unwrap();
        let a = simulate_prepared(&system(100.0), &p, HourlyOutput::Discard).unwrap();
        let b = simulate_prepared(&system(200.0), &p, HourlyOutput::Discard).unwrap();
        let r = kwh(b.annual.ac_energy) / kwh(a.annual.ac_energy);
        assert!((r - 2.0).abs() < 1e-9, "{r}");
    }

    #[test]
    fn dc_scaled_energy_from_kept_hours_is_a_new_run() {
        // The surrogate's DC elasticity reads the kept hours instead of running the chain
        // again: both must agree to rounding, with and without inverter clipping (×1.1 and
        // ×1.6 on a DC/AC ratio of 1.2), and nothing is claimed without the hours.
        use crate::models::solar::surrogate::ac_energy_with_dc_scaled;
        let w = weather();
        let p = prepare(&site(&w), &w).unwrap();
        let base = system(100.0);
        let kept = simulate_prepared(&base, &p, HourlyOutput::Keep).unwrap();
        for f in [1.1, 1.6] {
            let factor = Ratio::new::<ratio>(f);
            let mut hi = base;
            hi.dc_scale = hi.dc_scale * factor;
            let rerun = simulate_prepared(&hi, &p, HourlyOutput::Discard).unwrap();
            let read = ac_energy_with_dc_scaled(&base, &kept, factor).unwrap();
            let rel = kwh(read) / kwh(rerun.annual.ac_energy) - 1.0;
            assert!(rel.abs() < 1e-12, "×{f}: {rel:e}");
        }
        let discarded = simulate_prepared(&base, &p, HourlyOutput::Discard).unwrap();
        assert!(ac_energy_with_dc_scaled(&base, &discarded, Ratio::new::<ratio>(1.1)).is_none());
    }

    #[test]
    fn doubling_dc_on_a_fixed_inverter_doubles_dc_but_clips_ac() {
        // Inverter fixed at 100 kW AC: 60 kW DC (ratio 0.6) never clips, 120 kW DC (ratio 1.2)
        // is the default; 240 kW DC (ratio 2.4) must clip.
        let w = weather();
        let p = prepare(&site(&w), &w).unwrap();
        let run = |dc: f64| {
            let mut s = system(dc);
            s.dc_ac_ratio = Ratio::new::<ratio>(dc / 100.0);
            simulate_prepared(&s, &p, HourlyOutput::Keep).unwrap()
        };
        let (small, mid, big) = (run(60.0), run(120.0), run(240.0));
        for (x, y) in [(&small, &mid), (&mid, &big)] {
            let r = kwh(y.annual.dc_energy) / kwh(x.annual.dc_energy);
            assert!((r - 2.0).abs() < 1e-9, "DC ratio {r}");
        }
        // Unclipped: AC doubles up to the part-load efficiency change (within 2 %).
        let r = kwh(mid.annual.ac_energy) / kwh(small.annual.ac_energy);
        assert!(r > 1.98 && r < 2.04, "{r}");
        // Clipped: clearly less than double, and never above the AC rating.
        let r = kwh(big.annual.ac_energy) / kwh(mid.annual.ac_energy);
        assert!(r < 1.95, "{r}");
        let peak = big
            .hourly_ac()
            .unwrap()
            .iter()
            .map(|p| p.get::<kilowatt>())
            .fold(0.0, f64::max);
        assert!(peak <= 100.0 + 1e-9 && peak > 99.9, "{peak}");
    }

    #[test]
    fn flat_array_sees_ghi() {
        // β = 0: POA = GHI every hour with the isotropic model; with Perez also, except where
        // its circumsolar term is floored at Z > 85° (Perez et al. 1990), which changes the
        // annual total by well under 1 %.
        let w = weather();
        let p = prepare(&site(&w), &w).unwrap();
        let mut s = system(10.0);
        s.tilt = Angle::new::<degree>(0.0);
        s.transposition = TranspositionModel::Isotropic;
        let iso = simulate_prepared(&s, &p, HourlyOutput::Keep).unwrap();
        for (h, r) in p.hours.iter().zip(iso.hourly.as_ref().unwrap()) {
            let (g, e) = (
                h.ghi.get::<watt_per_square_meter>(),
                r.poa_global.get::<watt_per_square_meter>(),
            );
            assert!((g - e).abs() < 1e-9 * g.max(1.0), "{g} vs {e}");
        }
        s.transposition = TranspositionModel::Perez;
        let per = simulate_prepared(&s, &p, HourlyOutput::Keep).unwrap();
        for ((h, sky), r) in p.hours_with_skies().zip(per.hourly.as_ref().unwrap()) {
            if sky.is_some_and(|l| l.apparent_zenith.get::<degree>() < 85.0) {
                let (g, e) = (
                    h.ghi.get::<watt_per_square_meter>(),
                    r.poa_global.get::<watt_per_square_meter>(),
                );
                assert!((g - e).abs() < 1e-9 * g.max(1.0), "{g} vs {e}");
            }
        }
        let ratio_annual = per.annual.poa_insolation / per.annual.ghi_insolation;
        assert!((ratio_annual.get::<ratio>() - 1.0).abs() < 0.01);
    }

    #[test]
    fn energy_never_negative_and_zero_at_night() {
        let w = weather();
        let p = prepare(&site(&w), &w).unwrap();
        for model in [
            TranspositionModel::Isotropic,
            TranspositionModel::HayDavies,
            TranspositionModel::Perez,
        ] {
            let mut s = system(50.0);
            s.transposition = model;
            s.tilt = Angle::new::<degree>(60.0);
            let y = simulate_prepared(&s, &p, HourlyOutput::Keep).unwrap();
            let mut night = 0;
            for (h, r) in p.hours.iter().zip(y.hourly.as_ref().unwrap()) {
                assert!(r.ac_power.get::<watt>() >= 0.0 && r.dc_power.get::<watt>() >= 0.0);
                assert!(r.poa_global.get::<watt_per_square_meter>() >= 0.0);
                if h.ghi.get::<watt_per_square_meter>() == 0.0 {
                    night += 1;
                    assert_eq!(r.ac_power.get::<watt>(), 0.0);
                }
            }
            assert!(night > 3000, "{night} night hours");
            for m in &y.monthly {
                assert!(kwh(m.ac_energy) > 0.0);
            }
        }
    }

    #[test]
    fn equator_facing_beats_pole_facing_and_ratios_are_plausible() {
        // Southern hemisphere: north-facing (azimuth 0°) yields more than south-facing.
        let w = weather();
        let p = prepare(&site(&w), &w).unwrap();
        let north = simulate_prepared(&system(1.0), &p, HourlyOutput::Discard).unwrap();
        let mut s = system(1.0);
        s.azimuth = Angle::new::<degree>(180.0);
        let south = simulate_prepared(&s, &p, HourlyOutput::Discard).unwrap();
        assert!(north.annual.ac_energy > south.annual.ac_energy);
        // PVWatts-class systems with 14 % losses have PR ≈ 0.75–0.85 and, at ~1,800 kWh/m²,
        // a capacity factor of 15–20 % on the DC rating.
        let pr = north.annual.performance_ratio.get::<ratio>();
        let cf = north.annual.capacity_factor.get::<ratio>();
        assert!(pr > 0.7 && pr < 0.9, "PR {pr}");
        assert!(cf > 0.14 && cf < 0.21, "CF {cf}");
        let months: f64 = north.monthly.iter().map(|m| kwh(m.ac_energy)).sum();
        assert!((months - kwh(north.annual.ac_energy)).abs() < 1e-6);
        let sy = north.annual.specific_yield.full_load_time().get::<hour>();
        assert!(
            (sy - kwh(north.annual.ac_energy)).abs() < 1e-9,
            "1 kW system: kWh = kWh/kWp"
        );
    }

    #[test]
    fn measured_beam_path_matches_erbs_path() {
        // Feeding the Erbs-derived DNI/DHI back as "measured" values must give the same year.
        let w = weather();
        let st = site(&w);
        let p = prepare(&st, &w).unwrap();
        let records: Vec<WeatherRecord> = w
            .records()
            .iter()
            .zip(&p.hours)
            .map(|(r, h)| WeatherRecord {
                dni: Some(h.dni),
                dhi: Some(h.dhi),
                ..*r
            })
            .collect();
        let w2 = Weather::new(records, w.location().copied(), "with beam").unwrap();
        let p2 = prepare(&st, &w2).unwrap();
        assert_eq!(p2.split, IrradianceSplit::Measured);
        let a = simulate_prepared(&system(5.0), &p, HourlyOutput::Discard).unwrap();
        let b = simulate_prepared(&system(5.0), &p2, HourlyOutput::Discard).unwrap();
        assert!((kwh(a.annual.ac_energy) - kwh(b.annual.ac_energy)).abs() < 1e-9);
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let w = weather();
        let st = site(&w);
        let mut s = system(10.0);
        s.dc_ac_ratio = Ratio::new::<ratio>(f64::NAN);
        let e = simulate(&s, &st, &w).unwrap_err().to_string();
        assert!(e.starts_with("dc_ac_ratio:"), "{e}");
        let short = Weather::new(w.records()[..100].to_vec(), None, "short").unwrap();
        let e = simulate(&system(10.0), &st, &short).unwrap_err();
        assert_eq!(e, SolarError::NotAYear { records: 100 });
        assert_eq!(Site::from_weather(&short), Err(SolarError::NoLocation));
    }

    #[test]
    fn leap_year_has_8784_hours() {
        // A typical year built for 2024 has 29 February: 8784 records, February 696 hours.
        let w = weather();
        let months: [MonthlyClimate; 12] = std::array::from_fn(|_| MonthlyClimate {
            daily_ghi: Insolation::new::<kilowatt_hour_per_square_meter>(3.0),
            mean_temperature: Temperature::new::<degree_celsius>(15.0),
            min_temperature: Temperature::new::<degree_celsius>(8.0),
            max_temperature: Temperature::new::<degree_celsius>(22.0),
            wind_speed: Speed::new::<meter_per_second>(2.0),
        });
        let leap = typical_year(&months, *w.location().unwrap(), 2024, "leap").unwrap();
        assert_eq!(leap.len(), 8784);
        let y = simulate(&system(1.0), &site(&w), &leap).unwrap();
        assert_eq!(y.monthly[1].hours, 696);
        assert_eq!(y.annual.hours, 8784);
        // 3 kWh/m² every day: February holds 29 × 3 = 87 kWh/m².
        let feb = y.monthly[1]
            .ghi_insolation
            .get::<kilowatt_hour_per_square_meter>();
        assert!((feb - 87.0).abs() < 1e-9, "{feb}");
    }

    #[test]
    fn lifetime_uses_the_system_degradation() {
        // Default 0.5 %/yr: year index 9 gives 0.995⁹ = 0.955889... of year 1.
        let w = weather();
        let s = system(10.0);
        let y = simulate(&s, &site(&w), &w).unwrap();
        let life = lifetime_ac_energy(&s, &y, 25).unwrap();
        assert_eq!(life.len(), 25);
        let r = kwh(life[9]) / kwh(y.annual.ac_energy);
        assert!((r - 0.995f64.powi(9)).abs() < 1e-12);
        assert!(lifetime_ac_energy(&s, &y, 0).is_err());
    }
}
