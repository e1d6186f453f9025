//! The hourly solar chain on an 8760-hour EPW, as `tools/speed/pvlib_ratio.py` compares it
//! with pvlib: EPW parsing, the orientation-independent preparation (sun positions at
//! interval midpoints, I0, air mass, Erbs), the system run (Perez, IAM, Fuentes, DC, AC),
//! Fuentes alone, and a whole in-process estimate with the EPW inline (the API's path).
//!
//! `TANSO_BENCH_EPW=FILE cargo bench --bench chain`; without it the EPW is written in memory
//! from `tests/data/santiago_climatology.csv` in the layout the script writes.

use std::hint::black_box;

// The allocator the `tanso` binary ships with (src/main.rs), so the figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use tanso::catalog::Catalog;
use tanso::models::solar::temperature::{
    FuentesParams, fuentes_cell_temperature, fuentes_cell_temperature_lit,
};
use tanso::models::solar::{
    HourlyOutput, Mounting, PvSystem, Site, TranspositionModel, prepare, simulate_prepared,
};
use tanso::scenario::request::{ProjectRef, ScenarioOptions, WeatherFormat, WeatherInput};
use tanso::scenario::{ScenarioRequest, estimate};
use tanso::units::{Angle, Irradiance, Power, Ratio, Temperature, Time};
use tanso::weather::Weather;
use tanso::weather::csv::read_csv;
use tanso::weather::epw::parse_epw;
use uom::si::angle::degree;
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::power::kilowatt;
use uom::si::ratio::ratio;
use uom::si::thermodynamic_temperature::degree_celsius;
use uom::si::time::second;
use uom::si::velocity::meter_per_second;

/// The committed Santiago year as EPW text (hour-ending records, DNI/DHI missing).
fn epw_from_csv() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/santiago_climatology.csv"
    );
    let w = read_csv(std::path::Path::new(path)).expect("committed weather reads");
    let loc = w.location().expect("the CSV has a location");
    let mut s = format!(
        "LOCATION,Santiago (tanso climatology),RM,CHL,tanso climatology generator,855740,{},{},{:.1},{}\n\
DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\n\
HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,benches/chain.rs\nCOMMENTS 2,DNI and DHI missing\n\
DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n",
        loc.latitude.get::<degree>(),
        loc.longitude.get::<degree>(),
        f64::from(loc.utc_offset_minutes) / 60.0,
        loc.elevation.get::<uom::si::length::meter>(),
    );
    for r in w.records() {
        let t = r.period_start;
        s.push_str(&format!(
            "{},{},{},{},60,?9?9?9?9E0?9?9?9*9*9?9*9*9*9*9*9*9*9*9*9*_*9*9*9*9*9,{:.1},99.9,999,999999,9999,9999,9999,{:.0},9999,9999,999999,999999,999999,9999,999,{:.1},99,99,9999,99999,9,999999999,999,.999,999,99,999,999,99\n",
            t.year(),
            t.month(),
            t.day(),
            t.hour() + 1,
            r.air_temperature.get::<degree_celsius>(),
            r.ghi.get::<watt_per_square_meter>(),
            r.wind_speed.get::<meter_per_second>(),
        ));
    }
    s
}

fn epw_text() -> String {
    match std::env::var_os("TANSO_BENCH_EPW") {
        Some(p) => std::fs::read_to_string(&p).expect("TANSO_BENCH_EPW reads"),
        None => epw_from_csv(),
    }
}

/// The cross-check's `pvwatts_default_roof`: 1 MW DC, DC/AC 1.2, 20°, north, Perez, roof
/// (Fuentes, INOCT 49 °C), albedo 0.2.
fn system() -> PvSystem {
    let mut s = PvSystem::new(Power::new::<kilowatt>(1000.0));
    s.dc_ac_ratio = Ratio::new::<ratio>(1.2);
    s.tilt = Angle::new::<degree>(20.0);
    s.azimuth = Angle::new::<degree>(0.0);
    s.transposition = TranspositionModel::Perez;
    s.mounting = Mounting::RoofMount;
    s.albedo = Some(Ratio::new::<ratio>(0.2));
    s
}

fn chain(c: &mut Criterion) {
    let text = epw_text();
    let weather: Weather = parse_epw(&text, "bench.epw").expect("EPW parses");
    let site = Site::from_weather(&weather).expect("EPW has a location");
    let sys = system();
    let prepared = prepare(&site, &weather).unwrap();
    let mut g = c.benchmark_group("chain-epw");
    g.sample_size(30);
    g.bench_function("parse", |b| {
        b.iter(|| black_box(parse_epw(black_box(&text), "bench.epw").unwrap()))
    });
    g.bench_function("prepare", |b| {
        b.iter(|| black_box(prepare(&site, &weather).unwrap()))
    });
    // The plausibility checks a request's weather gets (beside `prepare`, on another core).
    let location = *weather.location().expect("EPW has a location");
    g.bench_function("checks", |b| {
        b.iter(|| black_box(tanso::weather::checks::check(&weather, &location)))
    });
    g.bench_function("simulate", |b| {
        b.iter(|| black_box(simulate_prepared(&sys, &prepared, HourlyOutput::Discard).unwrap()))
    });
    g.bench_function("prepare+simulate", |b| {
        b.iter(|| {
            let p = prepare(&site, &weather).unwrap();
            black_box(simulate_prepared(&sys, &p, HourlyOutput::Discard).unwrap())
        })
    });
    // Fuentes alone, on the POA of the run.
    let year = simulate_prepared(&sys, &prepared, HourlyOutput::Keep).unwrap();
    let poa: Vec<Irradiance> = year
        .hourly
        .as_ref()
        .unwrap()
        .iter()
        .map(|h| h.poa_global)
        .collect();
    let (air, wind) = (&prepared.air_temperature, &prepared.wind_speed);
    let params = FuentesParams::with_noct(Temperature::new::<degree_celsius>(49.0));
    let hour = Time::new::<second>(3600.0);
    g.bench_function("fuentes", |b| {
        b.iter(|| black_box(fuentes_cell_temperature(&poa, air, wind, hour, &params)))
    });
    // Only the hours with light (and 4 dark hours before each dawn), as the chain runs it.
    g.bench_function("fuentes-lit", |b| {
        b.iter(|| black_box(fuentes_cell_temperature_lit(&poa, air, wind, hour, &params)))
    });
    g.finish();

    // The whole in-process estimate of renca-solar with the EPW inline.
    let catalog = Catalog::embedded().expect("catalog loads");
    let req = ScenarioRequest {
        project: ProjectRef::Id("renca-solar".into()),
        parameters: Default::default(),
        options: ScenarioOptions {
            weather: Some(WeatherInput {
                format: WeatherFormat::Epw,
                data: text.clone(),
            }),
            ..Default::default()
        },
    };
    let mut g = c.benchmark_group("estimate-epw");
    g.sample_size(30);
    g.bench_function("renca-solar", |b| {
        b.iter(|| black_box(estimate(&catalog, &req).unwrap()))
    });
    g.bench_function("catalog", |b| {
        b.iter(|| black_box(Catalog::embedded().unwrap()))
    });
    // What `tanso estimate renca-solar` loads.
    g.bench_function("catalog-part", |b| {
        b.iter(|| black_box(Catalog::embedded_for("renca-solar").unwrap()))
    });
    g.finish();
}

criterion_group!(benches, chain);
criterion_main!(benches);
