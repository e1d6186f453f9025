//! Quantities of transport: passenger-km and vehicle-km, occupancy, fuel and energy use per
//! distance, the energy content of fuels, emissions per passenger-km and per vehicle-km,
//! counts (of vehicles, of trips) and ridership.
//!
//! In SI a passenger-km and a vehicle-km are both lengths, an occupancy and a count are both
//! plain numbers, L/100 km is an area and kWh/km a force. Each is a newtype here, so that a
//! bus-km cannot be added to a passenger-km, and the only way from one to the other is
//! through an occupancy:
//!
//! ```
//! use tanso::units::transport::{Occupancy, VehicleDistance};
//! use tanso::units::{Length, Ratio};
//! use uom::si::{length::kilometer, ratio::ratio};
//!
//! let bus = VehicleDistance::new(Length::new::<kilometer>(1000.0));
//! let pkm = bus * Occupancy::new(Ratio::new::<ratio>(12.0));
//! assert!((pkm.length().get::<kilometer>() - 12_000.0).abs() < 1e-9);
//! ```
//!
//! ```compile_fail
//! use tanso::units::transport::{PassengerDistance, VehicleDistance};
//! use tanso::units::Length;
//! use uom::si::length::kilometer;
//!
//! let km = Length::new::<kilometer>(1.0);
//! let _ = PassengerDistance::new(km) + VehicleDistance::new(km);
//! ```
//!
//! Fuel consumption is held as volume per distance whichever way it was written: "6.5
//! L/100km" and "15.4 km/L" are the same consumption.

use std::ops::{Add, Div, Mul};

use uom::si::f64::{Force, LinearMassDensity, Pressure};
use uom::si::{
    area::square_meter, force::newton, frequency::hertz, length::meter,
    linear_mass_density::kilogram_per_meter, mass_per_energy::kilogram_per_joule, pressure::pascal,
    ratio::ratio,
};

use super::ghg::{Ch4, Co2e, EmissionIntensity, Gas, GasMass, GwpSet, N2o};
use super::{
    Area, Dimension, Energy, Frequency, Length, MassPerEnergy, Measure, Ratio, Time, Volume,
};

/// Distance travelled by passengers: one passenger carried one kilometre is one pkm.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct PassengerDistance(Length);

/// Distance run by vehicles (cars, buses, tram sets): one vehicle run one kilometre is one vkm.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct VehicleDistance(Length);

/// Passengers per vehicle: passenger-km per vehicle-km.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Occupancy(Ratio);

/// A number of things (vehicles, trips).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Count(Ratio);

/// Trips per unit of time: riders per day, boardings per year.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Ridership(Frequency);

/// Fuel burned per distance (volume per length), read from L/100 km, L/km or km/L.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct FuelConsumption(Area);

/// Energy used per distance: kWh/km of an electric vehicle or a tram set.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct EnergyPerDistance(Force);

/// Energy content of a fuel per volume (net calorific value × density), MJ/L.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct EnergyPerVolume(Pressure);

/// Mass of gas `G` emitted per passenger-km, e.g. g CO2e/pkm.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct PassengerIntensity<G: Gas> {
    per_length: LinearMassDensity,
    gas: std::marker::PhantomData<G>,
}

/// Mass of gas `G` emitted per vehicle-km, e.g. g CO2e/vkm.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct VehicleIntensity<G: Gas> {
    per_length: LinearMassDensity,
    gas: std::marker::PhantomData<G>,
}

impl PassengerDistance {
    pub fn new(length: Length) -> Self {
        PassengerDistance(length)
    }

    /// Trips × the length of each: every trip carries one passenger.
    pub fn from_trips(trips: Count, trip_length: Length) -> Self {
        PassengerDistance(trip_length * trips.0)
    }

    /// The distance as a plain length.
    pub fn length(self) -> Length {
        self.0
    }
}

impl VehicleDistance {
    pub fn new(length: Length) -> Self {
        VehicleDistance(length)
    }

    /// Vehicles × the distance each runs.
    pub fn from_vehicles(vehicles: Count, each: Length) -> Self {
        VehicleDistance(each * vehicles.0)
    }

    /// The distance as a plain length.
    pub fn length(self) -> Length {
        self.0
    }
}

impl Occupancy {
    /// Passengers per vehicle, as a plain number.
    pub fn new(passengers: Ratio) -> Self {
        Occupancy(passengers)
    }

    pub fn passengers(self) -> Ratio {
        self.0
    }
}

impl Count {
    /// A number of things.
    pub fn new(n: Ratio) -> Self {
        Count(n)
    }

