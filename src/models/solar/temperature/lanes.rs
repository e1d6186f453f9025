//! One number or four: the type the Fuentes update is written over, so that one body serves
//! the reference path (`f64`, glibc's `exp` and `ln`) and the four-lane path ([`Wide`],
//! compiled for AVX2 and FMA by [`super::lockstep`]), where the update of four independent
//! days is evaluated at once.
//!
//! The four-lane `exp` and `ln` are written here as branch-free polynomials, because the
//! update's time is its four exponentials and three logarithms, and glibc computes one value
//! per call. Both are the textbook reductions: Cody and Waite's additive reduction
//! x = k·ln 2 + r for exp (W. J. Cody, W. Waite, "Software Manual for the Elementary
//! Functions", Prentice-Hall, 1980), and for ln the exponent split with
//! ln(1 + f) = 2·atanh(f/(2 + f)), summed as in fdlibm's `e_log.c` (Sun Microsystems, 1993);
//! J.-M. Muller, "Elementary Functions", 3rd ed., Birkhäuser, 2016, treats both. The series
//! are Taylor's (1/k! and 2/(2k + 1)), evaluated by Estrin's scheme so that the terms of one
//! polynomial proceed in parallel. Measured against glibc over their whole range in the tests
//! below: exp at most 2 ulp apart, ln 1 ulp.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A number type for the Fuentes update: `f64`, or four `f64` lanes. Comparisons give a
/// [`Lanes::Mask`], and [`Lanes::select`] takes the place of `if`, so that every lane runs
/// the same instructions; with `f64` it is an ordinary branch.
pub(super) trait Lanes:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    type Mask: Copy;
    fn splat(x: f64) -> Self;
    fn ln(self) -> Self;
    fn exp(self) -> Self;
    fn abs(self) -> Self;
    fn sqrt(self) -> Self;
    /// Lanes above `x`.
    fn gt(self, x: f64) -> Self::Mask;
    /// Lanes that are not zero.
    fn nonzero(self) -> Self::Mask;
    /// `a` where the mask is set, else `b`.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// `a()` where the mask is set, else `b()`: for `f64` only the chosen one is computed
    /// (for the costly ones; lanes compute both).
    fn choose(m: Self::Mask, a: impl FnOnce() -> Self, b: impl FnOnce() -> Self) -> Self;
}

impl Lanes for f64 {
    type Mask = bool;
    #[inline(always)]
    fn splat(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn ln(self) -> Self {
        f64::ln(self)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        f64::exp(self)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f64::abs(self)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn gt(self, x: f64) -> bool {
        self > x
    }
    #[inline(always)]
    fn nonzero(self) -> bool {
        self != 0.0
    }
    #[inline(always)]
    fn select(m: bool, a: Self, b: Self) -> Self {
        if m { a } else { b }
    }
    #[inline(always)]
    fn choose(m: bool, a: impl FnOnce() -> Self, b: impl FnOnce() -> Self) -> Self {
        if m { a() } else { b() }
    }
}

/// Four `f64` lanes. Every operation is one loop over the lanes, which the compiler turns
/// into one vector instruction where the target has them (AVX2 in [`super::lockstep`]); so
/// `exp` and `ln` are written as sequences of such operations (a whole polynomial mapped
/// over the lanes stayed scalar).
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(32))]
pub(super) struct Wide(pub [f64; WIDTH]);

/// Lanes of [`Wide`]: four, one AVX2 register. (Eight, two registers per value, measured
/// 1.7 times slower on the Fuentes year: the compiler no longer vectorised every operation.)
pub(super) const WIDTH: usize = 4;

impl Wide {
    /// The lanes of `f(i)`, i = 0..WIDTH.
    #[inline(always)]
    pub fn from_fn(f: impl FnMut(usize) -> f64) -> Self {
        Wide(std::array::from_fn(f))
    }

    #[inline(always)]
    fn map(self, f: impl Fn(f64) -> f64) -> Self {
        Wide(self.0.map(f))
    }

    #[inline(always)]
    fn zip(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        Wide(std::array::from_fn(|i| f(self.0[i], o.0[i])))
    }

