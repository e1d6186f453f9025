//! Modal shift to a new public transport line, in the ASIF frame (Schipper et al. 2000:
//! emissions = Activity × modal Structure × Intensity × Fuel), with the baseline as in CDM
//! ACM0016 (mass rapid transit): the passengers' previous trips, per passenger-km of each
//! mode, `BE = Σ_mode P × TL × share_mode × EF_pkm,mode`.
//!
//! * Activity: trips per year (weekday and holiday ridership, or an annual total) × the
//!   average trip length = passenger-km.
//! * Structure: the share of riders who made the trip by car, taxi, bus, the replaced rail
//!   line, on foot or by bike, or not at all (new trips) before the line opened.
//! * Intensity: each mode's emissions per vehicle-km ÷ its occupancy = per passenger-km.
//!
//! Project emissions are the line's traction electricity × the grid factor of each year; the
//! rail service the line replaced (if any) is part of the baseline. Riders who used the
//! replaced line carry no baseline of their own: that service's emissions are counted once,
//! as a service.
//!
//! `ER = Σ_mode pkm × share_mode × EF_mode − traction × EF_grid + replaced service`.

pub mod plugin;

use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};
use crate::units::transport::{
    Count, EnergyPerDistance, Occupancy, PassengerDistance, PassengerIntensity, Ridership,
    VehicleDistance, VehicleIntensity,
};
use crate::units::{Energy, Length, Ratio, Time};

/// Trips per year from a weekday and a holiday ridership: `R_wd × D_wd + R_hol × D_hol`.
pub fn annual_trips(
    weekday: Ridership,
    weekdays: Time,
    holiday: Ridership,
    holidays: Time,
) -> Count {
    let (a, b) = (weekday * weekdays, holiday * holidays);
    Count::new(a.number() + b.number())
}

/// Passenger-km of the line (ASIF activity): trips × average trip length.
pub fn passenger_km(trips: Count, trip_length: Length) -> PassengerDistance {
    PassengerDistance::from_trips(trips, trip_length)
}

/// A mode's emissions per passenger-km (ASIF intensity): per vehicle-km ÷ occupancy.
pub fn per_passenger_km(
    per_vehicle_km: VehicleIntensity<Co2e>,
    occupancy: Occupancy,
) -> PassengerIntensity<Co2e> {
    per_vehicle_km / occupancy
}

/// Baseline emissions of the trips that came from one mode (ACM0016 form):
/// passenger-km × the mode's share × its emissions per passenger-km.
pub fn shifted_emissions(
    line_pkm: PassengerDistance,
    share: Ratio,
    per_pkm: PassengerIntensity<Co2e>,
) -> GasMass<Co2e> {
    (line_pkm * share) * per_pkm
}

/// Traction electricity of a service: vehicle-km × kWh per vehicle-km (at the meter).
pub fn traction_energy(service: VehicleDistance, per_km: EnergyPerDistance) -> Energy {
    service * per_km
}

/// Emissions of electricity used: energy × grid emission factor.
pub fn electricity_emissions(energy: Energy, grid: EmissionIntensity<Co2e>) -> GasMass<Co2e> {
    energy * grid
}

/// Emissions of a replaced rail service: its electric car-km × kWh/car-km × the grid factor,
/// plus its diesel car-km × their direct emissions per car-km.
pub fn replaced_service_emissions(
    electric: VehicleDistance,
    electric_per_km: EnergyPerDistance,
    grid: EmissionIntensity<Co2e>,
    fuel: VehicleDistance,
    fuel_per_km: VehicleIntensity<Co2e>,
) -> GasMass<Co2e> {
    electricity_emissions(traction_energy(electric, electric_per_km), grid) + fuel * fuel_per_km
}

/// The mode shares of the line's riders (their mode before the line), which must add up
/// to 100 %.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModeShares {
    pub car: Ratio,
    pub taxi: Ratio,
    pub bus: Ratio,
    /// Riders of the replaced rail line (its emissions are the replaced service's).
    pub rail: Ratio,
    pub walk_bike: Ratio,
    /// Trips not made before (induced demand).
    pub new_trips: Ratio,
}

impl ModeShares {
    /// The sum of all shares.
    pub fn total(&self) -> Ratio {
        self.car + self.taxi + self.bus + self.rail + self.walk_bike + self.new_trips
    }

