//! The anaerobic-digestion model as a plug-in (JCM VN_AM004 structure): the landfill methane
//! the waste no longer releases (the shared TOOL04 kernel), the fossil fuel and grid
//! electricity the biogas replaces, minus the plant's electricity, leaks, flare slip and
//! digestate handling.

use uom::si::mass::ton;
use uom::si::ratio::ratio;

use super::{BiogasUse, Digester, DigestionYear, degradable_carbon, digest};
use crate::calendar::Date;
use crate::error::{ErrorCode, ScenarioError};
use crate::models::balance::refuse;
use crate::models::compost::project::{
    composting_methane, composting_nitrous_oxide, electricity_consumed, electricity_emissions,
};
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Ledger};
use crate::models::landfill::inputs::{
    BaselineChange, SiteClimateKeys, ZoneChoice, add_waste_figures, degradable_components,
    derive_site_and_climate, model_error, site_inputs,
};
use crate::models::landfill::{
    Baseline, DecayProperties, DisposalSite, FodTimeStep, FodYear, SiteType, WasteProperties,
    WasteType, accumulate_fod,
};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{ChoiceText, Context, Derive, Model, Needs};
use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass, GasPerMass, N2o};
use crate::units::{
    AnnualRate, Dimension, Energy, EnergyPerMass, Mass, MassPerEnergy, MassRate, Precipitation,
    Ratio, Temperature, Time, VolumePerMass,
};

/// The fossil fuel the biogas replaces in heat equipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplacedFuel {
    Lpg,
    Diesel,
    NaturalGas,
    FuelOil,
}

crate::choices!(DisplacedFuel {
    Lpg => "lpg",
    Diesel => "diesel",
    NaturalGas => "natural_gas",
    FuelOil => "fuel_oil",
});

impl DisplacedFuel {
    /// Default CO2 factor of the fuel, IPCC 2006 Vol. 2 Ch. 1 Table 1.4, in kg CO2 per TJ of
    /// net calorific value: LPG 63,100; gas/diesel oil 74,100; natural gas 56,100; residual
    /// fuel oil 77,400 \[unconfirmed\].
    pub fn co2_factor(self) -> EmissionIntensity<Co2e> {
        let kg_per_tj = match self {
            DisplacedFuel::Lpg => 63_100.0,
            DisplacedFuel::Diesel => 74_100.0,
            DisplacedFuel::NaturalGas => 56_100.0,
            DisplacedFuel::FuelOil => 77_400.0,
        };
        let per_energy: MassPerEnergy = Mass::new::<uom::si::mass::kilogram>(kg_per_tj)
            / Energy::new::<uom::si::energy::terajoule>(1.0);
        EmissionIntensity::new(per_energy)
    }
}

/// What becomes of the digestate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestateFate {
    /// Dewatered and applied to land as fertiliser: no further emissions counted.
    LandApplication,
    /// Composted: IPCC Tier 1 composting CH4 and N2O on the digestate mass.
    Composting,
    /// Sent to the disposal site: its remaining carbon decays there (leakage, TOOL04).
    Landfill,
}

crate::choices!(DigestateFate {
    LandApplication => "land_application",
    Composting => "composting",
    Landfill => "landfill",
});

crate::model_inputs! {
    /// The inputs of the anaerobic-digestion model (keys of `models/anaerobic-digestion.toml`).
    pub struct DigestionInputs / DigestionKeys {
        capacity: MassRate,
        utilisation: Ratio,
        operating_days: Time,
        share_food: Ratio,
        share_garden: Ratio,
        share_paper: Ratio,
        share_wood: Ratio,
        share_inert: Ratio,
        doc_food: Ratio,
        doc_garden: Ratio,
        doc_paper: Ratio,
        doc_wood: Ratio,
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
        biogas_yield: VolumePerMass,
        methane_content: Ratio,
        ef_ch4_digestion: GasPerMass<Ch4>,
        methane_ncv: EnergyPerMass,
        biogas_to_heat: Ratio,
        displaced_fuel: DisplacedFuel,
        displaced_fuel_factor: EmissionIntensity<Co2e>,
        biogas_to_engine: Ratio,
        engine_efficiency: Ratio,
        flare_efficiency: Ratio,
        electricity_use: EnergyPerMass,
        grid_losses: Ratio,
        digestate_fate: DigestateFate,
        digestate_yield: Ratio,
        ef_ch4_composting: GasPerMass<Ch4>,
        ef_n2o_composting: GasPerMass<N2o>,
    }
}

