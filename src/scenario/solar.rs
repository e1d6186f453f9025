//! The solar PV model as a scenario: weather → hourly chain → crediting years × grid factor.
//!
//! # Monte Carlo without 10,000 hourly simulations
//!
//! One hourly year takes a few milliseconds, so draws do not re-run it. What each uncertain
//! input does to the first-year AC energy `E₁` is separated into:
//!
//! * **exactly linear** parts, applied by multiplication: the DC capacity (the inverter is
//!   sized by the DC/AC ratio, so AC scales with it), degradation `(1 − d)ⁿ`, year-to-year
//!   weather, and the grid factor (avoided = Σ energy × factor);
//! * **nearly linear** parts, applied through an elasticity measured on the chain: irradiance
//!   multipliers (long-term resource, transposition) act as `s^ε_irr` and DC multipliers
//!   (module rating, the loss breakdown) as `s^ε_dc`, where `ε = ln(E(1.1 s)/E(s)) / ln 1.1`
//!   captures cell heating and inverter part-load and clipping;
//! * **non-linear** orientation (tilt, azimuth): a quadratic response surface fitted exactly
//!   through 6 (or 3) hourly runs across the distributions' ranges.
//!
//! At most 7 hourly runs serve any number of draws. [`surrogate_error`] measures what the
//! shortcut costs against full hourly runs of the same draws.

use uom::si::angle::degree;
use uom::si::energy::megawatt_hour;
use uom::si::ratio::ratio;

use super::error::{ErrorCode, ScenarioError};
use super::monte_carlo::{self, McOutput, McParam, UncertaintyResult};
use super::request::{InlineClimate, WeatherFormat};
use super::resolve::{CreditingYear, Resolved, Values};
use super::result::{SolarCreditingYear, SolarMonth, SolarResults, SolarTotal, SolarYearSummary};
use crate::catalog::{Amount, MonthlyClimate as CatalogClimate};
use crate::models::solar::{
    HourlyOutput, LossBreakdown, ModuleType, Mounting, PreparedWeather, PvSystem, PvYear,
    SapmParams, Site, TemperatureModel, TranspositionModel, prepare, simulate_prepared,
};
use crate::uncertainty::{Bounds, Distribution};
use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};
use crate::units::{
    Angle, AnnualRate, Dimension, Energy, Length, Measure, QuantityInput, QuantityValue, Ratio,
    Speed, Temperature, Time,
};
use crate::weather::{self, Weather, WeatherLocation, climatology};

/// The parameters this evaluator reads, with their kind (a dimension id, or `choice:` and the
/// values it understands); the catalog is checked against it when it is loaded.
pub const PARAMETERS: &[(&str, &str)] = &[
    ("capacity", "power"),
    ("dc_ac_ratio", "ratio"),
    ("tilt", "angle"),
    ("azimuth", "angle"),
    ("albedo", "ratio"),
    ("module_type", "choice:standard|premium|thin_film"),
    ("mounting", "choice:open_rack|roof"),
    ("transposition", "choice:perez|isotropic|hay_davies"),
    ("cell_temperature", "choice:fuentes|sapm"),
    ("loss_soiling", "ratio"),
    ("loss_shading", "ratio"),
    ("loss_snow", "ratio"),
    ("loss_mismatch", "ratio"),
    ("loss_wiring", "ratio"),
    ("loss_connections", "ratio"),
    ("loss_lid", "ratio"),
    ("loss_nameplate", "ratio"),
    ("loss_age", "ratio"),
    ("loss_availability", "ratio"),
    ("inverter_efficiency", "ratio"),
    ("degradation", "annual_rate"),
    ("resource_factor", "ratio"),
    ("interannual_factor", "ratio"),
    ("transposition_factor", "ratio"),
    ("rating_factor", "ratio"),
];

/// Largest weather text accepted (an EPW is about 1.6 MB).
pub const MAX_WEATHER_BYTES: usize = 8 * 1024 * 1024;

/// Everything one estimate needs to re-run the chain: the prepared weather (sun positions and
/// decomposition, computed once) and where it came from.
pub struct SolarSetup {
    pub prepared: PreparedWeather,
    pub weather_note: String,
}

/// Prepared weather of documented projects, by dataset version and project id. The typical
/// year, sun positions and decomposition are the same for every request on a project, so
/// they are computed once per process (the service stays stateless: this is a memo of a
/// pure function of the catalog).
static SETUP_CACHE: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<SolarSetup>>>,
> = std::sync::LazyLock::new(Default::default);

/// Most projects kept in [`SETUP_CACHE`].
const SETUP_CACHE_SIZE: usize = 64;

