//! Probability distributions of uncertain parameters, on SI magnitudes.
//!
//! A [`Distribution`] is built from a [`Shape`] (what the catalog wrote) and optional physical
//! [`Bounds`]. Constructors validate everything, so a `Distribution` that exists can always be
//! sampled without panics and without NaN.
//!
//! Draws are made by inverse-CDF sampling: one uniform u ∈ (0, 1) goes through the quantile
//! function Q(u). This costs exactly one uniform per draw, makes truncation exact (u is mapped
//! onto the kept part of the CDF; no rejection loop), and lets Latin hypercube sampling
//! stratify u.
//!
//! The one exception is PERT under plain Monte Carlo ([`Distribution::sample`]): its quantile,
//! the inverse incomplete beta function, costs about 0.8 µs per draw, so Monte Carlo draws
//! use `statrs`'s Beta sampler instead (the ratio X/(X+Y) of two gamma variates, each by the
//! exact rejection method of Marsaglia & Tsang 2000; about 30 ns), fed by the parameter's
//! own stream. It consumes a varying number of random words per draw, which is harmless
//! because every parameter has its own stream. Latin hypercube draws and
//! [`Distribution::quantile`] still use the exact inverse CDF.
//!
//! | shape | quantile Q(u) | mean | variance |
//! |---|---|---|---|
//! | fixed v | v | v | 0 |
//! | normal(μ, σ) | μ + σ·Φ⁻¹(u) | μ | σ² |
//! | lognormal(GM, GSD) | exp(μ + σ·Φ⁻¹(u)), μ = ln GM, σ = ln GSD | exp(μ + σ²/2) | (exp(σ²) − 1)·exp(2μ + σ²) |
//! | triangular(a, c, b) | a + √(u(b−a)(c−a)) if u < (c−a)/(b−a), else b − √((1−u)(b−a)(b−c)) | (a+b+c)/3 | (a²+b²+c²−ab−ac−bc)/18 |
//! | uniform(a, b) | a + u(b − a) | (a+b)/2 | (b−a)²/12 |
//! | PERT(a, m, b) | a + (b−a)·I⁻¹ᵤ(α, β) | (a + 4m + b)/6 | (μ−a)(b−μ)/7 |
//! | discrete(vᵢ, wᵢ) | smallest vᵢ whose cumulative weight share ≥ u | Σwᵢvᵢ/Σwᵢ | Σwᵢ(vᵢ−mean)²/Σwᵢ |
//!
//! PERT is the Beta-PERT of Malcolm, Roseboom, Clark & Fazar (1959) in the form given by
//! Vose (2008, *Risk Analysis*, 3rd ed., §9.1.3): α = 1 + λ(m−a)/(b−a), β = 1 + λ(b−m)/(b−a)
//! with the standard λ = 4, so α + β = 6; I⁻¹ is the inverse regularised incomplete beta
//! function (`statrs`, algorithm AS 109).

use rand::Rng;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use statrs::distribution::Beta;
use statrs::function::beta::inv_beta_reg;

use super::error::UncertaintyError;
use super::normal::{self, TruncatedStd};
use super::sampling::open_unit;

/// The PERT shape parameter λ (weight of the mode), standard value 4.
pub const PERT_LAMBDA: f64 = 4.0;

/// Below this share of probability mass kept, a truncation is refused as a data error.
pub const MIN_TRUNCATED_MASS: f64 = 1e-12;

type Result<T> = std::result::Result<T, UncertaintyError>;

/// The shape of a distribution as written in a catalog, on SI magnitudes.
///
/// It describes; it does not validate. Build a [`Distribution`] from it with
/// [`Distribution::from_shape`] (or the shorthand constructors) before sampling.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Shape {
    /// No uncertainty: always `value`.
    Fixed {
        /// The value.
        value: f64,
    },
    /// Normal (Gaussian) with mean and standard deviation (sd ≥ 0; 0 means fixed).
    Normal {
        /// Mean μ.
        mean: f64,
        /// Standard deviation σ ≥ 0.
        sd: f64,
    },
    /// Lognormal given as geometric mean GM = exp(μ) (its median) and geometric standard
    /// deviation GSD = exp(σ) ≥ 1 (1 means fixed). About 95 % of draws lie in
    /// [GM/GSD², GM·GSD²] (the ecoinvent / Brightway convention).
    #[serde(rename = "lognormal")]
    LogNormal {
        /// Geometric mean (median) > 0.
        geometric_mean: f64,
        /// Geometric standard deviation ≥ 1.
        geometric_sd: f64,
    },
    /// Triangular on [min, max] with peak at mode.
    Triangular {
        /// Smallest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest value.
        max: f64,
    },
    /// Uniform on [min, max].
    Uniform {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// Beta-PERT on [min, max] with mode, λ = 4.
    Pert {
        /// Smallest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest value.
        max: f64,
    },
    /// A finite set of values with relative weights (e.g. scenario values {0.6, 0.8, 1.0}).
    Discrete {
        /// The possible values.
        values: Vec<f64>,
        /// One weight ≥ 0 per value; they need not add up to 1.
        weights: Vec<f64>,
    },
}

impl Shape {
    /// The shape's name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Shape::Fixed { .. } => "fixed",
            Shape::Normal { .. } => "normal",
            Shape::LogNormal { .. } => "lognormal",
            Shape::Triangular { .. } => "triangular",
            Shape::Uniform { .. } => "uniform",
            Shape::Pert { .. } => "pert",
            Shape::Discrete { .. } => "discrete",
        }
    }
}

/// Physical bounds on a parameter, e.g. "no negative loss" or "no fraction above 1".
///
/// Normal and lognormal shapes are *truncated* to the bounds (sampled exactly by inverse CDF
/// on the kept range, with truncated moments). Bounded shapes (fixed, uniform, triangular,
/// PERT, discrete) are not truncated: the bounds only check that their min and max lie
/// within, and construction fails otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    lower: f64,
    upper: f64,
}

