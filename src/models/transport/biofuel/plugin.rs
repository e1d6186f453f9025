//! The biofuel-blend model as a plug-in: a fleet's diesel energy, the blend's volume share,
//! and the biofuel's life-cycle intensity (RED II defaults by feedstock and process).

use uom::si::ratio::ratio;

use super::{
    avoided_emissions, blend_volume, energy_share, intensity_from_saving, life_cycle_emissions,
};
use crate::catalog::{Amount, Provenance, Uncertainty, UncertaintySpec, Value};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, Emissions, Ledger};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{ChoiceText, Context, Derive, Model, Needs};
use crate::models::transport::fuel::{fuel_burned, fuel_energy};
use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};
use crate::units::transport::{Count, EnergyPerVolume, FuelConsumption, VehicleDistance};
use crate::units::{Dimension, Energy, Length, Measure, Ratio, Volume};

/// Which biofuel is blended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Biofuel {
    /// FAME biodiesel from used cooking oil.
    UcoBiodiesel,
    /// Hydrotreated vegetable oil (renewable diesel) from used cooking oil.
    HvoUco,
    /// Any other: give its intensity and energy content.
    Custom,
}

crate::choices!(Biofuel {
    UcoBiodiesel => "uco_biodiesel",
    HvoUco => "hvo_uco",
    Custom => "custom",
});

/// RED II Annex V Part A savings (typical, default) of a biofuel, and its energy content per
/// litre (Annex III). The default is the typical value made conservative (processing
/// emissions × 1.4), so the default is the value to claim and the typical one a lower bound
/// of the intensity.
pub struct RedIiValues {
    pub typical_saving: Ratio,
    pub default_saving: Ratio,
    pub energy_content: EnergyPerVolume,
}

/// RED II values of the listed biofuels (`None` for a custom one).
pub fn red_ii_values(b: Biofuel) -> Option<RedIiValues> {
    let mj_per_l = |v: f64| {
        EnergyPerVolume::new(
            Energy::new::<uom::si::energy::megajoule>(v),
            Volume::new::<uom::si::volume::liter>(1.0),
        )
    };
    let r = |v: f64| Ratio::new::<ratio>(v);
    match b {
        // Waste cooking oil biodiesel: typical 88 %, default 84 %; FAME 33 MJ/L.
        Biofuel::UcoBiodiesel => Some(RedIiValues {
            typical_saving: r(0.88),
            default_saving: r(0.84),
            energy_content: mj_per_l(33.0),
        }),
        // HVO from waste cooking oil: typical 87 %, default 83 %; HVO 34 MJ/L.
        Biofuel::HvoUco => Some(RedIiValues {
            typical_saving: r(0.87),
            default_saving: r(0.83),
            energy_content: mj_per_l(34.0),
        }),
        Biofuel::Custom => None,
    }
}

crate::model_inputs! {
    /// The inputs of the biofuel-blend model (keys of `models/biofuel-blend.toml`).
    pub struct BiofuelInputs / BiofuelKeys {
        vehicles: Count,
        annual_distance: Length,
        fuel_consumption: FuelConsumption,
        fossil_energy_content: EnergyPerVolume,
        fossil_comparator: EmissionIntensity<Co2e>,
        blend_share: Ratio,
        biofuel: Biofuel,
        biofuel_intensity: EmissionIntensity<Co2e>,
        biofuel_energy_content: EnergyPerVolume,
    }
}

/// A biofuel blended into a fleet's diesel.
pub struct BiofuelBlend;

const COLUMNS: [Column; 6] = [
    Column::sum(
        "fuel_energy",
        "Fuel energy used by the fleet",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "biofuel_energy",
        "…of which biofuel",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "blend_volume",
        "Blended fuel burned",
        Role::PhysicalOutput,
        Dimension::Volume,
    ),
    Column::sum(
        "biofuel_volume",
        "…of which biofuel",
        Role::PhysicalOutput,
        Dimension::Volume,
    ),
    Column::sum(
        "project_fossil",
        "Fossil part of the blend (life cycle)",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project_biofuel",
        "Biofuel part of the blend (life cycle)",
        Role::Project,
        Dimension::Co2eMass,
    ),
];

/// A uniform spread between the RED II typical and default intensities.
fn typical_to_default(
    typical: EmissionIntensity<Co2e>,
    default: EmissionIntensity<Co2e>,
) -> Uncertainty {
    let v = |q| Value::Quantity(Amount::of(q));
    Uncertainty {
        spec: UncertaintySpec::Uniform {
            min: v(typical),
            max: v(default),
        },
        lower: None,
        upper: None,
        provenance: Provenance {
            sources: vec!["red-ii-annex-v".into()],
            assumption: None,
        },
        note: Some(
            "between the RED II typical value and its default (the typical value made conservative); the default is the value used".into(),
        ),
    }
}

