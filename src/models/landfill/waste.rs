//! Waste types, the composition of the waste stream and the IPCC 2006 default decay
//! properties (degradable organic carbon DOC and decay constant k) of each type.
//!
//! The defaults are lookup functions; the model itself takes a [`WasteProperties`] table as
//! input, so every value can be overridden.

use serde::{Deserialize, Serialize};
use uom::si::ratio::ratio;

use super::climate::ClimateZone;
use super::error::{WasteError, WasteResult, check_fraction, check_positive};
use crate::units::custom::frequency::per_year;
use crate::units::{AnnualRate, Ratio};

/// A waste type as the IPCC 2006 guidelines and CDM TOOL04 group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum WasteType {
    /// Food, food waste, beverages and tobacco (not sewage sludge).
    Food,
    /// Garden, yard and park waste (other non-food putrescibles).
    Garden,
    /// Paper and cardboard.
    Paper,
    /// Wood and straw.
    Wood,
    /// Textiles.
    Textiles,
    /// Disposable nappies (diapers). The reference tables give no defaults for them.
    Nappies,
    /// Glass, plastic, metal and other inert material: no degradable carbon.
    Inert,
}

/// Number of waste types.
pub const WASTE_TYPE_COUNT: usize = 7;
/// Number of waste types that carry degradable carbon (all but [`WasteType::Inert`]).
pub const DEGRADABLE_COUNT: usize = 6;

impl WasteType {
    /// All types, in listing order.
    pub const ALL: [WasteType; WASTE_TYPE_COUNT] = [
        WasteType::Food,
        WasteType::Garden,
        WasteType::Paper,
        WasteType::Wood,
        WasteType::Textiles,
        WasteType::Nappies,
        WasteType::Inert,
    ];

    /// The types that can carry degradable organic carbon.
    pub const DEGRADABLE: [WasteType; DEGRADABLE_COUNT] = [
        WasteType::Food,
        WasteType::Garden,
        WasteType::Paper,
        WasteType::Wood,
        WasteType::Textiles,
        WasteType::Nappies,
    ];

    /// The identifier used in data files and parameter keys.
    pub fn as_str(self) -> &'static str {
        match self {
            WasteType::Food => "food",
            WasteType::Garden => "garden",
            WasteType::Paper => "paper",
            WasteType::Wood => "wood",
            WasteType::Textiles => "textiles",
            WasteType::Nappies => "nappies",
            WasteType::Inert => "inert",
        }
    }

    /// Position in [`WasteType::ALL`] (and in [`WasteType::DEGRADABLE`] for degradable types).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How far the composition fractions may add up away from 1 before they are rejected.
/// Values within it are rescaled to sum exactly to 1, so no waste mass is lost or created.
pub const COMPOSITION_TOLERANCE: f64 = 1e-3;

/// The wet-mass shares of each waste type in the stream composted (they sum to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WasteComposition {
    fractions: [Ratio; WASTE_TYPE_COUNT],
}

impl WasteComposition {
    /// Builds a composition from `(type, wet-mass fraction)` pairs. Types not listed are 0.
    ///
    /// Each fraction must be in [0, 1], no type may be listed twice, and the fractions must
    /// add up to 1 within [`COMPOSITION_TOLERANCE`]; they are then rescaled to sum to 1.
    pub fn new(parts: &[(WasteType, Ratio)]) -> WasteResult<Self> {
        let mut fractions = [Ratio::new::<ratio>(0.0); WASTE_TYPE_COUNT];
        let mut seen = [false; WASTE_TYPE_COUNT];
        for &(t, f) in parts {
            let field = composition_key(t);
            check_fraction(field, f)?;
            if seen[t.index()] {
                return Err(WasteError::Invalid {
                    field: field.to_string(),
                    problem: "listed more than once".into(),
                });
            }
            seen[t.index()] = true;
            fractions[t.index()] = f;
        }
        let sum: f64 = fractions.iter().map(|f| f.get::<ratio>()).sum();
        if (sum - 1.0).abs() > COMPOSITION_TOLERANCE {
            return Err(WasteError::CompositionSum {
                sum,
                tolerance: COMPOSITION_TOLERANCE,
            });
        }
        for f in &mut fractions {
            *f = Ratio::new::<ratio>(f.get::<ratio>() / sum);
        }
        Ok(Self { fractions })
    }