impl Bounds {
    /// Bounds [lower, upper]; either may be infinite, neither NaN, lower ≤ upper.
    pub fn new(lower: f64, upper: f64) -> Result<Bounds> {
        let ordered = lower <= upper; // false for NaN
        if !ordered || lower == f64::INFINITY || upper == f64::NEG_INFINITY {
            return Err(UncertaintyError::BoundsOrder { lower, upper });
        }
        Ok(Bounds { lower, upper })
    }

    /// [0, ∞): quantities that cannot be negative (losses, rates, masses).
    pub fn non_negative() -> Bounds {
        Bounds {
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }

    /// [0, 1]: fractions and shares.
    pub fn fraction() -> Bounds {
        Bounds {
            lower: 0.0,
            upper: 1.0,
        }
    }

    /// The lower bound (may be −∞).
    pub fn lower(&self) -> f64 {
        self.lower
    }

    /// The upper bound (may be +∞).
    pub fn upper(&self) -> f64 {
        self.upper
    }

    /// Whether `x` lies in [lower, upper].
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }

    fn is_unbounded(&self) -> bool {
        self.lower == f64::NEG_INFINITY && self.upper == f64::INFINITY
    }
}

impl Serialize for Bounds {
    /// `{"lower": x | null, "upper": x | null}`; an infinite bound is `null`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let finite = |x: f64| x.is_finite().then_some(x);
        let mut st = s.serialize_struct("Bounds", 2)?;
        st.serialize_field("lower", &finite(self.lower))?;
        st.serialize_field("upper", &finite(self.upper))?;
        st.end()
    }
}

/// A validated distribution, ready to sample.
///
/// Serialises as its shape plus `bounds` (for echoing the inputs in a response).
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    shape: Shape,
    bounds: Option<Bounds>,
    kernel: Kernel,
}

/// Precomputed constants for sampling (private: built only by validation).
#[derive(Debug, Clone, PartialEq)]
enum Kernel {
    Constant(f64),
    Normal {
        mu: f64,
        sigma: f64,
        trunc: Option<(TruncatedStd, f64, f64)>,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
        trunc: Option<(TruncatedStd, f64, f64)>,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
        split: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Pert {
        min: f64,
        max: f64,
        alpha: f64,
        beta: f64,
        /// Beta(α, β) for Monte Carlo draws.
        sampler: Beta,
    },
    Discrete {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
}

fn finite(what: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(UncertaintyError::NotFinite { what, value })
    }
}

impl Distribution {
    /// A fixed value (no uncertainty).
    pub fn fixed(value: f64) -> Result<Distribution> {
        Self::from_shape(Shape::Fixed { value })
    }

    /// Normal with mean and standard deviation (sd = 0 gives a fixed value).
    pub fn normal(mean: f64, sd: f64) -> Result<Distribution> {
        Self::from_shape(Shape::Normal { mean, sd })
    }

    /// Normal with a standard deviation relative to the mean: sd = |mean| × `relative_sd`
    /// (e.g. 0.03 for "3 %").
    pub fn normal_relative(mean: f64, relative_sd: f64) -> Result<Distribution> {
        finite("normal mean", mean)?;
        finite("normal relative standard deviation", relative_sd)?;
        if relative_sd < 0.0 {
            return Err(UncertaintyError::NegativeSd { sd: relative_sd });
        }
        Self::normal(mean, mean.abs() * relative_sd)
    }

    /// Lognormal from geometric mean GM > 0 and geometric standard deviation GSD ≥ 1;
    /// μ = ln GM and σ = ln GSD in log space.
    pub fn lognormal(geometric_mean: f64, geometric_sd: f64) -> Result<Distribution> {
        Self::from_shape(Shape::LogNormal {
            geometric_mean,
            geometric_sd,
        })
    }

    /// Lognormal from GM and the squared GSD that ecoinvent pedigree tables give
    /// (GSD² ≥ 1: the 95 % interval is [GM/GSD², GM·GSD²]).
    pub fn lognormal_gsd2(geometric_mean: f64, gsd_squared: f64) -> Result<Distribution> {
        finite(
            "lognormal squared geometric standard deviation",
            gsd_squared,
        )?;
        if gsd_squared < 1.0 {
            return Err(UncertaintyError::GsdBelowOne { gsd: gsd_squared });
        }
        Self::lognormal(geometric_mean, gsd_squared.sqrt())
    }

    /// Triangular on [min, max] with peak at mode.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Distribution> {
        Self::from_shape(Shape::Triangular { min, mode, max })
    }

    /// Uniform on [min, max].
    pub fn uniform(min: f64, max: f64) -> Result<Distribution> {
        Self::from_shape(Shape::Uniform { min, max })
    }

    /// Beta-PERT on [min, max] with mode (λ = 4).
    pub fn pert(min: f64, mode: f64, max: f64) -> Result<Distribution> {
        Self::from_shape(Shape::Pert { min, mode, max })
    }

    /// Discrete values with relative weights (≥ 0, positive sum).
    pub fn discrete(values: Vec<f64>, weights: Vec<f64>) -> Result<Distribution> {
        Self::from_shape(Shape::Discrete { values, weights })
    }

    /// Validates a shape (no bounds).
    pub fn from_shape(shape: Shape) -> Result<Distribution> {
        let kernel = kernel_of(&shape)?;
        Distribution {
            shape,
            bounds: None,
            kernel,
        }
        .with_finite_moments()
    }

    /// Refuses a distribution whose mean or standard deviation overflows (a lognormal with
    /// an astronomically large GSD): its draws could be represented, but no summary of them.
    fn with_finite_moments(self) -> Result<Distribution> {
        let (mean, sd) = (self.mean(), self.sd());
        if !mean.is_finite() {
            return Err(UncertaintyError::NotFinite {
                what: "the distribution's mean",
                value: mean,
            });
        }
        if !sd.is_finite() {
            return Err(UncertaintyError::NotFinite {
                what: "the distribution's standard deviation",
                value: sd,
            });
        }
        Ok(self)
    }

    /// Validates a shape with optional physical bounds (see [`Bounds`]).
    pub fn from_shape_bounded(shape: Shape, bounds: Option<Bounds>) -> Result<Distribution> {
        let d = Self::from_shape(shape)?;
        match bounds {
            Some(b) => d.bounded(b),
            None => Ok(d),
        }
    }

