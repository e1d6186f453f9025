//! Data catalogs: every number with its unit and its source.
//!
//! - `models/*.toml`: per model, its parameters (dimension, default, range, uncertainty,
//!   sources); also the reference datasets `gwp.toml` and `grid-factors.toml`.
//! - `seeds/*.toml`: the documented projects, each fact and assumption cited.
//! - Any file may define sources in `[sources.<id>]` tables; everything else cites them by id.
//!
//! The files are embedded at build time; `--data DIR` loads an edited copy instead. Loading
//! validates everything and reports every problem with its file and key. The dataset version
//! is a hash of the content, carried by every result.

mod citations;
mod datasets;
mod extras;
mod model;
mod seed;
mod source;
mod value;
mod version;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;
use version::content_version;

pub use citations::{Finding, PENDING_AUDIT, PRIMARY_HOSTS, Severity, audit_sources};
pub use datasets::{FactorKind, GridFactor, GwpEntry};
pub use extras::{Equivalency, EquivalencyKind, Programme};
pub use model::{ModelSpec, ParameterSpec, Provenance, Uncertainty, UncertaintySpec};
pub use seed::{
    Fact, Location, MonthlyClimate, SCENARIO_OPTIONS, ScenarioDefault, Seed, SeedParameter,
};
pub use source::{Confidence, Source};
pub use value::{Amount, Date, ParamKind, Value};

use crate::units::ghg::{GwpSet, GwpSetId};

include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));

/// The JSON form build.rs makes of an embedded file's TOML table.
#[derive(Clone, Copy)]
pub(crate) struct JsonForm {
    /// The table's top-level keys, `sources` included.
    keys: &'static [&'static str],
    /// Its `[sources]` table, when it has one.
    sources: Option<&'static str>,
    /// The table without `sources`, read straight into the typed form its keys call for.
    content: &'static str,
    /// Read its `[sources]` only (see [`Catalog::embedded_for`]).
    sources_only: bool,
}

/// Largest data file read, in bytes (the largest shipped file is about 21 KB; a dataset of
/// grid factors for every country and year fits well within this).
pub const MAX_FILE_BYTES: u64 = 4 << 20;
/// Most data files in a data directory.
pub const MAX_FILES: usize = 256;
/// Most parameters a model may declare.
pub const MAX_PARAMETERS: usize = 500;
/// Most grid-factor rows in one file.
pub const MAX_GRID_FACTORS: usize = 50_000;

/// One problem found while loading the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file, relative to the data directory.
    pub file: String,
    /// The dotted key inside the file (empty for whole-file problems).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.key, self.message)
        }
    }
}

/// Problems collected while reading one file.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    file: String,
    pub(crate) list: Vec<Problem>,
}

impl Problems {
    pub(crate) fn push(&mut self, key: &str, message: &str) {
        self.list.push(Problem {
            file: self.file.clone(),
            key: key.to_string(),
            message: message.to_string(),
        });
    }
}

/// The catalog could not be loaded; every problem found is listed.
#[derive(Debug, Clone, thiserror::Error)]
pub struct CatalogError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the data catalog has {} problem(s):",
            self.problems.len()
        )?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// All data tanso computes with.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// Content hash of all catalog files: the dataset version every result carries.
    pub version: String,
    pub sources: BTreeMap<String, Source>,
    pub models: Vec<ModelSpec>,
    pub seeds: Vec<Seed>,
    pub gwp_sets: Vec<GwpEntry>,
    pub grid_factors: Vec<GridFactor>,
    /// Local reference quantities for readers (`models/equivalencies.toml`).
    pub equivalencies: Vec<Equivalency>,
    /// City-to-city programmes grouping projects (`models/programmes.toml`).
    pub programmes: Vec<Programme>,
}

