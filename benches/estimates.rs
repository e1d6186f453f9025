//! End-to-end estimates of every documented project (every seed in `seeds/`), deterministic
//! and with a 10,000-draw Monte Carlo on one thread, and the hourly solar chain.
//!
//! `cargo bench --bench estimates`; compare `<seed>/monte-carlo-10k` with
//! `<seed>/deterministic`, measured in the same run.

use std::hint::black_box;

// The allocator the `tanso` binary ships with (src/main.rs), so the figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use tanso::catalog::Catalog;
use tanso::models::plugin::{Detail, Inputs};
use tanso::models::solar::plugin::{SolarInputs, setup, system};
use tanso::models::solar::{HourlyOutput, simulate_prepared};
use tanso::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions};
use tanso::scenario::resolve::resolve;
use tanso::scenario::{ScenarioRequest, estimate};
use tanso::units::Ratio;

fn request(project: &str, draws: Option<u32>) -> ScenarioRequest {
    ScenarioRequest {
        project: ProjectRef::Id(project.into()),
        parameters: Default::default(),
        options: ScenarioOptions {
            uncertainty: draws.map(|draws| UncertaintyOptions {
                draws,
                seed: 42,
                threads: 1,
                ..Default::default()
            }),
            ..Default::default()
        },
    }
}

fn estimates(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("catalog loads");
    for seed in &catalog.seeds {
        let project = seed.id.as_str();
        let mut g = c.benchmark_group(project);
        g.sample_size(20);
        let det = request(project, None);
        g.bench_function("deterministic", |b| {
            b.iter(|| black_box(estimate(&catalog, &det).unwrap()))
        });
        let mc = request(project, Some(10_000));
        g.bench_function("monte-carlo-10k", |b| {
            b.iter(|| black_box(estimate(&catalog, &mc).unwrap()))
        });
        g.finish();
    }
}

fn solar_chain(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("catalog loads");
    let req = request("renca-solar", None);
    let r = resolve(&catalog, &req).unwrap();
    let ctx = r.context(
        Detail::Full { hourly: false },
        Ratio::new::<uom::si::ratio::ratio>(1.0),
    );
    let prepared = setup(&ctx).unwrap();
    let system = system(&SolarInputs::read(&r.slots).unwrap());
    let mut g = c.benchmark_group("solar-chain");
    g.sample_size(20);
    g.bench_function(
        "setup (typical year + sun positions + decomposition)",
        |b| b.iter(|| black_box(setup(&ctx).unwrap())),
    );
    g.bench_function("simulate_prepared (one system, one year)", |b| {
        b.iter(|| {
            black_box(
                simulate_prepared(&system, &prepared.prepared, HourlyOutput::Discard).unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, estimates, solar_chain);
criterion_main!(benches);
