//! The composting model as a plug-in (CDM AMS-III.F structure: BE from TOOL04 first-order
//! decay at the counterfactual disposal site; PE from composting CH4/N2O, electricity, fuel
//! and transport; LE from compost that is disposed of).

use uom::si::length::meter;
use uom::si::ratio::ratio;

use super::project::{
    CompostLeakage, FreightIntensity, FuelUse, Haul, Tool13N2oDefault, electricity_consumed,
    electricity_emissions,
};
use super::{
    Baseline, CompostPlant, CompostResult, CompostingFactors, DecayProperties, FodTimeStep,
    ProjectEmissions, SiteType, WasteComposition, WasteProperties, WasteType,
};
use crate::calendar::Date;
use crate::error::ScenarioError;
use crate::models::balance::Flow;
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Ledger};
pub use crate::models::landfill::inputs::{BaselineChange, ZoneChoice};
use crate::models::landfill::inputs::{
    SiteClimateKeys, add_waste_figures, check_waste_shares, climate_zone, derive_site_and_climate,
    model_error, site_inputs,
};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{Context, Derive, Model, Needs};
use crate::units::ghg::{Ch4, Co2, Co2e, EmissionIntensity, GasMass, GasPerMass, N2o};
use crate::units::{
    AnnualRate, Dimension, EnergyPerMass, Length, Mass, MassRate, Precipitation, Ratio,
    ReciprocalLength, Temperature, Time,
};

/// Which composting emission factors to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorSet {
    Ipcc2006,
    Tool13,
    Tool13LowN2o,
}

crate::choices!(FactorSet { Ipcc2006 => "ipcc_2006", Tool13 => "tool13", Tool13LowN2o => "tool13_low_n2o" });

crate::model_inputs! {
    /// The inputs of the composting model (keys of `models/composting.toml`).
    pub struct CompostInputs / CompostKeys {
        capacity: MassRate,
        utilisation: Ratio,
        operating_days: Time,
        compost_yield: Ratio,
        share_food: Ratio,
        share_garden: Ratio,
        share_paper: Ratio,
        share_wood: Ratio,
        share_textiles: Ratio,
        share_inert: Ratio,
        doc_food: Ratio,
        doc_garden: Ratio,
        doc_paper: Ratio,
        doc_wood: Ratio,
        doc_textiles: Ratio,
        doc_f: Ratio,
        climate_zone: ZoneChoice,
        mean_annual_temperature: Option<Temperature>,
        annual_precipitation: Option<Precipitation>,
        precipitation_to_pet: Option<Ratio>,
        k_food: AnnualRate,
        k_garden: AnnualRate,
        k_paper: AnnualRate,
        k_wood: AnnualRate,
        disposal_site: SiteType,
        mcf: Ratio,
        oxidation: Ratio,
        phi: Ratio,
        fod_time_step: FodTimeStep,
        methane_fraction: Ratio,
        gas_captured: Ratio,
        baseline_change: BaselineChange,
        baseline_change_date: Option<Date>,
        other_site_mcf: Ratio,
        composting_factors: FactorSet,
        ef_ch4_composting: GasPerMass<Ch4>,
        ef_n2o_composting: GasPerMass<N2o>,
        electricity_use: EnergyPerMass,
        grid_losses: Ratio,
        diesel_use: EnergyPerMass,
        diesel_factor: EmissionIntensity<Co2e>,
        transport_distance: Length,
        transport_factor: ReciprocalLength,
        compost_landfilled: Ratio,
        doc_compost: Ratio,
    }
}

/// Composting of organic waste that would otherwise be disposed of.
pub struct Composting;

/// The keys of the shared site and climate parameters in the composting declaration.
fn site_climate_keys() -> SiteClimateKeys {
    let k = CompostInputs::KEYS;
    SiteClimateKeys {
        climate_zone: k.climate_zone,
        mean_annual_temperature: k.mean_annual_temperature,
        annual_precipitation: k.annual_precipitation,
        precipitation_to_pet: k.precipitation_to_pet,
        k_food: k.k_food,
        k_garden: k.k_garden,
        k_paper: k.k_paper,
        k_wood: k.k_wood,
        disposal_site: k.disposal_site,
        mcf: k.mcf,
        oxidation: k.oxidation,
        phi: k.phi,
    }
}