impl Catalog {
    /// The catalog embedded in the binary at build time.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        let files = EMBEDDED
            .iter()
            .map(|(p, c, json)| (p.to_string(), Cow::Borrowed(*c), json.as_ref()))
            .collect();
        Self::load(files, Some(EMBEDDED_VERSION), Threads::AllCores)
    }

    /// The embedded catalog with only what an estimate of `project` reads: its seed, the
    /// model the seed names, every file that is neither a model nor a seed (sources, GWP
    /// sets, grid factors, equivalencies, programmes), and the `[sources]` of the other
    /// models and seeds (one file may cite a source another documents); with the whole
    /// catalog's dataset version. `tanso estimate` starts a process per estimate, which needs
    /// one model and one seed of the catalog's many. `None` when `project` is not an embedded
    /// seed or its part does not load on its own, where the caller loads the whole catalog.
    /// A test holds every seed's estimate from its part to the whole catalog's, to the bit.
    pub fn embedded_for(project: &str) -> Option<Catalog> {
        Self::embedded_for_on(project, Threads::AllCores)
    }

    /// [`Self::embedded_for`], read on the calling thread only: `tanso estimate` leaves the
    /// other core to the thread that reads its weather file meanwhile.
    pub fn embedded_for_on_this_thread(project: &str) -> Option<Catalog> {
        Self::embedded_for_on(project, Threads::This)
    }

    fn embedded_for_on(project: &str, threads: Threads) -> Option<Catalog> {
        #[derive(serde::Deserialize)]
        struct SeedModel {
            model: String,
        }
        let seed_path = format!("seeds/{project}.toml");
        let (_, _, json) = EMBEDDED.iter().find(|(p, _, _)| *p == seed_path)?;
        let model: SeedModel = serde_json::from_str(json.as_ref()?.content).ok()?;
        let model_path = format!("models/{}.toml", model.model);
        // Each file as a whole, or its sources only, or (without sources) not at all.
        let part: Vec<(&str, &str, Option<JsonForm>)> = EMBEDDED
            .iter()
            .filter_map(|&(p, text, ref json)| {
                let Some(json) = json else {
                    return Some((p, text, None));
                };
                let is_model = names_a_model(|k| json.keys.contains(&k));
                if p == seed_path || p == model_path || !(p.starts_with("seeds/") || is_model) {
                    Some((p, text, Some(*json)))
                } else if json.sources.is_some() {
                    let sources_only = JsonForm {
                        sources_only: true,
                        ..*json
                    };
                    Some((p, text, Some(sources_only)))
                } else {
                    None
                }
            })
            .collect();
        let files = part
            .iter()
            .map(|(p, text, json)| (p.to_string(), Cow::Borrowed(*text), json.as_ref()))
            .collect();
        Self::load(files, Some(EMBEDDED_VERSION), threads).ok()
    }

    /// A catalog read from a directory holding `models/` and `seeds/`.
    pub fn from_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for sub in ["models", "seeds"] {
            let path = dir.join(sub);
            match std::fs::read_dir(&path) {
                Ok(entries) => {
                    for entry in entries.filter_map(Result::ok) {
                        let p = entry.path();
                        if p.extension().is_some_and(|x| x == "toml") {
                            let rel = format!("{sub}/{}", entry.file_name().to_string_lossy());
                            if files.len() + problems.len() >= MAX_FILES {
                                problems.push(Problem {
                                    file: format!("{sub}/"),
                                    key: String::new(),
                                    message: format!(
                                        "the data directory holds more than {MAX_FILES} .toml files; tanso reads at most {MAX_FILES}"
                                    ),
                                });
                                break;
                            }
                            // Sized before reading: a huge file is refused, not loaded.
                            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                            if size > MAX_FILE_BYTES {
                                problems.push(too_big(rel, size));
                                continue;
                            }
                            match std::fs::read_to_string(&p) {
                                Ok(text) => files.push((rel, text)),
                                Err(e) => problems.push(Problem {
                                    file: rel,
                                    key: String::new(),
                                    message: format!("cannot be read: {e}"),
                                }),
                            }
                        }
                    }
                }
                Err(e) => problems.push(Problem {
                    file: path.display().to_string(),
                    key: String::new(),
                    message: format!(
                        "cannot be read: {e} (a data directory holds models/ and seeds/)"
                    ),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(CatalogError { problems });
        }
        Self::from_files(files)
    }

    /// Builds and validates a catalog from (relative path, content) pairs.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Catalog, CatalogError> {
        let files = files
            .into_iter()
            .map(|(p, c)| (p, Cow::Owned(c), None))
            .collect();
        Self::load(files, None, Threads::AllCores)
    }

    /// [`Self::from_files`], where a file may come with the JSON form of its TOML table
    /// (built by build.rs for the embedded files), read instead of its text when it can be.
    /// `version` is the dataset version when it is already known (the embedded catalog's,
    /// computed by build.rs); otherwise it is computed here.
    fn load(
        mut files: Vec<(String, Cow<'static, str>, Option<&JsonForm>)>,
        version: Option<&str>,
        threads: Threads,
    ) -> Result<Catalog, CatalogError> {
        files.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        type Files = Vec<(String, Cow<'static, str>)>;
        let (files, json): (Files, Vec<_>) = files.into_iter().map(|(p, c, j)| ((p, c), j)).unzip();
        let version = version.map_or_else(
            || content_version(files.iter().map(|(p, t)| (p.as_str(), t.as_ref()))),
            String::from,
        );
        let mut all_problems = Vec::new();
        let mut sources = BTreeMap::new();
        let mut built_models = Vec::new();
        let mut raw_seeds = Vec::new();
        let mut raw_gwp = Vec::new();
        let mut raw_grid = Vec::new();
        let mut raw_equivalencies = Vec::new();
        let mut raw_programmes = Vec::new();

        // Parsing (and building a model) is per file and independent: spread over the cores,
        // kept in file order.
        for ((path, text), parsed) in files.iter().zip(parse_files(&files, &json, threads)) {
            let mut problems = Problems {
                file: path.clone(),
                ..Default::default()
            };
            match parsed {
                Err(FileError::TooBig(size)) => all_problems.push(too_big(path.clone(), size)),
                Err(FileError::Toml(e)) => problems.push(
                    "",
                    &format!("is not valid TOML: {}{}", e.message(), line_of(text, &e)),
                ),
                Ok(file) => {
                    if let Some(raw) = file.sources {
                        read_sources(raw, &mut sources, &mut problems);
                    }
                    match file.content {
                        Ok(FileContent::Seed(r)) => raw_seeds.push((path.clone(), *r)),
                        Ok(FileContent::Model(m)) => built_models.push((path.clone(), *m)),
                        Ok(FileContent::Gwp(r)) => raw_gwp.push((path.clone(), r)),
                        Ok(FileContent::Grid(r)) => raw_grid.push((path.clone(), r)),
                        Ok(FileContent::Equivalencies(r)) => {
                            raw_equivalencies.push((path.clone(), r))
                        }
                        Ok(FileContent::Programmes(r)) => raw_programmes.push((path.clone(), r)),
                        Ok(FileContent::SourcesOnly) => {}
                        Err(e) => problems.push("", &e),
                    }
                }
            }
            all_problems.extend(problems.list);
        }

        let mut models: Vec<ModelSpec> = Vec::new();
        for (path, (m, built)) in built_models {
            let mut problems = Problems {
                file: path.clone(),
                ..Default::default()
            };
            let expected = format!("models/{}.toml", m.id);
            if path != expected {
                problems.push("id", &format!("model \"{}\" must live in {expected}", m.id));
            }
            for id in &m.references {
                if !sources.contains_key(id) {
                    problems.push("references", &format!("cites unknown source \"{id}\""));
                }
            }
            problems.list.extend(built);
            check_refs(&model_refs(&m), &sources, &mut problems);
            all_problems.extend(problems.list);
            models.push(m);
        }
        let mut gwp_sets = Vec::new();
        for (path, raw) in raw_gwp {
            let mut problems = Problems {
                file: path,
                ..Default::default()
            };
            let sets = datasets::build_gwp(raw, &mut problems);
            let refs: Vec<(String, &Provenance)> = sets
                .iter()
                .map(|s| (format!("gwp_sets.{}", s.id), &s.provenance))
                .collect();
            check_refs(&refs, &sources, &mut problems);
            all_problems.extend(problems.list);
            gwp_sets.extend(sets);
        }
        let mut grid_factors = Vec::new();
        for (path, raw) in raw_grid {
            let mut problems = Problems {
                file: path,
                ..Default::default()
            };
            let factors = datasets::build_grid_factors(raw, &mut problems);
            let refs: Vec<(String, &Provenance)> = factors
                .iter()
                .map(|f| (format!("grid_factors.{}", f.id), &f.provenance))
                .collect();
            check_refs(&refs, &sources, &mut problems);
            all_problems.extend(problems.list);
            grid_factors.extend(factors);
        }
        let mut equivalencies = Vec::new();
        for (path, raw) in raw_equivalencies {
            let mut problems = Problems {
                file: path,
                ..Default::default()
            };
            let list = extras::build_equivalencies(raw, &mut problems);
            let refs: Vec<(String, &Provenance)> = list
                .iter()
                .map(|e| (format!("equivalencies.{}", e.id), &e.provenance))
                .collect();
            check_refs(&refs, &sources, &mut problems);
            all_problems.extend(problems.list);
            equivalencies.extend(list);
        }
        let mut programmes = Vec::new();
        for (path, raw) in raw_programmes {
            let mut problems = Problems {
                file: path,
                ..Default::default()
            };
            let list = extras::build_programmes(raw, &mut problems);
            let refs: Vec<(String, &Provenance)> = list
                .iter()
                .map(|p| (format!("programmes.{}", p.id), &p.provenance))
                .collect();
            check_refs(&refs, &sources, &mut problems);
            all_problems.extend(problems.list);
            programmes.extend(list);
        }
        let mut seeds = Vec::new();
        for (path, raw) in raw_seeds {
            let mut problems = Problems {
                file: path.clone(),
                ..Default::default()
            };
            let expected = format!("seeds/{}.toml", raw.id);
            if path != expected {
                problems.push(
                    "id",
                    &format!("seed \"{}\" must live in {expected}", raw.id),
                );
            }
            let s = seed::build_seed(raw, &models, &mut problems);
            check_refs(&seed_refs(&s), &sources, &mut problems);
            if let Some(p) = &s.programme
                && !programmes.iter().any(|x| &x.id == p)
            {
                let known: Vec<&str> = programmes.iter().map(|x| x.id.as_str()).collect();
                problems.push(
                    "programme",
                    &format!(
                        "unknown programme \"{p}\"; programmes in models/programmes.toml: {}",
                        known.join(", ")
                    ),
                );
            }
            all_problems.extend(problems.list);
            seeds.push(s);
        }
        let gwp_file_read =
            !gwp_sets.is_empty() || !files.iter().any(|(p, _)| p == "models/gwp.toml");
        for id in GwpSetId::ALL {
            if gwp_file_read && !gwp_sets.iter().any(|g| g.id == id) {
                all_problems.push(Problem {
                    file: "models/gwp.toml".into(),
                    key: format!("gwp_sets.{id}"),
                    message: "is missing: every GWP set tanso offers must be defined".into(),
                });
            }
        }
        if all_problems.is_empty() {
            Ok(Catalog {
                version,
                sources,
                models,
                seeds,
                gwp_sets,
                grid_factors,
                equivalencies,
                programmes,
            })
        } else {
            Err(CatalogError {
                problems: all_problems,
            })
        }
    }

    /// A model by id.
    pub fn model(&self, id: &str) -> Option<&ModelSpec> {
        self.models.iter().find(|m| m.id == id)
    }

    /// A documented project by id.
    pub fn seed(&self, id: &str) -> Option<&Seed> {
        self.seeds.iter().find(|s| s.id == id)
    }

    /// A GWP set by id (every id is present once the catalog has loaded).
    pub fn gwp(&self, id: GwpSetId) -> GwpSet {
        self.gwp_sets
            .iter()
            .find(|g| g.id == id)
            .map(GwpEntry::set)
            .expect("loading checks that every GWP set is defined")
    }

    /// A city-to-city programme by id.
    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id == id)
    }

    /// The documented projects of a programme, in catalog order.
    pub fn programme_seeds(&self, id: &str) -> Vec<&Seed> {
        self.seeds
            .iter()
            .filter(|s| s.programme.as_deref() == Some(id))
            .collect()
    }

    /// The equivalencies of a country.
    pub fn equivalencies_for(&self, country: &str) -> Vec<&Equivalency> {
        self.equivalencies
            .iter()
            .filter(|e| e.country == country)
            .collect()
    }

    /// The grid factors of one series, sorted by year.
    pub fn grid_series(&self, series: &str) -> Vec<&GridFactor> {
        let mut out: Vec<&GridFactor> = self
            .grid_factors
            .iter()
            .filter(|f| f.series == series)
            .collect();
        out.sort_by_key(|f| f.year);
        out
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GwpFile {
    gwp_sets: Vec<datasets::RawGwp>,
    #[serde(default, rename = "sources")]
    _sources: Option<toml::Table>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GridFile {
    grid_factors: Vec<datasets::RawGridFactor>,
    #[serde(default, rename = "sources")]
    _sources: Option<toml::Table>,
}

/// A file's `[sources]` table: typed straight from the JSON form build.rs made of it, or as
/// a TOML value, read entry by entry so that each bad entry is reported under its id.
enum RawSources {
    Typed(BTreeMap<String, Source>),
    Value(toml::Value),
}

/// Registers each source of a file's `[sources]` table under its id.
fn read_sources(raw: RawSources, sources: &mut BTreeMap<String, Source>, problems: &mut Problems) {
    let defs: Vec<(String, Result<Source, String>)> = match raw {
        RawSources::Typed(defs) => defs.into_iter().map(|(id, s)| (id, Ok(s))).collect(),
        RawSources::Value(toml::Value::Table(defs)) => defs
            .into_iter()
            .map(|(id, def)| (id, def.try_into::<Source>().map_err(|e| e.to_string())))
            .collect(),
        RawSources::Value(_) => {
            problems.push("sources", "must be a table of [sources.<id>] entries");
            return;
        }
    };
    for (id, def) in defs {
        let key = format!("sources.{id}");
        match def {
            Ok(mut s) => {
                s.id = id.clone();
                if s.title.trim().is_empty() || s.publisher.trim().is_empty() {
                    problems.push(&key, "needs a title and a publisher");
                }
                if s.url.is_none() && s.document.is_none() {
                    problems.push(&key, "needs a `url` or a `document`");
                }
                if s.confidence == Confidence::Assumption && s.note.is_none() {
                    problems.push(
                        &key,
                        "is an assumption and needs a `note` giving the reason",
                    );
                }
                if sources.insert(id, s).is_some() {
                    problems.push(&key, "is defined in more than one file");
                }
            }
            Err(e) => problems.push(&key, e.trim()),
        }
    }
}

/// One catalog file, parsed: its `[sources]` table (read in file order afterwards, so that
/// a source defined twice is reported the same way on any number of cores) and its content.
struct ParsedFile {
    sources: Option<RawSources>,
    /// The typed content, or the message of why it is not (with its line).
    content: Result<FileContent, String>,
}

/// What a catalog file holds, by what its top-level keys say it is.
enum FileContent {
    Seed(Box<seed::RawSeed>),
    /// A model, built where it was parsed (it needs no other file), with the problems
    /// building it found.
    Model(Box<(ModelSpec, Vec<Problem>)>),
    Gwp(Vec<datasets::RawGwp>),
    Grid(Vec<datasets::RawGridFactor>),
    Equivalencies(Vec<extras::RawEquivalency>),
    Programmes(Vec<extras::RawProgramme>),
    SourcesOnly,
}

enum FileError {
    TooBig(u64),
    Toml(toml::de::Error),
}

/// Whether a file's top-level keys (`has`, after the datasets' own keys) make it a model.
fn names_a_model(has: impl Fn(&str) -> bool) -> bool {
    has("parameters") || has("id")
}

/// The threads a catalog is read on.
#[derive(Clone, Copy)]
enum Threads {
    /// The calling thread only.
    This,
    /// As many as there are cores, the calling thread one of them.
    AllCores,
}

/// Parses every file, on up to as many threads as there are cores, the calling thread one
/// of them; each takes the next file not yet taken (models cost more than the rest, so
/// fixed shares would leave one thread idle). The results come back in file order.
fn parse_files(
    files: &[(String, Cow<str>)],
    json: &[Option<&JsonForm>],
    threads: Threads,
) -> Vec<Result<ParsedFile, FileError>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = match threads {
        Threads::This => 1,
        Threads::AllCores => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((path, text)) = files.get(i) else {
                return done;
            };
            done.push((i, parse_file(path, text, json[i])));
        }
    };
    let mut parsed: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads.min(files.len()))
            .map(|_| scope.spawn(take))
            .collect();
        let mut all = take();
        for w in workers {
            all.extend(w.join().expect("parsing a catalog file does not panic"));
        }
        all
    });
    parsed.sort_unstable_by_key(|(i, _)| *i);
    parsed.into_iter().map(|(_, p)| p).collect()
}

