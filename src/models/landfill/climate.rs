//! IPCC 2006 climate zones for waste decay rates.
//!
//! The decay constant k of waste in a disposal site depends on how warm and how wet the site
//! is. IPCC 2006 Vol. 5 Ch. 3 Table 3.3 groups sites into four zones:
//!
//! | Zone | Temperature (MAT) | Moisture |
//! |---|---|---|
//! | Boreal/temperate, dry | ≤ 20 °C | MAP/PET < 1 |
//! | Boreal/temperate, wet | ≤ 20 °C | MAP/PET ≥ 1 |
//! | Tropical, dry | > 20 °C | MAP < 1000 mm/yr |
//! | Tropical, moist and wet | > 20 °C | MAP ≥ 1000 mm/yr |
//!
//! (MAT: mean annual temperature; MAP: mean annual precipitation; PET: potential
//! evapotranspiration.) The table writes the wet boreal/temperate condition as MAP/PET > 1;
//! a ratio of exactly 1 is put in the wet zone here.

use serde::{Deserialize, Serialize};
use uom::si::thermodynamic_temperature::degree_celsius;

use super::error::{WasteError, WasteResult, check_finite, check_non_negative, check_positive};
use crate::units::custom::velocity::millimeter_per_year;
use crate::units::{Precipitation, Temperature};

/// An IPCC 2006 climate zone for first-order-decay rates (Vol. 5 Ch. 3 Table 3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClimateZone {
    /// MAT ≤ 20 °C and MAP/PET < 1.
    BorealTemperateDry,
    /// MAT ≤ 20 °C and MAP/PET ≥ 1.
    BorealTemperateWet,
    /// MAT > 20 °C and MAP < 1000 mm/yr.
    TropicalDry,
    /// MAT > 20 °C and MAP ≥ 1000 mm/yr (the Table's "moist and wet").
    TropicalMoistWet,
}

impl ClimateZone {
    /// All zones, in table order.
    pub const ALL: [ClimateZone; 4] = [
        ClimateZone::BorealTemperateDry,
        ClimateZone::BorealTemperateWet,
        ClimateZone::TropicalDry,
        ClimateZone::TropicalMoistWet,
    ];

    /// The identifier used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            ClimateZone::BorealTemperateDry => "boreal_temperate_dry",
            ClimateZone::BorealTemperateWet => "boreal_temperate_wet",
            ClimateZone::TropicalDry => "tropical_dry",
            ClimateZone::TropicalMoistWet => "tropical_moist_wet",
        }
    }
}

/// The temperature that separates the tropical zones from the boreal/temperate ones, °C.
pub const TROPICAL_THRESHOLD_CELSIUS: f64 = 20.0;
/// The precipitation that separates tropical dry from tropical moist/wet, mm/yr.
pub const TROPICAL_WET_THRESHOLD_MM_PER_YEAR: f64 = 1000.0;

/// Classifies a site into an IPCC 2006 climate zone.
///
/// # Model
/// * MAT > 20 °C: tropical; dry when MAP < 1000 mm/yr, otherwise moist/wet.
/// * MAT ≤ 20 °C: boreal/temperate; dry when MAP/PET < 1, otherwise wet. PET is needed
///   only here; without it the function returns [`WasteError::PetRequired`].
///
/// # Units
/// `mean_annual_temperature` is a temperature (°C in the catalog); precipitation and PET are
/// water depths per year (mm/yr).
///
/// # Reference
/// IPCC 2006 Guidelines, Vol. 5 Ch. 3, Table 3.3 (column headings). Bali (Denpasar): 28.1 °C
/// and 1,732 mm/yr give tropical moist/wet.
pub fn ipcc_climate_zone(
    mean_annual_temperature: Temperature,
    mean_annual_precipitation: Precipitation,
    potential_evapotranspiration: Option<Precipitation>,
) -> WasteResult<ClimateZone> {
    let mat = check_finite(
        "climate.mean_annual_temperature",
        mean_annual_temperature.get::<degree_celsius>(),
    )?;
    if mat < -273.15 {
        return Err(WasteError::OutOfRange {
            field: "climate.mean_annual_temperature".into(),
            value: mat,
            expected: "a temperature above absolute zero (°C)",
        });
    }
    let map = check_non_negative(
        "climate.mean_annual_precipitation",
        mean_annual_precipitation.0.get::<millimeter_per_year>(),
    )?;
    if mat > TROPICAL_THRESHOLD_CELSIUS {
        return Ok(if map < TROPICAL_WET_THRESHOLD_MM_PER_YEAR {
            ClimateZone::TropicalDry
        } else {
            ClimateZone::TropicalMoistWet
        });
    }
    let pet = potential_evapotranspiration.ok_or(WasteError::PetRequired { temperature_c: mat })?;
    let pet = check_positive(
        "climate.pet",
        pet.0.get::<millimeter_per_year>(),
        "> 0 mm/yr",
    )?;
    Ok(if map / pet < 1.0 {
        ClimateZone::BorealTemperateDry
    } else {
        ClimateZone::BorealTemperateWet
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Speed;

    fn mm(v: f64) -> Precipitation {
        Precipitation(Speed::new::<millimeter_per_year>(v))
    }
    fn celsius(v: f64) -> Temperature {
        Temperature::new::<degree_celsius>(v)
    }

    #[test]
    fn bali_is_tropical_moist_wet() {
        // Denpasar 28.1 °C > 20 °C and 1,732 mm ≥ 1,000 mm.
        let zone = ipcc_climate_zone(celsius(28.1), mm(1732.0), None).unwrap();
        assert_eq!(zone, ClimateZone::TropicalMoistWet);
    }

    #[test]
    fn tropical_boundaries() {
        // 999 mm is below the 1,000 mm line; exactly 1,000 mm is moist/wet.
        assert_eq!(
            ipcc_climate_zone(celsius(25.0), mm(999.0), None).unwrap(),
            ClimateZone::TropicalDry
        );
        assert_eq!(
            ipcc_climate_zone(celsius(25.0), mm(1000.0), None).unwrap(),
            ClimateZone::TropicalMoistWet
        );
        // Exactly 20 °C is not tropical, so PET is required.
        assert_eq!(
            ipcc_climate_zone(celsius(20.0), mm(1500.0), None).unwrap_err(),
            WasteError::PetRequired {
                temperature_c: 20.0
            }
        );
    }

    #[test]
    fn temperate_uses_map_over_pet() {
        // 600/800 = 0.75 < 1: dry. 900/800 = 1.125: wet.
        assert_eq!(
            ipcc_climate_zone(celsius(10.0), mm(600.0), Some(mm(800.0))).unwrap(),
            ClimateZone::BorealTemperateDry
        );
        assert_eq!(
            ipcc_climate_zone(celsius(10.0), mm(900.0), Some(mm(800.0))).unwrap(),
            ClimateZone::BorealTemperateWet
        );
    }

    #[test]
    fn bad_inputs_are_errors() {
        let e = ipcc_climate_zone(celsius(f64::NAN), mm(1000.0), None).unwrap_err();
        assert!(e.to_string().contains("climate.mean_annual_temperature"));
        let e = ipcc_climate_zone(celsius(25.0), mm(-1.0), None).unwrap_err();
        assert!(e.to_string().contains("climate.mean_annual_precipitation"));
        let e = ipcc_climate_zone(celsius(10.0), mm(500.0), Some(mm(0.0))).unwrap_err();
        assert!(e.to_string().contains("climate.pet"));
        let msg = ipcc_climate_zone(celsius(10.0), mm(500.0), None)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("climate.pet") && msg.contains("climate.zone"));
    }
}
