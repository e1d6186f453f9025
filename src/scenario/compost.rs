//! The composting model as a scenario: catalog parameters → typed model inputs → results.

use uom::si::length::meter;
use uom::si::ratio::ratio;

use super::error::{ErrorCode, ScenarioError};
use super::resolve::{Origin, Resolved, Values};
use super::result::{CompostCreditingYear, CompostResults, CompostTotals};
use crate::catalog::{Amount, Provenance, Uncertainty, UncertaintySpec, Value};
use crate::models::compost::project::{
    CompostLeakage, Electricity, FreightIntensity, FuelUse, Haul, Tool13N2oDefault,
};
use crate::models::compost::{
    self as model, Baseline, BaselineSchedule, ClimateZone, CompostError, CompostPlant,
    CompostResult, CompostingFactors, Counterfactual, CounterfactualChange, DecayProperties,
    DisposalSite, FodParameters, FodTimeStep, ProjectEmissions, SiteType, WasteComposition,
    WasteProperties, WasteType,
};
use crate::units::ghg::{Ch4, Co2, Co2e, EmissionIntensity, GasPerMass, N2o};
use crate::units::{
    AnnualRate, EnergyPerMass, Length, Mass, MassRate, Precipitation, QuantityValue, Ratio,
    ReciprocalLength, Temperature, Time,
};

/// Waste types with a catalog share, and the keys of their share, DOC and k parameters.
/// Textiles decay like paper (IPCC 2006 Table 3.3 groups them); inert material has no DOC.
const TYPES: [(WasteType, &str, Option<&str>, Option<&str>); 6] = [
    (
        WasteType::Food,
        "share_food",
        Some("doc_food"),
        Some("k_food"),
    ),
    (
        WasteType::Garden,
        "share_garden",
        Some("doc_garden"),
        Some("k_garden"),
    ),
    (
        WasteType::Paper,
        "share_paper",
        Some("doc_paper"),
        Some("k_paper"),
    ),
    (
        WasteType::Wood,
        "share_wood",
        Some("doc_wood"),
        Some("k_wood"),
    ),
    (
        WasteType::Textiles,
        "share_textiles",
        Some("doc_textiles"),
        Some("k_paper"),
    ),
    (WasteType::Inert, "share_inert", None, None),
];

/// The parameters this evaluator reads, with their kind (a dimension id, `date`, or `choice:`
/// and the values it understands); the catalog is checked against it when it is loaded.
pub const PARAMETERS: &[(&str, &str)] = &[
    ("capacity", "mass_rate"),
    ("utilisation", "ratio"),
    ("operating_days", "time"),
    ("compost_yield", "ratio"),
    ("share_food", "ratio"),
    ("share_garden", "ratio"),
    ("share_paper", "ratio"),
    ("share_wood", "ratio"),
    ("share_textiles", "ratio"),
    ("share_inert", "ratio"),
    ("doc_food", "ratio"),
    ("doc_garden", "ratio"),
    ("doc_paper", "ratio"),
    ("doc_wood", "ratio"),
    ("doc_textiles", "ratio"),
    ("doc_f", "ratio"),
    (
        "climate_zone",
        "choice:auto|boreal_temperate_dry|boreal_temperate_wet|tropical_dry|tropical_wet",
    ),
    ("mean_annual_temperature", "temperature"),
    ("annual_precipitation", "precipitation"),
    ("precipitation_to_pet", "ratio"),
    ("k_food", "annual_rate"),
    ("k_garden", "annual_rate"),
    ("k_paper", "annual_rate"),
    ("k_wood", "annual_rate"),
    (
        "disposal_site",
        "choice:managed_anaerobic|managed_semi_aerobic|unmanaged_deep|unmanaged_shallow|unknown",
    ),
    ("mcf", "ratio"),
    ("oxidation", "ratio"),
    ("phi", "ratio"),
    ("fod_time_step", "choice:yearly|monthly"),
    ("methane_fraction", "ratio"),
    ("gas_captured", "ratio"),
    ("baseline_change", "choice:none|no_disposal|other_site"),
    ("baseline_change_date", "date"),
    ("other_site_mcf", "ratio"),
    (
        "composting_factors",
        "choice:ipcc_2006|tool13|tool13_low_n2o",
    ),
    ("ef_ch4_composting", "ch4_per_mass"),
    ("ef_n2o_composting", "n2o_per_mass"),
    ("electricity_use", "energy_per_mass"),
    ("grid_losses", "ratio"),
    ("diesel_use", "energy_per_mass"),
    ("diesel_factor", "emission_intensity"),
    ("transport_distance", "length"),
    ("transport_factor", "freight_intensity"),
    ("compost_landfilled", "ratio"),
    ("doc_compost", "ratio"),
];