    pub fn number(self) -> Ratio {
        self.0
    }
}

impl Ridership {
    pub fn new(rate: Frequency) -> Self {
        Ridership(rate)
    }

    pub fn rate(self) -> Frequency {
        self.0
    }
}

impl FuelConsumption {
    /// Volume burned over a distance.
    pub fn new(volume: Volume, distance: Length) -> Self {
        FuelConsumption(volume / distance)
    }

    /// Volume per distance (m³/m).
    pub fn per_distance(self) -> Area {
        self.0
    }
}

impl EnergyPerDistance {
    /// Energy used over a distance.
    pub fn new(energy: Energy, distance: Length) -> Self {
        EnergyPerDistance(energy / distance)
    }
}

impl EnergyPerVolume {
    /// Energy released by a volume of fuel.
    pub fn new(energy: Energy, volume: Volume) -> Self {
        EnergyPerVolume(energy / volume)
    }
}

impl<G: Gas> PassengerIntensity<G> {
    /// Gas emitted over a passenger distance.
    pub fn new(mass: GasMass<G>, distance: PassengerDistance) -> Self {
        PassengerIntensity {
            per_length: mass.mass() / distance.0,
            gas: std::marker::PhantomData,
        }
    }

    /// Mass per length, for display.
    pub fn per_length(self) -> LinearMassDensity {
        self.per_length
    }
}

impl<G: Gas> VehicleIntensity<G> {
    /// Gas emitted over a vehicle distance.
    pub fn new(mass: GasMass<G>, distance: VehicleDistance) -> Self {
        VehicleIntensity {
            per_length: mass.mass() / distance.0,
            gas: std::marker::PhantomData,
        }
    }

    /// Mass per length, for display.
    pub fn per_length(self) -> LinearMassDensity {
        self.per_length
    }
}

impl Add for PassengerDistance {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        PassengerDistance(self.0 + rhs.0)
    }
}

impl Add for VehicleDistance {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        VehicleDistance(self.0 + rhs.0)
    }
}

/// A share of a passenger distance (the part that came from cars).
impl Mul<Ratio> for PassengerDistance {
    type Output = Self;
    fn mul(self, rhs: Ratio) -> Self {
        PassengerDistance(self.0 * rhs)
    }
}

/// Vehicle-km × passengers per vehicle = passenger-km.
impl Mul<Occupancy> for VehicleDistance {
    type Output = PassengerDistance;
    fn mul(self, rhs: Occupancy) -> PassengerDistance {
        PassengerDistance(self.0 * rhs.0)
    }
}

/// Riders per day × days = trips.
impl Mul<Time> for Ridership {
    type Output = Count;
    fn mul(self, rhs: Time) -> Count {
        Count(self.0 * rhs)
    }
}

/// Vehicle-km × litres per km = litres.
impl Mul<FuelConsumption> for VehicleDistance {
    type Output = Volume;
    fn mul(self, rhs: FuelConsumption) -> Volume {
        self.0 * rhs.0
    }
}

/// Vehicle-km × kWh per km = kWh.
impl Mul<EnergyPerDistance> for VehicleDistance {
    type Output = Energy;
    fn mul(self, rhs: EnergyPerDistance) -> Energy {
        self.0 * rhs.0
    }
}

/// Litres × MJ per litre = MJ.
impl Mul<EnergyPerVolume> for Volume {
    type Output = Energy;
    fn mul(self, rhs: EnergyPerVolume) -> Energy {
        self * rhs.0
    }
}

/// MJ ÷ MJ per litre = litres.
impl Div<EnergyPerVolume> for Energy {
    type Output = Volume;
    fn div(self, rhs: EnergyPerVolume) -> Volume {
        self / rhs.0
    }
}

/// Passenger-km × emissions per passenger-km = emitted (or avoided) gas.
impl<G: Gas> Mul<PassengerIntensity<G>> for PassengerDistance {
    type Output = GasMass<G>;
    fn mul(self, rhs: PassengerIntensity<G>) -> GasMass<G> {
        GasMass::new(self.0 * rhs.per_length)
    }
}

/// Vehicle-km × emissions per vehicle-km = emitted (or avoided) gas.
impl<G: Gas> Mul<VehicleIntensity<G>> for VehicleDistance {
    type Output = GasMass<G>;
    fn mul(self, rhs: VehicleIntensity<G>) -> GasMass<G> {
        GasMass::new(self.0 * rhs.per_length)
    }
}

