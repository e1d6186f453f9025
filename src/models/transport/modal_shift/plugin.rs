//! The modal-shift model as a plug-in: riders of a new line, the modes they left, the line's
//! traction electricity on the grid factor of each year, and the service it replaced.

use uom::si::ratio::ratio;

use super::{
    ModeShares, annual_trips, electricity_emissions, passenger_km, per_passenger_km,
    replaced_service_emissions, shifted_emissions, traction_energy,
};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, Emissions, Ledger};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{Context, Derive, Model, Needs};
use crate::units::ghg::{Co2e, GasMass};
use crate::units::transport::{
    Count, EnergyPerDistance, Occupancy, PassengerDistance, PassengerIntensity, Ridership,
    VehicleDistance, VehicleIntensity,
};
use crate::units::{Dimension, Energy, Length, Measure, QuantityValue, Ratio, Time};

crate::model_inputs! {
    /// The inputs of the modal-shift model (keys of `models/modal-shift.toml`).
    pub struct ModalShiftInputs / ModalShiftKeys {
        weekday_riders: Ridership,
        weekdays: Time,
        holiday_riders: Ridership,
        holidays: Time,
        annual_riders: Option<Ridership>,
        trip_length: Length,
        share_car: Ratio,
        share_taxi: Ratio,
        share_bus: Ratio,
        share_rail: Ratio,
        share_walk_bike: Ratio,
        share_new: Ratio,
        car_intensity: VehicleIntensity<Co2e>,
        car_occupancy: Occupancy,
        taxi_intensity: VehicleIntensity<Co2e>,
        taxi_occupancy: Occupancy,
        bus_intensity: VehicleIntensity<Co2e>,
        bus_occupancy: Occupancy,
        service_distance: VehicleDistance,
        traction_per_km: EnergyPerDistance,
        annual_traction: Option<Energy>,
        replaced_electric_distance: VehicleDistance,
        replaced_electric_per_km: EnergyPerDistance,
        replaced_fuel_distance: VehicleDistance,
        replaced_fuel_intensity: VehicleIntensity<Co2e>,
    }
}

/// Riders moving to a new public transport line.
pub struct ModalShift;