const COLUMNS: [Column; 10] = [
    Column::sum(
        "waste_treated",
        "Waste treated",
        Role::PhysicalOutput,
        Dimension::Mass,
    ),
    Column::sum(
        "compost_produced",
        "Compost produced",
        Role::PhysicalOutput,
        Dimension::Mass,
    ),
    Column::sum(
        "baseline_ch4",
        "Baseline methane (TOOL04)",
        Role::Baseline,
        Dimension::Ch4Mass,
    ),
    Column::sum(
        "project_composting_ch4",
        "Composting CH4",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_composting_n2o",
        "Composting N2O",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_electricity",
        "Electricity",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum("project_fuel", "Fuel", Role::Project, Dimension::Co2eMass),
    Column::sum(
        "project_transport",
        "Transport",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "committed_ch4",
        "Methane this year's waste would release in all (its whole decay)",
        Role::Indicator,
        Dimension::Ch4Mass,
    ),
    Column::sum(
        "committed_ch4_after_period",
        "…of which after the crediting period (never credited)",
        Role::Indicator,
        Dimension::Ch4Mass,
    ),
];

/// Waste types with a share, and their DOC and k (textiles decay like paper, IPCC 2006
/// Table 3.3 groups them; inert material has no DOC).
fn waste_parts(i: &CompostInputs) -> [(WasteType, Ratio, Option<DecayProperties>); 6] {
    let p = |doc, k| Some(DecayProperties { doc, k });
    [
        (WasteType::Food, i.share_food, p(i.doc_food, i.k_food)),
        (
            WasteType::Garden,
            i.share_garden,
            p(i.doc_garden, i.k_garden),
        ),
        (WasteType::Paper, i.share_paper, p(i.doc_paper, i.k_paper)),
        (WasteType::Wood, i.share_wood, p(i.doc_wood, i.k_wood)),
        (
            WasteType::Textiles,
            i.share_textiles,
            p(i.doc_textiles, i.k_paper),
        ),
        (WasteType::Inert, i.share_inert, None),
    ]
}

impl Model for Composting {
    const ID: &'static str = "composting";
    const VERSION: &'static str = "1.1.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = CompostInputs;
    type Prepared = ();

    /// k, MCF, OX and φ as every waste model derives them
    /// ([`derive_site_and_climate`]), composting factors from the chosen set.
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        let k = CompostInputs::KEYS;
        derive_site_and_climate(d, &site_climate_keys())?;
        let set: FactorSet = d.get(k.composting_factors)?;
        let (ch4, n2o) = factor_set(set).factors();
        let how = || {
            format!(
                "from composting_factors = {}",
                crate::models::plugin::ChoiceText::as_str(&set)
            )
        };
        d.set(k.ef_ch4_composting, ch4, how, || None);
        d.set(k.ef_n2o_composting, n2o, how, || None);
        Ok(())
    }

    fn prepare(&self, _i: &CompostInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &CompostInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let (plant, baseline, project) = build(i, ctx)?;
        let credit = run_period(i, &plant, &baseline, &project, ctx, ctx.crediting)?;
        let life = match ctx.lifetime {
            Some(p) => Some(run_period(i, &plant, &baseline, &project, ctx, p)?.0),
            None => None,
        };
        let (crediting, result) = credit;
        let mut out = Outcome::from_ledgers(crediting, life);
        add_waste_figures(&mut out, "Waste treated over the crediting period");
        if ctx.is_draw() {
            return Ok(out);
        }
        let compost = out.crediting.total("compost_produced");
        if let Some(c) = compost {
            out.figure(
                "compost_produced",
                "Compost produced over the crediting period",
                Role::PhysicalOutput,
                c,
            );
        }
        out.figure(
            "committed_ch4",
            "Methane the period's waste would release in all at the site",
            Role::Indicator,
            result.committed_baseline.total,
        );
        let periods = &out.crediting.periods;
        if let Some(last) = periods.last().filter(|y| y.fraction.get::<ratio>() < 1.0) {
            out.warnings.push(format!(
                "the last crediting year ({} to {}) is {:.0} % of a year; its row is scaled by that share",
                last.start,
                last.end,
                last.fraction.get::<ratio>() * 100.0
            ));
        }
        let limit = super::small_scale_annual_limit();
        let over = (0..periods.len()).any(|r| {
            out.crediting
                .value(r, "emission_reductions")
                .and_then(|m| m.get::<GasMass<Co2e>>())
                .is_some_and(|v| v.mass() > limit.mass())
        });
        if over {
            out.warnings.push(
                "annual reductions exceed 60 kt CO2e, the limit for CDM small-scale (Type III) methodologies such as AMS-III.F".into(),
            );
        }
        Ok(out)
    }
}

