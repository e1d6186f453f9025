//! The combustion equations against hand computations with the IPCC 2006 Table 2.4
//! defaults (dm, CF, FCF) of [`default_properties`]; the expected values were worked out by
//! hand from those table values.

use uom::si::available_energy::megajoule_per_kilogram;
use uom::si::mass::ton;
use uom::si::ratio::{part_per_million, ratio};

use super::*;
use crate::units::custom::available_energy::kilowatt_hour_per_tonne;

fn r(v: f64) -> Ratio {
    Ratio::new::<ratio>(v)
}
fn t(v: f64) -> Mass {
    Mass::new::<ton>(v)
}
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

#[test]
fn a_thousand_tonnes_of_plastics_burn_to_2750_t_of_fossil_co2() {
    // 1,000 t × dm 1.00 × CF 0.75 × FCF 1.00 × OF 1.00 × 44/12 = 2,750 t CO2, all fossil.
    let p = default_properties(Component::Plastics);
    assert!(close(
        fossil_co2(t(1000.0), &p, r(1.0)).mass().get::<ton>(),
        2750.0,
        1e-12
    ));
    assert_eq!(biogenic_co2(t(1000.0), &p, r(1.0)).mass().get::<ton>(), 0.0);
    // Food: 1,000 × 0.40 × 0.38 = 152 t C, all biogenic: 557.33 t CO2 reported, none counted.
    let f = default_properties(Component::Food);
    assert_eq!(fossil_co2(t(1000.0), &f, r(1.0)).mass().get::<ton>(), 0.0);
    assert!(close(
        biogenic_co2(t(1000.0), &f, r(1.0)).mass().get::<ton>(),
        152.0 * 44.0 / 12.0,
        1e-12
    ));
}

/// The Bac Ninh seed's composition (shares of wet mass).
fn bac_ninh() -> Vec<(Ratio, CombustionProperties)> {
    let shares = [0.55, 0.05, 0.08, 0.02, 0.03, 0.01, 0.14, 0.03, 0.09];
    Component::ALL
        .iter()
        .zip(shares)
        .map(|(c, s)| (r(s), default_properties(*c)))
        .collect()
}

#[test]
fn mixed_waste_fossil_carbon_by_component() {
    // Per tonne (share × dm × CF): food 0.0836, garden 0.0098, paper 0.03312, wood 0.0085,
    // textiles 0.012, rubber 0.005628, plastics 0.105, glass 0, other inert 0.00243:
    // 0.260078 t C. Fossil (× FCF): paper 0.0003312 + textiles 0.0024 + rubber 0.0011256
    // + plastics 0.105 + other inert 0.00243 = 0.1112868 t C, i.e. 0.4080516 t CO2 per tonne.
    let c = burn(t(1.0), &bac_ninh(), r(1.0));
    assert!(close(c.carbon.carbon_in.get::<ton>(), 0.260078, 1e-9));
    assert!(close(c.fossil_carbon.get::<ton>(), 0.1112868, 1e-9));
    assert!(close(c.fossil_co2.mass().get::<ton>(), 0.4080516, 1e-6));
    // 165,000 t a year (500 t/d × 330 d): 67,328.5 t of fossil CO2.
    let year = burn(t(165_000.0), &bac_ninh(), r(1.0));
    assert!(close(year.fossil_co2.mass().get::<ton>(), 67_328.5, 1e-6));
}

#[test]
fn carbon_in_equals_carbon_to_air_plus_carbon_in_ash() {
    // OF 0.98: 98 % of the 0.260078 t leaves as CO2, 2 % stays in the bottom ash.
    let c = burn(t(1.0), &bac_ninh(), r(0.98));
    c.carbon.check("the incinerator", &["x"]).unwrap();
    assert!(close(c.carbon.released.get::<ton>(), 0.260078 * 0.98, 1e-9));
    assert!(close(c.carbon.stored.get::<ton>(), 0.260078 * 0.02, 1e-9));
    // An oxidation factor above 1 would burn carbon that is not there: refused.
    let impossible = burn(t(1.0), &bac_ninh(), r(1.1));
    assert!(
        impossible
            .carbon
            .check("the incinerator", &["combustion_oxidation"])
            .is_err()
    );
}

#[test]
fn combustion_n2o_and_ch4_and_the_efficiency() {
    // 165,000 t × 50 g N2O/t = 8.25 t N2O; × 0.2 g CH4/t = 0.033 t CH4 (IPCC 2006 Tables 5.6
    // and 5.3).
    let n2o = combustion_n2o(
        t(165_000.0),
        GasPerMass::new(Ratio::new::<part_per_million>(50.0)),
    );
    assert!(close(n2o.mass().get::<ton>(), 8.25, 1e-12));
    let ch4 = combustion_ch4(
        t(165_000.0),
        GasPerMass::new(Ratio::new::<part_per_million>(0.2)),
    );
    assert!(close(ch4.mass().get::<ton>(), 0.033, 1e-12));
    // 556.8 kWh/t out of 9 MJ/kg = 2,500 kWh/t in: 22.272 %.
    let eta = net_electric_efficiency(
        EnergyPerMass::new::<kilowatt_hour_per_tonne>(556.8),
        EnergyPerMass::new::<megajoule_per_kilogram>(9.0),
    );
    assert!(close(eta.get::<ratio>(), 0.22272, 1e-12));
}
