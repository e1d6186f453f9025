//! The small-hydro model as a plug-in: monthly generation (hydraulic, capacity factor or
//! monitored) → net generation × grid factor by crediting year (JCM PH_AM001 structure).

use uom::si::ratio::ratio;

use super::{HydroMonth, HydroPlant, by_days, capacity_factor, net_generation, year_length};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::crediting::{Column, CreditingPeriod, Emissions, Horizon, Ledger};
use crate::models::outcome::{Axis, Measured, Outcome, Role, Series};
use crate::models::plugin::{Context, Model, Needs, Yearly};
use crate::units::ghg::{Co2e, GasMass};
use crate::units::{Dimension, Energy, Length, Power, Ratio, VolumeRate};

/// A quantity for a reader, in its display unit with three significant digits.
fn show(q: impl Into<Measured>) -> String {
    q.into().display().readable(3)
}

/// How the generation is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// P = ρ·g·Q·H·η from the monthly flows.
    Hydraulic,
    /// Rated capacity × capacity factor.
    CapacityFactor,
    /// Monitored (or published) net generation per year.
    Monitored,
}

crate::choices!(Method {
    Hydraulic => "hydraulic",
    CapacityFactor => "capacity_factor",
    Monitored => "monitored",
});

crate::model_inputs! {
    /// The inputs of the small-hydro model (keys of `models/small-hydro.toml`).
    pub struct HydroInputs / HydroKeys {
        method: Method,
        rated_capacity: Power,
        gross_head: Length,
        head_loss: Ratio,
        design_flow: VolumeRate,
        flow_jan: Ratio,
        flow_feb: Ratio,
        flow_mar: Ratio,
        flow_apr: Ratio,
        flow_may: Ratio,
        flow_jun: Ratio,
        flow_jul: Ratio,
        flow_aug: Ratio,
        flow_sep: Ratio,
        flow_oct: Ratio,
        flow_nov: Ratio,
        flow_dec: Ratio,
        minimum_flow: Ratio,
        turbine_efficiency: Ratio,
        generator_efficiency: Ratio,
        transformer_efficiency: Ratio,
        availability: Ratio,
        capacity_factor: Ratio,
        monitored_generation: Option<Energy>,
        auxiliary_consumption: Ratio,
        flow_factor: Yearly<Ratio>,
    }
}

/// Small, run-of-river or run-of-canal hydropower displacing grid electricity.
pub struct SmallHydro;