fn factor_set(set: FactorSet) -> CompostingFactors {
    match set {
        FactorSet::Ipcc2006 => CompostingFactors::Ipcc2006Tier1Wet,
        FactorSet::Tool13 => CompostingFactors::Tool13Default(Tool13N2oDefault::Secondary0005),
        FactorSet::Tool13LowN2o => CompostingFactors::Tool13Default(Tool13N2oDefault::Recalled0002),
    }
}

/// The model's typed structures from the inputs. Electricity is left out: its emissions
/// use the grid factor of each crediting year, applied in [`run_period`].
fn build(
    i: &CompostInputs,
    ctx: &Context<'_>,
) -> Result<(CompostPlant, Baseline, ProjectEmissions), ScenarioError> {
    let zone = climate_zone(
        i.climate_zone,
        i.mean_annual_temperature,
        i.annual_precipitation,
        i.precipitation_to_pet,
    )?;
    let mut waste = WasteProperties::ipcc_2006(zone);
    let parts = waste_parts(i);
    for (t, _, props) in parts {
        if let Some(props) = props {
            waste
                .set(t, props)
                .map_err(|e| model_error(e, "doc_food"))?;
        }
    }
    let given: Vec<(&str, Ratio)> = SHARE_KEYS
        .iter()
        .zip(&parts)
        .map(|(k, (_, share, _))| (*k, *share))
        .collect();
    check_waste_shares(&given)?;
    let shares: Vec<(WasteType, Ratio)> = parts.iter().map(|(t, s, _)| (*t, *s)).collect();
    let composition = WasteComposition::new(&shares).map_err(|e| model_error(e, SHARE_KEYS[0]))?;
    carbon_balance(i)?;
    let inputs = site_inputs!(i);
    let baseline = inputs.baseline(waste, ctx.crediting.start)?;
    let fuel = (i.diesel_use.value > 0.0).then(|| FuelUse {
        per_tonne: i.diesel_use,
        factor: EmissionIntensity::<Co2>::new(i.diesel_factor.per_energy()),
    });
    let metre = Length::new::<meter>(1.0);
    let waste_transport = (i.transport_distance.value > 0.0).then(|| Haul {
        distance: i.transport_distance,
        factor: FreightIntensity::new(GasPerMass::new(i.transport_factor * metre), metre),
    });
    let leakage = (i.compost_landfilled.value > 0.0).then_some(CompostLeakage {
        disposed_fraction: i.compost_landfilled,
        // Compost decays like garden waste, the moderately decomposing class.
        compost: DecayProperties {
            doc: i.doc_compost,
            k: i.k_garden,
        },
        site: inputs.site(),
        fod: baseline.fod,
    });
    let plant = CompostPlant {
        capacity: i.capacity,
        utilisation: i.utilisation,
        operating_days: i.operating_days,
        compost_yield: i.compost_yield,
        composition,
    };
    let project = ProjectEmissions {
        composting: CompostingFactors::Custom {
            ch4: i.ef_ch4_composting,
            n2o: i.ef_n2o_composting,
        },
        electricity: None,
        fuel,
        waste_transport,
        compost_transport: None,
        leakage,
    };
    Ok((plant, baseline, project))
}

