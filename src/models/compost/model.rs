//! The entry point: `ER_y = BE_y − PE_y − LE_y` for each year of the crediting period
//! (CDM AMS-III.F structure).

use std::ops::Add;

use uom::si::mass::{kilogram, ton};
use uom::si::ratio::ratio;

use super::baseline::{Baseline, Components, FodYear, accumulate_fod};
use super::error::CompostResultOf;
use super::plant::{CompostPlant, CreditingPeriod, waste_treated_per_year};
use super::project::{
    ProjectEmissions, compost_produced, composting_methane, composting_nitrous_oxide,
    electricity_consumed, electricity_emissions, freight_emissions, fuel_emissions,
};
use super::site::{BaselineSchedule, Counterfactual};
use crate::units::ghg::{Ch4, Co2e, GasMass, GasPerMass, GwpSet, N2o};
use crate::units::{Energy, Mass, Ratio};

/// The AMS-III.F small-scale limit on emission reductions: 60 kt CO2e per year
/// (\[verified\]).
pub fn small_scale_annual_limit() -> GasMass<Co2e> {
    GasMass::new(Mass::new::<ton>(60_000.0))
}

/// Project emissions of one year (or their total), by source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProjectBreakdown {
    /// CH4 released while composting.
    pub composting_ch4: GasMass<Ch4>,
    /// N2O released while composting.
    pub composting_n2o: GasMass<N2o>,
    /// `composting_ch4` in CO2e.
    pub composting_ch4_co2e: GasMass<Co2e>,
    /// `composting_n2o` in CO2e.
    pub composting_n2o_co2e: GasMass<Co2e>,
    /// Electricity consumed.
    pub electricity_used: Energy,
    /// Emissions from electricity (including T&D losses).
    pub electricity: GasMass<Co2e>,
    /// Fossil CO2 from fuel.
    pub fuel: GasMass<Co2e>,
    /// Extra transport of waste.
    pub waste_transport: GasMass<Co2e>,
    /// Transport of compost.
    pub compost_transport: GasMass<Co2e>,
    /// Sum of all sources.
    pub total: GasMass<Co2e>,
}

impl ProjectBreakdown {
    /// No project emissions.
    pub fn zero() -> Self {
        Self {
            composting_ch4: GasMass::zero(),
            composting_n2o: GasMass::zero(),
            composting_ch4_co2e: GasMass::zero(),
            composting_n2o_co2e: GasMass::zero(),
            electricity_used: Energy::new::<uom::si::energy::joule>(0.0),
            electricity: GasMass::zero(),
            fuel: GasMass::zero(),
            waste_transport: GasMass::zero(),
            compost_transport: GasMass::zero(),
            total: GasMass::zero(),
        }
    }
}

impl Add for ProjectBreakdown {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            composting_ch4: self.composting_ch4 + o.composting_ch4,
            composting_n2o: self.composting_n2o + o.composting_n2o,
            composting_ch4_co2e: self.composting_ch4_co2e + o.composting_ch4_co2e,
            composting_n2o_co2e: self.composting_n2o_co2e + o.composting_n2o_co2e,
            electricity_used: self.electricity_used + o.electricity_used,
            electricity: self.electricity + o.electricity,
            fuel: self.fuel + o.fuel,
            waste_transport: self.waste_transport + o.waste_transport,
            compost_transport: self.compost_transport + o.compost_transport,
            total: self.total + o.total,
        }
    }
}

/// The whole-life methane of one or more cohorts, split at the end of the crediting period.
///
/// Year 1 credits are small because a cohort releases only `1 − e^(−k)` of its methane in
/// its first year; the rest accrues later, partly after the period ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommittedMethane {
    /// Everything the cohort(s) would eventually emit (closed form).
    pub total: GasMass<Ch4>,
    /// The part emitted before the end of the crediting period.
    pub in_period: GasMass<Ch4>,
    /// The decay tail after the period: `total − in_period`.
    pub after_period: GasMass<Ch4>,
}

