//! The plan a realised row is set against, the row's status, and the re-forecast of the
//! target year.

use serde::Serialize;

use super::{Checked, Measure, MonitorOptions, MonitorRow, Realised, RealisedValue, Status};
use crate::engine::{Distribution, Input};
use crate::error::{Error, Errors};
use crate::model::Model;
use crate::time::Trajectory;
use crate::Overrides;

/// One initiative in the re-forecast.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReforecastInitiative {
    /// The initiative's id.
    pub id: String,
    /// Planned persons in the target year (the stated trajectory).
    pub planned: f64,
    /// Re-forecast persons in the target year.
    pub reforecast: f64,
    /// What the re-forecast rests on: `plan`, `parameters` (realised parameters carried),
    /// or `persons <period>` (its realised persons carried).
    pub basis: String,
}

/// A Monte Carlo band around the re-forecast.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// Draws.
    pub n: u64,
    /// 5th, 50th and 95th percentile of the re-forecast total, persons.
    pub total: [f64; 3],
    /// The same percentiles of the share of the shortage.
    pub share: [f64; 3],
    /// Per target share: the probability that the re-forecast share reaches it.
    pub targets: Vec<(f64, f64)>,
}

/// The target year with realised values in place of planned ones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reforecast {
    /// The target year.
    pub target_year: i32,
    /// The shortage of the scenario in the target year, persons.
    pub shortage: f64,
    /// Planned total persons in the target year.
    pub planned_total: f64,
    /// Planned share of the shortage.
    pub planned_share: f64,
    /// Re-forecast total persons.
    pub total: f64,
    /// Re-forecast share of the shortage.
    pub share: f64,
    /// The overrides the carried parameters become (qualified name, value in its unit).
    pub overrides: Vec<(String, f64)>,
    /// Per initiative, in model order.
    pub initiatives: Vec<ReforecastInitiative>,
    /// The Monte Carlo band, if asked for.
    pub band: Option<Band>,
}

/// The stated plan, read at year ends.
pub(super) struct Plan<'t> {
    stated: &'t Trajectory,
    start: i32,
    /// Base-unit values of every slot per year of the trajectory.
    year_values: Vec<Vec<f64>>,
    /// Stated target-year persons per initiative (from `evaluate`, for a status's direction).
    evaluated: Vec<f64>,
}