/// Anaerobic digestion of organic waste that would otherwise be disposed of.
pub struct AnaerobicDigestion;

/// The waste shares, in the order of the declaration (named in composition errors).
const SHARE_KEYS: [&str; 5] = [
    "share_food",
    "share_garden",
    "share_paper",
    "share_wood",
    "share_inert",
];

/// The keys that set the degradable carbon of the waste (named when a balance fails).
const CARBON_KEYS: [&str; 6] = [
    "biogas_yield",
    "doc_food",
    "doc_garden",
    "doc_paper",
    "doc_wood",
    "share_inert",
];

fn site_climate_keys() -> SiteClimateKeys {
    let k = DigestionInputs::KEYS;
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

const COLUMNS: [Column; 16] = [
    Column::sum(
        "waste_treated",
        "Waste digested",
        Role::PhysicalOutput,
        Dimension::Mass,
    ),
    Column::sum(
        "biogas_produced",
        "Biogas produced (normal m³)",
        Role::PhysicalOutput,
        Dimension::Volume,
    ),
    Column::sum(
        "methane_produced",
        "Methane produced",
        Role::PhysicalOutput,
        Dimension::Ch4Mass,
    ),
    Column::sum(
        "heat_supplied",
        "Biogas energy supplied to heat equipment",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "electricity_generated",
        "Electricity generated from biogas",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "baseline_ch4",
        "Baseline landfill methane (TOOL04)",
        Role::Baseline,
        Dimension::Ch4Mass,
    ),
    Column::sum(
        "baseline_fuel",
        "Fossil fuel replaced in heat equipment",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "baseline_grid",
        "Grid electricity replaced",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_electricity",
        "Electricity used by the plant",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_digester_ch4",
        "Methane leaked by the digester",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_flare_ch4",
        "Methane left unburnt by the flare",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_digestate",
        "Digestate composting (CH4, N2O)",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "carbon_in",
        "Degradable carbon in the waste",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "carbon_biogas",
        "…of which leaves in the biogas",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "carbon_digestate",
        "…of which stays in the digestate",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "committed_ch4",
        "Methane this year's waste would release in all at the site",
        Role::Indicator,
        Dimension::Ch4Mass,
    ),
];

/// The waste's types with their shares, DOC and k.
fn waste_parts(i: &DigestionInputs) -> [(WasteType, Ratio, Option<DecayProperties>); 5] {
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
        (WasteType::Inert, i.share_inert, None),
    ]
}

/// What one evaluation of the plant needs, built once from the inputs.
struct Plant {
    waste: Mass,
    baseline: Baseline,
    components: [(Ratio, DecayProperties); crate::models::landfill::waste::DEGRADABLE_COUNT],
    site: DisposalSite,
    digester: Digester,
    using: BiogasUse,
    year: DigestionYear,
}