impl Model for BiofuelBlend {
    const ID: &'static str = "biofuel-blend";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: false,
        location: false,
        weather: false,
    };
    type Inputs = BiofuelInputs;
    type Prepared = ();

    /// The biofuel's intensity (RED II default saving × the comparator) and energy content.
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        let k = BiofuelInputs::KEYS;
        let fuel: Biofuel = d.get(k.biofuel)?;
        let Some(red) = red_ii_values(fuel) else {
            let missing = if d.is_derived(k.biofuel_intensity) {
                Some(k.biofuel_intensity.key())
            } else if d.is_derived(k.biofuel_energy_content) {
                Some(k.biofuel_energy_content.key())
            } else {
                None
            };
            return match missing {
                Some(key) => Err(ScenarioError::parameter(
                    ErrorCode::MissingValue,
                    key,
                    "biofuel is \"custom\": give its life-cycle intensity (biofuel_intensity) and its energy content (biofuel_energy_content)",
                )),
                None => Ok(()),
            };
        };
        let comparator = d.get(k.fossil_comparator)?;
        let default = intensity_from_saving(comparator, red.default_saving);
        let typical = intensity_from_saving(comparator, red.typical_saving);
        let name = fuel.as_str();
        d.set(
            k.biofuel_intensity,
            default,
            || format!("RED II Annex V default saving for {name} ({:.0} %) applied to the fossil comparator", red.default_saving.get::<ratio>() * 100.0),
            || Some(typical_to_default(typical, default)),
        );
        d.set(
            k.biofuel_energy_content,
            red.energy_content,
            || format!("RED II Annex III energy content by volume for {name}"),
            || None,
        );
        Ok(())
    }

    fn prepare(&self, _i: &BiofuelInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn run(
        &self,
        i: &BiofuelInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let fleet_km = VehicleDistance::from_vehicles(i.vehicles, i.annual_distance);
        let energy = fuel_energy(
            fuel_burned(fleet_km, i.fuel_consumption),
            i.fossil_energy_content,
        );
        if energy.value <= 0.0 {
            return Err(ScenarioError::parameter(
                ErrorCode::ModelError,
                "vehicles",
                "the fleet burns no fuel: vehicles × annual_distance × fuel_consumption is zero",
            ));
        }
        let share = energy_share(
            i.blend_share,
            i.biofuel_energy_content,
            i.fossil_energy_content,
        );
        let bio_energy = energy * share;
        let blend = blend_volume(
            energy,
            i.blend_share,
            i.biofuel_energy_content,
            i.fossil_energy_content,
        );
        let be = life_cycle_emissions(energy, i.fossil_comparator);
        let avoided = avoided_emissions(energy, share, i.fossil_comparator, i.biofuel_intensity);
        let pe_fossil = life_cycle_emissions(energy - bio_energy, i.fossil_comparator);
        let pe_bio = life_cycle_emissions(bio_energy, i.biofuel_intensity);
        debug_assert!(
            ((be - pe_fossil - pe_bio) - avoided).mass().value.abs()
                <= 1e-6 * be.mass().value.abs()
        );
        let ledger = Ledger::build(ctx.crediting.years(), &COLUMNS, |_, cells| {
            cells.push(energy);
            cells.push(bio_energy);
            cells.push(blend);
            cells.push(blend * i.blend_share);
            cells.push(pe_fossil);
            cells.push(pe_bio);
            Ok(Emissions {
                baseline: be,
                project: pe_fossil + pe_bio,
                leakage: GasMass::zero(),
            })
        })?;
        let mut out = Outcome::from_ledgers(ledger, None);
        out.figure(
            "blend_energy_share",
            "Biofuel share of the blend's energy",
            Role::Indicator,
            share,
        )
        .figure(
            "reduction_share",
            "Emission reductions as a share of the baseline (life cycle)",
            Role::Indicator,
            avoided / be,
        );
        if let Some(v) = out.crediting.total("biofuel_volume") {
            out.figure(
                "biofuel_volume",
                "Biofuel burned over the crediting period",
                Role::PhysicalOutput,
                v,
            );
        }
        if ctx.is_draw() {
            return Ok(out);
        }
        let pct = |r: Ratio| crate::units::format_readable(r.get::<ratio>() * 100.0, 3);
        out.notes.push(format!(
            "A {} % blend by volume is {} % of the energy; the blend is counted as {} % fossil diesel at the comparator and {} % biofuel at its own life-cycle intensity, never as zero-emission fuel.",
            pct(i.blend_share),
            pct(share),
            pct(Ratio::from_si(1.0) - share),
            pct(share)
        ));
        if i.biofuel_intensity > i.fossil_comparator {
            out.warnings.push(
                "the biofuel's life-cycle intensity is above the fossil comparator: blending it adds emissions".into(),
            );
        }
        Ok(out)
    }
}
