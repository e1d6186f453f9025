//! Named, dimension-tagged uncertain parameters, and typed access for model code.
//!
//! The catalog parses text such as `"0.40 1/yr"` at the edge and hands the engine SI
//! magnitudes; a [`Parameter`] keeps the [`Dimension`] beside them. Model code asks a
//! [`ParameterSet`] once for a typed [`Key`] (the dimension is checked then), and reads each
//! draw's row through it as a `uom` quantity:
//!
//! ```
//! use tanso::uncertainty::{Distribution, Parameter, ParameterSet, evaluate};
//! use tanso::units::custom::frequency::per_year;
//! use tanso::units::{AnnualRate, Measure, Ratio, Time, parse_as};
//! use uom::si::{ratio::ratio, time::year};
//!
//! // The catalog reads its text at the edge and gives the engine SI magnitudes.
//! let si = |text: &str| parse_as::<AnnualRate>("k_food", &text.into()).unwrap().to_si();
//! let mut set = ParameterSet::new();
//! set.push(Parameter::of::<AnnualRate>(
//!     "k_food",
//!     Distribution::triangular(si("0.17 1/yr"), si("0.40 1/yr"), si("0.70 1/yr")).unwrap(),
//! ))
//! .unwrap();
//! set.push(Parameter::of::<Ratio>("mcf", Distribution::pert(0.6, 0.8, 1.0).unwrap()))
//!     .unwrap();
//!
//! // Keys are resolved (and dimensions checked) once, before the draws.
//! let k = set.key::<AnnualRate>("k_food").unwrap();
//! let mcf = set.key::<Ratio>("mcf").unwrap();
//! assert!(set.key::<Time>("mcf").is_err()); // a ratio is not a time
//! assert!((k.get(&set.central_row()).get::<per_year>() - 0.40).abs() < 1e-12);
//!
//! // Share of a year's deposit decayed in the first year, times MCF, for each draw.
//! let samples = set.sample(1000, 42, Default::default()).unwrap();
//! let out = evaluate(&samples, |row: &[f64]| {
//!     let kt: Ratio = k.get(row) * Time::new::<year>(1.0);
//!     let decayed = 1.0 - (-kt.get::<ratio>()).exp();
//!     Ok::<_, String>(vec![decayed * mcf.get(row).get::<ratio>()])
//! }, 1).unwrap();
//! assert_eq!(out.draws(), 1000);
//! ```

use std::marker::PhantomData;

use serde::Serialize;

use super::distribution::Distribution;
use super::error::UncertaintyError;
use super::sampling::{Samples, SamplingMethod, sample_columns};
use crate::units::{Dimension, Measure};

/// An uncertain input: its name, its dimension and its distribution of SI magnitudes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// The name the catalog and the results use, e.g. `"k_food"`.
    pub name: String,
    /// What the values measure; they are in the SI base unit of this dimension.
    pub dimension: Dimension,
    /// The distribution of the SI magnitude.
    pub distribution: Distribution,
}

impl Parameter {
    /// A parameter of the given dimension.
    pub fn new(name: impl Into<String>, dimension: Dimension, distribution: Distribution) -> Self {
        Parameter {
            name: name.into(),
            dimension,
            distribution,
        }
    }

    /// A parameter whose dimension is that of the quantity type `M`.
    pub fn of<M: Measure>(name: impl Into<String>, distribution: Distribution) -> Self {
        Self::new(name, M::DIMENSION, distribution)
    }

    /// The deterministic (central) value as a typed quantity; fails if `M` measures another
    /// dimension.
    pub fn central_as<M: Measure>(&self) -> Result<M, UncertaintyError> {
        value_as(&self.name, self.dimension, self.distribution.central())
    }
}

/// Reads an SI magnitude of dimension `dimension` as the quantity type `M`, checking that `M`
/// measures that dimension. `name` is used in the error.
pub fn value_as<M: Measure>(
    name: &str,
    dimension: Dimension,
    si: f64,
) -> Result<M, UncertaintyError> {
    check_dimension::<M>(name, dimension)?;
    Ok(M::from_si(si))
}

/// Fails unless the quantity type `M` measures `dimension`.
fn check_dimension<M: Measure>(name: &str, dimension: Dimension) -> Result<(), UncertaintyError> {
    if M::DIMENSION == dimension {
        Ok(())
    } else {
        Err(UncertaintyError::DimensionMismatch {
            name: name.to_string(),
            expected: M::DIMENSION,
            found: dimension,
        })
    }
}

/// Typed access to one column of a row: made by [`ParameterSet::key`], which has checked the
/// dimension, so reading is only an index and a conversion.
pub struct Key<M> {
    index: usize,
    _measure: PhantomData<fn() -> M>,
}

