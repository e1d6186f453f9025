//! The fleet fuel-switch model as a plug-in: diesel → natural gas (dual-fuel or dedicated),
//! methane slip as CH4 through the GWP set, and what a claimed reduction requires.

use uom::si::ratio::ratio;

use super::{
    energy_change_for, gas_advantage, gas_share_for, methane_slip, project_energy, reduction_share,
    slip_intensity, split_by_gas_share,
};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, Emissions, Ledger};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{Context, Model, Needs};
use crate::models::transport::fuel::{
    CombustionFactors, combustion_emissions, fuel_burned, fuel_energy,
};
use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass, N2o};
use crate::units::transport::{Count, EnergyPerVolume, FuelConsumption, VehicleDistance};
use crate::units::{Dimension, EnergyPerMass, Length, Measure, Ratio};

crate::model_inputs! {
    /// The inputs of the fleet fuel-switch model (keys of `models/fleet-fuel-switch.toml`).
    pub struct FleetInputs / FleetKeys {
        vehicles: Count,
        annual_distance: Length,
        fuel_consumption: FuelConsumption,
        diesel_energy_content: EnergyPerVolume,
        diesel_co2: EmissionIntensity<Co2e>,
        diesel_ch4: EmissionIntensity<Ch4>,
        diesel_n2o: EmissionIntensity<N2o>,
        gas_share: Ratio,
        energy_change: Ratio,
        gas_co2: EmissionIntensity<Co2e>,
        gas_ch4: EmissionIntensity<Ch4>,
        gas_n2o: EmissionIntensity<N2o>,
        gas_ncv: EnergyPerMass,
        gas_methane_content: Ratio,
        methane_slip: Ratio,
        claimed_reduction: Option<Ratio>,
    }
}

/// A fleet switching from diesel to natural gas.
pub struct FleetFuelSwitch;

const COLUMNS: [Column; 7] = [
    Column::sum(
        "baseline_diesel_energy",
        "Diesel energy without the project",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "project_diesel_energy",
        "Diesel energy with the project",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "project_gas_energy",
        "Gas energy with the project",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "methane_slip",
        "Unburnt methane (slip)",
        Role::Indicator,
        Dimension::Ch4Mass,
    ),
    Column::sum(
        "project_diesel",
        "Diesel combustion",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_gas",
        "Gas combustion",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_slip",
        "Methane slip",
        Role::Project,
        Dimension::Co2eMass,
    ),
];

fn pct(r: Ratio) -> String {
    crate::units::format_readable(r.get::<ratio>() * 100.0, 3) + " %"
}