impl CommittedMethane {
    /// Nothing committed.
    pub fn zero() -> Self {
        Self {
            total: GasMass::zero(),
            in_period: GasMass::zero(),
            after_period: GasMass::zero(),
        }
    }

    fn from_fod(y: &FodYear) -> Self {
        Self {
            total: y.committed,
            in_period: y.committed_in_period,
            after_period: y.committed - y.committed_in_period,
        }
    }
}

impl Add for CommittedMethane {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            total: self.total + o.total,
            in_period: self.in_period + o.in_period,
            after_period: self.after_period + o.after_period,
        }
    }
}

/// Results of one crediting year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearResult {
    /// Crediting year, from 1.
    pub year: u32,
    /// Wet waste composted.
    pub waste_treated: Mass,
    /// Compost produced.
    pub compost_produced: Mass,
    /// BE_y: baseline methane (TOOL04, Application B).
    pub baseline_ch4: GasMass<Ch4>,
    /// BE_y in CO2e.
    pub baseline: GasMass<Co2e>,
    /// PE_y by source.
    pub project: ProjectBreakdown,
    /// Methane from compost disposed of in an SWDS.
    pub leakage_ch4: GasMass<Ch4>,
    /// LE_y in CO2e.
    pub leakage: GasMass<Co2e>,
    /// ER_y = BE_y − PE_y − LE_y (negative when the project emits more than it avoids).
    pub emission_reductions: GasMass<Co2e>,
    /// Whole-life baseline methane of this year's waste, inside and after the period.
    pub committed_baseline: CommittedMethane,
}

/// Sums over the crediting period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// Wet waste composted.
    pub waste_treated: Mass,
    /// Compost produced.
    pub compost_produced: Mass,
    /// Baseline methane.
    pub baseline_ch4: GasMass<Ch4>,
    /// Baseline in CO2e.
    pub baseline: GasMass<Co2e>,
    /// Project emissions by source.
    pub project: ProjectBreakdown,
    /// Leakage methane.
    pub leakage_ch4: GasMass<Ch4>,
    /// Leakage in CO2e.
    pub leakage: GasMass<Co2e>,
    /// Net emission reductions.
    pub emission_reductions: GasMass<Co2e>,
}

/// Period totals divided by the waste treated (t CO2e per t wet waste).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerTonne {
    /// Baseline per tonne.
    pub baseline: GasPerMass<Co2e>,
    /// Project emissions per tonne.
    pub project: GasPerMass<Co2e>,
    /// Leakage per tonne.
    pub leakage: GasPerMass<Co2e>,
    /// Net reductions per tonne.
    pub emission_reductions: GasPerMass<Co2e>,
    /// Whole-life baseline methane per tonne, in CO2e (what each tonne avoids eventually).
    pub committed_baseline: GasPerMass<Co2e>,
}

/// Everything [`evaluate`] reports.
#[derive(Debug, Clone, PartialEq)]
pub struct CompostResult {
    /// The GWP set used for every CO2e figure.
    pub gwp: GwpSet,
    /// One entry per crediting year.
    pub years: Vec<YearResult>,
    /// Period totals.
    pub totals: Totals,
    /// Per tonne of waste treated; `None` if no waste was treated.
    pub per_tonne: Option<PerTonne>,
    /// Whole-life baseline methane of all cohorts of the period, inside and after it.
    pub committed_baseline: CommittedMethane,
    /// Whole-life methane of the compost disposed of (leakage), inside and after the period.
    pub committed_leakage: CommittedMethane,
    /// The largest yearly ER.
    pub max_annual_reductions: GasMass<Co2e>,
    /// Whether every yearly ER stays within [`small_scale_annual_limit`].
    pub within_small_scale_limit: bool,
}

