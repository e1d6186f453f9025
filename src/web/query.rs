//! The page's URL is the scenario: a GET query naming the project (or the model of a new
//! project), only the values that differ from the defaults, the dataset version, and the
//! scenarios kept for comparison. Opening the URL in a fresh session gives the same view.
//!
//! | Key | Meaning |
//! |-----|---------|
//! | `project` | a documented project's id (`renca-solar`) |
//! | `model` | the model of a new project (`solar-pv`) |
//! | `v` | the dataset version the link was made with |
//! | `p.KEY` | a model parameter as typed: `p.capacity=3 MW` |
//! | `site.KEY` | the place of a new project (latitude, climate normals ...) |
//! | `start`, `end`, `lifetime`, `gwp`, `draws`, `seed` | options |
//! | `grid` + `grid_series`/`grid_constant`/`grid_trajectory` | the grid factor's form and value |
//! | `keep` | a kept scenario, itself a query of the keys above (repeated, in order) |
//! | `do=keep` | a one-off action of the form: keep the current scenario |
//! | `saved` | a saved scenario's id (`sc-…`): the page opens it from the store; alone |
//!
//! Values stay text as typed: units and ranges are checked by the engine, exactly as for an
//! API request, so the page shows the API's messages. [`PageQuery::canonical`] drops the values
//! equal to their defaults; the handler redirects any other spelling to that canonical URL.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, ModelSpec, ParameterSpec, Seed, Value};

/// Monte Carlo draws when the query does not say (`draws=0` turns the Monte Carlo off).
pub const DEFAULT_DRAWS: u32 = 1000;
/// Seed of the random streams when the query does not say.
pub const DEFAULT_SEED: u64 = 42;
/// Scenarios kept for comparison besides the one being edited (four side by side at most).
pub const MAX_KEPT: usize = 3;

/// The options a query may set, in URL order.
pub const OPTION_KEYS: &[&str] = &[
    "start",
    "end",
    "lifetime",
    "gwp",
    "grid",
    "grid_series",
    "grid_constant",
    "grid_trajectory",
    "draws",
    "seed",
];

/// The forms of the grid factor a page offers (`grid=`).
pub const GRID_FORMS: &[&str] = &["series", "constant", "trajectory"];

/// The place of a new project, in URL order: the inline project of the API, flattened.
pub const SITE_KEYS: &[&str] = &[
    "name",
    "latitude",
    "longitude",
    "elevation",
    "utc_offset",
    "ghi_daily",
    "temp_mean",
    "temp_min",
    "temp_max",
    "wind",
];

/// What a scenario starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A documented project, by id.
    Project(String),
    /// A new project evaluated by this model.
    Model(String),
}

/// One scenario as the URL carries it: texts as typed, keyed by what they set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scenario {
    pub subject: Option<Subject>,
    /// Model parameters by key (`p.KEY`).
    pub parameters: BTreeMap<String, String>,
    /// Options by name ([`OPTION_KEYS`]).
    pub options: BTreeMap<String, String>,
    /// The place of a new project ([`SITE_KEYS`]).
    pub site: BTreeMap<String, String>,
}

/// Everything the page's URL says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageQuery {
    /// The scenario being edited.
    pub current: Scenario,
    /// Scenarios kept for comparison, in order.
    pub kept: Vec<Scenario>,
    /// The dataset version the link was made with.
    pub dataset: Option<String>,
    /// `do=keep`: keep the current scenario.
    pub keep_current: bool,
    /// Keys the page does not know (dropped from the canonical URL).
    pub ignored: Vec<String>,
    /// A saved scenario to open (`saved=sc-…`). The stored scenario is the whole view, so the
    /// canonical URL of such a query is `/?saved=ID` alone.
    pub saved: Option<String>,
}

impl Scenario {
    /// Reads one scenario's keys; returns the keys it does not know.
    fn read(&mut self, key: &str, value: &str) -> bool {
        // An empty field is a field left as it is: nothing set.
        let value = value.trim();
        if let Some(k) = key.strip_prefix("p.") {
            if !k.is_empty() && !value.is_empty() {
                self.parameters.insert(k.to_string(), value.to_string());
            }
            return !k.is_empty();
        }
        if let Some(k) = key.strip_prefix("site.") {
            if SITE_KEYS.contains(&k) && !value.is_empty() {
                self.site.insert(k.to_string(), value.to_string());
            }
            return SITE_KEYS.contains(&k);
        }
        match key {
            "project" | "model" if value.is_empty() => true,
            "project" => {
                self.subject = Some(Subject::Project(value.to_string()));
                true
            }
            "model" => {
                // A project picked wins over a model (both may come from one form).
                if !matches!(self.subject, Some(Subject::Project(_))) {
                    self.subject = Some(Subject::Model(value.to_string()));
                }
                true
            }
            k if OPTION_KEYS.contains(&k) => {
                if !value.is_empty() {
                    self.options.insert(k.to_string(), value.to_string());
                }
                true
            }
            _ => false,
        }
    }

