//! Saved scenarios: what a user asked for, kept so that a colleague can open it and so that a
//! figure can be traced to the dataset version it was computed under.
//!
//! One small trait, [`Store`], with two implementations:
//! - [`sqlite::SqliteStore`], the embedded default: one file under a data directory (or in
//!   memory, for tests). `tanso serve` with no flags uses it.
//! - [`postgres::PostgresStore`], for replicas sharing one database.
//!
//! What is stored is the scenario request in canonical form ([`canonical_json`]); its id is a
//! content hash of that text ([`ScenarioId::of`]), so saving the same scenario twice gives the
//! same id. A delete token is drawn at creation and only its hash is kept ([`Token`]). Both
//! stores run their versioned migrations at start ([`migrations`]), refuse rows over
//! [`MAX_SCENARIO_BYTES`] in the schema itself, serialise concurrent writers in the database
//! (a conflicting insert of the same id is not an error: the first one wins), and acknowledge a
//! save only after the database has committed it durably (SQLite WAL with
//! `synchronous=FULL`; PostgreSQL's default `synchronous_commit`).
//!
//! [`saved`] holds what the service and the command line share: save after checking, and
//! evaluate under the dataset version the scenario was saved under while it is still held.
//!
//! The drivers are synchronous: the HTTP layer calls them on its compute threads (the
//! readiness ping on actix's blocking pool, so that it never waits behind estimates).

pub mod migrations;
pub mod postgres;
pub mod saved;
pub mod sqlite;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::calendar::Date;
use crate::scenario::ScenarioRequest;

/// Largest canonical scenario, in bytes: the service's body limit, so a scenario with inline
/// weather up to the weather limit fits. The schemas of both databases check it too.
pub const MAX_SCENARIO_BYTES: usize = 8 << 20;

/// Environment variable naming the database: a `postgres://` URL or a SQLite file path.
pub const DATABASE_ENV: &str = "TANSO_DATABASE_URL";
/// Environment variable naming the data directory of the default SQLite file.
pub const DATA_DIR_ENV: &str = "TANSO_DATA_DIR";
/// File name of the default SQLite store inside the data directory.
pub const SQLITE_FILE: &str = "scenarios.sqlite3";

/// The id of a saved scenario: `sc-` and 32 hex digits (128 bits) of the SHA-256 of its
/// canonical JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScenarioId(String);

impl ScenarioId {
    /// Length of an id in characters.
    pub const LEN: usize = 3 + 32;

    /// The id of a canonical scenario text.
    pub fn of(canonical: &str) -> ScenarioId {
        let digest = Sha256::digest(canonical.as_bytes());
        ScenarioId(format!("sc-{}", &hex(&digest)[..32]))
    }

