//! The whole pipeline in one call: sample, evaluate, summarise, rank the inputs.

use serde::Serialize;

use super::distribution::Distribution;
use super::error::EvaluationError;
use super::evaluate::evaluate;
use super::sampling::{SamplingMethod, sample_matrix_with};
use super::sensitivity::{OutputSensitivity, ranks_and_sorted, sensitivity_ranked};
use super::stats::{Summary, check_finite, summarize_sorted};

/// The default number of draws.
pub const DEFAULT_DRAWS: usize = 10_000;

/// The default seed. Results always carry the seed actually used.
pub const DEFAULT_SEED: u64 = 42;

/// How to run a Monte Carlo analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Number of draws, 1..=[`MAX_DRAWS`](super::MAX_DRAWS).
    pub draws: usize,
    /// Seed of the random streams (see [`sample_matrix`](super::sample_matrix)).
    pub seed: u64,
    /// Plain Monte Carlo or Latin hypercube.
    pub method: SamplingMethod,
    /// Threads for the model evaluation (0 = all cores); does not change the results.
    #[serde(skip)]
    pub threads: usize,
}

impl Default for Settings {
    /// [`DEFAULT_DRAWS`] draws, [`DEFAULT_SEED`], plain Monte Carlo, one thread.
    fn default() -> Self {
        Settings {
            draws: DEFAULT_DRAWS,
            seed: DEFAULT_SEED,
            method: SamplingMethod::MonteCarlo,
            threads: 1,
        }
    }
}

/// What a Monte Carlo analysis found: the settings (for reproduction), the deterministic
/// result at the central point, a summary per output and the input ranking per output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Draw count, seed and method used.
    pub settings: Settings,
    /// The model's outputs with every parameter at its central value.
    pub central: Vec<f64>,
    /// One summary per output.
    pub summaries: Vec<Summary>,
    /// One input ranking per output.
    pub sensitivity: Vec<OutputSensitivity>,
}

/// The deterministic point: every distribution at its central value
/// ([`Distribution::central`]).
pub fn central_row(params: &[Distribution]) -> Vec<f64> {
    params.iter().map(Distribution::central).collect()
}