    /// self·a + b, rounded once.
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Wide::from_fn(|i| self.0[i].mul_add(a.0[i], b.0[i]))
    }

    #[inline(always)]
    fn to_bits(self) -> [u64; WIDTH] {
        self.0.map(f64::to_bits)
    }

    #[inline(always)]
    fn from_bits(b: [u64; WIDTH]) -> Self {
        Wide(b.map(f64::from_bits))
    }

    /// All ones in the lanes where `f` holds, zero elsewhere.
    #[inline(always)]
    fn mask(self, f: impl Fn(f64) -> bool) -> [u64; WIDTH] {
        self.0.map(|a| if f(a) { u64::MAX } else { 0 })
    }

    #[inline(always)]
    fn lt(self, x: f64) -> [u64; WIDTH] {
        self.mask(|a| a < x)
    }

    #[inline(always)]
    fn ge(self, x: f64) -> [u64; WIDTH] {
        self.mask(|a| a >= x)
    }

    #[inline(always)]
    fn eq(self, x: f64) -> [u64; WIDTH] {
        self.mask(|a| a == x)
    }
}

macro_rules! lane_ops {
    ($($trait:ident $method:ident $op:tt),*) => {$(
        impl $trait for Wide {
            type Output = Wide;
            #[inline(always)]
            fn $method(self, o: Wide) -> Wide {
                self.zip(o, |a, b| a $op b)
            }
        }
        impl $trait<f64> for Wide {
            type Output = Wide;
            #[inline(always)]
            fn $method(self, o: f64) -> Wide {
                self.map(|a| a $op o)
            }
        }
    )*};
}
lane_ops!(Add add +, Sub sub -, Mul mul *, Div div /);

impl Neg for Wide {
    type Output = Wide;
    #[inline(always)]
    fn neg(self) -> Wide {
        self.map(|a| -a)
    }
}

impl Lanes for Wide {
    /// All ones in a lane where set (so that a select is two bitwise operations).
    type Mask = [u64; WIDTH];
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Wide([x; WIDTH])
    }
    #[inline(always)]
    fn ln(self) -> Self {
        ln4(self)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        exp4(self)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        self.map(f64::abs)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        self.map(f64::sqrt)
    }
    #[inline(always)]
    fn gt(self, x: f64) -> [u64; WIDTH] {
        self.mask(|a| a > x)
    }
    #[inline(always)]
    fn nonzero(self) -> [u64; WIDTH] {
        self.mask(|a| a != 0.0)
    }
    #[inline(always)]
    fn select(m: [u64; WIDTH], a: Self, b: Self) -> Self {
        Wide::from_fn(|i| f64::from_bits((a.0[i].to_bits() & m[i]) | (b.0[i].to_bits() & !m[i])))
    }
    #[inline(always)]
    fn choose(m: [u64; WIDTH], a: impl FnOnce() -> Self, b: impl FnOnce() -> Self) -> Self {
        Wide::select(m, a(), b())
    }
}

/// 1.5·2⁵²: adding it rounds a value below 2⁵¹ to an integer, which its low bits then hold.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// ln 2 split so that k·LN2_HI is exact for |k| < 2²⁰ (fdlibm's constants).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// Estrin's scheme: Σ c_k·x^k for up to 16 coefficients, the pairs and their powers of x
/// computed side by side.
#[inline(always)]
fn estrin(x: Wide, c: &[f64]) -> Wide {
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let at = |k: usize| Wide::splat(c.get(k).copied().unwrap_or(0.0));
    let pair = |k: usize| at(k + 1).mul_add(x, at(k));
    let quad = |k: usize| pair(k + 2).mul_add(x2, pair(k));
    let oct = |k: usize| quad(k + 4).mul_add(x4, quad(k));
    if c.len() <= 8 {
        oct(0)
    } else {
        oct(8).mul_add(x8, oct(0))
    }
}