    /// Reads an id as written in a URL; `None` unless it has the form of an id.
    pub fn parse(text: &str) -> Option<ScenarioId> {
        let digits = text.strip_prefix("sc-")?;
        (digits.len() == 32
            && digits
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| ScenarioId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The secret that allows deleting a saved scenario, given once to whoever saved it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A new token: `dt-` and 48 hex digits (192 bits) from the operating system's CSPRNG.
    pub fn generate() -> Result<Token, StoreError> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(|e| {
            StoreError::unavailable(format!("no randomness for a delete token: {e}"))
        })?;
        Ok(Token(format!("dt-{}", hex(&bytes))))
    }

    /// A token as the client sent it.
    pub fn given(text: &str) -> Token {
        Token(text.trim().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps: the SHA-256 of the token, in hex. Comparing hashes leaks nothing
    /// useful through timing, since the hash of a guess says nothing about the token.
    pub fn hash(&self) -> TokenHash {
        TokenHash(hex(&Sha256::digest(self.0.as_bytes())))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// The stored form of a [`Token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHash(pub String);

/// A scenario about to be saved.
#[derive(Debug, Clone)]
pub struct NewScenario {
    pub id: ScenarioId,
    /// The canonical JSON.
    pub body: String,
    /// The dataset version it is saved under (the catalog in use when it was saved).
    pub dataset_version: String,
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub created_ms: i64,
    pub token_hash: TokenHash,
}

impl NewScenario {
    /// The scenario `req` saved under `dataset_version` now, with a fresh token (returned
    /// alongside: it is given to the client once and never stored).
    pub fn prepare(
        req: &ScenarioRequest,
        dataset_version: &str,
    ) -> Result<(NewScenario, Token), StoreError> {
        let body = canonical_json(req);
        if body.len() > MAX_SCENARIO_BYTES {
            return Err(StoreError::too_large(body.len()));
        }
        let token = Token::generate()?;
        Ok((
            NewScenario {
                id: ScenarioId::of(&body),
                body,
                dataset_version: dataset_version.to_string(),
                created_ms: now_ms(),
                token_hash: token.hash(),
            },
            token,
        ))
    }
}

/// A saved scenario as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: ScenarioId,
    pub body: String,
    pub dataset_version: String,
    pub created_ms: i64,
}

impl Record {
    /// The scenario request. Fails only if the stored text is not a scenario this version of
    /// tanso reads (a bug, or a row written by hand).
    pub fn scenario(&self) -> Result<ScenarioRequest, StoreError> {
        serde_json::from_str(&self.body).map_err(|e| StoreError {
            kind: StoreErrorKind::Corrupt,
            message: format!("saved scenario {} cannot be read back: {e}", self.id),
        })
    }

    /// Creation time as RFC 3339 UTC with milliseconds, e.g. `2026-03-01T09:30:00.000Z`.
    pub fn created_at(&self) -> String {
        rfc3339_ms(self.created_ms)
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Stored now.
    Created(Record),
    /// The same scenario was already saved (same id); nothing changed, and its original
    /// creation time, dataset version and token stay.
    Existing(Record),
}

impl Saved {
    pub fn record(&self) -> &Record {
        match self {
            Saved::Created(r) | Saved::Existing(r) => r,
        }
    }
}

/// What a delete did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Deleted,
    NotFound,
    /// The scenario exists and the token is not its token.
    WrongToken,
}

/// Which database a store uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where saved scenarios live. Implementations are safe to share between threads and
/// processes; every method blocks.
pub trait Store: Send + Sync {
    fn backend(&self) -> Backend;
    /// Where the data is, for logs: a file path, or a URL without its password.
    fn location(&self) -> &str;
    /// Saves a scenario; returns the stored record once it is durable.
    fn save(&self, new: &NewScenario) -> Result<Saved, StoreError>;
    fn get(&self, id: &ScenarioId) -> Result<Option<Record>, StoreError>;
    /// Deletes the scenario if `token` is the hash of its delete token.
    fn delete(&self, id: &ScenarioId, token: &TokenHash) -> Result<Deleted, StoreError>;
    /// Succeeds when the database answers (readiness).
    fn ping(&self) -> Result<(), StoreError>;
}

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    pub kind: StoreErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// The database cannot be reached or failed; retrying later may work.
    Unavailable,
    /// The scenario is larger than [`MAX_SCENARIO_BYTES`].
    TooLarge,
    /// A stored row cannot be read back.
    Corrupt,
    /// The database's schema is not one this tanso can use (e.g. newer).
    Schema,
    /// The location given cannot be used (a bad URL, a directory that cannot be created).
    Config,
}

impl StoreError {
    pub fn unavailable(message: impl Into<String>) -> Self {
        StoreError {
            kind: StoreErrorKind::Unavailable,
            message: message.into(),
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        StoreError {
            kind: StoreErrorKind::Config,
            message: message.into(),
        }
    }

    pub fn too_large(bytes: usize) -> Self {
        StoreError {
            kind: StoreErrorKind::TooLarge,
            message: format!(
                "the scenario takes {bytes} bytes in canonical form, over the limit of {MAX_SCENARIO_BYTES} bytes"
            ),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {}

/// Where to open the store, as given on the command line or in [`DATABASE_ENV`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created with its directory if missing).
    Sqlite(PathBuf),
    /// A SQLite database in memory: gone when the process ends (tests, demos).
    Memory,
    /// A PostgreSQL connection URL (`postgres://user:password@host:port/dbname`).
    Postgres(String),
}

impl Location {
    /// Reads a location: `postgres://` or `postgresql://` URLs, `sqlite::memory:`, a
    /// `sqlite://PATH` URL, or a plain file path.
    pub fn parse(text: &str) -> Result<Location, StoreError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(StoreError::config(
                "the database is empty; give a postgres:// URL or a SQLite file path",
            ));
        }
        if t.starts_with("postgres://") || t.starts_with("postgresql://") {
            return Ok(Location::Postgres(t.to_string()));
        }
        if t == "sqlite::memory:" || t == ":memory:" {
            return Ok(Location::Memory);
        }
        if let Some(path) = t.strip_prefix("sqlite://") {
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = t.split_once("://") {
            return Err(StoreError::config(format!(
                "unsupported database URL scheme \"{scheme}://\"; use postgres://… or a SQLite file path"
            )));
        }
        Ok(Location::Sqlite(PathBuf::from(t)))
    }

    /// The default: `scenarios.sqlite3` in the data directory, which is [`DATA_DIR_ENV`] if
    /// set, else `$XDG_DATA_HOME/tanso`, else `$HOME/.local/share/tanso`, else `./tanso-data`.
    pub fn default_sqlite() -> Location {
        Location::Sqlite(default_data_dir().join(SQLITE_FILE))
    }

    /// Where it points, for logs (a URL without its password).
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Memory => "memory".into(),
            Location::Postgres(url) => redact_url(url),
        }
    }
}

fn default_data_dir() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env(DATA_DIR_ENV) {
        d
    } else if let Some(d) = env("XDG_DATA_HOME") {
        d.join("tanso")
    } else if let Some(h) = env("HOME") {
        h.join(".local/share/tanso")
    } else {
        PathBuf::from("tanso-data")
    }
}

/// Opens (and migrates) the store at `location`. PostgreSQL pools up to `pool_size`
/// connections per process.
pub fn open(location: &Location, pool_size: u32) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match location {
        Location::Sqlite(path) => Arc::new(sqlite::SqliteStore::open(path)?),
        Location::Memory => Arc::new(sqlite::SqliteStore::in_memory()?),
        Location::Postgres(url) => Arc::new(postgres::PostgresStore::connect(url, pool_size)?),
    })
}

