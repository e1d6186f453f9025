//! The waste and biomass models through the library, the CLI and the API: one TOOL04 kernel
//! shared by composting, anaerobic digestion and waste-to-energy; carbon balances that close
//! in every crediting year; refusals that name the parameters; the Bac Ninh cross-check.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::json;
use tanso::catalog::Catalog;
use tanso::models::landfill::inputs::degradable_components;
use tanso::models::landfill::{
    BaselineSchedule, Counterfactual, DecayProperties, DisposalSite, FodParameters, FodYear,
    WasteType, accumulate_fod,
};
use tanso::models::plugin::Inputs;
use tanso::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions};
use tanso::scenario::{Estimate, ScenarioRequest, estimate, resolve};
use tanso::units::{Mass, QuantityInput, Ratio};
use uom::si::mass::ton;

use crate::helpers::{assert_problem, spawn_app};

const WASTE_SEEDS: [&str; 3] = [
    "hcmc-binh-dien-biogas",
    "bac-ninh-wte",
    "jikantechno-rice-residue",
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

fn figure(e: &Estimate, key: &str) -> f64 {
    e.outcome
        .figure(key)
        .unwrap_or_else(|| panic!("no figure {key}"))
        .value
}

fn cell(e: &Estimate, row: usize, column: &str) -> f64 {
    e.outcome.crediting.rows[row].values[column].value
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-9)
}

/// The landfill methane of a stream computed directly with the shared kernel, year by year.
fn kernel(
    waste_per_year: Mass,
    years: usize,
    parts: &[(WasteType, Ratio, Option<DecayProperties>)],
    fod: FodParameters,
    site: DisposalSite,
) -> Vec<f64> {
    // The shares as given are the parts' (the test lumps as the model does).
    let shares: Vec<(&str, Ratio)> = parts.iter().map(|(_, s, _)| ("share", *s)).collect();
    let components = degradable_components(parts, &shares).unwrap();
    let mut out = vec![FodYear::zero(); years];
    accumulate_fod(
        &vec![waste_per_year; years],
        &components,
        &fod,
        &BaselineSchedule::constant(Counterfactual::Disposal(site)),
        &mut out,
    );
    out.iter().map(|y| y.emitted.mass().get::<ton>()).collect()
}

