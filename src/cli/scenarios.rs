//! `tanso scenarios save|show|estimate|delete`: saved scenarios from the command line.
//!
//! These commands open the scenario store directly, with the same `--database` (or
//! `TANSO_DATABASE_URL`, or the default SQLite file) as `tanso serve`, as `tanso estimate`
//! computes without a server: they work with the service stopped, what they save is what the
//! service serves and the other way round (SQLite's locks make a shared file safe while `tanso
//! serve` runs; PostgreSQL is shared anyway), and the binary needs no HTTP client. Someone
//! using a remote service uses its HTTP API, whose paths every command prints.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};

use super::{Format, Overrides, StoreArgs, load_catalog, render};
use crate::api::routes::scenarios::{SaveReceipt, SavedScenario, estimate_path, scenario_path};
use crate::catalog::Catalog;
use crate::scenario::ScenarioRequest;
use crate::scenario::request::ProjectRef;
use crate::store::saved::{self, DatasetChoice, Failure, ScenarioEstimate};
use crate::store::{Deleted, Record, ScenarioId, Store, Token};

#[derive(Debug, Subcommand)]
pub enum ScenariosCommand {
    /// Save a scenario: `tanso scenarios save renca-solar --set capacity="3 MW"`, or a whole
    /// scenario as JSON with --json. Prints its id and, once, the token that deletes it.
    Save(Box<SaveArgs>),
    /// Show a saved scenario: what it sets, when and under which dataset version it was saved.
    Show(ShowArgs),
    /// Evaluate a saved scenario, under the dataset version it was saved under while it is
    /// still available (see --dataset).
    Estimate(EstimateSavedArgs),
    /// Delete a saved scenario, with the token given when it was saved.
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// The project id (renca-solar, badung-compost ...); omit it with --json.
    #[arg(required_unless_present = "json")]
    project: Option<String>,
    #[command(flatten)]
    overrides: Overrides,
    /// A whole scenario as JSON, the body of `POST /v1/estimates` ("-" reads standard input);
    /// instead of a project and flags.
    #[arg(long, value_name = "FILE", conflicts_with = "project")]
    json: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog.
    #[arg(long)]
    data: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The saved scenario's id (sc-…).
    id: String,
    /// Output format (json: the body of `GET /v1/scenarios/{id}`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog.
    #[arg(long)]
    data: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct EstimateSavedArgs {
    /// The saved scenario's id (sc-…).
    id: String,
    /// saved: under the dataset version it was saved under while it is available (the
    /// embedded catalog, or the --data one), else the current one with a notice; current: the
    /// current one.
    #[arg(long, value_enum, default_value_t = DatasetChoice::Saved)]
    dataset: DatasetChoice,
    /// Output format (json: the body of `GET /v1/scenarios/{id}/estimate`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog.
    #[arg(long)]
    data: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The saved scenario's id (sc-…).
    id: String,
    /// The token printed when it was saved.
    #[arg(long)]
    token: String,
    #[command(flatten)]
    store: StoreArgs,
}

/// Runs a `tanso scenarios` command.
pub fn run(command: ScenariosCommand) -> ExitCode {
    let result = match command {
        ScenariosCommand::Save(a) => save(*a),
        ScenariosCommand::Show(a) => show(a),
        ScenariosCommand::Estimate(a) => estimate(a),
        ScenariosCommand::Delete(a) => delete(a),
    };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Scenario and store failures come with their own `error (code):` line.
            if e.starts_with("error") {
                eprint!("{e}");
            } else {
                eprint!("error: {e}");
            }
            if !e.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

fn open(store: &StoreArgs) -> Result<Arc<dyn Store>, String> {
    store.open().map_err(|e| e.to_string())
}

/// The current catalog, then the embedded one when `data` replaces it.
fn catalogs(data: Option<&std::path::Path>) -> Result<Vec<Catalog>, String> {
    let current = load_catalog(data).map_err(|e| e.to_string())?;
    let mut all = vec![current];
    if data.is_some()
        && let Ok(embedded) = load_catalog(None)
        && embedded.version != all[0].version
    {
        all.push(embedded);
    }
    Ok(all)
}

fn save(a: SaveArgs) -> Result<String, String> {
    let request = match &a.json {
        Some(path) => {
            if a.overrides != Overrides::default() {
                return Err(
                    "--json takes the whole scenario; give its values in the file, not as flags"
                        .into(),
                );
            }
            read_json(path)?
        }
        None => {
            let project = a.project.clone().unwrap_or_default();
            super::estimate_request(&project, &a.overrides)?
        }
    };
    let limits = crate::api::Limits::default();
    limits
        .check_scenario(&request)
        .map_err(|e| super::scenario_error_text(&e))?;
    let catalog = load_catalog(a.data.as_deref()).map_err(|e| e.to_string())?;
    let store = open(&a.store)?;
    let (saved, token) =
        saved::save_checked(store.as_ref(), &catalog, &request).map_err(|e| failure_text(&e))?;
    let receipt = SaveReceipt::of(&saved, token.as_ref());
    Ok(match a.format {
        Format::Json => json(&receipt),
        Format::Text => save_text(&receipt, store.location()),
    })
}

fn read_json(path: &std::path::Path) -> Result<ScenarioRequest, String> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("standard input: {e}"))?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("--json {}: {e}", path.display()))?
    };
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "--json {}: not a scenario (the body of POST /v1/estimates): {e}",
            path.display()
        )
    })
}