    /// The same distribution restricted to physical bounds: normal and lognormal are
    /// truncated; bounded shapes must already lie within (see [`Bounds`]). The central value
    /// must lie within the bounds in every case. Replaces any earlier bounds.
    pub fn bounded(self, bounds: Bounds) -> Result<Distribution> {
        let name = self.shape.name();
        let central = self.central();
        let (min, max) = self.support();
        if !bounds.contains(central) {
            return Err(UncertaintyError::CentralOutsideBounds {
                shape: name,
                central,
                lower: bounds.lower,
                upper: bounds.upper,
            });
        }
        let kernel = match self.kernel {
            Kernel::Normal { mu, sigma, .. } => {
                let za = (bounds.lower - mu) / sigma;
                let zb = (bounds.upper - mu) / sigma;
                Kernel::Normal {
                    mu,
                    sigma,
                    trunc: truncation(name, za, zb, bounds)?,
                }
            }
            Kernel::LogNormal { mu, sigma, .. } => {
                // ln of a non-positive lower bound is −∞: the lognormal is positive anyway.
                let ln_lower = if bounds.lower > 0.0 {
                    bounds.lower.ln()
                } else {
                    f64::NEG_INFINITY
                };
                let za = (ln_lower - mu) / sigma;
                let zb = (bounds.upper.ln() - mu) / sigma;
                Kernel::LogNormal {
                    mu,
                    sigma,
                    trunc: truncation(name, za, zb, bounds)?,
                }
            }
            other => {
                if !(bounds.contains(min) && bounds.contains(max)) {
                    return Err(UncertaintyError::SupportOutsideBounds {
                        shape: name,
                        min,
                        max,
                        lower: bounds.lower,
                        upper: bounds.upper,
                    });
                }
                other
            }
        };
        Distribution {
            shape: self.shape,
            bounds: Some(bounds),
            kernel,
        }
        .with_finite_moments()
    }

    /// The shape as given.
    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The physical bounds, if any.
    pub fn bounds(&self) -> Option<Bounds> {
        self.bounds
    }

    /// Whether draws can differ from one another (false for fixed values and shapes whose
    /// spread is zero).
    pub fn has_spread(&self) -> bool {
        !matches!(self.kernel, Kernel::Constant(_))
    }

    /// The deterministic (central) value, used when uncertainty is off:
    /// fixed → the value; normal → the mean μ; lognormal → the geometric mean (median);
    /// triangular and PERT → the mode; uniform → the midpoint (a + b)/2; discrete → the value
    /// of largest weight (the first listed among equal weights). For truncated shapes this is
    /// the untruncated location parameter, not the truncated mean.
    pub fn central(&self) -> f64 {
        match &self.shape {
            Shape::Fixed { value } => *value,
            Shape::Normal { mean, .. } => *mean,
            Shape::LogNormal { geometric_mean, .. } => *geometric_mean,
            Shape::Triangular { mode, .. } | Shape::Pert { mode, .. } => *mode,
            Shape::Uniform { min, max } => 0.5 * (min + max),
            Shape::Discrete { values, weights } => {
                let mut best = 0;
                for (i, w) in weights.iter().enumerate() {
                    if *w > weights[best] {
                        best = i;
                    }
                }
                values[best]
            }
        }
    }

    /// Smallest and largest possible values (may be infinite), after truncation.
    pub fn support(&self) -> (f64, f64) {
        match &self.kernel {
            Kernel::Constant(v) => (*v, *v),
            Kernel::Normal { trunc, .. } => match trunc {
                Some((_, lo, hi)) => (*lo, *hi),
                None => (f64::NEG_INFINITY, f64::INFINITY),
            },
            Kernel::LogNormal { trunc, .. } => match trunc {
                Some((_, lo, hi)) => (lo.max(0.0), *hi),
                None => (0.0, f64::INFINITY),
            },
            Kernel::Triangular { min, max, .. }
            | Kernel::Uniform { min, max }
            | Kernel::Pert { min, max, .. } => (*min, *max),
            Kernel::Discrete { values, .. } => (values[0], values[values.len() - 1]),
        }
    }

    /// Analytic mean (of the truncated distribution where truncated).
    ///
    /// Truncated normal on [a, b], α = (a−μ)/σ, β = (b−μ)/σ, Z = Φ(β) − Φ(α):
    /// μ + σ(φ(α) − φ(β))/Z. Truncated lognormal: E(X) = exp(μ + σ²/2)·(Φ(β−σ) − Φ(α−σ))/Z
    /// with α, β on the log scale.
    pub fn mean(&self) -> f64 {
        match &self.kernel {
            Kernel::Normal {
                mu,
                sigma,
                trunc: Some((t, _, _)),
            } => mu + sigma * t.mean(),
            Kernel::LogNormal {
                mu,
                sigma,
                trunc: Some((t, _, _)),
            } => lognormal_raw_moment(*mu, *sigma, t, 1.0),
            Kernel::Constant(v) => *v,
            _ => untruncated_mean(&self.shape),
        }
    }