#[test]
fn the_tool04_kernel_is_one_function_shared_by_composting_digestion_and_wte() {
    // Each model's baseline methane column equals the shared kernel run here on the model's
    // own resolved inputs (to 1e-9): the three models do not carry copies of TOOL04.
    let c = catalog();
    let p = |doc, k| Some(DecayProperties { doc, k });

    let req = request("badung-compost", &[]);
    let r = resolve::resolve(&c, &req).unwrap();
    let i = tanso::models::compost::CompostInputs::read(&r.slots).unwrap();
    let w =
        tanso::models::compost::waste_treated_per_year(i.capacity, i.utilisation, i.operating_days);
    let parts = [
        (WasteType::Food, i.share_food, p(i.doc_food, i.k_food)),
        (
            WasteType::Garden,
            i.share_garden,
            p(i.doc_garden, i.k_garden),
        ),
        (WasteType::Paper, i.share_paper, p(i.doc_paper, i.k_paper)),
        (WasteType::Wood, i.share_wood, p(i.doc_wood, i.k_wood)),
        (
            WasteType::Textiles,
            i.share_textiles,
            p(i.doc_textiles, i.k_paper),
        ),
        (WasteType::Inert, i.share_inert, None),
    ];
    let fod = FodParameters {
        phi: i.phi,
        doc_f: i.doc_f,
        methane_fraction: i.methane_fraction,
        time_step: i.fod_time_step,
    };
    let site = DisposalSite {
        mcf: i.mcf,
        oxidation: i.oxidation,
        captured: i.gas_captured,
    };
    let e = estimate(&c, &request("badung-compost", &[])).unwrap();
    let direct = kernel(w, e.outcome.crediting.rows.len(), &parts, fod, site);
    for (y, v) in direct.iter().enumerate() {
        assert!(
            close(cell(&e, y, "baseline_ch4"), *v, 1e-9),
            "composting year {y}"
        );
    }

    let req = request("hcmc-binh-dien-biogas", &[]);
    let r = resolve::resolve(&c, &req).unwrap();
    let i = tanso::models::biogas::DigestionInputs::read(&r.slots).unwrap();
    let w =
        tanso::models::compost::waste_treated_per_year(i.capacity, i.utilisation, i.operating_days);
    let parts = [
        (WasteType::Food, i.share_food, p(i.doc_food, i.k_food)),
        (
            WasteType::Garden,
            i.share_garden,
            p(i.doc_garden, i.k_garden),
        ),
        (WasteType::Paper, i.share_paper, p(i.doc_paper, i.k_paper)),
        (WasteType::Wood, i.share_wood, p(i.doc_wood, i.k_wood)),
        (WasteType::Inert, i.share_inert, None),
    ];
    let fod = FodParameters {
        phi: i.phi,
        doc_f: i.doc_f,
        methane_fraction: i.methane_fraction,
        time_step: i.fod_time_step,
    };
    let site = DisposalSite {
        mcf: i.mcf,
        oxidation: i.oxidation,
        captured: i.gas_captured,
    };
    let e = estimate(&c, &request("hcmc-binh-dien-biogas", &[])).unwrap();
    let direct = kernel(w, e.outcome.crediting.rows.len(), &parts, fod, site);
    for (y, v) in direct.iter().enumerate() {
        assert!(
            close(cell(&e, y, "baseline_ch4"), *v, 1e-9),
            "digestion year {y}"
        );
    }

    let req = request("bac-ninh-wte", &[]);
    let r = resolve::resolve(&c, &req).unwrap();
    let i = tanso::models::incineration::WteInputs::read(&r.slots).unwrap();
    let w =
        tanso::models::compost::waste_treated_per_year(i.capacity, i.utilisation, i.operating_days);
    let inert =
        i.share_rubber_leather + i.share_plastics + i.share_glass_metal + i.share_other_inert;
    let parts = [
        (WasteType::Food, i.share_food, p(i.doc_food, i.k_food)),
        (
            WasteType::Garden,
            i.share_garden,
            p(i.doc_garden, i.k_garden),
        ),
        (WasteType::Paper, i.share_paper, p(i.doc_paper, i.k_paper)),
        (WasteType::Wood, i.share_wood, p(i.doc_wood, i.k_wood)),
        (
            WasteType::Textiles,
            i.share_textiles,
            p(i.doc_textiles, i.k_paper),
        ),
        (WasteType::Inert, inert, None),
    ];
    let fod = FodParameters {
        phi: i.phi,
        doc_f: i.doc_f,
        methane_fraction: i.methane_fraction,
        time_step: i.fod_time_step,
    };
    let site = DisposalSite {
        mcf: i.mcf,
        oxidation: i.oxidation,
        captured: i.gas_captured,
    };
    let e = estimate(&c, &request("bac-ninh-wte", &[])).unwrap();
    let direct = kernel(w, e.outcome.crediting.rows.len(), &parts, fod, site);
    for (y, v) in direct.iter().enumerate() {
        assert!(
            close(cell(&e, y, "baseline_ch4"), *v, 1e-9),
            "waste-to-energy year {y}"
        );
    }
}

#[test]
fn every_waste_model_balances_its_carbon_in_every_year() {
    let c = catalog();
    let e = estimate(&c, &request("hcmc-binh-dien-biogas", &[])).unwrap();
    for y in 0..e.outcome.crediting.rows.len() {
        let cin = cell(&e, y, "carbon_in");
        let out = cell(&e, y, "carbon_biogas") + cell(&e, y, "carbon_digestate");
        assert!(
            close(out, cin, 1e-9) && cell(&e, y, "carbon_digestate") >= 0.0,
            "{y}"
        );
    }
    let e = estimate(
        &c,
        &request("bac-ninh-wte", &[("combustion_oxidation", "98 %")]),
    )
    .unwrap();
    for y in 0..e.outcome.crediting.rows.len() {
        let cin = cell(&e, y, "carbon_in");
        let out = cell(&e, y, "carbon_to_air") + cell(&e, y, "carbon_in_ash");
        assert!(close(out, cin, 1e-9), "{y}");
        assert!(close(cell(&e, y, "carbon_in_ash"), 0.02 * cin, 1e-9));
        assert!(cell(&e, y, "carbon_fossil") < cin);
    }
    let e = estimate(&c, &request("jikantechno-rice-residue", &[])).unwrap();
    // 10,000 t × 85 % × 40 % C = 3,400 t C; the fire would release 4,420 t DM × 40 % = 1,768 t.
    assert!(close(cell(&e, 0, "carbon_in"), 3400.0, 1e-9));
    assert!(close(cell(&e, 0, "carbon_burning_avoided"), 1768.0, 1e-9));
}

