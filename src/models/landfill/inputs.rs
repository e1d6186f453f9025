//! The landfill baseline as model inputs: the site and climate parameters every waste
//! plug-in (composting, anaerobic digestion, waste-to-energy) declares under the same keys,
//! and how they are derived when a project does not set them:
//!
//! * k of each waste type from the IPCC climate zone (Table 3.3, with the table's range as a
//!   triangular spread), the zone given or classified from temperature and precipitation;
//! * MCF and OX from the disposal-site type (Tables 3.1 and 3.2);
//! * φ from the climate (TOOL04 Application B: 0.85 humid/wet, 0.80 dry).
//!
//! Each model lists these fields in its own `model_inputs!` declaration (the catalog of each
//! model documents them) and hands their typed keys to [`derive_site_and_climate`].

use uom::si::ratio::ratio;

use super::waste::DEGRADABLE_COUNT;
use super::waste::{default_decay_rate, default_decay_rate_range};
use super::{
    BaselineSchedule, ClimateZone, Counterfactual, CounterfactualChange, DecayProperties,
    DisposalSite, FodTimeStep, SiteType, WasteComposition, WasteError, WasteProperties, WasteType,
    ipcc_climate_zone,
};
use crate::calendar::Date;
use crate::catalog::{Amount, Provenance, Uncertainty, UncertaintySpec, Value};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::plugin::{ChoiceText, Derive, Key};
use crate::units::{AnnualRate, Precipitation, Ratio, Temperature};

/// The IPCC climate zone, or `Auto` to classify it from temperature and precipitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneChoice {
    Auto,
    BorealTemperateDry,
    BorealTemperateWet,
    TropicalDry,
    TropicalWet,
}

crate::choices!(ZoneChoice {
    Auto => "auto",
    BorealTemperateDry => "boreal_temperate_dry",
    BorealTemperateWet => "boreal_temperate_wet",
    TropicalDry => "tropical_dry",
    TropicalWet => "tropical_wet",
});
crate::choices!(SiteType {
    ManagedAnaerobic => "managed_anaerobic",
    ManagedSemiAerobic => "managed_semi_aerobic",
    UnmanagedDeep => "unmanaged_deep",
    UnmanagedShallow => "unmanaged_shallow",
    Uncategorised => "unknown",
});
crate::choices!(FodTimeStep { Yearly => "yearly", Monthly => "monthly" });

/// What happens to the counterfactual disposal during the crediting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineChange {
    /// The waste keeps going to the same site.
    None,
    /// From a date, the waste would no longer be disposed of (e.g. an organics ban).
    NoDisposal,
    /// From a date, the waste would go to another site (with its own MCF).
    OtherSite,
}

crate::choices!(BaselineChange { None => "none", NoDisposal => "no_disposal", OtherSite => "other_site" });

/// The typed keys of the site and climate parameters in one model's declaration.
#[derive(Debug, Clone, Copy)]
pub struct SiteClimateKeys {
    pub climate_zone: Key<ZoneChoice>,
    pub mean_annual_temperature: Key<Option<Temperature>>,
    pub annual_precipitation: Key<Option<Precipitation>>,
    pub precipitation_to_pet: Key<Option<Ratio>>,
    pub k_food: Key<AnnualRate>,
    pub k_garden: Key<AnnualRate>,
    pub k_paper: Key<AnnualRate>,
    pub k_wood: Key<AnnualRate>,
    pub disposal_site: Key<SiteType>,
    pub mcf: Key<Ratio>,
    pub oxidation: Key<Ratio>,
    pub phi: Key<Ratio>,
}

/// A waste-model error as a scenario error on a parameter.
pub fn model_error(e: WasteError, key: &str) -> ScenarioError {
    ScenarioError::parameter(ErrorCode::ModelError, key, e.to_string())
}

/// The IPCC climate zone: given, or from temperature and precipitation.
pub fn climate_zone(
    choice: ZoneChoice,
    mat: Option<Temperature>,
    map: Option<Precipitation>,
    p_to_pet: Option<Ratio>,
) -> Result<ClimateZone, ScenarioError> {
    match choice {
        ZoneChoice::BorealTemperateDry => return Ok(ClimateZone::BorealTemperateDry),
        ZoneChoice::BorealTemperateWet => return Ok(ClimateZone::BorealTemperateWet),
        ZoneChoice::TropicalDry => return Ok(ClimateZone::TropicalDry),
        ZoneChoice::TropicalWet => return Ok(ClimateZone::TropicalMoistWet),
        ZoneChoice::Auto => {}
    }
    let need = |key: &str| {
        ScenarioError::parameter(
            ErrorCode::MissingValue,
            key,
            "climate_zone is auto: give the mean annual temperature and precipitation, or set climate_zone",
        )
    };
    let mat = mat.ok_or_else(|| need("mean_annual_temperature"))?;
    let map = map.ok_or_else(|| need("annual_precipitation"))?;
    let pet = p_to_pet
        .filter(|r| r.value > 0.0)
        .map(|r| Precipitation(map.0 / r));
    ipcc_climate_zone(mat, map, pet).map_err(|e| match e {
        WasteError::PetRequired { .. } => ScenarioError::parameter(
            ErrorCode::MissingValue,
            "precipitation_to_pet",
            "the mean annual temperature is 20 °C or below, where IPCC separates dry from wet climates by precipitation / potential evapotranspiration: give precipitation_to_pet, or set climate_zone",
        ),
        other => model_error(other, "mean_annual_temperature"),
    })
}

