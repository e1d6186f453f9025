//! tanso (炭素, "carbon"): emissions-impact estimates with units as types and a source for
//! every number.
//!
//! The modules follow the flow of a calculation: [`units`] and [`calendar`] (edge types, civil
//! dates) → [`uncertainty`] (distributions, sampling, statistics) and [`sun`] (solar geometry)
//! → [`catalog`] (cited data) → [`weather`] (hourly series, typical years) → [`models`]
//! (physics and methods, pure functions) → [`scenario`] (a project plus overrides, evaluated)
//! → [`api`] / [`cli`] / [`web`] (I/O only). A module refers only to modules earlier in that flow; the
//! exact table is in `tests/layering.rs`, which checks it.

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
pub mod sun;
pub mod uncertainty;
pub mod units;
pub mod weather;
pub mod web;
