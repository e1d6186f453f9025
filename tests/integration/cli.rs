//! The `tanso` binary as a user runs it.

use std::process::Command;

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

use crate::helpers::copy_of_the_catalog;

#[test]
fn units_convert_prints_the_converted_quantity() {
    let (ok, out, _) = tanso(&["units", "convert", "2 MW", "kW"]);
    assert!(ok);
    assert_eq!(out.trim(), "2000 kW");
    let (ok, _, err) = tanso(&["units", "convert", "2 MW", "kWh"]);
    assert!(!ok);
    assert!(err.contains("cannot convert a power"), "{err}");
}

#[test]
fn units_list_shows_dimensions_and_symbols() {
    let (ok, out, _) = tanso(&["units", "list"]);
    assert!(ok);
    assert!(out.contains("mass_rate"));
    assert!(out.contains("tCO2e/MWh"));
}

#[test]
fn data_check_passes_on_the_embedded_catalog() {
    let (ok, out, err) = tanso(&["data", "check"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("ok: "), "{out}");
    // The repository's own data directory is the same catalog.
    let (ok, _, err) = tanso(&["data", "check", env!("CARGO_MANIFEST_DIR")]);
    assert!(ok, "{err}");
}

#[test]
fn data_check_reports_every_problem_with_file_and_key() {
    let dir = copy_of_the_catalog();
    let seed = dir.path().join("seeds/renca-solar.toml");
    let text = std::fs::read_to_string(&seed).unwrap();
    let text = text
        .replace(
            "tilt = { value = \"10 deg\"",
            "tilt = { value = \"100 deg\"",
        )
        .replace("latitude = \"-33.40 deg\"", "latitude = \"-33.40 MW\"");
    std::fs::write(&seed, text).unwrap();
    let model = dir.path().join("models/solar-pv.toml");
    let text = std::fs::read_to_string(&model)
        .unwrap()
        .replace("default = \"0.5 %/yr\"", "default = \"0.5 %\"");
    std::fs::write(&model, text).unwrap();

    let (ok, _, err) = tanso(&["data", "check", dir.path().to_str().unwrap()]);
    assert!(!ok);
    // The fourth: a seed that sets the degradation rate now names a parameter the broken
    // model file no longer declares.
    assert!(err.contains("4 problem(s)"), "{err}");
    assert!(
        err.contains("seeds/osaka-pv-facade.toml: parameters.degradation: is not a parameter"),
        "{err}"
    );
    assert!(
        err.contains("seeds/renca-solar.toml: parameters.tilt.value: 100 deg is out of range: expected between 0 deg and 90 deg"),
        "{err}"
    );
    assert!(
        err.contains("seeds/renca-solar.toml: location.latitude: expected an angle such as \"deg\" or \"rad\", got \"-33.40 MW\" (a power)"),
        "{err}"
    );
    assert!(
        err.contains(
            "models/solar-pv.toml: parameters.degradation.default: expected a rate per year"
        ),
        "{err}"
    );
}

#[test]
fn data_check_refuses_a_catalog_the_models_cannot_run_on() {
    // Dropping a parameter the solar model reads, adding a choice it does not know, or
    // declaring a parameter under another dimension than the model's input type is refused
    // when the data is loaded, not discovered by a failing estimate.
    let dir = copy_of_the_catalog();
    let model = dir.path().join("models/solar-pv.toml");
    let text = std::fs::read_to_string(&model)
        .unwrap()
        .replace("key = \"rating_factor\"", "key = \"rating_correction\"")
        // The degradation rate read as a ratio (a wrong dimension, not a missing value).
        .replace(
            "dimension = \"annual_rate\"\ndefault = \"0.5 %/yr\"\nmin = \"0 %/yr\"\nmax = \"5 %/yr\"\nsources = [\"jordan-kurtz-2013\"]\nuncertainty = { distribution = \"normal\", sd = \"0.2 %/yr\", lower = \"0 %/yr\",",
            "dimension = \"ratio\"\ndefault = \"0.5 %\"\nmin = \"0 %\"\nmax = \"5 %\"\nsources = [\"jordan-kurtz-2013\"]\nuncertainty = { distribution = \"normal\", sd = \"0.2 %\", lower = \"0 %\",",
        )
        .replace(
            "choices = [\"perez\", \"isotropic\", \"hay_davies\"]",
            "choices = [\"perez\", \"isotropic\", \"hay_davies\", \"reindl\"]",
        );
    std::fs::write(&model, text).unwrap();
    // The seed that overrides the two renamed and re-dimensioned parameters would be refused
    // first, on its own keys; this test is about the model file against the code.
    std::fs::remove_file(dir.path().join("seeds/osaka-pv-facade.toml")).unwrap();
    let (ok, _, err) = tanso(&["data", "check", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("models/solar-pv.toml: parameters.rating_factor: is missing"),
        "{err}"
    );
    assert!(err.contains("choice \"reindl\" is not understood"), "{err}");
    // A parameter declared under one dimension and read under another is refused at load.
    assert!(
        err.contains(
            "parameters.degradation: is declared as ratio but the solar-pv model reads it as annual_rate"
        ),
        "{err}"
    );
    // A seed's scenario default is read as a request would read it.
    let dir = copy_of_the_catalog();
    let seed = dir.path().join("seeds/renca-solar.toml");
    let text = std::fs::read_to_string(&seed)
        .unwrap()
        .replace("gwp = { value = \"ar5\"", "gwp = { value = \"ar7\"");
    std::fs::write(&seed, text).unwrap();
    let (ok, _, err) = tanso(&["data", "check", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("seeds/renca-solar.toml: scenario.gwp"),
        "{err}"
    );
}

#[test]
fn models_lists_every_model_with_a_hint() {
    let (ok, out, err) = tanso(&["models"]);
    assert!(ok, "{err}");
    assert!(out.contains("  composting "), "{out}");
    assert!(out.contains("  solar-pv "), "{out}");
    assert!(out.contains("25 parameters"), "{out}");
    assert!(out.contains("tanso models ID"), "{out}");
}

#[test]
fn models_id_describes_parameters_for_a_person() {
    let (ok, out, err) = tanso(&["models", "solar-pv"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("solar-pv: "), "{out}");
    assert!(out.contains("capacity — DC nameplate capacity"), "{out}");
    assert!(out.contains("  default      1 MW\n"), "{out}");
    assert!(out.contains("normal, sd 5 % of the value"), "{out}");
    assert!(out.contains("\nSources\n  dobos-2014: "), "{out}");
    assert!(!out.contains('{'), "no JSON: {out}");
}

#[test]
fn projects_lists_and_describes_documented_projects() {
    let (ok, out, err) = tanso(&["projects"]);
    assert!(ok, "{err}");
    assert!(out.contains("Model solar-pv: "), "{out}");
    assert!(out.contains("  renca-solar  "), "{out}");
    assert!(out.contains("33.4° S, 70.73° W"), "{out}");

    let (ok, out, err) = tanso(&["projects", "renca-solar"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("renca-solar: "), "{out}");
    assert!(out.contains("\nFacts stated by the sources\n"), "{out}");
    assert!(out.contains("\nScenario defaults\n"), "{out}");
    assert!(out.contains("  grid factor  cl-sen-ember-average"), "{out}");
    assert!(out.contains("\nSources\n"), "{out}");

    // --data reads the same catalog from a directory.
    let (ok, out_dir, err) = tanso(&[
        "projects",
        "renca-solar",
        "--data",
        env!("CARGO_MANIFEST_DIR"),
    ]);
    assert!(ok, "{err}");
    assert_eq!(out, out_dir);
}

#[test]
fn an_unknown_id_is_an_error_listing_the_known_ones() {
    let (ok, out, err) = tanso(&["models", "wind"]);
    assert!(!ok);
    assert!(out.is_empty(), "{out}");
    // Every registered model is listed, in order (more may be added).
    assert!(
        err.contains("unknown model \"wind\"; known models: "),
        "{err}"
    );
    assert!(
        err.contains("composting, ") && err.contains("solar-pv"),
        "{err}"
    );
    for id in tanso::models::registry::ids() {
        assert!(err.contains(id), "{id} missing from: {err}");
    }
    let (ok, _, err) = tanso(&["projects", "atlantis"]);
    assert!(!ok);
    assert!(err.contains("known projects: "), "{err}");
    for seed in tanso::catalog::Catalog::embedded().unwrap().seeds {
        assert!(err.contains(&seed.id), "{} missing from: {err}", seed.id);
    }
}

#[test]
fn estimate_takes_every_grid_factor_form() {
    for factor in [
        "2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh",
        "om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %",
    ] {
        let (ok, _, err) = tanso(&["estimate", "renca-solar", "--grid-factor", factor]);
        assert!(ok, "--grid-factor \"{factor}\": {err}");
    }
    let (ok, _, err) = tanso(&[
        "estimate",
        "renca-solar",
        "--grid-factor",
        "2024=0,26 t/MWh",
    ]);
    assert!(!ok);
    assert!(err.contains("decimal comma"), "{err}");
}
