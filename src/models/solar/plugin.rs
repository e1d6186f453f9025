//! The solar PV model as a plug-in: weather → hourly chain → crediting years × grid factor
//! (JCM "Installation of Solar PV System" structure: reference emissions = AC energy × grid
//! emission factor, project emissions zero).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

use uom::si::angle::degree;
use uom::si::ratio::ratio;

use super::surrogate::Surrogate;
use super::{
    HourlyOutput, LossBreakdown, ModuleType, Mounting, PreparedWeather, PvSystem, PvYear,
    SapmParams, Site, SunOptions, TemperatureModel, TranspositionModel, chain, lifetime, prepare,
    simulate_prepared,
};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Horizon, Ledger};
use crate::models::outcome::{Axis, Measured, Outcome, Role, Series};
use crate::models::plugin::{
    Context, Detail, Model, Needs, Spread, WeatherFormat, WeatherText, Yearly,
};
use crate::models::spare::{Lent, Spare};
use crate::units::ghg::{Co2e, GasMass};
use crate::units::{Angle, AnnualRate, Dimension, Power, Ratio};
use crate::weather::checks::Verdict;
use crate::weather::{self, Weather, climatology};

/// Which cell-temperature model the chain uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellTemperature {
    /// Fuentes (1987), as PVWatts.
    Fuentes,
    /// Sandia SAPM, glass/glass parameters for the mounting.
    Sapm,
}

crate::choices!(ModuleType { Standard => "standard", Premium => "premium", ThinFilm => "thin_film" });
crate::choices!(Mounting { OpenRack => "open_rack", RoofMount => "roof", BuildingIntegrated => "building_integrated" });
crate::choices!(TranspositionModel { Perez => "perez", Isotropic => "isotropic", HayDavies => "hay_davies" });
crate::choices!(CellTemperature { Fuentes => "fuentes", Sapm => "sapm" });

crate::model_inputs! {
    /// The inputs of the solar PV model (keys of `models/solar-pv.toml`).
    pub struct SolarInputs / SolarKeys {
        capacity: Power,
        dc_ac_ratio: Ratio,
        tilt: Angle,
        azimuth: Angle,
        albedo: Ratio,
        module_type: ModuleType,
        mounting: Mounting,
        transposition: TranspositionModel,
        cell_temperature: CellTemperature,
        loss_soiling: Ratio,
        loss_shading: Ratio,
        loss_snow: Ratio,
        loss_mismatch: Ratio,
        loss_wiring: Ratio,
        loss_connections: Ratio,
        loss_lid: Ratio,
        loss_nameplate: Ratio,
        loss_age: Ratio,
        loss_availability: Ratio,
        inverter_efficiency: Ratio,
        degradation: AnnualRate,
        resource_factor: Ratio,
        interannual_factor: Yearly<Ratio>,
        transposition_factor: Ratio,
        rating_factor: Ratio,
    }
}

/// Grid-connected solar PV on an hourly PVWatts-v8-class chain.
pub struct SolarPv;

/// What is computed once per scenario: the prepared weather and, for Monte Carlo draws, the
/// surrogate of the hourly chain.
pub struct SolarPrepared {
    setup: Arc<SolarSetup>,
    surrogate: Option<Surrogate>,
    /// The checks of a request's weather, when lent to the thread that read it (see
    /// [`setup_lending_checks`]): taken by the first run of the chain.
    lent_checks: Option<Mutex<Option<Lent<Verdict>>>>,
    /// Their verdict, once taken.
    late_verdict: OnceLock<Verdict>,
}

impl SolarPrepared {
    /// The warnings of weather checks lent to the thread that read the weather, or the
    /// refusal; the first call takes their verdict (waiting for it, or running the checks
    /// here if that thread has not started them).
    fn late_checks(&self, ctx: &Context<'_>) -> Result<Vec<String>, ScenarioError> {
        let Some(lent) = &self.lent_checks else {
            return Ok(Vec::new());
        };
        if let Some(checks) = lent.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let (spare, weather) =
                spare_of(ctx).expect("checks are lent to the thread lent with the weather");
            let _ = self.late_verdict.set(checks.take(spare, weather));
        }
        self.late_verdict.get().map_or(Ok(Vec::new()), accepted)
    }
}