/// The typed inputs of one evaluation (the Monte Carlo rebuilds them per draw).
pub struct CompostInputs {
    pub plant: CompostPlant,
    pub baseline: Baseline,
    pub project: ProjectEmissions,
}

/// Derives what the catalog leaves to the model (k from the climate zone, MCF and OX from the
/// site, φ from the climate, composting factors from the chosen set), recording how; runs
/// once per estimate.
pub fn prepare(r: &mut Resolved<'_>) -> Result<(), ScenarioError> {
    let zone = climate_zone(&Values::of(r))?;
    let wet = matches!(
        zone,
        ClimateZone::BorealTemperateWet | ClimateZone::TropicalMoistWet
    );

    // Decay rates from the zone (IPCC 2006 Table 3.3), with the table's range as spread.
    for (t, _, _, k_key) in TYPES {
        let Some(k_key) = k_key else { continue };
        if r.has(k_key) {
            continue;
        }
        let k = model::waste::default_decay_rate(t, zone).expect("every organic type has a k");
        let spread = model::waste::default_decay_rate_range(t, zone).map(|(lo, hi)| Uncertainty {
            spec: UncertaintySpec::Triangular {
                min: Value::Quantity(Amount::of(lo)),
                mode: Value::Quantity(Amount::of(k)),
                max: Value::Quantity(Amount::of(hi)),
            },
            lower: None,
            upper: None,
            provenance: Provenance {
                sources: vec!["ipcc-2006-v5-ch3".into(), "usepa-ipcc-k".into()],
                assumption: None,
            },
            note: Some(
                "IPCC 2006 Table 3.3 range for the climate zone, as a triangle around the default"
                    .into(),
            ),
        });
        r.derive(
            k_key,
            k,
            format!("IPCC 2006 Table 3.3 default for the {} zone", zone.as_str()),
            spread,
        );
    }

    let site_type = site_type_of(r.choice("disposal_site"));
    r.derive(
        "mcf",
        model::site::default_mcf(site_type),
        format!(
            "IPCC 2006 Table 3.1 for site type {}",
            r.choice("disposal_site")
        ),
        None,
    );
    // Managed sites are assumed to have a methane-oxidising cover (soil, compost).
    r.derive(
        "oxidation",
        model::site::default_oxidation(site_type, site_type.is_managed()),
        "IPCC 2006 Table 3.2: 0.1 for managed sites with an oxidising cover, else 0".into(),
        None,
    );
    r.derive(
        "phi",
        Ratio::new::<ratio>(if wet { 0.85 } else { 0.80 }),
        format!(
            "TOOL04 Application B, {} climate",
            if wet { "humid/wet" } else { "dry" }
        ),
        None,
    );
    let factors = match r.choice("composting_factors") {
        "tool13" => CompostingFactors::Tool13Default(Tool13N2oDefault::Secondary0005),
        "tool13_low_n2o" => CompostingFactors::Tool13Default(Tool13N2oDefault::Recalled0002),
        _ => CompostingFactors::Ipcc2006Tier1Wet,
    };
    let (ch4, n2o) = factors.factors();
    let how = format!(
        "from composting_factors = {}",
        r.choice("composting_factors")
    );
    r.derive("ef_ch4_composting", ch4, how.clone(), None);
    r.derive("ef_n2o_composting", n2o, how, None);
    if r.quantity::<EnergyPerMass>("electricity_use")?.value > 0.0 {
        grid_factor(&Values::of(r))?;
        if r.options.grid.as_ref().is_some_and(|g| g.points.len() > 1) {
            let first = r.options.crediting.years()[0].calendar_year;
            let label = r
                .options
                .grid
                .as_ref()
                .map(|g| g.label.clone())
                .unwrap_or_default();
            r.warnings.push(format!(
                "grid factor \"{label}\": the composting model uses one factor for the whole period, the value for {first}"
            ));
        }
    }
    Ok(())
}

