//! Which inputs drive each output: Spearman rank correlation.
//!
//! Spearman's ρ (Spearman 1904) is Pearson's correlation of the ranks. Ties get the average of
//! the ranks they span ("fractional ranking"), so ρ is exact with ties and 1 for any strictly
//! increasing transform. An input or output with no spread (all ranks equal) gets ρ = 0, not
//! NaN: it cannot explain anything and nothing can explain it.
//!
//! Inputs are listed by |ρ|, largest first (ties by input order). The *variance share* of
//! input i is ρᵢ²/Σⱼρⱼ² (the "contribution to variance" of @RISK and Crystal Ball). It is a
//! ranking aid, not a variance decomposition: it is exact only for a model that is additive in
//! the ranks of independent inputs, ignores interactions, and is 0 for every input when all
//! ρ are 0.

use serde::Serialize;

use super::error::UncertaintyError;
use super::evaluate::Outputs;
use super::sampling::Samples;
use super::stats::check_finite;

/// One input's rank correlation with an output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSensitivity {
    /// Index of the input (parameter order of the sample matrix).
    pub input: usize,
    /// Spearman's ρ ∈ [−1, 1].
    pub rho: f64,
    /// ρ²/Σρ² over all inputs (0 when all ρ are 0).
    pub variance_share: f64,
}

/// The inputs of one output, ranked by |ρ|.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputSensitivity {
    /// Index of the output.
    pub output: usize,
    /// Every input, largest |ρ| first.
    pub inputs: Vec<InputSensitivity>,
}

/// Spearman ρ of every input column with every output column. Input ranks are computed once
/// and reused across outputs.
pub fn sensitivity(
    samples: &Samples,
    outputs: &Outputs,
) -> Result<Vec<OutputSensitivity>, UncertaintyError> {
    let output_ranks = outputs
        .columns()
        .iter()
        .map(|column| {
            check_finite(column)?;
            Ok(ranks(column))
        })
        .collect::<Result<Vec<_>, UncertaintyError>>()?;
    sensitivity_ranked(samples, &output_ranks)
}

/// [`sensitivity`] with the outputs already ranked (one rank column per output).
pub fn sensitivity_ranked(
    samples: &Samples,
    output_ranks: &[Vec<f64>],
) -> Result<Vec<OutputSensitivity>, UncertaintyError> {
    if let Some(r) = output_ranks.iter().find(|r| r.len() != samples.draws()) {
        return Err(UncertaintyError::LengthMismatch {
            left: samples.draws(),
            right: r.len(),
        });
    }
    let input_ranks: Vec<Vec<f64>> = samples.columns().iter().map(|c| ranks(c)).collect();
    // Each column's mean and spread once, not once per pair.
    let inputs: Vec<Moments<'_>> = input_ranks.iter().map(|r| Moments::of(r)).collect();
    let outputs: Vec<Moments<'_>> = output_ranks.iter().map(|r| Moments::of(r)).collect();
    Ok(outputs
        .iter()
        .enumerate()
        .map(|(output, out)| {
            let rhos: Vec<f64> = inputs.iter().map(|x| pearson(x, out)).collect();
            OutputSensitivity {
                output,
                inputs: rank_inputs(&rhos),
            }
        })
        .collect())
}

/// Inputs sorted by |ρ| (descending, stable), with their variance shares.
pub fn rank_inputs(rhos: &[f64]) -> Vec<InputSensitivity> {
    let total: f64 = rhos.iter().map(|r| r * r).sum();
    let mut inputs: Vec<InputSensitivity> = rhos
        .iter()
        .enumerate()
        .map(|(input, &rho)| InputSensitivity {
            input,
            rho,
            variance_share: if total > 0.0 { rho * rho / total } else { 0.0 },
        })
        .collect();
    inputs.sort_by(|a, b| b.rho.abs().total_cmp(&a.rho.abs()));
    inputs
}

/// Spearman's ρ between two paired series (same length, non-empty, finite).
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64, UncertaintyError> {
    if x.len() != y.len() {
        return Err(UncertaintyError::LengthMismatch {
            left: x.len(),
            right: y.len(),
        });
    }
    check_finite(x)?;
    check_finite(y)?;
    let (x, y) = (ranks(x), ranks(y));
    Ok(pearson(&Moments::of(&x), &Moments::of(&y)))
}

