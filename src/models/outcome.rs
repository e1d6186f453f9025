//! One outcome schema for every model: headline figures, per-period ledgers, series for
//! charts, and notes. Everything downstream (the JSON of an estimate, the CLI text, the Monte
//! Carlo, impact sheets) reads this one shape, never a model's own result structs.

use std::borrow::Cow;

use serde::Serialize;
use utoipa::ToSchema;

use super::crediting::Ledger;
use crate::units::{Dimension, Measure, QuantityValue, Ratio};

/// What a figure or a column is, for readers and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// ER = BE − PE − LE.
    EmissionReduction,
    /// BE: emissions without the project.
    Baseline,
    /// PE: the project's own emissions.
    Project,
    /// LE: emissions caused outside the project boundary.
    Leakage,
    /// What the project physically does: energy generated, waste treated, passenger-km.
    PhysicalOutput,
    /// A factor applied to the physical output (a grid emission factor ...).
    Factor,
    /// A derived indicator (capacity factor, reduction per tonne ...).
    Indicator,
}

/// What a value can physically be. Every outcome is checked against it before it is
/// returned (`scenario::checks`): a result that cannot be is refused, never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Any finite value (emission reductions are negative when a project emits more than it
    /// avoids; leakage can be either sign).
    Finite,
    /// Finite and not negative (an energy, a mass treated, emissions, a factor).
    NonNegative,
    /// A share of a whole: 0 to 100 % (a capacity factor, a performance ratio).
    Share,
}

impl Role {
    /// What a value of this role can be.
    pub fn bound(self) -> Bound {
        match self {
            Role::EmissionReduction | Role::Leakage | Role::Indicator => Bound::Finite,
            Role::Baseline | Role::Project | Role::PhysicalOutput | Role::Factor => {
                Bound::NonNegative
            }
        }
    }
}

/// A quantity of any dimension, kept with its dimension: how typed values are stored side
/// by side in tables. Made only from a typed quantity, read back only as the same type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    si: f64,
    dimension: Dimension,
}

impl Measured {
    /// A typed quantity.
    pub fn of<M: Measure>(q: M) -> Self {
        Measured {
            si: q.to_si(),
            dimension: M::DIMENSION,
        }
    }

    /// A quantity from its SI magnitude and dimension, as read at an edge (a distribution's
    /// range, a catalog amount).
    pub fn from_si(si: f64, dimension: Dimension) -> Self {
        Measured { si, dimension }
    }

    /// The quantity as type `M`; `None` if `M` measures another dimension.
    pub fn get<M: Measure>(&self) -> Option<M> {
        (M::DIMENSION == self.dimension).then(|| M::from_si(self.si))
    }

    pub fn dimension(&self) -> Dimension {
        self.dimension
    }

    /// The quantity times a ratio (a part-year share).
    pub fn scaled(self, share: Ratio) -> Self {
        Measured {
            si: self.si * share.value,
            ..self
        }
    }

    /// The sum of two quantities of one dimension.
    pub fn plus(self, other: Measured) -> Measured {
        debug_assert_eq!(self.dimension, other.dimension);
        Measured {
            si: self.si + other.si,
            ..self
        }
    }

    /// `{value, unit}` in the dimension's display unit (MWh, tCO2e, %).
    pub fn display(&self) -> QuantityValue {
        let unit = self.dimension.display_unit();
        QuantityValue {
            value: unit.from_si(self.si),
            unit: unit.symbol.to_string(),
        }
    }

    /// The number in the display unit (for statistics over draws).
    pub fn display_number(&self) -> f64 {
        self.dimension.display_unit().from_si(self.si)
    }

    /// True when the value is a finite number.
    pub fn is_finite(&self) -> bool {
        self.si.is_finite()
    }

    /// True when the value is below zero (every display unit is a positive multiple of the
    /// SI unit, so the sign is the SI value's; a temperature below 0 K is negative too).
    pub fn is_negative(&self) -> bool {
        self.si < 0.0
    }
}

impl<M: Measure> From<M> for Measured {
    fn from(q: M) -> Self {
        Measured::of(q)
    }
}

/// A headline figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub key: &'static str,
    pub label: Cow<'static, str>,
    pub role: Role,
    pub value: Measured,
    /// What it can physically be (by default, what its role allows).
    pub bound: Bound,
}

/// What the points of a series are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// Twelve months, January first.
    Month,
    /// Consecutive hours of a year, from 1 January 00:00 local standard time.
    Hour,
    /// Crediting years, from the first.
    CreditingYear,
}

/// A named series for charts (monthly energy, hourly power ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: &'static str,
    pub label: Cow<'static, str>,
    pub axis: Axis,
    /// All of one dimension.
    pub values: Vec<Measured>,
}