    /// Analytic variance (of the truncated distribution where truncated).
    ///
    /// Truncated normal: σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²]. Truncated lognormal:
    /// E(X²) − E(X)² with E(Xᵏ) = exp(kμ + k²σ²/2)·(Φ(β−kσ) − Φ(α−kσ))/Z (clamped at 0).
    pub fn variance(&self) -> f64 {
        match &self.kernel {
            Kernel::Constant(_) => 0.0,
            Kernel::Normal {
                sigma,
                trunc: Some((t, _, _)),
                ..
            } => sigma * sigma * t.variance(),
            Kernel::LogNormal {
                mu,
                sigma,
                trunc: Some((t, _, _)),
            } => {
                let m1 = lognormal_raw_moment(*mu, *sigma, t, 1.0);
                let m2 = lognormal_raw_moment(*mu, *sigma, t, 2.0);
                (m2 - m1 * m1).max(0.0)
            }
            Kernel::Normal { sigma, .. } => sigma * sigma,
            Kernel::LogNormal { mu, sigma, .. } => {
                let s2 = sigma * sigma;
                (2.0 * mu + s2).exp() * s2.exp_m1()
            }
            Kernel::Triangular { min, mode, max, .. } => {
                let (a, c, b) = (*min, *mode, *max);
                (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0
            }
            Kernel::Uniform { min, max } => (max - min) * (max - min) / 12.0,
            Kernel::Pert { min, max, .. } => {
                let m = self.mean();
                (m - min) * (max - m) / 7.0
            }
            Kernel::Discrete { .. } => match &self.shape {
                Shape::Discrete { values, weights } => {
                    let m = weighted_mean(values, weights);
                    let total: f64 = weights.iter().sum();
                    values
                        .iter()
                        .zip(weights)
                        .map(|(v, w)| w * (v - m) * (v - m))
                        .sum::<f64>()
                        / total
                }
                _ => unreachable!("a discrete kernel comes from a discrete shape"),
            },
        }
    }

    /// Analytic standard deviation, √variance.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// The quantile function (inverse CDF) at probability `p` ∈ [0, 1]. At 0 and 1 it returns
    /// the ends of the support, which are infinite for an untruncated normal.
    pub fn quantile(&self, p: f64) -> Result<f64> {
        if !(0.0..=1.0).contains(&p) {
            return Err(UncertaintyError::ProbabilityOutOfRange { p });
        }
        Ok(self.quantile_unchecked(p))
    }

    /// One Monte Carlo draw from `rng`: u from the next 64 random bits (see
    /// [`open_unit`](super::sampling::open_unit)), then Q(u); PERT draws a + (b − a)·B with
    /// B ~ Beta(α, β) from statrs's gamma-ratio sampler (see the module docs). A fixed value
    /// consumes nothing.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        use rand::distr::Distribution as _;
        match &self.kernel {
            Kernel::Constant(v) => *v,
            Kernel::Pert {
                min, max, sampler, ..
            } => (min + (max - min) * sampler.sample(rng)).clamp(*min, *max),
            _ => self.quantile_unchecked(open_unit(rng.next_u64())),
        }
    }

    /// Q(u) for u ∈ [0, 1] (not checked).
    pub(crate) fn quantile_unchecked(&self, u: f64) -> f64 {
        match &self.kernel {
            Kernel::Constant(v) => *v,
            Kernel::Normal { mu, sigma, trunc } => match trunc {
                Some((t, lo, hi)) => (mu + sigma * t.quantile(u)).clamp(*lo, *hi),
                None => mu + sigma * normal::quantile(u),
            },
            Kernel::LogNormal { mu, sigma, trunc } => match trunc {
                Some((t, lo, hi)) => (mu + sigma * t.quantile(u)).exp().clamp(*lo, *hi),
                None => (mu + sigma * normal::quantile(u)).exp(),
            },
            Kernel::Triangular {
                min,
                mode,
                max,
                split,
            } => {
                let w = max - min;
                let x = if u < *split {
                    min + (u * w * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * w * (max - mode)).sqrt()
                };
                x.clamp(*min, *max)
            }
            Kernel::Uniform { min, max } => (min + u * (max - min)).clamp(*min, *max),
            Kernel::Pert {
                min,
                max,
                alpha,
                beta,
                ..
            } => (min + (max - min) * inv_beta_reg(*alpha, *beta, u)).clamp(*min, *max),
            Kernel::Discrete { values, cumulative } => {
                let i = cumulative.partition_point(|&c| c < u);
                values[i.min(values.len() - 1)]
            }
        }
    }
}

impl Serialize for Distribution {
    /// The shape's fields (tagged by `type`) plus `bounds` (`null` when unbounded).
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Echo<'a> {
            #[serde(flatten)]
            shape: &'a Shape,
            bounds: Option<Bounds>,
        }
        Echo {
            shape: &self.shape,
            bounds: self.bounds,
        }
        .serialize(s)
    }
}

/// Validates a shape and precomputes its sampling constants.
fn kernel_of(shape: &Shape) -> Result<Kernel> {
    Ok(match *shape {
        Shape::Fixed { value } => Kernel::Constant(finite("fixed value", value)?),
        Shape::Normal { mean, sd } => {
            finite("normal mean", mean)?;
            finite("normal standard deviation", sd)?;
            if sd < 0.0 {
                return Err(UncertaintyError::NegativeSd { sd });
            }
            if sd == 0.0 {
                Kernel::Constant(mean)
            } else {
                Kernel::Normal {
                    mu: mean,
                    sigma: sd,
                    trunc: None,
                }
            }
        }
        Shape::LogNormal {
            geometric_mean,
            geometric_sd,
        } => {
            finite("lognormal geometric mean", geometric_mean)?;
            finite("lognormal geometric standard deviation", geometric_sd)?;
            if geometric_mean <= 0.0 {
                return Err(UncertaintyError::NonPositiveGeometricMean { geometric_mean });
            }
            if geometric_sd < 1.0 {
                return Err(UncertaintyError::GsdBelowOne { gsd: geometric_sd });
            }
            if geometric_sd == 1.0 {
                Kernel::Constant(geometric_mean)
            } else {
                Kernel::LogNormal {
                    mu: geometric_mean.ln(),
                    sigma: geometric_sd.ln(),
                    trunc: None,
                }
            }
        }
        Shape::Triangular { min, mode, max } => {
            three_point("triangular", min, mode, max)?;
            if min == max {
                Kernel::Constant(mode)
            } else {
                Kernel::Triangular {
                    min,
                    mode,
                    max,
                    split: (mode - min) / (max - min),
                }
            }
        }
        Shape::Uniform { min, max } => {
            finite("uniform min", min)?;
            finite("uniform max", max)?;
            if min > max {
                return Err(UncertaintyError::UniformOrder { min, max });
            }
            if min == max {
                Kernel::Constant(min)
            } else {
                Kernel::Uniform { min, max }
            }
        }
        Shape::Pert { min, mode, max } => {
            three_point("pert", min, mode, max)?;
            if min == max {
                Kernel::Constant(mode)
            } else {
                let w = max - min;
                let alpha = 1.0 + PERT_LAMBDA * (mode - min) / w;
                let beta = 1.0 + PERT_LAMBDA * (max - mode) / w;
                // α, β ∈ [1, 5] and finite here, so this cannot fail; map it all the same.
                let sampler = Beta::new(alpha, beta).map_err(|_| UncertaintyError::NotFinite {
                    what: "pert shape parameter",
                    value: alpha + beta,
                })?;
                Kernel::Pert {
                    min,
                    max,
                    alpha,
                    beta,
                    sampler,
                }
            }
        }
        Shape::Discrete {
            ref values,
            ref weights,
        } => discrete_kernel(values, weights)?,
    })
}