/// The prepared weather (sun positions and decomposition, computed once) and where it came
/// from.
pub struct SolarSetup {
    pub prepared: PreparedWeather,
    pub weather_note: String,
    /// What the weather checks found implausible (but possible) in a request's weather.
    pub weather_warnings: Vec<String>,
}

/// Largest weather text accepted (an EPW is about 1.6 MB).
pub const MAX_WEATHER_BYTES: usize = 8 * 1024 * 1024;

/// Prepared weather of documented projects, by memo key (dataset version and project). The
/// typical year, sun positions and decomposition are the same for every request on a
/// project, so they are computed once per process (the service stays stateless: this is a
/// memo of a pure function of the catalog).
static SETUP_CACHE: LazyLock<Mutex<HashMap<String, Arc<SolarSetup>>>> =
    LazyLock::new(Default::default);
const SETUP_CACHE_SIZE: usize = 64;

const COLUMNS: [Column; 2] = [
    Column::sum(
        "ac_energy",
        "AC energy",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::rate(
        "grid_factor",
        "Grid emission factor",
        Role::Factor,
        Dimension::EmissionIntensity,
    ),
];

impl Model for SolarPv {
    const ID: &'static str = "solar-pv";
    const VERSION: &'static str = "1.1.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: true,
        weather: true,
    };
    type Inputs = SolarInputs;
    type Prepared = SolarPrepared;

    fn prepare(
        &self,
        _inputs: &SolarInputs,
        ctx: &Context<'_>,
    ) -> Result<SolarPrepared, ScenarioError> {
        let (setup, lent_checks) = cached_setup(ctx)?;
        Ok(SolarPrepared {
            setup,
            surrogate: None,
            lent_checks: lent_checks.map(|c| Mutex::new(Some(c))),
            late_verdict: OnceLock::new(),
        })
    }

    fn prepare_draws(
        &self,
        prepared: &mut SolarPrepared,
        base: &SolarInputs,
        uncertain: &[Spread<'_>],
        _ctx: &Context<'_>,
    ) -> Result<Vec<String>, ScenarioError> {
        let system = system(base);
        // Its hours are kept for the surrogate's DC elasticity.
        let year = run_chain(&system, &prepared.setup, true)?;
        if year.annual.ac_energy.value <= 0.0 {
            // Nothing to scale from (a loss of 100 %): every draw runs the hourly chain.
            return Ok(vec![
                "The deterministic first-year energy is zero, so each draw runs the full hourly chain.".into(),
            ]);
        }
        let surrogate = Surrogate::fit(
            &|s| chain_energy(s, &prepared.setup),
            &system,
            &year,
            uncertain,
        )?;
        let notes = vec![
            surrogate.note(),
            "Year-to-year weather: drawn for the first year, and as the mean of the remaining years of the crediting period and of the plant life, each with the standard deviation divided by the square root of their number of years.".into(),
            "The grid factor's spread is one multiplier for all years (a systematic error of the series), not independent yearly noise.".into(),
        ];
        prepared.surrogate = Some(surrogate);
        Ok(notes)
    }

    fn run(
        &self,
        inputs: &SolarInputs,
        prepared: &SolarPrepared,
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let system = system(inputs);
        let chain = match (&prepared.surrogate, ctx.detail) {
            (Some(s), Detail::Draw) => Ok((None, s.energy(&system))),
            (_, detail) => {
                let hourly = detail == (Detail::Full { hourly: true });
                run_chain(&system, &prepared.setup, hourly).map(|year| {
                    let e1 = year.annual.ac_energy;
                    (Some(year), e1)
                })
            }
        };
        // A refusal of the weather comes before any result and any error of the chain.
        let late_warnings = prepared.late_checks(ctx)?;
        let (year, e1) = chain?;
        let weather = &inputs.interannual_factor;
        // E_i = E₁ · (1 − d)^i · (that year's weather), RE_i = E_i · EF(calendar year).
        let ledger = |period: &CreditingPeriod, horizon: Horizon| {
            Ledger::build(period.years(), &COLUMNS, |y, cells| {
                let w = if y.index == 0 {
                    weather.over(Horizon::FirstYear)
                } else {
                    weather.over(horizon)
                };
                let energy = e1 * lifetime::degradation_factor(inputs.degradation, y.index) * w;
                let factor = ctx.grid_factor(y.calendar_year)?;
                cells.push(energy);
                cells.push(factor);
                Ok(Emissions {
                    baseline: crate::models::grid::displaced_emissions(energy, factor),
                    project: GasMass::<Co2e>::zero(),
                    leakage: GasMass::zero(),
                })
            })
        };
        let crediting = ledger(ctx.crediting, Horizon::Crediting)?;
        let life = match ctx.lifetime {
            Some(p) => Some(ledger(p, Horizon::Lifetime)?),
            None => None,
        };
        let mut out = Outcome::from_ledgers(crediting, life);
        let first = e1 * weather.over(Horizon::FirstYear);
        let yield_ = crate::units::SpecificYield::from_energy_and_rating(first, system.dc_capacity);
        out.figure(
            "first_year_ac_energy",
            "AC energy in the first year",
            Role::PhysicalOutput,
            first,
        )
        .figure(
            "specific_yield",
            "Specific yield (first year)",
            Role::Indicator,
            yield_,
        );
        let Some(year) = year else {
            return Ok(out);
        };
        let a = &year.annual;
        out.share(
            "capacity_factor",
            "Capacity factor (AC energy / DC rating × hours)",
            Role::Indicator,
            a.capacity_factor,
        )
        .share(
            "performance_ratio",
            "Performance ratio",
            Role::Indicator,
            a.performance_ratio,
        )
        .figure(
            "poa_insolation",
            "Plane-of-array insolation (first year)",
            Role::Indicator,
            a.poa_insolation,
        )
        .figure(
            "ghi_insolation",
            "Global horizontal insolation (first year)",
            Role::Indicator,
            a.ghi_insolation,
        );
        let monthly = |f: fn(&super::PvPeriod) -> Measured| year.monthly.iter().map(f).collect();
        out.series.push(Series {
            key: "monthly_ac_energy",
            label: "AC energy by month (first year)".into(),
            axis: Axis::Month,
            values: monthly(|m| Measured::of(m.ac_energy)),
        });
        out.series.push(Series {
            key: "monthly_poa_insolation",
            label: "Plane-of-array insolation by month".into(),
            axis: Axis::Month,
            values: monthly(|m| Measured::of(m.poa_insolation)),
        });
        if let Some(hours) = year.hourly_ac() {
            out.series.push(Series {
                key: "hourly_ac_power",
                label: "AC power by hour (first year)".into(),
                axis: Axis::Hour,
                values: hours.into_iter().map(Measured::of).collect(),
            });
        }
        out.notes.push(prepared.setup.weather_note.clone());
        out.warnings
            .extend(prepared.setup.weather_warnings.iter().cloned());
        out.warnings.extend(late_warnings);
        Ok(out)
    }
}

/// The PV system described by the inputs.
pub fn system(i: &SolarInputs) -> PvSystem {
    let mut s = PvSystem::new(i.capacity);
    s.dc_ac_ratio = i.dc_ac_ratio;
    s.tilt = i.tilt;
    // PVWatts azimuths run 0–360°; -45° (north-west of north) is 315°.
    s.azimuth = Angle::new::<degree>(i.azimuth.get::<degree>().rem_euclid(360.0));
    s.albedo = Some(i.albedo);
    s.module_type = i.module_type;
    s.mounting = i.mounting;
    s.transposition = i.transposition;
    s.temperature_model = match (i.cell_temperature, i.mounting) {
        (CellTemperature::Fuentes, _) => TemperatureModel::Fuentes,
        (CellTemperature::Sapm, Mounting::RoofMount) => {
            TemperatureModel::Sapm(SapmParams::CLOSE_MOUNT_GLASS_GLASS)
        }
        (CellTemperature::Sapm, Mounting::OpenRack) => {
            TemperatureModel::Sapm(SapmParams::OPEN_RACK_GLASS_GLASS)
        }
        (CellTemperature::Sapm, Mounting::BuildingIntegrated) => {
            TemperatureModel::Sapm(SapmParams::INSULATED_BACK_GLASS_POLYMER)
        }
    };
    s.losses = LossBreakdown {
        soiling: i.loss_soiling,
        shading: i.loss_shading,
        snow: i.loss_snow,
        mismatch: i.loss_mismatch,
        wiring: i.loss_wiring,
        connections: i.loss_connections,
        light_induced_degradation: i.loss_lid,
        nameplate_rating: i.loss_nameplate,
        age: i.loss_age,
        availability: i.loss_availability,
    };
    s.inverter_efficiency = i.inverter_efficiency;
    s.degradation = i.degradation;
    s.irradiance_scale = i.resource_factor * i.transposition_factor;
    s.dc_scale = i.rating_factor;
    s
}

/// Runs the hourly chain.
pub fn run_chain(
    system: &PvSystem,
    setup: &SolarSetup,
    hourly: bool,
) -> Result<PvYear, ScenarioError> {
    let output = if hourly {
        HourlyOutput::Keep
    } else {
        HourlyOutput::Discard
    };
    simulate_prepared(system, &setup.prepared, output).map_err(|e| {
        // The chain's own checks repeat the catalog's ranges; its message ends in ", got …".
        let text = e.to_string();
        let received = text
            .rsplit_once("got ")
            .map_or_else(|| text.clone(), |(_, got)| got.to_string());
        ScenarioError::at(
            ErrorCode::ModelError,
            crate::error::Field::parameters(),
            text,
        )
        .with_expected("a PV system and weather the hourly chain accepts", received)
    })
}

fn chain_energy(s: &PvSystem, setup: &SolarSetup) -> Result<crate::units::Energy, ScenarioError> {
    Ok(run_chain(s, setup, false)?.annual.ac_energy)
}

/// The prepared weather of a scenario, from the memo for documented projects on their own
/// climate, and the checks of a request's weather if they were lent to the thread that read
/// it (their verdict to be taken by the first run of the chain).
pub fn cached_setup(
    ctx: &Context<'_>,
) -> Result<(Arc<SolarSetup>, Option<Lent<Verdict>>), ScenarioError> {
    let Some(key) = ctx.memo_key else {
        return setup_lending_checks(ctx).map(|(setup, checks)| (Arc::new(setup), checks));
    };
    let cache = || SETUP_CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(hit) = cache().get(key) {
        return Ok((hit.clone(), None));
    }
    let fresh = Arc::new(setup(ctx)?);
    let mut c = cache();
    if c.len() >= SETUP_CACHE_SIZE {
        c.clear();
    }
    c.insert(key.to_string(), fresh.clone());
    Ok((fresh, None))
}

/// Reads the weather (request file, or the project's monthly climate) and prepares it.
pub fn setup(ctx: &Context<'_>) -> Result<SolarSetup, ScenarioError> {
    let (mut setup, checks) = setup_lending_checks(ctx)?;
    if let Some(checks) = checks {
        let (spare, weather) =
            spare_of(ctx).expect("checks are lent to the thread lent with the weather");
        setup.weather_warnings = accepted(&checks.take(spare, weather))?;
    }
    Ok(setup)
}

/// The thread lent to the model with a request's weather, if any (`tanso estimate --weather`),
/// and that weather.
fn spare_of<'a>(ctx: &Context<'a>) -> Option<(&'a Spare<Weather>, &'a Weather)> {
    let read = ctx.weather?.parsed?;
    Some((read.spare?, read.weather))
}