/// Evaluates a composting project over its crediting period.
///
/// # Model
/// For each crediting year y (waste `W_y = capacity · utilisation · operating days`):
///
/// * `BE_y`: TOOL04 Application B methane of the waste composted in years 1..y, at the
///   counterfactual site in force when each tonne was composted
///   ([`super::baseline::accumulate_fod`]); in CO2e via `gwp`.
/// * `PE_y`: composting CH4 and N2O (`W_y · EF`), electricity
///   (`W_y · SEC · EF_grid · (1 + TDL)`), fuel (`W_y · e_fuel · EF_fuel`) and transport
///   (`W_y · d · EF_freight` for waste, `W_y · yield · d · EF_freight` for compost).
/// * `LE_y`: methane from compost disposed of (a FOD cohort of `W_y · yield · share`).
/// * `ER_y = BE_y − PE_y − LE_y`.
///
/// # Linearity (for the scenario layer and Monte Carlo)
/// * `BE` is proportional to capacity, utilisation and operating days, and — for one waste
///   type and one site — to `DOC · DOC_f · MCF · F · φ · (1 − f) · (1 − OX)` and to the GWP of
///   CH4; k only shapes its timing.
/// * Composting CH4 and N2O are proportional to W and their factor; electricity to
///   `W · SEC · EF_grid · (1 + TDL)`; fuel to `W · e_fuel · EF_fuel`; transport to
///   `W · d · EF` (times the yield for compost).
/// * `LE` is proportional to `W · yield · share disposed · DOC_compost · DOC_f · MCF · F · φ ·
///   (1 − f) · (1 − OX)`.
/// * `ER` is linear in W (every term is), but not in any other single input.
///
/// # Cost
/// Validation, then O(years × 12 × waste types × counterfactual regimes) multiplications
/// and four allocations of one vector each: microseconds for a 10-year period.
///
/// # Errors
/// Any invalid input, named by its parameter key ([`super::CompostError`]).
pub fn evaluate(
    plant: &CompostPlant,
    baseline: &Baseline,
    project: &ProjectEmissions,
    gwp: &GwpSet,
    period: &CreditingPeriod,
) -> CompostResultOf<CompostResult> {
    let n = period.validate()?;
    plant.validate()?;
    baseline.validate()?;
    project.validate()?;
    validate_gwp(gwp)?;
    let components: Components = baseline.waste.components(&plant.composition)?;

    let w = waste_treated_per_year(plant.capacity, plant.utilisation, plant.operating_days);
    let inflow = vec![w; n];

    let mut base = vec![FodYear::zero(); n];
    accumulate_fod(
        &inflow,
        &components,
        &baseline.fod,
        &baseline.schedule,
        &mut base,
    );

    let mut leak = vec![FodYear::zero(); n];
    if let Some(l) = &project.leakage {
        // The disposed compost is W · yield · share per year: carried as the component share
        // so the waste vector can be reused.
        let share = plant.compost_yield * l.disposed_fraction;
        let schedule = BaselineSchedule::constant(Counterfactual::Disposal(l.site));
        accumulate_fod(&inflow, &[(share, l.compost)], &l.fod, &schedule, &mut leak);
    }

    let project_year = project_emissions_for(project, w, plant.compost_yield, gwp);
    let compost = compost_produced(w, plant.compost_yield);
    let years: Vec<YearResult> = base
        .iter()
        .zip(&leak)
        .enumerate()
        .map(|(i, (b, l))| {
            let baseline_co2e = b.emitted.to_co2e(gwp);
            let leakage_co2e = l.emitted.to_co2e(gwp);
            YearResult {
                year: u32::try_from(i + 1).unwrap_or(u32::MAX),
                waste_treated: w,
                compost_produced: compost,
                baseline_ch4: b.emitted,
                baseline: baseline_co2e,
                project: project_year,
                leakage_ch4: l.emitted,
                leakage: leakage_co2e,
                emission_reductions: baseline_co2e - project_year.total - leakage_co2e,
                committed_baseline: CommittedMethane::from_fod(b),
            }
        })
        .collect();

    let totals = years.iter().fold(
        Totals {
            waste_treated: Mass::new::<kilogram>(0.0),
            compost_produced: Mass::new::<kilogram>(0.0),
            baseline_ch4: GasMass::zero(),
            baseline: GasMass::zero(),
            project: ProjectBreakdown::zero(),
            leakage_ch4: GasMass::zero(),
            leakage: GasMass::zero(),
            emission_reductions: GasMass::zero(),
        },
        |t, y| Totals {
            waste_treated: t.waste_treated + y.waste_treated,
            compost_produced: t.compost_produced + y.compost_produced,
            baseline_ch4: t.baseline_ch4 + y.baseline_ch4,
            baseline: t.baseline + y.baseline,
            project: t.project + y.project,
            leakage_ch4: t.leakage_ch4 + y.leakage_ch4,
            leakage: t.leakage + y.leakage,
            emission_reductions: t.emission_reductions + y.emission_reductions,
        },
    );
    let committed_baseline = years.iter().fold(CommittedMethane::zero(), |acc, y| {
        acc + y.committed_baseline
    });
    let committed_leakage = leak.iter().fold(CommittedMethane::zero(), |acc, y| {
        acc + CommittedMethane::from_fod(y)
    });
    let per_tonne = per_tonne(&totals, &committed_baseline, gwp);
    let max_annual_reductions = years
        .iter()
        .map(|y| y.emission_reductions)
        .reduce(|a, b| if b.mass() > a.mass() { b } else { a })
        .unwrap_or_else(GasMass::zero);
    Ok(CompostResult {
        gwp: *gwp,
        within_small_scale_limit: max_annual_reductions.mass() <= small_scale_annual_limit().mass(),
        max_annual_reductions,
        years,
        totals,
        per_tonne,
        committed_baseline,
        committed_leakage,
    })
}