fn build(i: &DigestionInputs, ctx: &Context<'_>) -> Result<Plant, ScenarioError> {
    let parts = waste_parts(i);
    let given: Vec<(&str, Ratio)> = SHARE_KEYS
        .iter()
        .zip(&parts)
        .map(|(k, (_, share, _))| (*k, *share))
        .collect();
    let components = degradable_components(&parts, &given)?;
    let inputs = site_inputs!(i);
    let site = inputs.site();
    let baseline = inputs.baseline(WasteProperties::empty(), ctx.crediting.start)?;
    baseline
        .validate()
        .map_err(|e| model_error(e, "disposal_site"))?;
    let waste =
        crate::models::compost::waste_treated_per_year(i.capacity, i.utilisation, i.operating_days);
    let used = i.biogas_to_heat + i.biogas_to_engine;
    if used.get::<ratio>() > 1.0 + 1e-12 {
        let pct = |r: Ratio| format!("{:.0} %", r.get::<ratio>() * 100.0);
        return Err(ScenarioError::combination(
            ErrorCode::ModelError,
            format!(
                "{} of the biogas to heat equipment and {} to the engine is more than all of it (biogas_to_heat, biogas_to_engine)",
                pct(i.biogas_to_heat),
                pct(i.biogas_to_engine)
            ),
            "biogas_to_heat + biogas_to_engine at most 100 % (the rest is flared)",
            &[
                (
                    "biogas_to_heat",
                    format!("{} (with the engine: {})", pct(i.biogas_to_heat), pct(used)),
                ),
                (
                    "biogas_to_engine",
                    format!("{} (with heat: {})", pct(i.biogas_to_engine), pct(used)),
                ),
            ],
        ));
    }
    let digester = Digester {
        biogas_yield: i.biogas_yield,
        methane_content: i.methane_content,
        leakage: i.ef_ch4_digestion,
        methane_ncv: i.methane_ncv,
    };
    let using = BiogasUse {
        to_heat: i.biogas_to_heat,
        to_engine: i.biogas_to_engine,
        engine_efficiency: i.engine_efficiency,
        flare_efficiency: i.flare_efficiency,
    };
    let docs: Vec<(Ratio, Ratio)> = components.iter().map(|(s, p)| (*s, p.doc)).collect();
    let year = digest(waste, degradable_carbon(waste, &docs), &digester, &using);
    // Checked post-conditions: nothing leaks that was not produced, and no more carbon
    // leaves in the biogas than the waste holds.
    if year.leaked.mass() > year.methane.mass() {
        let t = |m: Mass| format!("{} t", crate::units::format_readable(m.get::<ton>(), 3));
        let (leaked, made) = (t(year.leaked.mass()), t(year.methane.mass()));
        let received = format!("a leak of {leaked} of methane a year against {made} produced");
        return Err(ScenarioError::combination(
            ErrorCode::ModelError,
            format!(
                "the digester would leak {leaked} of methane a year but produces only {made} (ef_ch4_digestion, biogas_yield, methane_content)"
            ),
            "a leak no larger than the methane the digester produces",
            &[
                ("ef_ch4_digestion", received.clone()),
                ("biogas_yield", received.clone()),
                ("methane_content", received),
            ],
        ));
    }
    year.carbon.check("the digester", &CARBON_KEYS)?;
    if i.digestate_fate == DigestateFate::Landfill && year.carbon.stored > waste * i.digestate_yield
    {
        return Err(refuse(
            "the digestate would hold more carbon than its own mass",
            &["digestate_yield", "biogas_yield"],
        ));
    }
    Ok(Plant {
        waste,
        baseline,
        components,
        site,
        digester,
        using,
        year,
    })
}

/// Runs a period: the TOOL04 kernel on the diverted waste (and on landfilled digestate), and
/// each year's displaced fuel and electricity with that year's grid factor.
fn run_period(
    i: &DigestionInputs,
    plant: &Plant,
    ctx: &Context<'_>,
    period: &CreditingPeriod,
) -> Result<Ledger, ScenarioError> {
    let periods = period.years();
    let n = periods.len();
    let inflow = vec![plant.waste; n];
    let mut landfill = vec![FodYear::zero(); n];
    accumulate_fod(
        &inflow,
        &plant.components,
        &plant.baseline.fod,
        &plant.baseline.schedule,
        &mut landfill,
    );
    // Digestate sent to the site: its carbon per tonne of digestate decays like garden
    // waste (the moderately decomposing class, as for composting leakage).
    let mut digestate_fod = vec![FodYear::zero(); n];
    let digestate = plant.waste * i.digestate_yield;
    if i.digestate_fate == DigestateFate::Landfill && digestate.value > 0.0 {
        let doc = plant.year.carbon.stored / digestate;
        let cohort = [(
            Ratio::new::<ratio>(1.0),
            DecayProperties { doc, k: i.k_garden },
        )];
        let schedule = crate::models::landfill::BaselineSchedule::constant(
            crate::models::landfill::Counterfactual::Disposal(plant.site),
        );
        accumulate_fod(
            &vec![digestate; n],
            &cohort,
            &plant.baseline.fod,
            &schedule,
            &mut digestate_fod,
        );
    }
    let y = &plant.year;
    let composting = if i.digestate_fate == DigestateFate::Composting {
        composting_methane(digestate, i.ef_ch4_composting).to_co2e(ctx.gwp)
            + composting_nitrous_oxide(digestate, i.ef_n2o_composting).to_co2e(ctx.gwp)
    } else {
        GasMass::zero()
    };
    let fuel = super::displaced_fuel_emissions(y.heat_supplied, i.displaced_fuel_factor);
    Ledger::build(periods, &COLUMNS, |year, cells| {
        let r = year.index as usize;
        let grid = ctx.grid_factor(year.calendar_year)?;
        let generated = super::grid_emissions(y.electricity, grid);
        let used = electricity_consumed(plant.waste, i.electricity_use);
        let electricity = electricity_emissions(used, grid, i.grid_losses);
        let leaked = y.leaked.to_co2e(ctx.gwp);
        let unburnt = y.unburnt.to_co2e(ctx.gwp);
        let landfill_co2e = landfill[r].emitted.to_co2e(ctx.gwp);
        cells.push(plant.waste);
        cells.push(y.biogas);
        cells.push(y.methane);
        cells.push(y.heat_supplied);
        cells.push(y.electricity);
        cells.push(landfill[r].emitted);
        cells.push(fuel);
        cells.push(generated);
        cells.push(electricity);
        cells.push(leaked);
        cells.push(unburnt);
        cells.push(composting);
        cells.push(y.carbon.carbon_in);
        cells.push(y.carbon.released);
        cells.push(y.carbon.stored);
        cells.push(landfill[r].committed);
        Ok(Emissions {
            baseline: landfill_co2e + fuel + generated,
            project: electricity + leaked + unburnt + composting,
            leakage: digestate_fod[r].emitted.to_co2e(ctx.gwp),
        })
    })
}