const COLUMNS: [Column; 3] = [
    Column::sum(
        "gross_generation",
        "Gross generation",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::sum(
        "net_generation",
        "Net generation (after auxiliary use)",
        Role::PhysicalOutput,
        Dimension::Energy,
    ),
    Column::rate(
        "grid_factor",
        "Grid emission factor",
        Role::Factor,
        Dimension::EmissionIntensity,
    ),
];

/// One year of the plant at a given year-to-year flow factor.
struct HydroYear {
    /// Gross generation by month.
    gross: [Energy; 12],
    /// Turbine flow by month (hydraulic route only).
    flows: Option<[VolumeRate; 12]>,
}

impl HydroYear {
    fn gross_total(&self) -> Energy {
        self.gross.iter().copied().sum()
    }
}

fn plant(i: &HydroInputs) -> HydroPlant {
    HydroPlant {
        rated_capacity: i.rated_capacity,
        gross_head: i.gross_head,
        head_loss: i.head_loss,
        design_flow: i.design_flow,
        minimum_flow: i.minimum_flow,
        turbine_efficiency: i.turbine_efficiency,
        generator_efficiency: i.generator_efficiency,
        transformer_efficiency: i.transformer_efficiency,
        availability: i.availability,
    }
}

fn monthly_shares(i: &HydroInputs) -> [Ratio; 12] {
    [
        i.flow_jan, i.flow_feb, i.flow_mar, i.flow_apr, i.flow_may, i.flow_jun, i.flow_jul,
        i.flow_aug, i.flow_sep, i.flow_oct, i.flow_nov, i.flow_dec,
    ]
}

/// The most a plant can generate in a year: its rating for every hour.
fn ceiling(i: &HydroInputs) -> Energy {
    i.rated_capacity * year_length()
}

/// Gross generation of one year with the year-to-year flow factor `flow`.
fn year(i: &HydroInputs, flow: Ratio) -> Result<HydroYear, ScenarioError> {
    match i.method {
        Method::Hydraulic => {
            let shares = monthly_shares(i);
            let available: [VolumeRate; 12] =
                std::array::from_fn(|m| i.design_flow * shares[m] * flow);
            let months: [HydroMonth; 12] = plant(i).months(&available);
            Ok(HydroYear {
                gross: months.map(|m| m.gross),
                flows: Some(months.map(|m| m.turbine_flow)),
            })
        }
        Method::CapacityFactor => {
            let annual = scaled_capped(
                i.rated_capacity * year_length() * i.capacity_factor,
                flow,
                i,
            );
            Ok(HydroYear {
                gross: by_days(annual),
                flows: None,
            })
        }
        Method::Monitored => {
            let given = i.monitored_generation.ok_or_else(|| {
                ScenarioError::parameter(
                    ErrorCode::MissingValue,
                    "monitored_generation",
                    "method is monitored: give the plant's net generation per year (e.g. \"2.57 GWh\")",
                )
                .with_expected(
                    "the net generation per year, an energy such as \"2.57 GWh\"",
                    "nothing",
                )
            })?;
            // Monitored generation is net: gross it up so the auxiliary share nets it back.
            let keep = Ratio::new::<ratio>(1.0) - i.auxiliary_consumption;
            let annual = scaled_capped(given / keep.get::<ratio>(), flow, i);
            Ok(HydroYear {
                gross: by_days(annual),
                flows: None,
            })
        }
    }
}

/// An annual energy scaled by the flow factor, never above the rating running all year.
fn scaled_capped(annual: Energy, flow: Ratio, i: &HydroInputs) -> Energy {
    let e = annual * flow;
    let cap = ceiling(i);
    if e > cap { cap } else { e }
}

/// Refuses what cannot be: generation above the rating running every hour of the year.
fn check(i: &HydroInputs) -> Result<(), ScenarioError> {
    if let (Method::Monitored, Some(e)) = (i.method, i.monitored_generation) {
        if e > ceiling(i) {
            // Either may be the wrong one: the generation, or the rating it is set against.
            let cap = show(ceiling(i));
            return Err(ScenarioError::combination(
                ErrorCode::InvalidValue,
                format!(
                    "{} per year is more than {} running every hour of the year ({cap}): a capacity factor above 100 % cannot be (monitored_generation, rated_capacity)",
                    show(e),
                    show(i.rated_capacity),
                ),
                format!("monitored_generation at most rated_capacity × 8,760 h ({cap})"),
                &[
                    ("monitored_generation", format!("{} per year", show(e))),
                    (
                        "rated_capacity",
                        format!("{} ({cap} in a year at full power)", show(i.rated_capacity)),
                    ),
                ],
            ));
        }
        if e.value < 0.0 {
            return Err(ScenarioError::parameter(
                ErrorCode::InvalidValue,
                "monitored_generation",
                "generation cannot be negative",
            )
            .with_expected("zero or more", show(e)));
        }
    }
    Ok(())
}

impl Model for SmallHydro {
    const ID: &'static str = "small-hydro";
    const VERSION: &'static str = "1.0.0";
    const NEEDS: Needs = Needs {
        grid_factor: true,
        location: false,
        weather: false,
    };
    type Inputs = HydroInputs;
    type Prepared = ();

    fn prepare(&self, inputs: &HydroInputs, _ctx: &Context<'_>) -> Result<(), ScenarioError> {
        check(inputs)
    }

    fn run(
        &self,
        inputs: &HydroInputs,
        _prepared: &(),
        ctx: &Context<'_>,
    ) -> Result<Outcome, ScenarioError> {
        check(inputs)?;
        let f = &inputs.flow_factor;
        let years = [
            year(inputs, f.over(Horizon::FirstYear))?,
            year(inputs, f.over(Horizon::Crediting))?,
            year(inputs, f.over(Horizon::Lifetime))?,
        ];
        let aux = inputs.auxiliary_consumption;
        // Gross and net generation of a full year under each horizon's flow.
        let totals = years.each_ref().map(|y| {
            let gross = y.gross_total();
            (gross, net_generation(gross, aux))
        });
        let ledger = |period: &CreditingPeriod, horizon: Horizon| {
            Ledger::build(period.years(), &COLUMNS, |y, cells| {
                let h = if y.index == 0 {
                    Horizon::FirstYear
                } else {
                    horizon
                };
                let (gross, net) = totals[h as usize];
                let factor = ctx.grid_factor(y.calendar_year)?;
                cells.push(gross);
                cells.push(net);
                cells.push(factor);
                Ok(Emissions {
                    baseline: crate::models::grid::displaced_emissions(net, factor),
                    project: GasMass::<Co2e>::zero(),
                    leakage: GasMass::zero(),
                })
            })
        };
        let crediting = ledger(ctx.crediting, Horizon::Crediting)?;
        let life = match ctx.lifetime {
            Some(p) => Some(ledger(p, Horizon::Lifetime)?),
            None => None,
        };
        let mut out = Outcome::from_ledgers(crediting, life);
        let (gross, net) = totals[Horizon::FirstYear as usize];
        let first = &years[Horizon::FirstYear as usize];
        out.figure(
            "first_year_net_generation",
            "Net generation in the first year",
            Role::PhysicalOutput,
            net,
        )
        .figure(
            "first_year_gross_generation",
            "Gross generation in the first year",
            Role::PhysicalOutput,
            gross,
        )
        .figure(
            "capacity_factor",
            "Capacity factor (net generation / rated capacity × 8,760 h)",
            Role::Indicator,
            capacity_factor(net, inputs.rated_capacity, year_length()),
        );
        if ctx.is_draw() {
            return Ok(out);
        }
        out.series.push(Series {
            key: "monthly_net_generation",
            label: "Net generation by month (first year)".into(),
            axis: Axis::Month,
            values: first
                .gross
                .iter()
                .map(|g| Measured::of(net_generation(*g, aux)))
                .collect(),
        });
        if let Some(flows) = &first.flows {
            out.series.push(Series {
                key: "monthly_turbine_flow",
                label: "Flow through the turbine by month".into(),
                axis: Axis::Month,
                values: flows.iter().map(|q| Measured::of(*q)).collect(),
            });
        }
        notes(inputs, &mut out);
        Ok(out)
    }
}

/// How the figures were obtained, and what looks wrong.
fn notes(i: &HydroInputs, out: &mut Outcome) {
    let rated = Measured::of(i.rated_capacity);
    match i.method {
        Method::Hydraulic => {
            let p = plant(i).uncapped_design_power();
            out.notes.push(format!(
                "Generation by month from P = ρ·g·Q·H·η (ρ = 1000 kg/m³, g = 9.80665 m/s²): at the design flow of {} through a net head of {} the water-to-wire power is {}, capped at the rated {}; months below the minimum flow stop the turbine.",
                show(i.design_flow),
                show(super::net_head(i.gross_head, i.head_loss)),
                show(p),
                show(rated),
            ));
            let share = (p / i.rated_capacity).get::<ratio>();
            if share < 0.7 {
                out.warnings.push(format!(
                    "The head, design flow and efficiencies give only {} at the design flow, {:.0} % of the rated {}: check the inputs (the rating is never reached).",
                    show(p),
                    share * 100.0,
                    show(rated),
                ));
            } else if share > 1.3 {
                out.warnings.push(format!(
                    "The head, design flow and efficiencies give {} at the design flow, {:.0} % of the rated {}: the rating caps the output; check that the head or flow is not overstated.",
                    show(p),
                    share * 100.0,
                    show(rated),
                ));
            }
        }
        Method::CapacityFactor => out.notes.push(format!(
            "Gross generation = rated {} × capacity factor {:.1} % × 8,760 h, spread over the months by their days.",
            show(rated),
            i.capacity_factor.get::<ratio>() * 100.0,
        )),
        Method::Monitored => out.notes.push(
            "Net generation as monitored (or published), spread over the months by their days; the flow factor scales it for a wetter or drier year."
                .into(),
        ),
    }
    out.notes.push(
        "Reference emissions = net generation × grid emission factor of each crediting year; project emissions are zero (JCM PH_AM001 structure)."
            .into(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::plugin::{Inputs, Slot};

    fn inputs(method: usize) -> HydroInputs {
        // Niemon's published design with the catalog's default efficiencies.
        let mut slots = vec![
            Slot::Choice(method),
            Slot::Quantity(460e3),
            Slot::Quantity(24.46),
            Slot::Quantity(0.05),
            Slot::Quantity(2.4),
        ];
        slots.extend(std::iter::repeat_n(Slot::Quantity(1.0), 12));
        slots.extend([
            Slot::Quantity(0.3),
            Slot::Quantity(0.88),
            Slot::Quantity(0.95),
            Slot::Quantity(0.985),
            Slot::Quantity(0.95),
            Slot::Quantity(0.6),
            Slot::Quantity(2.57e3 * 3.6e9),
            Slot::Quantity(0.01),
            Slot::Quantity(1.0),
        ]);
        HydroInputs::read(&slots).unwrap()
    }

    #[test]
    fn a_dry_year_cuts_the_hydraulic_route_and_the_cap_holds_a_wet_one() {
        let i = inputs(0);
        let normal = year(&i, Ratio::new::<ratio>(1.0)).unwrap().gross_total();
        let dry = year(&i, Ratio::new::<ratio>(0.8)).unwrap().gross_total();
        // Below design flow, power is proportional to flow: 20 % less water, 20 % less energy.
        assert!(((dry / normal).get::<ratio>() - 0.8).abs() < 1e-12);
        // Above design flow the turbine takes only its design flow: no gain.
        let wet = year(&i, Ratio::new::<ratio>(1.3)).unwrap().gross_total();
        assert!(((wet / normal).get::<ratio>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn monitored_generation_above_the_rating_is_refused() {
        let mut i = inputs(2);
        i.monitored_generation = Some(Energy::new::<uom::si::energy::gigawatt_hour>(5.0));
        // 460 kW × 8,760 h = 4.03 GWh < 5 GWh.
        let err = check(&i).unwrap_err();
        assert_eq!(
            err.errors[0].field.parameter_key(),
            Some("monitored_generation")
        );
        // The capacity factor route never exceeds the rating, however wet the year.
        let mut cf = inputs(1);
        cf.capacity_factor = Ratio::new::<ratio>(0.95);
        let e = year(&cf, Ratio::new::<ratio>(1.2)).unwrap().gross_total();
        assert!(e <= ceiling(&cf));
    }
}
