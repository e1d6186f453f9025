//! The command line: argument parsing and printing only; the work happens in the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod catalog_text;
mod cores;
mod grid_arg;
mod render;
mod scenarios;

pub use catalog_text::{models_text, projects_text};
pub use grid_arg::parse_grid_factor;

use crate::catalog::Catalog;
use crate::models::spare::Spare;
use crate::scenario::ScenarioRequest;
use crate::units::{Dimension, QuantityInput, format_significant};
use crate::weather::Weather;

/// tanso (炭素, "carbon"): energy produced, waste treated and emissions avoided by
/// decarbonisation projects, with uncertainty and a source for every number.
#[derive(Debug, Parser)]
#[command(name = "tanso", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// `defer`: a subcommand's arguments are built only when it is the one called, so `tanso
// estimate` does not first build the dozens of `serve` flags (with their environment names).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum Command {
    /// Start the HTTP service. Every flag can also be set by environment (shown as [env: …]).
    Serve(ServeArgs),
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
    /// An impact sheet (HTML, Markdown or PDF) of a documented project, a comparison of
    /// scenarios, or a programme's portfolio: `tanso sheet renca-solar --draws 2000 --format
    /// html -o renca.html`.
    Sheet(SheetArgs),
    /// Documented projects: list them, or show one's facts, values, defaults and sources.
    Projects {
        /// A project id, e.g. renca-solar; omit to list every project.
        id: Option<String>,
        /// A directory with models/ and seeds/ to use instead of the embedded catalog.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Saved scenarios: save, show, estimate, delete (in the same store as `tanso serve`).
    Scenarios {
        #[command(subcommand)]
        command: scenarios::ScenariosCommand,
    },
    /// Ask a running service for a path (/healthz, /readyz); exit 0 if it answers 200. For
    /// container health checks: the image has no curl.
    Probe {
        /// The path to ask for.
        #[arg(default_value = "/healthz")]
        path: String,
        /// The service's address, as given to `tanso serve` (0.0.0.0 means this machine).
        #[arg(long, env = "TANSO_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Seconds to wait for the answer.
        #[arg(long, default_value_t = 3.0, value_name = "SECONDS")]
        timeout: f64,
    },
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on. The default only accepts local connections; use
    /// 0.0.0.0:8080 to expose the service.
    #[arg(long, env = "TANSO_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog (saved
    /// scenarios can then still be evaluated under the embedded catalog's version).
    #[arg(long, env = "TANSO_CATALOG_DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    /// Seconds between a stop signal and closing the listener: /readyz answers 503 meanwhile,
    /// so that load balancers stop sending requests here first. A second signal skips it.
    #[arg(
        long,
        env = "TANSO_DRAIN_SECONDS",
        default_value_t = 5.0,
        value_name = "SECONDS"
    )]
    drain_seconds: f64,
}

// Where saved scenarios live; shared by `tanso serve` and `tanso scenarios`. (A comment, not a
// doc comment: a flattened struct's doc would replace its deferred subcommand's about.)
#[derive(Debug, clap::Args)]
struct StoreArgs {
    /// The scenario store: a postgres://user:password@host:5432/db URL (for replicas), or a
    /// SQLite file. Default: scenarios.sqlite3 in $TANSO_DATA_DIR, else in
    /// $XDG_DATA_HOME/tanso, else in ~/.local/share/tanso.
    #[arg(
        long,
        env = "TANSO_DATABASE_URL",
        value_name = "URL|FILE",
        hide_env_values = true
    )]
    database: Option<String>,
    /// Most PostgreSQL connections per process.
    #[arg(
        long,
        env = "TANSO_DATABASE_POOL",
        default_value_t = 8,
        value_name = "N"
    )]
    pool_size: u32,
}

impl StoreArgs {
    fn location(&self) -> Result<crate::store::Location, crate::store::StoreError> {
        match &self.database {
            Some(text) => crate::store::Location::parse(text),
            None => Ok(crate::store::Location::default_sqlite()),
        }
    }

    /// Opens the store, running its migrations.
    fn open(&self) -> Result<std::sync::Arc<dyn crate::store::Store>, crate::store::StoreError> {
        crate::store::open(&self.location()?, self.pool_size)
    }
}

#[derive(Debug, clap::Args)]
struct EstimateArgs {
    /// The project id, e.g. renca-solar or toyama-portram (`tanso projects` lists them all).
    project: String,
    #[command(flatten)]
    overrides: Overrides,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog.
    #[arg(long)]
    data: Option<PathBuf>,
}

