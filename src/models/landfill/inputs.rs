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

use super::waste::{COMPOSITION_TOLERANCE, DEGRADABLE_COUNT};
use super::waste::{default_decay_rate, default_decay_rate_range};
use super::{
    Baseline, BaselineSchedule, ClimateZone, Counterfactual, CounterfactualChange, DecayProperties,
    DisposalSite, FodParameters, FodTimeStep, SiteType, WasteComposition, WasteError,
    WasteProperties, WasteType, ipcc_climate_zone,
};
use crate::calendar::Date;
use crate::catalog::{Amount, Provenance, Uncertainty, UncertaintySpec, Value};
use crate::error::{ErrorCode, ScenarioError};
use crate::models::outcome::{Outcome, Role};
use crate::models::plugin::{ChoiceText, Derive, Key};
use crate::units::ghg::{Co2e, GasPerMass};
use crate::units::{AnnualRate, Mass, Precipitation, Ratio, Temperature};

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

/// A waste-model error as a scenario error on a parameter, with what was expected and what
/// was received.
pub fn model_error(e: WasteError, key: &str) -> ScenarioError {
    let (expected, received) = e.expected_received();
    ScenarioError::parameter(ErrorCode::ModelError, key, e.to_string())
        .with_expected(expected, received)
}

/// Refuses waste shares that do not add up to 100 % (within [`COMPOSITION_TOLERANCE`]),
/// naming every share parameter: any of them may be the one to change. `shares` are the
/// model's share parameters as given, `(key, share)`, in the order the model documents them
/// (before any lumping, so a client reads back the values it sent). Each share's own range
/// is the catalog's to check; this is the check of their combination, shared by every waste
/// model (composting, anaerobic digestion, waste-to-energy).
pub fn check_waste_shares(shares: &[(&str, Ratio)]) -> Result<(), ScenarioError> {
    let sum: f64 = shares.iter().map(|(_, s)| s.get::<ratio>()).sum();
    if sum.is_finite() && (sum - 1.0).abs() <= COMPOSITION_TOLERANCE {
        return Ok(());
    }
    let pct = |v: f64| format!("{:.1} %", v * 100.0);
    let keys: Vec<&str> = shares.iter().map(|(k, _)| *k).collect();
    let received: Vec<(&str, String)> = shares
        .iter()
        .map(|(k, s)| {
            (
                *k,
                format!("{} (all shares: {})", pct(s.get::<ratio>()), pct(sum)),
            )
        })
        .collect();
    Err(ScenarioError::combination(
        ErrorCode::InvalidValue,
        format!(
            "the waste shares ({}) sum to {}, not 100 %",
            keys.join(", "),
            pct(sum)
        ),
        format!(
            "shares adding up to 100 % (within {} %)",
            COMPOSITION_TOLERANCE * 100.0
        ),
        &received,
    ))
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
        .with_expected(
            format!("{key}, or a climate_zone other than auto"),
            "nothing",
        )
    };
    let mat = mat.ok_or_else(|| need("mean_annual_temperature"))?;
    let map = map.ok_or_else(|| need("annual_precipitation"))?;
    let pet = p_to_pet
        .filter(|r| r.value > 0.0)
        .map(|r| Precipitation(map.0 / r));
    ipcc_climate_zone(mat, map, pet).map_err(|e| match e {
        WasteError::PetRequired { temperature_c } => ScenarioError::parameter(
            ErrorCode::MissingValue,
            "precipitation_to_pet",
            "the mean annual temperature is 20 °C or below, where IPCC separates dry from wet climates by precipitation / potential evapotranspiration: give precipitation_to_pet, or set climate_zone",
        )
        .with_expected(
            "precipitation / potential evapotranspiration (e.g. \"120 %\"), or a climate_zone other than auto",
            format!(
                "nothing, with a mean annual temperature of {} °C",
                crate::units::format_readable(temperature_c, 3)
            ),
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
            .with_expected(
                "a decay rate given with the request",
                format!(
                    "nothing, and no IPCC 2006 Table 3.3 default for {}",
                    zone.as_str()
                ),
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

/// The landfill inputs every waste model declares under the same keys (`mcf`, `oxidation`,
/// `gas_captured`, `phi`, `doc_f`, `methane_fraction`, `fod_time_step`, `baseline_change`,
/// `baseline_change_date`, `other_site_mcf`), gathered to build the TOOL04 baseline once.
#[derive(Debug, Clone, Copy)]
pub struct SiteInputs {
    pub mcf: Ratio,
    pub oxidation: Ratio,
    pub gas_captured: Ratio,
    pub phi: Ratio,
    pub doc_f: Ratio,
    pub methane_fraction: Ratio,
    pub fod_time_step: FodTimeStep,
    pub baseline_change: BaselineChange,
    pub baseline_change_date: Option<Date>,
    pub other_site_mcf: Ratio,
}

/// The [`SiteInputs`] of a model's inputs, which declare the landfill keys under the same
/// names: one field list for every waste model.
macro_rules! site_inputs {
    ($inputs:expr) => {{
        let i = $inputs;
        $crate::models::landfill::inputs::SiteInputs {
            mcf: i.mcf,
            oxidation: i.oxidation,
            gas_captured: i.gas_captured,
            phi: i.phi,
            doc_f: i.doc_f,
            methane_fraction: i.methane_fraction,
            fod_time_step: i.fod_time_step,
            baseline_change: i.baseline_change,
            baseline_change_date: i.baseline_change_date,
            other_site_mcf: i.other_site_mcf,
        }
    }};
}
pub(crate) use site_inputs;

impl SiteInputs {
    /// The disposal site the waste would go to from the start.
    pub fn site(&self) -> DisposalSite {
        DisposalSite {
            mcf: self.mcf,
            oxidation: self.oxidation,
            captured: self.gas_captured,
        }
    }

    /// The baseline of disposing `waste` at this site from `crediting_start`, changing as
    /// [`baseline_schedule`] says.
    pub fn baseline(
        self,
        waste: WasteProperties,
        crediting_start: Date,
    ) -> Result<Baseline, ScenarioError> {
        let site = self.site();
        let fod = FodParameters {
            phi: self.phi,
            doc_f: self.doc_f,
            methane_fraction: self.methane_fraction,
            time_step: self.fod_time_step,
        };
        let schedule = baseline_schedule(
            site,
            self.baseline_change,
            self.baseline_change_date,
            self.other_site_mcf,
            crediting_start,
        )?;
        Ok(Baseline {
            fod,
            waste,
            schedule,
        })
    }
}

/// Adds the waste figures every waste model reports: the tonnes treated over the crediting
/// period (`label` says how: "treated", "digested", ...) and the emission reductions per
/// tonne (zero when no waste is treated, never NaN).
pub fn add_waste_figures(out: &mut Outcome, label: &'static str) {
    let waste = out
        .crediting
        .total("waste_treated")
        .and_then(|m| m.get::<Mass>())
        .unwrap_or_default();
    let er = out.crediting.total_co2e("emission_reductions");
    let per_tonne = if waste.value > 0.0 {
        GasPerMass::<Co2e>::new(er.mass() / waste)
    } else {
        GasPerMass::new(Ratio::new::<ratio>(0.0))
    };
    out.figure("waste_treated", label, Role::PhysicalOutput, waste)
        .figure(
            "reduction_per_tonne",
            "Emission reductions per tonne of waste",
            Role::Indicator,
            per_tonne,
        );
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
    if date < crediting_start {
        return Err(ScenarioError::parameter(
            ErrorCode::InvalidValue,
            "baseline_change_date",
            format!(
                "{date} is before the crediting period starts ({crediting_start}): a change before the start is the initial counterfactual; set disposal_site or mcf instead"
            ),
        )
        .with_expected(
            format!("a date on or after {crediting_start}"),
            date.to_string(),
        ));
    }
    let at = CounterfactualChange::on_date(crediting_start, date, to)
        .map_err(|e| model_error(e, "baseline_change_date"))?;
    Ok(schedule.then(at))
}

/// The degradable components of a waste stream for [`accumulate_fod`](super::accumulate_fod):
/// each type's wet-mass share with its DOC and k. `parts` lists every type with its share
/// and, for degradable types, its DOC and k; `shares` are the model's share parameters as
/// given, `(key, share)`, which must add up to 100 % ([`check_waste_shares`]); `parts` may
/// lump several of them (waste-to-energy puts plastics, glass and metal into inert).
pub fn degradable_components(
    parts: &[(WasteType, Ratio, Option<DecayProperties>)],
    shares: &[(&str, Ratio)],
) -> Result<[(Ratio, DecayProperties); DEGRADABLE_COUNT], ScenarioError> {
    check_waste_shares(shares)?;
    let first = shares.first().map_or("", |(k, _)| *k);
    let mut table = WasteProperties::empty();
    for &(t, _, props) in parts {
        if let Some(props) = props {
            table.set(t, props).map_err(|e| model_error(e, first))?;
        }
    }
    let lumped: Vec<(WasteType, Ratio)> = parts.iter().map(|(t, s, _)| (*t, *s)).collect();
    let composition = WasteComposition::new(&lumped).map_err(|e| model_error(e, first))?;
    table
        .components(&composition)
        .map_err(|e| model_error(e, first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(v: f64) -> Ratio {
        Ratio::new::<uom::si::ratio::percent>(v)
    }

    #[test]
    fn shares_off_100_percent_are_refused_naming_every_share_with_its_value() {
        // 60 + 30 + 20 = 110 %: every share is named, each with its own value and the total.
        let e = check_waste_shares(&[("a", pct(60.0)), ("b", pct(30.0)), ("c", pct(20.0))])
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidValue);
        let keys: Vec<_> = e.errors.iter().map(|f| f.field.parameter_key()).collect();
        assert_eq!(keys, [Some("a"), Some("b"), Some("c")]);
        assert!(
            e.detail.contains("sum to 110.0 %, not 100 %"),
            "{}",
            e.detail
        );
        assert_eq!(
            e.errors[1].received.as_deref(),
            Some("30.0 % (all shares: 110.0 %)")
        );
        assert!(e.errors.iter().all(|f| f.expected.is_some()));
        // Within the 0.1 % tolerance of TOOL04 compositions given to one decimal.
        check_waste_shares(&[("a", pct(60.05)), ("b", pct(40.0))]).unwrap();
    }

    #[test]
    fn the_sum_is_checked_on_the_shares_as_given_before_any_lumping() {
        // Waste-to-energy lumps plastics, glass and metal into inert. At 100 % plastics the
        // lumped inert share is above one; the refusal is still the sum of the shares as
        // given (food 40 % + plastics 100 % = 140 %), naming both.
        let doc = |d: f64| {
            Some(DecayProperties {
                doc: pct(d),
                k: AnnualRate::new::<crate::units::custom::frequency::per_year>(0.4),
            })
        };
        let parts = [
            (WasteType::Food, pct(40.0), doc(15.0)),
            (WasteType::Inert, pct(100.0), None),
        ];
        let e = degradable_components(
            &parts,
            &[("share_food", pct(40.0)), ("share_plastics", pct(100.0))],
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidValue);
        assert_eq!(e.errors.len(), 2);
        assert_eq!(e.errors[1].field.parameter_key(), Some("share_plastics"));
        assert!(e.detail.contains("140.0 %"), "{}", e.detail);
    }

    #[test]
    fn climate_refusals_say_what_they_need_and_what_they_got() {
        let celsius =
            |c: f64| Temperature::new::<uom::si::thermodynamic_temperature::degree_celsius>(c);
        let mm = |v: f64| {
            Precipitation(crate::units::Speed::new::<
                crate::units::custom::velocity::millimeter_per_year,
            >(v))
        };
        let e = climate_zone(
            ZoneChoice::Auto,
            Some(celsius(-30.0)),
            Some(mm(500.0)),
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingValue);
        assert_eq!(
            e.errors[0].field.parameter_key(),
            Some("precipitation_to_pet")
        );
        assert!(e.errors[0].expected.is_some());
        assert!(e.errors[0].received.as_deref().unwrap().contains("-30 °C"));
        let e = climate_zone(ZoneChoice::Auto, None, None, None).unwrap_err();
        assert_eq!(e.errors[0].received.as_deref(), Some("nothing"));
    }
}
