//! The hourly model chain: weather → sun → decomposition → POA → IAM → cell temperature →
//! DC → losses → inverter → monthly and annual totals.
//!
//! [`prepare`] does the orientation-independent work once per weather series (sun position
//! at each interval midpoint, extraterrestrial irradiance, air mass, Erbs decomposition);
//! [`simulate_prepared`] runs one system on it. [`simulate`] does both.

use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::power::watt;
use uom::si::ratio::ratio;
use uom::si::time::{hour, second};

use super::dc::pvwatts_dc;
use super::decomposition::erbs;
use super::iam::iam_physical;
use super::inverter::pvwatts_ac;
use super::lifetime::degraded_energy;
use super::sun::{
    extraterrestrial_irradiance, relative_airmass, solar_position_spa, standard_pressure,
};
use super::system::{DEFAULT_ALBEDO, PvSystem, Site, SolarError, SunOptions, TemperatureModel};
use super::temperature::{FuentesParams, fuentes_cell_temperature, sapm_cell_temperature};
use super::transposition::{Sky, Surface, plane_of_array};
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
    /// Apparent (refracted) solar zenith at the interval midpoint.
    pub apparent_zenith: Angle,
    /// Geometric solar zenith at the interval midpoint.
    pub zenith: Angle,
    /// Solar azimuth at the interval midpoint, clockwise from north.
    pub azimuth: Angle,
    /// Extraterrestrial normal irradiance.
    pub dni_extra: Irradiance,
    /// Relative air mass (Kasten & Young), `None` with the sun below the horizon.
    pub airmass: Option<Ratio>,
    /// Global horizontal irradiance.
    pub ghi: Irradiance,
    /// Direct normal irradiance (measured or Erbs).
    pub dni: Irradiance,
    /// Diffuse horizontal irradiance (measured or Erbs).
    pub dhi: Irradiance,
    /// Air temperature.
    pub air_temperature: Temperature,
    /// Wind speed.
    pub wind_speed: Speed,
    /// Albedo from the weather source, if any.
    pub albedo: Option<Ratio>,
}

/// A weather series prepared for a site: reusable by any number of system variants.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedWeather {
    /// The site it was prepared for.
    pub site: Site,
    /// One entry per weather record.
    pub hours: Vec<PreparedHour>,
    /// Whether DNI/DHI were measured or decomposed.
    pub split: IrradianceSplit,
}

/// Sun position at interval midpoints, extraterrestrial irradiance, air mass and (where the
/// weather lacks DNI/DHI) the Erbs decomposition, for every hour of `weather` at `site`.
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
    site.validate()?;
    let n = weather.len();
    if n != 8760 && n != 8784 {
        return Err(SolarError::NotAYear { records: n });
    }
    let pressure = standard_pressure(site.elevation);
    let split = if weather.records().iter().all(|r| r.dni.is_some()) {
        IrradianceSplit::Measured
    } else {
        IrradianceSplit::Erbs
    };
    let mut hours = Vec::with_capacity(n);
    for r in weather.records() {
        let mid = r.period_start.plus_minutes(30);
        let sun = solar_position_spa(
            mid.julian_day(),
            site.latitude,
            site.longitude,
            site.elevation,
            pressure,
            options.refraction_temperature,
            options.delta_t,
        );
        let dni_extra = extraterrestrial_irradiance(mid.day_of_year());
        let (dni, dhi) = match (r.dni, r.dhi) {
            (Some(dni), Some(dhi)) => (dni, dhi),
            _ => {
                let d = erbs(r.ghi, sun.apparent_zenith, dni_extra);
                (d.dni, d.dhi)
            }
        };
        hours.push(PreparedHour {
            period_start: r.period_start,
            month: r.period_start.month(),
            apparent_zenith: sun.apparent_zenith,
            zenith: sun.zenith,
            azimuth: sun.azimuth,
            dni_extra,
            airmass: relative_airmass(sun.apparent_zenith),
            ghi: r.ghi,
            dni,
            dhi,
            air_temperature: r.air_temperature,
            wind_speed: r.wind_speed,
            albedo: r.albedo,
        });
    }
    Ok(PreparedWeather {
        site: *site,
        hours,
        split,
    })
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
    /// Cell temperature.
    pub cell_temperature: Temperature,
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
    let mut poa_global = Vec::with_capacity(n);
    let mut poa_effective = Vec::with_capacity(n);
    for h in &prepared.hours {
        let sky = Sky {
            zenith: h.apparent_zenith,
            azimuth: h.azimuth,
            ghi: h.ghi,
            dni: h.dni,
            dhi: h.dhi,
            dni_extra: h.dni_extra,
            airmass: h.airmass,
        };
        let albedo = system.albedo.or(h.albedo).unwrap_or(default_albedo);
        let poa = plane_of_array(&surface, &sky, albedo, system.transposition);
        let iam = if poa.beam.get::<watt_per_square_meter>() > 0.0 {
            iam_physical(poa.aoi, &system.cover).get::<ratio>()
        } else {
            1.0
        };
        poa_global.push(poa.global);
        poa_effective.push(poa.global - poa.beam * (1.0 - iam));
    }

    let cell: Vec<Temperature> = match system.temperature_model {
        TemperatureModel::Fuentes => {
            let air: Vec<Temperature> = prepared.hours.iter().map(|h| h.air_temperature).collect();
            let wind: Vec<Speed> = prepared.hours.iter().map(|h| h.wind_speed).collect();
            fuentes_cell_temperature(
                &poa_global,
                &air,
                &wind,
                Time::new::<second>(3600.0),
                &FuentesParams::with_noct(system.noct()),
            )
        }
        TemperatureModel::Sapm(params) => prepared
            .hours
            .iter()
            .zip(&poa_global)
            .map(|(h, e)| sapm_cell_temperature(*e, h.air_temperature, h.wind_speed, &params))
            .collect(),
    };

    let gamma = system.gamma();
    let keep = system.losses.total();
    let derate = 1.0 - keep.get::<ratio>();
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
        let dc = pvwatts_dc(poa_effective[i], cell[i], system.dc_capacity, gamma) * derate;
        let ac = pvwatts_ac(dc, ac_rating, system.inverter_efficiency);
        let checks = [
            (
                "POA irradiance",
                poa_global[i].get::<watt_per_square_meter>(),
            ),
            ("cell temperature", cell[i].value),
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
                cell_temperature: cell[i],
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
