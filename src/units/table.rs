//! The table of accepted unit symbols per dimension.
//!
//! It is the single source for parsing (`"2 MW"`), for listing (`tanso units list`,
//! `GET /v1/units`) and for the documentation. Conversion factors are not repeated here:
//! each entry converts through the `uom` unit it names, so `uom` stays the one place where
//! a megawatt is defined.

use serde::Serialize;
use uom::si::f64 as q;
use uom::si::{
    angle, area, available_energy, energy, frequency, heat_flux_density, length,
    linear_mass_density, mass, mass_per_energy, mass_rate, power, radiant_exposure, ratio,
    specific_volume, temperature_coefficient, temperature_interval, thermodynamic_temperature,
    time, velocity, volume, volume_rate,
};

use super::custom;

/// A physical dimension tanso accepts as input or reports as output.
///
/// Some dimensions share an SI dimension but are kept apart on purpose: a temperature and a
/// temperature interval; a mass of CO2e and a mass of CH4; a specific yield and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Power,
    Energy,
    Mass,
    MassRate,
    EmissionIntensity,
    Irradiance,
    Insolation,
    Temperature,
    TemperatureInterval,
    TemperatureCoefficient,
    Length,
    Area,
    Angle,
    Time,
    Ratio,
    Volume,
    VolumeRate,
    EnergyPerMass,
    Ch4PerMass,
    N2oPerMass,
    SpecificYield,
    Speed,
    AnnualRate,
    Precipitation,
    Co2eMass,
    Ch4Mass,
    N2oMass,
    Co2ePerMass,
    FreightIntensity,
    PassengerDistance,
    VehicleDistance,
    Occupancy,
    FuelConsumption,
    EnergyPerDistance,
    EnergyPerVolume,
    PassengerIntensity,
    VehicleIntensity,
    Ch4Intensity,
    N2oIntensity,
    Count,
    Ridership,
    VolumePerMass,
}

impl Dimension {
    /// Every dimension, in listing order.
    pub const ALL: [Dimension; 42] = [
        Dimension::Power,
        Dimension::Energy,
        Dimension::Mass,
        Dimension::MassRate,
        Dimension::EmissionIntensity,
        Dimension::Irradiance,
        Dimension::Insolation,
        Dimension::Temperature,
        Dimension::TemperatureInterval,
        Dimension::TemperatureCoefficient,
        Dimension::Length,
        Dimension::Area,
        Dimension::Angle,
        Dimension::Time,
        Dimension::Ratio,
        Dimension::Volume,
        Dimension::VolumeRate,
        Dimension::EnergyPerMass,
        Dimension::Ch4PerMass,
        Dimension::N2oPerMass,
        Dimension::SpecificYield,
        Dimension::Speed,
        Dimension::AnnualRate,
        Dimension::Precipitation,
        Dimension::Co2eMass,
        Dimension::Ch4Mass,
        Dimension::N2oMass,
        Dimension::Co2ePerMass,
        Dimension::FreightIntensity,
        Dimension::PassengerDistance,
        Dimension::VehicleDistance,
        Dimension::Occupancy,
        Dimension::FuelConsumption,
        Dimension::EnergyPerDistance,
        Dimension::EnergyPerVolume,
        Dimension::PassengerIntensity,
        Dimension::VehicleIntensity,
        Dimension::Ch4Intensity,
        Dimension::N2oIntensity,
        Dimension::Count,
        Dimension::Ridership,
        Dimension::VolumePerMass,
    ];