/// Emissions per vehicle-km ÷ passengers per vehicle = emissions per passenger-km.
impl<G: Gas> Div<Occupancy> for VehicleIntensity<G> {
    type Output = PassengerIntensity<G>;
    fn div(self, rhs: Occupancy) -> PassengerIntensity<G> {
        PassengerIntensity {
            per_length: self.per_length / rhs.0,
            gas: std::marker::PhantomData,
        }
    }
}

impl EmissionIntensity<Ch4> {
    /// Methane per energy as CO2e per energy, with the 100-year GWP of the named set.
    pub fn to_co2e(self, gwp: &GwpSet) -> EmissionIntensity<Co2e> {
        EmissionIntensity::new(self.per_energy() * gwp.ch4)
    }
}

impl EmissionIntensity<N2o> {
    /// Nitrous oxide per energy as CO2e per energy, with the 100-year GWP of the named set.
    pub fn to_co2e(self, gwp: &GwpSet) -> EmissionIntensity<Co2e> {
        EmissionIntensity::new(self.per_energy() * gwp.n2o)
    }
}

/// `Measure` for a newtype over a `uom` quantity, through the quantity's SI base unit.
macro_rules! measure_newtype {
    ($($t:ty => $d:ident, $wrap:expr, $unwrap:expr);* $(;)?) => {$(
        impl Measure for $t {
            const DIMENSION: Dimension = Dimension::$d;
            fn from_si(si: f64) -> Self {
                ($wrap)(si)
            }
            fn to_si(self) -> f64 {
                ($unwrap)(self)
            }
        }
    )*};
}

measure_newtype! {
    PassengerDistance => PassengerDistance, |si| PassengerDistance(Length::new::<meter>(si)), |q: PassengerDistance| q.0.value;
    VehicleDistance => VehicleDistance, |si| VehicleDistance(Length::new::<meter>(si)), |q: VehicleDistance| q.0.value;
    Occupancy => Occupancy, |si| Occupancy(Ratio::new::<ratio>(si)), |q: Occupancy| q.0.value;
    Count => Count, |si| Count(Ratio::new::<ratio>(si)), |q: Count| q.0.value;
    Ridership => Ridership, |si| Ridership(Frequency::new::<hertz>(si)), |q: Ridership| q.0.value;
    FuelConsumption => FuelConsumption, |si| FuelConsumption(Area::new::<square_meter>(si)), |q: FuelConsumption| q.0.value;
    EnergyPerDistance => EnergyPerDistance, |si| EnergyPerDistance(Force::new::<newton>(si)), |q: EnergyPerDistance| q.0.value;
    EnergyPerVolume => EnergyPerVolume, |si| EnergyPerVolume(Pressure::new::<pascal>(si)), |q: EnergyPerVolume| q.0.value;
    PassengerIntensity<Co2e> => PassengerIntensity, |si| PassengerIntensity { per_length: LinearMassDensity::new::<kilogram_per_meter>(si), gas: std::marker::PhantomData }, |q: PassengerIntensity<Co2e>| q.per_length.value;
    VehicleIntensity<Co2e> => VehicleIntensity, |si| VehicleIntensity { per_length: LinearMassDensity::new::<kilogram_per_meter>(si), gas: std::marker::PhantomData }, |q: VehicleIntensity<Co2e>| q.per_length.value;
    EmissionIntensity<Ch4> => Ch4Intensity, |si| EmissionIntensity::new(MassPerEnergy::new::<kilogram_per_joule>(si)), |q: EmissionIntensity<Ch4>| q.per_energy().value;
    EmissionIntensity<N2o> => N2oIntensity, |si| EmissionIntensity::new(MassPerEnergy::new::<kilogram_per_joule>(si)), |q: EmissionIntensity<N2o>| q.per_energy().value;
}

/// Kilometres per litre to SI volume per distance: the reciprocal of litres per kilometre.
pub(super) fn km_per_liter_to_si(km_per_liter: f64) -> f64 {
    use uom::si::{length::kilometer, volume::liter};
    (Volume::new::<liter>(1.0) / Length::new::<kilometer>(km_per_liter)).value
}

