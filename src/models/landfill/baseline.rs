//! The shared TOOL04 kernel: methane that diverted waste (composted, digested, incinerated)
//! would have released in a disposal site, computed with the first-order-decay model over
//! the crediting period, for a counterfactual that may change during the period.

use uom::si::mass::ton;
use uom::si::ratio::ratio;
use uom::si::time::year;

use super::error::WasteResult;
use super::fod::{FodParameters, decay_step, remaining_fraction, site_factor};
use super::site::{BaselineSchedule, window_share};
use super::waste::{DEGRADABLE_COUNT, DecayProperties, WasteProperties};
use crate::units::ghg::{Ch4, GasMass};
use crate::units::{Mass, Ratio, Time};

/// The baseline scenario: TOOL04 factors, waste decay properties and where the waste would
/// have gone over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// φ, DOC_f, F and the time step.
    pub fod: FodParameters,
    /// DOC and k of each waste type (e.g. [`WasteProperties::ipcc_2006`]).
    pub waste: WasteProperties,
    /// The counterfactual and its changes.
    pub schedule: BaselineSchedule,
}

impl Baseline {
    /// Checks the FOD factors and the schedule (the waste table is checked against the
    /// composition when the model runs).
    pub(crate) fn validate(&self) -> WasteResult<()> {
        self.fod.validate("baseline")?;
        self.schedule.validate()
    }
}

/// Methane of one crediting year from a decaying stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FodYear {
    /// Methane credited in this year (from this and earlier years' cohorts).
    pub emitted: GasMass<Ch4>,
    /// Whole-life methane of this year's cohort (what it would eventually emit).
    pub committed: GasMass<Ch4>,
    /// The part of `committed` emitted before the end of the crediting period.
    pub committed_in_period: GasMass<Ch4>,
}

impl FodYear {
    /// A year with no methane.
    pub fn zero() -> Self {
        Self {
            emitted: GasMass::zero(),
            committed: GasMass::zero(),
            committed_in_period: GasMass::zero(),
        }
    }
}

/// Runs TOOL04 Application B for a stream of material over the crediting period and adds
/// the methane of each year to `out` (one entry per crediting year).
///
/// # Model
/// For each counterfactual regime r with a disposal site, each degradable component j and
/// each time step s (a year, or a month in the monthly form):
///
/// * inflow of carbon `C_{r,j,s} = W_s · share_j · DOC_j · w_{r,s}`, where `w_{r,s}` is the
///   share of step s inside regime r's window (a change part-way through a step splits it);
/// * first-order decay with [`decay_step`] and `r = e^(−k_j·Δt)`;
/// * methane credited = carbon released × `φ(1−f_r)(1−OX_r)·16/12·F·DOC_f·MCF_r`.
///
/// Each cohort keeps the site of the regime it was assigned to for its whole life, so waste
/// diverted before a change keeps adding baseline methane after the change. The cohort's
/// committed methane is `C · factor`; the part inside the period is
/// `C · factor · (1 − e^(−k·(time from the start of its step to the period end)))`.
///
/// # Cost
/// O(regimes × components × steps) multiplications and no allocation. The components of a
/// step are computed side by side (each carries its own stock from step to step), so their
/// decay chains overlap instead of each waiting for the last: each step's stock is the
/// previous one's plus the inflow, times r, and that chain was most of the kernel's time.
pub fn accumulate_fod(
    inflow_by_year: &[Mass],
    components: &[(Ratio, DecayProperties)],
    fod: &FodParameters,
    schedule: &BaselineSchedule,
    out: &mut [FodYear],
) {
    for group in components.chunks(DEGRADABLE_COUNT) {
        accumulate_group(inflow_by_year, group, fod, schedule, out);
    }
}

