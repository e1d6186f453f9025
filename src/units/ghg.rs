//! Greenhouse gases as part of the type.
//!
//! A tonne of methane and a tonne of CO2-equivalent are both masses to `uom`, but adding them
//! is a classic and costly mistake. Here the gas is a type parameter: [`GasMass<Ch4>`] and
//! [`GasMass<Co2e>`] are different types, and the only way from CH4 or N2O to CO2e is
//! [`GasMass::to_co2e`], which must be given a [`GwpSet`].
//!
//! ```
//! use tanso::units::ghg::{GasMass, Ch4, Co2e, GwpSet, GwpSetId};
//! use tanso::units::{Mass, Ratio};
//! use uom::si::mass::ton;
//! use uom::si::ratio::ratio;
//!
//! let ar5 = GwpSet::new(GwpSetId::Ar5, Ratio::new::<ratio>(28.0), Ratio::new::<ratio>(265.0));
//! let methane = GasMass::<Ch4>::new(Mass::new::<ton>(2.0));
//! let co2e: GasMass<Co2e> = methane.to_co2e(&ar5);
//! assert!((co2e.mass().get::<ton>() - 56.0).abs() < 1e-9);
//! ```
//!
//! Adding methane to CO2e does not compile ("cannot add `GasMass<Co2e>` to `GasMass<Ch4>`";
//! the gallery case `tests/gallery/ch4_plus_co2e.rs` holds the whole message):
//!
//! ```compile_fail,E0277
//! use tanso::units::ghg::{GasMass, Ch4, Co2e};
//! use tanso::units::Mass;
//! use uom::si::mass::ton;
//!
//! let methane = GasMass::<Ch4>::new(Mass::new::<ton>(2.0));
//! let co2e = GasMass::<Co2e>::new(Mass::new::<ton>(1.0));
//! let _nonsense = methane + co2e;
//! ```

use std::fmt;
use std::iter::Sum;
use std::marker::PhantomData;
use std::ops::{Add, AddAssign, Div, Mul, Sub};

use serde::{Deserialize, Serialize};

use super::{Energy, Mass, MassPerEnergy, Ratio};

/// A greenhouse gas (or CO2-equivalent) used as a type tag.
pub trait Gas: Copy + Clone + fmt::Debug + Default + PartialOrd + 'static {
    /// The chemical formula as written in unit symbols, e.g. `"CH4"`.
    const FORMULA: &'static str;
}

/// Carbon dioxide (fossil, as emitted by combustion).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Co2;
/// Methane.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Ch4;
/// Nitrous oxide.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct N2o;
/// CO2-equivalent: a sum of gases weighted by a named [`GwpSet`].
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Co2e;

impl Gas for Co2 {
    const FORMULA: &'static str = "CO2";
}
impl Gas for Ch4 {
    const FORMULA: &'static str = "CH4";
}
impl Gas for N2o {
    const FORMULA: &'static str = "N2O";
}
impl Gas for Co2e {
    const FORMULA: &'static str = "CO2e";
}

/// A mass of one gas `G`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct GasMass<G: Gas> {
    mass: Mass,
    gas: PhantomData<G>,
}

impl<G: Gas> GasMass<G> {
    /// Wraps a mass of gas `G`.
    pub fn new(mass: Mass) -> Self {
        Self {
            mass,
            gas: PhantomData,
        }
    }

    /// No emissions.
    pub fn zero() -> Self {
        Self::new(Mass::new::<uom::si::mass::kilogram>(0.0))
    }

    /// The plain mass, for display or for ratios between masses of the same gas.
    pub fn mass(self) -> Mass {
        self.mass
    }
}

impl GasMass<Co2> {
    /// CO2 is the reference gas: its GWP is 1 by definition in every set.
    pub fn to_co2e(self) -> GasMass<Co2e> {
        GasMass::new(self.mass)
    }
}

impl GasMass<Ch4> {
    /// Converts methane to CO2e with the 100-year GWP of the named set.
    pub fn to_co2e(self, gwp: &GwpSet) -> GasMass<Co2e> {
        GasMass::new(self.mass * gwp.ch4)
    }
}

