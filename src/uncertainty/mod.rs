//! Uncertainty engine (draft).

mod distribution;
mod error;
mod normal;
mod sampling;

pub use distribution::{Bounds, Distribution, MIN_TRUNCATED_MASS, PERT_LAMBDA, Shape};
pub use error::{EvaluationError, UncertaintyError};
pub use sampling::{
    MAX_DRAWS, Samples, SamplingMethod, check_draws, open_unit, parameter_stream, sample_matrix,
    sample_matrix_with,
};