/// 1/k!, k = 0..=13: e^r to 2·10⁻¹⁷ relative for |r| ≤ ln 2/2.
const EXP_TAYLOR: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// e^x of four lanes without a branch: x = k·ln 2 + r with |r| ≤ ln 2/2, and
/// e^x = 2·e^r · 2^(k−1) (the factor 2 keeps 2^(k−1) a normal number up to x = ln(f64::MAX)).
/// Results below 3.3·10⁻³⁰⁸ (x < −708) are flushed to zero; above f64::MAX, infinite; NaN
/// stays NaN.
#[inline(always)]
fn exp4(x: Wide) -> Wide {
    const LOWEST: f64 = -708.0;
    const HIGHEST: f64 = 709.782_712_893_384; // ln(f64::MAX)
    let splat = Wide::splat;
    // Comparisons are false for NaN, which passes through.
    let (low, high) = (x.lt(LOWEST), x.gt(HIGHEST));
    let xc = Wide::select(low, splat(LOWEST), Wide::select(high, splat(HIGHEST), x));
    let y = xc.mul_add(splat(std::f64::consts::LOG2_E), splat(ROUND_SHIFT));
    let k = y - ROUND_SHIFT;
    let r = k.mul_add(splat(-LN2_LO), k.mul_add(splat(-LN2_HI), xc));
    // The low bits of y are k; shifted into the exponent field with bias 1023 − 1.
    let scale = Wide::from_bits(
        y.to_bits()
            .map(|b| b.wrapping_sub(ROUND_SHIFT.to_bits()).wrapping_add(1022) << 52),
    );
    let e = estrin(r, &EXP_TAYLOR) * 2.0 * scale;
    Wide::select(low, splat(0.0), Wide::select(high, splat(f64::INFINITY), e))
}

/// 2/(2k + 3), k = 0..=9: R(z) = z·Σ c_k·z^k, the tail of ln(1 + f) = 2s + s·R(s²) with
/// s = f/(2 + f), to 10⁻¹⁷ relative for √½ ≤ 1 + f ≤ √2 (|s| ≤ 0.1716).
const LN_ATANH: [f64; 10] = [
    2.0 / 3.0,
    2.0 / 5.0,
    2.0 / 7.0,
    2.0 / 9.0,
    2.0 / 11.0,
    2.0 / 13.0,
    2.0 / 15.0,
    2.0 / 17.0,
    2.0 / 19.0,
    2.0 / 21.0,
];