/// The prepared weather of a scenario, from the cache for documented projects on their own
/// climate.
pub fn cached_setup(r: &Resolved<'_>) -> Result<std::sync::Arc<SolarSetup>, ScenarioError> {
    let key = match (r.seed, &r.options.weather) {
        (Some(seed), None) => format!("{}/{}", r.catalog.version, seed.id),
        _ => return setup(r).map(std::sync::Arc::new),
    };
    let cache = || {
        SETUP_CACHE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(hit) = cache().get(&key) {
        return Ok(hit.clone());
    }
    let fresh = std::sync::Arc::new(setup(r)?);
    let mut c = cache();
    if c.len() >= SETUP_CACHE_SIZE {
        c.clear();
    }
    c.insert(key, fresh.clone());
    Ok(fresh)
}

/// Reads the weather (request file, or the project's monthly climate) and prepares it.
pub fn setup(r: &Resolved<'_>) -> Result<SolarSetup, ScenarioError> {
    let (weather, note) = load_weather(r)?;
    let site = match weather.location() {
        Some(l) if r.options.weather.is_some() => Site::new(l.latitude, l.longitude, l.elevation),
        _ => {
            let l = project_location(r)?;
            Site::new(l.latitude, l.longitude, l.elevation)
        }
    }
    .map_err(|e| {
        ScenarioError::field(ErrorCode::InvalidValue, "/project/location", e.to_string())
    })?;
    let prepared = prepare(&site, &weather).map_err(|e| {
        ScenarioError::field(ErrorCode::InvalidWeather, "/options/weather", e.to_string())
    })?;
    Ok(SolarSetup {
        prepared,
        weather_note: note,
    })
}

fn project_location(r: &Resolved<'_>) -> Result<WeatherLocation, ScenarioError> {
    let offset_minutes = |t: Option<f64>| (t.unwrap_or(0.0) / 60.0).round() as i16;
    if let Some(seed) = r.seed {
        let l = &seed.location;
        return Ok(WeatherLocation {
            latitude: Angle::from_si(l.latitude.si),
            longitude: Angle::from_si(l.longitude.si),
            elevation: Length::from_si(l.elevation.as_ref().map_or(0.0, |e| e.si)),
            utc_offset_minutes: offset_minutes(l.utc_offset.as_ref().map(|t| t.si)),
        });
    }
    let Some(l) = r.inline.as_ref().and_then(|p| p.location.as_ref()) else {
        return Err(ScenarioError::field(
            ErrorCode::MissingValue,
            "/project/location",
            "a solar project needs a location (latitude and longitude) to place the sun",
        ));
    };
    let read = |input: &QuantityInput, d: Dimension, pointer: &str| {
        Amount::read(input, d).map_err(|e| {
            ScenarioError::field(ErrorCode::InvalidValue, pointer, e).with_expected(
                format!("{} such as {}", d.phrase(), d.examples()),
                input.as_written(),
            )
        })
    };
    let lat = read(&l.latitude, Dimension::Angle, "/project/location/latitude")?;
    let lon = read(
        &l.longitude,
        Dimension::Angle,
        "/project/location/longitude",
    )?;
    let elev = match &l.elevation {
        Some(e) => read(e, Dimension::Length, "/project/location/elevation")?.si,
        None => 0.0,
    };
    let offset = match &l.utc_offset {
        Some(t) => Some(read(t, Dimension::Time, "/project/location/utc_offset")?.si),
        // Without a time zone, local solar time is near UTC + longitude / 15°.
        None => Some((lon.si.to_degrees() / 15.0).round() * 3600.0),
    };
    Ok(WeatherLocation {
        latitude: Angle::from_si(lat.si),
        longitude: Angle::from_si(lon.si),
        elevation: Length::from_si(elev),
        utc_offset_minutes: offset_minutes(offset),
    })
}

fn load_weather(r: &Resolved<'_>) -> Result<(Weather, String), ScenarioError> {
    let bad = |e: weather::WeatherError| {
        ScenarioError::field(
            ErrorCode::InvalidWeather,
            "/options/weather/data",
            e.to_string(),
        )
    };
    if let Some(w) = &r.options.weather {
        if w.data.len() > MAX_WEATHER_BYTES {
            return Err(ScenarioError::field(
                ErrorCode::LimitExceeded,
                "/options/weather/data",
                format!(
                    "weather text is limited to {} MiB",
                    MAX_WEATHER_BYTES / (1024 * 1024)
                ),
            ));
        }
        let weather = match w.format {
            WeatherFormat::Epw => weather::epw::parse_epw(&w.data, "request weather (EPW)"),
            WeatherFormat::Csv => weather::csv::parse_csv(&w.data, "request weather (CSV)"),
        }
        .map_err(bad)?;
        let note = format!("hourly weather from the request ({} hours)", weather.len());
        return Ok((weather, note));
    }
    let location = project_location(r)?;
    let months = match (
        r.seed.and_then(|s| s.climate.as_ref()),
        r.inline.as_ref().and_then(|p| p.climate.as_ref()),
    ) {
        (Some(c), _) => months_from_catalog(c),
        (None, Some(c)) => months_from_request(c)?,
        (None, None) => {
            return Err(ScenarioError::field(
                ErrorCode::MissingValue,
                "/options/weather",
                "give hourly weather (EPW or CSV) or the project's monthly climate",
            ));
        }
    };
    let name = r.seed.map_or("the request's", |s| s.id.as_str());
    let source = format!("typical year generated from {name} monthly climate normals");
    let weather = climatology::typical_year(&months, location, 2023, &source).map_err(|e| {
        ScenarioError::field(ErrorCode::InvalidValue, "/project/climate", e.to_string())
    })?;
    let note = format!(
        "{source} (daily GHI spread over the hours by Collares-Pereira & Rabl 1979; diurnal temperature cosine)"
    );
    Ok((weather, note))
}

fn months_from_catalog(c: &CatalogClimate) -> [climatology::MonthlyClimate; 12] {
    std::array::from_fn(|m| climatology::MonthlyClimate {
        daily_ghi: Measure::from_si(c.ghi_daily[m].si),
        mean_temperature: Temperature::from_si(c.temp_mean[m].si),
        min_temperature: Temperature::from_si(c.temp_min[m].si),
        max_temperature: Temperature::from_si(c.temp_max[m].si),
        wind_speed: Speed::from_si(c.wind[m].si),
    })
}

fn months_from_request(
    c: &InlineClimate,
) -> Result<[climatology::MonthlyClimate; 12], ScenarioError> {
    let series = |name: &str,
                  values: &[QuantityInput],
                  d: Dimension|
     -> Result<Vec<f64>, ScenarioError> {
        let pointer = format!("/project/climate/{name}");
        if values.len() != 12 && !(name == "wind" && values.len() == 1) {
            return Err(ScenarioError::field(
                ErrorCode::InvalidValue,
                &pointer,
                format!("needs 12 monthly values, got {}", values.len()),
            ));
        }
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            out.push(
                Amount::read(v, d)
                    .map_err(|e| {
                        ScenarioError::field(ErrorCode::InvalidValue, &format!("{pointer}/{i}"), e)
                    })?
                    .si,
            );
        }
        if out.len() == 1 {
            out = vec![out[0]; 12];
        }
        Ok(out)
    };
    let ghi = series("ghi_daily", &c.ghi_daily, Dimension::Insolation)?;
    let tm = series("temp_mean", &c.temp_mean, Dimension::Temperature)?;
    let tn = series("temp_min", &c.temp_min, Dimension::Temperature)?;
    let tx = series("temp_max", &c.temp_max, Dimension::Temperature)?;
    let wind = series("wind", &c.wind, Dimension::Speed)?;
    Ok(std::array::from_fn(|m| climatology::MonthlyClimate {
        daily_ghi: Measure::from_si(ghi[m]),
        mean_temperature: Temperature::from_si(tm[m]),
        min_temperature: Temperature::from_si(tn[m]),
        max_temperature: Temperature::from_si(tx[m]),
        wind_speed: Speed::from_si(wind[m]),
    }))
}