/// The IPCC 2006 Table 3.3 range of k as a triangle around the default.
fn triangle(lo: AnnualRate, mode: AnnualRate, hi: AnnualRate) -> Uncertainty {
    let v = |q| Value::Quantity(Amount::of(q));
    Uncertainty {
        spec: UncertaintySpec::Triangular {
            min: v(lo),
            mode: v(mode),
            max: v(hi),
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
    }
}

/// Derives k (IPCC 2006 Table 3.3, with the table's range as spread), MCF and OX from the
/// site type (Tables 3.1, 3.2) and φ from the climate (TOOL04 Application B), each unless
/// the project or the request sets it. Returns the climate zone.
pub fn derive_site_and_climate(
    d: &mut Derive<'_>,
    k: &SiteClimateKeys,
) -> Result<ClimateZone, ScenarioError> {
    let zone = climate_zone(
        d.get(k.climate_zone)?,
        d.get(k.mean_annual_temperature)?,
        d.get(k.annual_precipitation)?,
        d.get(k.precipitation_to_pet)?,
    )?;
    for (t, key) in [
        (WasteType::Food, k.k_food),
        (WasteType::Garden, k.k_garden),
        (WasteType::Paper, k.k_paper),
        (WasteType::Wood, k.k_wood),
    ] {
        let rate = default_decay_rate(t, zone).ok_or_else(|| {
            ScenarioError::parameter(
                ErrorCode::ModelError,
                key.key(),
                "no IPCC default decay rate",
            )
        })?;
        d.set(
            key,
            rate,
            || {
                format!(
                    "IPCC 2006 Table 3.3 default for the {} climate zone",
                    zone.as_str().replace('_', " ")
                )
            },
            || default_decay_rate_range(t, zone).map(|(lo, hi)| triangle(lo, rate, hi)),
        );
    }
    let site: SiteType = d.get(k.disposal_site)?;
    let site_text = ChoiceText::as_str(&site);
    d.set(
        k.mcf,
        super::site::default_mcf(site),
        || {
            format!(
                "IPCC 2006 Table 3.1 for an {} site",
                site_text.replace('_', " ")
            )
        },
        || None,
    );
    // Managed sites are assumed to have a methane-oxidising cover (soil, compost).
    d.set(
        k.oxidation,
        super::site::default_oxidation(site, site.is_managed()),
        || "IPCC 2006 Table 3.2: 0.1 for managed sites with an oxidising cover, else 0".into(),
        || None,
    );
    let wet = matches!(
        zone,
        ClimateZone::BorealTemperateWet | ClimateZone::TropicalMoistWet
    );
    d.set(
        k.phi,
        Ratio::new::<ratio>(if wet { 0.85 } else { 0.80 }),
        || {
            format!(
                "TOOL04 Application B, {} climate",
                if wet { "humid/wet" } else { "dry" }
            )
        },
        || None,
    );
    Ok(zone)
}

/// Where the diverted waste would have gone over the period: `site` from the start, then,
/// if `change` says so, no disposal or another site (MCF `other_site_mcf`, no cover, no gas
/// capture) from `date`.
pub fn baseline_schedule(
    site: DisposalSite,
    change: BaselineChange,
    date: Option<Date>,
    other_site_mcf: Ratio,
    crediting_start: Date,
) -> Result<BaselineSchedule, ScenarioError> {
    let schedule = BaselineSchedule::constant(Counterfactual::Disposal(site));
    let to = match change {
        BaselineChange::None => return Ok(schedule),
        BaselineChange::NoDisposal => Counterfactual::NoDisposal,
        BaselineChange::OtherSite => Counterfactual::Disposal(DisposalSite {
            mcf: other_site_mcf,
            oxidation: Ratio::new::<ratio>(0.0),
            captured: Ratio::new::<ratio>(0.0),
        }),
    };
    let Some(date) = date else {
        return Err(ScenarioError::parameter(
            ErrorCode::MissingValue,
            "baseline_change_date",
            format!(
                "baseline_change is \"{}\": give the date it takes effect",
                ChoiceText::as_str(&change)
            ),
        )
        .with_expected("a date such as \"2025-08-01\"", "nothing"));
    };
    let at = CounterfactualChange::on_date(crediting_start, date, to)
        .map_err(|e| model_error(e, "baseline_change_date"))?;
    Ok(schedule.then(at))
}

/// The degradable components of a waste stream for [`accumulate_fod`](super::accumulate_fod):
/// each type's wet-mass share with its DOC and k. `parts` lists every type with its share
/// and, for degradable types, its DOC and k; the shares must add up to 100 % (`share_keys`
/// names them in the error).
pub fn degradable_components(
    parts: &[(WasteType, Ratio, Option<DecayProperties>)],
    share_keys: &[&str],
) -> Result<[(Ratio, DecayProperties); DEGRADABLE_COUNT], ScenarioError> {
    let mut table = WasteProperties::empty();
    for &(t, _, props) in parts {
        if let Some(props) = props {
            table = table
                .with(t, props)
                .map_err(|e| model_error(e, share_keys[0]))?;
        }
    }
    let shares: Vec<(WasteType, Ratio)> = parts.iter().map(|(t, s, _)| (*t, *s)).collect();
    let composition = WasteComposition::new(&shares).map_err(|e| match e {
        WasteError::CompositionSum { sum, .. } => ScenarioError::parameter(
            ErrorCode::InvalidValue,
            share_keys[0],
            format!(
                "the waste shares ({}) sum to {:.1} %, not 100 %",
                share_keys.join(", "),
                sum * 100.0
            ),
        ),
        other => model_error(other, share_keys[0]),
    })?;
    table
        .components(&composition)
        .map_err(|e| model_error(e, share_keys[0]))
}
