//! Monitoring: realised figures set against the plan, and what they mean for the target.
//!
//! [`Realised`] data (CSV, or the `Realised` sheet of a workbook) gives per initiative,
//! period and measure a realised value. [`Model::monitor`] sets each against the planned
//! value at the end of that period, gives the deviation and a status (`on track`,
//! `behind`, `ahead`) by the thresholds of [`MonitorOptions`], and a [`Reforecast`]: the
//! target-year total and share of the shortage with realised values in place of planned
//! ones, optionally with a Monte Carlo band. The rules are written down in
//! docs/monitoring.md; in short:
//!
//! - **planned at a period**: the trajectory's figure of a year is the value at the end of
//!   that year; inside a year (H1, Q1..Q3) the straight line from the previous year's end
//!   ([`Period::interpolate`]). `persons` reads the trajectory, a parameter its value in
//!   that year ([`Model::values_in_year`]).
//! - **carried to the target year**: the ratio realised / planned at the period times the
//!   planned target-year value, for `persons` and for parameters alike (a parameter
//!   without a profile: the realised value itself). The latest period of a measure counts.
//! - **re-forecast**: carried parameters become overrides of the trajectory; an initiative
//!   with a realised `persons` figure takes its carried persons instead (the most direct
//!   evidence of what it does).
//!
//! ```
//! use workforce_impact::monitor::{MonitorOptions, Realised, Status};
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! // synthetic figures, for the example only
//! let text = "initiative,period,measure,value,source\n\
//!             fit-for-surgery,2027,persons,2,synthetic\n";
//! let realised = Realised::from_csv_str(text, "example.csv").unwrap();
//! let m = model.monitor(&realised, &MonitorOptions::default()).unwrap();
//! let row = &m.rows[0];
//! // the default ramp runs linearly from 0 in 2023 to full in 2032: 4/9 of it in 2027
//! let n = model.initiatives.iter().position(|i| i.id == "fit-for-surgery").unwrap();
//! let full = model.evaluate(&Default::default()).unwrap().initiative_totals[n];
//! assert!((row.planned.unwrap() - full * 4.0 / 9.0).abs() < 1e-9);
//! assert_eq!(row.status, Status::Behind);
//! ```

mod period;
mod read_csv;
#[cfg(feature = "xlsx")]
mod read_xlsx;
mod realised;
mod reforecast;
mod render;

pub use period::{Period, PeriodPart};
pub use read_csv::MAX_ROWS;
pub use realised::{
    Measure, Realised, RealisedRow, RealisedValue, MILESTONE_PREFIX, OPTIONAL_COLUMNS,
    REALISED_SHEET, REQUIRED_COLUMNS,
};
pub use reforecast::{Band, Reforecast, ReforecastInitiative};

use serde::Serialize;

use crate::engine::{Input, McConfig, Shape};
use crate::error::{Error, Errors, Location};
use crate::model::{Body, Model};
use crate::suggest::did_you_mean;
use crate::Overrides;

/// How realised figures are judged and re-forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct MonitorOptions {
    /// A deviation against the initiative's effect is `behind` when its size exceeds this
    /// fraction of the planned value (default 0.10: 10% below plan).
    pub behind: f64,
    /// A deviation in the initiative's favour is `ahead` beyond this fraction (default 0.10).
    pub ahead: f64,
    /// The shortage scenario of the trajectory (default `baseline`).
    pub scenario: String,
    /// A Monte Carlo band around the re-forecast: the inputs to vary and the run's size.
    /// Realised parameters are held at their carried values (as constants).
    pub monte_carlo: Option<(Vec<Input>, McConfig)>,
}

impl Default for MonitorOptions {
    fn default() -> MonitorOptions {
        MonitorOptions {
            behind: 0.10,
            ahead: 0.10,
            scenario: "baseline".into(),
            monte_carlo: None,
        }
    }
}

impl MonitorOptions {
    /// The same threshold `t` for behind and ahead.
    pub fn threshold(mut self, t: f64) -> MonitorOptions {
        self.behind = t;
        self.ahead = t;
        self
    }

