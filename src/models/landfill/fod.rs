//! The first-order-decay (FOD) model of CDM TOOL04, "Emissions from solid waste disposal
//! sites", Application B (the project prevents disposal), in its yearly and monthly forms.
//!
//! # The equation (yearly form)
//!
//! ```text
//! BE_CH4,SWDS,y = φ · (1 − f) · (1 − OX) · 16/12 · F · DOC_f · MCF
//!                 · Σ_{x=1..y} Σ_j W_j,x · DOC_j · e^(−k_j·(y−x)) · (1 − e^(−k_j))
//! ```
//!
//! * `W_j,x` (t, wet): waste of type j composted (so not disposed of) in year x;
//! * `DOC_j` (t C/t wet) and `k_j` (1/yr): degradable organic carbon and decay constant;
//! * `DOC_f`: share of DOC that decomposes; `MCF`: methane correction factor of the site;
//! * `F`: methane share of the landfill gas by volume; 16/12: mass of CH4 per mass of C;
//! * `OX`: oxidised share; `f`: captured share; `φ`: model-correction factor.
//!
//! TOOL04 multiplies by GWP_CH4 to give t CO2e. Here the result stays a [`GasMass<Ch4>`]
//! and is converted with [`GasMass::to_co2e`] and a [`crate::units::ghg::GwpSet`] by the
//! caller.
//!
//! Waste disposed of in year x starts decaying in that year: the kernel at `y = x` is
//! `1 − e^(−k)`, not zero.
//!
//! # The monthly form
//!
//! The same sum over months with `k_j/12`: the methane of month M is
//! `Σ_{m ≤ M} W_j,m · DOC_j · e^(−k_j·(M−m)/12) · (1 − e^(−k_j/12))`, and a year's methane
//! is the sum of its twelve months. With waste spread over the year, year 1 is lower than in
//! the yearly form (the yearly form treats the whole year's waste as disposed of on its
//! first day); the two converge as the stream reaches steady state, and both release the
//! same total.
//!
//! # Linearity
//!
//! For one waste type and one site the methane is proportional to
//! `W · DOC · DOC_f · MCF · F · φ · (1 − f) · (1 − OX)`; only k changes its timing. So a
//! Monte Carlo may recompute the decay kernel for each k and scale the rest.
//!
//! # References
//! CDM methodological tool TOOL04 v08.0, Application B, yearly form; monthly form per a
//! public implementation of v08.1 (\[secondary\]). IPCC 2006 Guidelines
//! Vol. 5 Ch. 3, Eq. 3.2 (DDOCm) and the FOD mass balance.

use uom::si::ratio::ratio;
use uom::si::time::year;

use super::error::{WasteResult, check_fraction_at};
use super::site::DisposalSite;
use super::waste::DecayProperties;
use crate::units::ghg::{Ch4, GasMass, GasPerMass};
use crate::units::{AnnualRate, Mass, Ratio, Time};

/// Which form of the TOOL04 equation to use.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FodTimeStep {
    /// Yearly form: each year's waste starts decaying at the start of that year.
    #[default]
    Yearly,
    /// Monthly form: waste spread evenly over the twelve months, decay with k/12.
    Monthly,
}

impl FodTimeStep {
    /// Time steps per year.
    pub fn steps_per_year(self) -> usize {
        match self {
            FodTimeStep::Yearly => 1,
            FodTimeStep::Monthly => 12,
        }
    }
}

/// The model-wide factors of TOOL04 (site factors are in [`DisposalSite`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FodParameters {
    /// φ: model-correction factor for model uncertainty.
    pub phi: Ratio,
    /// DOC_f: share of degradable organic carbon that decomposes in the site.
    pub doc_f: Ratio,
    /// F: methane share of the gas generated (by volume).
    pub methane_fraction: Ratio,
    /// Yearly or monthly form.
    pub time_step: FodTimeStep,
}

impl FodParameters {
    /// TOOL04 defaults for Application B in a humid/wet climate: φ 0.85, DOC_f 0.5, F 0.5,
    /// yearly form.
    ///
    /// # References
    /// φ = 0.85: A6.4-AMT-003 Table 5 (humid, Application B) as cited by a public simulator
    /// \[secondary\]. DOC_f = 0.5 and F = 0.5: TOOL04 \[secondary\], equal to US 40 CFR 98
    /// Table HH-1 \[verified\].
    pub fn tool04_humid() -> Self {
        Self {
            phi: Ratio::new::<ratio>(0.85),
            doc_f: Ratio::new::<ratio>(0.5),
            methane_fraction: Ratio::new::<ratio>(0.5),
            time_step: FodTimeStep::Yearly,
        }
    }