/// Fractional ranks 1..=n of finite values; tied values share the mean of their ranks.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    ranks_and_sorted(values).0
}

/// [`ranks`] and the values in ascending (`f64::total_cmp`) order, from one sort: the
/// summary statistics of an output read its percentiles from the same order its Spearman
/// ranks come from.
pub fn ranks_and_sorted(values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = values.len();
    let mut ranks = vec![0.0; n];
    if values.windows(2).all(|w| w[0] == w[1]) {
        // No spread (a fixed input): one tie over all positions. Equal as `==` sees them
        // may still mix −0 and +0, which the total order puts apart.
        ranks.fill((n + 1) as f64 / 2.0);
        let mut sorted = values.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        return (ranks, sorted);
    }
    let order = total_order(values);
    let sorted: Vec<f64> = order.iter().map(|&k| values[k as usize]).collect();
    let mut i = 0;
    while i < n {
        // Ties are equal values (−0 and +0 included), as `==` sees them.
        let v = sorted[i];
        let mut j = i + 1;
        while j < n && sorted[j] == v {
            j += 1;
        }
        // Positions i..j (0-based) hold ranks i+1..=j; their mean is (i + 1 + j)/2.
        let rank = (i + 1 + j) as f64 / 2.0;
        for &k in &order[i..j] {
            ranks[k as usize] = rank;
        }
        i = j;
    }
    (ranks, sorted)
}

/// The positions of `values` in `f64::total_cmp` order (equal values in any order).
///
/// Each value's bits are mapped so that unsigned order is `total_cmp` order, then sorted in
/// two steps: a least-significant-digit radix sort on the high 32 bits of that key, packed
/// with the position into one `u64`, and a sort of each run that shares its high half by
/// the whole key. For the 10⁴–10⁵ draws of a Monte Carlo the runs are short (the high half
/// keeps 20 bits of mantissa), and 8-byte items sorted on four bytes at most move half the
/// memory in half the passes of 16-byte (key, position) pairs sorted on all eight: the
/// ranking's share of a waste-to-energy Monte Carlo fell from 12 % to 8 % with it. Every
/// input and output column of a sensitivity analysis is ranked.
fn total_order(values: &[f64]) -> Vec<u32> {
    const HIGH: u64 = !0xffff_ffff;
    let key = |v: f64| {
        let b = v.to_bits();
        if b >> 63 == 1 { !b } else { b | (1 << 63) }
    };
    let mut packed: Vec<u64> = values
        .iter()
        .zip(0u32..)
        .map(|(&v, i)| (key(v) & HIGH) | u64::from(i))
        .collect();
    radix_sort_high_half(&mut packed);
    let mut order: Vec<u32> = packed.iter().map(|&p| p as u32).collect();
    let mut i = 0;
    while i < packed.len() {
        let high = packed[i] & HIGH;
        let mut j = i + 1;
        while j < packed.len() && packed[j] & HIGH == high {
            j += 1;
        }
        if j - i > 1 {
            order[i..j].sort_unstable_by_key(|&k| key(values[k as usize]));
        }
        i = j;
    }
    order
}