/// The PV system described by a set of values.
pub fn system(v: &Values<'_>) -> Result<PvSystem, ScenarioError> {
    let mut s = PvSystem::new(v.quantity("capacity")?);
    s.dc_ac_ratio = v.quantity("dc_ac_ratio")?;
    s.tilt = v.quantity("tilt")?;
    // PVWatts azimuths run 0–360°; -45° (north-west of north) is 315°.
    s.azimuth = Angle::new::<degree>(
        v.quantity::<Angle>("azimuth")?
            .get::<degree>()
            .rem_euclid(360.0),
    );
    s.albedo = Some(v.quantity("albedo")?);
    s.module_type = match v.choice("module_type") {
        "premium" => ModuleType::Premium,
        "thin_film" => ModuleType::ThinFilm,
        _ => ModuleType::Standard,
    };
    s.mounting = match v.choice("mounting") {
        "roof" => Mounting::RoofMount,
        _ => Mounting::OpenRack,
    };
    s.transposition = match v.choice("transposition") {
        "isotropic" => TranspositionModel::Isotropic,
        "hay_davies" => TranspositionModel::HayDavies,
        _ => TranspositionModel::Perez,
    };
    s.temperature_model = match (v.choice("cell_temperature"), s.mounting) {
        ("sapm", Mounting::RoofMount) => {
            TemperatureModel::Sapm(SapmParams::CLOSE_MOUNT_GLASS_GLASS)
        }
        ("sapm", Mounting::OpenRack) => TemperatureModel::Sapm(SapmParams::OPEN_RACK_GLASS_GLASS),
        _ => TemperatureModel::Fuentes,
    };
    s.losses = LossBreakdown {
        soiling: v.quantity("loss_soiling")?,
        shading: v.quantity("loss_shading")?,
        snow: v.quantity("loss_snow")?,
        mismatch: v.quantity("loss_mismatch")?,
        wiring: v.quantity("loss_wiring")?,
        connections: v.quantity("loss_connections")?,
        light_induced_degradation: v.quantity("loss_lid")?,
        nameplate_rating: v.quantity("loss_nameplate")?,
        age: v.quantity("loss_age")?,
        availability: v.quantity("loss_availability")?,
    };
    s.inverter_efficiency = v.quantity("inverter_efficiency")?;
    s.degradation = v.quantity("degradation")?;
    s.irradiance_scale =
        v.quantity::<Ratio>("resource_factor")? * v.quantity::<Ratio>("transposition_factor")?;
    s.dc_scale = v.quantity("rating_factor")?;
    Ok(s)
}

