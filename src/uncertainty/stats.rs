//! Summary statistics of one output series.
//!
//! * Mean: Σx/n. Standard deviation: the sample one, √(Σ(x − mean)²/(n − 1)) (two-pass);
//!   0 when n = 1. When all values are equal, the mean is that value exactly and sd is 0.
//! * Percentiles: Hyndman & Fan (1996) **type 7**, the default of R, NumPy (`linear`) and
//!   Excel's PERCENTILE.INC: on the sorted values x₀ ≤ … ≤ xₙ₋₁, h = (n − 1)p,
//!   Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). It is monotone in p, so P5 ≤ P10 ≤ P50 ≤ P90 ≤ P95.
//!   (statrs uses type 8; Brightway/NumPy cross-checks match type 7 exactly.)
//! * Histogram: [`HISTOGRAM_BINS`] equal-width bins over [min, max]; bin i is
//!   [edgeᵢ, edgeᵢ₊₁), the last bin also holds max, so the counts add up to n. When all values
//!   are equal (no spread) there is a single bin [min, max] holding all of them.

use serde::Serialize;

use super::error::UncertaintyError;

/// Number of histogram bins in a [`Summary`].
pub const HISTOGRAM_BINS: usize = 20;

/// The percentiles reported in a [`Summary`], as probabilities.
pub const PERCENTILES: [f64; 5] = [0.05, 0.10, 0.50, 0.90, 0.95];

/// Summary of one output over all draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 denominator; 0 for one value).
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// 5th percentile (type 7).
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest value.
    pub max: f64,
    /// Equal-width histogram over [min, max].
    pub histogram: Histogram,
}

/// Counts of values in equal-width bins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin edges, one more than the counts; the first edge is min, the last = max.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<usize>,
}

/// Summarises a series: mean, sd, min, max, P5, P10, P50, P90, P95 and a histogram. Fails on
/// an empty series or one holding NaN or an infinity.
pub fn summarize(values: &[f64]) -> Result<Summary, UncertaintyError> {
    check_finite(values)?;
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    Ok(summarize_sorted(values, &sorted))
}

/// [`summarize`] of finite, non-empty `values` whose ascending (`f64::total_cmp`) order
/// `sorted` is already known (from ranking them).
pub fn summarize_sorted(values: &[f64], sorted: &[f64]) -> Summary {
    debug_assert_eq!(values.len(), sorted.len());
    let n = values.len();
    let (min, max) = (sorted[0], sorted[n - 1]);
    let (mean, sd) = if min == max {
        // No spread: exact, free of summation rounding.
        (min, 0.0)
    } else {
        mean_sd(values)
    };
    let [p5, p10, p50, p90, p95] = PERCENTILES.map(|p| quantile_sorted(sorted, p));
    Summary {
        n,
        mean,
        sd,
        min,
        p5,
        p10,
        p50,
        p90,
        p95,
        max,
        histogram: histogram_sorted(sorted, HISTOGRAM_BINS),
    }
}

/// Mean and sample standard deviation (two-pass; sd = 0 for one value).
fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let ss: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

