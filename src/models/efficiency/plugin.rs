//! The efficiency-ratio model as a plug-in: project consumption (monitored or estimated) ×
//! performance ratio → reference and project emissions by crediting year (JCM ID_AM004 /
//! ID_AM002 structure, and the boiler form on fuel).

use uom::si::ratio::ratio;
use uom::si::time::year;

use super::fuel::{self, Fuel};
use super::{
    energy_saved, estimated_consumption, fuel_energy, performance_ratio, reference_consumption,
};
use crate::catalog::{Amount, Provenance, Uncertainty, UncertaintySpec, Value};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Horizon, Ledger};
use crate::models::outcome::{Measured, Outcome, Role};
use crate::models::plugin::{ChoiceText, Context, Derive, Model, Needs, Yearly};
use crate::units::ghg::{Co2e, EmissionIntensity};
use crate::units::{Dimension, Energy, EnergyPerMass, MassRate, Power, Ratio, Time};

/// What the equipment runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnergySource {
    /// Electric equipment (air conditioners, chillers): COP ratio × grid factor.
    Electricity,
    /// Fuel-fired equipment (boilers): efficiency ratio × fuel factor.
    Fuel,
}

/// How the project's consumption is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Metered consumption per year (what a JCM monitoring report gives).
    Monitored,
    /// Units × rated input × operating hours × load factor (an ex-ante estimate).
    Estimated,
}

crate::choices!(EnergySource { Electricity => "electricity", Fuel => "fuel" });
crate::choices!(Basis { Monitored => "monitored", Estimated => "estimated" });
crate::choices!(Fuel {
    Diesel => "diesel",
    Lpg => "lpg",
    NaturalGas => "natural_gas",
    ResidualFuelOil => "residual_fuel_oil",
    BituminousCoal => "bituminous_coal",
});

crate::model_inputs! {
    /// The inputs of the efficiency-ratio model (keys of `models/efficiency-ratio.toml`).
    pub struct EfficiencyInputs / EfficiencyKeys {
        energy_source: EnergySource,
        consumption_basis: Basis,
        project_electricity: Option<Energy>,
        project_fuel: Option<MassRate>,
        units: Ratio,
        rated_input: Power,
        operating_hours: Time,
        load_factor: Ratio,
        cop_project: Ratio,
        cop_reference: Ratio,
        efficiency_project: Ratio,
        efficiency_reference: Ratio,
        fuel: Fuel,
        fuel_ncv: EnergyPerMass,
        fuel_co2_factor: EmissionIntensity<Co2e>,
        usage_factor: Yearly<Ratio>,
    }
}

/// Equipment replaced by more efficient equipment (JCM efficiency-ratio methodologies).
pub struct EfficiencyRatio;

const COLUMNS: [Column; 4] = [
    Column::sum(
        "project_consumption",
        "Project equipment consumption",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "reference_consumption",
        "Reference equipment consumption (same service)",
        Role::Baseline,
        Dimension::Energy,
    ),
    // Saved energy is a difference, negative when the project is worse than its reference.
    Column::sum(
        "energy_saved",
        "Energy saved",
        Role::Indicator,
        Dimension::Energy,
    ),
    Column::rate(
        "emission_factor",
        "Emission factor (grid or fuel)",
        Role::Factor,
        Dimension::EmissionIntensity,
    ),
];

/// The project's consumption in a normal year (energy: electricity, or fuel × NCV).
fn project_consumption(i: &EfficiencyInputs) -> Result<Energy, ScenarioError> {
    let missing = |key: &str, what: &str| {
        ScenarioError::parameter(
            ErrorCode::MissingValue,
            key,
            format!("consumption_basis is monitored: give {what}"),
        )
    };
    let e = match (i.consumption_basis, i.energy_source) {
        (Basis::Estimated, _) => {
            estimated_consumption(i.units, i.rated_input, i.operating_hours, i.load_factor)
        }
        (Basis::Monitored, EnergySource::Electricity) => {
            i.project_electricity.ok_or_else(|| {
                missing(
                    "project_electricity",
                    "the project equipment's electricity use per year (e.g. \"1.2 GWh\")",
                )
            })?
        }
        (Basis::Monitored, EnergySource::Fuel) => {
            let rate = i.project_fuel.ok_or_else(|| {
                missing(
                    "project_fuel",
                    "the project boilers' fuel use per year (e.g. \"1200 t/yr\")",
                )
            })?;
            fuel_energy(rate * Time::new::<year>(1.0), i.fuel_ncv)
        }
    };
    if !e.value.is_finite() || e.value < 0.0 {
        return Err(ScenarioError::parameter(
            ErrorCode::InvalidValue,
            "consumption_basis",
            "the project's consumption must be zero or more",
        ));
    }
    Ok(e)
}

/// The project's performance over the reference's, refusing a reference that cannot be.
fn ratio_of(i: &EfficiencyInputs) -> Result<Ratio, ScenarioError> {
    let (project, reference, key) = match i.energy_source {
        EnergySource::Electricity => (i.cop_project, i.cop_reference, "cop_reference"),
        EnergySource::Fuel => (
            i.efficiency_project,
            i.efficiency_reference,
            "efficiency_reference",
        ),
    };
    if reference.value <= 0.0 || project.value <= 0.0 {
        return Err(ScenarioError::parameter(
            ErrorCode::InvalidValue,
            key,
            "project and reference performance must both be above zero",
        ));
    }
    Ok(performance_ratio(project, reference))
}