    /// Reads a kept scenario from its own query text.
    pub fn from_query(text: &str) -> (Scenario, Vec<String>) {
        let mut s = Scenario::default();
        let mut ignored = Vec::new();
        for (k, v) in form_urlencoded::parse(text.as_bytes()) {
            if !s.read(&k, &v) {
                ignored.push(k.into_owned());
            }
        }
        (s, ignored)
    }

    /// The scenario's keys in URL order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        match &self.subject {
            Some(Subject::Project(id)) => out.push(("project".to_string(), id.clone())),
            Some(Subject::Model(id)) => out.push(("model".to_string(), id.clone())),
            None => {}
        }
        for k in SITE_KEYS {
            if let Some(v) = self.site.get(*k) {
                out.push((format!("site.{k}"), v.clone()));
            }
        }
        for (k, v) in &self.parameters {
            out.push((format!("p.{k}"), v.clone()));
        }
        for k in OPTION_KEYS {
            if let Some(v) = self.options.get(*k) {
                out.push((k.to_string(), v.clone()));
            }
        }
        out
    }

    /// The scenario as one query text (the value of a `keep` key).
    pub fn to_query(&self) -> String {
        encode(&self.pairs())
    }

    /// The same scenario with every value equal to its default left out, and the grid
    /// factor reduced to the form chosen.
    pub fn canonical(&self, catalog: &Catalog) -> Scenario {
        let Some(subject) = &self.subject else {
            return Scenario::default();
        };
        let (spec, seed) = spec_and_seed(catalog, subject);
        let mut out = Scenario {
            subject: Some(subject.clone()),
            ..Scenario::default()
        };
        for (k, v) in &self.parameters {
            let default = spec
                .and_then(|m| m.parameter(k))
                .and_then(|p| parameter_default(p, seed).map(|d| (p, d)));
            let same = default.is_some_and(|(p, d)| same_value(p, v, &d));
            if !same {
                out.parameters.insert(k.clone(), v.clone());
            }
        }
        let form = self
            .options
            .get("grid")
            .map(String::as_str)
            .unwrap_or("series");
        for (k, v) in &self.options {
            let kept = match k.as_str() {
                "grid" => v != "series",
                "grid_series" => form == "series",
                "grid_constant" => form == "constant",
                "grid_trajectory" => form == "trajectory",
                _ => true,
            };
            if kept && option_default(catalog, seed, k).as_deref() != Some(v.as_str()) {
                out.options.insert(k.clone(), v.clone());
            }
        }
        // The site belongs to a new project only.
        if matches!(subject, Subject::Model(_)) {
            out.site = self.site.clone();
        }
        out
    }

    /// True when there is something to evaluate: a documented project, or a new project with
    /// at least one value typed (its form before anything was typed is not evaluated).
    pub fn is_evaluable(&self) -> bool {
        match &self.subject {
            None => false,
            Some(Subject::Project(_)) => true,
            Some(Subject::Model(_)) => {
                !(self.parameters.is_empty() && self.options.is_empty() && self.site.is_empty())
            }
        }
    }
}