/// [`accumulate_fod`] for at most [`DEGRADABLE_COUNT`] components, in fixed-size arrays.
fn accumulate_group(
    inflow_by_year: &[Mass],
    components: &[(Ratio, DecayProperties)],
    fod: &FodParameters,
    schedule: &BaselineSchedule,
    out: &mut [FodYear],
) {
    let years = inflow_by_year.len().min(out.len());
    let per_year = fod.time_step.steps_per_year();
    let steps = years * per_year;
    let step_length = Time::new::<year>(1.0 / per_year as f64);
    let step_years = 1.0 / per_year as f64;
    // The components that decay at all, with r = e^(−k·Δt) for one step.
    let mut decaying = [(
        Ratio::new::<ratio>(0.0),
        Ratio::new::<ratio>(0.0),
        Ratio::new::<ratio>(0.0),
    ); DEGRADABLE_COUNT];
    let mut count = 0;
    for &(share, props) in components {
        if share.get::<ratio>() != 0.0 && props.doc.get::<ratio>() != 0.0 {
            decaying[count] = (share, props.doc, remaining_fraction(props.k, step_length));
            count += 1;
        }
    }
    let decaying = &decaying[..count];
    for regime in 0..schedule.regime_count() {
        let (counterfactual, start, end) = schedule.regime(regime);
        let Some(site) = counterfactual.site() else {
            continue;
        };
        let factor = site_factor(fod, site);
        if factor.get::<ratio>() == 0.0 {
            continue;
        }
        let mut stock = [Mass::new::<ton>(0.0); DEGRADABLE_COUNT];
        for s in 0..steps {
            let y = s / per_year;
            let a = s as f64 * step_years;
            let in_regime = window_share(a, a + step_years, start, end);
            let part = Ratio::new::<ratio>(in_regime / per_year as f64);
            for (&(share, doc, retained), stock) in decaying.iter().zip(&mut stock) {
                let carbon = inflow_by_year[y] * share * doc * part;
                let (released, rest) = decay_step(*stock, carbon, retained);
                *stock = rest;
                out[y].emitted += GasMass::new(released * factor);
                if in_regime > 0.0 {
                    let committed = carbon * factor;
                    let left = retained_power(retained, steps - s);
                    out[y].committed += GasMass::new(committed);
                    out[y].committed_in_period +=
                        GasMass::new(committed * (Ratio::new::<ratio>(1.0) - left));
                }
            }
        }
    }
}

/// `r^n` for the share of a cohort still undecayed after n whole steps.
fn retained_power(retained: Ratio, n: usize) -> Ratio {
    Ratio::new::<ratio>(
        retained
            .get::<ratio>()
            .powi(i32::try_from(n).unwrap_or(i32::MAX)),
    )
}