/// A file's table without its `[sources]`: parsed from the TOML text, or the JSON form
/// build.rs made of it.
enum Form<'a> {
    Table(toml::Table),
    Json(&'a JsonForm),
}

impl Form<'_> {
    fn has(&self, key: &str) -> bool {
        match self {
            Form::Table(t) => t.contains_key(key),
            Form::Json(j) => key != "sources" && j.keys.contains(&key),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Form::Table(t) => t.is_empty(),
            Form::Json(j) => j.keys.iter().all(|k| *k == "sources"),
        }
    }

    /// The typed form. Only when that fails is the text parsed again into it, for the line
    /// number a table no longer has (from the JSON form, the text is the reference).
    fn typed<T: serde::de::DeserializeOwned>(self, text: &str) -> Result<T, String> {
        let from_text = || toml::from_str::<T>(text);
        let with_line = |e: toml::de::Error| format!("{}{}", e.message(), line_of(text, &e));
        match self {
            Form::Table(table) => {
                toml::Value::Table(table)
                    .try_into::<T>()
                    .map_err(|first| match from_text() {
                        Err(e) => with_line(e),
                        Ok(_) => first.message().to_string(),
                    })
            }
            Form::Json(j) => serde_json::from_str::<T>(j.content)
                .or_else(|_| from_text())
                .map_err(with_line),
        }
    }
}