    /// As [`FodParameters::tool04_humid`] with φ = 0.80 for dry climates \[secondary\].
    pub fn tool04_dry() -> Self {
        Self {
            phi: Ratio::new::<ratio>(0.80),
            ..Self::tool04_humid()
        }
    }

    /// Checks φ, DOC_f and F are fractions; `prefix` names the owner in messages.
    pub(crate) fn validate(&self, prefix: &str) -> WasteResult<()> {
        check_fraction_at(prefix, "phi", self.phi)?;
        check_fraction_at(prefix, "doc_f", self.doc_f)?;
        check_fraction_at(prefix, "methane_fraction", self.methane_fraction)?;
        Ok(())
    }
}

impl Default for FodParameters {
    fn default() -> Self {
        Self::tool04_humid()
    }
}

/// Mass of methane formed per mass of carbon, 16/12 (molar masses of CH4 and C).
pub fn methane_per_carbon() -> Ratio {
    Ratio::new::<ratio>(16.0 / 12.0)
}

/// Decomposable degradable organic carbon deposited: `DDOCm = W · DOC · DOC_f · MCF`.
///
/// # Units
/// `waste` in t (wet); DOC, DOC_f and MCF are fractions; returns t of carbon.
///
/// # Reference
/// IPCC 2006 Guidelines Vol. 5 Ch. 3, Eq. 3.2.
pub fn decomposable_doc(waste: Mass, doc: Ratio, doc_f: Ratio, mcf: Ratio) -> Mass {
    waste * doc * doc_f * mcf
}

/// Methane generated from decomposed carbon: `CH4 = DDOCm_decomposed · F · 16/12`.
///
/// # Units
/// Carbon in t; F a fraction; returns t CH4.
///
/// # Reference
/// IPCC 2006 Guidelines Vol. 5 Ch. 3, FOD mass balance.
pub fn methane_generated(decomposed: Mass, methane_fraction: Ratio) -> GasMass<Ch4> {
    GasMass::new(decomposed * methane_fraction * methane_per_carbon())
}

/// Share of the methane generated that TOOL04 counts as baseline emission:
/// `φ · (1 − f) · (1 − OX)`.
///
/// # Reference
/// CDM TOOL04 v08.0, Application B.
pub fn credited_share(phi: Ratio, captured: Ratio, oxidation: Ratio) -> Ratio {
    let one = Ratio::new::<ratio>(1.0);
    phi * (one - captured) * (one - oxidation)
}

/// The whole-life baseline methane of one tonne of wet waste of one type at one site:
/// `φ · (1 − f) · (1 − OX) · 16/12 · F · DOC_f · MCF · DOC`.
///
/// This is what a tonne composted today avoids in total, over all future years (the sum of
/// the TOOL04 kernel over all years is 1). Baseline methane is linear in every factor here.
///
/// # Units
/// Returns t CH4 per t of wet waste. Badung (food, DOC 0.15, DOC_f 0.5, MCF 0.8, F 0.5,
/// φ 0.85): 0.034 t CH4/t.
///
/// # Reference
/// CDM TOOL04 v08.0, Application B; IPCC 2006 Vol. 5 Ch. 3.
pub fn lifetime_methane_per_tonne(
    doc: Ratio,
    fod: &FodParameters,
    site: &DisposalSite,
) -> GasPerMass<Ch4> {
    GasPerMass::new(site_factor(fod, site) * doc)
}

/// `φ · (1 − f) · (1 − OX) · 16/12 · F · DOC_f · MCF`: the factor that turns a mass of DOC
/// decaying into credited methane.
pub(crate) fn site_factor(fod: &FodParameters, site: &DisposalSite) -> Ratio {
    credited_share(fod.phi, site.captured, site.oxidation)
        * methane_per_carbon()
        * fod.methane_fraction
        * fod.doc_f
        * site.mcf
}