/// SI volume per distance to kilometres per litre.
pub(super) fn si_to_km_per_liter(si: f64) -> f64 {
    use uom::si::{length::kilometer, volume::liter};
    (Volume::new::<liter>(1.0) / Area::new::<square_meter>(si)).get::<kilometer>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{QuantityInput, UnitErrorKind, convert, parse_as};
    use uom::si::energy::{kilowatt_hour, megajoule};
    use uom::si::length::kilometer;
    use uom::si::mass::{gram, kilogram};
    use uom::si::volume::liter;

    fn p<M: Measure>(s: &str) -> M {
        parse_as("field", &QuantityInput::from(s)).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err<M: Measure + std::fmt::Debug>(s: &str) -> UnitErrorKind {
        parse_as::<M>("field", &QuantityInput::from(s))
            .unwrap_err()
            .kind
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
    }

    #[test]
    fn l_per_100km_and_km_per_l_are_one_consumption() {
        // 5 L/100km = 0.05 L/km = 20 km/L; SI: 5e-3 m³ / 1e5 m = 5e-8 m².
        let a: FuelConsumption = p("5 L/100km");
        let b: FuelConsumption = p("20 km/L");
        let c: FuelConsumption = p("0.05 L/km");
        assert!(close(a.to_si(), 5e-8) && close(b.to_si(), 5e-8) && close(c.to_si(), 5e-8));
        assert!(close(p::<FuelConsumption>("6.5 L/100 km").to_si(), 6.5e-8));
        // Both ways through the converter: 8 L/100km is 12.5 km/L, and back.
        let to_kml = convert(&"8 L/100km".into(), "km/L").unwrap();
        assert!(close(to_kml.value, 12.5), "{}", to_kml.value);
        let to_l100 = convert(&"12.5 km/L".into(), "L/100km").unwrap();
        assert!(close(to_l100.value, 8.0), "{}", to_l100.value);
        // 100 km at 8 L/100km burns 8 L.
        let run = VehicleDistance::new(Length::new::<kilometer>(100.0));
        assert!(close(
            (run * p::<FuelConsumption>("12.5 km/L")).get::<liter>(),
            8.0
        ));
    }

    #[test]
    fn zero_km_per_litre_is_not_a_consumption() {
        // 0 km/L would be an infinite consumption: refused, never a silent infinity.
        assert!(matches!(
            err::<FuelConsumption>("0 km/L"),
            UnitErrorKind::NotFinite { .. }
        ));
    }

    #[test]
    fn passenger_and_vehicle_distance_convert_and_stay_apart() {
        // 1 Mpkm = 1e6 pkm = 1e9 m; 2,500 vkm = 2.5e6 m.
        assert!(close(p::<PassengerDistance>("1 Mpkm").to_si(), 1e9));
        assert!(close(p::<PassengerDistance>("3 passenger-km").to_si(), 3e3));
        assert!(close(p::<VehicleDistance>("2500 vkm").to_si(), 2.5e6));
        let back = convert(&"2500000 pkm".into(), "Mpkm").unwrap();
        assert!(close(back.value, 2.5));
        let e = err::<PassengerDistance>("10 vkm");
        assert!(
            matches!(
                e,
                UnitErrorKind::WrongDimension {
                    expected: Dimension::PassengerDistance,
                    found: Dimension::VehicleDistance,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("a passenger distance"), "{e}");
        // A plain km is a length, not a passenger-km.
        assert!(matches!(
            err::<PassengerDistance>("10 km"),
            UnitErrorKind::WrongDimension {
                found: Dimension::Length,
                ..
            }
        ));
        assert!(matches!(
            convert(&"10 pkm".into(), "vkm").unwrap_err(),
            crate::units::ConvertError::Dimensions { .. }
        ));
    }

    #[test]
    fn occupancy_turns_vehicle_into_passenger_intensity() {
        // 240 g/vkm at 1.2 passengers per car = 200 g/pkm; 1,000 pkm at that = 200 kg.
        let car: VehicleIntensity<Co2e> = p("240 gCO2e/vkm");
        let occ: Occupancy = p("1.2 pass/veh");
        let per_pkm = car / occ;
        assert!(close(per_pkm.to_si(), 0.2e-3));
        assert!(close(
            p::<PassengerIntensity<Co2e>>("200 gCO2/pkm").to_si(),
            0.2e-3
        ));
        assert!(close(
            p::<PassengerIntensity<Co2e>>("0.2 kgCO2e/pkm").to_si(),
            0.2e-3
        ));
        let trips = Count::new(Ratio::new::<ratio>(250.0));
        let pkm = PassengerDistance::from_trips(trips, Length::new::<kilometer>(4.0));
        assert!(close((pkm * per_pkm).mass().get::<kilogram>(), 200.0));
        assert!(matches!(
            err::<Occupancy>("1.2 pkm"),
            UnitErrorKind::WrongDimension { .. }
        ));
        assert!(matches!(
            err::<VehicleIntensity<Co2e>>("240 gCO2e/pkm"),
            UnitErrorKind::WrongDimension {
                expected: Dimension::VehicleIntensity,
                found: Dimension::PassengerIntensity,
                ..
            }
        ));
    }

    #[test]
    fn energy_per_distance_and_per_volume() {
        // 15 kWh/100km = 0.15 kWh/km = 540 kJ/km = 540 N; 10,000 km at that = 1,500 kWh.
        let ev: EnergyPerDistance = p("15 kWh/100km");
        assert!(close(ev.to_si(), 540.0));
        assert!(close(p::<EnergyPerDistance>("150 Wh/km").to_si(), 540.0));
        let back = convert(&"0.15 kWh/km".into(), "kWh/100km").unwrap();
        assert!(close(back.value, 15.0));
        let run = VehicleDistance::new(Length::new::<kilometer>(10_000.0));
        assert!(close((run * ev).get::<kilowatt_hour>(), 1500.0));
        // 36 MJ/L × 100 L = 3,600 MJ = 1,000 kWh, and back to 100 L.
        let diesel: EnergyPerVolume = p("36 MJ/L");
        let e = Volume::new::<liter>(100.0) * diesel;
        assert!(close(e.get::<megajoule>(), 3600.0));
        assert!(close((e / diesel).get::<liter>(), 100.0));
        assert!(close(p::<EnergyPerVolume>("10 kWh/L").to_si(), 3.6e10));
        assert!(matches!(
            err::<EnergyPerVolume>("36 MJ/kg"),
            UnitErrorKind::WrongDimension {
                found: Dimension::EnergyPerMass,
                ..
            }
        ));
        assert!(matches!(
            err::<EnergyPerDistance>("15 kWh"),
            UnitErrorKind::WrongDimension {
                found: Dimension::Energy,
                ..
            }
        ));
    }

    #[test]
    fn fuel_factors_per_megajoule_and_terajoule() {
        // IPCC 74,100 kg CO2/TJ = 74.1 g/MJ = 0.26676 t/MWh (× 3.6 GJ/MWh).
        let a: EmissionIntensity<Co2e> = p("74100 kgCO2/TJ");
        let b: EmissionIntensity<Co2e> = p("74.1 gCO2/MJ");
        assert!(close(a.per_energy().value, b.per_energy().value));
        let c = convert(&"74.1 gCO2e/MJ".into(), "tCO2e/MWh").unwrap();
        assert!(close(c.value, 0.26676), "{}", c.value);
        // 92 kg CH4/TJ: 1 TJ of gas gives 92 kg CH4 = 2,576 kg CO2e at GWP 28.
        let ch4: EmissionIntensity<Ch4> = p("92 kgCH4/TJ");
        let gwp = GwpSet::new(
            crate::units::ghg::GwpSetId::Ar5,
            Ratio::new::<ratio>(28.0),
            Ratio::new::<ratio>(265.0),
        );
        let tj = Energy::new::<megajoule>(1e6);
        assert!(close((tj * ch4).mass().get::<kilogram>(), 92.0));
        assert!(close(
            (tj * ch4.to_co2e(&gwp)).mass().get::<kilogram>(),
            2576.0
        ));
        let n2o: EmissionIntensity<N2o> = p("3.9 kgN2O/TJ");
        assert!(close(
            (tj * n2o.to_co2e(&gwp)).mass().get::<gram>(),
            3.9 * 265.0 * 1e3
        ));
        // A CH4 factor is not a CO2e factor, nor an N2O one.
        assert!(matches!(
            err::<EmissionIntensity<Co2e>>("92 kgCH4/TJ"),
            UnitErrorKind::WrongDimension {
                found: Dimension::Ch4Intensity,
                ..
            }
        ));
        assert!(matches!(
            err::<EmissionIntensity<N2o>>("92 kgCH4/TJ"),
            UnitErrorKind::WrongDimension { .. }
        ));
    }

    #[test]
    fn ridership_and_counts() {
        // 4,900 riders a day for 365 days = 1,788,500 trips; "72" buses is a count.
        let r: Ridership = p("4900 trips/d");
        let trips = r * Time::new::<uom::si::time::day>(365.0);
        assert!(close(trips.number().value, 1_788_500.0));
        let y: Ridership = p("1788500 trips/yr");
        assert!(close(y.to_si(), r.to_si()));
        assert!(close(p::<Count>("72").to_si(), 72.0));
        assert!(close(p::<Count>("72 buses").to_si(), 72.0));
        assert!(matches!(
            err::<Ridership>("4900"),
            UnitErrorKind::MissingUnit { .. }
        ));
        assert!(matches!(
            err::<Count>("72 %"),
            UnitErrorKind::WrongDimension { .. }
        ));
    }
}
