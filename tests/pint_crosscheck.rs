//! The units playground's evaluator against Pint, an independent unit library.
//!
//! `tests/data/pint_reference.json` is written by `tools/pint_crosscheck/crosscheck.py` from
//! the cases of `tests/data/units_eval_cases.json` (see the tool's README); the same
//! expressions evaluated by tanso must agree to 1e-12 relative.

use serde_json::Value;
use tanso::catalog::Catalog;
use tanso::units::eval::evaluate;

#[test]
fn the_evaluator_agrees_with_pint() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pint_reference.json"
    );
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 15, "{} cases", cases.len());
    let catalog = Catalog::embedded().unwrap();
    let sets: Vec<_> = catalog.gwp_sets.iter().map(|g| g.set()).collect();
    for case in cases {
        let expression = case["tanso"].as_str().unwrap();
        let to = case["to"].as_str().unwrap();
        let pint = case["value"].as_f64().unwrap();
        let ours =
            evaluate(expression, Some(to), &sets).unwrap_or_else(|e| panic!("{expression}: {e}"));
        assert_eq!(ours.unit, to, "{expression}");
        assert!(
            (ours.value - pint).abs() <= 1e-12 * pint.abs().max(1e-300),
            "{expression} in {to}: tanso {}, Pint {pint}",
            ours.value
        );
    }
}