/// Fails on an empty series or a non-finite value (naming its position).
pub(crate) fn check_finite(values: &[f64]) -> Result<(), UncertaintyError> {
    if values.is_empty() {
        return Err(UncertaintyError::EmptyData);
    }
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(UncertaintyError::NonFiniteData {
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}

/// Hyndman–Fan type 7 quantile of ascending, non-empty, finite `sorted` at p ∈ [0, 1]
/// (p is clamped into [0, 1]). The interpolated value is clamped between its two
/// neighbours so rounding cannot break monotonicity.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = (h.floor() as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (sorted[lo], sorted[hi]);
    (a + (h - lo as f64) * (b - a)).clamp(a, b)
}

/// Histogram of ascending, non-empty `sorted` values in `bins` (≥ 1) equal-width bins over
/// [min, max]: edgeᵢ = min + i·(max − min)/bins (the last edge is max itself); a value x goes
/// to the bin i with edgeᵢ ≤ x < edgeᵢ₊₁, and max to the last bin. With no spread: one bin.
pub fn histogram_sorted(sorted: &[f64], bins: usize) -> Histogram {
    let (min, max) = match (sorted.first(), sorted.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => {
            return Histogram {
                edges: vec![],
                counts: vec![],
            };
        }
    };
    if min == max || bins <= 1 {
        return Histogram {
            edges: vec![min, max],
            counts: vec![sorted.len()],
        };
    }
    let width = (max - min) / bins as f64;
    let mut edges: Vec<f64> = (0..bins).map(|i| min + i as f64 * width).collect();
    edges.push(max);
    // The values are sorted, so one sweep assigns them: advance the bin while x has reached
    // the next edge (the last bin is closed on the right).
    let mut counts = vec![0usize; bins];
    let mut bin = 0;
    for &x in sorted {
        while bin + 1 < bins && x >= edges[bin + 1] {
            bin += 1;
        }
        counts[bin] += 1;
    }
    Histogram { edges, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_quantiles_match_numpy() {
        // numpy.percentile([1, 2, 3, 4, 10], [5, 10, 50, 90, 95]) (method "linear"):
        // h = 4p → 1.2, 1.4, 3.0, 7.6, 8.8.
        let s = summarize(&[4.0, 1.0, 10.0, 3.0, 2.0]).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(s.p5, 1.2) && close(s.p10, 1.4) && close(s.p50, 3.0));
        assert!(close(s.p90, 7.6) && close(s.p95, 8.8), "{s:?}");
        assert_eq!((s.min, s.max, s.n), (1.0, 10.0, 5));
        assert!(close(s.mean, 4.0));
        // Sample sd: Σ(x−4)² = 9+4+1+0+36 = 50; √(50/4).
        assert!(close(s.sd, (12.5f64).sqrt()));
    }

    #[test]
    fn percentiles_are_ordered() {
        let values: Vec<f64> = (0..997).map(|i| ((i * 7919) % 997) as f64 * 0.37).collect();
        let s = summarize(&values).unwrap();
        assert!(s.min <= s.p5 && s.p5 <= s.p10 && s.p10 <= s.p50);
        assert!(s.p50 <= s.p90 && s.p90 <= s.p95 && s.p95 <= s.max);
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let values: Vec<f64> = (0..=100).map(f64::from).collect();
        let s = summarize(&values).unwrap();
        let h = &s.histogram;
        assert_eq!(h.counts.len(), HISTOGRAM_BINS);
        assert_eq!(h.edges.len(), HISTOGRAM_BINS + 1);
        assert_eq!((h.edges[0], h.edges[HISTOGRAM_BINS]), (0.0, 100.0));
        assert_eq!(h.counts.iter().sum::<usize>(), 101);
        // Width 5: [0,5) holds 0..=4, five values; the last bin [95,100] holds six.
        assert_eq!(h.counts[0], 5);
        assert_eq!(h.counts[HISTOGRAM_BINS - 1], 6);
    }

    #[test]
    fn zero_spread_gives_one_bin_and_zero_sd() {
        let s = summarize(&[2.5; 40]).unwrap();
        assert_eq!(s.sd, 0.0);
        assert_eq!((s.p5, s.p50, s.p95), (2.5, 2.5, 2.5));
        assert_eq!(s.histogram.edges, vec![2.5, 2.5]);
        assert_eq!(s.histogram.counts, vec![40]);
        let one = summarize(&[7.0]).unwrap();
        assert_eq!((one.sd, one.p5, one.p95), (0.0, 7.0, 7.0));
    }

    #[test]
    fn empty_and_non_finite_series_are_errors() {
        assert_eq!(summarize(&[]).unwrap_err(), UncertaintyError::EmptyData);
        assert!(matches!(
            summarize(&[1.0, f64::INFINITY]).unwrap_err(),
            UncertaintyError::NonFiniteData { index: 1, .. }
        ));
    }
}
