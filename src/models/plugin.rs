//! One way to be a model: the [`Model`] trait, its typed inputs and what it needs from a
//! scenario.
//!
//! A model declares its inputs once, with [`model_inputs!`](crate::model_inputs): a struct
//! whose fields are `uom` quantities, choice enums, dates or years. The macro derives the
//! parameter table the catalog (`models/<id>.toml`) is checked against when it is loaded, and
//! the function that reads a scenario's values into the struct. Because both come from the
//! field's type, a parameter cannot be declared as a power and read as an energy: the
//! catalog is refused at load instead.
//!
//! ```
//! use tanso::models::plugin::{Inputs, Kind};
//! use tanso::units::{Dimension, Power, Ratio};
//!
//! tanso::model_inputs! {
//!     /// A toy model's inputs.
//!     pub struct ToyInputs / ToyKeys {
//!         capacity: Power,
//!         losses: Ratio,
//!     }
//! }
//! let table = ToyInputs::PARAMETERS;
//! assert_eq!(table[0].key, "capacity");
//! assert_eq!(table[0].kind, Kind::Quantity(Dimension::Power));
//! assert_eq!(ToyInputs::KEYS.losses.index(), 1);
//! ```
//!
//! Reading a declared power as an energy does not compile, because keys carry their type
//! (`E0308`, mismatched types; a field declared as a bare `f64` is the gallery case
//! `tests/gallery/model_input_f64.rs`):
//!
//! ```compile_fail,E0308
//! use tanso::units::{Energy, Power};
//! tanso::model_inputs! { pub struct ToyInputs / ToyKeys { capacity: Power } }
//! let wrong: tanso::models::plugin::Key<Energy> = ToyInputs::KEYS.capacity;
//! ```
//!
//! A model is then a unit struct implementing [`Model`], listed once in
//! [`registry`](super::registry). Everything else (catalog checks, resolution, the Monte
//! Carlo, the API, the CLI, the tests over every seed) iterates the registry.

use std::marker::PhantomData;

use super::crediting::{CreditingPeriod, GridFactor, Horizon};
use super::outcome::Outcome;
use super::spare::Spare;
use crate::calendar::Date;
use crate::error::{ErrorCode, ScenarioError};
use crate::units::ghg::{Co2e, EmissionIntensity, GwpSet};
use crate::units::{Dimension, Measure, Ratio, Time};
use crate::weather::climatology::MonthlyClimate;
use crate::weather::epw::EpwRead;
use crate::weather::{SharedRead, Weather, WeatherError, WeatherLocation};

/// The kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A physical quantity of one dimension.
    Quantity(Dimension),
    /// One of a fixed set of named options, in declaration order.
    Choice(&'static [&'static str]),
    /// A calendar date.
    Date,
    /// A calendar year.
    Year,
}

impl Kind {
    /// How the catalog names this kind (`power`, `choice`, `date`, `year`).
    pub fn id(self) -> &'static str {
        match self {
            Kind::Quantity(d) => d.id(),
            Kind::Choice(_) => "choice",
            Kind::Date => "date",
            Kind::Year => "year",
        }
    }
}

/// One declared parameter: what the catalog must define under `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamDecl {
    pub key: &'static str,
    pub kind: Kind,
    /// The model can do without a value (an `Option` field).
    pub optional: bool,
    /// Varies from year to year (a [`Yearly`] field): the Monte Carlo draws it per horizon.
    pub yearly: bool,
}

/// A parameter value without its type: how resolved values and Monte Carlo draws are held
/// between the catalog and a model's typed inputs. Quantities are SI magnitudes of the
/// dimension the declaration names; choices are indices into the declared choices.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Empty,
    Quantity(f64),
    Choice(usize),
    Date(Date),
    Year(i32),
    /// A yearly quantity drawn per horizon: first year, crediting-period mean, lifetime mean.
    PerHorizon([f64; 3]),
}

/// A type a model input can have.
#[diagnostic::on_unimplemented(
    message = "a model input must be a quantity (such as `Power` or `Ratio`), a choice, a `Date` or a `Year`, not `{Self}`",
    label = "`{Self}` has no dimension for the catalog to check",
    note = "declare the field with the quantity it is, e.g. `capacity: Power`; the catalog's `dimension` is then checked against it"
)]
pub trait Param: Sized {
    const KIND: Kind;
    const OPTIONAL: bool = false;
    const YEARLY: bool = false;
    /// The value in a slot; `None` if the slot is empty (or holds another kind, which
    /// resolution rules out).
    fn read(slot: &Slot) -> Option<Self>;
    /// The value as a slot.
    fn slot(&self) -> Slot;
}