/// Parses one file once: from `json`, the JSON form of its table, when given and readable,
/// else from its text into a table and then into the typed form its keys call for.
fn parse_file(path: &str, text: &str, json: Option<&JsonForm>) -> Result<ParsedFile, FileError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError::TooBig(text.len() as u64));
    }
    let from_json = json.and_then(|j| {
        // Typed at once; only a table that does not type is read entry by entry.
        let sources = match j.sources {
            Some(s) => Some(match serde_json::from_str::<BTreeMap<String, Source>>(s) {
                Ok(typed) => RawSources::Typed(typed),
                Err(_) => RawSources::Value(serde_json::from_str::<toml::Value>(s).ok()?),
            }),
            None => None,
        };
        Some((sources, Form::Json(j)))
    });
    let (sources, form) = match from_json {
        Some(read) => read,
        None => {
            let mut table = text.parse::<toml::Table>().map_err(FileError::Toml)?;
            (
                table.remove("sources").map(RawSources::Value),
                Form::Table(table),
            )
        }
    };
    let empty = form.is_empty() && sources.is_none();
    let has = |k: &str| form.has(k);
    let content = if json.is_some_and(|j| j.sources_only) {
        Ok(FileContent::SourcesOnly)
    } else if path.starts_with("seeds/") {
        form.typed(text).map(|r| FileContent::Seed(Box::new(r)))
    } else if has("gwp_sets") {
        form.typed::<GwpFile>(text)
            .map(|r| FileContent::Gwp(r.gwp_sets))
    } else if has("grid_factors") {
        form.typed::<GridFile>(text)
            .map(|r| FileContent::Grid(r.grid_factors))
    } else if has("equivalencies") {
        form.typed::<extras::EquivalencyFile>(text)
            .map(|r| FileContent::Equivalencies(r.equivalencies))
    } else if has("programmes") {
        form.typed::<extras::ProgrammeFile>(text)
            .map(|r| FileContent::Programmes(r.programmes))
    } else if names_a_model(has) {
        form.typed(text).map(|raw| {
            let mut problems = Problems {
                file: path.to_string(),
                ..Default::default()
            };
            let m = model::build_model(raw, &mut problems);
            FileContent::Model(Box::new((m, problems.list)))
        })
    } else if empty && path.starts_with("models/") {
        Err("is empty: a model file needs `id`, `name`, `description` and `[[parameters]]` (a file of only [sources.<id>] tables is also accepted)".into())
    } else if form.is_empty() {
        Ok(FileContent::SourcesOnly)
    } else {
        Err("unrecognised file: expected a model (id, parameters), a seed, gwp_sets, grid_factors, equivalencies, programmes, or only [sources]".into())
    };
    Ok(ParsedFile { sources, content })
}