    /// The identifier used in data files and the API, e.g. `"mass_rate"`.
    pub fn id(self) -> &'static str {
        self.info().0
    }

    /// A phrase for messages, with its article: "a power", "an energy".
    pub fn phrase(self) -> &'static str {
        self.info().1
    }

    /// The unit results of this dimension are reported in.
    pub fn display_unit(self) -> &'static UnitDef {
        let symbol = self.info().2;
        UNITS
            .iter()
            .find(|u| u.dimension == self && u.symbol == symbol)
            .expect("every dimension's display unit is in the table")
    }

    /// Parses the identifier used in data files.
    pub fn from_id(id: &str) -> Option<Dimension> {
        Self::ALL.into_iter().find(|d| d.id() == id)
    }

    /// Accepted units of this dimension, in table order.
    pub fn units(self) -> impl Iterator<Item = &'static UnitDef> {
        UNITS.iter().filter(move |u| u.dimension == self)
    }

    /// A few example symbols for error messages, e.g. `"MW" or "kW"`.
    pub fn examples(self) -> String {
        let symbols: Vec<String> = self
            .units()
            .filter(|u| u.example)
            .map(|u| {
                if u.symbol.is_empty() {
                    "a bare number".to_string()
                } else {
                    format!("\"{}\"", u.symbol)
                }
            })
            .collect();
        match symbols.len() {
            0 => String::new(),
            1 => symbols[0].clone(),
            n => format!("{} or {}", symbols[..n - 1].join(", "), symbols[n - 1]),
        }
    }

    fn info(self) -> (&'static str, &'static str, &'static str) {
        use Dimension::*;
        match self {
            Power => ("power", "a power", "kW"),
            Energy => ("energy", "an energy", "MWh"),
            Mass => ("mass", "a mass", "t"),
            MassRate => ("mass_rate", "a mass rate", "t/d"),
            EmissionIntensity => ("emission_intensity", "an emission intensity", "tCO2e/MWh"),
            Irradiance => ("irradiance", "an irradiance", "W/m²"),
            Insolation => ("insolation", "an insolation", "kWh/m²"),
            Temperature => ("temperature", "a temperature", "°C"),
            TemperatureInterval => ("temperature_interval", "a temperature interval", "K"),
            TemperatureCoefficient => (
                "temperature_coefficient",
                "a temperature coefficient",
                "%/°C",
            ),
            Length => ("length", "a length", "m"),
            Area => ("area", "an area", "m²"),
            Angle => ("angle", "an angle", "deg"),
            Time => ("time", "a time", "yr"),
            Ratio => ("ratio", "a ratio", "%"),
            Volume => ("volume", "a volume", "m³"),
            VolumeRate => ("volume_rate", "a volume rate", "m³/s"),
            EnergyPerMass => ("energy_per_mass", "an energy per mass", "kWh/t"),
            Ch4PerMass => ("ch4_per_mass", "a CH4 emission per mass", "gCH4/kg"),
            N2oPerMass => ("n2o_per_mass", "an N2O emission per mass", "gN2O/kg"),
            SpecificYield => ("specific_yield", "a specific yield", "kWh/kWp"),
            Speed => ("speed", "a speed", "m/s"),
            AnnualRate => ("annual_rate", "a rate per year", "1/yr"),
            Precipitation => ("precipitation", "a precipitation per year", "mm/yr"),
            Co2eMass => ("co2e_mass", "a mass of CO2e", "tCO2e"),
            Ch4Mass => ("ch4_mass", "a mass of CH4", "tCH4"),
            N2oMass => ("n2o_mass", "a mass of N2O", "tN2O"),
            Co2ePerMass => ("co2e_per_mass", "a CO2e emission per mass", "tCO2e/t"),
            FreightIntensity => (
                "freight_intensity",
                "a freight emission intensity",
                "gCO2e/tkm",
            ),
            PassengerDistance => (
                "passenger_distance",
                "a passenger distance (passenger-km)",
                "pkm",
            ),
            VehicleDistance => ("vehicle_distance", "a vehicle distance (vehicle-km)", "vkm"),
            Occupancy => (
                "occupancy",
                "an occupancy (passengers per vehicle)",
                "pass/veh",
            ),
            FuelConsumption => ("fuel_consumption", "a fuel consumption", "L/100km"),
            EnergyPerDistance => (
                "energy_per_distance",
                "an energy use per distance",
                "kWh/km",
            ),
            EnergyPerVolume => ("energy_per_volume", "an energy content per volume", "MJ/L"),
            PassengerIntensity => (
                "passenger_intensity",
                "an emission per passenger-km",
                "gCO2e/pkm",
            ),
            VehicleIntensity => (
                "vehicle_intensity",
                "an emission per vehicle-km",
                "gCO2e/vkm",
            ),
            Ch4Intensity => ("ch4_intensity", "a CH4 emission per energy", "kgCH4/TJ"),
            N2oIntensity => ("n2o_intensity", "an N2O emission per energy", "kgN2O/TJ"),
            Count => ("count", "a count", ""),
            Ridership => (
                "ridership",
                "a ridership (trips per day or year)",
                "trips/d",
            ),
            VolumePerMass => ("volume_per_mass", "a volume per mass", "Nm³/t"),
        }
    }
}

