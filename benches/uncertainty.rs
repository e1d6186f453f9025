//! Uncertainty engine speed: 10,000 draws of a cheap model plus statistics, on one thread.
//! The product target is ≤ 50 ms for the whole pipeline. Run with
//! `cargo bench --bench uncertainty`.

use std::hint::black_box;

// The allocator the `tanso` binary ships with (src/main.rs), so the figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use tanso::uncertainty::{
    Bounds, Distribution, SamplingMethod, Settings, evaluate, sample_matrix, sensitivity, simulate,
    summarize,
};

const DRAWS: usize = 10_000;

/// Composting-like inputs: every shape, one truncated.
fn params() -> Vec<Distribution> {
    vec![
        Distribution::normal_relative(18_250.0, 0.05).unwrap(),
        Distribution::triangular(0.08, 0.15, 0.20).unwrap(),
        Distribution::uniform(0.5, 0.7).unwrap(),
        Distribution::discrete(vec![0.6, 0.8, 1.0], vec![1.0, 2.0, 1.0]).unwrap(),
        Distribution::normal(0.5, 0.013)
            .unwrap()
            .bounded(Bounds::fraction())
            .unwrap(),
        Distribution::pert(0.17, 0.40, 0.70).unwrap(),
        Distribution::lognormal(4.0, 2.0).unwrap(),
        Distribution::uniform(0.53, 0.90).unwrap(),
    ]
}

/// A few multiplications per draw, three outputs.
fn model(r: &[f64]) -> Result<Vec<f64>, String> {
    let ch4 = r[0] * r[1] * r[2] * r[3] * r[4] * (16.0 / 12.0) * r[5];
    let project = r[0] * r[6] * 1e-3;
    Ok(vec![ch4, project, ch4 * 27.0 - project * r[7]])
}

fn bench(c: &mut Criterion) {
    let p = params();
    c.bench_function(
        "pipeline: 10k draws x 8 params, sample+evaluate+summary+spearman",
        |b| b.iter(|| simulate(black_box(&p), Settings::default(), model).unwrap()),
    );
    let lhs = Settings {
        method: SamplingMethod::LatinHypercube,
        ..Settings::default()
    };
    c.bench_function("pipeline, Latin hypercube: 10k draws x 8 params", |b| {
        b.iter(|| simulate(black_box(&p), lhs, model).unwrap())
    });
    c.bench_function("sample_matrix: 10k draws x 8 params", |b| {
        b.iter(|| sample_matrix(black_box(&p), DRAWS, 42).unwrap())
    });
    let pert: Vec<Distribution> = (0..8)
        .map(|i| Distribution::pert(0.0, 0.1 * f64::from(i), 1.0).unwrap())
        .collect();
    c.bench_function(
        "sample_matrix: 10k draws x 8 PERT params (worst shape)",
        |b| b.iter(|| sample_matrix(black_box(&pert), DRAWS, 42).unwrap()),
    );
    let samples = sample_matrix(&p, DRAWS, 42).unwrap();
    let outputs = evaluate(&samples, model, 1).unwrap();
    c.bench_function("evaluate: 10k draws, 1 thread", |b| {
        b.iter(|| evaluate(black_box(&samples), model, 1).unwrap())
    });
    c.bench_function("summarize: 3 outputs x 10k", |b| {
        b.iter(|| {
            for col in outputs.columns() {
                black_box(summarize(col).unwrap());
            }
        })
    });
    c.bench_function("sensitivity: 8 inputs x 3 outputs x 10k", |b| {
        b.iter(|| sensitivity(black_box(&samples), black_box(&outputs)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