/// [`setup`], except that the checks of a request's weather read by a thread lent with it are
/// left with that thread, their verdict to be taken later.
///
/// Then that thread prepares the skies of the second half of the hours with light and checks
/// the weather, while this one prepares the first half and the year; the verdict is taken
/// after the first run of the chain, which it cannot change (a refusal still comes instead
/// of any result). Otherwise a request's weather is checked on a thread started here while
/// this one prepares it. The project's own climate was checked when its typical year was
/// generated.
fn setup_lending_checks(
    ctx: &Context<'_>,
) -> Result<(SolarSetup, Option<Lent<Verdict>>), ScenarioError> {
    let (weather, note) = load_weather(ctx)?;
    let location = match weather.location() {
        Some(l) if ctx.weather.is_some() => *l,
        _ => *ctx.location.ok_or_else(no_location)?,
    };
    let site = Site::new(location.latitude, location.longitude, location.elevation).map_err(|e| {
        ScenarioError::project(ErrorCode::InvalidValue, "location", e.to_string()).with_expected(
            "a place on Earth: latitude -90 to 90 deg, longitude -180 to 180 deg, elevation -500 to 9000 m",
            format!(
                "latitude {} deg, longitude {} deg, elevation {} m",
                location.latitude.get::<degree>(),
                location.longitude.get::<degree>(),
                location.elevation.get::<uom::si::length::meter>()
            ),
        )
    })?;
    let setup = |prepared, weather_warnings| SolarSetup {
        prepared,
        weather_note: note.clone(),
        weather_warnings,
    };
    if let Some((spare, w)) = spare_of(ctx) {
        // Not a year: prepared (and refused) below, as with no thread lent.
        if chain::check_year(&site, w).is_ok() {
            let options = SunOptions::default();
            let (n, cut) = (w.len(), chain::half_of_the_light(w));
            let theirs = spare.lend(move |w| {
                let skies = chain::lit_skies(&site, w, &options, cut..n);
                // As many as there are sun positions: the iterator's upper bound.
                let mut all = Vec::with_capacity(skies.size_hint().1.unwrap_or(0));
                all.extend(skies);
                all
            });
            let checks = spare.lend(move |w| weather::checks::check(w, &location));
            let skies = chain::lit_skies(&site, w, &options, 0..cut)
                .chain(std::iter::once_with(|| theirs.take(spare, w)).flatten());
            let prepared = chain::prepare_with_skies(&site, w, skies);
            return Ok((setup(prepared, Vec::new()), Some(checks)));
        }
    }
    let (verdict, prepared) = std::thread::scope(|s| {
        let verdict = ctx
            .weather
            .is_some()
            .then(|| s.spawn(|| weather::checks::check(&weather, &location)));
        let prepared = prepare(&site, &weather);
        let verdict = verdict.map(|v| v.join().expect("the weather checks do not panic"));
        (verdict, prepared)
    });
    let weather_warnings = verdict.as_ref().map_or(Ok(Vec::new()), accepted)?;
    let prepared = prepared.map_err(|e| {
        ScenarioError::option(ErrorCode::InvalidWeather, "weather.data", e.to_string())
            .with_expected(
                "one year of hourly records (8760, or 8784 in a leap year)",
                format!("{} hourly records", weather.len()),
            )
    })?;
    Ok((setup(prepared, weather_warnings), None))
}

