//! Errors of the uncertainty engine. Every constructor validates its input and returns one of
//! these instead of panicking or producing NaN later.

use thiserror::Error;

use super::sampling::MAX_DRAWS;
use crate::units::Dimension;

/// Why a distribution, a sampling request, a model evaluation or a statistic was refused.
///
/// Messages name the offending value and say what is accepted, so they can be shown to the
/// person who wrote the catalog entry or the API request.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum UncertaintyError {
    /// NaN or an infinity where a finite number is needed.
    #[error("{what} must be a finite number, got {value}")]
    NotFinite {
        /// The quantity, e.g. "normal mean".
        what: &'static str,
        /// The value given.
        value: f64,
    },

    /// A normal standard deviation below zero.
    #[error("normal: the standard deviation must be zero or positive, got {sd}")]
    NegativeSd {
        /// The value given.
        sd: f64,
    },

    /// A lognormal geometric mean of zero or below.
    #[error(
        "lognormal: the geometric mean must be positive (a lognormal quantity is never zero or \
         negative), got {geometric_mean}"
    )]
    NonPositiveGeometricMean {
        /// The value given.
        geometric_mean: f64,
    },

    /// A geometric standard deviation below 1.
    #[error(
        "lognormal: the geometric standard deviation must be at least 1 (1 means no spread; \
         it is a factor, not a percentage), got {gsd}"
    )]
    GsdBelowOne {
        /// The value given.
        gsd: f64,
    },

    /// Three-point estimate not ordered.
    #[error("{shape}: need min ≤ mode ≤ max, got min {min}, mode {mode}, max {max}")]
    ThreePointOrder {
        /// "triangular" or "pert".
        shape: &'static str,
        /// The minimum given.
        min: f64,
        /// The mode given.
        mode: f64,
        /// The maximum given.
        max: f64,
    },

    /// Uniform bounds not ordered.
    #[error("uniform: need min ≤ max, got min {min}, max {max}")]
    UniformOrder {
        /// The minimum given.
        min: f64,
        /// The maximum given.
        max: f64,
    },

    /// A discrete distribution with no values.
    #[error("discrete: at least one value is needed")]
    DiscreteEmpty,

    /// Values and weights of different lengths.
    #[error("discrete: {values} values but {weights} weights; give one weight per value")]
    DiscreteLengthMismatch {
        /// Number of values.
        values: usize,
        /// Number of weights.
        weights: usize,
    },

    /// A negative discrete weight.
    #[error("discrete: weight {index} is {weight}; weights must be zero or positive")]
    NegativeWeight {
        /// Position of the weight (from 0).
        index: usize,
        /// The value given.
        weight: f64,
    },

    /// Discrete weights that add up to zero.
    #[error("discrete: the weights add up to zero; at least one must be positive")]
    ZeroTotalWeight,

    /// Truncation bounds with lower > upper, or NaN.
    #[error(
        "bounds: need lower ≤ upper (either may be infinite), got lower {lower}, upper {upper}"
    )]
    BoundsOrder {
        /// The lower bound given.
        lower: f64,
        /// The upper bound given.
        upper: f64,
    },

    /// The central value lies outside the physical bounds.
    #[error(
        "{shape}: the central value {central} lies outside the bounds [{lower}, {upper}]; \
         check the parameter and its bounds"
    )]
    CentralOutsideBounds {
        /// The shape's name.
        shape: &'static str,
        /// The central (deterministic) value.
        central: f64,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },

    /// A bounded shape whose support extends past the physical bounds.
    #[error(
        "{shape}: values range over [{min}, {max}], beyond the bounds [{lower}, {upper}]; \
         bounded shapes are not truncated, so set their min and max within the bounds"
    )]
    SupportOutsideBounds {
        /// The shape's name.
        shape: &'static str,
        /// Smallest possible value.
        min: f64,
        /// Largest possible value.
        max: f64,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },

    /// Truncation that keeps (almost) none of the probability.
    #[error(
        "{shape}: only {mass:e} of the probability lies within the bounds [{lower}, {upper}]; \
         the spread or the bounds are wrong"
    )]
    NegligibleMass {
        /// The shape's name.
        shape: &'static str,
        /// Probability kept by the truncation.
        mass: f64,
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },

    /// A draw count of zero or above [`MAX_DRAWS`].
    #[error("the number of draws must be between 1 and {MAX_DRAWS}, got {draws}")]
    DrawCount {
        /// The count asked for.
        draws: usize,
    },

    /// A probability outside [0, 1] given to a quantile function.
    #[error("a probability must lie in [0, 1], got {p}")]
    ProbabilityOutOfRange {
        /// The value given.
        p: f64,
    },

    /// The model returned a different number of outputs than for the first draw.
    #[error("draw {draw}: the model returned {got} outputs, but {expected} for earlier draws")]
    OutputCount {
        /// The draw (from 0).
        draw: usize,
        /// Outputs of earlier draws.
        expected: usize,
        /// Outputs of this draw.
        got: usize,
    },

    /// The model returned NaN or an infinity.
    #[error("draw {draw}: output {output} is {value}; the model must return finite numbers")]
    NonFiniteOutput {
        /// The draw (from 0).
        draw: usize,
        /// Which output (from 0).
        output: usize,
        /// The value returned.
        value: f64,
    },

    /// Statistics of an empty series.
    #[error("statistics need at least one value")]
    EmptyData,

    /// Statistics of a series holding NaN or an infinity.
    #[error("value {index} is {value}; statistics need finite numbers")]
    NonFiniteData {
        /// Position of the value.
        index: usize,
        /// The value.
        value: f64,
    },

    /// Two series that should be paired have different lengths.
    #[error("paired series differ in length: {left} and {right}")]
    LengthMismatch {
        /// Length of the first series.
        left: usize,
        /// Length of the second series.
        right: usize,
    },

    /// A parameter asked for in a unit of the wrong dimension.
    #[error("parameter \"{name}\" is {}, but {} was asked for", .found.phrase(), .expected.phrase())]
    DimensionMismatch {
        /// The parameter.
        name: String,
        /// The dimension asked for.
        expected: Dimension,
        /// The parameter's dimension.
        found: Dimension,
    },

    /// A parameter name not in the set.
    #[error("no uncertain parameter named \"{name}\"")]
    UnknownParameter {
        /// The name asked for.
        name: String,
    },

    /// The same parameter name twice in one set.
    #[error("parameter \"{name}\" is given twice")]
    DuplicateParameter {
        /// The repeated name.
        name: String,
    },
}

/// A model evaluation that failed: either the model itself, at a given draw, or the engine.
#[derive(Debug, Error)]
pub enum EvaluationError<E> {
    /// The model returned an error. With several threads, the error reported is the one of the
    /// lowest draw, so it is the same whatever the thread count.
    #[error("model failed at draw {draw}: {error}")]
    Model {
        /// The draw (from 0) whose inputs made the model fail.
        draw: usize,
        /// The model's error.
        error: E,
    },
    /// The model returned an error at the deterministic (central) point.
    #[error("model failed at the central point: {error}")]
    Central {
        /// The model's error.
        error: E,
    },
    /// The engine refused the request or the model's output.
    #[error(transparent)]
    Engine(#[from] UncertaintyError),
}
