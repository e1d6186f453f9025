//! The residue-burning equations against hand computations for the representative rice
//! straw plant: 10,000 t a year at 85 % dry matter, 65 % of it burnt with a combustion
//! factor of 0.80, carbon 40 % of dry matter.

use uom::si::mass::ton;
use uom::si::ratio::ratio;

use super::*;

fn r(v: f64) -> Ratio {
    Ratio::new::<ratio>(v)
}
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

#[test]
fn the_fire_that_does_not_happen_by_hand() {
    // 10,000 t × 0.85 = 8,500 t dry matter; × 0.65 × 0.80 = 4,420 t burnt.
    let dry = dry_matter(Mass::new::<ton>(10_000.0), r(0.85));
    let burnt = dry_matter_burnt(dry, r(0.65), r(0.8));
    assert!(close(burnt.get::<ton>(), 4420.0, 1e-12));
    // IPCC 2006: 4,420 t × 2.7 g/kg = 11.934 t CH4 and × 0.07 g/kg = 0.3094 t N2O.
    let (ch4, n2o) = BurningFactors::Ipcc2006.factors();
    assert!(close(
        burning_emission(burnt, ch4).mass().get::<ton>(),
        11.934,
        1e-12
    ));
    assert!(close(
        burning_emission(burnt, n2o).mass().get::<ton>(),
        0.3094,
        1e-12
    ));
    // GFED4 (after Akagi et al. 2011): 5.82 g/kg, more than twice the IPCC methane.
    let (ch4_gfed, n2o_gfed) = BurningFactors::Gfed4.factors();
    assert!(close(
        burning_emission(burnt, ch4_gfed).mass().get::<ton>(),
        25.7244,
        1e-12
    ));
    assert!(close(
        burning_emission(burnt, n2o_gfed).mass().get::<ton>(),
        0.442,
        1e-12
    ));
}

#[test]
fn carbon_in_equals_carbon_released_plus_carbon_left() {
    // 8,500 t DM × 0.40 = 3,400 t C; the fire releases 4,420 × 0.40 = 1,768 t, of which
    // 11.934 t CH4 × 12/16 = 8.9505 t as CH4; the rest, 1,759.05 t C, is 6,449.85 t of
    // biogenic CO2 (not counted). 1,632 t C stay in the field.
    let dry = Mass::new::<ton>(8500.0);
    let burnt = Mass::new::<ton>(4420.0);
    let ch4 = burning_emission(burnt, BurningFactors::Ipcc2006.factors().0);
    let c = burning_carbon(dry, burnt, r(0.4), ch4);
    c.balance.check("the burning", &["x"]).unwrap();
    assert!(close(c.balance.carbon_in.get::<ton>(), 3400.0, 1e-12));
    assert!(close(c.balance.released.get::<ton>(), 1768.0, 1e-12));
    assert!(close(c.balance.stored.get::<ton>(), 1632.0, 1e-12));
    assert!(close(c.methane_carbon.get::<ton>(), 8.9505, 1e-12));
    assert!(close(
        c.biogenic_co2.mass().get::<ton>(),
        1759.0495 * 44.0 / 12.0,
        1e-12
    ));
    // Burning more dry matter than there is releases more carbon than the residue holds.
    let over = burning_carbon(dry, Mass::new::<ton>(9000.0), r(0.4), ch4);
    assert!(over.balance.check("the burning", &["share_burnt"]).is_err());
}