impl Model for AnaerobicDigestion {
    const ID: &'static str = "anaerobic-digestion";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = DigestionInputs;
    type Prepared = ();

    /// k, MCF, OX and φ as every waste model derives them; the displaced fuel's CO2 factor
    /// from the fuel chosen.
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        derive_site_and_climate(d, &site_climate_keys())?;
        let k = DigestionInputs::KEYS;
        let fuel: DisplacedFuel = d.get(k.displaced_fuel)?;
        d.set(
            k.displaced_fuel_factor,
            fuel.co2_factor(),
            || {
                format!(
                    "IPCC 2006 Vol. 2 Table 1.4 default for {}",
                    ChoiceText::as_str(&fuel)
                )
            },
            || None,
        );
        Ok(())
    }

    fn prepare(&self, _i: &DigestionInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &DigestionInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let plant = build(i, ctx)?;
        let crediting = run_period(i, &plant, ctx, ctx.crediting)?;
        let life = match ctx.lifetime {
            Some(p) => Some(run_period(i, &plant, ctx, p)?),
            None => None,
        };
        let mut out = Outcome::from_ledgers(crediting, life);
        add_waste_figures(&mut out, "Waste digested over the crediting period");
        if let Some(m) = out.crediting.total("methane_produced") {
            out.figure(
                "methane_produced",
                "Methane produced over the crediting period",
                Role::PhysicalOutput,
                m,
            );
        }
        if let Some(e) = out.crediting.total("electricity_generated") {
            out.figure(
                "electricity_generated",
                "Electricity generated over the crediting period",
                Role::PhysicalOutput,
                e,
            );
        }
        if ctx.is_draw() {
            return Ok(out);
        }
        let y = &plant.year;
        out.notes.push(format!(
            "Carbon balance of a year: {} t of degradable carbon in, {} t out in the biogas, {} t left in the digestate.",
            crate::units::format_readable(y.carbon.carbon_in.get::<ton>(), 3),
            crate::units::format_readable(y.carbon.released.get::<ton>(), 3),
            crate::units::format_readable(y.carbon.stored.get::<ton>(), 3),
        ));
        out.notes.push(
            "Combustion of the biogas (heat equipment, engine) is counted as carbon neutral, and its CH4 and N2O are not counted; the heat an engine could recover is not credited.".into(),
        );
        if plant
            .digester
            .biogas_yield
            .get::<uom::si::specific_volume::cubic_meter_per_megagram>()
            < 30.0
        {
            out.warnings.push(
                "the biogas yield is below 30 Nm³ per tonne, the minimum of the JCM methodology proposed for this project type (FY2013 study)".into(),
            );
        }
        if plant.using.to_flare().get::<ratio>() > 0.5 {
            out.warnings.push(format!(
                "{:.0} % of the biogas is flared: most of its energy is wasted",
                plant.using.to_flare().get::<ratio>() * 100.0
            ));
        }
        let periods = &out.crediting.periods;
        if let Some(last) = periods.last().filter(|y| y.fraction.get::<ratio>() < 1.0) {
            out.warnings.push(format!(
                "the last crediting year ({} to {}) is {:.0} % of a year; its row is scaled by that share",
                last.start,
                last.end,
                last.fraction.get::<ratio>() * 100.0
            ));
        }
        Ok(out)
    }
}