/// The warnings of a verdict on a request's weather, or its refusal.
fn accepted(verdict: &Verdict) -> Result<Vec<String>, ScenarioError> {
    if !verdict.accepted() {
        return Err(weather_refused(verdict));
    }
    Ok(verdict
        .warnings
        .iter()
        .map(|f| format!("weather: {f}"))
        .collect())
}

/// The problem for weather that cannot be real: one field error per failed check, each with
/// its count of hours, worst hour and limit.
fn weather_refused(verdict: &Verdict) -> ScenarioError {
    let errors = verdict
        .refusals
        .iter()
        .map(|f| crate::error::FieldError {
            field: crate::error::Field::option("weather.data"),
            message: f.to_string(),
            expected: Some(f.limit.clone()),
            received: Some(format!("{} at {}", f.observed, f.worst_time)),
        })
        .collect();
    let mut e = ScenarioError::many(ErrorCode::InvalidWeather, errors);
    e.detail = format!(
        "options.weather.data: the weather cannot be real at this site: {}",
        verdict.refusals[0]
    );
    e
}

/// A weather file that could not be read, with the offending line (or record) as received.
fn weather_unreadable(e: weather::WeatherError, w: &WeatherText<'_>) -> ScenarioError {
    use weather::WeatherError as W;
    let format = match w.format {
        WeatherFormat::Epw => "EPW",
        WeatherFormat::Csv => "tanso weather CSV",
    };
    let expected = format!("an hourly weather file in the documented {format} format");
    let line_text = |n: usize| {
        let text = w.data.lines().nth(n.saturating_sub(1)).unwrap_or("");
        format!("line {n}: \"{}\"", crate::units::clip(text, 160))
    };
    let received = match &e {
        W::Parse { line, .. } => line_text(*line),
        W::Record { index, time, .. } => format!("record {index}, starting {time}"),
        W::Format { .. } | W::Climatology { .. } => line_text(1),
    };
    ScenarioError::option(ErrorCode::InvalidWeather, "weather.data", e.to_string())
        .with_expected(expected, received)
}

