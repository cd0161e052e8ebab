//! Years: the model's horizon, initiatives' ramps, year-dependent parameters, flows that
//! accumulate into stocks, and the exact trajectory year by year.
//!
//! The pieces a year-by-year computation needs are pure functions of the model:
//! [`Model::horizon`], [`Model::values_in_year`] (every slot's base value in a year, from
//! the target-year values), [`Model::time_varying`] with [`Parameter::profile`](crate::model::Parameter::profile),
//! [`Model::year_weights`] (how a component's stock in a year is made of its values in that
//! and earlier years) and [`Model::shortage_in`]. [`Model::trajectory`] is built on them,
//! so any other computation on them agrees with it: [`monte_carlo`] runs the Monte Carlo
//! over years (and over regions) on the same pieces.
//!
//! ```
//! use workforce_impact::{Model, Overrides};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! assert_eq!(model.horizon().years().collect::<Vec<_>>().len(), 10); // 2023..=2032
//! let trajectory = model.trajectory(&Overrides::default(), "baseline").unwrap();
//! let last = trajectory.years.last().unwrap();
//! assert_eq!((last.year, last.shortage), (2032, 4500.0));
//! // Every ramp is full in the target year and no flow is declared: today's figure.
//! let stated = model.evaluate(&Overrides::default()).unwrap();
//! assert_eq!(last.total, stated.total());
//! ```

mod flow;
pub mod monte_carlo;
mod monte_carlo_setup;
mod profile;
mod ramp;
mod trajectory;

pub use flow::{Flow, FlowStock, Retention, StockReading};
pub use profile::{GrowthShape, Profile};
pub use ramp::{Ramp, RampShape};
pub use trajectory::{ComponentYear, InitiativeYear, Trajectory, TrajectoryYear};

use crate::error::{Error, Location};
use crate::model::{Body, Model};

/// One year, 365 days, in base units (days): what turns a flow in person/yr into persons.
pub const YEAR_IN_BASE: f64 = 365.0;

/// The years a model looks at: `start_year ..= target_year`, calendar years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    /// The first year.
    pub start_year: i32,
    /// The last year: the year whose shortage the portfolio is set against.
    pub target_year: i32,
}

impl Horizon {
    /// Every year of the horizon, in order.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.start_year..=self.target_year
    }

    /// Whether `year` is inside the horizon.
    pub fn contains(&self, year: i32) -> bool {
        self.years().contains(&year)
    }

    /// The number of years.
    pub fn len(&self) -> usize {
        (i64::from(self.target_year) - i64::from(self.start_year) + 1).max(0) as usize
    }

    /// True for a horizon without years (never for a loaded model's).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the loader works out once about a model's years (see [`Model::timing`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    /// The horizon: `[model] start_year ..= target_year`; a model without `start_year` has
    /// the target year alone; a model without a target year, the year of its latest
    /// baseline projection (year 0 when it has none).
    pub horizon: Horizon,
    /// `[model] default_ramp`, for initiatives without a ramp of their own.
    pub default_ramp: Option<Ramp>,
    /// Slots with a [`Profile`], in slot order.
    pub varying: Vec<usize>,
    /// Derived slots that read a varying slot (directly or through another derived one),
    /// in dependency order: recomputed in every year.
    pub derived: Vec<usize>,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            horizon: Horizon {
                start_year: 0,
                target_year: 0,
            },
            default_ramp: None,
            varying: Vec::new(),
            derived: Vec::new(),
        }
    }
}

impl Model {
    /// The model's horizon: `[model] start_year ..= target_year`.
    pub fn horizon(&self) -> Horizon {
        self.timing.horizon
    }

    /// The slots whose value changes over the years (those with a
    /// [`Parameter::profile`](crate::model::Parameter::profile)).
    pub fn time_varying(&self) -> Vec<usize> {
        self.timing.varying.clone()
    }

    /// Base-unit values of every slot in `year`, given the target-year base values
    /// `target_values` (e.g. from [`Model::values_with`], overrides applied): each
    /// time-varying slot × its profile's multiplier in `year`, then the derived slots that
    /// read one recomputed (an override of such a derived slot holds for the target year
    /// only). In the target year the result is `target_values` unchanged, bit for bit.
    pub fn values_in_year(&self, year: i32, target_values: &[f64]) -> Vec<f64> {
        let mut values = target_values.to_vec();
        if year == self.timing.horizon.target_year {
            return values;
        }
        for &slot in &self.timing.varying {
            if let (Some(p), Some(v)) = (&self.params[slot].profile, values.get_mut(slot)) {
                *v *= p.multiplier(year);
            }
        }
        for &slot in &self.timing.derived {
            if let Some(d) = &self.params[slot].derived {
                values[slot] = d.node.eval(&values);
            }
        }
        values
    }