/// One accepted unit: its symbols, its dimension and how it converts to SI base units.
#[derive(Debug, Serialize)]
pub struct UnitDef {
    /// The canonical symbol, used in output.
    pub symbol: &'static str,
    /// Other spellings accepted on input.
    pub aliases: &'static [&'static str],
    /// The unit's name.
    pub name: &'static str,
    /// The dimension this unit measures.
    pub dimension: Dimension,
    /// Whether to show it as an example in error messages.
    #[serde(skip)]
    pub example: bool,
    #[serde(skip)]
    to_si: fn(f64) -> f64,
    #[serde(skip)]
    from_si: fn(f64) -> f64,
}

impl UnitDef {
    /// Converts a value in this unit to the SI base unit of its dimension.
    pub fn to_si(&self, value: f64) -> f64 {
        (self.to_si)(value)
    }

    /// Converts a value in the SI base unit of this dimension to this unit.
    pub fn from_si(&self, si: f64) -> f64 {
        (self.from_si)(si)
    }

    /// True when `text` (already normalised) is this unit's symbol or one of its aliases.
    pub fn matches(&self, text: &str) -> bool {
        units_spelled(text).iter().any(|u| std::ptr::eq(*u, self))
    }
}

/// Every unit written `text` (already normalised), in table order. The index is built once.
pub fn units_spelled(text: &str) -> &'static [&'static UnitDef] {
    static INDEX: std::sync::LazyLock<std::collections::HashMap<String, Vec<&'static UnitDef>>> =
        std::sync::LazyLock::new(|| {
            let mut index: std::collections::HashMap<String, Vec<&'static UnitDef>> =
                Default::default();
            for u in UNITS {
                for s in std::iter::once(u.symbol).chain(u.aliases.iter().copied()) {
                    let list = index.entry(normalize_unit(s)).or_default();
                    if !list.iter().any(|x| std::ptr::eq(*x, u)) {
                        list.push(u);
                    }
                }
            }
            index
        });
    INDEX.get(text).map_or(&[], Vec::as_slice)
}

/// Normalises a unit spelling before lookup: drops spaces and middle dots, and turns
/// superscript digits into plain ones, so "kW · h", "t CO2e/MWh" and "W/m²" match "kWh",
/// "tCO2e/MWh" and "W/m2". Case is kept: "mW" is not "MW".
pub fn normalize_unit(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '·' && *c != '⋅' && *c != '*')
        .map(|c| match c {
            '²' => '2',
            '³' => '3',
            '⁻' => '-',
            '¹' => '1',
            'º' => '°',
            'µ' => 'u',
            'μ' => 'u',
            c => c,
        })
        .collect()
}

/// One table row from a `uom` quantity type and unit.
macro_rules! unit {
    ($dim:ident, $q:ty, $unit:ty, $sym:literal, $name:literal, [$($alias:literal),*] $(, $ex:ident)?) => {
        UnitDef {
            symbol: $sym,
            aliases: &[$($alias),*],
            name: $name,
            dimension: Dimension::$dim,
            example: unit!(@ex $($ex)?),
            to_si: |v| <$q>::new::<$unit>(v).value,
            from_si: |s| {
                let base: $q = uom::si::Quantity {
                    dimension: std::marker::PhantomData,
                    units: std::marker::PhantomData,
                    value: s,
                };
                base.get::<$unit>()
            },
        }
    };
    (@ex) => { false };
    (@ex example) => { true };
}

