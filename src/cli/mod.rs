//! The command line: argument parsing and printing only; the work happens in the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod catalog_text;
mod grid_arg;
mod render;

pub use catalog_text::{models_text, projects_text};
pub use grid_arg::parse_grid_factor;

use crate::catalog::Catalog;
use crate::scenario::ScenarioRequest;
use crate::units::{Dimension, QuantityInput, format_significant};

/// tanso (炭素, "carbon"): energy produced, waste treated and emissions avoided by
/// decarbonisation projects, with uncertainty and a source for every number.
#[derive(Debug, Parser)]
#[command(name = "tanso", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the HTTP service.
    Serve {
        /// Address to listen on. The default only accepts local connections; use
        /// 0.0.0.0:8080 to expose the service.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// A directory with models/ and seeds/ to use instead of the embedded catalog.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Units: list the accepted symbols, convert a quantity.
    Units {
        #[command(subcommand)]
        command: UnitsCommand,
    },
    /// Data catalogs: validate them.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Print the HTTP service's OpenAPI 3.1 document (the committed openapi/openapi.json).
    Openapi,
    /// Estimate a documented project, with overrides: `tanso estimate renca-solar --set capacity="3 MW"`.
    Estimate(EstimateArgs),
    /// Models: list them, or show one's parameters, defaults, ranges, uncertainty and sources.
    Models {
        /// A model id, e.g. solar-pv; omit to list every model.
        id: Option<String>,
        /// A directory with models/ and seeds/ to use instead of the embedded catalog.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Documented projects: list them, or show one's facts, values, defaults and sources.
    Projects {
        /// A project id, e.g. renca-solar; omit to list every project.
        id: Option<String>,
        /// A directory with models/ and seeds/ to use instead of the embedded catalog.
        #[arg(long)]
        data: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct EstimateArgs {
    /// The project id (see `GET /v1/projects`): renca-solar, badung-compost.
    project: String,
    /// Override a model parameter: --set capacity="3 MW" --set tilt="20 deg" (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Hourly weather file (EPW, or tanso CSV) instead of the project's monthly climate.
    #[arg(long, value_name = "FILE")]
    weather: Option<PathBuf>,
    /// GWP set: ar2, ar4, ar5, ar6, cdm_lowest.
    #[arg(long)]
    gwp: Option<String>,
    /// Grid emission factor, in one of four forms:
    /// a series id: cl-sen-ember-average;
    /// a constant: "0.25 tCO2e/MWh";
    /// a trajectory of YEAR=VALUE pairs (linear between years, held outside them):
    /// "2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh";
    /// a CDM combined margin (w, the operating-margin weight, defaults to 75 %):
    /// "om=0.6 tCO2/MWh,bm=0.3 tCO2/MWh,w=75 %".
    #[arg(long = "grid-factor", value_name = "FACTOR", verbatim_doc_comment)]
    grid_factor: Option<String>,
    /// First day of the crediting period (YYYY-MM-DD).
    #[arg(long = "crediting-start", value_name = "DATE")]
    crediting_start: Option<String>,
    /// Last day of the crediting period (YYYY-MM-DD).
    #[arg(long = "crediting-end", value_name = "DATE")]
    crediting_end: Option<String>,
    /// Plant life for the lifetime view, e.g. "25 yr".
    #[arg(long)]
    lifetime: Option<String>,
    /// Monte Carlo draws (omit for a deterministic estimate only).
    #[arg(long)]
    draws: Option<u32>,
    /// Seed of the Monte Carlo random streams.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Include the first year's hourly AC power (solar; shown in JSON output).
    #[arg(long)]
    hourly: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog.
    #[arg(long)]
    data: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum UnitsCommand {
    /// List every accepted unit symbol, by dimension.
    List,
    /// Convert a quantity to another unit of the same dimension, e.g. `convert "2 MW" kW`.
    Convert {
        /// The quantity, e.g. "2 MW".
        quantity: String,
        /// The target unit, e.g. kW.
        unit: String,
    },
}

#[derive(Debug, Subcommand)]
enum DataCommand {
    /// Validate a data directory (or the embedded catalog) and report every problem.
    Check {
        /// A directory holding models/ and seeds/; the embedded catalog if omitted.
        dir: Option<PathBuf>,
    },
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { bind, data } => serve(bind, data),
        Command::Units {
            command: UnitsCommand::List,
        } => {
            print!("{}", units_list());
            ExitCode::SUCCESS
        }
        Command::Units {
            command: UnitsCommand::Convert { quantity, unit },
        } => match convert(&quantity, &unit) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Data {
            command: DataCommand::Check { dir },
        } => data_check(dir),
        Command::Estimate(args) => estimate(args),
        Command::Openapi => {
            print!("{}", crate::api::spec_json());
            ExitCode::SUCCESS
        }
        Command::Models { id, data } => catalog_command(data, |c| models_text(c, id.as_deref())),
        Command::Projects { id, data } => {
            catalog_command(data, |c| projects_text(c, id.as_deref()))
        }
    }
}

/// Loads the catalog and prints what `text` makes of it; any error goes to stderr.
fn catalog_command(
    data: Option<PathBuf>,
    text: impl FnOnce(&Catalog) -> Result<String, String>,
) -> ExitCode {
    let catalog = match load_catalog(data.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprint!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match text(&catalog) {
        Ok(t) => {
            print!("{t}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the scenario request from the command line (the same shape the API takes).
fn estimate_request(args: &EstimateArgs) -> Result<ScenarioRequest, String> {
    use crate::scenario::request::{
        ProjectRef, ScenarioOptions, UncertaintyOptions, WeatherFormat, WeatherInput,
    };
    let mut parameters = std::collections::BTreeMap::new();
    for item in &args.set {
        let (key, value) = item.split_once('=').ok_or_else(|| {
            format!("--set {item}: expected KEY=VALUE, e.g. --set capacity=\"3 MW\"")
        })?;
        parameters.insert(
            key.trim().to_string(),
            QuantityInput::Text(value.trim().to_string()),
        );
    }
    let weather = match &args.weather {
        None => None,
        Some(path) => {
            let data = std::fs::read_to_string(path)
                .map_err(|e| format!("--weather {}: {e}", path.display()))?;
            let is_epw = path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("epw"))
                || data.starts_with("LOCATION,");
            Some(WeatherInput {
                format: if is_epw {
                    WeatherFormat::Epw
                } else {
                    WeatherFormat::Csv
                },
                data,
            })
        }
    };
    let gwp =
        match &args.gwp {
            None => None,
            Some(g) => Some(crate::units::ghg::GwpSetId::parse(g).ok_or_else(|| {
                format!("--gwp {g}: expected one of ar2, ar4, ar5, ar6, cdm_lowest")
            })?),
        };
    let grid_factor = args
        .grid_factor
        .as_deref()
        .map(parse_grid_factor)
        .transpose()?;
    Ok(ScenarioRequest {
        project: ProjectRef::Id(args.project.clone()),
        parameters,
        options: ScenarioOptions {
            crediting_start: args.crediting_start.clone(),
            crediting_end: args.crediting_end.clone(),
            lifetime: args.lifetime.clone().map(QuantityInput::Text),
            gwp,
            grid_factor,
            weather,
            uncertainty: args.draws.map(|draws| UncertaintyOptions {
                draws,
                seed: args.seed,
                ..Default::default()
            }),
            hourly: args.hourly,
        },
    })
}

fn estimate(args: EstimateArgs) -> ExitCode {
    let catalog = match load_catalog(args.data.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprint!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let request = match estimate_request(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match crate::scenario::estimate(&catalog, &request) {
        Ok(est) => {
            match args.format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&est).expect("estimates serialise")
                ),
                Format::Text => print!("{}", render::estimate_text(&est)),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", e.detail);
            for f in &e.errors {
                if e.errors.len() > 1 {
                    eprintln!("  {}: {}", f.field.dotted(), f.message);
                }
                if let Some(x) = &f.expected {
                    eprintln!("  expected: {x}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// Loads the embedded catalog or the one in `dir`, and checks it against the evaluators.
pub fn load_catalog(
    dir: Option<&std::path::Path>,
) -> Result<Catalog, crate::catalog::CatalogError> {
    let catalog = match dir {
        Some(d) => Catalog::from_dir(d),
        None => Catalog::embedded(),
    }?;
    let problems = crate::scenario::check_catalog(&catalog);
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(crate::catalog::CatalogError { problems })
    }
}

fn serve(bind: SocketAddr, data: Option<PathBuf>) -> ExitCode {
    let _log = crate::api::init_tracing();
    let catalog = match load_catalog(data.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match crate::api::run_blocking(bind, catalog) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The table printed by `tanso units list`.
pub fn units_list() -> String {
    let mut out = String::new();
    for d in Dimension::ALL {
        out.push_str(&format!(
            "{} ({}; results in {})\n",
            d.id(),
            d.phrase(),
            d.display_unit().symbol
        ));
        for u in d.units() {
            let symbol = if u.symbol.is_empty() {
                "(none)"
            } else {
                u.symbol
            };
            let aliases = if u.aliases.is_empty() {
                String::new()
            } else {
                format!("  also: {}", u.aliases.join(", "))
            };
            out.push_str(&format!("  {symbol:<12} {}{aliases}\n", u.name));
        }
    }
    out
}

/// `tanso units convert "2 MW" kW` prints `2000 kW`.
pub fn convert(quantity: &str, unit: &str) -> Result<String, String> {
    use crate::units::{ConvertError, UnitErrorKind};
    let c = crate::units::convert(&QuantityInput::Text(quantity.to_string()), unit).map_err(
        |e| match e {
            ConvertError::Read(UnitErrorKind::UnknownUnit {
                unit, suggestions, ..
            }) => {
                let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
                let hint = if quoted.is_empty() {
                    String::new()
                } else {
                    format!("; closest accepted units: {}", quoted.join(", "))
                };
                format!("unknown unit \"{unit}\" in \"{quantity}\"{hint} (see `tanso units list`)")
            }
            ConvertError::Read(other) => other.to_string(),
            ConvertError::Dimensions { from, to } => format!(
                "cannot convert {} (\"{quantity}\") to {} (\"{unit}\"); accepted units of {}: {}",
                from.phrase(),
                to.phrase(),
                from.id(),
                from.units()
                    .map(|u| u.symbol)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ConvertError::UnknownTarget(u) => {
                format!("unknown unit \"{u}\" (see `tanso units list`)")
            }
            ConvertError::NotFinite => format!("\"{quantity}\" in {unit} is not a finite number"),
        },
    )?;
    Ok(
        format!("{} {}", format_significant(c.value, 12), c.unit.symbol)
            .trim_end()
            .to_string(),
    )
}

fn data_check(dir: Option<PathBuf>) -> ExitCode {
    match load_catalog(dir.as_deref()) {
        Ok(c) => {
            let params: usize = c.models.iter().map(|m| m.parameters.len()).sum();
            println!(
                "ok: {} models ({} parameters), {} seeds, {} sources, {} GWP sets, {} grid factors; dataset version {}",
                c.models.len(),
                params,
                c.seeds.len(),
                c.sources.len(),
                c.gwp_sets.len(),
                c.grid_factors.len(),
                c.version
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convert_examples() {
        assert_eq!(convert("2 MW", "kW").unwrap(), "2000 kW");
        // 1 kWh = 3.6 MJ; 25 °C = 298.15 K; 0.4 t/MWh = 400 g/kWh.
        assert_eq!(convert("1 kWh", "MJ").unwrap(), "3.6 MJ");
        assert_eq!(convert("25 °C", "K").unwrap(), "298.15 K");
        assert_eq!(convert("0.4 tCO2e/MWh", "g/kWh").unwrap(), "400 gCO2e/kWh");
        assert!(
            convert("2 MW", "kWh")
                .unwrap_err()
                .contains("cannot convert a power")
        );
        assert!(convert("2 MWW", "kW").unwrap_err().contains("\"MW\""));
    }

    #[test]
    fn units_list_covers_every_dimension() {
        let list = units_list();
        for d in Dimension::ALL {
            assert!(list.contains(d.id()), "{} missing", d.id());
        }
        assert!(list.contains("t/d"));
    }
}