/// A scenario as canonical JSON: the request read into its type (so defaults are explicit
/// and unknown fields are gone), written with object keys sorted and no whitespace. Two
/// requests that read into the same scenario give the same text, whatever their key order,
/// spacing or omitted defaults. Values are kept as given: `"3 MW"` and
/// `{"value": 3, "unit": "MW"}` are different texts (the request as given).
pub fn canonical_json(req: &ScenarioRequest) -> String {
    let value = serde_json::to_value(req).expect("a scenario request serialises");
    let mut out = String::new();
    write_sorted(&value, &mut out);
    out
}

fn write_sorted(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_sorted(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_sorted(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `ms` since the epoch as RFC 3339 UTC with milliseconds.
pub fn rfc3339_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let d = Date::from_days(days);
    let (h, m, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    format!(
        "{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z",
        d.year, d.month, d.day
    )
}

/// A URL with its password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let hidden = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            format!("{scheme}://{hidden}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Creates the parent directory of a SQLite file if needed.
fn ensure_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::config(format!(
                "cannot create the data directory {}: {e}",
                dir.display()
            ))
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(json: &str) -> ScenarioRequest {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn key_order_spacing_and_omitted_defaults_do_not_change_the_id() {
        let a = req(
            r#"{"project": "renca-solar", "parameters": {"tilt": "20 deg", "capacity": "3 MW"}}"#,
        );
        let b = req(
            r#"{"options": {}, "parameters": {"capacity": "3 MW", "tilt": "20 deg"},
                "project": "renca-solar"}"#,
        );
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(
            ScenarioId::of(&canonical_json(&a)),
            ScenarioId::of(&canonical_json(&b))
        );
        let c = req(r#"{"project": "renca-solar", "parameters": {"capacity": "3.1 MW"}}"#);
        assert_ne!(canonical_json(&a), canonical_json(&c));
    }

    #[test]
    fn canonical_text_reads_back_into_the_same_scenario() {
        // A scenario touching every kind of value: quantities in both forms, a trajectory,
        // a Monte Carlo with a held parameter (null is meaningful there), inline weather.
        let a = req(r#"{
            "project": {"model": "solar-pv", "name": "roof",
                        "location": {"latitude": "-33.4 deg", "longitude": {"value": -70.7, "unit": "deg"}}},
            "parameters": {"capacity": {"value": 3, "unit": "MW"}, "inverter": "perez"},
            "options": {"grid_factor": {"trajectory": [{"year": 2024, "value": "0.26 tCO2e/MWh"}]},
                        "uncertainty": {"draws": 100, "parameters": {"capacity": null}},
                        "weather": {"format": "csv", "data": "a,b\n1,\"2\"\n"},
                        "crediting_start": "2024-03-01", "hourly": true}}"#);
        let text = canonical_json(&a);
        let back: ScenarioRequest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, a);
        assert_eq!(canonical_json(&back), text);
        // Sorted keys, no whitespace outside strings.
        assert!(
            text.starts_with(r#"{"options":{"crediting_end":null,"crediting_start":"2024-03-01""#),
            "{text}"
        );
        assert!(text.contains(r#""capacity":null"#), "{text}");
    }

    #[test]
    fn ids_have_one_form() {
        let id = ScenarioId::of("{}");
        assert_eq!(id.as_str().len(), ScenarioId::LEN);
        assert_eq!(ScenarioId::parse(id.as_str()), Some(id.clone()));
        // SHA-256("{}") = 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
        // (independently: `printf '{}' | sha256sum`).
        assert_eq!(id.as_str(), "sc-44136fa355b3678a1146ad16f7e8649e");
        for bad in [
            "",
            "sc-",
            "sc-44136FA355B3678A1146AD16F7E8649E",
            "xx-44136fa355b3678a1146ad16f7e8649e",
            "sc-44136fa355b3678a1146ad16f7e8649",
        ] {
            assert_eq!(ScenarioId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 3 + 48);
        assert_eq!(Token::given(a.as_str()).hash(), a.hash());
        assert_ne!(a.hash(), b.hash());
        assert!(!format!("{a:?}").contains(&a.as_str()[3..]));
    }

    #[test]
    fn rfc3339_examples() {
        assert_eq!(rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
        // 2024-01-01T00:00Z is 1,704,067,200 s = day 19723 after the epoch; + 31 + 28 days is
        // 29 February, day 19782; + 86,399,999 ms is its last millisecond.
        assert_eq!(
            rfc3339_ms(19_782 * 86_400_000 + 86_399_999),
            "2024-02-29T23:59:59.999Z"
        );
        assert_eq!(rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn locations() {
        assert_eq!(
            Location::parse("postgres://u:secret@db:5432/tanso").unwrap(),
            Location::Postgres("postgres://u:secret@db:5432/tanso".into())
        );
        assert_eq!(
            Location::parse("/var/lib/tanso/s.sqlite3").unwrap(),
            Location::Sqlite("/var/lib/tanso/s.sqlite3".into())
        );
        assert_eq!(
            Location::parse("sqlite://data/s.db").unwrap(),
            Location::Sqlite("data/s.db".into())
        );
        assert_eq!(
            Location::parse("sqlite::memory:").unwrap(),
            Location::Memory
        );
        assert!(Location::parse("mysql://x").is_err());
        assert!(Location::parse(" ").is_err());
        assert_eq!(
            redact_url("postgres://u:secret@db:5432/tanso?sslmode=disable"),
            "postgres://u:***@db:5432/tanso?sslmode=disable"
        );
        assert_eq!(redact_url("postgres://db/tanso"), "postgres://db/tanso");
        assert_eq!(redact_url("postgres://u@db/tanso"), "postgres://u@db/tanso");
    }
}