fn run_chain(system: &PvSystem, setup: &SolarSetup, hourly: bool) -> Result<PvYear, ScenarioError> {
    let output = if hourly {
        HourlyOutput::Keep
    } else {
        HourlyOutput::Discard
    };
    simulate_prepared(system, &setup.prepared, output)
        .map_err(|e| ScenarioError::field(ErrorCode::ModelError, "/parameters", e.to_string()))
}

/// Energy, grid factor and avoided emissions of one crediting year.
struct YearFigures {
    energy: Energy,
    factor: EmissionIntensity<Co2e>,
    avoided: GasMass<Co2e>,
}

/// JCM PV structure per crediting year: `E_i = E₁ · (1 − d)^i · share of year`,
/// `RE_i = E_i · EF(calendar year)`; project emissions are zero.
fn crediting_year(
    r: &Resolved<'_>,
    first_year: Energy,
    degradation: AnnualRate,
    y: &CreditingYear,
    grid_scale: f64,
) -> Result<YearFigures, ScenarioError> {
    let keep = crate::models::solar::lifetime::degradation_factor(degradation, y.index);
    let energy = first_year * keep * Ratio::new::<ratio>(y.fraction);
    let factor = grid_factor(r, y.calendar_year, grid_scale)?;
    Ok(YearFigures {
        energy,
        factor,
        avoided: crate::models::grid::displaced_emissions(energy, factor),
    })
}

fn grid_factor(
    r: &Resolved<'_>,
    year: i32,
    scale: f64,
) -> Result<EmissionIntensity<Co2e>, ScenarioError> {
    let g = r.options.grid.as_ref().ok_or_else(|| {
        ScenarioError::field(
            ErrorCode::MissingValue,
            "/options/grid_factor",
            "a grid emission factor is needed to turn energy into avoided emissions",
        )
    })?;
    Ok(EmissionIntensity::<Co2e>::from_si(g.at(year).0 * scale))
}

/// Lifetime view: the plant life from the crediting start, grid factor by calendar year.
fn lifetime_years(r: &Resolved<'_>) -> Option<Vec<CreditingYear>> {
    let life = r.options.lifetime?;
    let years = life.get::<uom::si::time::year>().round().max(1.0) as i32;
    let start = r.options.crediting.start;
    let period = super::resolve::CreditingPeriod {
        start,
        end: crate::calendar::Date::from_days(start.add_years(years).days() - 1),
    };
    Some(period.years())
}