/// Share of a first-order stock left after `elapsed` time: `e^(−k·t)`.
///
/// # Units
/// k in 1/yr, t in years (any time unit converts); returns a fraction.
pub fn remaining_fraction(k: AnnualRate, elapsed: Time) -> Ratio {
    Ratio::new::<ratio>((-(k * elapsed).get::<ratio>()).exp())
}

/// Share of a stock released within `elapsed` time of its disposal: `1 − e^(−k·t)`.
/// With k = 0.40/yr: 33.0 % in the first year, 98.2 % within ten years.
pub fn released_within(k: AnnualRate, elapsed: Time) -> Ratio {
    Ratio::new::<ratio>(1.0) - remaining_fraction(k, elapsed)
}

/// The yearly TOOL04 kernel: share of a cohort's potential released in the year that is
/// `years_since_disposal` after its disposal year (0 = the disposal year itself):
/// `e^(−k·a) · (1 − e^(−k))`.
///
/// # Reference
/// CDM TOOL04 v08.0, Application B, yearly form.
pub fn yearly_decay_share(k: AnnualRate, years_since_disposal: u32) -> Ratio {
    let one_year = Time::new::<year>(1.0);
    remaining_fraction(k, one_year * f64::from(years_since_disposal)) * released_within(k, one_year)
}

/// The monthly TOOL04 kernel: `e^(−k·m/12) · (1 − e^(−k/12))` for the month that is
/// `months_since_disposal` after the disposal month.
///
/// # Reference
/// CDM TOOL04 (monthly form, k/12) per a public v08.1 implementation \[secondary\].
pub fn monthly_decay_share(k: AnnualRate, months_since_disposal: u32) -> Ratio {
    let one_month = Time::new::<year>(1.0 / 12.0);
    remaining_fraction(k, one_month * f64::from(months_since_disposal))
        * released_within(k, one_month)
}

/// One step of first-order decay: the stock plus the new inflow decays during the step, the
/// inflow starting at the beginning of the step. Returns `(released, remaining)`, with
/// `released = (stock + inflow)·(1 − r)` and `remaining = (stock + inflow)·r`, where
/// `r = e^(−k·Δt)` is the share retained over the step.
///
/// Iterating this step reproduces the TOOL04 double sum exactly (the sum is a convolution
/// with a geometric kernel) at one multiplication per year and waste type, and conserves
/// mass: `released + remaining = stock + inflow`.
pub fn decay_step(stock: Mass, inflow: Mass, retained: Ratio) -> (Mass, Mass) {
    let present = stock + inflow;
    let remaining = present * retained;
    (present - remaining, remaining)
}

/// TOOL04 Application B, yearly form, written as its double sum: the credited methane of
/// year `y` (1-based) from the waste composted in years `1..=y`.
///
/// `waste_by_year[x−1]` is the total wet waste of year x; `components` gives each type's
/// wet-mass share with its DOC and k. The direct sum costs O(y) per year; the model uses
/// [`decay_step`] instead, and the tests check the two agree.
///
/// # Units
/// Waste in t; returns t CH4 (before any GWP).
///
/// # Reference
/// CDM TOOL04 v08.0, Application B, yearly form.
pub fn tool04_yearly(
    waste_by_year: &[Mass],
    y: usize,
    components: &[(Ratio, DecayProperties)],
    fod: &FodParameters,
    site: &DisposalSite,
) -> GasMass<Ch4> {
    let mut doc_decaying = Mass::new::<uom::si::mass::ton>(0.0);
    for &(share, props) in components {
        for x in 1..=y.min(waste_by_year.len()) {
            let age = u32::try_from(y - x).unwrap_or(u32::MAX);
            doc_decaying +=
                waste_by_year[x - 1] * share * props.doc * yearly_decay_share(props.k, age);
        }
    }
    GasMass::new(doc_decaying * site_factor(fod, site))
}