/// Sorts `items` by their high 32 bits: least-significant-digit radix sort on those four
/// bytes, each pass a stable counting sort, passes where every item has the same byte
/// skipped. The low half (a position) rides along, in its original order among equals.
fn radix_sort_high_half(items: &mut Vec<u64>) {
    let n = items.len();
    let mut spare = vec![0u64; n];
    // The counts of every byte position in one read (a pass keeps them valid: it only
    // reorders). All but the top byte: that one (the sign and the high exponent bits) is
    // nearly always one value, and counting it would make each count wait for the last, a
    // chain through one counter as long as the column. Whether it varies at all comes from
    // the same read, and it is counted on its own only then.
    let mut all_counts = [[0usize; 256]; 4];
    let (mut all, mut any) = (!0u64, 0u64);
    for &k in items.iter() {
        for (b, counts) in all_counts[..3].iter_mut().enumerate() {
            counts[((k >> (32 + 8 * b)) & 0xff) as usize] += 1;
        }
        all &= k;
        any |= k;
    }
    if (all ^ any) >> 56 == 0 {
        all_counts[3][(all >> 56) as usize] = n;
    } else {
        for &k in items.iter() {
            all_counts[3][(k >> 56) as usize] += 1;
        }
    }
    for (b, mut counts) in all_counts.into_iter().enumerate() {
        let shift = 32 + 8 * b;
        if counts.contains(&n) {
            continue;
        }
        let mut next = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = next;
            next += here;
        }
        for &k in items.iter() {
            let d = ((k >> shift) & 0xff) as usize;
            spare[counts[d]] = k;
            counts[d] += 1;
        }
        std::mem::swap(items, &mut spare);
    }
}

/// A series with its mean and its sum of squared deviations: what Pearson's r needs of
/// each series, computed once per column.
struct Moments<'a> {
    values: &'a [f64],
    mean: f64,
    squares: f64,
}

impl<'a> Moments<'a> {
    fn of(values: &'a [f64]) -> Self {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let squares = values
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .fold(0.0, |s, d| s + d);
        Moments {
            values,
            mean,
            squares,
        }
    }
}