/// Evaluates the resolved scenario.
pub fn evaluate(
    r: &mut Resolved<'_>,
) -> Result<(SolarResults, String, Option<UncertaintyResult>), ScenarioError> {
    let setup = cached_setup(r)?;
    let base = system(&Values::of(r))?;
    let year = run_chain(&base, &setup, r.options.hourly)?;
    let e1 = year.annual.ac_energy;

    let periods = r.options.crediting.years();
    let mut rows = Vec::new();
    let (mut total_e, mut total_a) = (Energy::default(), GasMass::<Co2e>::zero());
    for y in &periods {
        let f = crediting_year(r, e1, base.degradation, y, 1.0)?;
        total_e += f.energy;
        total_a += f.avoided;
        rows.push(SolarCreditingYear {
            year: y.index + 1,
            start: y.start.to_string(),
            end: y.end.to_string(),
            calendar_year: y.calendar_year,
            fraction: QuantityValue::of(Ratio::new::<ratio>(y.fraction)),
            ac_energy: QuantityValue::of(f.energy),
            grid_factor: QuantityValue::of(f.factor),
            avoided: QuantityValue::of(f.avoided),
        });
    }
    let crediting_total = SolarTotal {
        years: QuantityValue::of(Time::new::<uom::si::time::year>(
            r.options.crediting.length_years(),
        )),
        ac_energy: QuantityValue::of(total_e),
        avoided: QuantityValue::of(total_a),
    };
    let lifetime_total = match lifetime_years(r) {
        None => None,
        Some(life) => {
            let (mut e, mut a) = (Energy::default(), GasMass::<Co2e>::zero());
            for y in &life {
                let f = crediting_year(r, e1, base.degradation, y, 1.0)?;
                e += f.energy;
                a += f.avoided;
            }
            Some(SolarTotal {
                years: QuantityValue::of(Time::new::<uom::si::time::year>(life.len() as f64)),
                ac_energy: QuantityValue::of(e),
                avoided: QuantityValue::of(a),
            })
        }
    };
    if let (Some(g), Some(life)) = (&r.options.grid, lifetime_years(r))
        && !g.constant
        && let Some(last) = life.last().map(|y| y.calendar_year).filter(|y| g.at(*y).1)
    {
        r.warnings.push(format!(
            "lifetime view: the grid factor \"{}\" has no values up to {last}; the nearest year's value is held constant, which likely overstates avoided emissions on a decarbonising grid",
            g.label
        ));
    }
    let a = &year.annual;
    let results = SolarResults {
        first_year: SolarYearSummary {
            ac_energy: QuantityValue::of(a.ac_energy),
            dc_energy: QuantityValue::of(a.dc_energy),
            ghi_insolation: QuantityValue::of(a.ghi_insolation),
            poa_insolation: QuantityValue::of(a.poa_insolation),
            specific_yield: QuantityValue::of(a.specific_yield),
            capacity_factor: QuantityValue::of(a.capacity_factor),
            performance_ratio: QuantityValue::of(a.performance_ratio),
        },
        monthly: year
            .monthly
            .iter()
            .enumerate()
            .map(|(i, m)| SolarMonth {
                month: i as u8 + 1,
                ac_energy: QuantityValue::of(m.ac_energy),
                dc_energy: QuantityValue::of(m.dc_energy),
                ghi_insolation: QuantityValue::of(m.ghi_insolation),
                poa_insolation: QuantityValue::of(m.poa_insolation),
            })
            .collect(),
        crediting_years: rows,
        crediting_total,
        lifetime_total,
        hourly_ac_kw: year.hourly_ac().map(|h| {
            h.iter()
                .map(|p| p.get::<uom::si::power::kilowatt>())
                .collect()
        }),
    };
    let uncertainty = match r.options.uncertainty.clone() {
        Some(o) => Some(monte_carlo(r, &setup, &base, &year, &o)?),
        None => None,
    };
    Ok((results, setup.weather_note.clone(), uncertainty))
}

// ---- Monte Carlo -------------------------------------------------------------------------

/// How one draw changes first-year energy, fitted on a few hourly runs (see the module docs).
pub struct Surrogate {
    /// First-year AC energy of the deterministic system (MWh).
    e0: f64,
    cap0: f64,
    tilt0: f64,
    az0: f64,
    derate0: f64,
    irr0: f64,
    dc0: f64,
    /// Coefficients of 1, dt, da, dt², da², dt·da for E(t, a) / E0 (degrees).
    orient: [f64; 6],
    eps_irr: f64,
    eps_dc: f64,
}

/// The draw's first-year energy relative to the deterministic one, and its degradation.
struct DrawState {
    e1_mwh: f64,
    degradation: AnnualRate,
}

fn derate(s: &PvSystem) -> f64 {
    1.0 - s.losses.total().get::<ratio>()
}

/// Half-width of a distribution's plausible range, for placing orientation runs.
fn half_width(d: &Distribution) -> f64 {
    let (lo, hi) = d.support();
    if lo.is_finite() && hi.is_finite() {
        (hi - lo) / 2.0
    } else {
        2.0 * d.sd()
    }
}

/// Solves `A x = b` (6×6 at most) by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        for i in c + 1..n {
            let f = a[i][c] / a[c][c];
            let pivot = a[c].clone();
            for (x, p) in a[i][c..n].iter_mut().zip(&pivot[c..n]) {
                *x -= f * p;
            }
            b[i] -= f * b[c];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|j| a[i][j] * x[j]).sum();
        x[i] = (b[i] - s) / a[i][i];
    }
    Some(x)
}

