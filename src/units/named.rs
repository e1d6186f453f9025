//! Named quantities: the surface a learner touches, with compiler messages that name the
//! quantities.
//!
//! The engine computes with `uom`'s types ([`super::Power`] is `uom::si::f64::Power`). They
//! are exact, and a mistake fails to compile, but the message is written in `uom`'s
//! vocabulary: adding a power to an energy says `expected B1, found B0` about two
//! `Quantity<..., ..., f64>`. A learner cannot read that.
//!
//! The types here are thin newtypes over the same `uom` quantities, made by one macro, so that
//! rustc prints their names. Every operator goes through a trait that carries a
//! `#[diagnostic::on_unimplemented]` message, so the first line of the error names both
//! quantities:
//!
//! ```text
//! error[E0277]: cannot add `Energy` to `Power`
//! ```
//!
//! The algebra is `uom`'s: each product or quotient listed in this file is computed by `uom`
//! on the inner quantities, so an entry that claimed, say, power × time = power would not
//! compile. Values cross to the engine's types and back with `From`/`Into` (no number is
//! touched), they parse at the edge like any quantity ([`super::parse_as`]), and print in a
//! readable unit (`2,889.13 MWh`).
//!
//! ```
//! use tanso::units::named::{Energy, Power, Ratio, Time};
//! use uom::si::{energy::megawatt_hour, power::megawatt, ratio::percent, time::hour};
//!
//! let capacity = Power::new::<megawatt>(2.0);
//! let year = Time::new::<hour>(8760.0);
//! let capacity_factor = Ratio::new::<percent>(16.5);
//! let energy: Energy = capacity * year * capacity_factor;
//! assert!((energy.get::<megawatt_hour>() - 2890.8).abs() < 1e-9);
//! assert_eq!(energy.to_string(), "2,890.8 MWh");
//! // The engine's type, for the engine's functions.
//! let _engine: tanso::units::Energy = energy.into();
//! ```
//!
//! The gallery of mistakes and the messages they give is `tests/gallery/`; the guide explains
//! each one (`docs/teaching/`).
//!
//! Why newtypes here rather than everywhere: the engine's own code reads fine with `uom`
//! aliases and other work builds on them; a learner-facing surface in one file gives the
//! readable messages without touching the engine.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

use super::ghg::{Co2, Co2e, EmissionIntensity, Gas, GasMass, GasPerMass};
use super::{Measure, QuantityValue, SpecificYield};

/// Quantities that `Self` can be added to: `Self` is the right-hand side of `L + Self`.
#[diagnostic::on_unimplemented(
    message = "cannot add `{Self}` to `{L}`",
    label = "`{L}` + `{Self}` has no meaning",
    note = "only quantities of the same kind add up: `{L}` + `{L}`; a bare number has no unit, so give it one (`Ratio::new::<percent>(16.5)`, `Time::new::<hour>(8760.0)`)"
)]
pub trait AddTo<L> {
    /// `self` as an `L` (it is one).
    fn into_same(self) -> L;
}

/// Quantities that `Self` can be subtracted from: `Self` is the right-hand side of `L - Self`.
#[diagnostic::on_unimplemented(
    message = "cannot subtract `{Self}` from `{L}`",
    label = "`{L}` − `{Self}` has no meaning",
    note = "only quantities of the same kind subtract: `{L}` − `{L}`"
)]
pub trait SubtractFrom<L> {
    /// What `L - Self` is.
    type Output;
    /// Computes `l - self`.
    fn subtracted_from(self, l: L) -> Self::Output;
}

/// Quantities `L` can be compared with.
#[diagnostic::on_unimplemented(
    message = "cannot compare `{L}` with `{Self}`",
    label = "`{L}` and `{Self}` are different quantities",
    note = "only quantities of the same kind compare: is 2 MW more or less than 3 MWh? The question has no answer"
)]
pub trait ComparableWith<L> {
    /// `self` as an `L` (it is one).
    fn as_same(&self) -> L;
}

/// Right-hand sides `L` can be multiplied by: `Self` is the right-hand side of `L * Self`.
#[diagnostic::on_unimplemented(
    message = "cannot multiply `{L}` by `{Self}`",
    label = "`{L}` × `{Self}` is not a quantity tanso knows",
    note = "a product must be a quantity: power × time = energy, energy × emission intensity = mass of a gas, any quantity × `Ratio`; a bare number has no unit, so say what it is (`Ratio::new::<percent>(16.5)` or `Ratio::new::<ratio>(0.165)`, `Time::new::<hour>(8760.0)`)"
)]
pub trait MulBy<L> {
    /// What `L * Self` is.
    type Output;
    /// Computes `l * self`.
    fn multiplying(self, l: L) -> Self::Output;
}