fn three_point(shape: &'static str, min: f64, mode: f64, max: f64) -> Result<()> {
    let what = match shape {
        "pert" => ["pert min", "pert mode", "pert max"],
        _ => ["triangular min", "triangular mode", "triangular max"],
    };
    finite(what[0], min)?;
    finite(what[1], mode)?;
    finite(what[2], max)?;
    if min <= mode && mode <= max {
        Ok(())
    } else {
        Err(UncertaintyError::ThreePointOrder {
            shape,
            min,
            mode,
            max,
        })
    }
}

/// Values with positive weight, sorted ascending, with their cumulative weight shares (the
/// last set to exactly 1).
fn discrete_kernel(values: &[f64], weights: &[f64]) -> Result<Kernel> {
    if values.is_empty() {
        return Err(UncertaintyError::DiscreteEmpty);
    }
    if values.len() != weights.len() {
        return Err(UncertaintyError::DiscreteLengthMismatch {
            values: values.len(),
            weights: weights.len(),
        });
    }
    for (index, (&v, &w)) in values.iter().zip(weights).enumerate() {
        finite("discrete value", v)?;
        finite("discrete weight", w)?;
        if w < 0.0 {
            return Err(UncertaintyError::NegativeWeight { index, weight: w });
        }
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Err(UncertaintyError::ZeroTotalWeight);
    }
    if !total.is_finite() {
        return Err(UncertaintyError::NotFinite {
            what: "sum of discrete weights",
            value: total,
        });
    }
    let mut pairs: Vec<(f64, f64)> = values
        .iter()
        .zip(weights)
        .filter(|(_, w)| **w > 0.0)
        .map(|(v, w)| (*v, *w))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    if pairs.iter().all(|(v, _)| *v == pairs[0].0) {
        return Ok(Kernel::Constant(pairs[0].0));
    }
    let mut running = 0.0;
    let mut cumulative: Vec<f64> = pairs
        .iter()
        .map(|(_, w)| {
            running += w;
            running / total
        })
        .collect();
    let last = cumulative.len() - 1;
    cumulative[last] = 1.0;
    Ok(Kernel::Discrete {
        values: pairs.into_iter().map(|(v, _)| v).collect(),
        cumulative,
    })
}

/// Truncation of an unbounded shape to `bounds`, on the z scale; `None` when nothing is cut.
fn truncation(
    shape: &'static str,
    za: f64,
    zb: f64,
    bounds: Bounds,
) -> Result<Option<(TruncatedStd, f64, f64)>> {
    if za == f64::NEG_INFINITY && zb == f64::INFINITY || bounds.is_unbounded() {
        return Ok(None);
    }
    let t = TruncatedStd::new(za, zb);
    if t.mass.is_nan() || t.mass < MIN_TRUNCATED_MASS {
        return Err(UncertaintyError::NegligibleMass {
            shape,
            mass: t.mass,
            lower: bounds.lower,
            upper: bounds.upper,
        });
    }
    Ok(Some((t, bounds.lower, bounds.upper)))
}

/// E(Xᵏ) of a lognormal (μ, σ) truncated to [α, β] on the z scale:
/// exp(kμ + k²σ²/2)·P(α − kσ < Z < β − kσ)/P(α < Z < β).
fn lognormal_raw_moment(mu: f64, sigma: f64, t: &TruncatedStd, k: f64) -> f64 {
    (k * mu + 0.5 * k * k * sigma * sigma).exp() * normal::mass(t.za - k * sigma, t.zb - k * sigma)
        / t.mass
}

fn weighted_mean(values: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total
}