/// TOOL04 Application B, monthly form, written as its double sum: the credited methane of
/// year `y` (1-based) is the sum over its months M = 12(y−1)+1 … 12y of
/// `Σ_{m ≤ M} W_m · DOC · e^(−k(M−m)/12) · (1 − e^(−k/12))`.
///
/// `waste_by_month[m−1]` is the total wet waste of month m of the crediting period. Year 0
/// (before the period) has no methane.
///
/// # Reference
/// CDM TOOL04 monthly form per a public v08.1 implementation \[secondary\].
pub fn tool04_monthly(
    waste_by_month: &[Mass],
    y: usize,
    components: &[(Ratio, DecayProperties)],
    fod: &FodParameters,
    site: &DisposalSite,
) -> GasMass<Ch4> {
    let mut doc_decaying = Mass::new::<uom::si::mass::ton>(0.0);
    if y == 0 {
        return GasMass::zero();
    }
    for &(share, props) in components {
        for month in (12 * (y - 1) + 1)..=(12 * y) {
            for m in 1..=month.min(waste_by_month.len()) {
                let age = u32::try_from(month - m).unwrap_or(u32::MAX);
                doc_decaying +=
                    waste_by_month[m - 1] * share * props.doc * monthly_decay_share(props.k, age);
            }
        }
    }
    GasMass::new(doc_decaying * site_factor(fod, site))
}

/// Closed form of the yearly TOOL04 sum for a constant stream of `annual_waste` of one type:
/// `BE_y = W · L · (1 − e^(−k·y))`, where L is the lifetime methane per tonne
/// ([`lifetime_methane_per_tonne`]).
///
/// Derivation: `Σ_{x=1..y} e^(−k(y−x))·(1 − e^(−k))` is a telescoping geometric sum equal to
/// `1 − e^(−k·y)`. So year 1 is `1 − e^(−k)` (33 % for k = 0.4) of the steady state W·L.
pub fn constant_stream_year(
    annual_waste: Mass,
    per_tonne: GasPerMass<Ch4>,
    k: AnnualRate,
    y: u32,
) -> GasMass<Ch4> {
    annual_waste * per_tonne * released_within(k, Time::new::<year>(f64::from(y)))
}