/// Right-hand sides `L` can be divided by: `Self` is the right-hand side of `L / Self`.
#[diagnostic::on_unimplemented(
    message = "cannot divide `{L}` by `{Self}`",
    label = "`{L}` ÷ `{Self}` is not a quantity tanso knows",
    note = "a quotient must be a quantity: energy ÷ time = power, energy ÷ power = time, two quantities of the same kind give a `Ratio`"
)]
pub trait DivBy<L> {
    /// What `L / Self` is.
    type Output;
    /// Computes `l / self`.
    fn dividing(self, l: L) -> Self::Output;
}

/// What can move a temperature: `Self` in `Temperature + Self` or `Temperature - Self`.
#[diagnostic::on_unimplemented(
    message = "cannot add `{Self}` to a `Temperature`",
    label = "a `Temperature` is a point on a scale",
    note = "20 °C + 20 °C is not 40 °C (in kelvin it would be 586 K): add a `TemperatureInterval` (a difference, e.g. 5 K), or subtract two temperatures to get one"
)]
pub trait ShiftsTemperature {
    /// The shift as an interval.
    fn interval(self) -> TemperatureInterval;
}

/// A mass of a gas that becomes CO2e with no GWP set: only CO2 itself (GWP 1 by definition).
#[diagnostic::on_unimplemented(
    message = "a mass of `{Self}` cannot become a mass of `Co2e` without a GWP set",
    label = "which GWP set? AR5 and AR6 give different CO2e",
    note = "use `.to_co2e(&gwp)` with a named set (e.g. AR5: CH4 28, N2O 265); only CO2 converts on its own"
)]
pub trait Co2eWithoutGwp: Gas {}

impl Co2eWithoutGwp for Co2 {}

/// CO2 is CO2e with a GWP of 1; any other gas needs a set ([`Co2eWithoutGwp`]).
impl<G: Co2eWithoutGwp> From<GasMass<G>> for GasMass<Co2e> {
    fn from(g: GasMass<G>) -> Self {
        GasMass::new(g.mass())
    }
}

/// A second `+` for gas masses (by reference), so that `GasMass<Ch4> + GasMass<Co2e>` reads
/// "cannot add `GasMass<Co2e>` to `GasMass<Ch4>`" instead of "mismatched types": with one
/// impl rustc guesses the right-hand type and reports the guess.
impl<G: Gas> Add<&GasMass<G>> for GasMass<G> {
    type Output = GasMass<G>;
    fn add(self, rhs: &GasMass<G>) -> GasMass<G> {
        self + *rhs
    }
}

macro_rules! named {
    ($( $(#[$doc:meta])* $name:ident($inner:ident, $module:ident); )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name(super::$inner);

        impl $name {
            /// The quantity `value` in unit `N`, e.g. `Power::new::<megawatt>(2.0)`.
            pub fn new<N>(value: f64) -> Self
            where
                N: uom::si::$module::Unit + uom::Conversion<f64, T = f64>,
            {
                Self(super::$inner::new::<N>(value))
            }

            /// The number in unit `N`, e.g. `energy.get::<megawatt_hour>()`.
            pub fn get<N>(&self) -> f64
            where
                N: uom::si::$module::Unit + uom::Conversion<f64, T = f64>,
            {
                self.0.get::<N>()
            }
        }

        impl From<super::$inner> for $name {
            fn from(q: super::$inner) -> Self {
                Self(q)
            }
        }

        impl From<$name> for super::$inner {
            fn from(q: $name) -> Self {
                q.0
            }
        }

        impl Measure for $name {
            const DIMENSION: super::Dimension = <super::$inner as Measure>::DIMENSION;
            fn from_si(si: f64) -> Self {
                Self(<super::$inner as Measure>::from_si(si))
            }
            fn to_si(self) -> f64 {
                <super::$inner as Measure>::to_si(self.0)
            }
        }

        /// In the dimension's display unit, to 6 significant figures: `2,889.13 MWh`.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&QuantityValue::of(*self).readable(6))
            }
        }

        impl ComparableWith<$name> for $name {
            fn as_same(&self) -> $name {
                *self
            }
        }

        impl<R: ComparableWith<$name>> PartialEq<R> for $name {
            fn eq(&self, other: &R) -> bool {
                self.0 == other.as_same().0
            }
        }

        impl<R: ComparableWith<$name>> PartialOrd<R> for $name {
            fn partial_cmp(&self, other: &R) -> Option<std::cmp::Ordering> {
                self.0.partial_cmp(&other.as_same().0)
            }
        }

        impl<R: MulBy<$name>> Mul<R> for $name {
            type Output = R::Output;
            fn mul(self, rhs: R) -> R::Output {
                rhs.multiplying(self)
            }
        }

        impl<R: DivBy<$name>> Div<R> for $name {
            type Output = R::Output;
            fn div(self, rhs: R) -> R::Output {
                rhs.dividing(self)
            }
        }

        impl<R: SubtractFrom<$name>> Sub<R> for $name {
            type Output = R::Output;
            fn sub(self, rhs: R) -> R::Output {
                rhs.subtracted_from(self)
            }
        }
    )*};
}

