// uom's `unit!` macro calls its helper macros by bare name, so they must be in scope.
#[macro_use]
extern crate uom;

pub mod models;
pub mod units;
pub mod weather;