#[test]
fn impossible_carbon_or_energy_flows_are_refused_naming_the_parameters() {
    // 400 Nm³ of biogas per tonne would carry 214 kg of carbon; the food waste holds 150 kg.
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "hcmc-binh-dien-biogas", "parameters": {"biogas_yield": "400 Nm³/t"}}),
    );
    let b = assert_problem(&r, 422, "model_error");
    let pointers: Vec<&str> = b["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/parameters/biogas_yield"), "{b}");
    assert!(pointers.contains(&"/parameters/doc_food"), "{b}");
    assert!(
        b["detail"]
            .as_str()
            .unwrap()
            .contains("more carbon out than in"),
        "{b}"
    );
    // 1,500 kWh exported per tonne of waste holding 5 MJ/kg (1,389 kWh/t): more energy out
    // than in.
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "bac-ninh-wte",
                "parameters": {"electricity_exported": "1500 kWh/t", "waste_ncv": "5 MJ/kg"}}),
    );
    let b = assert_problem(&r, 422, "model_error");
    let text = b.to_string();
    assert!(text.contains("/parameters/electricity_exported"), "{b}");
    assert!(text.contains("/parameters/waste_ncv"), "{b}");
    // Nine waste shares adding up to 113 % (plastics at 100 %): all nine named, each with
    // what it was given, not the lumped inert share the landfill view builds from them.
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "bac-ninh-wte", "parameters": {"share_plastics": "100 %"}}),
    );
    let b = assert_problem(&r, 422, "invalid_value");
    let errors = b["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 9, "{b}");
    assert!(
        errors
            .iter()
            .any(|e| e["pointer"] == "/parameters/share_other_inert"),
        "{b}"
    );
    assert!(!b.to_string().contains("waste.composition.inert"), "{b}");
    // Heat and engine shares above 100 % of the biogas.
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "hcmc-binh-dien-biogas",
                "parameters": {"biogas_to_heat": "80 %", "biogas_to_engine": "40 %"}}),
    );
    let b = assert_problem(&r, 422, "model_error");
    assert!(
        b.to_string().contains("/parameters/biogas_to_engine"),
        "{b}"
    );
}

#[test]
fn bac_ninh_reaches_the_jcm_figure_within_its_documented_assumptions() {
    // The JCM selection (MOEJ, June 2021) expects 41,805 tCO2/yr. With the seed's central
    // assumptions the 15-year average is higher; the seed's MCF range (0.4-1.0) reaches the
    // figure at its low end: a shallow unmanaged dump (MCF 0.4), every other input as
    // documented, gives an average within 5 % of it. The landfill methane carries the gap.
    let c = catalog();
    let central = figure(
        &estimate(&c, &request("bac-ninh-wte", &[])).unwrap(),
        "annual_average_reductions",
    );
    let shallow = figure(
        &estimate(
            &c,
            &request("bac-ninh-wte", &[("disposal_site", "unmanaged_shallow")]),
        )
        .unwrap(),
        "annual_average_reductions",
    );
    eprintln!("Bac Ninh average reductions: central {central:.0}, MCF 0.4 {shallow:.0} tCO2/yr");
    assert!(central > 41_805.0);
    assert!(close(shallow, 41_805.0, 0.05), "{shallow}");
    // The exported electricity is the published 91,872 MWh a year (556.8 kWh/t × 165,000 t).
    let e = estimate(&c, &request("bac-ninh-wte", &[])).unwrap();
    assert!(close(cell(&e, 0, "electricity_exported"), 91_872.0, 1e-9));
}