/// Quantities with the usual additive algebra: `Q + Q`, `Q - Q`, `-Q`, `Q / Q = Ratio` and
/// sums.
macro_rules! additive {
    ($($name:ident),* $(,)?) => {$(
        impl AddTo<$name> for $name {
            fn into_same(self) -> $name {
                self
            }
        }

        impl<R: AddTo<$name>> Add<R> for $name {
            type Output = $name;
            fn add(self, rhs: R) -> $name {
                $name(self.0 + rhs.into_same().0)
            }
        }

        impl<R: AddTo<$name>> AddAssign<R> for $name {
            fn add_assign(&mut self, rhs: R) {
                self.0 += rhs.into_same().0;
            }
        }

        impl SubtractFrom<$name> for $name {
            type Output = $name;
            fn subtracted_from(self, l: $name) -> $name {
                $name(l.0 - self.0)
            }
        }

        impl SubAssign<$name> for $name {
            fn sub_assign(&mut self, rhs: $name) {
                self.0 -= rhs.0;
            }
        }

        impl Neg for $name {
            type Output = $name;
            fn neg(self) -> $name {
                $name(-self.0)
            }
        }

        impl Sum for $name {
            fn sum<I: Iterator<Item = $name>>(iter: I) -> $name {
                iter.fold($name::from_si(0.0), |a, b| a + b)
            }
        }

        impl DivBy<$name> for $name {
            type Output = Ratio;
            fn dividing(self, l: $name) -> Ratio {
                Ratio(l.0 / self.0)
            }
        }
    )*};
}

/// `Q * Ratio = Q`, `Ratio * Q = Q` and `Q / Ratio = Q` for every additive quantity but
/// `Ratio` itself (see below).
macro_rules! scaled_by_ratio {
    ($($name:ident),* $(,)?) => {$(
        impl MulBy<Ratio> for $name {
            type Output = $name;
            fn multiplying(self, l: Ratio) -> $name {
                $name(l.0 * self.0)
            }
        }

        impl MulBy<$name> for Ratio {
            type Output = $name;
            fn multiplying(self, l: $name) -> $name {
                $name(l.0 * self.0)
            }
        }

        impl DivBy<$name> for Ratio {
            type Output = $name;
            fn dividing(self, l: $name) -> $name {
                $name(l.0 / self.0)
            }
        }
    )*};
}

/// A ratio of a ratio is a ratio (`Ratio / Ratio` is the same-kind quotient above).
impl MulBy<Ratio> for Ratio {
    type Output = Ratio;
    fn multiplying(self, l: Ratio) -> Ratio {
        Ratio(l.0 * self.0)
    }
}

/// Products and quotients, each computed by `uom` on the inner quantities (so a wrong line
/// here does not compile). `A * B = C` also gives `B * A = C`.
macro_rules! algebra {
    ($($a:ident * $b:ident = $c:ident;)*) => {$(
        impl MulBy<$a> for $b {
            type Output = $c;
            fn multiplying(self, l: $a) -> $c {
                $c(l.0 * self.0)
            }
        }
        impl MulBy<$b> for $a {
            type Output = $c;
            fn multiplying(self, l: $b) -> $c {
                $c(l.0 * self.0)
            }
        }
        impl DivBy<$c> for $a {
            type Output = $b;
            fn dividing(self, l: $c) -> $b {
                $b(l.0 / self.0)
            }
        }
        impl DivBy<$c> for $b {
            type Output = $a;
            fn dividing(self, l: $c) -> $a {
                $a(l.0 / self.0)
            }
        }
    )*};
}