fn load(store: &dyn Store, id: &str) -> Result<Record, String> {
    let key = ScenarioId::parse(id).ok_or_else(|| {
        format!("\"{id}\" is not a saved scenario id (ids are \"sc-\" and 32 hex digits)")
    })?;
    store
        .get(&key)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no saved scenario {id} in {}", store.location()))
}

fn show(a: ShowArgs) -> Result<String, String> {
    let catalog = load_catalog(a.data.as_deref()).map_err(|e| e.to_string())?;
    let store = open(&a.store)?;
    let record = load(store.as_ref(), &a.id)?;
    let view = SavedScenario::of(&record, &catalog.version).map_err(|e| e.to_string())?;
    Ok(match a.format {
        Format::Json => json(&view),
        Format::Text => show_text(&view),
    })
}

fn estimate(a: EstimateSavedArgs) -> Result<String, String> {
    let held = catalogs(a.data.as_deref())?;
    let store = open(&a.store)?;
    let record = load(store.as_ref(), &a.id)?;
    let refs: Vec<&Catalog> = held.iter().collect();
    let result =
        saved::evaluate(&record, &refs, a.dataset, &|| false).map_err(|e| failure_text(&e))?;
    if let Some(n) = &result.notice {
        eprintln!("warning: {n}");
    }
    Ok(match a.format {
        Format::Json => json(&result),
        Format::Text => estimate_text(&result),
    })
}

