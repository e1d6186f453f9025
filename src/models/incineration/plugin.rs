//! The waste-to-energy model as a plug-in (CDM ACM0022 / AM0025 structure): the landfill
//! methane the waste no longer releases (the shared TOOL04 kernel) and the grid electricity
//! and heat the plant exports, minus the fossil CO2, N2O and CH4 of combustion, auxiliary
//! fuel and imported electricity.

use uom::si::mass::ton;
use uom::si::ratio::ratio;

use super::{Combustion, CombustionProperties, Component, burn, default_properties};
use crate::calendar::Date;
use crate::error::{ErrorCode, ScenarioError};
use crate::models::balance::refuse;
use crate::models::compost::project::fuel_emissions;
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Ledger};
use crate::models::landfill::inputs::{
    BaselineChange, SiteClimateKeys, ZoneChoice, degradable_components, derive_site_and_climate,
    model_error, site_inputs,
};
use crate::models::landfill::waste::DEGRADABLE_COUNT;
use crate::models::landfill::{
    Baseline, DecayProperties, FodTimeStep, FodYear, SiteType, WasteProperties, WasteType,
    accumulate_fod,
};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{Context, Derive, Model, Needs};
use crate::units::ghg::{Ch4, Co2, Co2e, EmissionIntensity, GasMass, GasPerMass, N2o};
use crate::units::{
    AnnualRate, Dimension, Energy, EnergyPerMass, Mass, MassRate, Precipitation, Ratio,
    Temperature, Time, format_readable,
};

crate::model_inputs! {
    /// The inputs of the waste-to-energy model (keys of `models/waste-to-energy.toml`).
    pub struct WteInputs / WteKeys {
        capacity: MassRate,
        utilisation: Ratio,
        operating_days: Time,
        share_food: Ratio,
        share_garden: Ratio,
        share_paper: Ratio,
        share_wood: Ratio,
        share_textiles: Ratio,
        share_rubber_leather: Ratio,
        share_plastics: Ratio,
        share_glass_metal: Ratio,
        share_other_inert: Ratio,
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
        carbon_plastics: Ratio,
        fossil_paper: Ratio,
        fossil_textiles: Ratio,
        fossil_rubber_leather: Ratio,
        fossil_plastics: Ratio,
        fossil_other_inert: Ratio,
        combustion_oxidation: Ratio,
        ef_n2o_incineration: GasPerMass<N2o>,
        ef_ch4_incineration: GasPerMass<Ch4>,
        waste_ncv: EnergyPerMass,
        electricity_exported: EnergyPerMass,
        heat_exported: EnergyPerMass,
        heat_factor: EmissionIntensity<Co2e>,
        electricity_imported: EnergyPerMass,
        auxiliary_fuel: EnergyPerMass,
        auxiliary_fuel_factor: EmissionIntensity<Co2e>,
    }
}

/// Incineration of municipal waste with energy recovery, instead of disposal.
pub struct WasteToEnergy;

const SHARE_KEYS: [&str; 9] = [
    "share_food",
    "share_garden",
    "share_paper",
    "share_wood",
    "share_textiles",
    "share_rubber_leather",
    "share_plastics",
    "share_glass_metal",
    "share_other_inert",
];