/// Builds the model's typed inputs from a set of values (the estimate's, or one draw's).
pub fn build(v: &Values<'_>) -> Result<CompostInputs, ScenarioError> {
    let r = v;
    let zone = climate_zone(v)?;
    let mut waste = WasteProperties::ipcc_2006(zone);
    let mut parts = Vec::new();
    for (t, share_key, doc_key, k_key) in TYPES {
        let share: Ratio = r.quantity(share_key)?;
        parts.push((t, share));
        if let (Some(doc_key), Some(k_key)) = (doc_key, k_key) {
            let props = DecayProperties {
                doc: r.quantity(doc_key)?,
                k: r.quantity::<AnnualRate>(k_key)?,
            };
            waste = waste.with(t, props).map_err(|e| model_error(e, doc_key))?;
        }
    }
    let composition = WasteComposition::new(&parts).map_err(|e| match e {
        CompostError::CompositionSum { sum, .. } => ScenarioError::field(
            ErrorCode::InvalidValue,
            "/parameters/share_food",
            format!(
                "the waste shares (share_food, share_garden, share_paper, share_wood, share_textiles, share_inert) sum to {:.1} %, not 100 %",
                sum * 100.0
            ),
        ),
        other => model_error(other, "share_food"),
    })?;

    // A drawn site type carries its own MCF and OX unless those are drawn or set themselves.
    let site_type = site_type_of(v.choice("disposal_site"));
    let follows_site = |key: &str| {
        v.is_drawn("disposal_site") && !v.is_drawn(key) && v.origin(key) == Origin::Derived
    };
    let site = DisposalSite {
        mcf: if follows_site("mcf") {
            model::site::default_mcf(site_type)
        } else {
            r.quantity("mcf")?
        },
        oxidation: if follows_site("oxidation") {
            model::site::default_oxidation(site_type, site_type.is_managed())
        } else {
            r.quantity("oxidation")?
        },
        captured: r.quantity("gas_captured")?,
    };
    let fod = FodParameters {
        phi: r.quantity("phi")?,
        doc_f: r.quantity("doc_f")?,
        methane_fraction: r.quantity("methane_fraction")?,
        time_step: match r.choice("fod_time_step") {
            "monthly" => FodTimeStep::Monthly,
            _ => FodTimeStep::Yearly,
        },
    };
    let mut schedule = BaselineSchedule::constant(Counterfactual::Disposal(site));
    let change = r.choice("baseline_change").to_string();
    if change != "none" {
        let Some(date) = r.date("baseline_change_date") else {
            return Err(ScenarioError::field(
                ErrorCode::MissingValue,
                "/parameters/baseline_change_date",
                format!("baseline_change is \"{change}\": give the date it takes effect"),
            )
            .with_expected("a date such as \"2025-08-01\"", "nothing"));
        };
        let to = if change == "no_disposal" {
            Counterfactual::NoDisposal
        } else {
            Counterfactual::Disposal(DisposalSite {
                mcf: r.quantity("other_site_mcf")?,
                oxidation: Ratio::new::<ratio>(0.0),
                captured: Ratio::new::<ratio>(0.0),
            })
        };
        let start = r.resolved.options.crediting.start;
        let at = CounterfactualChange::on_date(start, date, to)
            .map_err(|e| model_error(e, "baseline_change_date"))?;
        schedule = schedule.then(at);
    }
    let baseline = Baseline {
        fod,
        waste,
        schedule,
    };

    let ch4: GasPerMass<Ch4> = r.quantity("ef_ch4_composting")?;
    let n2o: GasPerMass<N2o> = r.quantity("ef_n2o_composting")?;

    let electricity_use: EnergyPerMass = r.quantity("electricity_use")?;
    let electricity = if electricity_use.value > 0.0 {
        let factor = grid_factor(v)?;
        Some(Electricity {
            specific_use: electricity_use,
            grid_factor: factor,
            td_loss: r.quantity("grid_losses")?,
        })
    } else {
        None
    };
    let diesel: EnergyPerMass = r.quantity("diesel_use")?;
    let fuel = (diesel.value > 0.0)
        .then(|| -> Result<FuelUse, ScenarioError> {
            let f: EmissionIntensity<Co2e> = r.quantity("diesel_factor")?;
            Ok(FuelUse {
                per_tonne: diesel,
                factor: EmissionIntensity::<Co2>::new(f.per_energy()),
            })
        })
        .transpose()?;
    let distance: Length = r.quantity("transport_distance")?;
    let waste_transport = (distance.value > 0.0)
        .then(|| -> Result<Haul, ScenarioError> {
            let per_length: ReciprocalLength = r.quantity("transport_factor")?;
            let metre = Length::new::<meter>(1.0);
            Ok(Haul {
                distance,
                factor: FreightIntensity::new(GasPerMass::new(per_length * metre), metre),
            })
        })
        .transpose()?;
    let landfilled: Ratio = r.quantity("compost_landfilled")?;
    let leakage = (landfilled.value > 0.0)
        .then(|| -> Result<CompostLeakage, ScenarioError> {
            Ok(CompostLeakage {
                disposed_fraction: landfilled,
                compost: DecayProperties {
                    doc: r.quantity("doc_compost")?,
                    // Compost decays like garden waste, the moderately decomposing class.
                    k: r.quantity::<AnnualRate>("k_garden")?,
                },
                site,
                fod,
            })
        })
        .transpose()?;

    let plant = CompostPlant {
        capacity: r.quantity::<MassRate>("capacity")?,
        utilisation: r.quantity("utilisation")?,
        operating_days: r.quantity::<Time>("operating_days")?,
        compost_yield: r.quantity("compost_yield")?,
        composition,
    };
    let project = ProjectEmissions {
        composting: CompostingFactors::Custom { ch4, n2o },
        electricity,
        fuel,
        waste_transport,
        compost_transport: None,
        leakage,
    };
    Ok(CompostInputs {
        plant,
        baseline,
        project,
    })
}

