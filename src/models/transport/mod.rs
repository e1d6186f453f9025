//! Transport: four models, each a plug-in with its own physics and `plugin.rs`.
//!
//! * [`modal_shift`]: riders moving to a new line (ASIF: activity × structure × intensity),
//!   net of the line's traction electricity and of the service it replaced.
//! * [`fleet`]: a fleet switching from diesel to natural gas, dual-fuel or dedicated, with
//!   methane slip as CH4 through the GWP set.
//! * [`biofuel`]: a biofuel blended into diesel, counted by energy share and life-cycle
//!   intensity (EU RED II defaults), never as zero-emission fuel.
//! * [`ev`]: electric cars replacing combustion cars, on the grid factor of each year.
//!
//! [`fuel`] holds what the combustion models share: fuel burned, its energy, and its CO2e
//! through IPCC 2006 Vol. 2 factors and a GWP set.

pub mod biofuel;
pub mod ev;
pub mod fleet;
pub mod fuel;
pub mod modal_shift;