impl Surrogate {
    /// Fits the surrogate around `base` with the hourly chain.
    pub fn fit(
        setup: &SolarSetup,
        base: &PvSystem,
        year: &PvYear,
        params: &[McParam],
    ) -> Result<Surrogate, ScenarioError> {
        let e0 = year.annual.ac_energy.get::<megawatt_hour>();
        let energy = |s: &PvSystem| -> Result<f64, ScenarioError> {
            Ok(run_chain(s, setup, false)?
                .annual
                .ac_energy
                .get::<megawatt_hour>())
        };
        let find = |key: &str| {
            params
                .iter()
                .find(|p| p.key == key)
                .map(|p| &p.distribution)
        };
        let (t0, a0) = (base.tilt.get::<degree>(), base.azimuth.get::<degree>());
        let mut orient = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let ht = find("tilt").map(half_width).filter(|h| *h > 0.0);
        let ha = find("azimuth").map(half_width).filter(|h| *h > 0.0);
        if ht.is_some() || ha.is_some() {
            // Runs across each uncertain angle; tilt steps stay inside 0–90°.
            let ht = ht.map(|h| h.min(45.0));
            let mut pts: Vec<(f64, f64)> = Vec::new();
            if let Some(h) = ht {
                let up = if t0 + h <= 90.0 { h } else { -h / 2.0 };
                let down = if t0 - h >= 0.0 {
                    -h
                } else {
                    (90.0f64.min(t0 + 2.0 * h) - t0).max(h / 2.0)
                };
                pts.push((up, 0.0));
                pts.push((down, 0.0));
            }
            if let Some(h) = ha {
                pts.push((0.0, h));
                pts.push((0.0, -h));
            }
            if let (Some(t), Some(a)) = (ht, ha) {
                let dt = if t0 + t <= 90.0 { t } else { -t };
                pts.push((dt, a));
            }
            let mut rows = vec![vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0]];
            let mut rhs = vec![1.0];
            for (dt, da) in &pts {
                let mut s = *base;
                s.tilt = Angle::new::<degree>(t0 + dt);
                s.azimuth = Angle::new::<degree>((a0 + da).rem_euclid(360.0));
                rows.push(vec![1.0, *dt, *da, dt * dt, da * da, dt * da]);
                rhs.push(energy(&s)? / e0);
            }
            // Keep only the basis terms the runs can identify.
            let used: Vec<usize> = match (ht.is_some(), ha.is_some()) {
                (true, true) => vec![0, 1, 2, 3, 4, 5],
                (true, false) => vec![0, 1, 3],
                _ => vec![0, 2, 4],
            };
            let a: Vec<Vec<f64>> = rows
                .iter()
                .map(|r| used.iter().map(|&j| r[j]).collect())
                .collect();
            let x = solve(a, rhs).ok_or_else(|| {
                ScenarioError::field(
                    ErrorCode::ModelError,
                    "/parameters/tilt",
                    "the orientation response could not be fitted",
                )
            })?;
            orient = [0.0; 6];
            for (k, &j) in used.iter().enumerate() {
                orient[j] = x[k];
            }
        }
        // One-sided: E(1.1·s)/E(s) against the deterministic run, which is already known.
        let elasticity = |set: &dyn Fn(&mut PvSystem, f64)| -> Result<f64, ScenarioError> {
            let mut hi = *base;
            set(&mut hi, 1.1);
            Ok((energy(&hi)? / e0).ln() / 1.1f64.ln())
        };
        let uncertain = |keys: &[&str]| keys.iter().any(|k| find(k).is_some());
        let eps_irr = if uncertain(&["resource_factor", "transposition_factor"]) {
            elasticity(&|s, f| s.irradiance_scale *= f)?
        } else {
            1.0
        };
        let dc_keys = [
            "rating_factor",
            "loss_soiling",
            "loss_shading",
            "loss_snow",
            "loss_mismatch",
            "loss_wiring",
            "loss_connections",
            "loss_lid",
            "loss_nameplate",
            "loss_age",
            "loss_availability",
        ];
        let eps_dc = if uncertain(&dc_keys) {
            elasticity(&|s, f| s.dc_scale *= f)?
        } else {
            1.0
        };
        Ok(Surrogate {
            e0,
            cap0: base.dc_capacity.value,
            tilt0: t0,
            az0: a0,
            derate0: derate(base),
            irr0: base.irradiance_scale.get::<ratio>(),
            dc0: base.dc_scale.get::<ratio>(),
            orient,
            eps_irr,
            eps_dc,
        })
    }

    /// First-year AC energy of a system, by the surrogate.
    pub fn energy(&self, s: &PvSystem) -> Energy {
        let dt = s.tilt.get::<degree>() - self.tilt0;
        // Azimuth differences wrap: 350° is 10° west of north from 0°.
        let da = (s.azimuth.get::<degree>() - self.az0 + 540.0).rem_euclid(360.0) - 180.0;
        let c = &self.orient;
        let g = c[0] + c[1] * dt + c[2] * da + c[3] * dt * dt + c[4] * da * da + c[5] * dt * da;
        let irr = s.irradiance_scale.get::<ratio>() / self.irr0;
        let dc = s.dc_scale.get::<ratio>() / self.dc0 * derate(s) / self.derate0;
        let mwh = self.e0
            * (s.dc_capacity.value / self.cap0)
            * g
            * irr.powf(self.eps_irr)
            * dc.powf(self.eps_dc);
        Energy::new::<megawatt_hour>(mwh)
    }
}

