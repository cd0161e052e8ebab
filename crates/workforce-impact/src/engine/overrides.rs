//! Replacing stated parameter values by name.

use crate::error::{Error, Location};
use crate::model::{Model, Parameter};
use crate::suggest::did_you_mean;

/// Parameter values to use instead of the stated ones, by qualified name
/// (`part_time_factor`, `buikpijnteam.reduction`, `nml.population`), each in the parameter's
/// own unit (a percentage as a fraction: 3% is 0.03).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides(pub Vec<(String, f64)>);

impl Overrides {
    /// No overrides: every parameter at its stated value.
    pub fn new() -> Overrides {
        Overrides::default()
    }

    /// Adds one override: `value` for parameter `name`, in the parameter's own unit. Names
    /// and values are checked when the overrides are used, not here.
    pub fn set(mut self, name: &str, value: f64) -> Overrides {
        self.0.push((name.to_string(), value));
        self
    }
}

impl Model {
    /// Checks an override value against parameter `p`: finite, inside its valid range
    /// ([`Parameter::valid_range`]); errors with [`Error::InvalidValue`] naming the range.
    pub fn check_value(&self, p: &Parameter, value: f64) -> Result<(), Error> {
        let (lo, hi) = p.valid_range();
        if value.is_finite() && value >= lo && value <= hi {
            return Ok(()); // the hot path of batch evaluation: nothing to allocate
        }
        let loc = Location::parameter(&self.origin, &p.qualified);
        if !value.is_finite() {
            return Err(Error::InvalidValue {
                loc,
                message: format!("{value} is not a finite number"),
            });
        }
        Err(Error::InvalidValue {
            loc,
            message: format!(
                "{value} is out of range: '{}' must be {}",
                p.qualified,
                p.valid_range_text()
            ),
        })
    }

    /// Checks what loading checks of the regions, on `value(slot)`: no 65+ population above
    /// the population. An override of either is held to what a model file must state, and
    /// errors with [`Error::InvalidValue`] naming the region's 65+ parameter.
    pub fn check_regions(&self, value: impl Fn(usize) -> f64) -> Result<(), Error> {
        for r in &self.regions {
            let Some(p65) = r.population_65plus else {
                continue;
            };
            let (all, old) = (value(r.population), value(p65));
            if old > all {
                return Err(Error::InvalidValue {
                    loc: Location::parameter(&self.origin, &self.params[p65].qualified),
                    message: format!(
                        "the 65+ population ({old}) exceeds the population ({all}) of region '{}'",
                        r.id
                    ),
                });
            }
        }
        Ok(())
    }

    /// The slot of `name`, or an [`Error::UnknownParameter`] naming the closest parameter.
    pub fn resolve_name(&self, name: &str) -> Result<usize, Error> {
        self.param_index(name)
            .ok_or_else(|| Error::UnknownParameter {
                loc: Location {
                    file: Some(self.origin.clone()),
                    ..Location::default()
                },
                name: name.to_string(),
                suggestion: did_you_mean(name, self.params.iter().map(|p| p.qualified.as_str())),
            })
    }

    /// Base-unit values of every slot with `overrides` applied and derived parameters
    /// recomputed (an overridden derived parameter keeps its override). Errors as
    /// [`Model::resolve_name`] and [`Model::check_value`] do.
    pub fn values_with(&self, overrides: &Overrides) -> Result<Vec<f64>, Error> {
        let mut values = self.base_values();
        let mut fixed = vec![false; values.len()];
        for (name, value) in &overrides.0 {
            let slot = self.resolve_name(name)?;
            let p = &self.params[slot];
            self.check_value(p, *value)?;
            values[slot] = p.unit.to_base(*value);
            fixed[slot] = true;
        }
        if !overrides.0.is_empty() {
            self.check_regions(|slot| values[slot])?;
        }
        self.recompute_derived(&mut values, &fixed);
        Ok(values)
    }

    /// Recomputes derived slots that are not `fixed`, in dependency order.
    pub fn recompute_derived(&self, values: &mut [f64], fixed: &[bool]) {
        for &slot in &self.derived_order {
            if fixed[slot] {
                continue;
            }
            if let Some(d) = &self.params[slot].derived {
                values[slot] = d.node.eval(values);
            }
        }
    }
}
