//! tanso (炭素, "carbon"): emissions-impact estimates with units as types and a source for
//! every number.
//!
//! The modules follow the flow of a calculation: [`units`] and [`calendar`] (edge types, civil
//! dates) → [`uncertainty`] (distributions, sampling, statistics) and [`sun`] (solar geometry)
//! → [`catalog`] (cited data) → [`weather`] (hourly series, typical years) → [`models`]
//! (physics and methods, pure functions) → [`scenario`] (a project plus overrides, evaluated)
//! → [`api`] / [`cli`] / [`web`] / [`store`] (I/O only; the store keeps saved scenarios). A
//! module refers only to modules earlier in that flow; the exact table is in
//! `tests/layering.rs`, which checks it.
//!
//! The crate root re-exports the named quantities of [`units::named`] (`tanso::Power`,
//! `tanso::Energy`, ...): the surface for learners and library users, whose compiler messages
//! name the quantities ("cannot add `tanso::Energy` to `tanso::Power`"). They convert to and
//! from the engine's `uom` types in [`units`] with `From`/`Into`.

// uom's `unit!` macro calls its helper macros by bare name, so they must be in scope.
#[macro_use]
extern crate uom;

pub mod api;
pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod error;
pub mod models;
pub mod scenario;
pub mod sheets;
pub mod store;
pub mod sun;
pub mod uncertainty;
pub mod units;
pub mod weather;
pub mod web;

// At the root so that rustc names them `tanso::Energy`: rustc prints an item by its shortest
// public path, and `Energy` alone is taken by `uom`'s aliases and `units::Dimension`.
pub use units::SpecificYield;
pub use units::named::{
    AnnualRate, Area, Energy, Insolation, Irradiance, Mass, MassRate, Power, Ratio, Temperature,
    TemperatureInterval, Time,
};