fn site_type_of(choice: &str) -> SiteType {
    match choice {
        "managed_anaerobic" => SiteType::ManagedAnaerobic,
        "managed_semi_aerobic" => SiteType::ManagedSemiAerobic,
        "unmanaged_deep" => SiteType::UnmanagedDeep,
        "unmanaged_shallow" => SiteType::UnmanagedShallow,
        _ => SiteType::Uncategorised,
    }
}

/// The IPCC climate zone: given, or from temperature and precipitation.
fn climate_zone(r: &Values<'_>) -> Result<ClimateZone, ScenarioError> {
    let zone = match r.choice("climate_zone") {
        "boreal_temperate_dry" => Some(ClimateZone::BorealTemperateDry),
        "boreal_temperate_wet" => Some(ClimateZone::BorealTemperateWet),
        "tropical_dry" => Some(ClimateZone::TropicalDry),
        "tropical_wet" => Some(ClimateZone::TropicalMoistWet),
        _ => None,
    };
    if let Some(z) = zone {
        return Ok(z);
    }
    let mat: Temperature = r.quantity("mean_annual_temperature")?;
    let map: Precipitation = r.quantity("annual_precipitation")?;
    let pet = if r.has("precipitation_to_pet") {
        let ratio_: Ratio = r.quantity("precipitation_to_pet")?;
        (ratio_.value > 0.0).then(|| Precipitation(map.0 / ratio_))
    } else {
        None
    };
    model::ipcc_climate_zone(mat, map, pet).map_err(|e| match e {
        CompostError::PetRequired { .. } => ScenarioError::field(
            ErrorCode::MissingValue,
            "/parameters/precipitation_to_pet",
            "the mean annual temperature is 20 °C or below, where IPCC separates dry from wet climates by precipitation / potential evapotranspiration: give precipitation_to_pet, or set climate_zone",
        ),
        other => model_error(other, "mean_annual_temperature"),
    })
}