/// Splits the single year-to-year weather parameter into three columns: the first year, and
/// the means over the crediting period and the plant life (a mean of n independent years has
/// a standard deviation smaller by √n).
fn interannual_columns(
    params: &mut Vec<McParam>,
    n_credit: usize,
    n_life: usize,
) -> Result<(), ScenarioError> {
    let Some(i) = params.iter().position(|p| p.key == "interannual_factor") else {
        return Ok(());
    };
    let p = params.remove(i);
    let (m, sd) = (p.distribution.mean(), p.distribution.sd());
    let col = |n: usize, suffix: &str| -> Result<McParam, ScenarioError> {
        let d = Distribution::normal(m, sd / (n.max(1) as f64).sqrt())
            .and_then(|d| d.bounded(Bounds::non_negative()))
            .map_err(|e| {
                ScenarioError::field(
                    ErrorCode::InvalidValue,
                    "/parameters/interannual_factor",
                    e.to_string(),
                )
            })?;
        Ok(McParam {
            key: format!("interannual_factor[{suffix}]"),
            name: format!("{} ({suffix})", p.name),
            distribution: d,
            spec: p.spec.clone(),
            choices: None,
        })
    };
    params.insert(i, col(1, "first year")?);
    params.insert(i + 1, col(n_credit, "crediting-period mean")?);
    params.insert(i + 2, col(n_life, "lifetime mean")?);
    Ok(())
}