impl<M: Measure> Param for M {
    const KIND: Kind = Kind::Quantity(M::DIMENSION);
    fn read(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Quantity(si) => Some(M::from_si(*si)),
            Slot::PerHorizon([first, ..]) => Some(M::from_si(*first)),
            _ => None,
        }
    }
    fn slot(&self) -> Slot {
        Slot::Quantity(self.to_si())
    }
}

impl Param for Date {
    const KIND: Kind = Kind::Date;
    fn read(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Date(d) => Some(*d),
            _ => None,
        }
    }
    fn slot(&self) -> Slot {
        Slot::Date(*self)
    }
}

/// A calendar year as a model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Year(pub i32);

impl Param for Year {
    const KIND: Kind = Kind::Year;
    fn read(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Year(y) => Some(Year(*y)),
            _ => None,
        }
    }
    fn slot(&self) -> Slot {
        Slot::Year(self.0)
    }
}

impl<T: Param> Param for Option<T> {
    const KIND: Kind = T::KIND;
    const OPTIONAL: bool = true;
    const YEARLY: bool = T::YEARLY;
    fn read(slot: &Slot) -> Option<Self> {
        Some(T::read(slot))
    }
    fn slot(&self) -> Slot {
        self.as_ref().map_or(Slot::Empty, Param::slot)
    }
}

/// A quantity that varies from year to year around its value (e.g. the solar resource of a
/// particular year against the typical year). Deterministic estimates use the value for
/// every year. The Monte Carlo draws it three times per draw: for the first year, and as the
/// mean over the crediting period and over the plant life, each with the spread of a mean of
/// that many independent years (σ/√n).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Yearly<M> {
    by_horizon: [M; 3],
}

impl<M: Measure> Yearly<M> {
    /// The same value for every year.
    pub fn constant(value: M) -> Self {
        Yearly {
            by_horizon: [value; 3],
        }
    }

    /// The value for one year of `horizon`, or its mean over the horizon's years.
    pub fn over(&self, horizon: Horizon) -> M {
        self.by_horizon[horizon as usize]
    }
}

impl<M: Measure> Param for Yearly<M> {
    const KIND: Kind = Kind::Quantity(M::DIMENSION);
    const YEARLY: bool = true;
    fn read(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Quantity(si) => Some(Yearly::constant(M::from_si(*si))),
            Slot::PerHorizon(v) => Some(Yearly {
                by_horizon: v.map(M::from_si),
            }),
            _ => None,
        }
    }
    fn slot(&self) -> Slot {
        Slot::PerHorizon(self.by_horizon.map(Measure::to_si))
    }
}

/// Typed access to one declared parameter: made by [`model_inputs!`](crate::model_inputs),
/// so its type is the declaration's.
pub struct Key<T> {
    index: usize,
    key: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Key<T> {}

impl<T> Key<T> {
    #[doc(hidden)]
    pub const fn new(index: usize, key: &'static str) -> Self {
        Key {
            index,
            key,
            _type: PhantomData,
        }
    }

    /// Position in the declaration (and in the slots).
    pub const fn index(&self) -> usize {
        self.index
    }

    /// The parameter key.
    pub const fn key(&self) -> &'static str {
        self.key
    }
}

impl<T> std::fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({}#{})", self.key, self.index)
    }
}

/// A model's typed inputs; implemented by [`model_inputs!`](crate::model_inputs).
pub trait Inputs: Sized + Send + Sync {
    /// The declared parameters, in field order.
    const PARAMETERS: &'static [ParamDecl];
    /// Reads the inputs from slots in declaration order.
    fn read(slots: &[Slot]) -> Result<Self, ScenarioError>;
}