impl PageQuery {
    /// Reads the page's query text.
    pub fn parse(query: &str) -> PageQuery {
        let mut q = PageQuery::default();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "v" if !v.trim().is_empty() => q.dataset = Some(v.trim().to_string()),
                "v" => {}
                "keep" => {
                    let (s, ignored) = Scenario::from_query(&v);
                    q.ignored
                        .extend(ignored.into_iter().map(|k| format!("keep: {k}")));
                    if s.subject.is_some() {
                        q.kept.push(s);
                    }
                }
                "do" => q.keep_current |= v == "keep",
                "saved" if !v.trim().is_empty() => q.saved = Some(v.trim().to_string()),
                _ => {
                    if !q.current.read(&k, &v) {
                        q.ignored.push(k.into_owned());
                    }
                }
            }
        }
        q
    }

    /// The canonical form: defaults left out, the keep action applied, at most
    /// [`MAX_KEPT`] kept scenarios without repeats, and the dataset version set.
    pub fn canonical(&self, catalog: &Catalog) -> PageQuery {
        if let Some(id) = &self.saved {
            return PageQuery {
                saved: Some(id.clone()),
                ..PageQuery::default()
            };
        }
        let current = self.current.canonical(catalog);
        let mut kept: Vec<Scenario> = Vec::new();
        let mut candidates: Vec<Scenario> =
            self.kept.iter().map(|s| s.canonical(catalog)).collect();
        if self.keep_current && current.subject.is_some() {
            candidates.push(current.clone());
        }
        for s in candidates {
            if s.subject.is_some() && !kept.contains(&s) && kept.len() < MAX_KEPT {
                kept.push(s);
            }
        }
        let dataset = match (&self.dataset, &current.subject, kept.is_empty()) {
            (Some(v), _, _) => Some(v.clone()),
            (None, None, true) => None,
            (None, _, _) => Some(catalog.version.clone()),
        };
        PageQuery {
            current,
            kept,
            dataset,
            keep_current: false,
            ignored: Vec::new(),
            saved: None,
        }
    }

    /// The query's keys in URL order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out = self.current.pairs();
        if let Some(id) = &self.saved {
            out.push(("saved".to_string(), id.clone()));
        }
        // The dataset version right after the project, where a reader looks for it.
        let at = usize::from(self.current.subject.is_some()).min(out.len());
        if let Some(v) = &self.dataset {
            out.insert(at, ("v".to_string(), v.clone()));
        }
        for s in &self.kept {
            out.push(("keep".to_string(), s.to_query()));
        }
        if self.keep_current {
            out.push(("do".to_string(), "keep".to_string()));
        }
        out
    }

    /// The page's URL for this query.
    pub fn url(&self) -> String {
        let q = encode(&self.pairs());
        if q.is_empty() {
            "/".to_string()
        } else {
            format!("/?{q}")
        }
    }

    /// The scenarios compared side by side: the kept ones, then the one being edited when it
    /// is not among them; nothing when no scenario is kept.
    pub fn compared(&self) -> Vec<&Scenario> {
        let mut out: Vec<&Scenario> = self.kept.iter().collect();
        if !out.is_empty() && self.current.is_evaluable() && !self.kept.contains(&self.current) {
            out.push(&self.current);
        }
        out
    }

    /// This query with `current` as the scenario being edited (the kept ones unchanged).
    pub fn with_current(&self, current: Scenario) -> PageQuery {
        PageQuery {
            current,
            ..self.clone()
        }
    }

    /// This query without the kept scenario at `index`.
    pub fn without_kept(&self, index: usize) -> PageQuery {
        let mut q = self.clone();
        if index < q.kept.len() {
            q.kept.remove(index);
        }
        q
    }
}

/// `key=value&...`, form-encoded.
pub fn encode(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The model spec and the seed a subject names, when they exist.
pub fn spec_and_seed<'c>(
    catalog: &'c Catalog,
    subject: &Subject,
) -> (Option<&'c ModelSpec>, Option<&'c Seed>) {
    match subject {
        Subject::Project(id) => {
            let seed = catalog.seed(id);
            (seed.and_then(|s| catalog.model(&s.model)), seed)
        }
        Subject::Model(id) => (catalog.model(id), None),
    }
}

/// The value a parameter takes when its field is left as it is: the project's value, else
/// the model's default (`None` when the model derives it).
pub fn parameter_default(spec: &ParameterSpec, seed: Option<&Seed>) -> Option<Value> {
    seed.and_then(|s| s.parameter(&spec.key))
        .and_then(|p| p.value.clone())
        .or_else(|| spec.default.clone())
}

/// True when `text` reads as `default` ("2000 kW" is "2 MW").
fn same_value(spec: &ParameterSpec, text: &str, default: &Value) -> bool {
    if text == default.to_string() {
        return true;
    }
    match (spec.kind.read_text(text), default) {
        (Ok(Value::Quantity(a)), Value::Quantity(d)) => {
            a.si == d.si || (a.si - d.si).abs() <= 1e-12 * d.si.abs().max(a.si.abs())
        }
        (Ok(v), d) => &v == d,
        (Err(_), _) => false,
    }
}