fn site_climate_keys() -> SiteClimateKeys {
    let k = WteInputs::KEYS;
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

const COLUMNS: [Column; 17] = [
    Column::sum(
        "waste_incinerated",
        "Waste incinerated",
        Role::PhysicalOutput,
        Dimension::Mass,
    ),
    Column::sum(
        "electricity_exported",
        "Electricity exported",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "heat_exported",
        "Heat exported",
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
        "baseline_grid",
        "Grid electricity replaced",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "baseline_heat",
        "Fuel replaced by the exported heat",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_fossil_co2",
        "Fossil CO2 of the waste burnt",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_n2o",
        "N2O of combustion",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_ch4",
        "CH4 of combustion",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_auxiliary_fuel",
        "Auxiliary fossil fuel",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_electricity",
        "Electricity imported",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "carbon_in",
        "Carbon in the waste",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "carbon_fossil",
        "…of which fossil",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "carbon_to_air",
        "Carbon released as CO2",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "carbon_in_ash",
        "Carbon left in the bottom ash",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "biogenic_co2",
        "Biogenic CO2 (reported, not counted)",
        Role::Indicator,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "committed_ch4",
        "Methane this year's waste would release in all at the site",
        Role::Indicator,
        Dimension::Ch4Mass,
    ),
];

/// Each component's share and combustion properties: the IPCC defaults, with the plastics'
/// carbon and every fossil fraction taken from the inputs.
fn combustion_components(i: &WteInputs) -> [(Ratio, CombustionProperties); 9] {
    let shares = given_shares(i).map(|(_, s)| s);
    let total: Ratio = shares.iter().fold(Ratio::default(), |a, b| a + *b);
    Component::ALL.map(|c| {
        let mut p = default_properties(c);
        match c {
            Component::Paper => p.fossil = i.fossil_paper,
            Component::Textiles => p.fossil = i.fossil_textiles,
            Component::RubberLeather => p.fossil = i.fossil_rubber_leather,
            Component::Plastics => {
                p.fossil = i.fossil_plastics;
                p.carbon = i.carbon_plastics;
            }
            Component::OtherInert => p.fossil = i.fossil_other_inert,
            _ => {}
        }
        // Shares are checked to add up to 100 % (within 0.1 %) and rescaled, as for the
        // landfill composition, so the carbon and the methane see the same waste.
        (shares[c as usize] / total, p)
    })
}

/// The nine share parameters as given, in the order of [`SHARE_KEYS`].
fn given_shares(i: &WteInputs) -> [(&'static str, Ratio); 9] {
    let shares = [
        i.share_food,
        i.share_garden,
        i.share_paper,
        i.share_wood,
        i.share_textiles,
        i.share_rubber_leather,
        i.share_plastics,
        i.share_glass_metal,
        i.share_other_inert,
    ];
    std::array::from_fn(|n| (SHARE_KEYS[n], shares[n]))
}

/// The landfill view of the same waste: degradable types with DOC and k; rubber, plastics,
/// glass, metal and other inert material carry no degradable carbon (IPCC 2006 Table 2.4).
fn landfill_parts(i: &WteInputs) -> [(WasteType, Ratio, Option<DecayProperties>); 6] {
    let p = |doc, k| Some(DecayProperties { doc, k });
    let inert =
        i.share_rubber_leather + i.share_plastics + i.share_glass_metal + i.share_other_inert;
    [
        (WasteType::Food, i.share_food, p(i.doc_food, i.k_food)),
        (
            WasteType::Garden,
            i.share_garden,
            p(i.doc_garden, i.k_garden),
        ),
        (WasteType::Paper, i.share_paper, p(i.doc_paper, i.k_paper)),
        (WasteType::Wood, i.share_wood, p(i.doc_wood, i.k_wood)),
        // Textiles decay like paper (IPCC 2006 Table 3.3 groups them).
        (
            WasteType::Textiles,
            i.share_textiles,
            p(i.doc_textiles, i.k_paper),
        ),
        (WasteType::Inert, inert, None),
    ]
}

struct Plant {
    waste: Mass,
    baseline: Baseline,
    components: [(Ratio, DecayProperties); DEGRADABLE_COUNT],
    combustion: Combustion,
}

fn build(i: &WteInputs, ctx: &Context<'_>) -> Result<Plant, ScenarioError> {
    // The nine shares as given are checked before rubber, plastics, glass and metal are
    // lumped into inert for the landfill.
    let components = degradable_components(&landfill_parts(i), &given_shares(i))?;
    let baseline = site_inputs!(i).baseline(WasteProperties::empty(), ctx.crediting.start)?;
    baseline
        .validate()
        .map_err(|e| model_error(e, "disposal_site"))?;
    let waste =
        crate::models::compost::waste_treated_per_year(i.capacity, i.utilisation, i.operating_days);
    let combustion = burn(waste, &combustion_components(i), i.combustion_oxidation);
    // Checked post-conditions: carbon in = carbon to air + carbon in ash; no more energy
    // out than the waste brings in.
    combustion.carbon.check(
        "the incinerator",
        &[
            "share_plastics",
            "carbon_plastics",
            "fossil_plastics",
            "combustion_oxidation",
        ],
    )?;
    if combustion.fossil_carbon > combustion.carbon.carbon_in {
        return Err(refuse(
            "more fossil carbon than carbon in the waste",
            &["fossil_paper", "fossil_textiles", "fossil_plastics"],
        ));
    }
    let out = i.electricity_exported + i.heat_exported;
    if out > i.waste_ncv {
        let kwh_t = |e: EnergyPerMass| {
            format!(
                "{} kWh/t",
                format_readable(
                    e.get::<crate::units::custom::available_energy::kilowatt_hour_per_tonne>(),
                    3
                )
            )
        };
        let (out_t, ncv_t) = (kwh_t(out), kwh_t(i.waste_ncv));
        return Err(ScenarioError::combination(
            ErrorCode::ModelError,
            format!(
                "the plant would export {out_t} but the waste holds only {ncv_t} (net calorific value): more energy out than in (electricity_exported, heat_exported, waste_ncv)"
            ),
            format!("electricity_exported + heat_exported at most waste_ncv ({ncv_t})"),
            &[
                (
                    "electricity_exported",
                    format!("{} (with heat: {out_t})", kwh_t(i.electricity_exported)),
                ),
                (
                    "heat_exported",
                    format!("{} (with electricity: {out_t})", kwh_t(i.heat_exported)),
                ),
                ("waste_ncv", ncv_t.clone()),
            ],
        ));
    }
    Ok(Plant {
        waste,
        baseline,
        components,
        combustion,
    })
}

fn run_period(
    i: &WteInputs,
    plant: &Plant,
    ctx: &Context<'_>,
    period: &CreditingPeriod,
) -> Result<Ledger, ScenarioError> {
    let periods = period.years();
    let n = periods.len();
    let mut landfill = vec![FodYear::zero(); n];
    accumulate_fod(
        &vec![plant.waste; n],
        &plant.components,
        &plant.baseline.fod,
        &plant.baseline.schedule,
        &mut landfill,
    );
    let w = plant.waste;
    let c = &plant.combustion;
    let exported: Energy = w * i.electricity_exported;
    let heat: Energy = w * i.heat_exported;
    let heat_avoided = heat * i.heat_factor;
    let fossil = c.fossil_co2.to_co2e();
    let n2o = super::combustion_n2o(w, i.ef_n2o_incineration).to_co2e(ctx.gwp);
    let ch4 = super::combustion_ch4(w, i.ef_ch4_incineration).to_co2e(ctx.gwp);
    let fuel = fuel_emissions(
        w,
        i.auxiliary_fuel,
        EmissionIntensity::<Co2>::new(i.auxiliary_fuel_factor.per_energy()),
    )
    .to_co2e();
    let imported: Energy = w * i.electricity_imported;
    Ledger::build(periods, &COLUMNS, |year, cells| {
        let r = year.index as usize;
        let grid = ctx.grid_factor(year.calendar_year)?;
        let displaced = exported * grid;
        let consumed = imported * grid;
        cells.push(w);
        cells.push(exported);
        cells.push(heat);
        cells.push(landfill[r].emitted);
        cells.push(displaced);
        cells.push(heat_avoided);
        cells.push(fossil);
        cells.push(n2o);
        cells.push(ch4);
        cells.push(fuel);
        cells.push(consumed);
        cells.push(c.carbon.carbon_in);
        cells.push(c.fossil_carbon);
        cells.push(c.carbon.released);
        cells.push(c.carbon.stored);
        cells.push(c.biogenic_co2.to_co2e());
        cells.push(landfill[r].committed);
        let baseline: GasMass<Co2e> =
            landfill[r].emitted.to_co2e(ctx.gwp) + displaced + heat_avoided;
        Ok(Emissions {
            baseline,
            project: fossil + n2o + ch4 + fuel + consumed,
            leakage: GasMass::zero(),
        })
    })
}

impl Model for WasteToEnergy {
    const ID: &'static str = "waste-to-energy";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = WteInputs;
    type Prepared = ();

    /// k, MCF, OX and φ as every waste model derives them.
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        derive_site_and_climate(d, &site_climate_keys())?;
        Ok(())
    }

    fn prepare(&self, _i: &WteInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &WteInputs,
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
        let waste = out
            .crediting
            .total("waste_incinerated")
            .and_then(|m| m.get::<Mass>())
            .unwrap_or_default();
        let er = out.crediting.total_co2e("emission_reductions");
        let years = ctx.crediting.length();
        let per_year = GasMass::<Co2e>::new(er.mass() / years.get::<uom::si::time::year>());
        let per_tonne = if waste.value > 0.0 {
            GasPerMass::<Co2e>::new(er.mass() / waste)
        } else {
            GasPerMass::new(Ratio::new::<ratio>(0.0))
        };
        let fossil = out.crediting.total_co2e("project_fossil_co2");
        out.figure(
            "waste_incinerated",
            "Waste incinerated over the crediting period",
            Role::PhysicalOutput,
            waste,
        )
        .figure(
            "annual_average_reductions",
            "Emission reductions per year, averaged over the crediting period",
            Role::EmissionReduction,
            per_year,
        )
        .figure(
            "reduction_per_tonne",
            "Emission reductions per tonne of waste",
            Role::Indicator,
            per_tonne,
        )
        .figure(
            "fossil_co2",
            "Fossil CO2 of the waste burnt over the crediting period",
            Role::Project,
            fossil,
        );
        if let Some(e) = out.crediting.total("electricity_exported") {
            out.figure(
                "electricity_exported",
                "Electricity exported over the crediting period",
                Role::PhysicalOutput,
                e,
            );
        }
        let efficiency = super::net_electric_efficiency(i.electricity_exported, i.waste_ncv);
        out.figure(
            "net_electric_efficiency",
            "Net electrical efficiency (exported electricity / waste energy)",
            Role::Indicator,
            efficiency,
        );
        if ctx.is_draw() {
            return Ok(out);
        }
        let c = &plant.combustion;
        out.notes.push(format!(
            "Carbon balance of a year: {} t of carbon in the waste ({} t fossil), {} t released as CO2, {} t left in the ash.",
            format_readable(c.carbon.carbon_in.get::<ton>(), 3),
            format_readable(c.fossil_carbon.get::<ton>(), 3),
            format_readable(c.carbon.released.get::<ton>(), 3),
            format_readable(c.carbon.stored.get::<ton>(), 3),
        ));
        out.notes.push(
            "Only the fossil carbon of the waste counts as project CO2; the biogenic CO2 is reported in its own column and not counted (IPCC 2006 Vol. 5 Ch. 5).".into(),
        );
        if efficiency.get::<ratio>() > 0.35 {
            out.warnings.push(format!(
                "the net electrical efficiency is {:.0} %, above what waste-fired steam cycles reach (their steam is kept cool to limit boiler corrosion): check electricity_exported and waste_ncv",
                efficiency.get::<ratio>() * 100.0
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
