//! Probability distributions of uncertain parameters, on SI magnitudes.
//!
//! A [`Distribution`] is built from a [`Shape`] (what the catalog wrote) and optional physical
//! [`Bounds`]. Constructors validate everything, so a `Distribution` that exists can always be
//! sampled without panics and without NaN.
//!
//! Every draw is made by inverse-CDF sampling: one uniform u ∈ (0, 1) goes through the
//! quantile function Q(u). This costs exactly one uniform per draw, makes truncation exact
//! (u is mapped onto the kept part of the CDF; no rejection loop), and lets Latin hypercube
//! sampling stratify u.
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
        Ok(Distribution {
            shape,
            bounds: None,
            kernel,
        })
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
    /// must lie within the bounds in every case.
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
        Ok(Distribution {
            shape: self.shape,
            bounds: Some(bounds),
            kernel,
        })
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
    /// μ + σ(φ(α) − φ(β))/Z. Truncated lognormal: E[X] = exp(μ + σ²/2)·(Φ(β−σ) − Φ(α−σ))/Z
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
    /// E[X²] − E[X]² with E[Xᵏ] = exp(kμ + k²σ²/2)·(Φ(β−kσ) − Φ(α−kσ))/Z (clamped at 0).
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

    /// One draw from `rng`: u from the next 64 random bits (see
    /// [`open_unit`](super::sampling::open_unit)), then Q(u).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self.kernel {
            Kernel::Constant(v) => v,
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
                Kernel::Pert {
                    min,
                    max,
                    alpha: 1.0 + PERT_LAMBDA * (mode - min) / w,
                    beta: 1.0 + PERT_LAMBDA * (max - mode) / w,
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

/// E[Xᵏ] of a lognormal (μ, σ) truncated to [α, β] on the z scale:
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