/// The degradable components of the plant's waste with their decay properties, checked
/// (see [`WasteProperties`]); a fixed-size array, so no allocation.
pub(crate) type Components = [(Ratio, DecayProperties); DEGRADABLE_COUNT];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::landfill::fod::FodTimeStep;
    use crate::models::landfill::fod::{
        constant_stream_year, lifetime_methane_per_tonne, tool04_yearly,
    };
    use crate::models::landfill::site::{
        Counterfactual, CounterfactualChange, DisposalSite, SiteType,
    };
    use crate::units::AnnualRate;
    use crate::units::custom::frequency::per_year;

    fn t(v: f64) -> Mass {
        Mass::new::<ton>(v)
    }
    fn r(v: f64) -> Ratio {
        Ratio::new::<ratio>(v)
    }
    fn food() -> DecayProperties {
        DecayProperties {
            doc: r(0.15),
            k: AnnualRate::new::<per_year>(0.40),
        }
    }
    fn dump() -> DisposalSite {
        DisposalSite::ipcc_default(SiteType::UnmanagedDeep, false)
    }
    fn tons(g: GasMass<Ch4>) -> f64 {
        g.mass().get::<ton>()
    }

    #[test]
    fn constant_site_matches_the_closed_form() {
        let fod = FodParameters::tool04_humid();
        let w = vec![t(18_250.0); 10];
        let mut out = vec![FodYear::zero(); 10];
        let schedule = BaselineSchedule::constant(Counterfactual::Disposal(dump()));
        accumulate_fod(&w, &[(r(1.0), food())], &fod, &schedule, &mut out);
        let l = lifetime_methane_per_tonne(r(0.15), &fod, &dump());
        for (i, year_out) in out.iter().enumerate() {
            let closed = constant_stream_year(t(18_250.0), l, food().k, i as u32 + 1);
            assert!((tons(year_out.emitted) - tons(closed)).abs() < 1e-9);
            // Every cohort commits W·L = 620.5 t CH4.
            assert!((tons(year_out.committed) - 620.5).abs() < 1e-9);
        }
        // What accrues in the period equals what the cohorts commit inside it.
        let emitted: f64 = out.iter().map(|y| tons(y.emitted)).sum();
        let inside: f64 = out.iter().map(|y| tons(y.committed_in_period)).sum();
        assert!((emitted - inside).abs() < 1e-9);
        // Year 10's cohort has one year inside the period: 620.5 × 0.32968 = 204.566 t.
        assert!((tons(out[9].committed_in_period) - 204.566_411_43).abs() < 1e-6);
    }

    #[test]
    fn a_change_mid_year_splits_the_cohort_and_keeps_earlier_waste_decaying() {
        // Dump until 0.25 yr, then no disposal. Year 1's cohort: 25 % to the dump.
        // 1,000 t × 0.25 × 0.15 DOC × factor, factor = 0.85 × 16/12 × 0.5 × 0.5 × 0.8 =
        // 0.22667: committed 8.5 t CH4; year 1 emits 8.5 × 0.32968 = 2.80228 t and year 2
        // emits 8.5 × 0.22099 = 1.87842 t although no waste goes to the dump in year 2.
        let fod = FodParameters::tool04_humid();
        let schedule = BaselineSchedule::constant(Counterfactual::Disposal(dump())).then(
            CounterfactualChange {
                at: Time::new::<year>(0.25),
                to: Counterfactual::NoDisposal,
            },
        );
        let w = vec![t(1000.0); 3];
        let mut out = vec![FodYear::zero(); 3];
        accumulate_fod(&w, &[(r(1.0), food())], &fod, &schedule, &mut out);
        assert!((tons(out[0].committed) - 8.5).abs() < 1e-9);
        assert!((tons(out[0].emitted) - 2.802_279_608_7).abs() < 1e-9);
        assert!((tons(out[1].emitted) - 1.878_424_196_3).abs() < 1e-9);
        assert_eq!(tons(out[1].committed), 0.0);
    }

    #[test]
    fn a_change_to_another_site_applies_that_site_to_later_waste_only() {
        // Dump (MCF 0.8) for year 1, then a managed anaerobic landfill with OX 0.1 and 50 %
        // capture from year 2. The result equals the sum of two single-site runs on the split
        // streams: [W, 0, 0] at the dump and [0, W, W] at the landfill.
        let fod = FodParameters::tool04_humid();
        let mut landfill = DisposalSite::ipcc_default(SiteType::ManagedAnaerobic, true);
        landfill.captured = r(0.5);
        let schedule = BaselineSchedule::constant(Counterfactual::Disposal(dump())).then(
            CounterfactualChange {
                at: Time::new::<year>(1.0),
                to: Counterfactual::Disposal(landfill),
            },
        );
        let w = vec![t(500.0); 3];
        let comps = [(r(1.0), food())];
        let mut out = vec![FodYear::zero(); 3];
        accumulate_fod(&w, &comps, &fod, &schedule, &mut out);
        let first = [t(500.0), t(0.0), t(0.0)];
        let later = [t(0.0), t(500.0), t(500.0)];
        for y in 1..=3 {
            let expected = tons(tool04_yearly(&first, y, &comps, &fod, &dump()))
                + tons(tool04_yearly(&later, y, &comps, &fod, &landfill));
            assert!(
                (tons(out[y - 1].emitted) - expected).abs() < 1e-9,
                "year {y}"
            );
        }
    }

    #[test]
    fn monthly_change_on_a_month_boundary_assigns_whole_months() {
        // Monthly form, change at 3/12 yr to no disposal: only months 1–3 go to the dump,
        // committed = 3 × (1200/12) t × 0.15 × 0.22667 = 300 × 0.034 = 10.2 t CH4.
        let fod = FodParameters {
            time_step: FodTimeStep::Monthly,
            ..FodParameters::tool04_humid()
        };
        let schedule = BaselineSchedule::constant(Counterfactual::Disposal(dump())).then(
            CounterfactualChange {
                at: Time::new::<year>(0.25),
                to: Counterfactual::NoDisposal,
            },
        );
        let mut out = vec![FodYear::zero(); 2];
        accumulate_fod(
            &[t(1200.0), t(1200.0)],
            &[(r(1.0), food())],
            &fod,
            &schedule,
            &mut out,
        );
        assert!((tons(out[0].committed) - 10.2).abs() < 1e-9);
        assert_eq!(tons(out[1].committed), 0.0);
        assert!(tons(out[1].emitted) > 0.0);
    }
}
