//! Physics and methods, and the plug-in mechanism that makes each a model.
//!
//! * [`plugin`]: the [`Model`](plugin::Model) trait, typed inputs and what a model needs.
//! * [`outcome`]: the one outcome schema every model returns.
//! * [`crediting`]: crediting years, the grid factor by year, the `ER = BE − PE − LE` ledger.
//! * [`registry`]: the list of models.
//! * One folder per model: its pure physics functions, and `plugin.rs`, its [`Model`](plugin::Model).

pub mod compost;
pub mod crediting;
pub mod efficiency;
pub mod grid;
pub mod hydro;
pub mod outcome;
pub mod plugin;
pub mod registry;
pub mod solar;
pub mod transport;