/// Runs the model at the central point and on every draw, then summarises each output and
/// ranks the inputs by Spearman ρ.
pub fn simulate<F, E>(
    params: &[Distribution],
    settings: Settings,
    model: F,
) -> Result<Report, EvaluationError<E>>
where
    F: Fn(&[f64]) -> Result<Vec<f64>, E> + Sync,
    E: Send,
{
    let samples = sample_matrix_with(params, settings.draws, settings.seed, settings.method)?;
    let central =
        model(&central_row(params)).map_err(|error| EvaluationError::Central { error })?;
    let outputs = evaluate(&samples, &model, settings.threads)?;
    // Each output is sorted once: its percentiles and its Spearman ranks share the order.
    let mut summaries = Vec::with_capacity(outputs.columns().len());
    let mut output_ranks = Vec::with_capacity(outputs.columns().len());
    for column in outputs.columns() {
        check_finite(column)?;
        let (ranks, sorted) = ranks_and_sorted(column);
        summaries.push(summarize_sorted(column, &sorted));
        output_ranks.push(ranks);
    }
    let sensitivity = sensitivity_ranked(&samples, &output_ranks)?;
    Ok(Report {
        settings,
        central,
        summaries,
        sensitivity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertainty::{Bounds, UncertaintyError};

    /// A small composting-like model: CH4 avoided = W·DOC·DOCf·MCF·F·16/12·(1 − e^(−k)),
    /// and the same times a GWP.
    fn model(r: &[f64]) -> Result<Vec<f64>, String> {
        let ch4 = r[0] * r[1] * r[2] * r[3] * r[4] * 16.0 / 12.0 * (1.0 - (-r[5]).exp());
        Ok(vec![ch4, ch4 * 27.0])
    }

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
        ]
    }

    #[test]
    fn collapsed_distributions_reproduce_the_deterministic_model() {
        // Every shape with zero spread: each draw, each percentile and the mean equal the
        // model at the central point, and sd is 0.
        let collapsed = vec![
            Distribution::normal(18_250.0, 0.0).unwrap(),
            Distribution::triangular(0.15, 0.15, 0.15).unwrap(),
            Distribution::uniform(0.5, 0.5).unwrap(),
            Distribution::discrete(vec![0.8], vec![1.0]).unwrap(),
            Distribution::lognormal(0.5, 1.0).unwrap(),
            Distribution::pert(0.4, 0.4, 0.4).unwrap(),
        ];
        let expected = model(&central_row(&collapsed)).unwrap();
        let report = simulate(&collapsed, Settings::default(), model).unwrap();
        assert_eq!(report.central, expected);
        for (s, e) in report.summaries.iter().zip(&expected) {
            assert_eq!(s.sd, 0.0);
            for v in [s.min, s.p5, s.p10, s.p50, s.p90, s.p95, s.max] {
                assert_eq!(v, *e);
            }
            assert_eq!(s.mean, *e);
            assert_eq!(s.histogram.counts, vec![DEFAULT_DRAWS]);
        }
        // No input varies: every ρ is 0, not NaN.
        assert!(
            report
                .sensitivity
                .iter()
                .all(|o| o.inputs.iter().all(|i| i.rho == 0.0))
        );
    }

    #[test]
    fn reports_are_reproducible_and_independent_of_threads() {
        let p = params();
        let one = simulate(&p, Settings::default(), model).unwrap();
        let again = simulate(&p, Settings::default(), model).unwrap();
        let four = simulate(
            &p,
            Settings {
                threads: 4,
                ..Settings::default()
            },
            model,
        )
        .unwrap();
        assert_eq!(one, again);
        // Only the thread setting differs (it is not serialised).
        assert_eq!(four.settings.threads, 4);
        assert_eq!(
            one,
            Report {
                settings: one.settings,
                ..four.clone()
            }
        );
        // JSON of the two runs is identical too (what the API would return).
        assert_eq!(
            serde_json::to_string(&one).unwrap(),
            serde_json::to_string(&four).unwrap()
        );
        let other_seed = simulate(
            &p,
            Settings {
                seed: 7,
                ..Settings::default()
            },
            model,
        )
        .unwrap();
        assert_ne!(one.summaries, other_seed.summaries);
    }

    #[test]
    fn report_is_sensible() {
        let report = simulate(
            &params(),
            Settings {
                method: SamplingMethod::LatinHypercube,
                ..Settings::default()
            },
            model,
        )
        .unwrap();
        let s = &report.summaries[0];
        assert!(s.min <= s.p5 && s.p5 <= s.p10 && s.p10 <= s.p50);
        assert!(s.p50 <= s.p90 && s.p90 <= s.p95 && s.p95 <= s.max);
        // Output 1 is output 0 × 27: same ranks, same ρ.
        assert_eq!(report.sensitivity[0].inputs, report.sensitivity[1].inputs);
        // The widest relative spreads (DOC ±30 %, MCF ±25 %) lead; the tight F (±2.6 %) trails.
        let order: Vec<usize> = report.sensitivity[0]
            .inputs
            .iter()
            .map(|i| i.input)
            .collect();
        assert_eq!(*order.last().unwrap(), 4, "{order:?}");
    }

    #[test]
    fn bad_requests_are_errors() {
        let p = params();
        let e = simulate(
            &p,
            Settings {
                draws: 0,
                ..Settings::default()
            },
            model,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            EvaluationError::Engine(UncertaintyError::DrawCount { draws: 0 })
        ));
        let failing = |_: &[f64]| -> Result<Vec<f64>, String> { Err("no".into()) };
        assert!(matches!(
            simulate(&p, Settings::default(), failing).unwrap_err(),
            EvaluationError::Central { .. }
        ));
    }
}