fn triangle<M: crate::units::Measure>(
    lo: M,
    mode: M,
    hi: M,
    source: &str,
    note: &'static str,
) -> Option<Uncertainty> {
    let v = |q| Value::Quantity(Amount::of(q));
    Some(Uncertainty {
        spec: UncertaintySpec::Triangular {
            min: v(lo),
            mode: v(mode),
            max: v(hi),
        },
        lower: None,
        upper: None,
        provenance: Provenance {
            sources: vec![source.into()],
            assumption: None,
        },
        note: Some(note.into()),
    })
}

impl Model for EfficiencyRatio {
    const ID: &'static str = "efficiency-ratio";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = EfficiencyInputs;
    type Prepared = ();

    /// The fuel's NCV and CO2 factor from IPCC 2006 Vol. 2 Tables 1.2 and 1.4, with the
    /// tables' 95 % intervals as triangular spreads.
    fn derive(&self, d: &mut Derive<'_>, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        let k = EfficiencyInputs::KEYS;
        let f: Fuel = d.get(k.fuel)?;
        let name = f.as_str();
        let ncv = fuel::net_calorific_value(f);
        d.set(
            k.fuel_ncv,
            ncv.default,
            || format!("IPCC 2006 Vol. 2 Table 1.2 default for {name}"),
            || {
                triangle(
                    ncv.low,
                    ncv.default,
                    ncv.high,
                    "ipcc-2006-v2-ch1-ncv",
                    "IPCC 2006 Table 1.2 95 % interval as a triangle around the default",
                )
            },
        );
        let co2 = fuel::co2_factor(f);
        d.set(
            k.fuel_co2_factor,
            co2.default,
            || format!("IPCC 2006 Vol. 2 Table 1.4 default for {name}"),
            || {
                triangle(
                    co2.low,
                    co2.default,
                    co2.high,
                    "ipcc-2006-v2-ch1",
                    "IPCC 2006 Table 1.4 95 % interval as a triangle around the default",
                )
            },
        );
        Ok(())
    }

    fn prepare(&self, inputs: &EfficiencyInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        project_consumption(inputs)?;
        ratio_of(inputs).map(|_| ())
    }

    fn run(
        &self,
        inputs: &EfficiencyInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        let consumption = project_consumption(inputs)?;
        let perf = ratio_of(inputs)?;
        let usage = &inputs.usage_factor;
        let factor_in = |calendar_year: i32| match inputs.energy_source {
            EnergySource::Electricity => ctx.grid_factor(calendar_year),
            EnergySource::Fuel => Ok(inputs.fuel_co2_factor),
        };
        // RE = E_PJ × ratio × EF, PE = E_PJ × EF, so ER = E_PJ × EF × (ratio − 1).
        let ledger = |period: &CreditingPeriod, horizon: Horizon| {
            Ledger::build(period.years(), &COLUMNS, |y, cells| {
                let h = if y.index == 0 {
                    Horizon::FirstYear
                } else {
                    horizon
                };
                let project = consumption * usage.over(h);
                let reference = reference_consumption(project, perf);
                let factor = factor_in(y.calendar_year)?;
                cells.push(project);
                cells.push(reference);
                cells.push(energy_saved(project, perf));
                cells.push(factor);
                Ok(Emissions {
                    baseline: reference * factor,
                    project: project * factor,
                    leakage: crate::units::ghg::GasMass::zero(),
                })
            })
        };
        let crediting = ledger(ctx.crediting, Horizon::Crediting)?;
        let life = match ctx.lifetime {
            Some(p) => Some(ledger(p, Horizon::Lifetime)?),
            None => None,
        };
        let mut out = Outcome::from_ledgers(crediting, life);
        let first = consumption * usage.over(Horizon::FirstYear);
        out.figure(
            "first_year_energy_saved",
            "Energy saved in the first year",
            Role::Indicator,
            energy_saved(first, perf),
        )
        .figure(
            "first_year_project_consumption",
            "Project equipment consumption in the first year",
            Role::PhysicalOutput,
            first,
        )
        .figure(
            "performance_ratio",
            "Project performance / reference performance",
            Role::Indicator,
            perf,
        );
        if perf.get::<ratio>() < 1.0 {
            out.warnings.push(format!(
                "The project equipment is less efficient than its reference (ratio {:.2}): it uses more energy than the reference would, so the emission reductions are negative. Check the project and reference COP or efficiency.",
                perf.get::<ratio>()
            ));
        }
        if ctx.is_draw() {
            return Ok(out);
        }
        let show = |q: Measured| q.display().readable(3);
        out.notes.push(match inputs.energy_source {
            EnergySource::Electricity => format!(
                "Reference emissions = project consumption × COP_PJ / COP_RE ({:.2} / {:.2}) × grid factor; project emissions = project consumption × grid factor (JCM ID_AM004 / ID_AM002 structure).",
                inputs.cop_project.get::<ratio>(),
                inputs.cop_reference.get::<ratio>(),
            ),
            EnergySource::Fuel => format!(
                "Reference emissions = project fuel energy × η_PJ / η_RE ({:.0} % / {:.0} %) × {} CO2 factor {}; project emissions = project fuel energy × the same factor.",
                inputs.efficiency_project.get::<ratio>() * 100.0,
                inputs.efficiency_reference.get::<ratio>() * 100.0,
                inputs.fuel.as_str(),
                show(Measured::of(inputs.fuel_co2_factor)),
            ),
        });
        if inputs.consumption_basis == Basis::Estimated {
            out.notes.push(format!(
                "Project consumption estimated as {} units × {} × {:.0} h × load factor {:.0} % = {} per year.",
                inputs.units.get::<ratio>(),
                show(Measured::of(inputs.rated_input)),
                inputs.operating_hours.get::<uom::si::time::hour>(),
                inputs.load_factor.get::<ratio>() * 100.0,
                show(Measured::of(consumption)),
            ));
        }
        Ok(out)
    }
}