/// The grid factor for electricity the plant consumes: the value of the first crediting
/// year (the model takes one factor for the period), times the draw's grid scale.
fn grid_factor(v: &Values<'_>) -> Result<EmissionIntensity<Co2e>, ScenarioError> {
    let r = v.resolved;
    let Some(g) = &r.options.grid else {
        return Err(ScenarioError::field(
            ErrorCode::MissingValue,
            "/options/grid_factor",
            "the plant uses electricity: give a grid emission factor (a series, a constant or a trajectory)",
        ));
    };
    let first = r.options.crediting.years()[0].calendar_year;
    let (si, _) = g.at(first);
    Ok(<EmissionIntensity<Co2e> as crate::units::Measure>::from_si(
        si * v.grid_scale,
    ))
}

fn model_error(e: CompostError, key: &str) -> ScenarioError {
    ScenarioError::field(
        ErrorCode::ModelError,
        &format!("/parameters/{key}"),
        e.to_string(),
    )
}

/// Runs the model on typed inputs for the resolved period.
pub fn run(r: &Resolved<'_>, inputs: &CompostInputs) -> Result<CompostResult, ScenarioError> {
    let years = r.options.crediting.years().len() as u32;
    model::evaluate(
        &inputs.plant,
        &inputs.baseline,
        &inputs.project,
        &r.options.gwp.set(),
        &model::CreditingPeriod { years },
    )
    .map_err(|e| ScenarioError::field(ErrorCode::ModelError, "/parameters", e.to_string()))
}

/// Evaluates the resolved scenario and shapes the results.
pub fn evaluate(r: &mut Resolved<'_>) -> Result<CompostResults, ScenarioError> {
    prepare(r)?;
    let inputs = build(&Values::of(r))?;
    let result = run(r, &inputs)?;
    let periods = r.options.crediting.years();
    if let Some(last) = periods.last().filter(|y| y.fraction < 1.0) {
        r.warnings.push(format!(
            "the last crediting year ({} to {}) is {:.0} % of a year; its row is scaled by that share",
            last.start,
            last.end,
            last.fraction * 100.0
        ));
    }
    if !result.within_small_scale_limit {
        r.warnings.push(
            "annual reductions exceed 60 kt CO2e, the limit for CDM small-scale (Type III) methodologies such as AMS-III.F".into(),
        );
    }
    Ok(shape(&result, &periods))
}

/// Turns model results into the API table, scaling a partial last year.
pub fn shape(result: &CompostResult, periods: &[super::resolve::CreditingYear]) -> CompostResults {
    use QuantityValue as Q;
    let mut rows = Vec::new();
    let (mut waste, mut compost, mut base_ch4, mut base, mut project, mut leak, mut net) =
        (Mass::default(), Mass::default(), 0.0, 0.0, 0.0, 0.0, 0.0);
    for (y, p) in result.years.iter().zip(periods) {
        let f = Ratio::new::<ratio>(p.fraction);
        let pb = &y.project;
        let row = CompostCreditingYear {
            year: y.year,
            start: p.start.to_string(),
            end: p.end.to_string(),
            waste_treated: Q::of(y.waste_treated * f),
            compost_produced: Q::of(y.compost_produced * f),
            baseline_ch4: Q::of(y.baseline_ch4 * f),
            baseline: Q::of(y.baseline * f),
            project_composting_ch4: Q::of(pb.composting_ch4_co2e * f),
            project_composting_n2o: Q::of(pb.composting_n2o_co2e * f),
            project_electricity: Q::of(pb.electricity * f),
            project_fuel: Q::of(pb.fuel * f),
            project_transport: Q::of((pb.waste_transport + pb.compost_transport) * f),
            leakage: Q::of(y.leakage * f),
            net_reduction: Q::of(y.emission_reductions * f),
            committed_ch4: Q::of(y.committed_baseline.total * f),
            committed_ch4_after_period: Q::of(y.committed_baseline.after_period * f),
        };
        waste += y.waste_treated * f;
        compost += y.compost_produced * f;
        base_ch4 += (y.baseline_ch4 * f).mass().value;
        base += (y.baseline * f).mass().value;
        project += (pb.total * f).mass().value;
        leak += (y.leakage * f).mass().value;
        net += (y.emission_reductions * f).mass().value;
        rows.push(row);
    }
    let co2e = |kg: f64| {
        Q::of(crate::units::ghg::GasMass::<Co2e>::new(Mass::new::<
            uom::si::mass::kilogram,
        >(kg)))
    };
    let per_tonne = if waste.value > 0.0 {
        Q::of(GasPerMass::<Co2e>::new(
            Mass::new::<uom::si::mass::kilogram>(net) / waste,
        ))
    } else {
        Q::of(GasPerMass::<Co2e>::new(Ratio::new::<ratio>(0.0)))
    };
    CompostResults {
        crediting_years: rows,
        totals: CompostTotals {
            waste_treated: Q::of(waste),
            compost_produced: Q::of(compost),
            baseline_ch4: Q::of(crate::units::ghg::GasMass::<Ch4>::new(Mass::new::<
                uom::si::mass::kilogram,
            >(
                base_ch4
            ))),
            baseline: co2e(base),
            project: co2e(project),
            leakage: co2e(leak),
            net_reduction: co2e(net),
            reduction_per_tonne: per_tonne,
            committed_ch4: Q::of(result.committed_baseline.total),
            committed_ch4_after_period: Q::of(result.committed_baseline.after_period),
        },
    }
}