    /// A Monte Carlo band of `draws` draws (`seed`, reporting the probability of each
    /// share in `targets`) with every assumption of `model` varied by ±`rel`, triangular.
    pub fn assumption_band(
        mut self,
        model: &Model,
        draws: u64,
        seed: u64,
        rel: f64,
        targets: Vec<f64>,
    ) -> MonitorOptions {
        let cfg = McConfig {
            targets,
            ..McConfig::new(draws, seed)
        };
        self.monte_carlo = Some((model.assumptions(rel, Shape::Triangular), cfg));
        self
    }
}

/// The status of one realised figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Within the thresholds of plan.
    #[serde(rename = "on track")]
    OnTrack,
    /// Worse than plan beyond the `behind` threshold (fewer persons freed, or a parameter
    /// off in the direction that frees fewer).
    #[serde(rename = "behind")]
    Behind,
    /// Better than plan beyond the `ahead` threshold.
    #[serde(rename = "ahead")]
    Ahead,
    /// A milestone reached.
    #[serde(rename = "reached")]
    Reached,
    /// A milestone not (yet) reached.
    #[serde(rename = "not reached")]
    NotReached,
}

impl Status {
    /// `on track`, `behind`, `ahead`, `reached`, `not reached`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::Behind => "behind",
            Status::Ahead => "ahead",
            Status::Reached => "reached",
            Status::NotReached => "not reached",
        }
    }
}

/// One realised figure set against the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonitorRow {
    /// The initiative's id.
    pub initiative: String,
    /// The period, as `2025`, `2025-H1`, `2025-Q3`.
    pub period: String,
    /// The measure as written in the realised data.
    pub measure: String,
    /// `persons`, `parameter` or `milestone`.
    pub kind: &'static str,
    /// The parameter's qualified name, for a parameter measure.
    pub parameter: Option<String>,
    /// The unit of planned and realised (`persons`, the parameter's unit; empty for a
    /// plain number).
    pub unit: String,
    /// The planned value at the end of the period (none for a milestone).
    pub planned: Option<f64>,
    /// The realised value (none for a milestone).
    pub realised: Option<f64>,
    /// For a milestone: reached or not.
    pub reached: Option<bool>,
    /// `realised - planned`.
    pub deviation: Option<f64>,
    /// `(realised - planned) / |planned|`; none when planned is 0.
    pub relative: Option<f64>,
    /// The status by the thresholds.
    pub status: Status,
    /// The value carried to the target year ([`Model::monitor`]): persons of the
    /// initiative for `persons`, the parameter's target-year value for a parameter; none
    /// when it cannot be carried (planned 0 at the period, a milestone).
    pub carried: Option<f64>,
    /// Whether the re-forecast uses this row (the latest period of its measure does).
    pub used: bool,
    /// Where the realised figure comes from.
    pub source: String,
    /// The row's note, and why a row is not carried.
    pub note: Option<String>,
}

/// Realised against planned for a model ([`Model::monitor`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Monitoring {
    /// The model's id.
    pub model: String,
    /// What the realised data was read from.
    pub realised: String,
    /// The shortage scenario.
    pub scenario: String,
    /// The `behind` threshold used.
    pub behind: f64,
    /// The `ahead` threshold used.
    pub ahead: f64,
    /// One row per realised figure, in the order of the realised data.
    pub rows: Vec<MonitorRow>,
    /// The target year with realised values in place of planned ones.
    pub reforecast: Reforecast,
}

/// A checked realised row, with what the model says about it.
pub(super) struct Checked {
    pub row: usize,
    pub initiative: usize,
    /// The parameter slot, for a parameter measure.
    pub slot: Option<usize>,
}