/// Pearson's r of two equal-length series, clamped to [−1, 1]; 0 if either has no spread.
fn pearson(x: &Moments<'_>, y: &Moments<'_>) -> f64 {
    if x.squares == 0.0 || y.squares == 0.0 {
        return 0.0;
    }
    let (mx, my) = (x.mean, y.mean);
    let sxy = x
        .values
        .iter()
        .zip(y.values)
        .fold(0.0, |s, (a, b)| s + (a - mx) * (b - my));
    (sxy / (x.squares * y.squares).sqrt()).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sort_orders_the_high_half_like_a_stable_comparison_sort() {
        // High halves spread over all four bytes, repeated, and differing in one byte only;
        // the low half is the position, which a stable sort keeps in order among equals.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut items: Vec<u64> = (0..5000u64)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let high = match i % 3 {
                    0 => x >> 32,
                    1 => (x >> 32) & 0xff00,
                    _ => 42,
                };
                (high << 32) | i
            })
            .collect();
        let mut want = items.clone();
        want.sort_by_key(|k| k >> 32);
        radix_sort_high_half(&mut items);
        assert_eq!(items, want);
    }

    #[test]
    fn values_that_share_their_high_half_are_ordered_by_the_rest() {
        // 1 + i·ε: every value has the same high 32 bits, so the whole order comes from the
        // sort of one long run; and pairs 2⁻³⁰ apart, which share it two by two.
        let mut values: Vec<f64> = (0..3000)
            .rev()
            .map(|i| 1.0 + i as f64 * f64::EPSILON)
            .collect();
        values.extend(
            (0..500).map(|i| 2.0 + (i % 250) as f64 / 250.0 + (i / 250) as f64 * 2f64.powi(-30)),
        );
        let order = total_order(&values);
        let got: Vec<f64> = order.iter().map(|&k| values[k as usize]).collect();
        let mut want = values.clone();
        want.sort_unstable_by(f64::total_cmp);
        assert_eq!(got, want);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert!(seen.iter().copied().eq(0..values.len() as u32));
    }

    use crate::uncertainty::{Distribution, evaluate, sample_matrix};

    #[test]
    fn one_sort_gives_the_ranks_and_the_total_order() {
        // Negative, zero of both signs, repeated and spread values: the sorted copy equals a
        // comparison sort by `f64::total_cmp`, and the summary from it equals `summarize`'s.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut values: Vec<f64> = (0..3000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match i % 7 {
                    0 => -0.0,
                    1 => 0.0,
                    2 => 42.5,
                    _ => (x as f64 / u64::MAX as f64 - 0.4) * 1e6,
                }
            })
            .collect();
        values.push(-1e-300);
        let (r, sorted) = ranks_and_sorted(&values);
        let mut expected = values.clone();
        expected.sort_unstable_by(f64::total_cmp);
        assert_eq!(
            sorted.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            expected.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(r, ranks(&values));
        assert_eq!(
            crate::uncertainty::stats::summarize_sorted(&values, &sorted),
            crate::uncertainty::summarize(&values).unwrap()
        );
        // A column with no spread but both signs of zero.
        let zeros = [0.0, -0.0, 0.0, -0.0];
        let (r, sorted) = ranks_and_sorted(&zeros);
        assert_eq!(r, vec![2.5; 4]);
        assert_eq!(
            sorted.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            [-0.0f64, -0.0, 0.0, 0.0].map(f64::to_bits).to_vec()
        );
    }

    #[test]
    fn ties_get_average_ranks() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 30.0]), vec![1.5, 3.0, 1.5, 4.0]);
        assert_eq!(ranks(&[5.0, 5.0, 5.0]), vec![2.0, 2.0, 2.0]);
    }

    #[test]
    fn monotone_transforms_have_rho_one() {
        let x: Vec<f64> = (0..500)
            .map(|i| ((i * 37) % 500) as f64 / 50.0 - 3.0)
            .collect();
        let up: Vec<f64> = x.iter().map(|v| v.exp() + v * v * v).collect();
        let down: Vec<f64> = x.iter().map(|v| -v.exp()).collect();
        assert!((spearman(&x, &up).unwrap() - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &down).unwrap() + 1.0).abs() < 1e-12);
    }

    #[test]
    fn textbook_value_with_ties() {
        // x = [1, 2, 3, 4, 5], y = [2, 1, 4, 3, 5]: Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8.
        let r = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0]).unwrap();
        assert!((r - 0.8).abs() < 1e-12);
        // With ties: y ranks [1.5, 1.5, 3, 4, 5] against x ranks 1..5: Pearson on the ranks
        // gives Σdxdy = 9.5, Σdx² = 10, Σdy² = 9.5, ρ = 9.5/√95 = 0.9746794344808963.
        let r = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[7.0, 7.0, 8.0, 9.0, 10.0]).unwrap();
        assert!((r - 0.974_679_434_480_896_3).abs() < 1e-12, "{r}");
    }

    #[test]
    fn constant_series_give_zero_not_nan() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]).unwrap(), 0.0);
        assert_eq!(spearman(&[2.0, 2.0], &[1.0, 3.0]).unwrap(), 0.0);
        assert_eq!(
            spearman(&[1.0], &[1.0, 2.0]).unwrap_err(),
            UncertaintyError::LengthMismatch { left: 1, right: 2 }
        );
        assert_eq!(spearman(&[], &[]).unwrap_err(), UncertaintyError::EmptyData);
    }

    #[test]
    fn ranking_finds_the_driver() {
        // y = 10·a + b + 0·c with a and b of equal spread: a dominates, c (fixed) is 0.
        let s = sample_matrix(
            &[
                Distribution::uniform(0.0, 1.0).unwrap(),
                Distribution::uniform(0.0, 1.0).unwrap(),
                Distribution::fixed(3.0).unwrap(),
            ],
            5000,
            17,
        )
        .unwrap();
        let out = evaluate(
            &s,
            |r: &[f64]| Ok::<_, String>(vec![10.0 * r[0] + r[1] + r[2]]),
            1,
        )
        .unwrap();
        let sens = sensitivity(&s, &out).unwrap();
        assert_eq!(sens.len(), 1);
        let order: Vec<usize> = sens[0].inputs.iter().map(|i| i.input).collect();
        assert_eq!(order, vec![0, 1, 2]);
        assert!(sens[0].inputs[0].rho > 0.95);
        assert_eq!(sens[0].inputs[2].rho, 0.0);
        let shares: f64 = sens[0].inputs.iter().map(|i| i.variance_share).sum();
        assert!((shares - 1.0).abs() < 1e-12);
        assert!(sens[0].inputs[0].variance_share > 0.9);
    }

    #[test]
    fn all_zero_rhos_give_zero_shares() {
        let r = rank_inputs(&[0.0, 0.0]);
        assert!(r.iter().all(|i| i.variance_share == 0.0 && i.rho == 0.0));
    }
}