named! {
    /// A power (a rate of energy), e.g. a plant's 2 MW rating.
    Power(Power, power);
    /// An energy (an amount), e.g. a year's 2,889 MWh.
    Energy(Energy, energy);
    /// A duration, e.g. 8,760 h.
    Time(Time, time);
    /// A mass of material (not of a greenhouse gas: that is a [`GasMass`]).
    Mass(Mass, mass);
    /// A mass flow, e.g. 50 t/d of waste.
    MassRate(MassRate, mass_rate);
    /// A dimensionless share: 16.5 % is 0.165.
    Ratio(Ratio, ratio);
    /// An area, e.g. of modules.
    Area(Area, area);
    /// Power per area arriving on a surface, e.g. 1,000 W/m².
    Irradiance(Irradiance, heat_flux_density);
    /// Irradiance over a period (irradiation), e.g. 1,871 kWh/m² a year.
    Insolation(Insolation, radiant_exposure);
    /// A rate per year, e.g. a degradation of 0.5 %/yr.
    AnnualRate(AnnualRate, frequency);
    /// A difference of temperatures, e.g. 5 K.
    TemperatureInterval(TemperatureInterval, temperature_interval);
    /// A point on the temperature scale, e.g. 25 °C. It does not add to itself.
    Temperature(Temperature, thermodynamic_temperature);
}

additive!(
    Power,
    Energy,
    Time,
    Mass,
    MassRate,
    Ratio,
    Area,
    Irradiance,
    Insolation,
    AnnualRate,
    TemperatureInterval,
);

scaled_by_ratio!(
    Power,
    Energy,
    Time,
    Mass,
    MassRate,
    Area,
    Irradiance,
    Insolation,
    AnnualRate,
    TemperatureInterval,
);

algebra! {
    Power * Time = Energy;
    MassRate * Time = Mass;
    Irradiance * Area = Power;
    Insolation * Area = Energy;
    Irradiance * Time = Insolation;
    AnnualRate * Time = Ratio;
}

// Temperatures: a point plus or minus an interval is a point; two points differ by an
// interval; nothing else.

impl ShiftsTemperature for TemperatureInterval {
    fn interval(self) -> TemperatureInterval {
        self
    }
}

impl<R: ShiftsTemperature> Add<R> for Temperature {
    type Output = Temperature;
    fn add(self, rhs: R) -> Temperature {
        Temperature(self.0 + rhs.interval().0)
    }
}

impl SubtractFrom<Temperature> for TemperatureInterval {
    type Output = Temperature;
    fn subtracted_from(self, l: Temperature) -> Temperature {
        Temperature(l.0 - self.0)
    }
}

/// `uom` has no difference of two thermodynamic temperatures, so it is taken in kelvin, where
/// the two scales agree on differences.
impl SubtractFrom<Temperature> for Temperature {
    type Output = TemperatureInterval;
    fn subtracted_from(self, l: Temperature) -> TemperatureInterval {
        TemperatureInterval::from_si(l.to_si() - self.to_si())
    }
}

// The engine's tanso-specific types join the algebra.

/// Energy × emission intensity = mass of the same gas.
impl<G: Gas> MulBy<Energy> for EmissionIntensity<G> {
    type Output = GasMass<G>;
    fn multiplying(self, l: Energy) -> GasMass<G> {
        l.0 * self
    }
}

/// Material × gas emitted per mass of material = mass of the gas.
impl<G: Gas> MulBy<Mass> for GasPerMass<G> {
    type Output = GasMass<G>;
    fn multiplying(self, l: Mass) -> GasMass<G> {
        l.0 * self
    }
}

/// Rating × specific yield = energy.
impl MulBy<Power> for SpecificYield {
    type Output = Energy;
    fn multiplying(self, l: Power) -> Energy {
        Energy(self * l.0)
    }
}

/// Specific yield × rating = energy.
impl Mul<Power> for SpecificYield {
    type Output = Energy;
    fn mul(self, rhs: Power) -> Energy {
        Energy(self * rhs.0)
    }
}

