//! The avoided-residue-burning model as a plug-in (IPCC 2006 Vol. 4 Ch. 2, Tier 1): the CH4
//! and N2O the field burning of the collected residue would have released, minus the fuel
//! and electricity of collecting and processing it. Products earn a credit only from a cited
//! life-cycle assessment.

use uom::si::mass::ton;
use uom::si::ratio::ratio;

use super::{BurningFactors, burning_carbon, burning_emission, dry_matter, dry_matter_burnt};
use crate::error::ScenarioError;
use crate::models::compost::project::{
    electricity_consumed, electricity_emissions, fuel_emissions,
};
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Ledger};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{ChoiceText, Context, Derive, Model, Needs};
use crate::units::ghg::{Ch4, Co2, Co2e, EmissionIntensity, GasMass, GasPerMass, N2o};
use crate::units::{Dimension, EnergyPerMass, Mass, MassRate, Ratio, Time, format_readable};

crate::choices!(BurningFactors {
    Ipcc2006 => "ipcc_2006",
    Gfed4 => "gfed4_2017",
    RiceStrawField => "rice_straw_field_2017",
});

crate::model_inputs! {
    /// The inputs of the residue-burning model (keys of `models/crop-residue-burning.toml`).
    pub struct ResidueInputs / ResidueKeys {
        residue_collected: MassRate,
        dry_matter_content: Ratio,
        share_burnt: Ratio,
        combustion_factor: Ratio,
        carbon_fraction: Ratio,
        burning_factors: BurningFactors,
        ef_ch4_burning: GasPerMass<Ch4>,
        ef_n2o_burning: GasPerMass<N2o>,
        collection_fuel: EnergyPerMass,
        collection_fuel_factor: EmissionIntensity<Co2e>,
        processing_electricity: EnergyPerMass,
        grid_losses: Ratio,
        product_credit: Option<GasPerMass<Co2e>>,
    }
}

/// Crop residue collected for a product instead of being burnt in the field.
pub struct CropResidueBurning;

const COLUMNS: [Column; 10] = [
    Column::sum(
        "residue_collected",
        "Residue collected",
        Role::PhysicalOutput,
        Dimension::Mass,
    ),
    Column::sum(
        "dry_matter_not_burnt",
        "Residue dry matter no longer burnt (after the combustion factor)",
        Role::PhysicalOutput,
        Dimension::Mass,
    ),
    Column::sum(
        "baseline_ch4",
        "CH4 the field burning would have released",
        Role::Baseline,
        Dimension::Ch4Mass,
    ),
    Column::sum(
        "baseline_n2o",
        "N2O the field burning would have released",
        Role::Baseline,
        Dimension::N2oMass,
    ),
    Column::sum(
        "baseline_products",
        "Product credit from a cited life-cycle assessment",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_collection",
        "Fuel for collecting and hauling the residue",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_processing",
        "Electricity for processing",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "carbon_in",
        "Carbon in the residue collected",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "carbon_burning_avoided",
        "…of which the burning would have released",
        Role::Indicator,
        Dimension::Mass,
    ),
    Column::sum(
        "biogenic_co2",
        "Biogenic CO2 of the burning (not counted: the next crop takes it up)",
        Role::Indicator,
        Dimension::Co2eMass,
    ),
];

/// A year's flows, the same every year.
struct Year {
    residue: Mass,
    burnt: Mass,
    ch4: GasMass<Ch4>,
    n2o: GasMass<N2o>,
    carbon: super::BurningCarbon,
}

fn year(i: &ResidueInputs) -> Result<Year, ScenarioError> {
    let residue: Mass = i.residue_collected * Time::new::<uom::si::time::year>(1.0);
    let dry = dry_matter(residue, i.dry_matter_content);
    let burnt = dry_matter_burnt(dry, i.share_burnt, i.combustion_factor);
    let ch4 = burning_emission(burnt, i.ef_ch4_burning);
    let n2o = burning_emission(burnt, i.ef_n2o_burning);
    let carbon = burning_carbon(dry, burnt, i.carbon_fraction, ch4);
    // Checked post-conditions: the fire releases no more carbon than the residue holds, and
    // no more carbon as CH4 than it releases in all.
    carbon.balance.check(
        "the avoided burning",
        &["share_burnt", "combustion_factor", "carbon_fraction"],
    )?;
    if carbon.methane_carbon > carbon.balance.released {
        return Err(crate::models::balance::refuse(
            &format!(
                "the burning would release {} t of carbon as CH4 but only {} t of carbon in all",
                format_readable(carbon.methane_carbon.get::<ton>(), 3),
                format_readable(carbon.balance.released.get::<ton>(), 3)
            ),
            &["ef_ch4_burning", "carbon_fraction"],
        ));
    }
    Ok(Year {
        residue,
        burnt,
        ch4,
        n2o,
        carbon,
    })
}

