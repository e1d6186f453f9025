//! Units as types: the physical quantities tanso computes with.
//!
//! Inside the engine every physical quantity is a `uom` quantity (f64, SI), never a bare
//! `f64`. Text such as `"2 MW"` is parsed here, at the edge ([`parse_as`]), and results leave
//! as [`QuantityValue`] `{value, unit}` in a readable unit.
//!
//! The types make mistakes fail to compile. Adding a power to an energy is a type mismatch
//! (`E0308`; rustc's message is about `uom`'s type parameters, so learners use the named
//! quantities of [`named`], whose messages name both quantities; the compile-fail gallery in
//! `tests/gallery/` holds each mistake with its exact message):
//!
//! ```compile_fail,E0308
//! use tanso::units::{Energy, Power};
//! use uom::si::{energy::kilowatt_hour, power::kilowatt};
//!
//! let _ = Power::new::<kilowatt>(2.0) + Energy::new::<kilowatt_hour>(1.0);
//! ```
//!
//! Passing an energy where an emission intensity is expected:
//!
//! ```compile_fail,E0308
//! use tanso::units::Energy;
//! use tanso::units::ghg::{Co2e, EmissionIntensity, GasMass};
//! use uom::si::energy::megawatt_hour;
//!
//! fn avoided(energy: Energy, factor: EmissionIntensity<Co2e>) -> GasMass<Co2e> {
//!     energy * factor
//! }
//! let e = Energy::new::<megawatt_hour>(1.0);
//! let _ = avoided(e, e);
//! ```
//!
//! The same code with the right types compiles and runs:
//!
//! ```
//! use tanso::units::{Energy, MassPerEnergy, Power, Time};
//! use tanso::units::ghg::{Co2e, EmissionIntensity, GasMass};
//! use tanso::units::custom::mass_per_energy::tonne_per_megawatt_hour;
//! use uom::si::{energy::megawatt_hour, mass::ton, power::megawatt, time::hour};
//!
//! fn avoided(energy: Energy, factor: EmissionIntensity<Co2e>) -> GasMass<Co2e> {
//!     energy * factor
//! }
//! let e: Energy = Power::new::<megawatt>(2.0) * Time::new::<hour>(1.0);
//! let f = EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(0.4));
//! assert!((avoided(e, f).mass().get::<ton>() - 0.8).abs() < 1e-12);
//! assert!((e.get::<megawatt_hour>() - 2.0).abs() < 1e-12);
//! ```

mod convert;
pub mod custom;
pub mod eval;
pub mod ghg;
pub mod named;
mod output;
mod parse;
mod specific_yield;
mod table;

pub use convert::{Conversion, ConvertError, convert};
pub use output::{MAX_ECHO_CHARS, QuantityValue, clip, format_readable, format_significant};
pub use parse::{
    QuantityInput, Reading, UnitError, UnitErrorKind, find_unit, parse_as, read, read_any, read_in,
};
pub use specific_yield::SpecificYield;
pub use table::{Dimension, UNITS, UnitDef, normalize_unit, units_spelled};

pub use uom::si::f64::{
    Angle, Area, AvailableEnergy, Energy, Frequency, HeatFluxDensity, Length, Mass, MassPerEnergy,
    MassRate, MolarMass, MolarVolume, Power, RadiantExposure, Ratio, ReciprocalLength,
    SpecificVolume, TemperatureCoefficient, TemperatureInterval, ThermodynamicTemperature, Time,
    Velocity, Volume, VolumeRate,
};

use ghg::{Ch4, Co2e, EmissionIntensity, GasMass, GasPerMass, N2o};

/// Power per unit area arriving on a surface, W/m².
pub type Irradiance = HeatFluxDensity;
/// Irradiance integrated over time (irradiation), kWh/m².
pub type Insolation = RadiantExposure;
/// A point on the temperature scale (kept apart from [`TemperatureInterval`]).
pub type Temperature = ThermodynamicTemperature;
/// Energy per mass of material treated, kWh/t.
pub type EnergyPerMass = AvailableEnergy;
/// A rate per year: a first-order decay constant (1/yr) or a degradation rate (%/yr).
pub type AnnualRate = Frequency;
/// Wind speed.
pub type Speed = Velocity;
/// Gas volume (at normal conditions, 0 °C and 101.325 kPa) per mass of material: a biogas
/// yield in Nm³/t.
pub type VolumePerMass = SpecificVolume;

/// Annual precipitation total (mm/yr). A newtype because in SI it is a speed, and a wind speed
/// must not be mistaken for rainfall.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Precipitation(pub Velocity);

