//! Solid waste disposal sites (SWDS) and the baseline counterfactual: where the diverted
//! waste would otherwise have gone, and when that changes.

use serde::{Deserialize, Serialize};
use uom::si::ratio::ratio;
use uom::si::time::year;

use super::date::period_offset;
use super::error::{WasteError, WasteResult, check_fraction_at, check_non_negative};
use crate::calendar::Date;
use crate::units::{Ratio, Time};

/// A disposal-site class of IPCC 2006 Vol. 5 Table 3.1 / CDM TOOL04.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteType {
    /// Managed, anaerobic.
    ManagedAnaerobic,
    /// Managed, semi-aerobic.
    ManagedSemiAerobic,
    /// Unmanaged, waste at least 5 m deep and/or a high water table (e.g. TPA Suwung).
    UnmanagedDeep,
    /// Unmanaged, less than 5 m deep.
    UnmanagedShallow,
    /// Not categorised.
    Uncategorised,
}

impl SiteType {
    /// True for the managed classes (the only ones that can earn OX = 0.1).
    pub fn is_managed(self) -> bool {
        matches!(
            self,
            SiteType::ManagedAnaerobic | SiteType::ManagedSemiAerobic
        )
    }
}

/// Default methane correction factor (MCF) of a site class.
///
/// | Class | MCF |
/// |---|---|
/// | managed anaerobic | 1.0 |
/// | managed semi-aerobic | 0.5 |
/// | unmanaged deep (≥ 5 m) | 0.8 |
/// | unmanaged shallow (< 5 m) | 0.4 |
/// | uncategorised | 0.6 |
///
/// # Reference
/// IPCC 2006 Vol. 5 Ch. 3 Table 3.1, reused by CDM TOOL04 v08.0 (\[secondary\] for the TOOL04
/// values, \[unconfirmed\] against the IPCC PDF). TOOL04 v07+ sets
/// MCF = 1.0 where the water table is above the site bottom \[unconfirmed\]: pass that as an
/// explicit MCF.
pub fn default_mcf(site: SiteType) -> Ratio {
    let v = match site {
        SiteType::ManagedAnaerobic => 1.0,
        SiteType::ManagedSemiAerobic => 0.5,
        SiteType::UnmanagedDeep => 0.8,
        SiteType::UnmanagedShallow => 0.4,
        SiteType::Uncategorised => 0.6,
    };
    Ratio::new::<ratio>(v)
}

/// Default oxidation factor OX: 0.1 for a managed site covered with methane-oxidising
/// material (soil, compost), 0 for every other site, including unmanaged sites whatever
/// covers them.
///
/// # Reference
/// IPCC 2006 Vol. 5 Ch. 3 Table 3.2 \[unconfirmed\]; TOOL04 uses 0.1 \[secondary\].
pub fn default_oxidation(site: SiteType, oxidising_cover: bool) -> Ratio {
    let v = if site.is_managed() && oxidising_cover {
        0.1
    } else {
        0.0
    };
    Ratio::new::<ratio>(v)
}

/// The properties of a disposal site that enter TOOL04.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DisposalSite {
    /// MCF: methane correction factor (share of the decomposable carbon that decays
    /// anaerobically).
    pub mcf: Ratio,
    /// OX: share of the methane oxidised in the cover before it reaches the air.
    pub oxidation: Ratio,
    /// f: share of the methane captured and flared or used (0 without gas capture).
    pub captured: Ratio,
}

impl DisposalSite {
    /// The IPCC defaults of a site class, without gas capture.
    pub fn ipcc_default(site: SiteType, oxidising_cover: bool) -> Self {
        Self {
            mcf: default_mcf(site),
            oxidation: default_oxidation(site, oxidising_cover),
            captured: Ratio::new::<ratio>(0.0),
        }
    }

    /// Checks that MCF, OX and f are fractions; `prefix` names the site in messages.
    pub(crate) fn validate(&self, prefix: &str) -> WasteResult<()> {
        check_fraction_at(prefix, "mcf", self.mcf)?;
        check_fraction_at(prefix, "oxidation", self.oxidation)?;
        check_fraction_at(prefix, "captured", self.captured)?;
        Ok(())
    }
}