impl GasMass<N2o> {
    /// Converts nitrous oxide to CO2e with the 100-year GWP of the named set.
    pub fn to_co2e(self, gwp: &GwpSet) -> GasMass<Co2e> {
        GasMass::new(self.mass * gwp.n2o)
    }
}

impl<G: Gas> Add for GasMass<G> {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self::new(self.mass + rhs.mass)
    }
}

impl<G: Gas> AddAssign for GasMass<G> {
    fn add_assign(&mut self, rhs: Self) {
        self.mass += rhs.mass;
    }
}

impl<G: Gas> Sub for GasMass<G> {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self::new(self.mass - rhs.mass)
    }
}

impl<G: Gas> Mul<Ratio> for GasMass<G> {
    type Output = Self;
    fn mul(self, rhs: Ratio) -> Self {
        Self::new(self.mass * rhs)
    }
}

/// The ratio of two masses of the same gas (e.g. the share of a total).
impl<G: Gas> Div for GasMass<G> {
    type Output = Ratio;
    fn div(self, rhs: Self) -> Ratio {
        self.mass / rhs.mass
    }
}

impl<G: Gas> Sum for GasMass<G> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::zero(), |a, b| a + b)
    }
}

/// Mass of gas `G` emitted per unit of energy, e.g. a grid emission factor in t CO2e/MWh.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct EmissionIntensity<G: Gas> {
    per_energy: MassPerEnergy,
    gas: PhantomData<G>,
}

impl<G: Gas> EmissionIntensity<G> {
    /// Wraps a mass-per-energy of gas `G`.
    pub fn new(per_energy: MassPerEnergy) -> Self {
        Self {
            per_energy,
            gas: PhantomData,
        }
    }

    /// The plain mass per energy.
    pub fn per_energy(self) -> MassPerEnergy {
        self.per_energy
    }
}

impl<G: Gas> Mul<Ratio> for EmissionIntensity<G> {
    type Output = Self;
    fn mul(self, rhs: Ratio) -> Self {
        Self::new(self.per_energy * rhs)
    }
}

impl<G: Gas> Add for EmissionIntensity<G> {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self::new(self.per_energy + rhs.per_energy)
    }
}

impl<G: Gas> Sub for EmissionIntensity<G> {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self::new(self.per_energy - rhs.per_energy)
    }
}

/// Energy × emission intensity = emitted (or avoided) mass of the same gas.
impl<G: Gas> Mul<EmissionIntensity<G>> for Energy {
    type Output = GasMass<G>;
    fn mul(self, rhs: EmissionIntensity<G>) -> GasMass<G> {
        GasMass::new(self * rhs.per_energy)
    }
}

/// Mass of gas `G` emitted per mass of material treated, e.g. g CH4 per kg of wet waste
/// composted (IPCC 2006 Vol. 5 Table 4.1). Dimensionless in SI, so the gas tag is what keeps
/// "4 g CH4/kg" from being used as an N2O factor.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct GasPerMass<G: Gas> {
    ratio: Ratio,
    gas: PhantomData<G>,
}

impl<G: Gas> GasPerMass<G> {
    /// Wraps a mass fraction of gas `G` per mass of material.
    pub fn new(ratio: Ratio) -> Self {
        Self {
            ratio,
            gas: PhantomData,
        }
    }

    /// The plain mass ratio.
    pub fn ratio(self) -> Ratio {
        self.ratio
    }
}

/// Material mass × emission factor = emitted mass of the gas.
impl<G: Gas> Mul<GasPerMass<G>> for Mass {
    type Output = GasMass<G>;
    fn mul(self, rhs: GasPerMass<G>) -> GasMass<G> {
        GasMass::new(self * rhs.ratio)
    }
}

/// The named sets of 100-year global warming potentials.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GwpSetId {
    /// IPCC Second Assessment Report (1995).
    Ar2,
    /// IPCC Fourth Assessment Report (2007).
    Ar4,
    /// IPCC Fifth Assessment Report (2013), without climate-carbon feedback.
    Ar5,
    /// IPCC Sixth Assessment Report (2021), non-fossil methane.
    Ar6,
    /// CDM rule from 2021 (EB 108): for each gas the lowest of AR2, AR4 and AR5.
    CdmLowest,
}