#[doc(hidden)]
pub const fn index_of(decls: &[ParamDecl], key: &str) -> usize {
    let mut i = 0;
    while i < decls.len() {
        if str_eq(decls[i].key, key) {
            return i;
        }
        i += 1;
    }
    panic!("a key is always one of its own declaration's fields")
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[doc(hidden)]
pub fn read_slot<T: Param>(slot: Option<&Slot>, key: &'static str) -> Result<T, ScenarioError> {
    slot.and_then(T::read).ok_or_else(|| {
        ScenarioError::parameter(
            ErrorCode::MissingValue,
            key,
            "needs a value: the catalog gives no default and nothing derived one",
        )
        .with_expected(format!("a value for {key}"), "nothing")
    })
}

/// Declares a model's typed inputs: the struct, its parameter table and typed keys.
///
/// `pub struct Name / NameKeys { field: Type, ... }` makes `Name` (the inputs),
/// `NameKeys` (one [`Key`] per field, as the constant `Name::KEYS`) and implements
/// [`Inputs`]. Field names are the parameter keys of `models/<id>.toml`.
#[macro_export]
macro_rules! model_inputs {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident / $keys:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )+
        }

        /// Typed keys of the inputs, one per parameter.
        #[allow(dead_code)]
        #[derive(Debug, Clone, Copy)]
        $vis struct $keys {
            $( pub $field: $crate::models::plugin::Key<$ty>, )+
        }

        impl $name {
            /// The typed key of each parameter.
            pub const KEYS: $keys = $keys {
                $( $field: $crate::models::plugin::Key::new(
                    $crate::models::plugin::index_of(
                        <$name as $crate::models::plugin::Inputs>::PARAMETERS,
                        stringify!($field),
                    ),
                    stringify!($field),
                ), )+
            };
        }

        impl $crate::models::plugin::Inputs for $name {
            const PARAMETERS: &'static [$crate::models::plugin::ParamDecl] = &[
                $( $crate::models::plugin::ParamDecl {
                    key: stringify!($field),
                    kind: <$ty as $crate::models::plugin::Param>::KIND,
                    optional: <$ty as $crate::models::plugin::Param>::OPTIONAL,
                    yearly: <$ty as $crate::models::plugin::Param>::YEARLY,
                }, )+
            ];

            fn read(
                slots: &[$crate::models::plugin::Slot],
            ) -> Result<Self, $crate::error::ScenarioError> {
                // Fields are evaluated in the order written, which is the declaration order.
                let mut it = slots.iter();
                Ok($name {
                    $( $field: $crate::models::plugin::read_slot::<$ty>(
                        it.next(),
                        stringify!($field),
                    )?, )+
                })
            }
        }
    };
}

/// Declares the choices of an enum as a model input: `choices!(Enum { Variant => "text", ... })`.
/// Every variant must be listed (the match in `as_str` is exhaustive) and an unknown text is
/// an error, never a default.
#[macro_export]
macro_rules! choices {
    ($name:ty { $( $variant:ident => $text:literal ),+ $(,)? }) => {
        impl $crate::models::plugin::Param for $name {
            const KIND: $crate::models::plugin::Kind =
                $crate::models::plugin::Kind::Choice(&[$($text),+]);
            fn read(slot: &$crate::models::plugin::Slot) -> Option<Self> {
                use $name as Choice;
                match slot {
                    $crate::models::plugin::Slot::Choice(i) => [$(Choice::$variant),+].get(*i).copied(),
                    _ => None,
                }
            }
            fn slot(&self) -> $crate::models::plugin::Slot {
                use $name as Choice;
                let all = [$(Choice::$variant),+];
                $crate::models::plugin::Slot::Choice(
                    all.iter().position(|c| c == self).expect("every variant is listed"),
                )
            }
        }

        impl $crate::models::plugin::ChoiceText for $name {
            fn as_str(&self) -> &'static str {
                use $name as Choice;
                match self { $(Choice::$variant => $text),+ }
            }
            fn parse(text: &str) -> Option<Self> {
                use $name as Choice;
                match text { $($text => Some(Choice::$variant),)+ _ => None }
            }
        }
    };
}

/// The text of a choice (implemented by [`choices!`](crate::choices)).
pub trait ChoiceText: Sized {
    fn as_str(&self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
}

/// An uncertain parameter as the Monte Carlo will draw it: its key and a plausible range
/// (the distribution's support where finite, else the mean ± 2 standard deviations).
#[derive(Debug, Clone, Copy)]
pub struct Spread<'a> {
    pub key: &'a str,
    pub low: super::outcome::Measured,
    pub high: super::outcome::Measured,
}

/// What a model needs from the scenario besides its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Needs {
    /// A grid emission factor (electricity displaced or consumed).
    pub grid_factor: bool,
    /// The project's location (latitude, longitude, elevation, time zone).
    pub location: bool,
    /// Weather: an hourly file or the project's monthly climate normals.
    pub weather: bool,
}