    /// A stream made of one waste type only (e.g. source-separated food waste).
    pub fn single(t: WasteType) -> Self {
        let mut fractions = [Ratio::new::<ratio>(0.0); WASTE_TYPE_COUNT];
        fractions[t.index()] = Ratio::new::<ratio>(1.0);
        Self { fractions }
    }

    /// The wet-mass share of type `t`.
    pub fn fraction(&self, t: WasteType) -> Ratio {
        self.fractions[t.index()]
    }
}

/// The parameter key of a composition fraction.
fn composition_key(t: WasteType) -> &'static str {
    match t {
        WasteType::Food => "waste.composition.food",
        WasteType::Garden => "waste.composition.garden",
        WasteType::Paper => "waste.composition.paper",
        WasteType::Wood => "waste.composition.wood",
        WasteType::Textiles => "waste.composition.textiles",
        WasteType::Nappies => "waste.composition.nappies",
        WasteType::Inert => "waste.composition.inert",
    }
}

/// The parameter keys of a degradable type's DOC and k.
pub(crate) fn property_keys(t: WasteType) -> (&'static str, &'static str) {
    match t {
        WasteType::Food => ("waste.food.doc", "waste.food.k"),
        WasteType::Garden => ("waste.garden.doc", "waste.garden.k"),
        WasteType::Paper => ("waste.paper.doc", "waste.paper.k"),
        WasteType::Wood => ("waste.wood.doc", "waste.wood.k"),
        WasteType::Textiles => ("waste.textiles.doc", "waste.textiles.k"),
        WasteType::Nappies => ("waste.nappies.doc", "waste.nappies.k"),
        WasteType::Inert => ("waste.inert.doc", "waste.inert.k"),
    }
}

/// How one degradable material decays in a disposal site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecayProperties {
    /// DOC: degradable organic carbon, mass of carbon per mass of wet material.
    pub doc: Ratio,
    /// k: first-order decay constant, 1/yr.
    pub k: AnnualRate,
}

impl DecayProperties {
    /// Checks DOC ∈ [0, 1] and, when DOC > 0, k > 0 and finite. `keys` are the parameter
    /// keys used in error messages.
    pub(crate) fn validate(&self, keys: (&str, &str)) -> WasteResult<()> {
        check_fraction(keys.0, self.doc)?;
        if self.doc.get::<ratio>() > 0.0 {
            check_positive(keys.1, self.k.get::<per_year>(), "> 0 per year")?;
        }
        Ok(())
    }
}

/// DOC and k for each degradable waste type. Inert material has no entry (DOC = 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WasteProperties {
    entries: [Option<DecayProperties>; DEGRADABLE_COUNT],
}

impl WasteProperties {
    /// An empty table: every type must be set before it is used.
    pub fn empty() -> Self {
        Self {
            entries: [None; DEGRADABLE_COUNT],
        }
    }

    /// The IPCC 2006 defaults for a climate zone: wet-basis DOC ([`default_doc_wet`]) and k
    /// ([`default_decay_rate`]). Nappies are left unset because the reference tables used
    /// here give no values for them.
    pub fn ipcc_2006(zone: ClimateZone) -> Self {
        let mut table = Self::empty();
        for t in WasteType::DEGRADABLE {
            if let (Some(doc), Some(k)) = (default_doc_wet(t), default_decay_rate(t, zone)) {
                table.entries[t.index()] = Some(DecayProperties { doc, k });
            }
        }
        table
    }

    /// Returns the table with type `t` set to `props` (see [`WasteProperties::set`]).
    pub fn with(mut self, t: WasteType, props: DecayProperties) -> WasteResult<Self> {
        self.set(t, props)?;
        Ok(self)
    }