/// What a model run produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Key figures, most important first.
    pub headline: Vec<Figure>,
    /// One row per crediting year.
    pub crediting: Ledger,
    /// One row per year of the plant life, when a lifetime is set and the model has one.
    pub lifetime: Option<Ledger>,
    pub series: Vec<Series>,
    /// How the figures were obtained, for a reader.
    pub notes: Vec<String>,
    /// What the reader must know about this result.
    pub warnings: Vec<String>,
}

/// Keys of the figures every outcome starts with.
pub mod keys {
    /// ER over the crediting period.
    pub const EMISSION_REDUCTIONS: &str = "emission_reductions";
    /// ER of the first crediting year.
    pub const FIRST_YEAR_EMISSION_REDUCTIONS: &str = "first_year_emission_reductions";
    /// ER over the plant life.
    pub const LIFETIME_EMISSION_REDUCTIONS: &str = "lifetime_emission_reductions";
    /// BE, PE and LE over the crediting period.
    pub const BASELINE_EMISSIONS: &str = "baseline_emissions";
    pub const PROJECT_EMISSIONS: &str = "project_emissions";
    pub const LEAKAGE_EMISSIONS: &str = "leakage_emissions";
}

impl Outcome {
    /// An outcome with the standard headline figures of its ledgers (ER over the period and
    /// in the first year, BE, PE, LE, and ER over the plant life when there is one). Models
    /// add their physical figures with [`Outcome::figure`].
    pub fn from_ledgers(crediting: Ledger, lifetime: Option<Ledger>) -> Self {
        let total = |l: &Ledger, key: &str| Measured::of(l.total_co2e(key));
        // Room for the figures models add, so that a Monte Carlo draw does not regrow it.
        let mut headline = Vec::with_capacity(16);
        headline.extend([
            Figure {
                key: keys::EMISSION_REDUCTIONS,
                label: "Emission reductions over the crediting period".into(),
                role: Role::EmissionReduction,
                value: total(&crediting, "emission_reductions"),
                bound: Bound::Finite,
            },
            Figure {
                key: keys::FIRST_YEAR_EMISSION_REDUCTIONS,
                label: "Emission reductions in the first crediting year".into(),
                role: Role::EmissionReduction,
                value: crediting
                    .value(0, "emission_reductions")
                    .unwrap_or_else(|| {
                        Measured::of(crate::units::ghg::GasMass::<crate::units::ghg::Co2e>::zero())
                    }),
                bound: Bound::Finite,
            },
            Figure {
                key: keys::BASELINE_EMISSIONS,
                label: "Baseline emissions over the crediting period".into(),
                role: Role::Baseline,
                value: total(&crediting, "baseline"),
                bound: Bound::NonNegative,
            },
            Figure {
                key: keys::PROJECT_EMISSIONS,
                label: "Project emissions over the crediting period".into(),
                role: Role::Project,
                value: total(&crediting, "project"),
                bound: Bound::NonNegative,
            },
            Figure {
                key: keys::LEAKAGE_EMISSIONS,
                label: "Leakage over the crediting period".into(),
                role: Role::Leakage,
                value: total(&crediting, "leakage"),
                bound: Bound::Finite,
            },
        ]);
        if let Some(l) = &lifetime {
            headline.push(Figure {
                key: keys::LIFETIME_EMISSION_REDUCTIONS,
                label: "Emission reductions over the plant life".into(),
                role: Role::EmissionReduction,
                value: total(l, "emission_reductions"),
                bound: Bound::Finite,
            });
        }
        Outcome {
            headline,
            crediting,
            lifetime,
            series: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Adds a headline figure; it may be what its role allows (see [`Role::bound`]).
    pub fn figure(
        &mut self,
        key: &'static str,
        label: impl Into<Cow<'static, str>>,
        role: Role,
        value: impl Into<Measured>,
    ) -> &mut Self {
        self.headline.push(Figure {
            key,
            label: label.into(),
            role,
            value: value.into(),
            bound: role.bound(),
        });
        self
    }

    /// Adds a headline figure that is a share of a whole, 0 to 100 % (a capacity factor).
    pub fn share(
        &mut self,
        key: &'static str,
        label: impl Into<Cow<'static, str>>,
        role: Role,
        value: Ratio,
    ) -> &mut Self {
        self.headline.push(Figure {
            key,
            label: label.into(),
            role,
            value: Measured::of(value),
            bound: Bound::Share,
        });
        self
    }

    /// A headline figure by key.
    pub fn headline(&self, key: &str) -> Option<&Figure> {
        self.headline.iter().find(|f| f.key == key)
    }
}
