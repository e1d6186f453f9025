//! Saving and evaluating scenarios, the same for the HTTP service and the command line.
//!
//! Dataset versions: a scenario is saved under the version of the catalog in use. It can be
//! evaluated under that version while the process still holds that catalog: the one it uses
//! ("current"), or the one embedded in the binary when it uses another (`--data DIR`). A
//! binary embeds exactly one catalog, so after a release that changes the data, older
//! versions are gone: the scenario is evaluated under the current version, and the result
//! says so loudly ([`dataset_notice`]).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{NewScenario, Record, Saved, Store, StoreError, Token};
use crate::catalog::Catalog;
use crate::scenario::{self, Estimate, ScenarioError, ScenarioRequest};

/// Why a save or an evaluation failed.
#[derive(Debug)]
pub enum Failure {
    /// The scenario cannot be evaluated (under the catalog used).
    Scenario(ScenarioError),
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

/// Checks `req` against `catalog` (the current one) and saves it under its dataset version.
/// The token is returned only when this call created the record.
pub fn save_checked(
    store: &dyn Store,
    catalog: &Catalog,
    req: &ScenarioRequest,
) -> Result<(Saved, Option<Token>), Failure> {
    scenario::check(catalog, req).map_err(Failure::Scenario)?;
    let (new, token) = NewScenario::prepare(req, &catalog.version)?;
    let saved = store.save(&new)?;
    let token = matches!(saved, Saved::Created(_)).then_some(token);
    Ok((saved, token))
}

/// Which dataset version to evaluate a saved scenario under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DatasetChoice {
    /// The version it was saved under, while it is still held; otherwise the current one,
    /// with a notice.
    #[default]
    Saved,
    /// The current version.
    Current,
}

/// Dataset versions involved in evaluating a saved scenario.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DatasetUse {
    /// The version the scenario was saved under.
    pub saved: String,
    /// The version used now for new estimates.
    pub current: String,
    /// The version this estimate was computed under (also `estimate.dataset_version`).
    pub used: String,
    /// The versions that can be evaluated under: the current one, and the embedded catalog's
    /// when another is in use (`--data`).
    pub available: Vec<String>,
}

/// The estimate of a saved scenario.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScenarioEstimate {
    /// The saved scenario's id.
    pub id: String,
    pub dataset: DatasetUse,
    /// Present when the version used is not both the saved and the current one: what
    /// differs, in words. Also the first of `estimate.warnings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub estimate: Estimate,
}

/// Evaluates a saved scenario. `catalogs` are those held, the current one first; `cancelled`
/// is asked between Monte Carlo draws.
pub fn evaluate(
    record: &Record,
    catalogs: &[&Catalog],
    choice: DatasetChoice,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<ScenarioEstimate, Failure> {
    let current = catalogs
        .first()
        .expect("at least the current catalog is held");
    let req = record.scenario()?;
    let catalog = match choice {
        DatasetChoice::Saved => catalogs
            .iter()
            .find(|c| c.version == record.dataset_version)
            .unwrap_or(current),
        DatasetChoice::Current => current,
    };
    let mut estimate =
        scenario::estimate_until(catalog, &req, cancelled).map_err(Failure::Scenario)?;
    let dataset = DatasetUse {
        saved: record.dataset_version.clone(),
        current: current.version.clone(),
        used: catalog.version.clone(),
        available: catalogs.iter().map(|c| c.version.clone()).collect(),
    };
    let notice = dataset_notice(&dataset, choice, &record.created_at());
    if let Some(n) = &notice {
        estimate.warnings.insert(0, n.clone());
    }
    Ok(ScenarioEstimate {
        id: record.id.to_string(),
        dataset,
        notice,
        estimate,
    })
}

/// What a reader must know about the dataset versions, or `None` when the saved, current
/// and used versions are one.
pub fn dataset_notice(d: &DatasetUse, choice: DatasetChoice, created_at: &str) -> Option<String> {
    if d.saved == d.current && d.used == d.current {
        return None;
    }
    Some(if d.used == d.saved {
        format!(
            "DATASET VERSION DIFFERS: evaluated under {}, the dataset version this scenario was saved under on {created_at}; the current version is {}, under which the figures may differ (ask for the current dataset to see them)",
            d.saved, d.current
        )
    } else if choice == DatasetChoice::Current && d.available.contains(&d.saved) {
        format!(
            "DATASET VERSION DIFFERS: evaluated under the current dataset version {}, not {}, the one this scenario was saved under on {created_at} (still available: ask for the saved dataset)",
            d.used, d.saved
        )
    } else {
        format!(
            "DATASET VERSION DIFFERS: this scenario was saved on {created_at} under dataset version {}, which is no longer available here; evaluated under the current version {}, so the figures may differ from those computed when it was saved",
            d.saved, d.used
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_of(saved: &str, current: &str, used: &str, available: &[&str]) -> DatasetUse {
        DatasetUse {
            saved: saved.into(),
            current: current.into(),
            used: used.into(),
            available: available.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn notices_say_which_version_was_used_and_why() {
        let when = "2026-03-01T09:30:00.000Z";
        let saved = DatasetChoice::Saved;
        assert_eq!(
            dataset_notice(&use_of("a", "a", "a", &["a"]), saved, when),
            None
        );
        let n = dataset_notice(&use_of("a", "b", "a", &["b", "a"]), saved, when).unwrap();
        assert!(
            n.contains("evaluated under a, the dataset version this scenario was saved under"),
            "{n}"
        );
        let n = dataset_notice(
            &use_of("a", "b", "b", &["b", "a"]),
            DatasetChoice::Current,
            when,
        )
        .unwrap();
        assert!(n.contains("still available"), "{n}");
        let n = dataset_notice(&use_of("a", "b", "b", &["b"]), saved, when).unwrap();
        assert!(n.contains("no longer available"), "{n}");
        assert!(n.starts_with("DATASET VERSION DIFFERS"), "{n}");
    }
}