// What a scenario changes on a documented project (`tanso estimate`, `tanso scenarios save`).
// (A comment, not a doc comment: see `StoreArgs`.)
#[derive(Debug, Clone, PartialEq, clap::Args)]
struct Overrides {
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
    #[arg(
        long = "grid-factor",
        value_name = "FACTOR",
        verbatim_doc_comment,
        allow_hyphen_values = true
    )]
    grid_factor: Option<String>,
    /// First day of the crediting period (YYYY-MM-DD).
    #[arg(long = "crediting-start", value_name = "DATE")]
    crediting_start: Option<String>,
    /// Last day of the crediting period (YYYY-MM-DD).
    #[arg(long = "crediting-end", value_name = "DATE")]
    crediting_end: Option<String>,
    /// Plant life for the lifetime view, e.g. "25 yr".
    #[arg(long, allow_hyphen_values = true)]
    lifetime: Option<String>,
    /// Monte Carlo draws, 1 to 100000 (omit for a deterministic estimate only).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=crate::uncertainty::MAX_DRAWS as i64))]
    draws: Option<u32>,
    /// Seed of the Monte Carlo random streams, 0 to 9223372036854775807 (the API's range).
    #[arg(long, default_value_t = 42, value_parser = clap::value_parser!(u64).range(0..=crate::scenario::monte_carlo::MAX_SEED))]
    seed: u64,
    /// Include the first year's hourly AC power (solar; shown in JSON output).
    #[arg(long)]
    hourly: bool,
}

impl Default for Overrides {
    /// No flag given.
    fn default() -> Self {
        Overrides {
            set: Vec::new(),
            weather: None,
            gwp: None,
            grid_factor: None,
            crediting_start: None,
            crediting_end: None,
            lifetime: None,
            draws: None,
            seed: 42,
            hourly: false,
        }
    }
}