/// What would have happened to the waste without the project.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Counterfactual {
    /// Disposal in a site with these properties.
    Disposal(DisposalSite),
    /// No disposal in an SWDS (e.g. the site no longer accepts organics and the waste would
    /// be treated without methane): no baseline methane.
    NoDisposal,
}

impl Counterfactual {
    /// The site, if the waste would have been disposed of.
    pub fn site(&self) -> Option<&DisposalSite> {
        match self {
            Counterfactual::Disposal(s) => Some(s),
            Counterfactual::NoDisposal => None,
        }
    }
}

/// A change of the counterfactual at a moment of the crediting period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CounterfactualChange {
    /// Time from the start of the crediting period when the change takes effect (≥ 0).
    pub at: Time,
    /// The counterfactual for waste that would have been disposed of from then on.
    pub to: Counterfactual,
}

impl CounterfactualChange {
    /// A change dated in the calendar, mapped to an offset from the crediting-period start
    /// with [`period_offset`].
    pub fn on_date(period_start: Date, date: Date, to: Counterfactual) -> WasteResult<Self> {
        Ok(Self {
            at: period_offset(period_start, date)?,
            to,
        })
    }
}

/// The baseline counterfactual over time: where each tonne would have gone, fixed by when it
/// would have been disposed of.
///
/// # Rule
/// A tonne composted at time t is credited with the counterfactual in force at t. Waste
/// diverted before a change keeps decaying in its original site in later years (its
/// methane stays in the baseline); waste diverted after the change follows the new
/// counterfactual. A change inside a year (or month) splits that step's waste by the share of
/// the step before and after the change.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineSchedule {
    /// The counterfactual at the start of the crediting period.
    pub initial: Counterfactual,
    /// Later changes, in strictly increasing order of `at`.
    pub changes: Vec<CounterfactualChange>,
}

impl BaselineSchedule {
    /// The same counterfactual for the whole period.
    pub fn constant(counterfactual: Counterfactual) -> Self {
        Self {
            initial: counterfactual,
            changes: Vec::new(),
        }
    }

    /// Adds a change; changes must be added in increasing order.
    pub fn then(mut self, change: CounterfactualChange) -> Self {
        self.changes.push(change);
        self
    }

    /// Number of regimes (the initial counterfactual plus one per change).
    pub fn regime_count(&self) -> usize {
        self.changes.len() + 1
    }

    /// Regime `r`: its counterfactual and its time window `[start, end)` in years from the
    /// period start (`end` is infinite for the last regime).
    pub(crate) fn regime(&self, r: usize) -> (Counterfactual, f64, f64) {
        let (cf, start) = if r == 0 {
            (self.initial, f64::NEG_INFINITY)
        } else {
            let c = &self.changes[r - 1];
            (c.to, c.at.get::<year>())
        };
        let end = self
            .changes
            .get(r)
            .map_or(f64::INFINITY, |c| c.at.get::<year>());
        (cf, start, end)
    }

    /// Checks every site and that change times are finite, ≥ 0 and strictly increasing.
    pub(crate) fn validate(&self) -> WasteResult<()> {
        if let Some(site) = self.initial.site() {
            site.validate("baseline.site")?;
        }
        let mut previous = f64::NEG_INFINITY;
        for (i, c) in self.changes.iter().enumerate() {
            let field = format!("baseline.change[{i}].at");
            let at = check_non_negative(&field, c.at.get::<year>())?;
            if at <= previous {
                return Err(WasteError::Invalid {
                    field,
                    problem: format!(
                        "changes must be in strictly increasing order of time, but {at} yr \
                         follows {previous} yr"
                    ),
                });
            }
            previous = at;
            if let Some(site) = c.to.site() {
                site.validate(&format!("baseline.change[{i}].site"))?;
            }
        }
        Ok(())
    }
}

