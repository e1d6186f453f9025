//! Physics and methods, and the plug-in mechanism that makes each a model.
//!
//! * [`plugin`]: the [`Model`](plugin::Model) trait, typed inputs and what a model needs.
//! * [`outcome`]: the one outcome schema every model returns.
//! * [`crediting`]: crediting years, the grid factor by year, the `ER = BE − PE − LE` ledger.
//! * [`balance`]: element mass balances (carbon in ≥ carbon out) a model checks on its inputs.
//! * [`registry`]: the list of models.
//! * [`spare`]: a thread lent to a model for the rest of an estimate.
//! * One folder per model: its pure physics functions, and `plugin.rs`, its [`Model`](plugin::Model).

pub mod balance;
pub mod biogas;
pub mod compost;
pub mod crediting;
pub mod efficiency;
pub mod grid;
pub mod hydro;
pub mod incineration;
pub mod landfill;
pub mod outcome;
pub mod plugin;
pub mod registry;
pub mod residue_burning;
pub mod solar;
pub mod spare;
pub mod transport;