fn no_location() -> ScenarioError {
    ScenarioError::project(
        ErrorCode::MissingValue,
        "location",
        "a solar project needs a location (latitude and longitude) to place the sun",
    )
    .with_expected("a location with latitude and longitude", "nothing")
}

fn load_weather<'a>(ctx: &Context<'a>) -> Result<(Cow<'a, Weather>, String), ScenarioError> {
    if let Some(w) = ctx.weather {
        return read_weather_text(w);
    }
    let location = *ctx.location.ok_or_else(no_location)?;
    let Some(months) = ctx.climate else {
        return Err(ScenarioError::option(
            ErrorCode::MissingValue,
            "weather",
            "give hourly weather (EPW or CSV) or the project's monthly climate",
        )
        .with_expected(
            "options.weather, or project.climate with 12 monthly values",
            "neither",
        ));
    };
    let source = format!(
        "typical year generated from {} monthly climate normals",
        ctx.project
    );
    let weather = climatology::typical_year(months, location, 2023, &source)
        .map_err(|e| {
            let received = match &e {
                weather::WeatherError::Climatology { month, message } => {
                    let got = message.rsplit_once("got ").map_or(message.as_str(), |(_, g)| g);
                    format!("{month}: {got}")
                }
                other => other.to_string(),
            };
            ScenarioError::project(ErrorCode::InvalidValue, "climate", e.to_string())
                .with_expected(
                    "monthly climate normals that can be: clearness index at most 0.9, temperatures -90 to 60 °C with min ≤ mean ≤ max, wind 0 to 75 m/s",
                    received,
                )
        })?;
    let note = format!(
        "Weather: {source} (daily GHI spread over the hours by Collares-Pereira & Rabl 1979; diurnal temperature cosine)."
    );
    Ok((Cow::Owned(weather), note))
}