impl Model {
    /// Sets `realised` against the plan: one [`MonitorRow`] per realised row, and the
    /// [`Reforecast`] of the target year (see the [module](crate::monitor) for the rules).
    ///
    /// Errors list every problem at once, each at the CSV line and column (or
    /// `sheet!cell`) of the row: an unknown initiative or parameter (with a did-you-mean),
    /// a period outside the horizon, a value outside the parameter's valid range (also
    /// once carried to the target year); then the errors of [`Model::trajectory`] (a
    /// scenario without shortage projections) and of the Monte Carlo run.
    pub fn monitor(
        &self,
        realised: &Realised,
        options: &MonitorOptions,
    ) -> Result<Monitoring, Errors> {
        let loc = Location::file(&self.origin);
        for (name, t) in [("behind", options.behind), ("ahead", options.ahead)] {
            if !(t.is_finite() && t >= 0.0) {
                return Err(Errors::from(Error::InvalidValue {
                    loc: loc.clone(),
                    message: format!("the {name} threshold {t} must be a finite fraction >= 0"),
                }));
            }
        }
        let checked = self.check_realised(realised)?;
        let stated = self.trajectory(&Overrides::default(), &options.scenario)?;
        let plan = reforecast::Plan::new(self, &stated);
        let mut rows = Vec::with_capacity(checked.len());
        let mut errors = Vec::new();
        for c in &checked {
            match plan.row(self, &realised.rows[c.row], c, options) {
                Ok(r) => rows.push(r),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let reforecast = plan.reforecast(self, realised, &checked, &mut rows, options)?;
        Ok(Monitoring {
            model: self.id.clone(),
            realised: realised.name.clone(),
            scenario: options.scenario.clone(),
            behind: options.behind,
            ahead: options.ahead,
            rows,
            reforecast,
        })
    }

    /// Binds every realised row to an initiative, a parameter and a year of the horizon.
    fn check_realised(&self, realised: &Realised) -> Result<Vec<Checked>, Errors> {
        let horizon = self.horizon();
        let single = horizon.is_empty() || horizon.start_year == horizon.target_year;
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(realised.rows.len());
        for (k, r) in realised.rows.iter().enumerate() {
            let Some(n) = self.initiatives.iter().position(|i| i.id == r.initiative) else {
                errors.push(Error::Model {
                    loc: r.initiative_loc.clone(),
                    message: format!(
                        "unknown initiative '{}'{}",
                        r.initiative,
                        did_you_mean(
                            &r.initiative,
                            self.initiatives.iter().map(|i| i.id.as_str())
                        )
                        .map(|s| format!(" (did you mean '{s}'?)"))
                        .unwrap_or_default()
                    ),
                });
                continue;
            };
            let year = r.period.year;
            let inside = if single {
                year <= horizon.target_year
            } else {
                horizon.contains(year)
            };
            if !inside {
                errors.push(Error::InvalidValue {
                    loc: r.period_loc.clone(),
                    message: format!(
                        "period {} is outside the model's horizon {}..{}",
                        r.period, horizon.start_year, horizon.target_year
                    ),
                });
            }
            let slot = match &r.measure {
                Measure::Parameter(name) => match self.measure_slot(n, name) {
                    Ok(s) => Some(s),
                    Err(suggestion) => {
                        errors.push(Error::UnknownParameter {
                            loc: r.measure_loc.clone(),
                            name: name.clone(),
                            suggestion,
                        });
                        continue;
                    }
                },
                _ => None,
            };
            if let (Some(s), RealisedValue::Number(v)) = (slot, r.value) {
                if let Err(e) = self.check_value(&self.params[s], v) {
                    errors.push(Error::InvalidValue {
                        loc: r.value_loc.clone(),
                        message: format!("realised {}", e.message()),
                    });
                    continue;
                }
            }
            if inside {
                out.push(Checked {
                    row: k,
                    initiative: n,
                    slot,
                });
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Errors(errors))
        }
    }

    /// The slot a measure names for initiative `n`: its own parameter (`reduction` is
    /// `<initiative>.reduction`, or `<shared case>.reduction` for a member of a shared
    /// case), else a qualified name. The error is the closest name, if any is close.
    fn measure_slot(&self, n: usize, name: &str) -> Result<usize, Option<String>> {
        let ini = &self.initiatives[n];
        let mut scopes = vec![ini.id.clone()];
        if let Body::Shared { case, .. } = &ini.body {
            if let Some(c) = self.shared.get(*case) {
                scopes.push(c.id.clone());
            }
        }
        for s in &scopes {
            if let Some(slot) = self.param_index(&format!("{s}.{name}")) {
                return Ok(slot);
            }
        }
        if let Some(slot) = self.param_index(name) {
            return Ok(slot);
        }
        let mut candidates: Vec<&str> = Vec::new();
        for p in &self.params {
            candidates.push(&p.qualified);
            if scopes.iter().any(|s| {
                p.qualified
                    .strip_prefix(s.as_str())
                    .is_some_and(|r| r.starts_with('.'))
            }) {
                candidates.push(&p.name);
            }
        }
        candidates.push("persons");
        Err(did_you_mean(name, candidates))
    }
}