    /// Sets type `t` to `props`, in place (a Monte Carlo draw fills a table per draw).
    /// Setting [`WasteType::Inert`] is an error, since inert material has no degradable
    /// carbon by definition.
    pub fn set(&mut self, t: WasteType, props: DecayProperties) -> WasteResult<()> {
        if t == WasteType::Inert {
            return Err(WasteError::Invalid {
                field: "waste.inert".into(),
                problem: "inert material has no degradable carbon; put organic matter in a \
                          degradable type"
                    .into(),
            });
        }
        self.entries[t.index()] = Some(props);
        Ok(())
    }

    /// DOC and k of type `t`, if set (never for [`WasteType::Inert`]).
    pub fn get(&self, t: WasteType) -> Option<DecayProperties> {
        self.entries.get(t.index()).copied().flatten()
    }

    /// The degradable components of `composition` with their properties, checked: every type
    /// with a non-zero share must have properties, with DOC ∈ [0, 1] and k > 0.
    pub(crate) fn components(
        &self,
        composition: &WasteComposition,
    ) -> WasteResult<[(Ratio, DecayProperties); DEGRADABLE_COUNT]> {
        let zero = DecayProperties {
            doc: Ratio::new::<ratio>(0.0),
            k: AnnualRate::new::<per_year>(1.0),
        };
        let mut out = [(Ratio::new::<ratio>(0.0), zero); DEGRADABLE_COUNT];
        for t in WasteType::DEGRADABLE {
            let share = composition.fraction(t);
            if share.get::<ratio>() == 0.0 {
                continue;
            }
            let keys = property_keys(t);
            let props = self.get(t).ok_or(WasteError::NoDefault {
                field: keys.0.to_string(),
                reason: "this waste type is in the composition but has no DOC and k; the IPCC \
                         2006 Vol. 5 tables (Table 2.4, Table 3.3) do not cover nappies",
            })?;
            props.validate(keys)?;
            out[t.index()] = (share, props);
        }
        Ok(out)
    }
}

/// Default degradable organic carbon, wet basis (t C per t wet waste).
///
/// | Type | DOC (wet) |
/// |---|---|
/// | food | 0.15 |
/// | garden | 0.20 |
/// | paper | 0.40 |
/// | wood | 0.43 |
/// | textiles | 0.24 |
/// | inert | 0 |
/// | nappies | none (not in the reference) |
///
/// # Reference
/// IPCC 2006 Vol. 5 Ch. 2 Table 2.4, as reused by CDM TOOL04. Wet values confirmed in
/// US 40 CFR 98 Subpart HH Table HH-1 (\[verified\]).
pub fn default_doc_wet(t: WasteType) -> Option<Ratio> {
    let v = match t {
        WasteType::Food => 0.15,
        WasteType::Garden => 0.20,
        WasteType::Paper => 0.40,
        WasteType::Wood => 0.43,
        WasteType::Textiles => 0.24,
        WasteType::Inert => 0.0,
        WasteType::Nappies => return None,
    };
    Some(Ratio::new::<ratio>(v))
}

/// The IPCC range of the wet-basis DOC, where the reference gives one (food only:
/// 0.08–0.20, IPCC 2006 Vol. 5 Table 2.4, \[unconfirmed\]).
pub fn default_doc_wet_range(t: WasteType) -> Option<(Ratio, Ratio)> {
    match t {
        WasteType::Food => Some((Ratio::new::<ratio>(0.08), Ratio::new::<ratio>(0.20))),
        _ => None,
    }
}