/// Energy ÷ rating = specific yield (kWh/kWp), kept apart from a time.
impl Energy {
    /// The specific yield of this energy from `rating`.
    pub fn per_rating(self, rating: Power) -> SpecificYield {
        SpecificYield::from_energy_and_rating(self.0, rating.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::custom::mass_per_energy::tonne_per_megawatt_hour;
    use crate::units::custom::time::kilowatt_hour_per_kilowatt;
    use crate::units::ghg::Ch4;
    use uom::si::energy::megawatt_hour;
    use uom::si::mass::ton;
    use uom::si::power::megawatt;
    use uom::si::ratio::{per_mille, percent};
    use uom::si::temperature_interval::kelvin as dk;
    use uom::si::thermodynamic_temperature::degree_celsius;
    use uom::si::time::hour;

    #[test]
    fn the_algebra_is_uoms() {
        // 2 MW × 8,760 h = 17,520 MWh; × 16.5 % = 2,890.8 MWh (hand computation).
        let e = Power::new::<megawatt>(2.0) * Time::new::<hour>(8760.0);
        assert!((e.get::<megawatt_hour>() - 17520.0).abs() < 1e-9);
        let e = e * Ratio::new::<percent>(16.5);
        assert!((e.get::<megawatt_hour>() - 2890.8).abs() < 1e-9);
        // Energy ÷ time = power, energy ÷ power = time, same kinds give a ratio.
        let p: Power = e / Time::new::<hour>(8760.0);
        assert!((p.get::<megawatt>() - 0.33).abs() < 1e-12);
        let t: Time = e / Power::new::<megawatt>(2.0);
        assert!((t.get::<hour>() - 1445.4).abs() < 1e-9);
        let r: Ratio = e / Energy::new::<megawatt_hour>(17520.0);
        assert!((r.get::<percent>() - 16.5).abs() < 1e-12);
        assert!(Power::new::<megawatt>(2.0) > Power::new::<megawatt>(1.5));
        let total: Energy = [e, e].into_iter().sum();
        assert!((total.get::<megawatt_hour>() - 5781.6).abs() < 1e-9);
    }

    #[test]
    #[allow(clippy::op_ref)] // the by-reference `+` is what is tested
    fn gases_join_the_algebra() {
        // 1,000 MWh × 0.4 t/MWh = 400 tCO2e; 100 t × 4 g/kg = 0.4 t CH4.
        let ef = EmissionIntensity::<Co2e>::new(crate::units::MassPerEnergy::new::<
            tonne_per_megawatt_hour,
        >(0.4));
        let co2e: GasMass<Co2e> = Energy::new::<megawatt_hour>(1000.0) * ef;
        assert!((co2e.mass().get::<ton>() - 400.0).abs() < 1e-9);
        let f = GasPerMass::<Ch4>::new(crate::units::Ratio::new::<per_mille>(4.0));
        let ch4: GasMass<Ch4> = Mass::new::<ton>(100.0) * f;
        assert!((ch4.mass().get::<ton>() - 0.4).abs() < 1e-12);
        let co2 = GasMass::<Co2>::new(crate::units::Mass::new::<ton>(2.0));
        let as_co2e: GasMass<Co2e> = co2.into();
        assert_eq!(as_co2e.mass().get::<ton>(), 2.0);
        assert_eq!((co2e + &co2e).mass().get::<ton>(), 800.0);
    }

    #[test]
    fn temperatures_and_yields() {
        // 25 °C + 5 K = 30 °C; 30 °C − 25 °C = 5 K.
        let t = Temperature::new::<degree_celsius>(25.0) + TemperatureInterval::new::<dk>(5.0);
        assert!((t.get::<degree_celsius>() - 30.0).abs() < 1e-9);
        let d = t - Temperature::new::<degree_celsius>(25.0);
        assert!((d.get::<dk>() - 5.0).abs() < 1e-9);
        // 2,889 MWh from 2 MW is 1,444.5 kWh/kWp, and back.
        let y = Energy::new::<megawatt_hour>(2889.0).per_rating(Power::new::<megawatt>(2.0));
        assert!((y.full_load_time().get::<kilowatt_hour_per_kilowatt>() - 1444.5).abs() < 1e-9);
        let e = y * Power::new::<megawatt>(2.0);
        assert!((e.get::<megawatt_hour>() - 2889.0).abs() < 1e-9);
    }

    #[test]
    fn named_values_parse_and_print() {
        let p: Power = crate::units::parse_as("capacity", &"2 MW".into()).unwrap();
        assert_eq!(p.to_string(), "2,000 kW");
        let e = Energy::new::<megawatt_hour>(2889.1278479);
        assert_eq!(e.to_string(), "2,889.13 MWh");
    }
}