/// Closed form of the cumulative yearly TOOL04 methane over years 1..=n for a constant
/// stream: `W · L · [n − e^(−k)·(1 − e^(−k·n)) / (1 − e^(−k))]`.
///
/// Requires k > 0 (the caller validates it).
pub fn constant_stream_cumulative(
    annual_waste: Mass,
    per_tonne: GasPerMass<Ch4>,
    k: AnnualRate,
    n: u32,
) -> GasMass<Ch4> {
    let one_year = Time::new::<year>(1.0);
    let r = remaining_fraction(k, one_year);
    let tail = r * released_within(k, one_year * f64::from(n)) / released_within(k, one_year);
    annual_waste * per_tonne * (Ratio::new::<ratio>(f64::from(n)) - tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::landfill::site::SiteType;
    use crate::units::custom::frequency::per_year;
    use uom::si::mass::ton;

    fn t(v: f64) -> Mass {
        Mass::new::<ton>(v)
    }
    fn r(v: f64) -> Ratio {
        Ratio::new::<ratio>(v)
    }
    fn k(v: f64) -> AnnualRate {
        AnnualRate::new::<per_year>(v)
    }
    fn food() -> DecayProperties {
        DecayProperties {
            doc: r(0.15),
            k: k(0.40),
        }
    }
    fn suwung() -> DisposalSite {
        DisposalSite::ipcc_default(SiteType::UnmanagedDeep, false)
    }
    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-300)
    }

    #[test]
    fn ipcc_mass_balance_steps() {
        // DDOCm = 1000 t × 0.15 × 0.5 × 0.8 = 60 t C.
        let ddoc = decomposable_doc(t(1000.0), r(0.15), r(0.5), r(0.8));
        assert!(close(ddoc.get::<ton>(), 60.0, 1e-12));
        // CH4 = 60 t × 0.5 × 16/12 = 40 t.
        assert!(close(
            methane_generated(ddoc, r(0.5)).mass().get::<ton>(),
            40.0,
            1e-12
        ));
        // φ(1 − f)(1 − OX) = 0.85 × 0.9 × 0.9 = 0.6885.
        assert!(close(
            credited_share(r(0.85), r(0.1), r(0.1)).get::<ratio>(),
            0.6885,
            1e-12
        ));
    }

    #[test]
    fn badung_lifetime_factor() {
        // 0.85 × 16/12 × 0.5 × 0.5 × 0.8 × 0.15 = 0.85 × 0.04 = 0.034 t CH4/t.
        let l = lifetime_methane_per_tonne(r(0.15), &FodParameters::tool04_humid(), &suwung());
        assert!(close(l.ratio().get::<ratio>(), 0.034, 1e-12));
    }

    #[test]
    fn kernel_values() {
        // k = 0.4: year 0 share 1 − e^−0.4 = 0.329680; year 1: e^−0.4 × 0.329680 = 0.220991.
        assert!(close(
            yearly_decay_share(k(0.4), 0).get::<ratio>(),
            0.329_679_953_964,
            1e-9
        ));
        assert!(close(
            yearly_decay_share(k(0.4), 1).get::<ratio>(),
            0.220_991_081_918,
            1e-9
        ));
        // 98.2 % within ten years: 1 − e^−4 = 0.981684.
        let ten = released_within(k(0.4), Time::new::<year>(10.0));
        assert!(close(ten.get::<ratio>(), 0.981_684_361, 1e-8));
        // The monthly kernel over the first 12 months equals the yearly kernel of year 0.
        let first_year: f64 = (0..12)
            .map(|m| monthly_decay_share(k(0.4), m).get::<ratio>())
            .sum();
        assert!(
            close(first_year, 1.0 - (-0.4f64).exp(), 1e-12),
            "{first_year}"
        );
    }

    #[test]
    fn decay_step_conserves_mass() {
        // (10 + 5) t with r = 0.6: released 6 t, remaining 9 t.
        let (released, remaining) = decay_step(t(10.0), t(5.0), r(0.6));
        assert!(close(released.get::<ton>(), 6.0, 1e-12));
        assert!(close(remaining.get::<ton>(), 9.0, 1e-12));
    }

    #[test]
    fn yearly_sum_matches_closed_form_for_a_constant_stream() {
        // Badung: W = 50 t/d × 365 d = 18,250 t/yr; L = 0.034 t CH4/t; W·L = 620.5 t CH4/yr.
        // Year 1: 620.5 × (1 − e^−0.4) = 620.5 × 0.329680 = 204.566 t CH4.
        let fod = FodParameters::tool04_humid();
        let w = vec![t(18_250.0); 10];
        let comps = [(r(1.0), food())];
        let l = lifetime_methane_per_tonne(r(0.15), &fod, &suwung());
        let y1 = tool04_yearly(&w, 1, &comps, &fod, &suwung());
        assert!(close(y1.mass().get::<ton>(), 204.566_411_434_9, 1e-9));
        let mut cumulative = 0.0;
        for y in 1..=10u32 {
            let direct = tool04_yearly(&w, y as usize, &comps, &fod, &suwung());
            let closed = constant_stream_year(t(18_250.0), l, k(0.4), y);
            assert!(close(
                direct.mass().get::<ton>(),
                closed.mass().get::<ton>(),
                1e-12
            ));
            cumulative += direct.mass().get::<ton>();
        }
        // Σ_{y=1..10} (1 − e^−0.4y) = 10 − e^−0.4 (1 − e^−4)/(1 − e^−0.4) = 8.003995;
        // × 620.5 = 4,966.48 t CH4.
        let closed = constant_stream_cumulative(t(18_250.0), l, k(0.4), 10);
        assert!(close(closed.mass().get::<ton>(), 4_966.479_142_89, 1e-9));
        assert!(close(cumulative, closed.mass().get::<ton>(), 1e-12));
    }

    #[test]
    fn recursion_equals_the_double_sum_for_an_uneven_stream() {
        // Waste of 100, 0, 250, 40, 0, 0, 75 t and a mixed stream (70 % food, 30 % paper).
        let fod = FodParameters::tool04_humid();
        let w: Vec<Mass> = [100.0, 0.0, 250.0, 40.0, 0.0, 0.0, 75.0].map(t).to_vec();
        let paper = DecayProperties {
            doc: r(0.40),
            k: k(0.07),
        };
        let comps = [(r(0.7), food()), (r(0.3), paper)];
        let factor = site_factor(&fod, &suwung());
        let mut via_steps = vec![0.0; w.len()];
        for &(share, p) in &comps {
            let retained = remaining_fraction(p.k, Time::new::<year>(1.0));
            let mut stock = t(0.0);
            for (y, &wy) in w.iter().enumerate() {
                let (released, rest) = decay_step(stock, wy * share * p.doc, retained);
                stock = rest;
                via_steps[y] += (released * factor).get::<ton>();
            }
        }
        for (y, &v) in via_steps.iter().enumerate() {
            let direct = tool04_yearly(&w, y + 1, &comps, &fod, &suwung())
                .mass()
                .get::<ton>();
            assert!(close(v, direct, 1e-12), "year {}", y + 1);
        }
    }

    #[test]
    fn long_horizon_conserves_carbon() {
        // One cohort of 1,000 t food, φ = 1, no OX, no capture. Over 200 years the decayed
        // carbon is W·DOC = 150 t; the decomposed part W·DOC·DOC_f·MCF = 60 t, and the
        // methane 60 × 0.5 × 16/12 = 40 t CH4.
        let fod = FodParameters {
            phi: r(1.0),
            ..FodParameters::tool04_humid()
        };
        let mut w = vec![t(0.0); 200];
        w[0] = t(1000.0);
        let comps = [(r(1.0), food())];
        let total: f64 = (1..=200)
            .map(|y| {
                tool04_yearly(&w, y, &comps, &fod, &suwung())
                    .mass()
                    .get::<ton>()
            })
            .sum();
        assert!(close(total, 40.0, 1e-12));
        let mut stock = t(1000.0 * 0.15);
        let mut released = t(0.0);
        let retained = remaining_fraction(k(0.4), Time::new::<year>(1.0));
        for _ in 0..200 {
            let (out, rest) = decay_step(stock, t(0.0), retained);
            released += out;
            stock = rest;
        }
        assert!(close(released.get::<ton>(), 150.0, 1e-12));
        let ddoc = decomposable_doc(t(1000.0), r(0.15), fod.doc_f, suwung().mcf);
        assert!(close(
            (released * fod.doc_f * suwung().mcf).get::<ton>(),
            ddoc.get::<ton>(),
            1e-12
        ));
    }

    #[test]
    fn monthly_with_all_waste_in_january_equals_yearly() {
        // If each year's waste arrives in its first month, Σ over the 12 months of
        // e^(−k(M−m)/12)(1 − e^(−k/12)) telescopes to e^(−k(y−x))(1 − e^(−k)): identical.
        let fod = FodParameters::tool04_humid();
        let comps = [(r(1.0), food())];
        let yearly: Vec<Mass> = [300.0, 100.0, 0.0, 200.0].map(t).to_vec();
        let mut monthly = vec![t(0.0); 48];
        for (i, &wy) in yearly.iter().enumerate() {
            monthly[12 * i] = wy;
        }
        for y in 1..=4 {
            let a = tool04_yearly(&yearly, y, &comps, &fod, &suwung())
                .mass()
                .get::<ton>();
            let b = tool04_monthly(&monthly, y, &comps, &fod, &suwung())
                .mass()
                .get::<ton>();
            assert!(close(a, b, 1e-12), "year {y}");
        }
    }

    #[test]
    fn monthly_converges_to_yearly_for_a_steady_stream() {
        // Constant 1,000 t/yr spread as 83.3 t/month. Both forms tend to W·L per year; the
        // yearly form front-loads each year's waste, so it is higher in year 1.
        let fod = FodParameters::tool04_humid();
        let comps = [(r(1.0), food())];
        let n = 40;
        let yearly = vec![t(1000.0); n];
        let monthly = vec![t(1000.0 / 12.0); 12 * n];
        let y1_yearly = tool04_yearly(&yearly, 1, &comps, &fod, &suwung())
            .mass()
            .get::<ton>();
        let y1_monthly = tool04_monthly(&monthly, 1, &comps, &fod, &suwung())
            .mass()
            .get::<ton>();
        assert!(y1_monthly < 0.7 * y1_yearly);
        let gap = |y: usize| {
            let a = tool04_yearly(&yearly, y, &comps, &fod, &suwung())
                .mass()
                .get::<ton>();
            let b = tool04_monthly(&monthly, y, &comps, &fod, &suwung())
                .mass()
                .get::<ton>();
            (a - b).abs() / a
        };
        // The relative gap shrinks like e^(−k·y): below 1e-5 by year 30 (e^−12 ≈ 6e-6).
        assert!(gap(5) < gap(2) && gap(10) < gap(5));
        assert!(gap(30) < 1e-5);
    }
}