/// Carbon through the plant, per tonne of waste: in, the degradable organic carbon of the
/// waste (Σ share·DOC; IPCC 2006 Vol. 5 Table 2.4 gives DOC close to the total carbon of
/// these fractions); out, at least the carbon of the compost (yield × DOC of compost, the
/// carbon TOOL13 leakage lets decay at a site) and of the methane released while composting
/// (CH4 × 12/16). Composting loses carbon as CO2, so out ≤ in; more out means the inputs
/// describe a plant that cannot exist.
fn carbon_balance(i: &CompostInputs) -> Result<(), ScenarioError> {
    // The parameters that set the flows: the compost's, and the carbon of each waste present.
    let mut involved = vec!["compost_yield", "doc_compost"];
    for ((_, share, props), key) in waste_parts(i).iter().zip(DOC_KEYS) {
        if props.is_some() && share.value > 0.0 {
            involved.push(key);
        }
    }
    let tonne = Mass::new::<uom::si::mass::ton>(1.0);
    let waste_carbon = waste_parts(i)
        .iter()
        .filter_map(|(_, share, props)| props.map(|p| tonne * *share * p.doc))
        .fold(Mass::default(), |a, b| a + b);
    let compost_carbon = tonne * i.compost_yield * i.doc_compost;
    let methane_carbon = (tonne * i.ef_ch4_composting).mass() / super::fod::methane_per_carbon();
    crate::models::balance::Balance {
        element: "carbon",
        basis: "per tonne of waste",
        inputs: vec![Flow::new(
            "the waste's degradable organic carbon",
            waste_carbon,
        )],
        outputs: vec![
            Flow::new("compost (compost_yield × doc_compost)", compost_carbon),
            Flow::new("methane released while composting", methane_carbon),
        ],
    }
    .check(&involved)
}

/// The share parameters, in the order of [`waste_parts`].
const SHARE_KEYS: [&str; 6] = [
    "share_food",
    "share_garden",
    "share_paper",
    "share_wood",
    "share_textiles",
    "share_inert",
];

/// The DOC parameters, in the order of [`waste_parts`] (inert material has none).
const DOC_KEYS: [&str; 6] = [
    "doc_food",
    "doc_garden",
    "doc_paper",
    "doc_wood",
    "doc_textiles",
    "",
];

/// Runs the model over a period and fills its ledger; electricity uses each crediting year's
/// grid factor (TOOL05: consumption × EF_grid × (1 + TDL)).
fn run_period(
    i: &CompostInputs,
    plant: &CompostPlant,
    baseline: &Baseline,
    project: &ProjectEmissions,
    ctx: &Context<'_>,
    period: &CreditingPeriod,
) -> Result<(Ledger, CompostResult), ScenarioError> {
    let periods = period.years();
    let result = super::evaluate(
        plant,
        baseline,
        project,
        ctx.gwp,
        &super::CreditingPeriod {
            years: periods.len() as u32,
        },
    )
    .map_err(|e| model_error(e, ""))?;
    let uses_power = i.electricity_use.value > 0.0;
    let ledger = Ledger::build(periods, &COLUMNS, |y, cells| {
        let r = &result.years[y.index as usize];
        let p = &r.project;
        let electricity = if uses_power {
            let used = electricity_consumed(r.waste_treated, i.electricity_use);
            electricity_emissions(used, ctx.grid_factor(y.calendar_year)?, i.grid_losses)
        } else {
            GasMass::zero()
        };
        cells.push(r.waste_treated);
        cells.push(r.compost_produced);
        cells.push(r.baseline_ch4);
        cells.push(p.composting_ch4_co2e);
        cells.push(p.composting_n2o_co2e);
        cells.push(electricity);
        cells.push(p.fuel);
        cells.push(p.waste_transport + p.compost_transport);
        cells.push(r.committed_baseline.total);
        cells.push(r.committed_baseline.after_period);
        Ok(Emissions {
            baseline: r.baseline,
            project: p.total + electricity,
            leakage: r.leakage,
        })
    })?;
    Ok((ledger, result))
}