/// ln x of four lanes without a branch: x = 2^e·(1 + f) with √½ ≤ 1 + f < √2, and
/// ln(1 + f) = 2·atanh(f/(2 + f)), summed as f − (f²/2 − s·(f²/2 + R)) (2s = f − s·f) so
/// that the exact f leads. Subnormal x is scaled by 2⁵⁴ first; ln 0 = −∞, ln ∞ = ∞, and
/// negative x or NaN give NaN.
#[inline(always)]
fn ln4(x: Wide) -> Wide {
    const MANTISSA: u64 = (1 << 52) - 1;
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let splat = Wide::splat;
    let tiny = x.lt(f64::MIN_POSITIVE);
    let bits = Wide::select(tiny, x * 18_014_398_509_481_984.0, x).to_bits(); // 2⁵⁴
    let m = Wide::from_bits(bits.map(|b| (b & MANTISSA) | 1.0f64.to_bits()));
    let big = m.gt(std::f64::consts::SQRT_2);
    let f = Wide::select(big, m * 0.5, m) - 1.0;
    // The biased exponent as a float, exactly (it is below 2⁵²).
    let biased = Wide::from_bits(bits.map(|b| ((b >> 52) & 0x7ff) | TWO_52.to_bits())) - TWO_52;
    let e = biased - Wide::select(tiny, splat(1077.0), splat(1023.0))
        + Wide::select(big, splat(1.0), splat(0.0));
    let s = f / (f + 2.0);
    let z = s * s;
    let r = z * estrin(z, &LN_ATANH);
    let half_f2 = f * 0.5 * f;
    let v = e.mul_add(
        splat(LN2_HI),
        f - (half_f2 - s.mul_add(half_f2 + r, e * LN2_LO)),
    );
    let v = Wide::select(x.eq(0.0), splat(f64::NEG_INFINITY), v);
    let v = Wide::select(x.eq(f64::INFINITY), splat(f64::INFINITY), v);
    // NaN and x < 0 fail the comparison, and give NaN.
    Wide::select(x.ge(0.0), v, splat(f64::NAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between two finite values of one sign.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    /// A deterministic spread of values over [lo, hi]: a fine even grid and a scrambled one.
    fn samples(lo: f64, hi: f64, n: u64) -> impl Iterator<Item = f64> {
        (0..=n).flat_map(move |i| {
            let even = lo + (hi - lo) * i as f64 / n as f64;
            let odd = lo
                + (hi - lo) * ((i.wrapping_mul(2_654_435_761) % (n + 1)) as f64 + 0.5)
                    / (n + 1) as f64;
            [even, odd]
        })
    }

    /// The largest distance between `four` applied four lanes at a time and `one`.
    fn worst_ulps(
        xs: impl Iterator<Item = f64>,
        four: fn(Wide) -> Wide,
        one: fn(f64) -> f64,
    ) -> u64 {
        let xs: Vec<f64> = xs.collect();
        let mut worst = 0;
        for c in xs.chunks(4) {
            let x = Wide::from_fn(|i| c[i % c.len()]);
            let got = four(x);
            for i in 0..WIDTH {
                let d = ulps(got.0[i], one(x.0[i]));
                assert!(
                    d <= 2,
                    "{}: {} against glibc {}",
                    x.0[i],
                    got.0[i],
                    one(x.0[i])
                );
                worst = worst.max(d);
            }
        }
        worst
    }

    #[test]
    fn exp_is_within_two_ulp_of_glibc() {
        // Expected values: glibc's exp (correctly rounded in almost all cases), over the
        // whole normal range and closely around 0, where the Fuentes update calls it.
        // Measured: 2 ulp at most.
        let xs = samples(-708.0, 709.78, 400_000).chain(samples(-1.0, 1.0, 100_000));
        let worst = worst_ulps(xs, exp4, f64::exp);
        assert!(
            worst >= 1,
            "a polynomial that never differs from glibc is suspicious"
        );
    }

    #[test]
    fn ln_is_within_two_ulp_of_glibc() {
        // Expected values: glibc's log, from subnormals to the largest finite value, and
        // around 1 (where ln is small and relative error is hardest to keep). Measured:
        // 1 ulp at most.
        let xs = samples(-1074.0, 1023.9, 400_000)
            .map(f64::exp2)
            .chain(samples(0.5, 2.0, 200_000));
        worst_ulps(xs, ln4, f64::ln);
    }

    #[test]
    fn special_values_follow_ieee() {
        let e = exp4(Wide::from_fn(|i| {
            [0.0, -800.0, f64::NEG_INFINITY, 710.0][i % 4]
        }));
        assert_eq!(e.0[..4], [1.0, 0.0, 0.0, f64::INFINITY]);
        assert!(exp4(Wide::splat(f64::NAN)).0[0].is_nan());
        let l = ln4(Wide::from_fn(|i| [1.0, 0.0, f64::INFINITY, -1.0][i % 4]));
        assert_eq!(&l.0[..3], &[0.0, f64::NEG_INFINITY, f64::INFINITY]);
        assert!(l.0[3].is_nan());
        assert!(ln4(Wide::splat(f64::NAN)).0[0].is_nan());
    }

    #[test]
    fn four_lanes_are_four_scalars() {
        let x = Wide::from_fn(|i| [0.3, -2.0, 250.0, 1e-5][i % 4]);
        let y = Wide::from_fn(|i| [1.5, 7.0, -0.25, 3.0][i % 4]);
        let want = std::array::from_fn(|i| x.0[i] * y.0[i] + x.0[i] / y.0[i] - y.0[i]);
        assert_eq!((x * y + x / y - y).0, want);
        let m = x.gt(0.0);
        assert_eq!(Wide::select(m, x, y).0[..4], [0.3, 7.0, 250.0, 1e-5]);
    }
}