impl Model for FleetFuelSwitch {
    const ID: &'static str = "fleet-fuel-switch";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: false,
        location: false,
        weather: false,
    };
    type Inputs = FleetInputs;
    type Prepared = ();

    fn prepare(&self, _i: &FleetInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &FleetInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let gwp = ctx.gwp;
        let diesel = CombustionFactors {
            co2: i.diesel_co2,
            ch4: i.diesel_ch4,
            n2o: i.diesel_n2o,
        };
        let gas = CombustionFactors {
            co2: i.gas_co2,
            ch4: i.gas_ch4,
            n2o: i.gas_n2o,
        };
        let fleet_km = VehicleDistance::from_vehicles(i.vehicles, i.annual_distance);
        let baseline_energy = fuel_energy(
            fuel_burned(fleet_km, i.fuel_consumption),
            i.diesel_energy_content,
        );
        if baseline_energy.value <= 0.0 {
            return Err(ScenarioError::parameter(
                ErrorCode::ModelError,
                "vehicles",
                "the fleet burns no fuel: vehicles × annual_distance × fuel_consumption is zero",
            ));
        }
        let (project_diesel, project_gas) = split_by_gas_share(
            project_energy(baseline_energy, i.energy_change),
            i.gas_share,
        );
        let slip_per_energy = slip_intensity(i.gas_ncv, i.gas_methane_content, i.methane_slip);
        let slip = methane_slip(project_gas, slip_per_energy);

        let be = combustion_emissions(baseline_energy, &diesel, gwp);
        let pe_diesel = combustion_emissions(project_diesel, &diesel, gwp);
        let pe_gas = combustion_emissions(project_gas, &gas, gwp);
        let pe_slip = slip.to_co2e(gwp);
        let ledger = Ledger::build(ctx.crediting.years(), &COLUMNS, |_, cells| {
            cells.push(baseline_energy);
            cells.push(project_diesel);
            cells.push(project_gas);
            cells.push(slip);
            cells.push(pe_diesel);
            cells.push(pe_gas);
            cells.push(pe_slip);
            Ok(Emissions {
                baseline: be,
                project: pe_diesel + pe_gas + pe_slip,
                leakage: GasMass::zero(),
            })
        })?;
        let mut out = Outcome::from_ledgers(ledger, None);
        let f_diesel = diesel.co2e(gwp);
        let f_gas = gas.co2e(gwp) + slip_per_energy.to_co2e(gwp);
        let k = gas_advantage(f_diesel, f_gas);
        let achieved = reduction_share(i.gas_share, i.energy_change, k);
        out.figure(
            "reduction_share",
            "Emission reductions as a share of the baseline",
            Role::Indicator,
            achieved,
        );
        if let Some(total) = out.crediting.total("methane_slip") {
            out.figure(
                "methane_slip",
                "Unburnt methane over the crediting period",
                Role::Indicator,
                total,
            );
        }
        if !ctx.is_draw() && achieved.value < 0.0 {
            out.warnings.push(format!(
                "the switch adds emissions ({} of the baseline): methane slip and the extra energy per km outweigh what gas saves per unit of energy",
                pct(-achieved)
            ));
        }
        let Some(claim) = i.claimed_reduction else {
            return Ok(out);
        };
        let needed_share = gas_share_for(claim, i.energy_change, k);
        let needed_change = energy_change_for(claim, i.gas_share, k);
        out.figure(
            "energy_change_needed",
            "Change in energy use per km the claimed reduction needs (at this gas share)",
            Role::Indicator,
            needed_change,
        );
        if ctx.is_draw() {
            return Ok(out);
        }
        // Without any advantage of gas no share reaches the claim: no figure, a warning.
        if let Some(s) = needed_share {
            out.figure(
                "gas_share_needed",
                "Gas share of the energy the claimed reduction needs (at this energy use and slip)",
                Role::Indicator,
                s,
            );
        }
        out.notes.push(format!(
            "Per unit of energy, gas emits {} less CO2e than diesel here (combustion CO2, CH4 and N2O with the chosen GWP set, plus methane slip), so the reduction is 1 − (1 + energy change) × (1 − gas share × that advantage) = {}.",
            pct(k),
            pct(achieved)
        ));
        match needed_share {
            None => out.warnings.push(format!(
                "the claimed reduction of {} cannot come from gas at all: with this methane slip, gas emits as much CO2e per unit of energy as diesel or more",
                pct(claim)
            )),
            Some(s) if s.get::<ratio>() > 1.0 => out.warnings.push(format!(
                "the claimed reduction of {} is out of reach of the fuel switch: even all the energy as gas gives {}; at the gas share of {} the converted vehicles would need {} energy per km (a change of {}), which a conversion does not deliver",
                pct(claim),
                pct(reduction_share(Ratio::from_si(1.0), i.energy_change, k)),
                pct(i.gas_share),
                if needed_change.value < 0.0 { "less" } else { "more" },
                pct(needed_change)
            )),
            Some(s) => out.notes.push(format!(
                "The claimed reduction of {} needs a gas share of {} at this energy use, or an energy change of {} at the gas share of {}.",
                pct(claim),
                pct(s),
                pct(needed_change),
                pct(i.gas_share)
            )),
        }
        Ok(out)
    }
}