/// IPCC 2006 default decay constant k with its range, 1/yr: `(low, default, high)`.
fn decay_rate_row(t: WasteType, zone: ClimateZone) -> Option<(f64, f64, f64)> {
    use ClimateZone::*;
    let row = match (t, zone) {
        // Slowly degrading: paper and textiles.
        (WasteType::Paper | WasteType::Textiles, BorealTemperateDry) => (0.03, 0.04, 0.05),
        (WasteType::Paper | WasteType::Textiles, BorealTemperateWet) => (0.05, 0.06, 0.07),
        (WasteType::Paper | WasteType::Textiles, TropicalDry) => (0.04, 0.045, 0.06),
        (WasteType::Paper | WasteType::Textiles, TropicalMoistWet) => (0.06, 0.07, 0.085),
        // Slowly degrading: wood and straw.
        (WasteType::Wood, BorealTemperateDry) => (0.01, 0.02, 0.03),
        (WasteType::Wood, BorealTemperateWet) => (0.02, 0.03, 0.04),
        (WasteType::Wood, TropicalDry) => (0.02, 0.025, 0.04),
        (WasteType::Wood, TropicalMoistWet) => (0.03, 0.035, 0.05),
        // Moderately degrading: garden and park waste.
        (WasteType::Garden, BorealTemperateDry) => (0.04, 0.05, 0.06),
        (WasteType::Garden, BorealTemperateWet) => (0.06, 0.10, 0.10),
        (WasteType::Garden, TropicalDry) => (0.05, 0.065, 0.08),
        (WasteType::Garden, TropicalMoistWet) => (0.15, 0.17, 0.20),
        // Rapidly degrading: food waste.
        (WasteType::Food, BorealTemperateDry) => (0.05, 0.06, 0.08),
        (WasteType::Food, BorealTemperateWet) => (0.10, 0.185, 0.20),
        (WasteType::Food, TropicalDry) => (0.07, 0.085, 0.10),
        (WasteType::Food, TropicalMoistWet) => (0.17, 0.40, 0.70),
        (WasteType::Nappies | WasteType::Inert, _) => return None,
    };
    Some(row)
}

/// Default first-order decay constant k for a waste type in a climate zone, 1/yr.
///
/// | Type | Boreal/temp. dry | Boreal/temp. wet | Tropical dry | Tropical moist/wet |
/// |---|---|---|---|---|
/// | paper, textiles | 0.04 | 0.06 | 0.045 | 0.07 |
/// | wood | 0.02 | 0.03 | 0.025 | 0.035 |
/// | garden | 0.05 | 0.10 | 0.065 | 0.17 |
/// | food | 0.06 | 0.185 | 0.085 | 0.40 |
///
/// `None` for inert material (it does not decay) and for nappies (not in the table).
///
/// # Reference
/// IPCC 2006 Guidelines Vol. 5 Ch. 3 Table 3.3, \[verified\] via the USEPA transcription
/// `USEPA/lfg-calc-py` `IPCC_Waste_specific_k-values.csv`; reused by CDM TOOL04 \[secondary\].
pub fn default_decay_rate(t: WasteType, zone: ClimateZone) -> Option<AnnualRate> {
    decay_rate_row(t, zone).map(|(_, k, _)| AnnualRate::new::<per_year>(k))
}

