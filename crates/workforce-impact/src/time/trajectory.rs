//! The exact trajectory: persons per year of the horizon, per initiative and component,
//! set against the shortage of the year.

use serde::Serialize;

use crate::engine::Overrides;
use crate::error::{Error, Location};
use crate::model::{Body, Component, Model};

/// One component in one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentYear {
    /// The component, as `#n 'label'`.
    pub component: String,
    /// The sector id it lands in.
    pub sector: String,
    /// Signed persons in the year (a shared-case member's share of the case's component).
    pub persons: f64,
}

/// One initiative in one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InitiativeYear {
    /// The initiative's id.
    pub id: String,
    /// Its theme's id.
    pub theme: String,
    /// Signed persons in the year: the sum of its components.
    pub persons: f64,
    /// Its components (a shared-case member: its share of each of the case's).
    pub components: Vec<ComponentYear>,
}

/// One year of a [`Trajectory`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrajectoryYear {
    /// The calendar year.
    pub year: i32,
    /// The projected shortage of the scenario in this year, persons.
    pub shortage: f64,
    /// Persons the portfolio frees in this year (costs subtracted).
    pub total: f64,
    /// `shortage - total`.
    pub remaining: f64,
    /// `total / shortage`.
    pub share: f64,
    /// Per initiative, in model order.
    pub initiatives: Vec<InitiativeYear>,
    /// Persons per theme id, in the model's theme order.
    pub themes: Vec<(String, f64)>,
}

/// The portfolio year by year ([`Model::trajectory`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trajectory {
    /// The model's id.
    pub model: String,
    /// The shortage scenario the years are set against.
    pub scenario: String,
    /// Every year of the horizon, in order.
    pub years: Vec<TrajectoryYear>,
}

/// `#n` or `#n 'label'` for component index `k`.
pub(crate) fn component_label(k: usize, label: Option<&str>) -> String {
    match label {
        Some(l) => format!("#{} '{l}'", k + 1),
        None => format!("#{}", k + 1),
    }
}

impl Model {
    /// The portfolio in every year of the horizon under `overrides`, set against the
    /// shortage of `scenario` (see [`Model::shortage_in`]).
    ///
    /// For year y: the values of every year t <= y ([`Model::values_in_year`] from the
    /// target-year values with overrides applied); each component's stock
    /// Σ weight × signed value in year t over [`Model::year_weights_in`]; a shared-case
    /// member's components × its share. In the target year, with every ramp full and no
    /// flow declared, the total is [`Model::evaluate`]'s, bit for bit.
    ///
    /// Errors as [`Model::values_with`] and [`Model::shortage_in`] do, and with
    /// [`Error::InvalidValue`] for a component that is not finite in some year.
    pub fn trajectory(&self, overrides: &Overrides, scenario: &str) -> Result<Trajectory, Error> {
        let target_values = self.values_with(overrides)?;
        let horizon = self.horizon();
        let shortages = (horizon.years())
            .map(|y| self.shortage_in(y, scenario))
            .collect::<Result<Vec<f64>, Error>>()?;
        let year_values: Vec<Vec<f64>> = (horizon.years())
            .map(|y| self.values_in_year(y, &target_values))
            .collect();
        let mut years = Vec::with_capacity(horizon.len());
        for (y, shortage) in horizon.years().zip(shortages) {
            let mut initiatives = Vec::with_capacity(self.initiatives.len());
            for (n, ini) in self.initiatives.iter().enumerate() {
                let (cs, share, owner): (&[Component], Option<f64>, &str) = match &ini.body {
                    Body::Components(cs) => (cs, None, &ini.id),
                    Body::Shared { case, share } => {
                        let case = &self.shared[*case];
                        (&case.components, Some(*share), &case.id)
                    }
                };
                let mut components = Vec::with_capacity(cs.len());
                for (k, c) in cs.iter().enumerate() {
                    let sign = c.sign.factor();
                    let mut stock = 0.0;
                    for (t, w) in self.year_weights_in(&target_values, n, k, y) {
                        let values = &year_values[(t - horizon.start_year) as usize];
                        stock += w * (sign * c.node.eval(values));
                    }
                    if !stock.is_finite() {
                        return Err(Error::InvalidValue {
                            loc: Location {
                                file: Some(self.origin.clone()),
                                initiative: Some(owner.to_string()),
                                component: Some(component_label(k, None)),
                                ..Location::default()
                            },
                            message: format!("evaluates to {stock} in {y} (a division by zero?)"),
                        });
                    }
                    components.push(ComponentYear {
                        component: component_label(k, c.label.as_deref()),
                        sector: c.sector.id().to_string(),
                        persons: share.map_or(stock, |s| stock * s),
                    });
                }
                initiatives.push(InitiativeYear {
                    id: ini.id.clone(),
                    theme: self.themes[ini.theme].id.clone(),
                    persons: components.iter().map(|c| c.persons).sum(),
                    components,
                });
            }
            let total: f64 = initiatives.iter().map(|i| i.persons).sum();
            let mut themes: Vec<(String, f64)> =
                self.themes.iter().map(|t| (t.id.clone(), 0.0)).collect();
            for (ini, row) in self.initiatives.iter().zip(&initiatives) {
                themes[ini.theme].1 += row.persons;
            }
            years.push(TrajectoryYear {
                year: y,
                shortage,
                total,
                remaining: shortage - total,
                share: total / shortage,
                initiatives,
                themes,
            });
        }
        Ok(Trajectory {
            model: self.id.clone(),
            scenario: scenario.to_string(),
            years,
        })
    }
}

impl Trajectory {
    /// The year table as plain text: year, shortage, total, remaining, share.
    pub fn to_table(&self) -> String {
        use std::fmt::Write as _;
        let fmt = crate::report::fmt_number;
        let mut out = format!(
            "{}: trajectory against the '{}' shortage\n{:>6}  {:>10}  {:>10}  {:>10}  {:>7}\n",
            self.model, self.scenario, "year", "shortage", "total", "remaining", "share"
        );
        for y in &self.years {
            let _ = writeln!(
                out,
                "{:>6}  {:>10}  {:>10}  {:>10}  {:>6.1}%",
                y.year,
                fmt(y.shortage),
                fmt(y.total),
                fmt(y.remaining),
                100.0 * y.share
            );
        }
        out
    }

    /// The year table as Markdown.
    pub fn to_markdown(&self) -> String {
        use std::fmt::Write as _;
        let fmt = crate::report::fmt_number;
        let mut out = format!(
            "**{}**, shortage scenario '{}'\n\n| year | shortage | total | remaining | share |\n|---:|---:|---:|---:|---:|\n",
            self.model, self.scenario
        );
        for y in &self.years {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.1}% |",
                y.year,
                fmt(y.shortage),
                fmt(y.total),
                fmt(y.remaining),
                100.0 * y.share
            );
        }
        out
    }

    /// Long CSV: `year,level,id,persons` for every initiative, theme and the total, then
    /// the shortage, remaining and share per year (`level` = `total`).
    pub fn to_csv(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::from("year,level,id,persons\n");
        for y in &self.years {
            for i in &y.initiatives {
                let _ = writeln!(out, "{},initiative,{},{}", y.year, i.id, i.persons);
            }
            for (t, v) in &y.themes {
                let _ = writeln!(out, "{},theme,{t},{v}", y.year);
            }
            for (id, v) in [
                ("total", y.total),
                ("shortage", y.shortage),
                ("remaining", y.remaining),
                ("share", y.share),
            ] {
                let _ = writeln!(out, "{},total,{id},{v}", y.year);
            }
        }
        out
    }
}