fn too_big(file: String, size: u64) -> Problem {
    Problem {
        file,
        key: String::new(),
        message: format!(
            "has {size} bytes, over the limit of {MAX_FILE_BYTES} bytes ({} MiB) for one data file; split it or trim it",
            MAX_FILE_BYTES >> 20
        ),
    }
}

/// " at line N" for a TOML error with a position.
fn line_of(text: &str, e: &toml::de::Error) -> String {
    e.span()
        .map(|s| {
            format!(
                " (line {})",
                text[..s.start.min(text.len())].matches('\n').count() + 1
            )
        })
        .unwrap_or_default()
}

fn model_refs(m: &ModelSpec) -> Vec<(String, &Provenance)> {
    let mut refs = Vec::new();
    for p in &m.parameters {
        refs.push((format!("parameters.{}", p.key), &p.provenance));
        if let Some(u) = &p.uncertainty {
            refs.push((format!("parameters.{}.uncertainty", p.key), &u.provenance));
        }
    }
    refs
}

fn seed_refs(s: &Seed) -> Vec<(String, &Provenance)> {
    let mut refs = vec![("location".to_string(), &s.location.provenance)];
    refs.extend(
        s.facts
            .iter()
            .map(|f| (format!("facts.{}", f.id), &f.provenance)),
    );
    for p in &s.parameters {
        refs.push((format!("parameters.{}", p.key), &p.provenance));
        if let Some(u) = &p.uncertainty {
            refs.push((format!("parameters.{}.uncertainty", p.key), &u.provenance));
        }
    }
    if let Some(c) = &s.climate {
        refs.push(("climate".into(), &c.provenance));
    }
    refs.extend(
        s.scenario
            .iter()
            .map(|d| (format!("scenario.{}", d.key), &d.provenance)),
    );
    refs
}

