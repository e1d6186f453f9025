//! Every documented range works or is refused at the parameter: each quantity parameter of
//! every model, set to the minimum and to the maximum its catalog entry documents (and each
//! choice to every choice), on every documented project of that model. An estimate must
//! come back, or a problem that names that parameter (or a value the new one makes
//! necessary), never a failure somewhere else. New models are covered by adding them to the
//! catalog.

use std::collections::BTreeMap;

use tanso::catalog::{Catalog, ParamKind};
use tanso::scenario::request::{ProjectRef, ScenarioOptions};
use tanso::scenario::{ErrorCode, ScenarioRequest, estimate};
use tanso::units::QuantityInput;

#[test]
fn documented_ranges_work_or_are_refused_at_the_parameter() {
    let catalog = Catalog::embedded().expect("embedded catalog loads");
    let mut tried = 0;
    let mut failures = Vec::new();
    for seed in &catalog.seeds {
        let model = catalog.model(&seed.model).expect("seed models exist");
        for p in &model.parameters {
            let values: Vec<String> = match &p.kind {
                ParamKind::Quantity { .. } => [&p.min, &p.max]
                    .into_iter()
                    .flatten()
                    .map(|v| v.to_string())
                    .collect(),
                ParamKind::Choice { choices } => choices.clone(),
                _ => Vec::new(),
            };
            for value in values {
                tried += 1;
                let req = ScenarioRequest {
                    project: ProjectRef::Id(seed.id.clone()),
                    parameters: BTreeMap::from([(
                        p.key.clone(),
                        QuantityInput::Text(value.clone()),
                    )]),
                    options: ScenarioOptions::default(),
                };
                let at = format!("{} {} = {value}", seed.id, p.key);
                match estimate(&catalog, &req) {
                    Ok(e) => {
                        // What comes back is physical (the post-conditions ran) and says so.
                        assert!(!e.outcome.headline.is_empty(), "{at}");
                    }
                    Err(e) => {
                        let named = e
                            .errors
                            .iter()
                            .any(|f| f.field.parameter_key() == Some(p.key.as_str()));
                        // A value may make another input necessary (a date for a changed
                        // counterfactual, PET for a cold climate): that input is named.
                        let needs_another = e.code == ErrorCode::MissingValue;
                        let complete = e
                            .errors
                            .iter()
                            .all(|f| f.expected.is_some() && f.received.is_some());
                        if !(named || needs_another) || !complete {
                            failures.push(format!("{at}: {} {:?}", e.code.as_str(), e));
                        }
                    }
                }
            }
        }
    }
    assert!(tried > 100, "only {tried} values tried");
    assert!(
        failures.is_empty(),
        "{} of {tried} documented values fail elsewhere:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