fn monte_carlo(
    r: &Resolved<'_>,
    setup: &SolarSetup,
    base: &PvSystem,
    year: &PvYear,
    options: &super::request::UncertaintyOptions,
) -> Result<UncertaintyResult, ScenarioError> {
    monte_carlo::check_options(options)?;
    let periods = r.options.crediting.years();
    let life = lifetime_years(r);
    let mut params = monte_carlo::parameters(r)?;
    interannual_columns(
        &mut params,
        periods.len(),
        life.as_ref().map_or(1, Vec::len),
    )?;
    let surrogate = Surrogate::fit(setup, base, year, &params)?;

    // Precomputed per-year factors so a draw is a handful of multiplications.
    let factors = |years: &[CreditingYear]| -> Result<Vec<(u32, f64, f64)>, ScenarioError> {
        years
            .iter()
            .map(|y| {
                Ok((
                    y.index,
                    y.fraction,
                    grid_factor(r, y.calendar_year, 1.0)?.per_energy().value,
                ))
            })
            .collect()
    };
    let credit = factors(&periods)?;
    let lifetime = life.as_deref().map(factors).transpose()?;
    let keys: Vec<&str> = params.iter().map(|p| p.key.as_str()).collect();
    let col = |k: &str| keys.iter().position(|x| *x == k);
    let (c_first, c_period, c_life, c_grid) = (
        col("interannual_factor[first year]"),
        col("interannual_factor[crediting-period mean]"),
        col("interannual_factor[lifetime mean]"),
        col("grid_factor_scale"),
    );
    let mwh = 3.6e9;
    let t = 1000.0;
    let draw = |row: &[f64]| -> Result<Vec<f64>, ScenarioError> {
        let overlay = monte_carlo::overlay(&params, row, r.model);
        let v = Values::with(r, &overlay, 1.0);
        let s = system(&v)?;
        let state = DrawState {
            e1_mwh: surrogate.energy(&s).get::<megawatt_hour>(),
            degradation: s.degradation,
        };
        let at = |c: Option<usize>| c.map_or(1.0, |i| row[i]);
        let grid = at(c_grid);
        let d = state
            .degradation
            .get::<crate::units::custom::frequency::per_year>();
        let sum = |years: &[(u32, f64, f64)], weather: f64| -> (f64, f64) {
            years.iter().fold((0.0, 0.0), |(e, a), (i, frac, ef)| {
                let energy = state.e1_mwh * (1.0 - d).powi(*i as i32) * frac * weather;
                (e + energy, a + energy * mwh * ef * grid / t)
            })
        };
        let first = state.e1_mwh * at(c_first);
        let first_avoided = first * mwh * credit[0].2 * grid / t;
        let (_, period_avoided) = sum(&credit, at(c_period));
        let mut out = vec![first, first_avoided, period_avoided];
        if let Some(l) = &lifetime {
            out.push(sum(l, at(c_life)).1);
        }
        Ok(out)
    };

    // The deterministic figures, in the same units, for comparison.
    let e1 = year.annual.ac_energy.get::<megawatt_hour>();
    let det_period: f64 = credit
        .iter()
        .map(|(i, frac, ef)| {
            e1 * (1.0
                - base
                    .degradation
                    .get::<crate::units::custom::frequency::per_year>())
            .powi(*i as i32)
                * frac
                * mwh
                * ef
                / t
        })
        .sum();
    let mut outputs = vec![
        McOutput {
            key: "first_year_ac_energy",
            name: "AC energy, first year",
            unit: "MWh".into(),
            deterministic: e1,
        },
        McOutput {
            key: "first_year_avoided",
            name: "Emissions avoided, first crediting year (full year)",
            unit: "tCO2e".into(),
            deterministic: e1 * mwh * credit[0].2 / t,
        },
        McOutput {
            key: "crediting_period_avoided",
            name: "Emissions avoided over the crediting period",
            unit: "tCO2e".into(),
            deterministic: det_period,
        },
    ];
    if let Some(l) = &lifetime {
        let d0 = base
            .degradation
            .get::<crate::units::custom::frequency::per_year>();
        outputs.push(McOutput {
            key: "lifetime_avoided",
            name: "Emissions avoided over the plant life",
            unit: "tCO2e".into(),
            deterministic: l
                .iter()
                .map(|(i, frac, ef)| e1 * (1.0 - d0).powi(*i as i32) * frac * mwh * ef / t)
                .sum(),
        });
    }
    let notes = vec![
        format!(
            "First-year energy of each draw comes from a surrogate fitted on hourly runs: capacity and degradation scale exactly; irradiance corrections with elasticity {:.3} and DC corrections (rating, losses) with elasticity {:.3}, both measured on the chain; tilt and azimuth through a quadratic surface through hourly runs across their ranges.",
            surrogate.eps_irr, surrogate.eps_dc
        ),
        "Year-to-year weather: one draw for the first year, and the mean of the crediting period and of the plant life drawn with the standard deviation divided by the square root of the number of years.".into(),
        "The grid factor's spread is one multiplier for all years (a systematic error of the series), not independent yearly noise.".into(),
    ];
    monte_carlo::run(&params, &outputs, options, notes, draw)
}

/// Relative errors (first-year energy) of the surrogate against full hourly runs, for the
/// first `n` draws of a Monte Carlo: (mean absolute, maximum absolute).
pub fn surrogate_error(
    r: &mut Resolved<'_>,
    n: usize,
    seed: u64,
) -> Result<(f64, f64), ScenarioError> {
    let setup = setup(r)?;
    let base = system(&Values::of(r))?;
    let year = run_chain(&base, &setup, false)?;
    let mut params = monte_carlo::parameters(r)?;
    interannual_columns(&mut params, 1, 1)?;
    let surrogate = Surrogate::fit(&setup, &base, &year, &params)?;
    let dists: Vec<Distribution> = params.iter().map(|p| p.distribution.clone()).collect();
    let samples = crate::uncertainty::sample_matrix(&dists, n, seed).map_err(|e| {
        ScenarioError::field(ErrorCode::ModelError, "/options/uncertainty", e.to_string())
    })?;
    let mut row = vec![0.0; params.len()];
    let (mut sum, mut max) = (0.0f64, 0.0f64);
    for i in 0..n {
        samples.row_into(i, &mut row);
        let overlay = monte_carlo::overlay(&params, &row, r.model);
        let s = system(&Values::with(r, &overlay, 1.0))?;
        let full = run_chain(&s, &setup, false)?
            .annual
            .ac_energy
            .get::<megawatt_hour>();
        let err = (surrogate.energy(&s).get::<megawatt_hour>() / full - 1.0).abs();
        sum += err;
        max = max.max(err);
    }
    Ok((sum / n as f64, max))
}
