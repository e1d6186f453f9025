//! Every model tanso evaluates: one line each. The catalog checks, scenario resolution, the
//! Monte Carlo, the API, the CLI and the tests over every seed iterate this list; nothing
//! else names a model.

use super::plugin::DynModel;

/// The models, in listing order.
pub static MODELS: &[&dyn DynModel] = &[
    &super::solar::SolarPv,
    &super::compost::Composting,
    &super::hydro::SmallHydro,
    &super::efficiency::EfficiencyRatio,
    &super::transport::modal_shift::plugin::ModalShift,
    &super::transport::fleet::plugin::FleetFuelSwitch,
    &super::transport::biofuel::plugin::BiofuelBlend,
    &super::transport::ev::plugin::ElectricVehicles,
    &super::biogas::AnaerobicDigestion,
    &super::incineration::WasteToEnergy,
    &super::residue_burning::CropResidueBurning,
];

/// The model with this id.
pub fn model(id: &str) -> Option<&'static dyn DynModel> {
    MODELS.iter().copied().find(|m| m.id() == id)
}

/// The ids of every model.
pub fn ids() -> Vec<&'static str> {
    MODELS.iter().map(|m| m.id()).collect()
}