/// A quantity type that tanso can read from text and report: it knows its [`Dimension`] and
/// converts to and from its SI base value. This is the one bridge between typed quantities
/// and numbers, used only at the edge.
#[diagnostic::on_unimplemented(
    message = "expected a quantity (such as `Power` or `Ratio`), found `{Self}`",
    label = "`{Self}` is not a quantity tanso can read or report",
    note = "a quantity knows its dimension and unit; a bare number does not: is 16.5 a percentage or a ratio? Use a quantity type (`tanso units list` shows the dimensions)"
)]
pub trait Measure: Copy {
    /// The dimension this type measures.
    const DIMENSION: Dimension;
    /// Builds the quantity from its value in SI base units.
    fn from_si(si: f64) -> Self;
    /// The value in SI base units.
    fn to_si(self) -> f64;
}

macro_rules! measure_uom {
    ($($t:ty => $d:ident),* $(,)?) => {$(
        impl Measure for $t {
            const DIMENSION: Dimension = Dimension::$d;
            fn from_si(si: f64) -> Self {
                uom::si::Quantity {
                    dimension: std::marker::PhantomData,
                    units: std::marker::PhantomData,
                    value: si,
                }
            }
            fn to_si(self) -> f64 {
                self.value
            }
        }
    )*};
}

measure_uom! {
    Power => Power,
    Energy => Energy,
    Mass => Mass,
    MassRate => MassRate,
    Irradiance => Irradiance,
    Insolation => Insolation,
    Temperature => Temperature,
    TemperatureInterval => TemperatureInterval,
    TemperatureCoefficient => TemperatureCoefficient,
    Length => Length,
    Area => Area,
    Angle => Angle,
    Time => Time,
    Ratio => Ratio,
    Volume => Volume,
    VolumeRate => VolumeRate,
    EnergyPerMass => EnergyPerMass,
    Speed => Speed,
    AnnualRate => AnnualRate,
    ReciprocalLength => FreightIntensity,
    VolumePerMass => VolumePerMass,
}

macro_rules! measure_wrapped {
    ($($t:ty => $d:ident, $inner:ty, $wrap:expr, $unwrap:expr);* $(;)?) => {$(
        impl Measure for $t {
            const DIMENSION: Dimension = Dimension::$d;
            fn from_si(si: f64) -> Self {
                ($wrap)(<$inner as Measure>::from_si(si))
            }
            fn to_si(self) -> f64 {
                <$inner as Measure>::to_si(($unwrap)(self))
            }
        }
    )*};
}

measure_wrapped! {
    EmissionIntensity<Co2e> => EmissionIntensity, MassPerEnergyRaw, |m: MassPerEnergyRaw| EmissionIntensity::new(m.0), |e: EmissionIntensity<Co2e>| MassPerEnergyRaw(e.per_energy());
    GasPerMass<Ch4> => Ch4PerMass, Ratio, GasPerMass::new, |g: GasPerMass<Ch4>| g.ratio();
    GasPerMass<N2o> => N2oPerMass, Ratio, GasPerMass::new, |g: GasPerMass<N2o>| g.ratio();
    GasMass<Co2e> => Co2eMass, Mass, GasMass::new, |g: GasMass<Co2e>| g.mass();
    GasMass<Ch4> => Ch4Mass, Mass, GasMass::new, |g: GasMass<Ch4>| g.mass();
    GasMass<N2o> => N2oMass, Mass, GasMass::new, |g: GasMass<N2o>| g.mass();
    GasPerMass<Co2e> => Co2ePerMass, Ratio, GasPerMass::new, |g: GasPerMass<Co2e>| g.ratio();
    SpecificYield => SpecificYield, Time, SpecificYield::from_full_load_time, SpecificYield::full_load_time;
    Precipitation => Precipitation, Velocity, Precipitation, |p: Precipitation| p.0;
}

/// Plain mass per energy has no dimension of its own in tanso (emission intensities always
/// carry their gas), so this private wrapper only serves the conversion above.
#[derive(Clone, Copy)]
struct MassPerEnergyRaw(MassPerEnergy);

impl Measure for MassPerEnergyRaw {
    const DIMENSION: Dimension = Dimension::EmissionIntensity;
    fn from_si(si: f64) -> Self {
        MassPerEnergyRaw(MassPerEnergy::new::<
            uom::si::mass_per_energy::kilogram_per_joule,
        >(si))
    }
    fn to_si(self) -> f64 {
        self.0.value
    }
}

/// Transport quantities: passenger-km, vehicle-km, occupancy, fuel and energy use per
/// distance, fuel energy content, emissions per pkm and vkm, counts and ridership.
pub mod transport;