fn read_weather_text<'a>(w: &WeatherText<'a>) -> Result<(Cow<'a, Weather>, String), ScenarioError> {
    if w.data.len() > MAX_WEATHER_BYTES {
        return Err(ScenarioError::option(
            ErrorCode::LimitExceeded,
            "weather.data",
            format!(
                "weather text is limited to {} MiB",
                MAX_WEATHER_BYTES / (1024 * 1024)
            ),
        )
        .with_expected(
            format!("at most {} bytes", MAX_WEATHER_BYTES),
            format!("{} bytes", w.data.len()),
        ));
    }
    let weather = match w.parsed {
        Some(read) => Cow::Borrowed(read.weather),
        None => Cow::Owned(w.parse().map_err(|e| weather_unreadable(e, w))?),
    };
    let note = format!(
        "Weather: hourly weather from the request ({} hours).",
        weather.len()
    );
    Ok((weather, note))
}

/// Relative errors of the surrogate against full hourly runs of the same systems:
/// (mean absolute, maximum absolute) of first-year AC energy.
pub fn surrogate_error(
    ctx: &Context<'_>,
    base: &SolarInputs,
    uncertain: &[Spread<'_>],
    draws: &[SolarInputs],
) -> Result<(Ratio, Ratio), ScenarioError> {
    let setup = setup(ctx)?;
    let system0 = system(base);
    let year = run_chain(&system0, &setup, true)?;
    let surrogate = Surrogate::fit(&|s| chain_energy(s, &setup), &system0, &year, uncertain)?;
    let (mut sum, mut max) = (0.0f64, 0.0f64);
    for d in draws {
        let s = system(d);
        let full = chain_energy(&s, &setup)?;
        let err: Ratio = (surrogate.energy(&s) - full) / full;
        let err = err.get::<ratio>().abs();
        sum += err;
        max = max.max(err);
    }
    let n = draws.len().max(1) as f64;
    Ok((Ratio::new::<ratio>(sum / n), Ratio::new::<ratio>(max)))
}
