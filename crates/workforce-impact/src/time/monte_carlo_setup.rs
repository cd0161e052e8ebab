//! Setting up a Monte Carlo over years (and regions): a model's trajectory compiled as a
//! weighted program over the inputs of an ordinary [`McPlan`], from the same pure pieces the
//! exact trajectory is built on ([`Model::values_in_year`], [`Model::year_weights_in`]),
//! so the two agree.

use super::monte_carlo::{RegionProgram, TrajectoryPlan};
use super::Retention;
use crate::engine::monte_carlo::{McConfig, McPlan};
use crate::engine::program::{Program, Variant, WeightedTerm};
use crate::engine::Input;
use crate::error::{Error, Location};
use crate::model::Body;
use crate::regions::RegionTable;
use crate::{Model, Overrides};

impl Model {
    /// A Monte Carlo over every year of the horizon: `inputs` drawn as
    /// [`Model::monte_carlo_plan`] draws them (the same seed gives the same draws), the total
    /// of each year kept with its quantiles and the exact count of draws whose share of that
    /// year's `scenario` shortage reaches each of `cfg.targets`.
    ///
    /// A drawn parameter that grows over the years keeps its profile: the draw is its
    /// target-year value, earlier years × the profile's multiplier.
    ///
    /// # Errors
    ///
    /// As [`Model::monte_carlo_plan`]; [`Error::Model`] for a scenario without a projection
    /// for every year, and [`Error::InvalidValue`] for an input that is a flow's retention
    /// (its accumulation weights are fixed per run).
    ///
    /// ```
    /// use workforce_impact::engine::monte_carlo::McConfig;
    /// use workforce_impact::engine::{Distribution, Input};
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let inputs = [Input::new("part_time_factor", Distribution::Uniform { lo: 0.60, hi: 0.77 })];
    /// let cfg = McConfig { targets: vec![0.35], ..McConfig::new(2_000, 1) };
    /// let run = model.trajectory_monte_carlo_plan(&inputs, cfg, "baseline")?.run();
    /// assert_eq!(run.years.len(), 10);
    /// // the default ramp starts at zero in 2023 and is full in 2032
    /// assert_eq!(run.total(0, 0).mean(), 0.0);
    /// assert!(run.prob_share_at_least(0, 9, 0.35).unwrap() > 0.0);
    /// # Ok::<(), workforce_impact::Error>(())
    /// ```
    pub fn trajectory_monte_carlo_plan(
        &self,
        inputs: &[Input],
        cfg: McConfig,
        scenario: &str,
    ) -> Result<TrajectoryPlan<'_>, Error> {
        let plan = self.monte_carlo_plan(inputs, cfg)?;
        let region = self.region.clone().unwrap_or_else(|| self.id.clone());
        let program = self.trajectory_program(self, &plan, scenario, &region)?;
        TrajectoryPlan::new(plan, self.horizon().years().collect(), vec![program])
    }

    /// A Monte Carlo over every region of `table` and every year of the horizon, in one run:
    /// the model carried to each region ([`Model::scale_to`], shortages from `shortages`
    /// where given), every region evaluated on the very same draws. A drawn parameter that
    /// scales with the region is drawn in this model's terms and scaled with it.
    ///
    /// # Errors
    ///
    /// As [`Model::trajectory_monte_carlo_plan`] and [`Model::scale_to`], naming the region.
    pub fn regions_monte_carlo_plan(
        &self,
        table: &RegionTable,
        shortages: &[(String, f64)],
        inputs: &[Input],
        cfg: McConfig,
        scenario: &str,
    ) -> Result<TrajectoryPlan<'_>, Error> {
        let plan = self.monte_carlo_plan(inputs, cfg)?;
        let mut programs = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let given = shortages.iter().find(|s| s.0 == row.id).map(|s| s.1);
            let model = self.scale_to(&row.id, table, given)?;
            programs.push(model.trajectory_program(self, &plan, scenario, &row.id)?);
        }
        TrajectoryPlan::new(plan, self.horizon().years().collect(), programs)
    }

    /// This model's trajectory over `plan`'s inputs (slots of `source`, the model `plan` was
    /// made for: this model itself, or the model it was scaled from).
    fn trajectory_program(
        &self,
        source: &Model,
        plan: &McPlan<'_>,
        scenario: &str,
        region: &str,
    ) -> Result<RegionProgram, Error> {
        let in_region = |e: Error| match e {
            Error::Model { loc, message } if region != self.region.as_deref().unwrap_or("") => {
                Error::Model {
                    loc,
                    message: format!("region '{region}': {message}"),
                }
            }
            other => other,
        };
        let years: Vec<i32> = self.horizon().years().collect();
        let target = self.base_values();
        // the drawn slots, by name in this model, and what a draw is multiplied by here
        let mut varied = Vec::new();
        let mut scale = Vec::new();
        for s in plan.input_slots() {
            let name = &source.params[s].qualified;
            let slot = self.resolve_name(name)?;
            if self.is_retention(slot) {
                return Err(Error::InvalidValue {
                    loc: Location::parameter(&self.origin, name),
                    message: format!(
                        "'{name}' is a flow's retention: a Monte Carlo over years holds it at its stated value, so it cannot be drawn"
                    ),
                });
            }
            let (here, there) = (self.params[slot].base(), source.params[s].base());
            varied.push(slot);
            scale.push(if here == there || there == 0.0 {
                1.0
            } else {
                here / there
            });
        }
        let variants: Vec<Variant> = years
            .iter()
            .map(|&y| Variant {
                values: self.values_in_year(y, &target),
                input_scale: varied
                    .iter()
                    .zip(&scale)
                    .map(|(&slot, &k)| {
                        k * self.params[slot]
                            .profile
                            .as_ref()
                            .map_or(1.0, |p| p.multiplier(y))
                    })
                    .collect(),
            })
            .collect();
        let mut terms = Vec::new();
        for n in 0..self.initiatives.len() {
            for c in 0..self.components_of(n).0.len() {
                for (o, &y) in years.iter().enumerate() {
                    for (t, weight) in self.year_weights_in(&target, n, c, y) {
                        let Some(variant) = years.iter().position(|&x| x == t) else {
                            continue;
                        };
                        terms.push(WeightedTerm {
                            initiative: n,
                            component: c,
                            variant,
                            output: o,
                            weight,
                        });
                    }
                }
            }
        }
        let program = Program::compile_weighted(self, &varied, &variants, years.len(), &terms);
        let exact = self
            .trajectory(&Overrides::default(), scenario)
            .map_err(in_region)?;
        Ok(RegionProgram {
            region: region.to_string(),
            program,
            shortage: exact.years.iter().map(|y| y.shortage).collect(),
            reference: exact.years.iter().map(|y| y.total).collect(),
        })
    }

    fn is_retention(&self, slot: usize) -> bool {
        let flows = self.initiatives.iter().flat_map(|i| match &i.body {
            Body::Components(cs) => cs.iter().filter_map(|c| c.flow.as_ref()).collect(),
            Body::Shared { .. } => Vec::new(),
        });
        flows
            .into_iter()
            .any(|f| matches!(f.retention, Retention::Param(s) if s == slot))
    }
}
