//! The digester's equations against hand computations. Constants: molar volume 22.413 969 54
//! L/mol (CODATA 2018), M(C) 12.011 and M(CH4) 16.043 g/mol (IUPAC); the expected values
//! below were computed from them by hand (a calculator), not by this code.

use uom::si::energy::megawatt_hour;
use uom::si::mass::{kilogram, ton};
use uom::si::ratio::{percent, ratio};
use uom::si::specific_volume::cubic_meter_per_megagram;
use uom::si::volume::cubic_meter;

use super::plugin::DisplacedFuel;
use super::*;
use crate::units::custom::mass_per_energy::tonne_per_megawatt_hour;

fn r(v: f64) -> Ratio {
    Ratio::new::<ratio>(v)
}
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

#[test]
fn a_normal_cubic_metre_of_gas_holds_its_moles_of_carbon_and_methane() {
    // 1,000 Nm³ at 60 % CH4: 600 / 0.022413970 mol × 16.043 g = 429.455 kg CH4.
    let v = Volume::new::<cubic_meter>(1000.0);
    let ch4 = methane_in_biogas(v, r(0.6));
    assert!(close(ch4.mass().get::<kilogram>(), 429.4554, 1e-6));
    // Every molecule of CH4 or CO2 carries one C: 1,000 / 0.022413970 × 12.011 g = 535.871 kg.
    assert!(close(carbon_in_biogas(v).get::<kilogram>(), 535.8712, 1e-6));
}

#[test]
fn lpg_replaced_in_heat_equipment_as_vn_am004_counts_it() {
    // 63,100 kg CO2/TJ × 3.6 GJ/MWh = 0.22716 t/MWh; 1,000 MWh of biogas → 227.16 t.
    let f = DisplacedFuel::Lpg.co2_factor();
    assert!(close(
        f.per_energy().get::<tonne_per_megawatt_hour>(),
        0.22716,
        1e-12
    ));
    let e = displaced_fuel_emissions(Energy::new::<megawatt_hour>(1000.0), f);
    assert!(close(e.mass().get::<ton>(), 227.16, 1e-12));
    // Diesel 74.1 t/TJ = 0.26676 t/MWh, the value composting uses for its fuel.
    assert!(close(
        DisplacedFuel::Diesel
            .co2_factor()
            .per_energy()
            .get::<tonne_per_megawatt_hour>(),
        0.26676,
        1e-12
    ));
}

fn binh_dien() -> (Mass, Digester, BiogasUse) {
    let waste = Mass::new::<ton>(18_250.0); // 50 t/d × 365 d
    let digester = Digester {
        biogas_yield: VolumePerMass::new::<cubic_meter_per_megagram>(80.0),
        methane_content: r(0.6),
        leakage: GasPerMass::new(Ratio::new::<uom::si::ratio::per_mille>(1.0)),
        methane_ncv: EnergyPerMass::new::<uom::si::available_energy::megajoule_per_kilogram>(50.4),
    };
    let using = BiogasUse {
        to_heat: r(0.9),
        to_engine: r(0.0),
        engine_efficiency: r(0.35),
        flare_efficiency: r(0.5),
    };
    (waste, digester, using)
}

#[test]
fn a_year_of_the_binh_dien_digester_by_hand() {
    // 18,250 t × 80 Nm³/t = 1,460,000 Nm³; CH4 = 1.46e6 × 0.6 / 0.022414 × 16.043 g = 627.005 t.
    // Leak 18,250 t × 1 g/kg = 18.25 t; usable 608.755 t × 50.4 GJ/t = 30,681 GJ = 8,522.57 MWh;
    // 90 % to heat = 7,670.31 MWh; 10 % flared = 60.8755 t CH4, half of it unburnt = 30.4377 t.
    let (w, d, u) = binh_dien();
    let y = digest(w, degradable_carbon(w, &[(r(1.0), r(0.15))]), &d, &u);
    assert!(close(y.biogas.get::<cubic_meter>(), 1_460_000.0, 1e-12));
    assert!(close(y.methane.mass().get::<ton>(), 627.00487, 1e-6));
    assert!(close(y.leaked.mass().get::<ton>(), 18.25, 1e-12));
    assert!(close(
        y.heat_supplied.get::<megawatt_hour>(),
        7670.3113,
        1e-6
    ));
    assert!(close(y.flared.mass().get::<ton>(), 60.875487, 1e-6));
    assert!(close(y.unburnt.mass().get::<ton>(), 30.437743, 1e-6));
    assert_eq!(y.electricity.get::<megawatt_hour>(), 0.0);
}

#[test]
fn carbon_in_equals_carbon_in_the_biogas_plus_the_digestate() {
    // 18,250 t × DOC 0.15 = 2,737.5 t C in; the biogas carries 1.46e6 / 0.022414 × 12.011 g =
    // 782.372 t; the digestate keeps 1,955.13 t.
    let (w, d, u) = binh_dien();
    let y = digest(w, degradable_carbon(w, &[(r(1.0), r(0.15))]), &d, &u);
    let c = y.carbon;
    assert!(close(c.carbon_in.get::<ton>(), 2737.5, 1e-12));
    assert!(close(c.released.get::<ton>(), 782.3719, 1e-6));
    assert!(close(
        (c.released + c.stored).get::<ton>(),
        c.carbon_in.get::<ton>(),
        1e-12
    ));
    c.check("the digester", &["biogas_yield"]).unwrap();
}

#[test]
fn a_yield_that_needs_more_carbon_than_the_waste_holds_is_refused() {
    // 600 Nm³/t carries 600 × 0.53587 = 321.5 kg C per tonne; food waste holds 150 kg.
    let (w, mut d, u) = binh_dien();
    d.biogas_yield = VolumePerMass::new::<cubic_meter_per_megagram>(600.0);
    let y = digest(w, degradable_carbon(w, &[(r(1.0), r(0.15))]), &d, &u);
    let e = y
        .carbon
        .check("the digester", &["biogas_yield", "doc_food"])
        .unwrap_err();
    assert!(e.detail.contains("more carbon out than in"), "{}", e.detail);
    assert_eq!(e.errors[0].field.parameter_key(), Some("biogas_yield"));
}

#[test]
fn an_engine_turns_its_share_into_electricity() {
    // All usable methane to the engine at 35 %: 8,522.57 MWh × 0.35 = 2,982.90 MWh; nothing
    // flared, so nothing unburnt.
    let (w, d, mut u) = binh_dien();
    u.to_heat = r(0.0);
    u.to_engine = Ratio::new::<percent>(100.0);
    let y = digest(w, degradable_carbon(w, &[(r(1.0), r(0.15))]), &d, &u);
    assert!(close(y.electricity.get::<megawatt_hour>(), 2982.8988, 1e-6));
    assert_eq!(y.unburnt.mass().get::<ton>(), 0.0);
}