#[derive(Debug, clap::Args)]
struct SheetArgs {
    /// The project id (renca-solar, badung-compost); omit with --programme.
    #[arg(required_unless_present = "programme")]
    project: Option<String>,
    /// Override a model parameter (repeatable): --set capacity="3 MW".
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Compare with another scenario of the same project (repeatable, up to 3): its overrides
    /// separated by ';', e.g. --compare 'capacity=3 MW;grid-factor=0.3 tCO2e/MWh'.
    #[arg(long = "compare", value_name = "OVERRIDES")]
    compare: Vec<String>,
    /// The portfolio of a city-to-city programme instead of one project, e.g.
    /// toyama-city-to-city.
    #[arg(long, conflicts_with = "project")]
    programme: Option<String>,
    /// Grid emission factor (the forms `tanso estimate --help` lists).
    #[arg(long = "grid-factor", value_name = "FACTOR")]
    grid_factor: Option<String>,
    /// Monte Carlo draws (omit for a deterministic sheet).
    #[arg(long)]
    draws: Option<u32>,
    /// Seed of the Monte Carlo random streams.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output format: html, md or pdf.
    #[arg(long, value_parser = ["html", "md", "pdf"], default_value = "html")]
    format: String,
    /// Language of the sheet (en, es); default: $LANG's language when shipped, else English.
    #[arg(long)]
    lang: Option<String>,
    /// Write to FILE (Markdown charts go to FILE's stem + "-charts/" beside it); standard
    /// output if omitted (Markdown charts then inline as data URIs).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// A directory with models/ and seeds/ to use instead of the embedded catalog.
    #[arg(long)]
    data: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum UnitsCommand {
    /// List every accepted unit symbol, by dimension.
    List,
    /// Convert a quantity to another unit of the same dimension, e.g. `convert "2 MW" kW`.
    Convert {
        /// The quantity, e.g. "2 MW" (a negative one too: "-5 °C").
        #[arg(allow_hyphen_values = true)]
        quantity: String,
        /// The target unit, e.g. kW.
        unit: String,
    },
    /// Evaluate an expression over tanso's units: the value, its dimension and readable units,
    /// e.g. `eval "2 MW * 8760 h * 16.5 %" --to MWh`, `eval "2 tCH4 * gwp(ar5)"`.
    Eval {
        /// Quantities joined by + - * / and parentheses; units without inner spaces.
        expression: String,
        /// The unit to express the result in (default: the dimension's display unit).
        #[arg(long)]
        to: Option<String>,
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
        Command::Serve(args) => serve(args),
        Command::Scenarios { command } => scenarios::run(command),
        Command::Probe {
            path,
            bind,
            timeout,
        } => match probe(&path, bind, timeout) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
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
        Command::Units {
            command: UnitsCommand::Eval { expression, to },
        } => {
            let catalog = match load_catalog(None) {
                Ok(c) => c,
                Err(e) => {
                    eprint!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match units_eval(&catalog, &expression, to.as_deref()) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprint!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Data {
            command: DataCommand::Check { dir },
        } => data_check(dir),
        Command::Estimate(args) => estimate(args),
        Command::Sheet(args) => match sheet(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
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
fn estimate_request(project: &str, args: &Overrides) -> Result<ScenarioRequest, String> {
    use crate::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions, WeatherInput};
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
            let (format, data) = read_weather_file(path)?;
            Some(WeatherInput {
                format: format.into(),
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
        project: ProjectRef::Id(project.to_string()),
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

/// A `--weather` file's format and text.
fn read_weather_file(
    path: &std::path::Path,
) -> Result<(crate::models::plugin::WeatherFormat, String), String> {
    let data =
        std::fs::read_to_string(path).map_err(|e| format!("--weather {}: {e}", path.display()))?;
    Ok((weather_format(path, &data), data))
}

/// A weather file's format: EPW by its extension or its first field, tanso CSV otherwise.
fn weather_format(path: &std::path::Path, data: &str) -> crate::models::plugin::WeatherFormat {
    use crate::models::plugin::WeatherFormat;
    let is_epw = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("epw"))
        || data.starts_with("LOCATION,");
    if is_epw {
        WeatherFormat::Epw
    } else {
        WeatherFormat::Csv
    }
}

/// A `--weather` file's bytes: mapped when it is a regular file (the page cache's own pages:
/// no 1.8 MB copy, no fresh pages to fault in), read when it cannot be mapped (a pipe).
enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    fn open(path: &std::path::Path) -> Result<FileBytes, String> {
        let failed = |e: std::io::Error| format!("--weather {}: {e}", path.display());
        let mut file = std::fs::File::open(path).map_err(failed)?;
        // SAFETY: the map is only read, once, within milliseconds. Another process truncating or
        // rewriting the file in that window could change the bytes under the parse or end it
        // with SIGBUS; tanso accepts that for a command-line read, as ripgrep does for its
        // searches. The server never maps: its weather comes in request bodies.
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Ok(FileBytes::Mapped(map)),
            Err(_) => {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut file, &mut bytes).map_err(failed)?;
                Ok(FileBytes::Read(bytes))
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Read(bytes) => bytes,
        }
    }
}

/// A `--weather` file's text, for `tanso estimate` to read beside its request rather than
/// copy into it.
fn weather_text<'a>(
    path: &std::path::Path,
    bytes: &'a FileBytes,
) -> Result<crate::models::plugin::WeatherText<'a>, String> {
    let data = std::str::from_utf8(bytes.bytes())
        .map_err(|e| format!("--weather {}: not UTF-8 text: {e}", path.display()))?;
    Ok(crate::models::plugin::WeatherText {
        format: weather_format(path, data),
        data,
        parsed: None,
    })
}

/// Helps read a `--weather` text, then is lent to the model with the weather until the loan
/// ends (see [`crate::models::spare`]).
fn read_weather_then_serve(read: &crate::weather::SharedRead<'_>, spare: &Spare<Weather>) {
    read.help();
    // Work is lent only with the weather read (once read, and read cleanly).
    spare.serve(|| {
        read.wait()
            .as_ref()
            .expect("work is lent with weather read")
    });
}

fn estimate(args: EstimateArgs) -> ExitCode {
    use crate::models::plugin::{ReadWeather, WeatherText};
    use crate::weather::SharedRead;
    // The weather file, when given, is read by two threads on two cores: the other one
    // checks it is text, reads its header and the first half of the records while this one
    // loads the catalog (on itself only) and makes the request; then this one reads the
    // second half (each step taken by whichever thread comes to it first). The other is then
    // lent to the model with the weather for the rest of the estimate.
    let path = args.overrides.weather.as_deref();
    let other_core = path.and(cores::OtherCore::find());
    let spare = Spare::<Weather>::new();
    let bytes = path.map(FileBytes::open);
    // The file's text and its header, read by whichever thread comes to them first.
    type Opened<'a> = Result<Option<(WeatherText<'a>, SharedRead<'a>)>, String>;
    let opened: std::sync::OnceLock<Opened> = std::sync::OnceLock::new();
    let open = || -> Opened {
        match (path, &bytes) {
            (Some(path), Some(bytes)) => {
                let text = bytes
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|b| weather_text(path, b))?;
                Ok(Some((text, text.read_shared())))
            }
            _ => Ok(None),
        }
    };
    std::thread::scope(|s| {
        if path.is_some() {
            let (opened, open, spare) = (&opened, &open, &spare);
            s.spawn(move || {
                if let Some(core) = other_core {
                    core.move_here();
                }
                if let Ok(Some((_, shared))) = opened.get_or_init(open) {
                    read_weather_then_serve(shared, spare);
                }
            });
            // The new thread starts on this core, where it could wait for this one's turn to
            // end: let it run now, to move itself to the other.
            std::thread::yield_now();
        }
        // The loan ends however this returns (so that the scope can end), and before the
        // output is written, so that the lent thread has ended by the exit.
        let estimate = spare.lent_while(|| {
            let catalog = match args.data.as_deref() {
                None if other_core.is_some() => Catalog::embedded_for_on_this_thread(&args.project)
                    .map_or_else(Catalog::embedded, Ok),
                None => Catalog::embedded_for(&args.project).map_or_else(Catalog::embedded, Ok),
                Some(dir) => load_catalog(Some(dir)),
            };
            let overrides = Overrides {
                weather: None,
                ..args.overrides.clone()
            };
            let request = estimate_request(&args.project, &overrides);
            let opened = opened.get_or_init(open);
            let weather = match opened {
                Ok(Some((_, shared))) => {
                    shared.help();
                    shared.wait().as_ref().ok()
                }
                _ => None,
            };
            let text = opened
                .as_ref()
                .map(|o| o.as_ref().map(|(text, _)| *text))
                .map_err(Clone::clone);
            let catalog = match catalog {
                Ok(c) => c,
                Err(e) => {
                    eprint!("error: {e}");
                    return None;
                }
            };
            let (request, text) = match (request, text) {
                (Ok(request), Ok(text)) => (request, text),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("error: {e}");
                    return None;
                }
            };
            Some(match text {
                None => crate::scenario::estimate(&catalog, &request),
                Some(text) => {
                    // With the thread that helped read it, which serves once it is read.
                    let parsed = weather.map(|weather| ReadWeather {
                        weather,
                        spare: Some(&spare),
                    });
                    crate::scenario::estimate_with_weather(
                        &catalog,
                        &request,
                        WeatherText { parsed, ..text },
                    )
                }
            })
        });
        match estimate {
            Some(Ok(est)) => {
                match args.format {
                    Format::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&est).expect("estimates serialise")
                    ),
                    Format::Text => print!("{}", render::estimate_text(&est)),
                }
                // A one-shot command: the kernel takes its memory back at exit faster than the
                // catalog, the weather and the estimate are dropped (0.98 of the process's
                // time). `exit` flushes standard output.
                std::process::exit(0)
            }
            Some(Err(e)) => {
                eprint!("{}", scenario_error_text(&e));
                ExitCode::FAILURE
            }
            None => ExitCode::FAILURE,
        }
    })
}