/// Project emissions of a year that treats `w` of waste (the same every year, since the
/// plant's throughput is constant).
fn project_emissions_for(
    project: &ProjectEmissions,
    w: Mass,
    compost_yield: Ratio,
    gwp: &GwpSet,
) -> ProjectBreakdown {
    let (ef_ch4, ef_n2o) = project.composting.factors();
    let ch4 = composting_methane(w, ef_ch4);
    let n2o = composting_nitrous_oxide(w, ef_n2o);
    let mut p = ProjectBreakdown {
        composting_ch4: ch4,
        composting_n2o: n2o,
        composting_ch4_co2e: ch4.to_co2e(gwp),
        composting_n2o_co2e: n2o.to_co2e(gwp),
        ..ProjectBreakdown::zero()
    };
    if let Some(e) = &project.electricity {
        p.electricity_used = electricity_consumed(w, e.specific_use);
        p.electricity = electricity_emissions(p.electricity_used, e.grid_factor, e.td_loss);
    }
    if let Some(f) = &project.fuel {
        p.fuel = fuel_emissions(w, f.per_tonne, f.factor).to_co2e();
    }
    if let Some(h) = &project.waste_transport {
        p.waste_transport = freight_emissions(w, h.distance, h.factor).to_co2e();
    }
    if let Some(h) = &project.compost_transport {
        let compost = compost_produced(w, compost_yield);
        p.compost_transport = freight_emissions(compost, h.distance, h.factor).to_co2e();
    }
    p.total = p.composting_ch4_co2e
        + p.composting_n2o_co2e
        + p.electricity
        + p.fuel
        + p.waste_transport
        + p.compost_transport;
    p
}

fn per_tonne(totals: &Totals, committed: &CommittedMethane, gwp: &GwpSet) -> Option<PerTonne> {
    let w = totals.waste_treated;
    if w.get::<kilogram>() <= 0.0 {
        return None;
    }
    let per = |g: GasMass<Co2e>| GasPerMass::new(g.mass() / w);
    Some(PerTonne {
        baseline: per(totals.baseline),
        project: per(totals.project.total),
        leakage: per(totals.leakage),
        emission_reductions: per(totals.emission_reductions),
        committed_baseline: per(committed.total.to_co2e(gwp)),
    })
}

/// GWPs must be finite and positive.
fn validate_gwp(gwp: &GwpSet) -> CompostResultOf<()> {
    super::error::check_positive("gwp.ch4", gwp.ch4.get::<ratio>(), "> 0")?;
    super::error::check_positive("gwp.n2o", gwp.n2o.get::<ratio>(), "> 0")?;
    Ok(())
}