/// Share of the time step `[a, b)` (years from the period start) that falls inside the
/// window `[start, end)`: `max(0, min(b, end) − max(a, start)) / (b − a)`.
///
/// This is the share of the step's waste assigned to a counterfactual regime when the waste
/// is spread evenly over the step.
pub fn share_of_step_in_window(a: Time, b: Time, start: Time, end: Time) -> Ratio {
    Ratio::new::<ratio>(window_share(
        a.get::<year>(),
        b.get::<year>(),
        start.get::<year>(),
        end.get::<year>(),
    ))
}

/// [`share_of_step_in_window`] on plain year numbers (infinite bounds allowed), for the
/// inner loop.
pub(crate) fn window_share(a: f64, b: f64, start: f64, end: f64) -> f64 {
    let overlap = b.min(end) - a.max(start);
    if overlap > 0.0 {
        overlap / (b - a)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(v: f64) -> Time {
        Time::new::<year>(v)
    }

    #[test]
    fn suwung_defaults() {
        // Unmanaged deep site, no oxidising cover: MCF 0.8, OX 0, f 0.
        let s = DisposalSite::ipcc_default(SiteType::UnmanagedDeep, false);
        assert_eq!(s.mcf.get::<ratio>(), 0.8);
        assert_eq!(s.oxidation.get::<ratio>(), 0.0);
        assert_eq!(s.captured.get::<ratio>(), 0.0);
        // A cover on an unmanaged site does not earn OX; on a managed site it does.
        assert_eq!(
            default_oxidation(SiteType::UnmanagedDeep, true).get::<ratio>(),
            0.0
        );
        assert_eq!(
            default_oxidation(SiteType::ManagedAnaerobic, true).get::<ratio>(),
            0.1
        );
        assert_eq!(
            default_mcf(SiteType::ManagedSemiAerobic).get::<ratio>(),
            0.5
        );
        assert_eq!(default_mcf(SiteType::UnmanagedShallow).get::<ratio>(), 0.4);
        assert_eq!(default_mcf(SiteType::Uncategorised).get::<ratio>(), 0.6);
        assert_eq!(default_mcf(SiteType::ManagedAnaerobic).get::<ratio>(), 1.0);
    }

    #[test]
    fn step_shares() {
        // Change at 0.75 yr: year [0,1) is 75 % before and 25 % after.
        let before = share_of_step_in_window(years(0.0), years(1.0), years(-1e9), years(0.75));
        let after = share_of_step_in_window(years(0.0), years(1.0), years(0.75), years(1e9));
        assert!((before.get::<ratio>() - 0.75).abs() < 1e-12);
        assert!((after.get::<ratio>() - 0.25).abs() < 1e-12);
        // Year [1,2) lies entirely after the change.
        assert_eq!(window_share(1.0, 2.0, f64::NEG_INFINITY, 0.75), 0.0);
        assert_eq!(window_share(1.0, 2.0, 0.75, f64::INFINITY), 1.0);
    }

    #[test]
    fn schedule_validation() {
        let dump =
            Counterfactual::Disposal(DisposalSite::ipcc_default(SiteType::UnmanagedDeep, false));
        let ok = BaselineSchedule::constant(dump).then(CounterfactualChange {
            at: years(0.5),
            to: Counterfactual::NoDisposal,
        });
        assert!(ok.validate().is_ok());
        assert_eq!(ok.regime_count(), 2);
        let (_, s, e) = ok.regime(1);
        assert_eq!((s, e), (0.5, f64::INFINITY));

        let unordered = ok.clone().then(CounterfactualChange {
            at: years(0.5),
            to: dump,
        });
        let e = unordered.validate().unwrap_err();
        assert!(e.to_string().starts_with("baseline.change[1].at"));

        let negative = BaselineSchedule::constant(dump).then(CounterfactualChange {
            at: years(-0.1),
            to: dump,
        });
        assert!(negative.validate().is_err());

        let mut bad_site = DisposalSite::ipcc_default(SiteType::UnmanagedDeep, false);
        bad_site.mcf = Ratio::new::<ratio>(1.2);
        let e = BaselineSchedule::constant(Counterfactual::Disposal(bad_site))
            .validate()
            .unwrap_err();
        assert!(e.to_string().starts_with("baseline.site.mcf"));
    }
}