/// One `--compare` scenario: `key=value` pairs separated by ';' (`grid-factor=...` sets the
/// grid factor, every other key a parameter).
fn compare_request(base: &ScenarioRequest, spec: &str) -> Result<ScenarioRequest, String> {
    let mut req = base.clone();
    for item in spec.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = item.split_once('=').ok_or_else(|| {
            format!("--compare {spec}: expected KEY=VALUE pairs separated by ';'")
        })?;
        let (key, value) = (key.trim(), value.trim());
        if key == "grid-factor" || key == "grid_factor" {
            req.options.grid_factor = Some(parse_grid_factor(value)?);
        } else {
            req.parameters
                .insert(key.to_string(), QuantityInput::Text(value.to_string()));
        }
    }
    Ok(req)
}

fn sheet_request(args: &SheetArgs, project: &str) -> Result<ScenarioRequest, String> {
    let o = Overrides {
        set: args.set.clone(),
        grid_factor: args.grid_factor.clone(),
        draws: args.draws,
        seed: args.seed,
        ..Overrides::default()
    };
    estimate_request(project, &o)
}

fn scenario_error(e: crate::scenario::ScenarioError) -> String {
    let mut text = e.detail;
    for f in &e.errors {
        if let Some(x) = &f.expected {
            text.push_str(&format!("\n  {}: expected {x}", f.field.dotted()));
        }
    }
    text
}

