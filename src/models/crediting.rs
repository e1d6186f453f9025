//! Shared crediting and grid policies: crediting years and part-years, the grid emission
//! factor per calendar year, and the period ledger `ER = BE − PE − LE` every model fills.
//!
//! Models do not loop over crediting years themselves: they give [`Ledger::build`] the
//! full-year figures of one crediting year, and the ledger scales a part-year, computes the
//! reductions and the totals the same way for every model.

use serde::Serialize;
use uom::si::ratio::ratio;
use uom::si::time::day;
use utoipa::ToSchema;

use super::outcome::{Measured, Role};
use crate::calendar::Date;
use crate::catalog::{FactorKind, Provenance};
use crate::error::ScenarioError;
use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};
use crate::units::{Dimension, QuantityValue, Ratio, Time};

/// Longest crediting period or plant life accepted, in years.
pub const MAX_YEARS: i32 = 100;

/// A period of crediting (or the plant life), split into crediting years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct CreditingPeriod {
    /// First day.
    #[schema(value_type = String, example = "2024-03-01")]
    pub start: Date,
    /// Last day (inclusive).
    #[schema(value_type = String, example = "2030-12-31")]
    pub end: Date,
}

/// One crediting year: twelve months from the start (the last may be shorter).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CreditingYear {
    /// 0 for the first year.
    pub index: u32,
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
    /// Length as a share of a full year (1 except possibly the last).
    pub fraction: Ratio,
    /// Calendar year of the middle of the crediting year; grid factors are looked up by it.
    pub calendar_year: i32,
}

/// Which span a figure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// The first crediting year.
    FirstYear = 0,
    /// The crediting period.
    Crediting = 1,
    /// The plant life from the crediting start.
    Lifetime = 2,
}

impl CreditingPeriod {
    /// The period of `years` whole years from `start` (the lifetime view).
    pub fn whole_years(start: Date, years: i32) -> Self {
        CreditingPeriod {
            start,
            end: Date::from_days(start.add_years(years).days() - 1),
        }
    }

    /// The crediting years, in order.
    ///
    /// Every model asks for them in every Monte Carlo draw; the split of a period never
    /// changes, so each thread keeps the last few periods' years and hands out copies.
    pub fn years(&self) -> Vec<CreditingYear> {
        const KEPT: usize = 4;
        thread_local! {
            static RECENT: std::cell::RefCell<Vec<(CreditingPeriod, Vec<CreditingYear>)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        RECENT.with_borrow_mut(|recent| {
            if let Some((_, years)) = recent.iter().find(|(p, _)| p == self) {
                return years.clone();
            }
            let years = self.split_years();
            if recent.len() == KEPT {
                recent.remove(0);
            }
            recent.push((*self, years.clone()));
            years
        })
    }

    /// The split into crediting years (see [`CreditingPeriod::years`]).
    fn split_years(&self) -> Vec<CreditingYear> {
        let mut out = Vec::new();
        let end_excl = self.end.days() + 1;
        let mut i = 0;
        loop {
            let start = self.start.add_years(i);
            if start.days() >= end_excl {
                break;
            }
            let full_end = self.start.add_years(i + 1).days();
            let stop = full_end.min(end_excl);
            let fraction = (stop - start.days()) as f64 / (full_end - start.days()) as f64;
            let mid = Date::from_days((start.days() + stop) / 2);
            out.push(CreditingYear {
                index: i as u32,
                start,
                end: Date::from_days(stop - 1),
                fraction: Ratio::new::<ratio>(fraction),
                calendar_year: mid.year,
            });
            i += 1;
        }
        out
    }

    /// Length in (fractional) crediting years.
    pub fn length(&self) -> Time {
        let years: f64 = self.years().iter().map(|y| y.fraction.get::<ratio>()).sum();
        Time::new::<uom::si::time::year>(years)
    }

    /// Length in days.
    pub fn days(&self) -> Time {
        Time::new::<day>((self.end.days() - self.start.days() + 1) as f64)
    }
}

/// One given value of a grid emission factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridPoint {
    pub year: i32,
    pub value: EmissionIntensity<Co2e>,
}