/// Every accepted unit. The first entries of each dimension marked `example` appear in
/// error messages; the dimension's display unit is named in [`Dimension`].
#[rustfmt::skip]
pub static UNITS: &[UnitDef] = &[
    // Power
    unit!(Power, q::Power, power::watt, "W", "watt", ["Wp", "Wac", "Wdc"]),
    unit!(Power, q::Power, power::kilowatt, "kW", "kilowatt", ["kWp", "kWac", "kWdc"], example),
    unit!(Power, q::Power, power::megawatt, "MW", "megawatt", ["MWp", "MWac", "MWdc"], example),
    unit!(Power, q::Power, power::gigawatt, "GW", "gigawatt", ["GWp"]),
    // Energy
    unit!(Energy, q::Energy, energy::watt_hour, "Wh", "watt hour", []),
    unit!(Energy, q::Energy, energy::kilowatt_hour, "kWh", "kilowatt hour", [], example),
    unit!(Energy, q::Energy, energy::megawatt_hour, "MWh", "megawatt hour", [], example),
    unit!(Energy, q::Energy, energy::gigawatt_hour, "GWh", "gigawatt hour", [], example),
    unit!(Energy, q::Energy, energy::terawatt_hour, "TWh", "terawatt hour", []),
    unit!(Energy, q::Energy, energy::joule, "J", "joule", []),
    unit!(Energy, q::Energy, energy::kilojoule, "kJ", "kilojoule", []),
    unit!(Energy, q::Energy, energy::megajoule, "MJ", "megajoule", []),
    unit!(Energy, q::Energy, energy::gigajoule, "GJ", "gigajoule", [], example),
    unit!(Energy, q::Energy, energy::terajoule, "TJ", "terajoule", []),
    // Mass
    unit!(Mass, q::Mass, mass::gram, "g", "gram", []),
    unit!(Mass, q::Mass, mass::kilogram, "kg", "kilogram", [], example),
    unit!(Mass, q::Mass, mass::ton, "t", "tonne", ["tonne", "tonnes", "Mg"], example),
    unit!(Mass, q::Mass, mass::gigagram, "kt", "kilotonne", ["Gg"]),
    unit!(Mass, q::Mass, mass::teragram, "Mt", "megatonne", ["Tg"]),
    // Mass rate
    unit!(MassRate, q::MassRate, mass_rate::kilogram_per_day, "kg/d", "kilogram per day", ["kg/day"]),
    unit!(MassRate, q::MassRate, mass_rate::kilogram_per_hour, "kg/h", "kilogram per hour", []),
    unit!(MassRate, q::MassRate, mass_rate::ton_per_day, "t/d", "tonne per day", ["t/day", "tpd"], example),
    unit!(MassRate, q::MassRate, mass_rate::ton_per_hour, "t/h", "tonne per hour", []),
    unit!(MassRate, q::MassRate, custom::mass_rate::tonne_per_year, "t/yr", "tonne per year", ["t/a", "t/year"], example),
    unit!(MassRate, q::MassRate, custom::mass_rate::kilotonne_per_year, "kt/yr", "kilotonne per year", ["kt/a"]),
    // Emission intensity (CO2 counts as CO2e with a GWP of 1)
    unit!(EmissionIntensity, q::MassPerEnergy, custom::mass_per_energy::tonne_per_megawatt_hour, "tCO2e/MWh", "tonne CO2e per megawatt hour", ["tCO2/MWh", "t/MWh"], example),
    unit!(EmissionIntensity, q::MassPerEnergy, mass_per_energy::kilogram_per_kilowatt_hour, "kgCO2e/kWh", "kilogram CO2e per kilowatt hour", ["kgCO2/kWh", "kg/kWh"], example),
    unit!(EmissionIntensity, q::MassPerEnergy, mass_per_energy::gram_per_kilowatt_hour, "gCO2e/kWh", "gram CO2e per kilowatt hour", ["gCO2/kWh", "g/kWh"], example),
    unit!(EmissionIntensity, q::MassPerEnergy, mass_per_energy::kilogram_per_megawatt_hour, "kgCO2e/MWh", "kilogram CO2e per megawatt hour", ["kgCO2/MWh", "kg/MWh"]),
    unit!(EmissionIntensity, q::MassPerEnergy, mass_per_energy::pound_per_megawatt_hour, "lbCO2e/MWh", "pound CO2e per megawatt hour", ["lbCO2/MWh", "lb/MWh"]),
    unit!(EmissionIntensity, q::MassPerEnergy, custom::mass_per_energy::kilogram_per_terajoule, "kgCO2e/TJ", "kilogram CO2e per terajoule (fuel factors)", ["kgCO2/TJ", "kg/TJ"]),
    // Irradiance
    unit!(Irradiance, q::HeatFluxDensity, heat_flux_density::watt_per_square_meter, "W/m²", "watt per square metre", ["W/m^2"], example),
    unit!(Irradiance, q::HeatFluxDensity, heat_flux_density::kilowatt_per_square_meter, "kW/m²", "kilowatt per square metre", ["kW/m^2"], example),
    // Insolation
    unit!(Insolation, q::RadiantExposure, radiant_exposure::watt_hour_per_square_meter, "Wh/m²", "watt hour per square metre", ["Wh/m^2"]),
    unit!(Insolation, q::RadiantExposure, custom::radiant_exposure::kilowatt_hour_per_square_meter, "kWh/m²", "kilowatt hour per square metre", ["kWh/m^2"], example),
    unit!(Insolation, q::RadiantExposure, radiant_exposure::megajoule_per_square_meter, "MJ/m²", "megajoule per square metre", ["MJ/m^2"], example),
    unit!(Insolation, q::RadiantExposure, radiant_exposure::joule_per_square_meter, "J/m²", "joule per square metre", ["J/m^2"]),
    // Temperature (a point on the scale)
    unit!(Temperature, q::ThermodynamicTemperature, thermodynamic_temperature::degree_celsius, "°C", "degree Celsius", ["degC", "C"], example),
    unit!(Temperature, q::ThermodynamicTemperature, thermodynamic_temperature::kelvin, "K", "kelvin", [], example),
    unit!(Temperature, q::ThermodynamicTemperature, thermodynamic_temperature::degree_fahrenheit, "°F", "degree Fahrenheit", ["degF"]),
    // Temperature interval (a difference between two temperatures)
    unit!(TemperatureInterval, q::TemperatureInterval, temperature_interval::kelvin, "K", "kelvin", [], example),
    unit!(TemperatureInterval, q::TemperatureInterval, temperature_interval::degree_celsius, "°C", "degree Celsius (difference)", ["degC", "C"], example),
    // Temperature coefficient
    unit!(TemperatureCoefficient, q::TemperatureCoefficient, custom::temperature_coefficient::percent_per_kelvin, "%/°C", "percent per degree Celsius", ["%/K", "%/degC", "%/C"], example),
    unit!(TemperatureCoefficient, q::TemperatureCoefficient, temperature_coefficient::per_kelvin, "1/K", "per kelvin", ["1/°C", "/K", "/°C", "K-1", "1/degC", "1/C"], example),
    // Length
    unit!(Length, q::Length, length::millimeter, "mm", "millimetre", [], example),
    unit!(Length, q::Length, length::centimeter, "cm", "centimetre", []),
    unit!(Length, q::Length, length::meter, "m", "metre", [], example),
    unit!(Length, q::Length, length::kilometer, "km", "kilometre", [], example),
    // Area
    unit!(Area, q::Area, area::square_meter, "m²", "square metre", ["m^2", "sqm"], example),
    unit!(Area, q::Area, area::hectare, "ha", "hectare", [], example),
    unit!(Area, q::Area, area::square_kilometer, "km²", "square kilometre", ["km^2"]),
    // Angle
    unit!(Angle, q::Angle, angle::degree, "deg", "degree", ["°", "degree", "degrees"], example),
    unit!(Angle, q::Angle, angle::radian, "rad", "radian", [], example),
    // Time
    unit!(Time, q::Time, time::second, "s", "second", []),
    unit!(Time, q::Time, time::minute, "min", "minute", []),
    unit!(Time, q::Time, time::hour, "h", "hour", [], example),
    unit!(Time, q::Time, time::day, "d", "day", ["day", "days"], example),
    unit!(Time, q::Time, time::year, "yr", "year (365 days)", ["a", "year", "years", "y"], example),
    // Ratio
    unit!(Ratio, q::Ratio, ratio::percent, "%", "percent", ["percent", "pct"], example),
    unit!(Ratio, q::Ratio, ratio::ratio, "", "fraction", ["1", "fraction", "-"], example),
    unit!(Ratio, q::Ratio, ratio::per_mille, "‰", "per mille", []),
    unit!(Ratio, q::Ratio, ratio::part_per_million, "ppm", "part per million", []),
    // Volume
    unit!(Volume, q::Volume, volume::liter, "L", "litre", ["l"], example),
    unit!(Volume, q::Volume, volume::cubic_meter, "m³", "cubic metre", ["m^3"], example),
    unit!(Volume, q::Volume, volume::megaliter, "ML", "megalitre", []),
    // Volume rate (hydro)
    unit!(VolumeRate, q::VolumeRate, volume_rate::cubic_meter_per_second, "m³/s", "cubic metre per second", ["m^3/s", "cumecs"], example),
    unit!(VolumeRate, q::VolumeRate, volume_rate::liter_per_second, "L/s", "litre per second", ["l/s"], example),
    unit!(VolumeRate, q::VolumeRate, volume_rate::cubic_meter_per_hour, "m³/h", "cubic metre per hour", ["m^3/h"]),
    // Energy per mass
    unit!(EnergyPerMass, q::AvailableEnergy, custom::available_energy::kilowatt_hour_per_tonne, "kWh/t", "kilowatt hour per tonne", [], example),
    unit!(EnergyPerMass, q::AvailableEnergy, custom::available_energy::megawatt_hour_per_tonne, "MWh/t", "megawatt hour per tonne", []),
    unit!(EnergyPerMass, q::AvailableEnergy, custom::available_energy::kilowatt_hour_per_kilogram, "kWh/kg", "kilowatt hour per kilogram", []),
    unit!(EnergyPerMass, q::AvailableEnergy, available_energy::megajoule_per_kilogram, "MJ/kg", "megajoule per kilogram", ["GJ/t", "TJ/Gg"], example),
    unit!(EnergyPerMass, q::AvailableEnergy, available_energy::gigajoule_per_kilogram, "GJ/kg", "gigajoule per kilogram", []),
    // Gas emitted per mass of material (dimensionless in SI; the gas is in the symbol)
    unit!(Ch4PerMass, q::Ratio, ratio::per_mille, "gCH4/kg", "gram CH4 per kilogram", ["kgCH4/t"], example),
    unit!(Ch4PerMass, q::Ratio, ratio::ratio, "tCH4/t", "tonne CH4 per tonne", ["kgCH4/kg"], example),
    unit!(N2oPerMass, q::Ratio, ratio::per_mille, "gN2O/kg", "gram N2O per kilogram", ["kgN2O/t"], example),
    unit!(N2oPerMass, q::Ratio, ratio::ratio, "tN2O/t", "tonne N2O per tonne", ["kgN2O/kg"], example),
    unit!(Ch4PerMass, q::Ratio, ratio::part_per_million, "gCH4/t", "gram CH4 per tonne", ["mgCH4/kg"]),
    unit!(N2oPerMass, q::Ratio, ratio::part_per_million, "gN2O/t", "gram N2O per tonne", ["mgN2O/kg"]),
    // Specific yield
    unit!(SpecificYield, q::Time, custom::time::kilowatt_hour_per_kilowatt, "kWh/kWp", "kilowatt hour per kilowatt peak", ["kWh/kW", "MWh/MWp", "MWh/MW", "Wh/Wp"], example),
    // Speed
    unit!(Speed, q::Velocity, velocity::meter_per_second, "m/s", "metre per second", [], example),
    unit!(Speed, q::Velocity, velocity::kilometer_per_hour, "km/h", "kilometre per hour", ["kph"], example),
    // Rates per year: first-order decay constants, degradation
    unit!(AnnualRate, q::Frequency, custom::frequency::per_year, "1/yr", "per year", ["/yr", "yr-1", "1/a", "/a", "a-1", "1/year", "/year"], example),
    unit!(AnnualRate, q::Frequency, custom::frequency::percent_per_year, "%/yr", "percent per year", ["%/a", "%/year"], example),
    // Precipitation totals
    unit!(Precipitation, q::Velocity, custom::velocity::millimeter_per_year, "mm/yr", "millimetre per year", ["mm/a", "mm/year"], example),
    // Masses of greenhouse gases
    unit!(Co2eMass, q::Mass, mass::kilogram, "kgCO2e", "kilogram CO2e", ["kgCO2"], example),
    unit!(Co2eMass, q::Mass, mass::ton, "tCO2e", "tonne CO2e", ["tCO2"], example),
    unit!(Co2eMass, q::Mass, mass::gigagram, "ktCO2e", "kilotonne CO2e", ["ktCO2"]),
    unit!(Co2eMass, q::Mass, mass::teragram, "MtCO2e", "megatonne CO2e", ["MtCO2"]),
    unit!(Ch4Mass, q::Mass, mass::kilogram, "kgCH4", "kilogram CH4", [], example),
    unit!(Ch4Mass, q::Mass, mass::ton, "tCH4", "tonne CH4", [], example),
    unit!(N2oMass, q::Mass, mass::kilogram, "kgN2O", "kilogram N2O", [], example),
    unit!(N2oMass, q::Mass, mass::ton, "tN2O", "tonne N2O", [], example),
    // CO2e per mass of material (e.g. reductions per tonne of waste)
    unit!(Co2ePerMass, q::Ratio, ratio::ratio, "tCO2e/t", "tonne CO2e per tonne", ["tCO2/t", "kgCO2e/kg"], example),
    unit!(Co2ePerMass, q::Ratio, ratio::per_mille, "kgCO2e/t", "kilogram CO2e per tonne", ["kgCO2/t"], example),
    // Freight: CO2e per tonne-kilometre ((g/t)/km is 1/length in SI)
    unit!(FreightIntensity, q::ReciprocalLength, custom::reciprocal_length::gram_per_tonne_kilometer, "gCO2e/tkm", "gram CO2e per tonne-kilometre", ["gCO2/tkm", "g/tkm"], example),
    // Fuel emission factors per energy (IPCC tables in kg/TJ, life-cycle intensities in g/MJ)
    unit!(EmissionIntensity, q::MassPerEnergy, custom::mass_per_energy_fuel::gram_per_megajoule, "gCO2e/MJ", "gram CO2e per megajoule", ["gCO2/MJ", "g/MJ", "kgCO2e/GJ", "kgCO2/GJ"]),
    // Transport: passenger-km and vehicle-km (lengths in SI, kept apart)
    unit!(PassengerDistance, q::Length, length::kilometer, "pkm", "passenger-kilometre", ["passenger-km", "p-km", "passengerkm"], example),
    unit!(PassengerDistance, q::Length, length::gigameter, "Mpkm", "million passenger-kilometres", ["million pkm"], example),
    unit!(VehicleDistance, q::Length, length::kilometer, "vkm", "vehicle-kilometre", ["vehicle-km", "veh-km", "car-km", "train-km", "bus-km"], example),
    unit!(VehicleDistance, q::Length, length::gigameter, "Mvkm", "million vehicle-kilometres", ["million vkm"], example),
    // Passengers per vehicle
    unit!(Occupancy, q::Ratio, ratio::ratio, "pass/veh", "passenger per vehicle", ["passengers/vehicle", "p/veh", "pax/veh", "pkm/vkm"], example),
    // Fuel consumption, held as volume per distance; km/L is converted as its reciprocal
    unit!(FuelConsumption, q::Area, custom::area::liter_per_hundred_kilometers, "L/100km", "litre per 100 kilometres", ["l/100km"], example),
    UnitDef {
        symbol: "km/L",
        aliases: &["km/l"],
        name: "kilometre per litre (the reciprocal of L/km)",
        dimension: Dimension::FuelConsumption,
        example: true,
        to_si: super::transport::km_per_liter_to_si,
        from_si: super::transport::si_to_km_per_liter,
    },
    unit!(FuelConsumption, q::Area, custom::area::liter_per_kilometer, "L/km", "litre per kilometre", ["l/km"]),
    // Energy use per distance (EVs, tram sets)
    unit!(EnergyPerDistance, q::Force, custom::force::kilowatt_hour_per_kilometer, "kWh/km", "kilowatt hour per kilometre", [], example),
    unit!(EnergyPerDistance, q::Force, custom::force::kilowatt_hour_per_hundred_kilometers, "kWh/100km", "kilowatt hour per 100 kilometres", [], example),
    unit!(EnergyPerDistance, q::Force, custom::force::watt_hour_per_kilometer, "Wh/km", "watt hour per kilometre", []),
    unit!(EnergyPerDistance, q::Force, custom::force::megajoule_per_kilometer, "MJ/km", "megajoule per kilometre", []),
    // Energy content of fuels per volume
    unit!(EnergyPerVolume, q::Pressure, custom::pressure::megajoule_per_liter, "MJ/L", "megajoule per litre", ["MJ/l", "GJ/m³", "GJ/m^3", "GJ/kL"], example),
    unit!(EnergyPerVolume, q::Pressure, custom::pressure::kilowatt_hour_per_liter, "kWh/L", "kilowatt hour per litre", ["kWh/l"]),
    unit!(EnergyPerVolume, q::Pressure, custom::pressure::megajoule_per_cubic_meter, "MJ/m³", "megajoule per cubic metre", ["MJ/m^3"], example),
    // Emissions per passenger-km and vehicle-km
    unit!(PassengerIntensity, q::LinearMassDensity, linear_mass_density::gram_per_kilometer, "gCO2e/pkm", "gram CO2e per passenger-kilometre", ["gCO2/pkm", "g/pkm"], example),
    unit!(PassengerIntensity, q::LinearMassDensity, custom::linear_mass_density::kilogram_per_kilometer, "kgCO2e/pkm", "kilogram CO2e per passenger-kilometre", ["kgCO2/pkm", "kg/pkm"], example),
    unit!(VehicleIntensity, q::LinearMassDensity, linear_mass_density::gram_per_kilometer, "gCO2e/vkm", "gram CO2e per vehicle-kilometre", ["gCO2/vkm", "g/vkm", "gCO2e/km", "gCO2/km"], example),
    unit!(VehicleIntensity, q::LinearMassDensity, custom::linear_mass_density::kilogram_per_kilometer, "kgCO2e/vkm", "kilogram CO2e per vehicle-kilometre", ["kgCO2/vkm", "kg/vkm", "kgCO2e/km", "kgCO2/km"], example),
    // CH4 and N2O from fuel combustion, per energy (IPCC tables in kg/TJ)
    unit!(Ch4Intensity, q::MassPerEnergy, custom::mass_per_energy_fuel::kilogram_per_terajoule, "kgCH4/TJ", "kilogram CH4 per terajoule", ["gCH4/GJ", "mgCH4/MJ"], example),
    unit!(Ch4Intensity, q::MassPerEnergy, custom::mass_per_energy_fuel::gram_per_megajoule, "gCH4/MJ", "gram CH4 per megajoule", ["kgCH4/GJ"], example),
    unit!(N2oIntensity, q::MassPerEnergy, custom::mass_per_energy_fuel::kilogram_per_terajoule, "kgN2O/TJ", "kilogram N2O per terajoule", ["gN2O/GJ", "mgN2O/MJ"], example),
    unit!(N2oIntensity, q::MassPerEnergy, custom::mass_per_energy_fuel::gram_per_megajoule, "gN2O/MJ", "gram N2O per megajoule", ["kgN2O/GJ"], example),
    // Counts (vehicles, trips) and ridership
    unit!(Count, q::Ratio, ratio::ratio, "", "number", ["vehicles", "veh", "buses", "cars", "trips"], example),
    unit!(Ridership, q::Frequency, frequency::cycle_per_day, "trips/d", "trips per day", ["trips/day", "riders/d", "riders/day", "passengers/d", "passengers/day", "pax/d", "boardings/d"], example),
    unit!(Ridership, q::Frequency, custom::frequency::per_year, "trips/yr", "trips per year", ["trips/a", "trips/year", "riders/yr", "passengers/yr", "pax/yr"], example),
    // Gas volume per mass of material (biogas yields; gas volumes at 0 °C and 101.325 kPa)
    unit!(VolumePerMass, q::SpecificVolume, specific_volume::cubic_meter_per_megagram, "Nm³/t", "normal cubic metre per tonne", ["Nm^3/t", "m³/t", "m^3/t", "L/kg", "l/kg"], example),
    unit!(VolumePerMass, q::SpecificVolume, specific_volume::cubic_meter_per_kilogram, "Nm³/kg", "normal cubic metre per kilogram", ["Nm^3/kg", "m³/kg", "m^3/kg"], example),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dimension_has_units_a_display_unit_and_examples() {
        for d in Dimension::ALL {
            assert!(d.units().count() > 0, "{d:?} has no units");
            assert_eq!(d.display_unit().dimension, d);
            assert!(!d.examples().is_empty(), "{d:?} has no examples");
            assert_eq!(Dimension::from_id(d.id()), Some(d));
        }
    }

    #[test]
    fn no_spelling_is_ambiguous_within_a_dimension() {
        for d in Dimension::ALL {
            let mut seen = std::collections::HashSet::new();
            for u in d.units() {
                for s in std::iter::once(u.symbol).chain(u.aliases.iter().copied()) {
                    assert!(seen.insert(normalize_unit(s)), "{s} twice in {d:?}");
                }
            }
        }
    }

    #[test]
    fn conversions_come_from_uom() {
        // 1 MW = 1e6 W; 1 kWh = 3.6e6 J; 25 °C = 298.15 K; 1 t/d = 1000/86400 kg/s;
        // 0.4 t/MWh = 0.4 kg/kWh = 1.111e-7 kg/J; 1 %/yr = 0.01 / 31,536,000 s⁻¹.
        let find = |d: Dimension, s: &str| d.units().find(|u| u.symbol == s).unwrap();
        assert_eq!(find(Dimension::Power, "MW").to_si(1.0), 1e6);
        assert_eq!(find(Dimension::Energy, "kWh").to_si(1.0), 3.6e6);
        assert!((find(Dimension::Temperature, "°C").to_si(25.0) - 298.15).abs() < 1e-12);
        assert!((find(Dimension::MassRate, "t/d").to_si(1.0) - 1000.0 / 86400.0).abs() < 1e-12);
        let ef = find(Dimension::EmissionIntensity, "tCO2e/MWh");
        assert!((ef.to_si(0.4) - 0.4 / 3.6e6).abs() < 1e-20);
        assert!((find(Dimension::AnnualRate, "%/yr").to_si(1.0) - 0.01 / 3.1536e7).abs() < 1e-22);
        // and back
        assert!((find(Dimension::Temperature, "°C").from_si(273.15)).abs() < 1e-12);
        assert!((find(Dimension::Energy, "MWh").from_si(3.6e9) - 1.0).abs() < 1e-12);
    }
}