/// How much an evaluation should produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything a reader sees; `hourly` adds hourly series.
    Full { hourly: bool },
    /// One Monte Carlo draw: the headline figures and the period tables are enough.
    Draw,
}

/// Hourly weather given as text (a file's content), borrowed from the request.
#[derive(Debug, Clone, Copy)]
pub struct WeatherText<'a> {
    pub format: WeatherFormat,
    pub data: &'a str,
    /// `data` already read by the caller (the CLI reads its file while the catalog loads), so
    /// a model need not read it again. `None`: the model reads `data`.
    pub parsed: Option<ReadWeather<'a>>,
}

/// Weather read ahead of a model, and the thread that read it, lent to the model for the
/// rest of the estimate (see [`super::spare`]).
#[derive(Debug, Clone, Copy)]
pub struct ReadWeather<'a> {
    pub weather: &'a Weather,
    pub spare: Option<&'a Spare<Weather>>,
}

impl<'a> WeatherText<'a> {
    const EPW_SOURCE: &'static str = "request weather (EPW)";

    /// Reads the text as hourly weather, in its format.
    pub fn parse(&self) -> Result<Weather, WeatherError> {
        match self.format {
            WeatherFormat::Epw => crate::weather::epw::parse_epw(self.data, Self::EPW_SOURCE),
            WeatherFormat::Csv => {
                crate::weather::csv::parse_csv(self.data, "request weather (CSV)")
            }
        }
    }

    /// Starts reading the text so that other threads may help: an EPW file's records are
    /// read by the threads that call [`SharedRead::help`]; a CSV text is read here, whole.
    /// The series is the one [`WeatherText::parse`] gives.
    pub fn read_shared(&self) -> SharedRead<'a> {
        match self.format {
            WeatherFormat::Epw => match EpwRead::new(self.data, Self::EPW_SOURCE) {
                Ok(read) => SharedRead::Epw(read),
                Err(e) => SharedRead::Read(Err(e)),
            },
            WeatherFormat::Csv => SharedRead::Read(self.parse()),
        }
    }
}

/// Formats of [`WeatherText`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeatherFormat {
    Epw,
    Csv,
}

/// The scenario as a model sees it: periods, grid factor, GWP set, place and weather.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub crediting: &'a CreditingPeriod,
    /// The plant life from the crediting start, for the lifetime view.
    pub lifetime: Option<&'a CreditingPeriod>,
    pub grid: Option<&'a GridFactor>,
    /// Multiplier on the grid factor (1 outside the Monte Carlo; the draw of the factor's
    /// systematic error inside it).
    pub grid_scale: Ratio,
    pub gwp: &'a GwpSet,
    pub location: Option<&'a WeatherLocation>,
    /// Monthly climate normals of the project.
    pub climate: Option<&'a [MonthlyClimate; 12]>,
    /// Hourly weather from the request.
    pub weather: Option<&'a WeatherText<'a>>,
    /// A name for the project, for notes ("renca-solar", "the request's").
    pub project: &'a str,
    /// Set when the prepared inputs of this scenario depend only on the dataset and a
    /// documented project, so a model may memoise them under this key.
    pub memo_key: Option<&'a str>,
    pub detail: Detail,
}

impl Context<'_> {
    /// The grid emission factor for a calendar year (with the Monte Carlo scale), or a
    /// missing-value error naming the option.
    pub fn grid_factor(&self, year: i32) -> Result<EmissionIntensity<Co2e>, ScenarioError> {
        let g = self.grid.ok_or_else(|| {
            ScenarioError::option(
                ErrorCode::MissingValue,
                "grid_factor",
                "this model needs a grid emission factor: a dataset series, a constant, a trajectory or a combined margin",
            )
            .with_expected(
                "a dataset series, a constant, a trajectory or a combined margin",
                "nothing",
            )
        })?;
        Ok(g.at(year).0 * self.grid_scale)
    }

    /// The periods of a horizon (`None` for the lifetime when no plant life is set).
    pub fn periods(&self, horizon: Horizon) -> Option<&CreditingPeriod> {
        match horizon {
            Horizon::FirstYear | Horizon::Crediting => Some(self.crediting),
            Horizon::Lifetime => self.lifetime,
        }
    }

    /// The plant life as a time, if set.
    pub fn lifetime_length(&self) -> Option<Time> {
        self.lifetime.map(|p| p.length())
    }

    /// True inside a Monte Carlo draw.
    pub fn is_draw(&self) -> bool {
        self.detail == Detail::Draw
    }
}