/// A grid emission factor as used: its values by calendar year and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct GridFactor {
    /// A dataset series id, or how the request gave it (`constant`, `trajectory` ...).
    pub label: String,
    /// What the factor measures, when known.
    pub kind: Option<FactorKind>,
    /// What is counted (combustion CO2, life-cycle CO2e ...).
    pub basis: Option<String>,
    /// Given values by calendar year, in year order.
    pub points: Vec<GridPoint>,
    /// One-sigma relative uncertainty (a systematic error of the whole series), where known.
    pub relative_sd: Option<Ratio>,
    pub provenance: Provenance,
    pub note: Option<String>,
    /// One value for all years by construction (a constant or a combined margin).
    pub constant: bool,
}

impl GridFactor {
    /// The factor in a calendar year: linear between given years, held constant before the
    /// first and after the last. The second value says whether it was held.
    pub fn at(&self, year: i32) -> (EmissionIntensity<Co2e>, bool) {
        let (first, last) = (self.points[0], self.points[self.points.len() - 1]);
        if year <= first.year {
            return (first.value, year < first.year);
        }
        if year >= last.year {
            return (last.value, year > last.year);
        }
        let i = self.points.iter().position(|p| p.year >= year).unwrap_or(0);
        let (a, b) = (self.points[i - 1], self.points[i]);
        let t = Ratio::new::<ratio>((year - a.year) as f64 / (b.year - a.year) as f64);
        (a.value + (b.value - a.value) * t, false)
    }

    /// The calendar years of `periods` for which the factor is held beyond its data.
    pub fn held_years(&self, periods: &[CreditingYear]) -> Vec<i32> {
        if self.constant {
            return Vec::new();
        }
        periods
            .iter()
            .map(|y| y.calendar_year)
            .filter(|y| self.at(*y).1)
            .collect()
    }

    /// The given points in readable units.
    pub fn points_out(&self) -> Vec<(i32, QuantityValue)> {
        self.points
            .iter()
            .map(|p| (p.year, QuantityValue::of(p.value)))
            .collect()
    }
}

/// CDM TOOL07 step 6, combined margin: `EF_CM = w_OM·EF_OM + (1 − w_OM)·EF_BM`.
///
/// TOOL07's default weights are 50/50; wind and solar use w_OM = 0.75 (SuSanA,
/// *Understanding CDM Methodologies*, p. 51).
pub fn combined_margin(
    operating_margin: EmissionIntensity<Co2e>,
    build_margin: EmissionIntensity<Co2e>,
    om_weight: Ratio,
) -> EmissionIntensity<Co2e> {
    operating_margin * om_weight + build_margin * (Ratio::new::<ratio>(1.0) - om_weight)
}

/// A column of a period table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    pub role: Role,
    pub dimension: Dimension,
    /// Summed over years and scaled by a part-year (an energy, a mass); a factor or a ratio
    /// is not.
    pub additive: bool,
}

impl Column {
    /// An additive column (scaled by part-years, summed in the totals).
    pub const fn sum(key: &'static str, label: &'static str, role: Role, d: Dimension) -> Self {
        Column {
            key,
            label,
            role,
            dimension: d,
            additive: true,
        }
    }

    /// A column of rates or factors (neither scaled nor summed).
    pub const fn rate(key: &'static str, label: &'static str, role: Role, d: Dimension) -> Self {
        Column {
            key,
            label,
            role,
            dimension: d,
            additive: false,
        }
    }
}

/// The four columns every ledger ends with.
pub const EMISSION_COLUMNS: [Column; 4] = [
    Column::sum(
        "baseline",
        "Baseline emissions (BE)",
        Role::Baseline,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "project",
        "Project emissions (PE)",
        Role::Project,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "leakage",
        "Leakage (LE)",
        Role::Leakage,
        Dimension::Co2eMass,
    ),
    Column::sum(
        "emission_reductions",
        "Emission reductions (ER = BE − PE − LE)",
        Role::EmissionReduction,
        Dimension::Co2eMass,
    ),
];