impl GwpSetId {
    /// All sets, in the order they are listed to users.
    pub const ALL: [GwpSetId; 5] = [
        GwpSetId::Ar2,
        GwpSetId::Ar4,
        GwpSetId::Ar5,
        GwpSetId::Ar6,
        GwpSetId::CdmLowest,
    ];

    /// The identifier used in data files and requests.
    pub fn as_str(self) -> &'static str {
        match self {
            GwpSetId::Ar2 => "ar2",
            GwpSetId::Ar4 => "ar4",
            GwpSetId::Ar5 => "ar5",
            GwpSetId::Ar6 => "ar6",
            GwpSetId::CdmLowest => "cdm_lowest",
        }
    }

    /// Parses an identifier as written in data files and requests.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|id| id.as_str() == s)
    }
}

impl fmt::Display for GwpSetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// 100-year GWPs of CH4 and N2O under one named set (CO2 is 1 by definition).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GwpSet {
    /// Which set these values belong to.
    pub id: GwpSetId,
    /// GWP-100 of methane (non-fossil where the set distinguishes).
    pub ch4: Ratio,
    /// GWP-100 of nitrous oxide.
    pub n2o: Ratio,
}

impl GwpSet {
    /// A set with the given values.
    pub fn new(id: GwpSetId, ch4: Ratio, n2o: Ratio) -> Self {
        Self { id, ch4, n2o }
    }

    /// The CDM rule adopted at EB 108 for reductions from 2021: for each gas, the lowest
    /// 100-year GWP among the given sets (AR2, AR4 and AR5).
    pub fn lowest_of(sets: &[GwpSet]) -> Option<GwpSet> {
        let first = sets.first()?;
        Some(sets.iter().fold(
            GwpSet::new(GwpSetId::CdmLowest, first.ch4, first.n2o),
            |acc, s| GwpSet::new(GwpSetId::CdmLowest, acc.ch4.min(s.ch4), acc.n2o.min(s.n2o)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::energy::megawatt_hour;
    use uom::si::mass::{kilogram, ton};
    use uom::si::ratio::ratio;

    fn set(id: GwpSetId, ch4: f64, n2o: f64) -> GwpSet {
        GwpSet::new(id, Ratio::new::<ratio>(ch4), Ratio::new::<ratio>(n2o))
    }

    #[test]
    fn cdm_lowest_takes_the_minimum_per_gas() {
        // AR2 21/310, AR4 25/298, AR5 28/265: lowest CH4 21 (AR2), N2O 265 (AR5).
        let lowest = GwpSet::lowest_of(&[
            set(GwpSetId::Ar2, 21.0, 310.0),
            set(GwpSetId::Ar4, 25.0, 298.0),
            set(GwpSetId::Ar5, 28.0, 265.0),
        ])
        .unwrap();
        assert_eq!(lowest.id, GwpSetId::CdmLowest);
        assert_eq!(lowest.ch4.get::<ratio>(), 21.0);
        assert_eq!(lowest.n2o.get::<ratio>(), 265.0);
    }

    #[test]
    fn energy_times_intensity_is_a_gas_mass() {
        // 1,000 MWh at 0.4 t/MWh = 400 t.
        let ef = EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<
            crate::units::custom::mass_per_energy::tonne_per_megawatt_hour,
        >(0.4));
        let avoided = Energy::new::<megawatt_hour>(1000.0) * ef;
        assert!((avoided.mass().get::<ton>() - 400.0).abs() < 1e-9);
    }

    #[test]
    fn n2o_to_co2e_uses_the_set() {
        // 0.3 kg N2O × 273 (AR6) = 81.9 kg CO2e.
        let n2o = GasMass::<N2o>::new(Mass::new::<kilogram>(0.3));
        let co2e = n2o.to_co2e(&set(GwpSetId::Ar6, 27.0, 273.0));
        assert!((co2e.mass().get::<kilogram>() - 81.9).abs() < 1e-9);
    }
}