/// `tanso sheet`: builds the sheet and writes it (with chart files beside Markdown).
fn sheet(args: SheetArgs) -> Result<(), String> {
    use crate::sheets::{self, ChartLinks, Format as SheetFormat, Locale, SheetOptions, Subject};
    let catalog = load_catalog(args.data.as_deref()).map_err(|e| e.to_string())?;
    let format = SheetFormat::parse(&args.format).expect("clap checks the value");
    let lang = match &args.lang {
        Some(l) => {
            if !sheets::i18n::languages().contains(&l.as_str()) {
                return Err(format!(
                    "--lang {l}: not shipped; languages: {}",
                    sheets::i18n::languages().join(", ")
                ));
            }
            l.clone()
        }
        None => sheets::i18n::negotiate(
            std::env::var("LANG")
                .unwrap_or_default()
                .replace('_', "-")
                .split('.')
                .next()
                .unwrap_or_default(),
        )
        .to_string(),
    };
    let locale = Locale::new(&lang);
    let mut options = SheetOptions::today();
    let chart_dir = match (&args.output, format) {
        (Some(path), SheetFormat::Md) => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "sheet".into());
            let dir = format!("{stem}-charts");
            options.chart_links = ChartLinks::Files(dir.clone());
            Some(path.with_file_name(dir))
        }
        _ => None,
    };
    let estimate =
        |req: &ScenarioRequest| crate::scenario::estimate(&catalog, req).map_err(scenario_error);
    let doc = if let Some(id) = &args.programme {
        let programme = catalog.programme(id).ok_or_else(|| {
            let known: Vec<&str> = catalog.programmes.iter().map(|p| p.id.as_str()).collect();
            format!("no programme \"{id}\"; programmes: {}", known.join(", "))
        })?;
        let mut estimates = Vec::new();
        for seed in catalog.programme_seeds(id) {
            estimates.push(estimate(&sheet_request(&args, &seed.id)?)?);
        }
        sheets::document(
            &catalog,
            Subject::Portfolio(programme, &estimates),
            &locale,
            &options,
        )
    } else {
        let project = args.project.as_deref().expect("clap requires it");
        let base = sheet_request(&args, project)?;
        if args.compare.is_empty() {
            let e = estimate(&base)?;
            sheets::document(&catalog, Subject::Project(&e), &locale, &options)
        } else {
            if args.compare.len() + 1 > sheets::MAX_COMPARED {
                return Err(format!(
                    "a comparison holds at most {} scenarios (--compare up to {} times)",
                    sheets::MAX_COMPARED,
                    sheets::MAX_COMPARED - 1
                ));
            }
            let mut scenarios = vec![(sheets::scenario_label(&base, &locale), estimate(&base)?)];
            for spec in &args.compare {
                let req = compare_request(&base, spec)?;
                scenarios.push((sheets::scenario_label(&req, &locale), estimate(&req)?));
            }
            sheets::document(&catalog, Subject::Comparison(&scenarios), &locale, &options)
        }
    };
    let bytes = sheets::render(&doc, format, &options).map_err(|e| e.to_string())?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(dir) = chart_dir {
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                for (name, svg) in sheets::chart_files(&doc) {
                    std::fs::write(dir.join(&name), svg)
                        .map_err(|e| format!("{}: {e}", dir.display()))?;
                }
            }
            eprintln!("wrote {}", path.display());
        }
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A scenario error for a person: the detail, then each field's problem and what was
/// expected.
fn scenario_error_text(e: &crate::scenario::ScenarioError) -> String {
    let mut out = format!("error ({}): {}\n", e.code.as_str(), e.detail);
    for f in &e.errors {
        if e.errors.len() > 1 {
            out.push_str(&format!("  {}: {}\n", f.field.dotted(), f.message));
        }
        if let Some(x) = &f.expected {
            out.push_str(&format!("  expected: {x}\n"));
        }
        if let Some(x) = &f.received {
            out.push_str(&format!("  received: {x}\n"));
        }
    }
    out
}

