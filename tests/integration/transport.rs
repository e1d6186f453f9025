//! The transport models through the library, the CLI and the HTTP API: every transport seed
//! estimates everywhere, and the models behave as their equations say (expected values are
//! hand computations from the seeds' inputs, stated in each test).

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::json;
use tanso::catalog::Catalog;
use tanso::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions};
use tanso::scenario::{Estimate, ScenarioRequest, estimate};
use tanso::units::QuantityInput;

use crate::helpers::spawn_app;

const SEEDS: [&str; 4] = [
    "toyama-portram",
    "semarang-bus-dual-fuel",
    "biofuel-blend-bus",
    "saitama-ev",
];

fn catalog() -> Catalog {
    Catalog::embedded().expect("embedded catalog loads")
}

fn request(project: &str, params: &[(&str, &str)]) -> ScenarioRequest {
    ScenarioRequest {
        project: ProjectRef::Id(project.into()),
        parameters: params
            .iter()
            .map(|(k, v)| (k.to_string(), QuantityInput::Text(v.to_string())))
            .collect::<BTreeMap<_, _>>(),
        options: ScenarioOptions::default(),
    }
}

fn run(project: &str, params: &[(&str, &str)]) -> Estimate {
    estimate(&catalog(), &request(project, params))
        .unwrap_or_else(|e| panic!("{project} {params:?}: {e:?}"))
}

/// A headline figure in its display unit.
fn figure(e: &Estimate, key: &str) -> f64 {
    e.outcome
        .figure(key)
        .unwrap_or_else(|| panic!("no figure {key}"))
        .value
}

/// A crediting-period total in its display unit.
fn total(e: &Estimate, column: &str) -> f64 {
    e.outcome.crediting.totals[column].value
}

