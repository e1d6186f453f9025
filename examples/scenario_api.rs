//! The library API on a what-if scenario: Renca at 3 MW with a grid that falls from Chile's
//! 2024 average (0.26 tCO2e/MWh) to 0.15 tCO2e/MWh in 2030, evaluated by
//! `tanso::scenario::estimate` exactly as `POST /v1/estimates` and `tanso estimate` do.
//! `cargo run --example scenario_api`; `tests/examples.rs` checks it against the CLI.

use tanso::catalog::Catalog;
use tanso::scenario::request::{GridFactorInput, ProjectRef, ScenarioOptions, TrajectoryPoint};
use tanso::scenario::{ScenarioRequest, estimate};
use tanso::units::QuantityInput;

/// The request: the documented project with two changes.
pub fn request() -> ScenarioRequest {
    ScenarioRequest {
        project: ProjectRef::Id("renca-solar".into()),
        parameters: [("capacity".to_string(), QuantityInput::from("3 MW"))].into(),
        options: ScenarioOptions {
            grid_factor: Some(GridFactorInput::Trajectory(vec![
                TrajectoryPoint {
                    year: 2024,
                    value: QuantityInput::from("0.26 tCO2e/MWh"),
                },
                TrajectoryPoint {
                    year: 2030,
                    value: QuantityInput::from("0.15 tCO2e/MWh"),
                },
            ])),
            ..Default::default()
        },
    }
}

/// The headline figures, as printed.
pub fn report() -> String {
    let catalog = Catalog::embedded().expect("the embedded catalog loads");
    let est = estimate(&catalog, &request()).expect("the scenario is valid");
    let mut out = format!("{} (dataset {})\n", est.project.name, est.dataset_version);
    for figure in &est.outcome.headline {
        out.push_str(&format!("{}: {}\n", figure.label, figure.value.readable(6)));
    }
    out
}

fn main() {
    print!("{}", report());
}