#[test]
fn residue_products_earn_credit_only_from_a_cited_lca_and_the_ch4_factor_is_a_choice() {
    let c = catalog();
    let base = estimate(&c, &request("jikantechno-rice-residue", &[])).unwrap();
    assert!(
        base.warnings
            .iter()
            .any(|w| w.contains("no credit is given for the products")),
        "{:?}",
        base.warnings
    );
    assert_eq!(
        base.outcome.crediting.totals["baseline_products"].value,
        0.0
    );
    let lca = estimate(
        &c,
        &request(
            "jikantechno-rice-residue",
            &[("product_credit", "0.1 tCO2e/t")],
        ),
    )
    .unwrap();
    // 10,000 t/yr × 10 yr × 0.1 t/t = 10,000 t.
    assert!(close(
        lca.outcome.crediting.totals["baseline_products"].value,
        10_000.0,
        1e-9
    ));
    assert!(
        !lca.warnings
            .iter()
            .any(|w| w.contains("no credit is given for the products"))
    );
    // Both published CH4 factors are kept: GFED4's 5.82 g/kg against IPCC's 2.7 g/kg.
    let gfed = estimate(
        &c,
        &request(
            "jikantechno-rice-residue",
            &[("burning_factors", "gfed4_2017")],
        ),
    )
    .unwrap();
    let ratio = gfed.outcome.crediting.totals["baseline_ch4"].value
        / base.outcome.crediting.totals["baseline_ch4"].value;
    assert!(close(ratio, 5.82 / 2.7, 1e-9), "{ratio}");
    // The biogenic CO2 is reported, not counted: it is far larger than the baseline.
    assert!(figure(&base, "biogenic_co2") > figure(&base, "baseline_emissions") * 10.0);
}

#[test]
fn biogas_replaces_fuel_as_vn_am004_counts_it_and_uses_each_years_grid_factor() {
    let c = catalog();
    let e = estimate(&c, &request("hcmc-binh-dien-biogas", &[])).unwrap();
    // Fuel replaced = biogas energy supplied to heat equipment × 0.22716 t/MWh (LPG).
    for y in 0..e.outcome.crediting.rows.len() {
        assert!(close(
            cell(&e, y, "baseline_fuel"),
            cell(&e, y, "heat_supplied") * 0.22716,
            1e-9
        ));
    }
    // An engine instead: its electricity displaces the grid at each year's factor.
    let mut req = request(
        "hcmc-binh-dien-biogas",
        &[("biogas_to_heat", "0 %"), ("biogas_to_engine", "90 %")],
    );
    req.options.grid_factor = Some(tanso::scenario::request::GridFactorInput::Trajectory(vec![
        tanso::scenario::request::TrajectoryPoint {
            year: 2025,
            value: "0.6 tCO2e/MWh".into(),
        },
        tanso::scenario::request::TrajectoryPoint {
            year: 2034,
            value: "0.3 tCO2e/MWh".into(),
        },
    ]));
    let e = estimate(&c, &req).unwrap();
    let (first, last) = (cell(&e, 0, "baseline_grid"), cell(&e, 9, "baseline_grid"));
    assert!(close(
        first,
        cell(&e, 0, "electricity_generated") * 0.6,
        1e-9
    ));
    assert!(close(last / first, 0.5, 1e-9), "{first} {last}");
}

#[test]
fn every_waste_seed_estimates_through_the_cli_the_api_a_batch_and_a_monte_carlo() {
    for id in WASTE_SEEDS {
        let out = Command::new(env!("CARGO_BIN_EXE_tanso"))
            .args(["estimate", id, "--draws", "200", "--seed", "3"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("Emission reductions over the crediting period"),
            "{text}"
        );
        assert!(text.contains("Uncertainty (200 draws, seed 3)"), "{text}");
        assert!(!text.contains('{'), "no JSON in text output: {text}");

        let r = spawn_app().post_json("/v1/estimates", &json!({"project": id}));
        assert_eq!(r.status, 200, "{id}: {}", r.text);
        assert!(r.body["outcome"]["headline"].is_array());
    }
    let scenarios: Vec<_> = WASTE_SEEDS
        .iter()
        .map(|id| json!({"project": id}))
        .collect();
    let r = spawn_app().post_json("/v1/estimates/batch", &json!({ "scenarios": scenarios }));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["succeeded"], 3, "{}", r.text);

    // The library's Monte Carlo keeps the deterministic value alongside its percentiles.
    let c = catalog();
    for id in WASTE_SEEDS {
        let mut req = request(id, &[]);
        req.options.uncertainty = Some(UncertaintyOptions {
            draws: 200,
            seed: 5,
            threads: 1,
            ..Default::default()
        });
        let u = estimate(&c, &req).unwrap().uncertainty.unwrap();
        assert!(!u.parameters.is_empty(), "{id}");
        let er = u
            .outputs
            .iter()
            .find(|o| o.key == "emission_reductions")
            .unwrap();
        assert!(er.p5 <= er.p50 && er.p50 <= er.p95, "{id}");
    }
}