/// The IPCC 2006 Table 3.3 range of k, `(low, high)` in 1/yr, for Monte Carlo priors.
/// Food in the tropical moist/wet zone: 0.17–0.70.
pub fn default_decay_rate_range(
    t: WasteType,
    zone: ClimateZone,
) -> Option<(AnnualRate, AnnualRate)> {
    decay_rate_row(t, zone).map(|(lo, _, hi)| {
        (
            AnnualRate::new::<per_year>(lo),
            AnnualRate::new::<per_year>(hi),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: f64) -> Ratio {
        Ratio::new::<ratio>(v)
    }

    #[test]
    fn composition_must_sum_to_one() {
        let e = WasteComposition::new(&[(WasteType::Food, r(0.6)), (WasteType::Inert, r(0.3))])
            .unwrap_err();
        match e {
            WasteError::CompositionSum { sum, tolerance } => {
                assert!((sum - 0.9).abs() < 1e-12);
                assert_eq!(tolerance, COMPOSITION_TOLERANCE);
            }
            other => panic!("unexpected error {other:?}"),
        }
        // 0.333 + 0.333 + 0.333 = 0.999: within tolerance, rescaled to thirds.
        let c = WasteComposition::new(&[
            (WasteType::Food, r(0.333)),
            (WasteType::Garden, r(0.333)),
            (WasteType::Inert, r(0.333)),
        ])
        .unwrap();
        assert!((c.fraction(WasteType::Food).get::<ratio>() - 1.0 / 3.0).abs() < 1e-12);
        let total: f64 = WasteType::ALL
            .iter()
            .map(|&t| c.fraction(t).get::<ratio>())
            .sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn composition_rejects_bad_fractions() {
        let e = WasteComposition::new(&[(WasteType::Food, r(1.2))]).unwrap_err();
        assert!(e.to_string().starts_with("waste.composition.food"));
        let e = WasteComposition::new(&[(WasteType::Food, r(f64::NAN))]).unwrap_err();
        assert!(matches!(e, WasteError::NotFinite { .. }));
        let e = WasteComposition::new(&[(WasteType::Food, r(0.5)), (WasteType::Food, r(0.5))])
            .unwrap_err();
        assert!(e.to_string().contains("more than once"));
    }

    #[test]
    fn ipcc_defaults_for_bali() {
        // Tropical moist/wet: food k 0.40, DOC 0.15.
        let t = WasteProperties::ipcc_2006(ClimateZone::TropicalMoistWet);
        let food = t.get(WasteType::Food).unwrap();
        assert!((food.k.get::<per_year>() - 0.40).abs() < 1e-12);
        assert!((food.doc.get::<ratio>() - 0.15).abs() < 1e-12);
        let (lo, hi) =
            default_decay_rate_range(WasteType::Food, ClimateZone::TropicalMoistWet).unwrap();
        assert!((lo.get::<per_year>() - 0.17).abs() < 1e-12);
        assert!((hi.get::<per_year>() - 0.70).abs() < 1e-12);
        assert!(t.get(WasteType::Nappies).is_none());
        assert!(t.get(WasteType::Inert).is_none());
    }

    #[test]
    fn every_default_k_lies_in_its_range() {
        for zone in ClimateZone::ALL {
            for ty in WasteType::DEGRADABLE {
                if let (Some(k), Some((lo, hi))) = (
                    default_decay_rate(ty, zone),
                    default_decay_rate_range(ty, zone),
                ) {
                    assert!(lo <= k && k <= hi, "{ty:?} {zone:?}");
                }
            }
        }
    }

    #[test]
    fn nappies_in_the_mix_need_explicit_values() {
        let mix = WasteComposition::new(&[(WasteType::Food, r(0.9)), (WasteType::Nappies, r(0.1))])
            .unwrap();
        let table = WasteProperties::ipcc_2006(ClimateZone::TropicalMoistWet);
        let e = table.components(&mix).unwrap_err();
        assert!(e.to_string().starts_with("waste.nappies.doc"));
        let table = table
            .with(
                WasteType::Nappies,
                DecayProperties {
                    doc: r(0.24),
                    k: AnnualRate::new::<per_year>(0.07),
                },
            )
            .unwrap();
        assert!(table.components(&mix).is_ok());
    }

    #[test]
    fn zero_k_is_rejected_for_degradable_material() {
        let table = WasteProperties::empty()
            .with(
                WasteType::Food,
                DecayProperties {
                    doc: r(0.15),
                    k: AnnualRate::new::<per_year>(0.0),
                },
            )
            .unwrap();
        let e = table
            .components(&WasteComposition::single(WasteType::Food))
            .unwrap_err();
        assert!(e.to_string().starts_with("waste.food.k"));
        assert!(
            WasteProperties::empty()
                .with(
                    WasteType::Inert,
                    DecayProperties {
                        doc: r(0.0),
                        k: AnnualRate::new::<per_year>(1.0)
                    }
                )
                .is_err()
        );
    }
}