/// The text an option's field shows when the query does not set it.
pub fn option_default(catalog: &Catalog, seed: Option<&Seed>, key: &str) -> Option<String> {
    let seeded = |k: &str| {
        seed.and_then(|s| s.scenario.iter().find(|d| d.key == k))
            .map(|d| d.value.clone())
    };
    match key {
        "start" => seeded("crediting_start"),
        "end" => seeded("crediting_end"),
        "lifetime" => seeded("lifetime"),
        "gwp" => seeded("gwp").or_else(|| Some("ar5".to_string())),
        "grid" => Some("series".to_string()),
        "grid_series" => seeded("grid_factor").filter(|s| !catalog.grid_series(s).is_empty()),
        "draws" => Some(DEFAULT_DRAWS.to_string()),
        "seed" => Some(DEFAULT_SEED.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::embedded().unwrap()
    }

    #[test]
    fn defaults_leave_the_url() {
        let c = catalog();
        let q = PageQuery::parse(
            "project=renca-solar&p.capacity=2+MW&p.tilt=20+deg&start=2024-03-01&grid=series\
             &grid_series=cl-sen-ember-average&grid_constant=0.3+tCO2e%2FMWh&draws=1000&seed=7",
        );
        let canon = q.canonical(&c);
        assert_eq!(
            canon.url(),
            format!("/?project=renca-solar&v={}&p.tilt=20+deg&seed=7", c.version)
        );
        // The same value in another unit is the default too.
        let q = PageQuery::parse("project=renca-solar&p.capacity=2000%20kW");
        assert!(q.canonical(&c).current.parameters.is_empty());
    }

    #[test]
    fn canonical_is_a_fixed_point() {
        let c = catalog();
        for text in [
            "",
            "project=renca-solar",
            "project=renca-solar&p.capacity=3+MW&grid=constant&grid_constant=0.2+tCO2e/MWh&do=keep",
            "model=solar-pv&site.latitude=-33+deg&keep=project%3Dbadung-compost&keep=project%3Dbadung-compost",
            "project=nope&p.x=1&unknown=2",
        ] {
            let once = PageQuery::parse(text).canonical(&c);
            let again = PageQuery::parse(once.url()[1..].trim_start_matches('?')).canonical(&c);
            assert_eq!(once, again, "{text}");
            assert_eq!(once.url(), again.url(), "{text}");
        }
    }

    #[test]
    fn keep_appends_the_current_scenario_once_and_at_most_three() {
        let c = catalog();
        let q = PageQuery::parse("project=renca-solar&p.capacity=3+MW&do=keep").canonical(&c);
        assert_eq!(q.kept.len(), 1);
        assert_eq!(q.kept[0], q.current);
        assert!(!q.keep_current);
        let again = PageQuery::parse(&format!("{}&do=keep", &q.url()[2..])).canonical(&c);
        assert_eq!(again.kept.len(), 1, "the same scenario is kept once");
        let kept = ["1 MW", "2.5 MW", "3 MW", "4 MW"].map(|cap| {
            Scenario::from_query(&encode(&[
                ("project".into(), "renca-solar".into()),
                ("p.capacity".into(), cap.into()),
            ]))
            .0
        });
        let text = PageQuery {
            current: Scenario::from_query("project=renca-solar").0,
            kept: kept.to_vec(),
            ..PageQuery::default()
        }
        .url();
        let q = PageQuery::parse(&text[2..]).canonical(&c);
        assert_eq!(q.kept.len(), MAX_KEPT);
        assert_eq!(q.kept[0].parameters["capacity"], "1 MW");
    }

    #[test]
    fn a_saved_scenario_is_its_id_alone() {
        let c = catalog();
        let q = PageQuery::parse("project=renca-solar&saved=sc-1&keep=project%3Dbadung-compost")
            .canonical(&c);
        assert_eq!(q.url(), "/?saved=sc-1");
        assert_eq!(q.current, Scenario::default());
        assert!(
            PageQuery::parse("saved=&project=renca-solar")
                .saved
                .is_none()
        );
    }

    #[test]
    fn unknown_keys_are_named_and_dropped() {
        let q = PageQuery::parse("project=renca-solar&colour=red&site.mood=ok");
        assert_eq!(q.ignored, ["colour", "site.mood"]);
        let c = catalog();
        assert!(!q.canonical(&c).url().contains("colour"));
    }
}