/// Loads the embedded catalog or the one in `dir`, and checks it against the evaluators.
/// The embedded catalog and the evaluators are both fixed when the binary is built, so the
/// tests check that pair once (`the_embedded_catalog_fits_the_evaluators`) rather than every
/// process at start.
pub fn load_catalog(
    dir: Option<&std::path::Path>,
) -> Result<Catalog, crate::catalog::CatalogError> {
    let Some(dir) = dir else {
        return Catalog::embedded();
    };
    let catalog = Catalog::from_dir(dir)?;
    let problems = crate::scenario::check_catalog(&catalog);
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(crate::catalog::CatalogError { problems })
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let _log = crate::api::init_tracing();
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!("error: {e}");
        ExitCode::FAILURE
    };
    let catalog = match load_catalog(args.data.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    // Serving another catalog: keep the embedded one too, so that scenarios saved under its
    // version can still be evaluated under it.
    let archive = match &args.data {
        Some(_) => load_catalog(None).into_iter().collect(),
        None => Vec::new(),
    };
    if !(args.drain_seconds.is_finite() && (0.0..=3600.0).contains(&args.drain_seconds)) {
        return fail(&format!(
            "--drain-seconds {}: expected a number of seconds from 0 to 3600",
            args.drain_seconds
        ));
    }
    let limits = match crate::api::Limits::from_env() {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let store = match args.store.open() {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let service = crate::api::Service {
        catalog,
        archive,
        store,
        limits,
        drain: std::time::Duration::from_secs_f64(args.drain_seconds),
    };
    match crate::api::run_blocking(args.bind, service) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// `GET path` on the service at `bind`: the status line if it is 200, else an error. A bare
/// HTTP/1.1 exchange on a socket; the binary carries no HTTP client.
pub fn probe(path: &str, bind: SocketAddr, timeout: f64) -> Result<String, String> {
    use std::io::{Read, Write};
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "\"{path}\" is not a path such as /healthz or /readyz"
        ));
    }
    if !(timeout.is_finite() && timeout > 0.0 && timeout <= 600.0) {
        return Err(format!(
            "--timeout {timeout}: expected seconds between 0 and 600"
        ));
    }
    let mut addr = bind;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let wait = std::time::Duration::from_secs_f64(timeout);
    let fail = |e: std::io::Error| format!("{addr}{path}: {e}");
    let mut stream = std::net::TcpStream::connect_timeout(&addr, wait).map_err(fail)?;
    stream.set_read_timeout(Some(wait)).map_err(fail)?;
    stream.set_write_timeout(Some(wait)).map_err(fail)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(fail)?;
    let mut head = Vec::new();
    let mut buf = [0u8; 512];
    while !head.contains(&b'\n') && head.len() < 4096 {
        let n = stream.read(&mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let status_line = text.lines().next().unwrap_or("").trim().to_string();
    match status_line.split_whitespace().nth(1) {
        Some("200") => Ok(format!("{status_line} from {addr}{path}")),
        Some(_) => Err(format!("{addr}{path} answered {status_line}")),
        None => Err(format!("{addr}{path}: no HTTP answer")),
    }
}

/// The table printed by `tanso units list`.
pub fn units_list() -> String {
    let mut out = String::new();
    for d in Dimension::ALL {
        let shown = match d.display_unit().symbol {
            "" => "plain numbers",
            symbol => symbol,
        };
        out.push_str(&format!(
            "{} ({}; results in {shown})\n",
            d.id(),
            d.phrase(),
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

/// `tanso units eval "2 MW * 8760 h * 16.5 %" --to MWh`: the value, its dimension and
/// notes; on error, the message, a caret under the place and what was expected.
pub fn units_eval(catalog: &Catalog, expression: &str, to: Option<&str>) -> Result<String, String> {
    use crate::units::eval::{EvalField, evaluate};
    let sets: Vec<_> = catalog.gwp_sets.iter().map(|g| g.set()).collect();
    match evaluate(expression, to, &sets) {
        Ok(r) => {
            let mut out = format!(
                "{}
",
                r.readable()
            );
            out.push_str(&format!(
                "  {} (SI: {} {})
",
                r.phrase,
                crate::units::format_readable(r.si_value, 6),
                r.si_unit
            ));
            for w in &r.warnings {
                out.push_str(&format!(
                    "  note: {w}
"
                ));
            }
            Ok(out)
        }
        Err(e) => {
            let mut out = format!(
                "error: {}
",
                e.message
            );
            match (e.field, e.position) {
                (EvalField::Expression, Some(at)) => {
                    out.push_str(&format!(
                        "  {expression}
  {}^
",
                        " ".repeat(at)
                    ));
                }
                (EvalField::To, _) => out.push_str(&format!(
                    "  --to {}
",
                    to.unwrap_or("")
                )),
                _ => {}
            }
            out.push_str(&format!(
                "  expected: {}
",
                e.expected
            ));
            Err(out)
        }
    }
}

fn data_check(dir: Option<PathBuf>) -> ExitCode {
    match load_catalog(dir.as_deref()) {
        Ok(c) => {
            let findings = crate::catalog::audit_sources(&c);
            let refused: Vec<_> = findings
                .iter()
                .filter(|f| f.severity == crate::catalog::Severity::Refuse)
                .collect();
            for f in &findings {
                let tag = match f.severity {
                    crate::catalog::Severity::Refuse => "error",
                    crate::catalog::Severity::Warn => "warning",
                };
                eprintln!("{tag}: sources.{}: {}", f.source, f.message);
            }
            if !refused.is_empty() {
                eprintln!(
                    "the data catalog has {} source(s) no reader can follow",
                    refused.len()
                );
                return ExitCode::FAILURE;
            }
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
    fn the_embedded_catalog_fits_the_evaluators() {
        let catalog = Catalog::embedded().unwrap();
        assert_eq!(crate::scenario::check_catalog(&catalog), Vec::new());
    }

    #[test]
    fn each_project_estimates_the_same_from_its_part_of_the_catalog() {
        // `tanso estimate` loads only the project's part of the embedded catalog: every
        // documented project, deterministic and with 200 draws, must come out to the bit as
        // from the whole catalog, with a part smaller than the whole; so must the part read
        // on one thread, as `tanso estimate --weather` reads it.
        let whole = Catalog::embedded().unwrap();
        for seed in &whole.seeds {
            let part = Catalog::embedded_for(&seed.id)
                .unwrap_or_else(|| panic!("{}: its part does not load", seed.id));
            let alone = Catalog::embedded_for_on_this_thread(&seed.id).unwrap();
            assert!(
                part.models.len() == 1 && part.seeds.len() == 1,
                "{}",
                seed.id
            );
            assert_eq!(part.version, whole.version);
            for draws in [None, Some(200)] {
                let o = Overrides {
                    draws,
                    ..Overrides::default()
                };
                let request = estimate_request(&seed.id, &o).unwrap();
                let json = |c: &Catalog| {
                    serde_json::to_string(&crate::scenario::estimate(c, &request).unwrap()).unwrap()
                };
                assert_eq!(
                    json(&part),
                    json(&whole),
                    "{} with {draws:?} draws",
                    seed.id
                );
                assert_eq!(json(&alone), json(&whole), "{} on one thread", seed.id);
            }
        }
        assert!(Catalog::embedded_for("no-such-project").is_none());
    }

    /// `weather` written as an EPW file (the fields tanso reads from it; the others are
    /// constants in their units), at the weather's own location.
    fn epw_of(weather: &crate::weather::Weather) -> String {
        use uom::si::heat_flux_density::watt_per_square_meter as wm2;
        let loc = weather.location().unwrap();
        let mut text = format!(
            "LOCATION,Test,RM,CHL,written by a test,000000,{},{},{},{}\n\
             DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\n\
             HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,test\nCOMMENTS 2,test\n\
             DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n",
            loc.latitude.get::<uom::si::angle::degree>(),
            loc.longitude.get::<uom::si::angle::degree>(),
            f64::from(loc.utc_offset_minutes) / 60.0,
            loc.elevation.get::<uom::si::length::meter>(),
        );
        let missing = |v: Option<crate::units::Irradiance>| v.map_or(9999.0, |v| v.get::<wm2>());
        for r in weather.records() {
            let t = r.period_start;
            text.push_str(&format!(
                "{},{},{},{},60,?9,{},8.0,60,95000,0,1415,300,{},{},{},0,0,0,0,200,{},0,0,20,77777,9,999999999,10,0.1,0,88,{},0,1\n",
                t.year(),
                t.month(),
                t.day(),
                t.hour() + 1,
                r.air_temperature.get::<uom::si::thermodynamic_temperature::degree_celsius>(),
                r.ghi.get::<wm2>(),
                missing(r.dni),
                missing(r.dhi),
                r.wind_speed.get::<uom::si::velocity::meter_per_second>(),
                r.albedo.map_or(999.0, |a| a.get::<uom::si::ratio::ratio>()),
            ));
        }
        text
    }

    #[test]
    fn a_weather_file_read_beside_the_request_estimates_as_one_inside_it() {
        use crate::models::plugin::{ReadWeather, WeatherText};
        // `tanso estimate --weather` reads the file while the catalog loads and hands the
        // parsed weather to the estimate; the result, and the refusal of a broken file or of
        // one the checks refuse, must be those of the same file sent inside the request (as the
        // API and `--compare` do).
        let catalog = Catalog::embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let year = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/santiago_climatology.csv"),
        )
        .unwrap();
        let broken = year.replacen(",", ";", 40);
        // 900 W/m² two hours before sunrise: read, then refused by the checks.
        let night = year.replacen(
            "2023-01-01T03:00-04:00,0.0000,",
            "2023-01-01T03:00-04:00,900.0,",
            1,
        );
        assert_ne!(night, year);
        // The same years as EPW files, long enough to be read in two parts by two threads;
        // one broken in its last record (in the second part).
        let epw_of_csv = |csv| epw_of(&crate::weather::csv::parse_csv(csv, "year.csv").unwrap());
        let (epw, night_epw) = (epw_of_csv(&year), epw_of_csv(&night));
        let last = epw.rfind("\n2023,").unwrap();
        let broken_epw = format!("{}\n2023,12,31,x{}", &epw[..last], &epw[last + 12..]);
        for (name, text, reads) in [
            ("year.csv", &year, true),
            ("broken.csv", &broken, false),
            ("night.csv", &night, true),
            ("year.epw", &epw, true),
            ("broken.epw", &broken_epw, false),
            ("night.epw", &night_epw, true),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            for draws in [None, Some(200)] {
                let inside = estimate_request(
                    "renca-solar",
                    &Overrides {
                        weather: Some(path.clone()),
                        draws,
                        ..Overrides::default()
                    },
                )
                .unwrap();
                let beside = Overrides {
                    draws,
                    ..Overrides::default()
                };
                let beside = estimate_request("renca-solar", &beside).unwrap();
                let bytes = FileBytes::open(&path).unwrap();
                assert!(
                    matches!(bytes, FileBytes::Mapped(_)),
                    "a regular file is mapped"
                );
                let text = weather_text(&path, &bytes).unwrap();
                let show = |r: Result<crate::scenario::Estimate, crate::error::ScenarioError>| {
                    r.map(|e| serde_json::to_string(&e).unwrap())
                        .map_err(|e| scenario_error_text(&e))
                };
                let expected = show(crate::scenario::estimate(&catalog, &inside));
                assert_eq!(expected.is_ok(), name.starts_with("year."), "{name}");
                // As `tanso estimate` runs it: both threads read, then the reading thread is
                // lent to the model (sky halves, checks) while the estimate runs on this one;
                // and with no thread serving, where this one takes all the work back.
                for serving in [true, false] {
                    let shared = text.read_shared();
                    let spare = Spare::new();
                    let got = std::thread::scope(|s| {
                        if serving {
                            s.spawn(|| read_weather_then_serve(&shared, &spare));
                        }
                        spare.lent_while(|| {
                            shared.help();
                            let weather = shared.wait().as_ref().ok();
                            assert_eq!(weather.is_some(), reads, "{name}");
                            let parsed = weather.map(|weather| ReadWeather {
                                weather,
                                spare: Some(&spare),
                            });
                            show(crate::scenario::estimate_with_weather(
                                &catalog,
                                &beside,
                                WeatherText { parsed, ..text },
                            ))
                        })
                    });
                    assert_eq!(got, expected, "{name}, {draws:?} draws, serving {serving}");
                    // Read cleanly: the second half of the skies and the checks were lent.
                    assert_eq!(spare.lent(), if reads { 2 } else { 0 }, "{name}");
                }
            }
        }
    }

    #[test]
    fn each_command_is_described_by_its_own_doc_comment() {
        // Subcommands are deferred (`#[command(defer = true)]`): a flattened struct's doc
        // comment would then replace the subcommand's description, as it once did for
        // `serve` and `estimate`.
        use clap::CommandFactory;
        let mut cli = Cli::command();
        cli.build();
        let names: Vec<String> = cli
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        let mut about = |name: &str| {
            let sub = cli.find_subcommand_mut(name).unwrap();
            sub.build();
            sub.get_about().unwrap().to_string()
        };
        assert!(about("serve").starts_with("Start the HTTP service"));
        assert!(about("estimate").starts_with("Estimate a documented project"));
        let mut abouts: Vec<String> = names.iter().map(|n| about(n)).collect();
        abouts.sort();
        abouts.dedup();
        assert_eq!(
            abouts.len(),
            names.len(),
            "two commands share a description"
        );
    }

    #[test]
    fn units_eval_prints_value_dimension_and_notes() {
        let catalog = load_catalog(None).unwrap();
        // 2 MW × 8,760 h × 16.5 % = 2,890.8 MWh = 1.04069e13 J.
        let out = units_eval(&catalog, "2 MW * 8760 h * 16.5 %", Some("MWh")).unwrap();
        assert_eq!(
            out,
            "2,890.8 MWh\n  an energy (SI: 10,406,900,000,000 kg·m²·s⁻²)\n"
        );
        // 49.92 t CH4 × 28 (AR5) = 1,397.76 t CO2e.
        let out = units_eval(&catalog, "12480 t * 4 gCH4/kg * gwp(ar5)", None).unwrap();
        assert!(out.starts_with("1,397.76 tCO2e\n  a mass of CO2e"), "{out}");
        let err = units_eval(&catalog, "2 MW + 1 MWW", None).unwrap_err();
        assert!(err.contains("unknown unit \"MWW\""), "{err}");
        assert!(err.contains("  2 MW + 1 MWW\n           ^\n"), "{err}");
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
