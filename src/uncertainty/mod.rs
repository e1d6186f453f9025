//! The uncertainty engine: Monte Carlo propagation of parameter uncertainty through a model.
//!
//! The pipeline, on SI magnitudes (f64) tagged with their [`Dimension`](crate::units::Dimension):
//!
//! 1. **Distributions** ([`Distribution`], built from a [`Shape`] and optional [`Bounds`]):
//!    fixed, normal, lognormal (geometric mean and GSD), triangular, uniform, Beta-PERT and
//!    discrete, validated on construction, with analytic mean and variance (truncated ones
//!    included), an exact quantile function, and inverse-CDF sampling (PERT's Monte Carlo
//!    draws use a gamma-ratio Beta sampler instead, for speed).
//! 2. **Sample matrix** ([`sample_matrix`], [`sample_matrix_with`]): one column per parameter,
//!    each from its own ChaCha8 stream derived from (seed, parameter index), so the numbers are
//!    the same bit for bit on every run and for any thread count; plain Monte Carlo or Latin
//!    hypercube ([`SamplingMethod`]). At most [`MAX_DRAWS`] draws.
//! 3. **Evaluation** ([`evaluate`]): the model maps one row to several outputs; draws can be
//!    spread over threads, results are stored in draw order and do not depend on the thread
//!    count.
//! 4. **Statistics** ([`summarize`]): mean, sample sd, P5/P10/P50/P90/P95 (Hyndman–Fan type
//!    7), min, max and a 20-bin histogram.
//! 5. **Sensitivity** ([`sensitivity`]): Spearman ρ of every input with every output, ranked
//!    by |ρ|, with ρ² shares.
//!
//! [`simulate`] runs 2–5 in one call; [`ParameterSet`] and [`Key`] give model code named,
//! dimension-checked, `uom`-typed access to the rows.
//!
//! ```
//! use tanso::uncertainty::{Bounds, Distribution, Settings, simulate};
//!
//! // Avoided emissions = energy × grid factor, energy uncertain by 8.7 % (1σ, no negative
//! // energy), grid factor uniform 0.53–0.90 t/MWh.
//! let params = [
//!     Distribution::normal_relative(3000.0, 0.087).unwrap().bounded(Bounds::non_negative()).unwrap(),
//!     Distribution::uniform(0.53, 0.90).unwrap(),
//! ];
//! let report = simulate(&params, Settings::default(), |row: &[f64]| {
//!     Ok::<_, String>(vec![row[0] * row[1]])
//! })
//! .unwrap();
//! let s = &report.summaries[0];
//! assert!(s.p5 < s.p50 && s.p50 < s.p95);
//! // Deterministic result at the central point: 3000 × (0.53 + 0.90)/2.
//! assert!((report.central[0] - 2145.0).abs() < 1e-9);
//! // The grid factor (input 1) drives the result more than the energy does.
//! assert_eq!(report.sensitivity[0].inputs[0].input, 1);
//! ```

mod analysis;
mod distribution;
mod error;
mod evaluate;
mod normal;
mod parameter;
mod sampling;
mod sensitivity;
mod stats;

pub use analysis::{DEFAULT_DRAWS, DEFAULT_SEED, Report, Settings, central_row, simulate};
pub use distribution::{Bounds, Distribution, MIN_TRUNCATED_MASS, PERT_LAMBDA, Shape};
pub use error::{EvaluationError, UncertaintyError};
pub use evaluate::{Outputs, evaluate, resolve_threads};
pub use parameter::{Key, Parameter, ParameterSet, value_as};
pub use sampling::{
    MAX_DRAWS, Samples, SamplingMethod, check_draws, open_unit, parameter_stream, sample_matrix,
    sample_matrix_with,
};
pub use sensitivity::{
    InputSensitivity, OutputSensitivity, rank_inputs, ranks, sensitivity, spearman,
};
pub use stats::{
    HISTOGRAM_BINS, Histogram, PERCENTILES, Summary, histogram_sorted, quantile_sorted, summarize,
};