/// Mean of an untruncated, validated shape.
fn untruncated_mean(shape: &Shape) -> f64 {
    match shape {
        Shape::Fixed { value } => *value,
        Shape::Normal { mean, .. } => *mean,
        Shape::LogNormal {
            geometric_mean,
            geometric_sd,
        } => {
            let s = geometric_sd.ln();
            geometric_mean * (0.5 * s * s).exp()
        }
        Shape::Triangular { min, mode, max } => (min + mode + max) / 3.0,
        Shape::Uniform { min, max } => 0.5 * (min + max),
        Shape::Pert { min, mode, max } => (min + PERT_LAMBDA * mode + max) / (PERT_LAMBDA + 2.0),
        Shape::Discrete { values, weights } => weighted_mean(values, weights),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertainty::{SamplingMethod, sample_matrix, sample_matrix_with};

    const N: usize = 100_000;

    /// Checks sample mean and variance of `n` draws against the analytic values.
    ///
    /// Tolerance: 5 standard errors. The mean's standard error is σ/√n; the sample
    /// variance's is √((m₄ − s⁴)/n), with m₄ the sample fourth central moment (valid for any
    /// shape with finite fourth moment). A correct sampler fails this with probability about
    /// 6e-7 per check, whatever the seed; a wrong formula or sampler that shifts the mean by
    /// more than a few σ/√n (0.3 % of σ here) fails it.
    fn check_moments(d: &Distribution, seed: u64) {
        let s = sample_matrix(std::slice::from_ref(d), N, seed).unwrap();
        check_column(d, s.column(0).unwrap());
    }

    fn check_column(d: &Distribution, x: &[f64]) {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let m4 = x.iter().map(|v| (v - mean).powi(4)).sum::<f64>() / n;
        let (mu, sigma2) = (d.mean(), d.variance());
        let se_mean = (sigma2 / n).sqrt();
        let se_var = ((m4 - var * var) / n).sqrt();
        assert!(
            (mean - mu).abs() <= 5.0 * se_mean,
            "{:?}: sample mean {mean}, analytic {mu}, 5 SE = {}",
            d.shape(),
            5.0 * se_mean
        );
        assert!(
            (var - sigma2).abs() <= 5.0 * se_var,
            "{:?}: sample variance {var}, analytic {sigma2}, 5 SE = {}",
            d.shape(),
            5.0 * se_var
        );
        let (lo, hi) = d.support();
        assert!(
            x.iter().all(|v| lo <= *v && *v <= hi),
            "{:?} left its support",
            d.shape()
        );
    }

    #[test]
    fn normal_moments() {
        let d = Distribution::normal(10.0, 2.0).unwrap();
        assert_eq!((d.mean(), d.variance()), (10.0, 4.0));
        check_moments(&d, 1);
    }

    #[test]
    fn lognormal_moments() {
        // GM 4, GSD 2: μ = ln 4, σ = ln 2; mean 4·exp(σ²/2) = 5.0859…,
        // variance (exp(σ²) − 1)·exp(2μ + σ²).
        let d = Distribution::lognormal(4.0, 2.0).unwrap();
        let s = 2f64.ln();
        assert!((d.mean() - 4.0 * (s * s / 2.0).exp()).abs() < 1e-12);
        assert!((d.variance() - (s * s).exp_m1() * 16.0 * (s * s).exp()).abs() < 1e-10);
        check_moments(&d, 2);
        // The median is the geometric mean; Q(Φ(1.96)) = GM·GSD^1.96.
        assert!((d.quantile(0.5).unwrap() - 4.0).abs() < 1e-12);
        let q = d.quantile(0.975).unwrap();
        assert!((q - 4.0 * 2f64.powf(1.959_963_984_540_054)).abs() < 1e-9);
        // GSD² form: the same distribution.
        let g2 = Distribution::lognormal_gsd2(4.0, 4.0).unwrap();
        assert_eq!(g2.quantile(0.9).unwrap(), d.quantile(0.9).unwrap());
    }

    #[test]
    fn triangular_moments() {
        // k_food, tropical wet: (0.17, 0.40, 0.70): mean 0.42333…,
        // variance (a²+b²+c²−ab−ac−bc)/18.
        let d = Distribution::triangular(0.17, 0.40, 0.70).unwrap();
        assert!((d.mean() - 1.27 / 3.0).abs() < 1e-15);
        let (a, c, b) = (0.17f64, 0.40f64, 0.70f64);
        let v = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
        assert!((d.variance() - v).abs() < 1e-15);
        check_moments(&d, 3);
        // Q at the mode's CDF value (c−a)/(b−a) is the mode.
        assert!((d.quantile((c - a) / (b - a)).unwrap() - c).abs() < 1e-12);
        // Right-angled triangles work too.
        check_moments(&Distribution::triangular(0.0, 0.0, 1.0).unwrap(), 31);
        check_moments(&Distribution::triangular(0.0, 1.0, 1.0).unwrap(), 32);
    }

    #[test]
    fn uniform_moments() {
        let d = Distribution::uniform(0.5, 0.7).unwrap();
        assert!((d.mean() - 0.6).abs() < 1e-15);
        assert!((d.variance() - 0.04 / 12.0).abs() < 1e-15);
        check_moments(&d, 4);
    }

    #[test]
    fn pert_moments() {
        // PERT(0, 1, 5): α = 1 + 4·1/5 = 1.8, β = 1 + 4·4/5 = 4.2; mean (0 + 4 + 5)/6 = 1.5,
        // variance (1.5 − 0)(5 − 1.5)/7 = 0.75, which equals the Beta variance
        // αβ/((α+β)²(α+β+1))·(b−a)² = 7.56/252·25.
        let d = Distribution::pert(0.0, 1.0, 5.0).unwrap();
        assert!((d.mean() - 1.5).abs() < 1e-15);
        assert!((d.variance() - 0.75).abs() < 1e-15);
        assert!((d.variance() - 1.8 * 4.2 / 252.0 * 25.0).abs() < 1e-12);
        check_moments(&d, 5);
        // The inverse-CDF path (Latin hypercube, `quantile`) against SciPy 1.17
        // `5 * scipy.stats.beta.ppf(u, 1.8, 4.2)`.
        for (u, q) in [
            (0.01, 0.115_672_630_961_323_55),
            (0.25, 0.817_157_487_611_371_7),
            (0.5, 1.383_361_296_962_594_4),
            (0.9, 2.726_670_252_167_91),
            (0.999, 4.287_757_843_693_392_5),
        ] {
            assert!((d.quantile(u).unwrap() - q).abs() < 1e-12, "Q({u})");
        }
        // Symmetric PERT: median = mode.
        let sym = Distribution::pert(0.6, 0.8, 1.0).unwrap();
        assert!((sym.quantile(0.5).unwrap() - 0.8).abs() < 1e-12);
        check_moments(&sym, 6);
        // Mode at an end (α = 1).
        check_moments(&Distribution::pert(0.0, 0.0, 2.0).unwrap(), 61);
    }

    #[test]
    fn discrete_moments_and_quantiles() {
        // MCF scenario set {0.6, 0.8, 1.0} weighted 1:2:1: mean 0.8, variance 0.02.
        let d = Distribution::discrete(vec![1.0, 0.6, 0.8], vec![1.0, 1.0, 2.0]).unwrap();
        assert!((d.mean() - 0.8).abs() < 1e-15);
        assert!((d.variance() - 0.02).abs() < 1e-15);
        check_moments(&d, 7);
        // Cumulative shares 0.25, 0.75, 1: Q(0.25) = 0.6, Q(0.2500001) = 0.8, Q(1) = 1.
        assert_eq!(d.quantile(0.25).unwrap(), 0.6);
        assert_eq!(d.quantile(0.250_000_1).unwrap(), 0.8);
        assert_eq!(d.quantile(1.0).unwrap(), 1.0);
        assert_eq!(d.quantile(0.0).unwrap(), 0.6);
        assert_eq!(d.central(), 0.8);
        // A value of weight 0 is never drawn.
        let z = Distribution::discrete(vec![0.0, 1.0, 2.0], vec![0.0, 1.0, 1.0]).unwrap();
        let s = sample_matrix(std::slice::from_ref(&z), 1000, 8).unwrap();
        assert!(s.column(0).unwrap().iter().all(|&v| v != 0.0));
        assert_eq!(z.support(), (1.0, 2.0));
    }

    #[test]
    fn truncated_normal_moments() {
        // A loss of 2 % ± 3 % that cannot be negative: truncated at 0.
        let d = Distribution::normal(0.02, 0.03)
            .unwrap()
            .bounded(Bounds::non_negative())
            .unwrap();
        // SciPy 1.17 `truncnorm.stats(-2/3, inf, loc=0.02, scale=0.03, moments="mv")`.
        assert!((d.mean() - 0.032_820_527_749_944_89).abs() < 1e-14);
        assert!((d.variance() - 0.000_479_223_513_213_995_1).abs() < 1e-15);
        check_moments(&d, 9);
        // Half-normal: N(0, 1) on [0, ∞) has mean √(2/π) and variance 1 − 2/π.
        let h = Distribution::normal(0.0, 1.0)
            .unwrap()
            .bounded(Bounds::non_negative())
            .unwrap();
        let pi = std::f64::consts::PI;
        assert!((h.mean() - (2.0 / pi).sqrt()).abs() < 1e-14);
        assert!((h.variance() - (1.0 - 2.0 / pi)).abs() < 1e-14);
        check_moments(&h, 10);
        // A fraction near 1, truncated on both sides.
        let f = Distribution::normal(0.9, 0.1)
            .unwrap()
            .bounded(Bounds::fraction())
            .unwrap();
        // SciPy: truncnorm.stats(-9, 1, loc=0.9, scale=0.1) = (0.87124000290608, 0.00629686285777).
        assert!((f.mean() - 0.871_240_002_906_082_2).abs() < 1e-13);
        assert!((f.variance() - 0.006_296_862_857_766_055).abs() < 1e-13);
        check_moments(&f, 11);
        // A wide symmetric window: mass 1 − 5.7e-7, moments almost untouched.
        let t = Distribution::normal(0.0, 1.0)
            .unwrap()
            .bounded(Bounds::new(-5.0, 5.0).unwrap())
            .unwrap();
        check_moments(&t, 12);
        // Bounds that cut nothing leave the moments alone.
        let w = Distribution::normal(3.0, 1.0)
            .unwrap()
            .bounded(Bounds::new(f64::NEG_INFINITY, f64::INFINITY).unwrap())
            .unwrap();
        assert_eq!((w.mean(), w.variance()), (3.0, 1.0));
    }

    #[test]
    fn truncated_normal_with_the_mean_at_a_bound() {
        // N(0, 1) on [1.5, 3]: the central value 0 lies outside, refused. N(2, 0.2) on [2, 3]
        // keeps the upper half (α = 0, β = 5).
        assert!(matches!(
            Distribution::normal(0.0, 1.0)
                .unwrap()
                .bounded(Bounds::new(1.5, 3.0).unwrap()),
            Err(UncertaintyError::CentralOutsideBounds { .. })
        ));
        let d = Distribution::normal(2.0, 0.2)
            .unwrap()
            .bounded(Bounds::new(2.0, 3.0).unwrap())
            .unwrap();
        check_moments(&d, 13);
    }

    #[test]
    fn truncated_lognormal_moments() {
        // A fraction with GM 0.5, GSD 2 cannot exceed 1: truncated at 1.
        let d = Distribution::lognormal(0.5, 2.0)
            .unwrap()
            .bounded(Bounds::fraction())
            .unwrap();
        // Against numerical integration (SciPy quad of x·pdf and x²·pdf over (0, 1], divided by
        // the CDF at 1): mean 0.46890240090541, variance 0.05171348538063.
        assert!((d.mean() - 0.468_902_400_905_411_6).abs() < 1e-11);
        assert!((d.variance() - 0.051_713_485_380_626_76).abs() < 1e-11);
        assert_eq!(d.support(), (0.0, 1.0));
        check_moments(&d, 14);
    }

    #[test]
    fn latin_hypercube_draws_have_the_same_moments() {
        for (i, d) in [
            Distribution::normal(10.0, 2.0).unwrap(),
            Distribution::pert(0.0, 1.0, 5.0).unwrap(),
            Distribution::lognormal(4.0, 2.0).unwrap(),
        ]
        .iter()
        .enumerate()
        {
            let s = sample_matrix_with(
                std::slice::from_ref(d),
                N,
                20 + i as u64,
                SamplingMethod::LatinHypercube,
            )
            .unwrap();
            check_column(d, s.column(0).unwrap());
        }
    }

    #[test]
    fn sample_uses_one_uniform_per_draw() {
        use crate::uncertainty::parameter_stream;
        let d = Distribution::normal(0.0, 1.0).unwrap();
        let mut a = parameter_stream(1, 0);
        let mut b = parameter_stream(1, 0);
        let x = d.sample(&mut a);
        let u = open_unit(b.next_u64());
        assert_eq!(x, d.quantile(u).unwrap());
        assert_eq!(a.next_u64(), b.next_u64());
    }

    #[test]
    fn zero_spread_shapes_are_constant() {
        for d in [
            Distribution::normal(5.0, 0.0).unwrap(),
            Distribution::lognormal(5.0, 1.0).unwrap(),
            Distribution::triangular(5.0, 5.0, 5.0).unwrap(),
            Distribution::uniform(5.0, 5.0).unwrap(),
            Distribution::pert(5.0, 5.0, 5.0).unwrap(),
            Distribution::discrete(vec![5.0, 5.0], vec![1.0, 2.0]).unwrap(),
            Distribution::fixed(5.0).unwrap(),
        ] {
            assert!(!d.has_spread(), "{:?}", d.shape());
            assert_eq!((d.central(), d.mean(), d.variance()), (5.0, 5.0, 0.0));
            assert_eq!(d.quantile(0.01).unwrap(), 5.0);
            assert_eq!(d.support(), (5.0, 5.0));
            // Bounds around the value are accepted; a constant is never truncated.
            assert!(d.clone().bounded(Bounds::non_negative()).is_ok());
        }
    }

    #[test]
    fn central_values() {
        assert_eq!(Distribution::normal(3.0, 1.0).unwrap().central(), 3.0);
        assert_eq!(Distribution::lognormal(4.0, 3.0).unwrap().central(), 4.0);
        assert_eq!(
            Distribution::triangular(0.17, 0.4, 0.7).unwrap().central(),
            0.4
        );
        assert_eq!(Distribution::pert(0.0, 1.0, 5.0).unwrap().central(), 1.0);
        assert_eq!(Distribution::uniform(0.5, 0.7).unwrap().central(), 0.6);
        // Discrete: largest weight, the first listed among ties.
        let d = Distribution::discrete(vec![0.8, 0.6, 1.0], vec![1.0, 1.0, 1.0]).unwrap();
        assert_eq!(d.central(), 0.8);
    }

    #[test]
    fn invalid_parameters_are_refused_with_clear_messages() {
        use UncertaintyError as E;
        let err = |r: Result<Distribution>| r.unwrap_err();
        assert_eq!(
            err(Distribution::normal(1.0, -0.1)),
            E::NegativeSd { sd: -0.1 }
        );
        assert_eq!(
            err(Distribution::normal(f64::NAN, 1.0)).to_string(),
            "normal mean must be a finite number, got NaN"
        );
        assert!(matches!(
            err(Distribution::normal(1.0, f64::INFINITY)),
            E::NotFinite { .. }
        ));
        assert!(matches!(
            err(Distribution::normal_relative(1.0, -0.03)),
            E::NegativeSd { .. }
        ));
        assert_eq!(
            err(Distribution::lognormal(0.0, 2.0)),
            E::NonPositiveGeometricMean {
                geometric_mean: 0.0
            }
        );
        assert_eq!(
            err(Distribution::lognormal(1.0, 0.5)),
            E::GsdBelowOne { gsd: 0.5 }
        );
        assert!(
            err(Distribution::lognormal(1.0, 0.5))
                .to_string()
                .contains("at least 1")
        );
        assert!(matches!(
            err(Distribution::lognormal_gsd2(1.0, 0.9)),
            E::GsdBelowOne { .. }
        ));
        assert_eq!(
            err(Distribution::triangular(0.4, 0.17, 0.7)).to_string(),
            "triangular: need min ≤ mode ≤ max, got min 0.4, mode 0.17, max 0.7"
        );
        assert!(matches!(
            err(Distribution::pert(0.0, 2.0, 1.0)),
            E::ThreePointOrder { shape: "pert", .. }
        ));
        assert!(matches!(
            err(Distribution::pert(0.0, f64::NAN, 1.0)),
            E::NotFinite { .. }
        ));
        assert_eq!(
            err(Distribution::uniform(2.0, 1.0)),
            E::UniformOrder { min: 2.0, max: 1.0 }
        );
        assert_eq!(
            err(Distribution::discrete(vec![], vec![])),
            E::DiscreteEmpty
        );
        assert_eq!(
            err(Distribution::discrete(vec![1.0, 2.0], vec![1.0])),
            E::DiscreteLengthMismatch {
                values: 2,
                weights: 1
            }
        );
        assert_eq!(
            err(Distribution::discrete(vec![1.0, 2.0], vec![1.0, -1.0])),
            E::NegativeWeight {
                index: 1,
                weight: -1.0
            }
        );
        assert_eq!(
            err(Distribution::discrete(vec![1.0, 2.0], vec![0.0, 0.0])),
            E::ZeroTotalWeight
        );
        assert!(matches!(
            err(Distribution::discrete(
                vec![1.0, 2.0],
                vec![f64::MAX, f64::MAX]
            )),
            E::NotFinite { .. }
        ));
        assert!(matches!(
            err(Distribution::fixed(f64::INFINITY)),
            E::NotFinite { .. }
        ));
    }

    #[test]
    fn invalid_bounds_are_refused() {
        use UncertaintyError as E;
        assert!(matches!(Bounds::new(1.0, 0.0), Err(E::BoundsOrder { .. })));
        assert!(matches!(
            Bounds::new(f64::NAN, 0.0),
            Err(E::BoundsOrder { .. })
        ));
        assert!(matches!(
            Bounds::new(f64::INFINITY, f64::INFINITY),
            Err(E::BoundsOrder { .. })
        ));
        // A bounded shape reaching past the bounds is not silently cut.
        let e = Distribution::triangular(-0.1, 0.2, 0.5)
            .unwrap()
            .bounded(Bounds::fraction())
            .unwrap_err();
        assert!(matches!(e, E::SupportOutsideBounds { .. }));
        assert!(
            e.to_string()
                .contains("set their min and max within the bounds")
        );
        // The central value must lie within.
        assert!(matches!(
            Distribution::normal(-1.0, 1.0)
                .unwrap()
                .bounded(Bounds::non_negative()),
            Err(E::CentralOutsideBounds { .. })
        ));
        // Bounds keeping almost no probability: a data error.
        let e = Distribution::normal(0.0, 1e-3)
            .unwrap()
            .bounded(Bounds::new(0.0, 1e-20).unwrap())
            .unwrap_err();
        assert!(matches!(e, E::NegligibleMass { .. }), "{e}");
        // A probability outside [0, 1].
        let d = Distribution::uniform(0.0, 1.0).unwrap();
        assert!(matches!(
            d.quantile(1.5),
            Err(E::ProbabilityOutOfRange { .. })
        ));
        assert!(matches!(
            d.quantile(f64::NAN),
            Err(E::ProbabilityOutOfRange { .. })
        ));
    }

    #[test]
    fn serialises_as_shape_and_bounds() {
        let d = Distribution::normal(0.02, 0.03)
            .unwrap()
            .bounded(Bounds::non_negative())
            .unwrap();
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::json!({"type": "normal", "mean": 0.02, "sd": 0.03,
                               "bounds": {"lower": 0.0, "upper": null}})
        );
        let l = Distribution::lognormal(4.0, 2.0).unwrap();
        assert_eq!(
            serde_json::to_value(&l).unwrap(),
            serde_json::json!({"type": "lognormal", "geometric_mean": 4.0,
                               "geometric_sd": 2.0, "bounds": null})
        );
    }
}