const COLUMNS: [Column; 10] = [
    Column::sum(
        "trips",
        "Trips on the line",
        Role::PhysicalOutput,
        Dimension::Count,
    ),
    Column::sum(
        "passenger_km",
        "Passenger-km on the line",
        Role::PhysicalOutput,
        Dimension::PassengerDistance,
    ),
    Column::sum(
        "car_passenger_km",
        "…of which made by car before",
        Role::Indicator,
        Dimension::PassengerDistance,
    ),
    Column::sum(
        "baseline_car",
        "Car trips replaced",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "baseline_taxi",
        "Taxi trips replaced",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "baseline_bus",
        "Bus trips replaced",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "baseline_replaced_service",
        "Rail service the line replaced",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "traction_electricity",
        "Traction electricity of the line",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "project_traction",
        "Traction electricity emissions",
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

fn shares(i: &ModalShiftInputs) -> ModeShares {
    ModeShares {
        car: i.share_car,
        taxi: i.share_taxi,
        bus: i.share_bus,
        rail: i.share_rail,
        walk_bike: i.share_walk_bike,
        new_trips: i.share_new,
    }
}

const SHARE_KEYS: &str =
    "share_car, share_taxi, share_bus, share_rail, share_walk_bike and share_new";

/// Trips per year: the annual total if given, else weekday and holiday ridership × days.
fn trips_per_year(i: &ModalShiftInputs) -> Count {
    match i.annual_riders {
        Some(r) => r * Time::new::<uom::si::time::year>(1.0),
        None => annual_trips(i.weekday_riders, i.weekdays, i.holiday_riders, i.holidays),
    }
}

impl Model for ModalShift {
    const ID: &'static str = "modal-shift";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = ModalShiftInputs;
    type Prepared = ();

    /// The share of new trips is what the other shares leave (they must not exceed 100 %).
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        let k = ModalShiftInputs::KEYS;
        let known = [
            d.get(k.share_car)?,
            d.get(k.share_taxi)?,
            d.get(k.share_bus)?,
            d.get(k.share_rail)?,
            d.get(k.share_walk_bike)?,
        ];
        let sum: f64 = known.iter().map(|s| s.get::<ratio>()).sum();
        if d.is_derived(k.share_new) && sum > 1.0 + 1e-9 {
            return Err(ScenarioError::parameter(
                ErrorCode::InvalidValue,
                "share_car",
                format!(
                    "the riders' previous modes (share_car, share_taxi, share_bus, share_rail, share_walk_bike) add up to {:.1} %, more than all riders",
                    sum * 100.0
                ),
            ));
        }
        d.set(
            k.share_new,
            Ratio::new::<ratio>((1.0 - sum).max(0.0)),
            || "the riders not accounted for by the other modes: trips not made before (induced demand)".into(),
            || None,
        );
        Ok(())
    }

    fn prepare(&self, _i: &ModalShiftInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &ModalShiftInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let s = shares(i).checked().ok_or_else(|| {
            ScenarioError::parameter(
                ErrorCode::InvalidValue,
                "share_new",
                format!(
                    "the riders' previous modes ({SHARE_KEYS}) must each be 0-100 % and add up to 100 %; they add up to {:.1} %",
                    shares(i).total().get::<ratio>() * 100.0
                ),
            )
        })?;
        for (key, occ) in [
            ("car_occupancy", i.car_occupancy),
            ("taxi_occupancy", i.taxi_occupancy),
            ("bus_occupancy", i.bus_occupancy),
        ] {
            if occ.passengers().get::<ratio>() <= 0.0 {
                return Err(ScenarioError::parameter(
                    ErrorCode::InvalidValue,
                    key,
                    "a vehicle carries at least some passengers: the occupancy must be above 0",
                ));
            }
        }
        let trips = trips_per_year(i);
        let pkm = passenger_km(trips, i.trip_length);
        let car_ef = per_passenger_km(i.car_intensity, i.car_occupancy);
        let taxi_ef = per_passenger_km(i.taxi_intensity, i.taxi_occupancy);
        let bus_ef = per_passenger_km(i.bus_intensity, i.bus_occupancy);
        let traction = i
            .annual_traction
            .unwrap_or_else(|| traction_energy(i.service_distance, i.traction_per_km));

        let ledger = Ledger::build(ctx.crediting.years(), &COLUMNS, |y, cells| {
            let grid = ctx.grid_factor(y.calendar_year)?;
            let car = shifted_emissions(pkm, s.car, car_ef);
            let taxi = shifted_emissions(pkm, s.taxi, taxi_ef);
            let bus = shifted_emissions(pkm, s.bus, bus_ef);
            let replaced = replaced_service_emissions(
                i.replaced_electric_distance,
                i.replaced_electric_per_km,
                grid,
                i.replaced_fuel_distance,
                i.replaced_fuel_intensity,
            );
            let project = electricity_emissions(traction, grid);
            cells.push(trips);
            cells.push(pkm);
            cells.push(pkm * s.car);
            cells.push(car);
            cells.push(taxi);
            cells.push(bus);
            cells.push(replaced);
            cells.push(traction);
            cells.push(project);
            cells.push(grid);
            Ok(Emissions {
                baseline: car + taxi + bus + replaced,
                project,
                leakage: GasMass::zero(),
            })
        })?;
        let mut out = Outcome::from_ledgers(ledger, None);
        let total_pkm = out
            .crediting
            .total("passenger_km")
            .and_then(|m| m.get::<PassengerDistance>())
            .unwrap_or(PassengerDistance::new(Length::default()));
        let er = out.crediting.total_co2e("emission_reductions");
        let per_pkm = if total_pkm.length().value > 0.0 {
            PassengerIntensity::new(er, total_pkm)
        } else {
            PassengerIntensity::from_si(0.0)
        };
        out.figure(
            "passenger_km",
            "Passenger-km on the line over the crediting period",
            Role::PhysicalOutput,
            total_pkm,
        )
        .figure(
            "reduction_per_passenger_km",
            "Emission reductions per passenger-km on the line",
            Role::Indicator,
            per_pkm,
        );
        if ctx.is_draw() {
            return Ok(out);
        }
        if let Some(t) = out.crediting.total("traction_electricity") {
            out.figure(
                "traction_electricity",
                "Traction electricity over the crediting period",
                Role::PhysicalOutput,
                t,
            );
        }
        let show = |q: PassengerIntensity<Co2e>| QuantityValue::of(q).readable(3);
        out.notes.push(format!(
            "Emissions per passenger-km of the modes riders left (per vehicle-km ÷ occupancy): car {}, taxi {}, bus {}. Riders of the replaced line carry no baseline of their own: that service is counted once, as a service.",
            show(car_ef),
            show(taxi_ef),
            show(bus_ef)
        ));
        if i.annual_traction.is_some() {
            out.notes.push(
                "Traction electricity is the annual figure given (annual_traction), not service_distance × traction_per_km.".into(),
            );
        }
        if er.mass().value < 0.0 {
            out.warnings.push(
                "the line's traction electricity emits more than the car, taxi and bus trips it replaces and the service it replaced: the line adds emissions with these inputs".into(),
            );
        }
        Ok(out)
    }
}
