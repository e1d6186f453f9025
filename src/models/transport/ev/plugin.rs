//! The electric-vehicle model as a plug-in: combustion cars replaced by electric ones, the
//! electricity on the grid factor of each year.

use uom::si::ratio::ratio;

use super::grid_electricity;
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, Emissions, Ledger};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{Context, Model, Needs};
use crate::models::transport::fuel::{
    CombustionFactors, combustion_emissions, fuel_burned, fuel_energy,
};
use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass, N2o};
use crate::units::transport::{
    Count, EnergyPerDistance, EnergyPerVolume, FuelConsumption, VehicleDistance, VehicleIntensity,
};
use crate::units::{Dimension, Length, Measure, Ratio};

crate::model_inputs! {
    /// The inputs of the electric-vehicle model (keys of `models/electric-vehicles.toml`).
    pub struct EvInputs / EvKeys {
        vehicles: Count,
        annual_distance: Length,
        ice_consumption: FuelConsumption,
        fuel_energy_content: EnergyPerVolume,
        fuel_co2: EmissionIntensity<Co2e>,
        fuel_ch4: EmissionIntensity<Ch4>,
        fuel_n2o: EmissionIntensity<N2o>,
        ev_consumption: EnergyPerDistance,
        charging_losses: Ratio,
    }
}

/// Electric vehicles replacing combustion vehicles.
pub struct ElectricVehicles;

const COLUMNS: [Column; 5] = [
    Column::sum(
        "distance",
        "Distance driven electrically",
        Role::PhysicalOutput,
        Dimension::VehicleDistance,
    ),
    Column::sum(
        "fuel_avoided",
        "Fuel the combustion cars would have burned",
        Role::PhysicalOutput,
        Dimension::Volume,
    ),
    Column::sum(
        "electricity",
        "Electricity drawn from the grid",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "project_electricity",
        "Charging electricity emissions",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::rate(
        "grid_factor",
        "Grid emission factor",
        Role::Factor,
        Dimension::EmissionIntensity,
    ),
];

impl Model for ElectricVehicles {
    const ID: &'static str = "electric-vehicles";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = EvInputs;
    type Prepared = ();

    fn prepare(&self, _i: &EvInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &EvInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        if i.charging_losses.get::<ratio>() >= 1.0 {
            return Err(ScenarioError::parameter(
                ErrorCode::InvalidValue,
                "charging_losses",
                "losses are a share of the electricity drawn and must stay below 100 %",
            ));
        }
        let fuel = CombustionFactors {
            co2: i.fuel_co2,
            ch4: i.fuel_ch4,
            n2o: i.fuel_n2o,
        };
        let km = VehicleDistance::from_vehicles(i.vehicles, i.annual_distance);
        let litres = fuel_burned(km, i.ice_consumption);
        let be = combustion_emissions(fuel_energy(litres, i.fuel_energy_content), &fuel, ctx.gwp);
        let electricity = grid_electricity(km, i.ev_consumption, i.charging_losses);
        let ledger = Ledger::build(ctx.crediting.years(), &COLUMNS, |y, cells| {
            let grid = ctx.grid_factor(y.calendar_year)?;
            let pe = electricity * grid;
            cells.push(km);
            cells.push(litres);
            cells.push(electricity);
            cells.push(pe);
            cells.push(grid);
            Ok(Emissions {
                baseline: be,
                project: pe,
                leakage: GasMass::zero(),
            })
        })?;
        let mut out = Outcome::from_ledgers(ledger, None);
        let total_km = out
            .crediting
            .total("distance")
            .and_then(|m| m.get::<VehicleDistance>())
            .unwrap_or(VehicleDistance::from_si(0.0));
        let er = out.crediting.total_co2e("emission_reductions");
        let baseline = out.crediting.total_co2e("baseline");
        let (per_km, share) = if total_km.length().value > 0.0 && baseline.mass().value > 0.0 {
            (VehicleIntensity::new(er, total_km), er / baseline)
        } else {
            (VehicleIntensity::from_si(0.0), Ratio::from_si(0.0))
        };
        out.figure(
            "reduction_per_vehicle_km",
            "Emission reductions per km driven electrically",
            Role::Indicator,
            per_km,
        )
        .figure(
            "reduction_share",
            "Emission reductions as a share of the combustion cars' emissions",
            Role::Indicator,
            share,
        );
        if ctx.is_draw() {
            return Ok(out);
        }
        if let Some(e) = out.crediting.total("electricity") {
            out.figure(
                "electricity",
                "Electricity drawn over the crediting period",
                Role::PhysicalOutput,
                e,
            );
        }
        if er.mass().value < 0.0 {
            out.warnings.push(
                "on this grid the electric cars emit more than the combustion cars they replace"
                    .into(),
            );
        }
        Ok(out)
    }
}