fn delete(a: DeleteArgs) -> Result<String, String> {
    let store = open(&a.store)?;
    let id = ScenarioId::parse(&a.id).ok_or_else(|| {
        format!(
            "\"{}\" is not a saved scenario id (ids are \"sc-\" and 32 hex digits)",
            a.id
        )
    })?;
    match store
        .delete(&id, &Token::given(&a.token).hash())
        .map_err(|e| e.to_string())?
    {
        Deleted::Deleted => Ok(format!("deleted {id}\n")),
        Deleted::NotFound => Err(format!("no saved scenario {id} in {}", store.location())),
        Deleted::WrongToken => Err(format!(
            "the token is not the one given when {id} was saved; nothing deleted"
        )),
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("responses serialise");
    s.push('\n');
    s
}

fn failure_text(e: &Failure) -> String {
    match e {
        Failure::Scenario(e) => super::scenario_error_text(e),
        Failure::Store(e) => format!("error: {e}"),
    }
}

/// The receipt of a save, for a person.
pub fn save_text(r: &SaveReceipt, location: &str) -> String {
    let mut out = String::new();
    let id = ScenarioId::parse(&r.id).expect("receipts carry valid ids");
    if r.created {
        let _ = writeln!(out, "Saved scenario {} in {location}", r.id);
    } else {
        let _ = writeln!(
            out,
            "Already saved as {} in {location} (the same scenario); no new token",
            r.id
        );
    }
    let _ = writeln!(
        out,
        "  saved on     {} under dataset {}",
        when(&r.created_at),
        r.dataset_version
    );
    if let Some(t) = &r.token {
        let _ = writeln!(
            out,
            "  delete token {t}\n               (shown once: keep it to delete this scenario)"
        );
    }
    let _ = writeln!(out, "  read         GET {}", scenario_path(&id));
    let _ = writeln!(out, "  evaluate     GET {}", estimate_path(&id));
    let _ = writeln!(out, "  or           tanso scenarios estimate {}", r.id);
    out
}

/// A saved scenario, for a person: what it sets, when, under which dataset version.
pub fn show_text(v: &SavedScenario) -> String {
    let mut out = String::new();
    let s = &v.scenario;
    let _ = writeln!(out, "Saved scenario {}", v.id);
    let _ = writeln!(out, "  saved on   {}", when(&v.created_at));
    if v.dataset_version == v.current_dataset_version {
        let _ = writeln!(out, "  dataset    {} (the current one)", v.dataset_version);
    } else {
        let _ = writeln!(
            out,
            "  dataset    {} (the current one is {})",
            v.dataset_version, v.current_dataset_version
        );
    }
    match &s.project {
        ProjectRef::Id(id) => {
            let _ = writeln!(out, "  project    {id}");
        }
        ProjectRef::Inline(p) => {
            let _ = writeln!(
                out,
                "  project    {} (inline, model {})",
                p.name.as_deref().unwrap_or("unnamed"),
                p.model
            );
        }
    }
    if s.parameters.is_empty() {
        let _ = writeln!(out, "  parameters the project's values");
    } else {
        let _ = writeln!(out, "  parameters");
        for (k, v) in &s.parameters {
            let _ = writeln!(out, "    {k:<22} {}", v.as_written());
        }
    }
    let options = options_lines(s);
    if !options.is_empty() {
        let _ = writeln!(out, "  options");
        for line in options {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(out, "  read       GET {}", v.links.scenario);
    let _ = writeln!(out, "  evaluate   GET {}", v.links.estimate);
    out
}

/// The options a scenario sets, one line each, in words.
fn options_lines(s: &ScenarioRequest) -> Vec<String> {
    use crate::scenario::request::GridFactorInput;
    let o = &s.options;
    let mut lines = Vec::new();
    if let Some(d) = &o.crediting_start {
        lines.push(format!("{:<22} {d}", "crediting from"));
    }
    if let Some(d) = &o.crediting_end {
        lines.push(format!("{:<22} {d}", "crediting to"));
    }
    if let Some(l) = &o.lifetime {
        lines.push(format!("{:<22} {}", "lifetime", l.as_written()));
    }
    if let Some(g) = &o.gwp {
        lines.push(format!("{:<22} {}", "GWP set", g.as_str()));
    }
    if let Some(g) = &o.grid_factor {
        let text = match g {
            GridFactorInput::Series(id) => format!("series {id}"),
            GridFactorInput::Constant(v) => v.as_written(),
            GridFactorInput::Trajectory(points) => points
                .iter()
                .map(|p| format!("{}: {}", p.year, p.value.as_written()))
                .collect::<Vec<_>>()
                .join(", "),
            GridFactorInput::CombinedMargin(c) => format!(
                "combined margin: OM {}, BM {}{}",
                c.operating_margin.as_written(),
                c.build_margin.as_written(),
                c.om_weight
                    .as_ref()
                    .map(|w| format!(", OM weight {}", w.as_written()))
                    .unwrap_or_default()
            ),
        };
        lines.push(format!("{:<22} {text}", "grid factor"));
    }
    if let Some(w) = &o.weather {
        lines.push(format!(
            "{:<22} {} file, {} lines",
            "weather",
            match w.format {
                crate::scenario::request::WeatherFormat::Epw => "EPW",
                crate::scenario::request::WeatherFormat::Csv => "CSV",
            },
            w.data.lines().count()
        ));
    }
    if let Some(u) = &o.uncertainty {
        lines.push(format!(
            "{:<22} {} draws, seed {}{}",
            "Monte Carlo",
            u.draws,
            u.seed,
            if u.parameters.is_empty() {
                String::new()
            } else {
                format!(", {} distributions replaced", u.parameters.len())
            }
        ));
    }
    if o.hourly {
        lines.push(format!("{:<22} yes", "hourly output"));
    }
    lines
}

/// The estimate of a saved scenario, for a person: the dataset versions, then the estimate
/// (whose first warning is the notice, when there is one).
pub fn estimate_text(r: &ScenarioEstimate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Saved scenario {}", r.id);
    if let Some(n) = &r.notice {
        let _ = writeln!(out, "!! {n}");
    } else {
        let _ = writeln!(
            out,
            "   dataset {} (saved under it, and current)",
            r.dataset.used
        );
    }
    out.push('\n');
    out.push_str(&render::estimate_text(&r.estimate));
    out
}

/// `2026-03-01T09:30:00.000Z` → `2026-03-01 09:30 UTC`.
fn when(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => rfc3339.to_string(),
    }
}