fn tanso(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args(args)
        .output()
        .expect("run tanso");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_transport_seed_estimates_through_cli_api_batch_and_monte_carlo() {
    let app = spawn_app();
    let c = catalog();
    for id in SEEDS {
        assert!(c.seed(id).is_some(), "{id} is not a seed");
        let lib = figure(&run(id, &[]), "emission_reductions");

        let (ok, out, err) = tanso(&["estimate", id]);
        assert!(ok, "{id}: {err}");
        assert!(
            out.contains("Emission reductions over the crediting period"),
            "{out}"
        );
        let (ok, out, err) = tanso(&["estimate", id, "--draws", "200", "--seed", "3"]);
        assert!(ok, "{id}: {err}");
        assert!(out.contains("Uncertainty (200 draws, seed 3)"), "{out}");

        let r = app.post_json("/v1/estimates", &json!({"project": id}));
        assert_eq!(r.status, 200, "{id}: {}", r.text);
        let er = r.body["outcome"]["headline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == "emission_reductions")
            .unwrap()["value"]["value"]
            .as_f64()
            .unwrap();
        assert!(
            (er - lib).abs() <= 1e-9 * lib.abs().max(1.0),
            "{id}: {er} vs {lib}"
        );

        let r = app.post_json(
            "/v1/estimates",
            &json!({"project": id, "options": {"uncertainty": {"draws": 200, "seed": 1}}}),
        );
        assert_eq!(r.status, 200, "{id}: {}", r.text);
        assert_eq!(r.body["uncertainty"]["draws"], 200, "{id}");
    }
    let batch: Vec<_> = SEEDS.iter().map(|id| json!({"project": id})).collect();
    let r = app.post_json("/v1/estimates/batch", &json!({"scenarios": batch}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["succeeded"], 4, "{}", r.text);
}

#[test]
fn portram_documented_inputs_give_the_order_of_the_city_figure_and_its_full_value_needs_a_larger_car_share()
 {
    // Hand computation of the seed (first and only crediting year, 2006 grid factor 447.25
    // g/kWh): 1,891,180 trips × 4 km = 7,564,720 pkm. Car: 12 % × 230/1.3 g = 160.60 t; bus:
    // 5 % × 700/8 g = 33.10 t; replaced JR service: 131,400 × 3 kWh × 0.44725 + 55,480 × 1.6 kg
    // = 176.31 + 88.77 t; traction: 333,000 × 2 kWh × 0.44725 = 297.87 t. ER = 160.91 t.
    let e = run("toyama-portram", &[]);
    let pkm = 1_891_180.0 * 4.0;
    let car = pkm * 0.12 * 230.0 / 1.3 / 1e6;
    let bus = pkm * 0.05 * 700.0 / 8.0 / 1e6;
    let grid = 447.25 / 1e6;
    let replaced = 131_400.0 * 3.0 * grid + 55_480.0 * 1.6 / 1e3;
    let traction = 333_000.0 * 2.0 * grid;
    let want = car + bus + replaced - traction;
    let er = figure(&e, "emission_reductions");
    assert!((er - want).abs() < 1e-6, "{er} vs {want}");
    assert!(
        (100.0..300.0).contains(&er),
        "{er}: not the order of the city's 436 t"
    );
    assert!((total(&e, "baseline_car") - car).abs() < 1e-6);
    // The city's ≈436 t/yr follows if every rider beyond the former JR riders had come from a
    // car (share_car 35 %, nothing from buses or on foot): 7,564,720 × 0.35 × 176.92 g =
    // 468.42 t + replaced 265.08 t − traction 297.87 t = 435.6 t.
    let city = run(
        "toyama-portram",
        &[
            ("share_car", "35 %"),
            ("share_bus", "0 %"),
            ("share_walk_bike", "0 %"),
        ],
    );
    let er = figure(&city, "emission_reductions");
    assert!((er - 436.0).abs() < 436.0 * 0.01, "{er}");
    // Within the documented ranges the figure stays out of reach: the city's value lies above
    // the P95 of a 1,000-draw Monte Carlo over the seed's uncertainties.
    let mut req = request("toyama-portram", &[]);
    req.options.uncertainty = Some(UncertaintyOptions {
        draws: 1000,
        seed: 7,
        threads: 1,
        ..Default::default()
    });
    let u = estimate(&catalog(), &req).unwrap().uncertainty.unwrap();
    let o = u
        .outputs
        .iter()
        .find(|o| o.key == "emission_reductions")
        .unwrap();
    assert!(
        o.p5 < o.deterministic && o.deterministic < o.p95 && o.p95 < 436.0,
        "{o:?}"
    );
}

#[test]
fn modal_shift_reductions_are_linear_in_ridership() {
    // ER(r) = r × (shifted pkm × intensities per rider) + replaced − traction: equal steps of
    // ridership give equal steps of ER, and the mode baselines scale exactly with ridership.
    let at = |weekday: f64, holiday: f64| {
        run(
            "toyama-portram",
            &[
                ("weekday_riders", &format!("{weekday} trips/d")),
                ("holiday_riders", &format!("{holiday} trips/d")),
            ],
        )
    };
    let (e1, e2, e3) = (at(2000.0, 3000.0), at(4000.0, 6000.0), at(6000.0, 9000.0));
    let er = |e: &Estimate| figure(e, "emission_reductions");
    assert!(((er(&e3) - er(&e2)) - (er(&e2) - er(&e1))).abs() < 1e-6);
    for column in ["baseline_car", "baseline_bus", "passenger_km"] {
        let (a, b) = (total(&e1, column), total(&e2, column));
        assert!((b - 2.0 * a).abs() < 1e-9 * b.abs(), "{column}: {a} {b}");
    }
    // An annual total gives the same as the split it adds up to: 2,000 × 245 + 3,000 × 120
    // = 850,000 trips.
    let annual = run("toyama-portram", &[("annual_riders", "850000 trips/yr")]);
    assert!((er(&annual) - er(&e1)).abs() < 1e-6);
}

#[test]
fn modal_shares_over_100_percent_are_refused_naming_the_field() {
    let err = estimate(
        &catalog(),
        &request("toyama-portram", &[("share_car", "70 %")]),
    )
    .unwrap_err();
    let e = &err.errors[0];
    assert_eq!(e.field.parameter_key(), Some("share_car"), "{err:?}");
    assert!(e.message.contains("more than all riders"), "{err:?}");
}

#[test]
fn a_blend_at_zero_avoids_nothing_and_at_full_the_whole_difference() {
    // The seed's fleet: 58 buses × 45,000 km × 0.4 L/km × 36 MJ/L = 37,584,000 MJ a year.
    // RED II: comparator 94 g/MJ, HVO from used cooking oil at its default saving of 83 %:
    // 15.98 g/MJ. At 0 % nothing is avoided; at 100 %: 37,584,000 × 78.02 g = 2,932.30 t.
    let energy_mj = 58.0 * 45_000.0 * 0.4 * 36.0;
    let zero = run("biofuel-blend-bus", &[("blend_share", "0 %")]);
    assert_eq!(figure(&zero, "emission_reductions"), 0.0);
    let full = run("biofuel-blend-bus", &[("blend_share", "100 %")]);
    let want = energy_mj * (94.0 - 94.0 * 0.17) / 1e6;
    assert!(
        (figure(&full, "emission_reductions") - want).abs() < 1e-6,
        "{want}"
    );
    // Even at 100 % the blend is not zero-emission: the project keeps the biofuel's life cycle.
    assert!((total(&full, "project") - energy_mj * 15.98 / 1e6).abs() < 1e-6);
    // Euglena's 51 % blend: 17.34 MJ of HVO in 34.98 MJ per litre of blend (49.57 % of the
    // energy), so 49.57 % of the whole difference.
    let b51 = run("biofuel-blend-bus", &[("blend_share", "51 %")]);
    let share = 0.51 * 34.0 / (0.51 * 34.0 + 0.49 * 36.0);
    assert!((figure(&b51, "blend_energy_share") - share * 100.0).abs() < 1e-9);
    assert!((figure(&b51, "emission_reductions") - want * share).abs() < 1e-6);
}

#[test]
fn a_full_gas_switch_without_slip_cuts_about_a_fifth_and_the_claim_needs_more() {
    // CO2e per TJ with AR5: diesel 74,100 + 3.9 × 28 + 3.9 × 265 = 75,242.7 kg; gas 56,100 +
    // 92 × 28 + 3 × 265 = 59,471 kg; k = 1 − 59,471 / 75,242.7 = 20.96 %.
    let k = 1.0 - 59_471.0 / 75_242.7;
    let e = run(
        "semarang-bus-dual-fuel",
        &[
            ("gas_share", "100 %"),
            ("methane_slip", "0 %"),
            ("energy_change", "0 %"),
        ],
    );
    assert!((figure(&e, "reduction_share") - k * 100.0).abs() < 1e-9);
    // The 40 % claim at equal energy use needs a gas share of 0.4 / k = 190.8 %: out of reach.
    assert!((figure(&e, "gas_share_needed") - 40.0 / k).abs() < 1e-9);
    assert!(
        e.warnings.iter().any(|w| w.contains("out of reach")),
        "{:?}",
        e.warnings
    );
    // Methane slip is CH4, counted through the GWP set: the same slip costs 21/28 as much
    // with the CDM lowest-of set as with AR5.
    let mut ar2 = request("semarang-bus-dual-fuel", &[]);
    ar2.options.gwp = Some(tanso::units::ghg::GwpSetId::CdmLowest);
    let (a, b) = (
        run("semarang-bus-dual-fuel", &[]),
        estimate(&catalog(), &ar2).unwrap(),
    );
    let slip = |e: &Estimate| total(e, "project_slip");
    assert!((slip(&b) / slip(&a) - 21.0 / 28.0).abs() < 1e-9);
    assert!((total(&a, "methane_slip") - total(&b, "methane_slip")).abs() < 1e-12);
}

#[test]
fn an_electric_car_year_by_hand() {
    // 8,000 km. Petrol at 15 km/L: 533.33 L × 32 MJ/L × (69,300 + 3.8 × 28 + 5.7 × 265) kg/TJ
    // = 1,210.315 kg. Electric: 8,000 × 0.15 kWh ÷ 0.9 = 1,333.33 kWh × 483.43 g/kWh (Japan
    // 2024, held for 2025) = 644.57 kg. ER = 565.74 kg.
    let e = run("saitama-ev", &[]);
    let ice = 8000.0 / 15.0 * 32.0 / 1e6 * (69_300.0 + 3.8 * 28.0 + 5.7 * 265.0) / 1e3;
    let ev = 8000.0 * 0.15 / 0.9 * 483.43 / 1e6;
    let first = figure(&e, "first_year_emission_reductions");
    assert!((first - (ice - ev)).abs() < 1e-9, "{first} vs {}", ice - ev);
    // L/100 km and km/L are one consumption: 6.666… L/100 km is 15 km/L.
    let l100 = run(
        "saitama-ev",
        &[("ice_consumption", "6.666666666666667 L/100km")],
    );
    assert!((figure(&l100, "first_year_emission_reductions") - first).abs() < 1e-9);
}

#[test]
fn transport_inputs_in_the_wrong_dimension_are_field_errors() {
    let app = spawn_app();
    let r = app.post_json(
        "/v1/estimates",
        &json!({"project": "saitama-ev", "parameters": {"ice_consumption": "15 km"}}),
    );
    assert_eq!(r.status, 422, "{}", r.text);
    let e = &r.body["errors"][0];
    assert_eq!(e["pointer"], "/parameters/ice_consumption", "{}", r.text);
    assert!(
        e["expected"]
            .as_str()
            .unwrap()
            .contains("a fuel consumption"),
        "{}",
        r.text
    );
    let r = app.post_json(
        "/v1/estimates",
        &json!({"project": "toyama-portram", "parameters": {"car_occupancy": "1.3 pkm"}}),
    );
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.body["errors"][0]["pointer"], "/parameters/car_occupancy");
    let (ok, _, err) = tanso(&[
        "estimate",
        "biofuel-blend-bus",
        "--set",
        "fossil_energy_content=36 MJ/kg",
    ]);
    assert!(!ok);
    assert!(err.contains("an energy content per volume"), "{err}");
}