    /// The ramp initiative `initiative` (an index into [`Model::initiatives`]) follows:
    /// its own, else the model's default ramp; `None` means full effect in every year.
    pub fn ramp_of(&self, initiative: usize) -> Option<Ramp> {
        self.initiatives
            .get(initiative)
            .and_then(|i| i.ramp)
            .or(self.timing.default_ramp)
    }

    /// How the stock of a component in `year` is made of its values: the stock is
    /// Σ weight × (the component's signed value computed with the values of year t), over
    /// the returned `(t, weight)` pairs. A plain component gives `[(year, ramp(year))]`; a
    /// flow gives one term per year `t` from its first year to `year`, weight
    /// `ramp(t) × retention^(year - t)` (none before its first year). A component's
    /// [`node`](crate::model::Component::node) already gives persons (a flow's counts one
    /// year of it, the 1 yr factor folded in), so the weights hold no unit factor.
    ///
    /// `component` is the position in the initiative's components, or, for a member of a
    /// shared case, in the case's components (the member's share is not in the weights).
    /// A retention read from a parameter takes its stated value; see
    /// [`Model::year_weights_in`] for overridden values. An index out of range, or a year
    /// outside the horizon, gives no terms.
    pub fn year_weights(&self, initiative: usize, component: usize, year: i32) -> Vec<(i32, f64)> {
        self.year_weights_in(&self.base_values(), initiative, component, year)
    }

    /// [`Model::year_weights`] with a retention parameter read from `target_values`.
    pub fn year_weights_in(
        &self,
        target_values: &[f64],
        initiative: usize,
        component: usize,
        year: i32,
    ) -> Vec<(i32, f64)> {
        let Some(ini) = self.initiatives.get(initiative) else {
            return Vec::new();
        };
        if !self.timing.horizon.contains(year) {
            return Vec::new();
        }
        let ramp = self.ramp_of(initiative);
        let flow = match &ini.body {
            Body::Components(cs) => match cs.get(component) {
                Some(c) => c.flow.as_ref(),
                None => return Vec::new(),
            },
            Body::Shared { case, .. } => {
                if self
                    .shared
                    .get(*case)
                    .is_none_or(|s| component >= s.components.len())
                {
                    return Vec::new();
                }
                None
            }
        };
        match flow {
            None => vec![(year, ramp.map_or(1.0, |r| r.at(year)))],
            Some(f) => f.weights(ramp, year, f.retention.value(target_values)),
        }
    }

    /// The projected shortage in `year` for `scenario` (`"baseline"`, `"unbent"`, ...),
    /// interpolated linearly between the scenario's projections. Errors with
    /// [`Error::Model`] for a scenario without projections (naming those there are) and
    /// for a year outside the scenario's first and last projection (no extrapolation).
    ///
    /// ```
    /// let model = workforce_impact::Model::builtin("nml-2023").unwrap();
    /// assert_eq!(model.shortage_in(2027, "baseline").unwrap(), 2100.0 + 2400.0 * (4.0 / 9.0));
    /// let e = model.shortage_in(2040, "baseline").unwrap_err();
    /// assert!(e.to_string().contains("no shortage projection of scenario 'baseline' covers 2040"));
    /// ```
    pub fn shortage_in(&self, year: i32, scenario: &str) -> Result<f64, Error> {
        let mut points: Vec<(i32, f64)> = (self.shortage.projections.iter())
            .filter(|p| p.scenario == scenario)
            .map(|p| (p.year, p.persons))
            .collect();
        let loc = Location::file(&self.origin);
        if points.is_empty() {
            let mut known: Vec<&str> = (self.shortage.projections.iter())
                .map(|p| p.scenario.as_str())
                .collect();
            known.dedup();
            known.sort_unstable();
            known.dedup();
            let hint = crate::suggest::did_you_mean(scenario, known.iter().copied())
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            return Err(Error::Model {
                loc,
                message: format!(
                    "no shortage projection for scenario '{scenario}'{hint}; the model projects {}",
                    if known.is_empty() {
                        "no shortage".to_string()
                    } else {
                        format!("scenarios {}", known.join(", "))
                    }
                ),
            });
        }
        points.sort_by_key(|p| p.0);
        let (first, last) = (points[0].0, points[points.len() - 1].0);
        if year < first || year > last {
            return Err(Error::Model {
                loc,
                message: format!(
                    "no shortage projection of scenario '{scenario}' covers {year}: its \
                     projections run from {first} to {last}, and a shortage is interpolated \
                     between them, never extrapolated; add a projection for {year}"
                ),
            });
        }
        Ok(profile::interpolate(&points, year))
    }
}