/// Fills derived parameters (e.g. a decay rate from the climate zone) from other inputs.
///
/// A model's [`Model::derive`] runs once when a scenario is resolved, where what it sets is
/// recorded with how it was obtained and its spread, and again in every Monte Carlo draw,
/// where a derived value follows the draw of what it derives from unless it is drawn itself.
pub struct Derive<'a> {
    slots: &'a mut [Slot],
    /// Which parameters may be set here (derived by the model and not otherwise given).
    derivable: &'a [bool],
    records: Option<&'a mut Vec<Derivation>>,
}

/// What [`Derive::set`] recorded for a parameter.
#[derive(Debug, Clone)]
pub struct Derivation {
    pub index: usize,
    pub how: String,
    /// The model's spread for the derived value.
    pub uncertainty: Option<crate::catalog::Uncertainty>,
}

impl<'a> Derive<'a> {
    /// A derivation over `slots`; `records` collects what was set (at resolution time).
    pub fn new(
        slots: &'a mut [Slot],
        derivable: &'a [bool],
        records: Option<&'a mut Vec<Derivation>>,
    ) -> Self {
        Derive {
            slots,
            derivable,
            records,
        }
    }

    /// A parameter's current value.
    pub fn get<T: Param>(&self, key: Key<T>) -> Result<T, ScenarioError> {
        read_slot(self.slots.get(key.index), key.key)
    }

    /// True when the parameter has no value of its own and the model derives it.
    pub fn is_derived(&self, key: Key<impl Param>) -> bool {
        self.derivable.get(key.index).copied().unwrap_or(false)
    }

    /// Sets a derived parameter, unless it has a value of its own. `how` says how it was
    /// obtained (only called when recording); `uncertainty` is the model's spread for it.
    pub fn set<T: Param>(
        &mut self,
        key: Key<T>,
        value: T,
        how: impl FnOnce() -> String,
        uncertainty: impl FnOnce() -> Option<crate::catalog::Uncertainty>,
    ) {
        if !self.is_derived(key) {
            return;
        }
        self.slots[key.index] = value.slot();
        if let Some(records) = self.records.as_deref_mut() {
            records.push(Derivation {
                index: key.index,
                how: how(),
                uncertainty: uncertainty(),
            });
        }
    }
}

