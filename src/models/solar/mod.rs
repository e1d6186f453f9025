//! Solar PV energy: a PVWatts-v8-class hourly model chain.
//!
//! Each physical model is a small pure function with its equation, units and reference in
//! its documentation, in the spirit of pvlib's model functions:
//!
//! | Step | Function | Reference |
//! |---|---|---|
//! | Sun position (interval midpoint) | [`crate::sun::solar_position_spa`] | Reda & Andreas 2004 (NREL SPA) |
//! | Extraterrestrial irradiance | [`crate::sun::extraterrestrial_irradiance`] | Spencer 1971 |
//! | Relative air mass | [`crate::sun::relative_airmass`] | Kasten & Young 1989 |
//! | GHI → DNI + DHI | [`decomposition::erbs`] | Erbs, Klein & Duffie 1982 |
//! | Plane of array | [`transposition::plane_of_array`] (Perez 1990, isotropic, Hay–Davies) | Perez et al. 1990 |
//! | Cover loss on the beam | [`iam::iam_physical`] | De Soto et al. 2006 |
//! | Cell temperature | [`temperature::fuentes_cell_temperature`] (or [`temperature::fuentes_cell_temperature_lit`], lit hours only), [`temperature::sapm_cell_temperature`] | Fuentes 1987; King et al. 2004 |
//! | DC power, losses | [`dc::pvwatts_dc`], [`dc::combined_loss`] | Dobos 2014 (PVWatts v5 manual) |
//! | AC power, clipping | [`inverter::pvwatts_ac`] | Dobos 2014 |
//! | Lifetime | [`lifetime::degraded_energy`] | PVWatts v8; Jordan & Kurtz 2013 |
//!
//! The chain itself is [`simulate`] (or [`prepare`] once per weather series, then
//! [`simulate_prepared`] per system variant).

pub mod chain;
pub mod dc;
pub mod decomposition;
pub mod iam;
pub mod inverter;
pub mod lifetime;
pub mod plugin;
pub mod surrogate;
pub mod system;
pub mod temperature;
pub mod transposition;

pub use chain::{
    HourResult, HourlyOutput, IrradianceSplit, PreparedHour, PreparedWeather, PvPeriod, PvYear,
    lifetime_ac_energy, prepare, prepare_with, simulate, simulate_prepared,
};
pub use dc::{LossBreakdown, ModuleType};
pub use iam::CoverOptics;
pub use plugin::{SolarInputs, SolarPv};
pub use system::{Mounting, PvSystem, Site, SolarError, SunOptions, TemperatureModel};
pub use temperature::SapmParams;
pub use transposition::TranspositionModel;