    /// `None` unless every share is within 0-100 % and they add up to 100 % (to 1e-6).
    pub fn checked(self) -> Option<Self> {
        let parts = [
            self.car,
            self.taxi,
            self.bus,
            self.rail,
            self.walk_bike,
            self.new_trips,
        ];
        let each_ok = parts.iter().all(|s| (0.0..=1.0).contains(&s.value));
        (each_ok && (self.total().value - 1.0).abs() <= 1e-6).then_some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::parse_as;
    use uom::si::energy::megawatt_hour;
    use uom::si::length::kilometer;
    use uom::si::mass::ton;
    use uom::si::ratio::ratio;
    use uom::si::time::day;

    fn q<M: crate::units::Measure>(s: &str) -> M {
        parse_as("x", &s.into()).unwrap()
    }

    fn pct(v: f64) -> Ratio {
        Ratio::new::<ratio>(v / 100.0)
    }

    #[test]
    fn annual_trips_from_the_toyama_survey() {
        // Oct 2006 survey: 4,988 riders per weekday, 5,576 per holiday (hokurikutei); over
        // 245 weekdays and 120 holidays: 1,222,060 + 669,120 = 1,891,180 trips.
        let t = annual_trips(
            q("4988 trips/d"),
            Time::new::<day>(245.0),
            q("5576 trips/d"),
            Time::new::<day>(120.0),
        );
        assert!((t.number().value - 1_891_180.0).abs() < 1e-6);
    }

    #[test]
    fn car_trips_by_hand() {
        // 1,000,000 trips × 4 km = 4,000,000 pkm; 12 % by car at 240 g/vkm ÷ 1.3 pass/veh
        // = 184.615 g/pkm → 480,000 pkm × 184.615 g = 88.615 t.
        let pkm = passenger_km(
            Count::new(Ratio::new::<ratio>(1e6)),
            Length::new::<kilometer>(4.0),
        );
        let ef = per_passenger_km(q("240 gCO2e/vkm"), q("1.3 pass/veh"));
        let be = shifted_emissions(pkm, pct(12.0), ef).mass().get::<ton>();
        assert!((be - 480_000.0 * 240.0 / 1.3 / 1e6).abs() < 1e-9, "{be}");
        assert!((be - 88.615_384_615).abs() < 1e-6);
    }

    #[test]
    fn traction_and_replaced_service_by_hand() {
        // 366,000 car-km × 2 kWh = 732 MWh; at 0.447 t/MWh = 327.204 t.
        let grid: EmissionIntensity<Co2e> = q("0.447 tCO2e/MWh");
        let e = traction_energy(q("366000 vkm"), q("2 kWh/km"));
        assert!((e.get::<megawatt_hour>() - 732.0).abs() < 1e-9);
        let pe = electricity_emissions(e, grid).mass().get::<ton>();
        assert!((pe - 327.204).abs() < 1e-9);
        // Replaced: 140,160 EMU car-km × 3 kWh × 0.447 = 187.95456 t, plus 58,400 diesel
        // car-km × 1.6 kg = 93.44 t: 281.39456 t.
        let r = replaced_service_emissions(
            q("140160 vkm"),
            q("3 kWh/km"),
            grid,
            q("58400 vkm"),
            q("1.6 kgCO2e/vkm"),
        );
        assert!((r.mass().get::<ton>() - 281.394_56).abs() < 1e-9);
    }

    #[test]
    fn emissions_are_linear_in_ridership() {
        // Doubling and tripling the ridership doubles and triples the shifted emissions; the
        // reductions are affine: equal steps of ridership give equal steps of ER.
        let ef = per_passenger_km(q("240 gCO2e/vkm"), q("1.3 pass/veh"));
        let traction = electricity_emissions(
            traction_energy(q("366000 vkm"), q("2 kWh/km")),
            q("0.447 tCO2e/MWh"),
        );
        let er = |riders: f64| {
            let trips = annual_trips(
                q(&format!("{riders} trips/d")),
                Time::new::<day>(365.0),
                q("0 trips/d"),
                Time::new::<day>(0.0),
            );
            let pkm = passenger_km(trips, Length::new::<kilometer>(4.0));
            let be = shifted_emissions(pkm, pct(12.0), ef);
            (be.mass().get::<ton>(), (be - traction).mass().get::<ton>())
        };
        let (b1, e1) = er(1000.0);
        let (b2, e2) = er(2000.0);
        let (b3, e3) = er(3000.0);
        assert!((b2 - 2.0 * b1).abs() < 1e-9 && (b3 - 3.0 * b1).abs() < 1e-9);
        assert!(((e3 - e2) - (e2 - e1)).abs() < 1e-9);
        assert!(((e2 - e1) - b1).abs() < 1e-9);
    }

    #[test]
    fn shares_must_add_up() {
        let s = ModeShares {
            car: pct(12.0),
            taxi: pct(0.0),
            bus: pct(5.0),
            rail: pct(36.0),
            walk_bike: pct(10.0),
            new_trips: pct(37.0),
        };
        assert!(s.checked().is_some());
        assert!(
            ModeShares {
                new_trips: pct(40.0),
                ..s
            }
            .checked()
            .is_none()
        );
        assert!(
            ModeShares {
                car: pct(-3.0),
                new_trips: pct(52.0),
                ..s
            }
            .checked()
            .is_none()
        );
    }
}