/// A model: its inputs, what it needs, and how it turns them into an [`Outcome`].
///
/// `prepare` runs once per scenario (e.g. reading the weather and placing the sun);
/// `run` runs for the estimate and for every Monte Carlo draw, so both go through the same
/// code. A model whose `run` is too slow to repeat thousands of times may fit a cheaper
/// stand-in in `prepare_draws` and use it when [`Context::is_draw`] (the solar model does).
pub trait Model: Sync + 'static {
    /// The model id (`models/<id>.toml`).
    const ID: &'static str;
    /// Version of the implementation; bump when results change.
    const VERSION: &'static str;
    /// What the model needs from the scenario.
    const NEEDS: Needs;
    type Inputs: Inputs;
    /// What `prepare` computes once per scenario.
    type Prepared: Send + Sync;

    /// Fills derived parameters; see [`Derive`].
    fn derive(&self, _d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    /// Work done once per scenario.
    fn prepare(
        &self,
        inputs: &Self::Inputs,
        ctx: &Context<'_>,
    ) -> Result<Self::Prepared, ScenarioError>;

    /// Work done once before Monte Carlo draws, knowing which parameters are uncertain;
    /// returns notes on how draws are evaluated.
    fn prepare_draws(
        &self,
        _prepared: &mut Self::Prepared,
        _base: &Self::Inputs,
        _uncertain: &[Spread<'_>],
        _ctx: &Context<'_>,
    ) -> Result<Vec<String>, ScenarioError> {
        Ok(Vec::new())
    }

    /// The outcome of one set of inputs.
    fn run(
        &self,
        inputs: &Self::Inputs,
        prepared: &Self::Prepared,
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError>;
}

/// A model behind a pointer: what the registry holds. Implemented for every [`Model`].
pub trait DynModel: Sync {
    fn id(&self) -> &'static str;
    fn version(&self) -> &'static str;
    fn needs(&self) -> Needs;
    fn parameters(&self) -> &'static [ParamDecl];
    fn derive(&self, d: &mut Derive<'_>, ctx: &Context<'_>) -> Result<(), ScenarioError>;
    /// Reads the slots and prepares: an evaluator for the estimate and the draws.
    fn evaluator(
        &self,
        slots: &[Slot],
        ctx: &Context<'_>,
    ) -> Result<Box<dyn Evaluator + '_>, ScenarioError>;
}

/// A prepared model, ready to run on slots.
pub trait Evaluator: Send + Sync {
    fn run(&self, slots: &[Slot], ctx: &Context<'_>) -> Result<Outcome, ScenarioError>;
    /// See [`Model::prepare_draws`].
    fn prepare_draws(
        &mut self,
        base: &[Slot],
        uncertain: &[Spread<'_>],
        ctx: &Context<'_>,
    ) -> Result<Vec<String>, ScenarioError>;
}

struct Prepared<'m, M: Model> {
    model: &'m M,
    prepared: M::Prepared,
}

impl<M: Model> Evaluator for Prepared<'_, M> {
    fn run(&self, slots: &[Slot], ctx: &Context<'_>) -> Result<Outcome, ScenarioError> {
        let inputs = M::Inputs::read(slots)?;
        self.model.run(&inputs, &self.prepared, ctx)
    }

    fn prepare_draws(
        &mut self,
        base: &[Slot],
        uncertain: &[Spread<'_>],
        ctx: &Context<'_>,
    ) -> Result<Vec<String>, ScenarioError> {
        let inputs = M::Inputs::read(base)?;
        self.model
            .prepare_draws(&mut self.prepared, &inputs, uncertain, ctx)
    }
}

impl<M: Model> DynModel for M {
    fn id(&self) -> &'static str {
        M::ID
    }
    fn version(&self) -> &'static str {
        M::VERSION
    }
    fn needs(&self) -> Needs {
        M::NEEDS
    }
    fn parameters(&self) -> &'static [ParamDecl] {
        M::Inputs::PARAMETERS
    }
    fn derive(&self, d: &mut Derive<'_>, ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Model::derive(self, d, ctx)
    }
    fn evaluator(
        &self,
        slots: &[Slot],
        ctx: &Context<'_>,
    ) -> Result<Box<dyn Evaluator + '_>, ScenarioError> {
        let inputs = M::Inputs::read(slots)?;
        let prepared = self.prepare(&inputs, ctx)?;
        Ok(Box::new(Prepared {
            model: self,
            prepared,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{Energy, Power};
    use uom::si::power::kilowatt;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Mode {
        Fast,
        Careful,
    }
    crate::choices!(Mode { Fast => "fast", Careful => "careful" });

    crate::model_inputs! {
        struct Toy / ToyKeys {
            capacity: Power,
            mode: Mode,
            start: Option<Date>,
            weather: Yearly<Ratio>,
        }
    }

    #[test]
    fn the_declaration_is_the_parameter_table() {
        let t = Toy::PARAMETERS;
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].kind, Kind::Quantity(Dimension::Power));
        assert_eq!(t[1].kind, Kind::Choice(&["fast", "careful"]));
        assert!(t[2].optional && t[2].kind == Kind::Date);
        assert!(t[3].yearly && !t[3].optional);
        assert_eq!(Toy::KEYS.weather.index(), 3);
    }

    #[test]
    fn reading_slots_is_typed_and_missing_values_are_errors() {
        let slots = [
            Slot::Quantity(2000.0),
            Slot::Choice(1),
            Slot::Empty,
            Slot::PerHorizon([1.0, 0.9, 0.95]),
        ];
        let toy = Toy::read(&slots).unwrap();
        assert_eq!(toy.capacity.get::<kilowatt>(), 2.0);
        assert_eq!(toy.mode, Mode::Careful);
        assert_eq!(toy.start, None);
        assert_eq!(toy.weather.over(Horizon::Crediting).value, 0.9);
        let err = Toy::read(&slots[..1]).unwrap_err();
        assert_eq!(err.errors[0].field.parameter_key(), Some("mode"));
        // A choice index outside the declaration is not silently a default.
        assert!(<Mode as Param>::read(&Slot::Choice(5)).is_none());
        assert_eq!(<Mode as ChoiceText>::parse("slow"), None);
        let _: Key<Power> = Toy::KEYS.capacity;
        let _ = PhantomData::<Energy>;
    }
}