impl<M> Clone for Key<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for Key<M> {}

impl<M> std::fmt::Debug for Key<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("index", &self.index).finish()
    }
}

impl<M: Measure> Key<M> {
    /// The column this key reads.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The parameter's value in `row` as a typed quantity.
    ///
    /// # Panics
    /// If `row` is shorter than the set the key came from; rows made by sampling that set
    /// (and its [`ParameterSet::central_row`]) never are. Use [`try_get`](Self::try_get)
    /// for rows of unknown origin.
    pub fn get(&self, row: &[f64]) -> M {
        M::from_si(row[self.index])
    }

    /// The parameter's value in `row`, or `None` if the row is too short.
    pub fn try_get(&self, row: &[f64]) -> Option<M> {
        row.get(self.index).map(|&si| M::from_si(si))
    }
}

/// An ordered set of uniquely named parameters: the columns of a sample matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ParameterSet {
    params: Vec<Parameter>,
}

impl ParameterSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parameter as the next column and returns its index; fails on a repeated name.
    pub fn push(&mut self, param: Parameter) -> Result<usize, UncertaintyError> {
        if self.index_of(&param.name).is_some() {
            return Err(UncertaintyError::DuplicateParameter { name: param.name });
        }
        self.params.push(param);
        Ok(self.params.len() - 1)
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The parameters, in column order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.params
    }

    /// The distributions, in column order (for [`simulate`](super::simulate)).
    pub fn distributions(&self) -> Vec<Distribution> {
        self.params.iter().map(|p| p.distribution.clone()).collect()
    }

    /// The names, in column order (to label [`sensitivity`](super::sensitivity) results).
    pub fn names(&self) -> Vec<&str> {
        self.params.iter().map(|p| p.name.as_str()).collect()
    }

    /// The column of the parameter called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }

    /// A typed key for the parameter `name`; fails if there is none, or if `M` measures
    /// another dimension.
    pub fn key<M: Measure>(&self, name: &str) -> Result<Key<M>, UncertaintyError> {
        let index = self
            .index_of(name)
            .ok_or_else(|| UncertaintyError::UnknownParameter {
                name: name.to_string(),
            })?;
        check_dimension::<M>(name, self.params[index].dimension)?;
        Ok(Key {
            index,
            _measure: PhantomData,
        })
    }

    /// The deterministic point: every parameter at its central value
    /// ([`Distribution::central`]), in column order.
    pub fn central_row(&self) -> Vec<f64> {
        self.params
            .iter()
            .map(|p| p.distribution.central())
            .collect()
    }

    /// Draws the sample matrix of this set (column j = parameter j; see
    /// [`sample_matrix`](super::sample_matrix) for the seeding scheme).
    pub fn sample(
        &self,
        draws: usize,
        seed: u64,
        method: SamplingMethod,
    ) -> Result<Samples, UncertaintyError> {
        sample_columns(
            self.params.iter().map(|p| &p.distribution),
            draws,
            seed,
            method,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{Power, Ratio};
    use uom::si::power::kilowatt;

    #[test]
    fn keys_check_the_dimension_once() {
        let mut set = ParameterSet::new();
        set.push(Parameter::of::<Power>(
            "capacity",
            Distribution::fixed(2.0e6).unwrap(),
        ))
        .unwrap();
        let k = set.key::<Power>("capacity").unwrap();
        assert_eq!(k.get(&[2.0e6]).get::<kilowatt>(), 2000.0);
        assert!(k.try_get(&[]).is_none());
        let err = set.key::<Ratio>("capacity").unwrap_err();
        assert_eq!(
            err.to_string(),
            "parameter \"capacity\" is a power, but a ratio was asked for"
        );
        assert_eq!(
            set.key::<Power>("capacty").unwrap_err(),
            UncertaintyError::UnknownParameter {
                name: "capacty".into()
            }
        );
    }

    #[test]
    fn names_are_unique() {
        let mut set = ParameterSet::new();
        let d = Distribution::fixed(1.0).unwrap();
        assert_eq!(set.push(Parameter::of::<Ratio>("f", d.clone())).unwrap(), 0);
        assert_eq!(
            set.push(Parameter::of::<Ratio>("f", d)).unwrap_err(),
            UncertaintyError::DuplicateParameter { name: "f".into() }
        );
    }

    #[test]
    fn central_values_are_typed() {
        let p = Parameter::of::<Power>("p", Distribution::normal(1000.0, 50.0).unwrap());
        assert_eq!(p.central_as::<Power>().unwrap().get::<kilowatt>(), 1.0);
        assert!(p.central_as::<Ratio>().is_err());
    }
}