/// A crediting year's emissions, for a full year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Emissions {
    pub baseline: GasMass<Co2e>,
    pub project: GasMass<Co2e>,
    pub leakage: GasMass<Co2e>,
}

/// The model-specific values of one row, pushed in column order.
pub struct Cells<'a> {
    cells: &'a mut Vec<Measured>,
}

impl Cells<'_> {
    /// Adds the next model-specific value.
    pub fn push(&mut self, value: impl Into<Measured>) {
        self.cells.push(value.into());
    }
}

/// A per-period table: model-specific columns, then BE, PE, LE and ER.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub columns: Vec<Column>,
    pub periods: Vec<CreditingYear>,
    /// Row-major: `periods.len() × columns.len()` values.
    cells: Vec<Measured>,
    /// Sums of additive columns; `None` for the others.
    pub totals: Vec<Option<Measured>>,
}

impl Ledger {
    /// Builds the table. `year` receives one period and pushes the full-year value of each
    /// of `columns` (in order) into the cells, and returns the full-year emissions; the
    /// ledger scales additive values by the period's share of a year and computes
    /// `ER = BE − PE − LE`.
    pub fn build<F>(
        periods: Vec<CreditingYear>,
        columns: &[Column],
        mut year: F,
    ) -> Result<Ledger, ScenarioError>
    where
        F: FnMut(&CreditingYear, &mut Cells<'_>) -> Result<Emissions, ScenarioError>,
    {
        let mut all: Vec<Column> = columns.to_vec();
        all.extend(EMISSION_COLUMNS);
        let width = all.len();
        let mut cells: Vec<Measured> = Vec::with_capacity(periods.len() * width);
        // Additive columns are summed as the rows are made, from −0 as `f64`'s `Sum` starts:
        // the additions and their order of a sum down each column, in one pass.
        let mut totals: Vec<Option<Measured>> = all
            .iter()
            .map(|col| col.additive.then(|| Measured::from_si(-0.0, col.dimension)))
            .collect();
        for p in &periods {
            let start = cells.len();
            let e = year(p, &mut Cells { cells: &mut cells })?;
            assert_eq!(
                cells.len() - start,
                columns.len(),
                "a ledger row pushes one value per model column"
            );
            let er = e.baseline - e.project - e.leakage;
            for v in [e.baseline, e.project, e.leakage, er] {
                cells.push(Measured::of(v));
            }
            for ((c, col), total) in cells[start..].iter_mut().zip(&all).zip(&mut totals) {
                debug_assert_eq!(c.dimension(), col.dimension, "column {}", col.key);
                if let Some(total) = total {
                    *c = c.scaled(p.fraction);
                    *total = total.plus(*c);
                }
            }
        }
        Ok(Ledger {
            columns: all,
            periods,
            cells,
            totals,
        })
    }

    /// The values of one row, in column order.
    pub fn row(&self, i: usize) -> &[Measured] {
        let w = self.columns.len();
        &self.cells[i * w..(i + 1) * w]
    }

    /// Position of a column.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The value of a column in row `i`.
    pub fn value(&self, i: usize, key: &str) -> Option<Measured> {
        let j = self.column(key)?;
        self.row(i).get(j).copied()
    }

    /// The total of an additive column.
    pub fn total(&self, key: &str) -> Option<Measured> {
        self.totals[self.column(key)?]
    }

    /// A total as a typed mass of CO2e (BE, PE, LE, ER).
    pub fn total_co2e(&self, key: &str) -> GasMass<Co2e> {
        self.total(key)
            .and_then(|m| m.get::<GasMass<Co2e>>())
            .unwrap_or_else(GasMass::zero)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::custom::mass_per_energy::tonne_per_megawatt_hour;
    use crate::units::{Energy, MassPerEnergy};
    use uom::si::energy::megawatt_hour;
    use uom::si::mass::ton;

    fn t_mwh(v: f64) -> EmissionIntensity<Co2e> {
        EmissionIntensity::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(v))
    }

    #[test]
    fn crediting_years_split_at_anniversaries() {
        // 2024-03-01 .. 2030-12-31: six full years to 2030-02-28, then 2030-03-01..2030-12-31
        // = 306 of 365 days.
        let p = CreditingPeriod {
            start: Date::parse("2024-03-01").unwrap(),
            end: Date::parse("2030-12-31").unwrap(),
        };
        let years = p.years();
        assert_eq!(years.len(), 7);
        assert_eq!(years[0].end.to_string(), "2025-02-28");
        assert_eq!(years[0].fraction.get::<ratio>(), 1.0);
        assert!((years[6].fraction.get::<ratio>() - 306.0 / 365.0).abs() < 1e-12);
        assert_eq!(years[6].calendar_year, 2030);
        let length = p.length().get::<uom::si::time::year>();
        assert!((length - (6.0 + 306.0 / 365.0)).abs() < 1e-12);
    }

    #[test]
    fn grid_factor_interpolates_and_holds() {
        let g = GridFactor {
            label: "t".into(),
            kind: None,
            basis: None,
            points: vec![
                GridPoint {
                    year: 2020,
                    value: t_mwh(0.4),
                },
                GridPoint {
                    year: 2030,
                    value: t_mwh(0.2),
                },
            ],
            relative_sd: None,
            provenance: Provenance::default(),
            note: None,
            constant: false,
        };
        let v = |y| g.at(y).0.per_energy().get::<tonne_per_megawatt_hour>();
        // Half way between 0.4 and 0.2 in 2025 is 0.3 t/MWh.
        assert!((v(2025) - 0.3).abs() < 1e-12);
        assert!((v(2035) - 0.2).abs() < 1e-12 && g.at(2035).1);
        assert!((v(2019) - 0.4).abs() < 1e-12 && g.at(2019).1);
        assert!(!g.at(2020).1);
    }

    #[test]
    fn combined_margin_weights() {
        // 0.75 × 0.6 + 0.25 × 0.3 = 0.525 (TOOL07 solar weights); 50/50 gives 0.45.
        let cm = |w| {
            combined_margin(t_mwh(0.6), t_mwh(0.3), Ratio::new::<ratio>(w))
                .per_energy()
                .get::<tonne_per_megawatt_hour>()
        };
        assert!((cm(0.75) - 0.525).abs() < 1e-12);
        assert!((cm(0.5) - 0.45).abs() < 1e-12);
    }

    #[test]
    fn ledger_scales_part_years_and_balances() {
        // Two years, the second half a year; 1000 MWh/yr at 0.5 t/MWh, PE 100 t, LE 50 t.
        let p = CreditingPeriod {
            start: Date::parse("2025-01-01").unwrap(),
            end: Date::parse("2026-07-01").unwrap(),
        };
        const ENERGY: [Column; 1] = [Column::sum(
            "energy",
            "Energy",
            Role::PhysicalOutput,
            Dimension::Energy,
        )];
        let ledger = Ledger::build(p.years(), &ENERGY, |_, cells| {
            let e = Energy::new::<megawatt_hour>(1000.0);
            cells.push(e);
            Ok(Emissions {
                baseline: e * t_mwh(0.5),
                project: GasMass::new(crate::units::Mass::new::<ton>(100.0)),
                leakage: GasMass::new(crate::units::Mass::new::<ton>(50.0)),
            })
        })
        .unwrap();
        let share = ledger.periods[1].fraction.get::<ratio>();
        // 2026-01-01..2026-07-01 is 182 of 365 days.
        assert!((share - 182.0 / 365.0).abs() < 1e-12);
        let er = ledger.total_co2e("emission_reductions").mass().get::<ton>();
        assert!((er - 350.0 * (1.0 + share)).abs() < 1e-9, "{er}");
        let energy = ledger.total("energy").unwrap().get::<Energy>().unwrap();
        assert!((energy.get::<megawatt_hour>() - 1000.0 * (1.0 + share)).abs() < 1e-9);
    }
}