/// Monte Carlo of the composting model: every draw rebuilds the typed inputs (microseconds)
/// and runs the full model, so no shortcut is needed.
pub fn monte_carlo(
    r: &Resolved<'_>,
    options: &super::request::UncertaintyOptions,
    deterministic: &CompostResults,
) -> Result<super::monte_carlo::UncertaintyResult, ScenarioError> {
    use super::monte_carlo::{self as mc, McOutput};
    mc::check_options(options)?;
    let params = mc::parameters(r)?;
    let periods = r.options.crediting.years();
    let grid = params.iter().position(|p| p.key == "grid_factor_scale");
    let tonnes = |q: &QuantityValue| q.value;
    let outputs = vec![
        McOutput {
            key: "crediting_period_net_reduction",
            name: "Net emission reductions over the crediting period",
            unit: "tCO2e".into(),
            deterministic: tonnes(&deterministic.totals.net_reduction),
        },
        McOutput {
            key: "first_year_net_reduction",
            name: "Net emission reductions, first crediting year",
            unit: "tCO2e".into(),
            deterministic: deterministic
                .crediting_years
                .first()
                .map_or(0.0, |y| y.net_reduction.value),
        },
        McOutput {
            key: "last_year_net_reduction",
            name: "Net emission reductions, last crediting year",
            unit: "tCO2e".into(),
            deterministic: deterministic
                .crediting_years
                .last()
                .map_or(0.0, |y| y.net_reduction.value),
        },
        McOutput {
            key: "reduction_per_tonne",
            name: "Net reductions per tonne of waste",
            unit: "tCO2e/t".into(),
            deterministic: deterministic.totals.reduction_per_tonne.value,
        },
        McOutput {
            key: "crediting_period_baseline",
            name: "Baseline methane avoided over the period (CO2e)",
            unit: "tCO2e".into(),
            deterministic: tonnes(&deterministic.totals.baseline),
        },
    ];
    let draw = |row: &[f64]| -> Result<Vec<f64>, ScenarioError> {
        let overlay = mc::overlay(&params, row, r.model);
        let v = Values::with(r, &overlay, grid.map_or(1.0, |i| row[i]));
        let result = run(r, &build(&v)?)?;
        let s = shape(&result, &periods);
        Ok(vec![
            s.totals.net_reduction.value,
            s.crediting_years
                .first()
                .map_or(0.0, |y| y.net_reduction.value),
            s.crediting_years
                .last()
                .map_or(0.0, |y| y.net_reduction.value),
            s.totals.reduction_per_tonne.value,
            s.totals.baseline.value,
        ])
    };
    let notes = vec![
        "Every draw runs the full composting model (TOOL04 first-order decay over the period), so there is no approximation beyond the sampling itself.".into(),
        "The climate zone, site type and composting factor set are scenario choices and stay fixed; their values' spreads (k range for the zone, MCF range, factor ranges) are sampled.".into(),
    ];
    mc::run(&params, &outputs, options, notes, draw)
}