fn check_refs(
    refs: &[(String, &Provenance)],
    sources: &BTreeMap<String, Source>,
    problems: &mut Problems,
) {
    for (key, prov) in refs {
        for id in &prov.sources {
            if !sources.contains_key(id) {
                problems.push(key, &format!("cites unknown source \"{id}\""));
            }
        }
        if prov
            .assumption
            .as_ref()
            .is_some_and(|a| a.trim().is_empty())
        {
            problems.push(key, "has an empty assumption: give the reason");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_forms_read_as_the_toml_text() {
        // The embedded catalog is read from the JSON forms build.rs wrote; the same files
        // read from their TOML text must give the same catalog, every number to the bit
        // (serialised numbers are the shortest text that reads back to the same f64).
        let from_json = Catalog::embedded().unwrap();
        let from_text = Catalog::from_files(
            EMBEDDED
                .iter()
                .map(|(p, c, _)| (p.to_string(), c.to_string()))
                .collect(),
        )
        .unwrap();
        for (path, text, json) in EMBEDDED {
            let json = json
                .as_ref()
                .unwrap_or_else(|| panic!("{path} has no JSON form"));
            let mut read: toml::Table = serde_json::from_str(json.content).unwrap();
            if let Some(sources) = json.sources {
                read.insert("sources".into(), serde_json::from_str(sources).unwrap());
            }
            let table = text.parse::<toml::Table>().unwrap();
            assert_eq!(read, table, "{path}");
            let keys: Vec<&str> = table.keys().map(String::as_str).collect();
            assert_eq!(json.keys, keys.as_slice(), "{path}");
        }
        assert_eq!(
            from_json.version, from_text.version,
            "the version build.rs computed"
        );
        assert_eq!(
            serde_json::to_string(&from_json).unwrap(),
            serde_json::to_string(&from_text).unwrap()
        );
    }

    #[test]
    fn embedded_catalog_loads() {
        let c = match Catalog::embedded() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert!(c.version.starts_with("data-"));
        assert!(c.seed("renca-solar").is_some());
    }
}