fn run_period(
    i: &ResidueInputs,
    y: &Year,
    ctx: &Context<'_>,
    period: &CreditingPeriod,
) -> Result<Ledger, ScenarioError> {
    let collection = fuel_emissions(
        y.residue,
        i.collection_fuel,
        EmissionIntensity::<Co2>::new(i.collection_fuel_factor.per_energy()),
    )
    .to_co2e();
    let products = i
        .product_credit
        .map_or_else(GasMass::zero, |credit| y.residue * credit);
    Ledger::build(period.years(), &COLUMNS, |year, cells| {
        let processing = if i.processing_electricity.value > 0.0 {
            let used = electricity_consumed(y.residue, i.processing_electricity);
            electricity_emissions(used, ctx.grid_factor(year.calendar_year)?, i.grid_losses)
        } else {
            GasMass::zero()
        };
        cells.push(y.residue);
        cells.push(y.burnt);
        cells.push(y.ch4);
        cells.push(y.n2o);
        cells.push(products);
        cells.push(collection);
        cells.push(processing);
        cells.push(y.carbon.balance.carbon_in);
        cells.push(y.carbon.balance.released);
        cells.push(y.carbon.biogenic_co2.to_co2e());
        Ok(Emissions {
            baseline: y.ch4.to_co2e(ctx.gwp) + y.n2o.to_co2e(ctx.gwp) + products,
            project: collection + processing,
            leakage: GasMass::zero(),
        })
    })
}

impl Model for CropResidueBurning {
    const ID: &'static str = "crop-residue-burning";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = ResidueInputs;
    type Prepared = ();

    /// The CH4 and N2O factors from the chosen published set.
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        let k = ResidueInputs::KEYS;
        let set: BurningFactors = d.get(k.burning_factors)?;
        let (ch4, n2o) = set.factors();
        let how = || format!("from burning_factors = {}", ChoiceText::as_str(&set));
        d.set(k.ef_ch4_burning, ch4, how, || None);
        d.set(k.ef_n2o_burning, n2o, how, || None);
        Ok(())
    }

    fn prepare(&self, _i: &ResidueInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &ResidueInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let y = year(i)?;
        let crediting = run_period(i, &y, ctx, ctx.crediting)?;
        let life = match ctx.lifetime {
            Some(p) => Some(run_period(i, &y, ctx, p)?),
            None => None,
        };
        let mut out = Outcome::from_ledgers(crediting, life);
        let residue = out
            .crediting
            .total("residue_collected")
            .and_then(|m| m.get::<Mass>())
            .unwrap_or_default();
        let er = out.crediting.total_co2e("emission_reductions");
        let per_tonne = if residue.value > 0.0 {
            GasPerMass::<Co2e>::new(er.mass() / residue)
        } else {
            GasPerMass::new(Ratio::new::<ratio>(0.0))
        };
        out.figure(
            "residue_collected",
            "Residue collected over the crediting period",
            Role::PhysicalOutput,
            residue,
        )
        .figure(
            "reduction_per_tonne",
            "Emission reductions per tonne of residue",
            Role::Indicator,
            per_tonne,
        );
        if let Some(c) = out.crediting.total("biogenic_co2") {
            out.figure(
                "biogenic_co2",
                "Biogenic CO2 the burning would have released (not counted)",
                Role::Indicator,
                c,
            );
        }
        if ctx.is_draw() {
            return Ok(out);
        }
        match i.product_credit {
            None => out.warnings.push(
                "no credit is given for the products made from the residue: no life-cycle assessment of them is cited (set product_credit, per tonne of residue, from a cited assessment to include one)".into(),
            ),
            Some(_) => out.notes.push(
                "The product credit comes from the product_credit input; the estimate's inputs show where it comes from, and it counts only if that source is a life-cycle assessment of these products.".into(),
            ),
        }
        out.notes.push(format!(
            "CH4 and N2O factors: {} ({} and {} per kg of dry matter burnt); the other published set is one switch away (burning_factors).",
            match i.burning_factors {
                BurningFactors::Ipcc2006 => "IPCC 2006, agricultural residues",
                BurningFactors::Gfed4 => "GFED4 (van der Werf et al. 2017, after Akagi et al. 2011), agricultural waste burning",
                BurningFactors::RiceStrawField => "field measurements of rice straw (Romasanta et al. 2017)",
            },
            crate::units::QuantityValue::of(i.ef_ch4_burning).readable(3),
            crate::units::QuantityValue::of(i.ef_n2o_burning).readable(3),
        ));
        out.notes.push(format!(
            "Carbon of a year: {} t in the residue, of which the fire would release {} t ({} t as CH4); the rest stays in the field. The CO2 is biogenic and not counted.",
            format_readable(y.carbon.balance.carbon_in.get::<ton>(), 3),
            format_readable(y.carbon.balance.released.get::<ton>(), 3),
            format_readable(y.carbon.methane_carbon.get::<ton>(), 3),
        ));
        if i.processing_electricity.value == 0.0 {
            out.warnings.push(
                "the plant's own process emissions (making the carbon and silicon materials) are not published and are not counted: set processing_electricity to include them".into(),
            );
        }
        out.notes.push(
            "Residue that would not have been burnt (left to decay or worked into a flooded paddy, which raises the paddy's CH4) is counted as emitting nothing, which understates what collection avoids.".into(),
        );
        Ok(out)
    }
}