impl<'t> Plan<'t> {
    pub(super) fn new(model: &Model, stated: &'t Trajectory) -> Plan<'t> {
        let base = model.base_values();
        let year_values = (stated.years.iter())
            .map(|y| model.values_in_year(y.year, &base))
            .collect();
        let evaluated = model
            .evaluate(&Overrides::default())
            .map(|e| e.initiative_totals)
            .unwrap_or_default();
        Plan {
            stated,
            start: stated.years.first().map_or(0, |y| y.year),
            year_values,
            evaluated,
        }
    }

    /// The index of `year` in the trajectory; a one-year horizon (a model without years)
    /// serves every year up to it.
    fn index(&self, year: i32) -> usize {
        let last = self.stated.years.len().saturating_sub(1);
        usize::try_from(year - self.start).map_or(0, |i| i.min(last))
    }

    fn persons(&self, n: usize, year: i32) -> f64 {
        self.stated.years[self.index(year)].initiatives[n].persons
    }

    fn param(&self, model: &Model, slot: usize, year: i32) -> f64 {
        model.params[slot]
            .unit
            .from_base(self.year_values[self.index(year)][slot])
    }

    fn target_year(&self) -> i32 {
        self.stated.years.last().map_or(0, |y| y.year)
    }

    /// The row of realised row `r`: planned, deviation, status, the carried value.
    pub(super) fn row(
        &self,
        model: &Model,
        r: &super::RealisedRow,
        c: &Checked,
        options: &MonitorOptions,
    ) -> Result<MonitorRow, Error> {
        let n = c.initiative;
        let target = self.target_year();
        let mut row = MonitorRow {
            initiative: r.initiative.clone(),
            period: r.period.to_string(),
            measure: r.measure.as_written(),
            kind: "persons",
            parameter: None,
            unit: "persons".into(),
            planned: None,
            realised: None,
            reached: None,
            deviation: None,
            relative: None,
            status: Status::OnTrack,
            carried: None,
            used: false,
            source: r.source.clone(),
            note: r.note.clone(),
        };
        let value = match (r.value, &r.measure) {
            (RealisedValue::Reached(_), _) | (_, Measure::Milestone(_)) => {
                row.kind = "milestone";
                row.unit = String::new();
                let reached = matches!(r.value, RealisedValue::Reached(true));
                row.reached = Some(reached);
                row.status = if reached {
                    Status::Reached
                } else {
                    Status::NotReached
                };
                return Ok(row);
            }
            (RealisedValue::Number(v), _) => v,
        };
        let start = self.start;
        let (planned, planned_target) = match c.slot {
            None => (
                r.period.interpolate(start, |y| self.persons(n, y)),
                self.persons(n, target),
            ),
            Some(slot) => {
                row.kind = "parameter";
                row.parameter = Some(model.params[slot].qualified.clone());
                row.unit = model.params[slot].unit.text.clone();
                (
                    r.period.interpolate(start, |y| self.param(model, slot, y)),
                    self.param(model, slot, target),
                )
            }
        };
        let deviation = value - planned;
        row.planned = Some(planned);
        row.realised = Some(value);
        row.deviation = Some(deviation);
        row.relative = (planned != 0.0).then(|| deviation / planned.abs());
        row.carried = if planned == planned_target {
            Some(value) // no profile, no ramp between: the realised value itself, bit for bit
        } else if planned != 0.0 {
            Some(value / planned * planned_target)
        } else {
            None
        };
        if row.carried.is_none() {
            let why = format!(
                "not carried to {target}: planned is 0 in {}, so realised / planned has no ratio",
                r.period
            );
            add_note(&mut row.note, why);
        }
        // Whether the deviation frees more persons than planned: for persons its sign; for
        // a parameter the sign of its effect on the initiative's target-year persons.
        let mut favourable = deviation.signum();
        if let (Some(slot), Some(carried)) = (c.slot, row.carried) {
            let p = &model.params[slot];
            if model.check_value(p, carried).is_err() {
                return Err(Error::InvalidValue {
                    loc: r.value_loc.clone(),
                    message: format!(
                        "realised {value} in {} carries to {} in {target} (realised / planned \
                         in {} = {} times the planned {planned_target} of {target}), outside the \
                         valid range of '{}', which must be {}",
                        r.period,
                        crate::report::fmt_number(carried),
                        r.period,
                        crate::report::fmt_number(value / planned),
                        p.qualified,
                        p.valid_range_text()
                    ),
                });
            }
            let with = model.evaluate(&Overrides::new().set(&p.qualified, carried));
            if let (Ok(e), Some(stated)) = (with, self.evaluated.get(n)) {
                let effect = e.initiative_totals[n] - stated;
                if effect != 0.0 {
                    favourable = effect.signum();
                }
            }
        }
        let size = row.relative.map_or(f64::INFINITY, f64::abs);
        row.status = if deviation == 0.0 {
            Status::OnTrack
        } else if favourable > 0.0 {
            if size > options.ahead {
                Status::Ahead
            } else {
                Status::OnTrack
            }
        } else if size > options.behind {
            Status::Behind
        } else {
            Status::OnTrack
        };
        Ok(row)
    }

    /// The re-forecast; marks the rows it uses.
    pub(super) fn reforecast(
        &self,
        model: &Model,
        realised: &Realised,
        checked: &[Checked],
        rows: &mut [MonitorRow],
        options: &MonitorOptions,
    ) -> Result<Reforecast, Errors> {
        // The latest period of each parameter (over all initiatives) and of each
        // initiative's persons; a later row of the same period wins.
        let mut latest_param: Vec<(usize, usize)> = Vec::new(); // (slot, row)
        let mut latest_persons: Vec<(usize, usize)> = Vec::new(); // (initiative, row)
        for (k, c) in checked.iter().enumerate() {
            if rows[k].carried.is_none() {
                continue;
            }
            let key = realised.rows[c.row].period.order_key();
            let (list, id) = match c.slot {
                Some(slot) => (&mut latest_param, slot),
                None => (&mut latest_persons, c.initiative),
            };
            match list.iter_mut().find(|(i, _)| *i == id) {
                Some(entry) => {
                    let old = realised.rows[checked[entry.1].row].period.order_key();
                    if key >= old {
                        entry.1 = k;
                    }
                }
                None => list.push((id, k)),
            }
        }
        // A parameter of an initiative whose realised persons are carried changes nothing:
        // the persons replace the initiative's figure.
        latest_param.retain(|&(slot, k)| {
            let n = checked[k].initiative;
            let own = format!("{}.", model.initiatives[n].id);
            let superseded = latest_persons.iter().any(|(i, _)| *i == n)
                && model.params[slot].qualified.starts_with(&own);
            if superseded {
                let why = format!(
                    "superseded by the realised persons of {}",
                    rows[k].initiative
                );
                add_note(&mut rows[k].note, why);
            }
            !superseded
        });
        let mut overrides = Overrides::new();
        for &(slot, k) in &latest_param {
            rows[k].used = true;
            let v = rows[k].carried.unwrap_or(f64::NAN);
            overrides = overrides.set(&model.params[slot].qualified, v);
        }
        let with = model.trajectory(&overrides, &options.scenario)?;
        let (Some(planned_year), Some(with_year)) = (self.stated.years.last(), with.years.last())
        else {
            return Err(Errors::from(Error::Model {
                loc: crate::error::Location::file(&model.origin),
                message: "the trajectory has no years".into(),
            }));
        };
        let mut initiatives = Vec::with_capacity(model.initiatives.len());
        for (n, ini) in model.initiatives.iter().enumerate() {
            let planned = planned_year.initiatives[n].persons;
            let (reforecast, basis) = match latest_persons.iter().find(|(i, _)| *i == n) {
                Some(&(_, k)) => {
                    rows[k].used = true;
                    (
                        rows[k].carried.unwrap_or(f64::NAN),
                        format!("persons {}", rows[k].period),
                    )
                }
                None => {
                    let v = with_year.initiatives[n].persons;
                    (
                        v,
                        if v == planned { "plan" } else { "parameters" }.to_string(),
                    )
                }
            };
            initiatives.push(ReforecastInitiative {
                id: ini.id.clone(),
                planned,
                reforecast,
                basis,
            });
        }
        let total: f64 = initiatives.iter().map(|i| i.reforecast).sum();
        let shortage = planned_year.shortage;
        let band = match &options.monte_carlo {
            None => None,
            Some((inputs, cfg)) => Some(band(model, inputs, cfg, &overrides, total, shortage)?),
        };
        Ok(Reforecast {
            target_year: planned_year.year,
            shortage,
            planned_total: planned_year.total,
            planned_share: planned_year.share,
            total,
            share: total / shortage,
            overrides: overrides.0,
            initiatives,
            band,
        })
    }
}

/// Appends `why` to a row's note.
fn add_note(note: &mut Option<String>, why: String) {
    *note = Some(match note.take() {
        Some(n) => format!("{n}; {why}"),
        None => why,
    });
}

/// The band: a Monte Carlo run of the target year over `inputs`, the carried parameters
/// held constant, shifted so that its reference (every input at its stated value, the
/// carried ones at theirs) lands on the re-forecast total. The shift carries the
/// `persons` re-forecasts, which the target-year evaluation does not see.
fn band(
    model: &Model,
    inputs: &[Input],
    cfg: &crate::engine::McConfig,
    overrides: &Overrides,
    total: f64,
    shortage: f64,
) -> Result<Band, Errors> {
    let held: Vec<Option<usize>> = (overrides.0.iter())
        .map(|(name, _)| model.param_index(name))
        .collect();
    let mut all: Vec<Input> = (inputs.iter())
        .filter(|i| {
            let slot = model.param_index(&i.name);
            slot.is_none() || !held.contains(&slot)
        })
        .cloned()
        .collect();
    for (name, v) in &overrides.0 {
        all.push(Input::new(name, Distribution::Constant { value: *v }));
    }
    let evaluated = model.evaluate(overrides)?.total();
    let shift = total - evaluated;
    let stats = model.monte_carlo_plan(&all, cfg.clone())?.run();
    stats.check_finite(&model.origin)?;
    let Some(t) = stats.group("total") else {
        return Err(Errors::from(Error::Model {
            loc: crate::error::Location::file(&model.origin),
            message: "the Monte Carlo run kept no total".into(),
        }));
    };
    let q = t.quantiles(&[0.05, 0.5, 0.95]);
    let total_band = [q[0] + shift, q[1] + shift, q[2] + shift];
    Ok(Band {
        n: stats.n,
        total: total_band,
        share: total_band.map(|v| v / shortage),
        targets: (cfg.targets.iter())
            .map(|&s| (s, t.fraction_at_least(s * shortage - shift)))
            .collect(),
    })
}
