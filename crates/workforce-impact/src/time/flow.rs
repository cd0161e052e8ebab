//! Flows: components in person/yr that accumulate into a stock, and the flow readings of
//! components the source counts as one year of a flow.

use serde::Serialize;

use super::Ramp;
use crate::engine::Overrides;
use crate::error::Error;
use crate::formula::{Expr, Node};
use crate::model::{Body, Model};

/// The share of a year's flow still in place a year later.
#[derive(Clone, Debug, PartialEq)]
pub enum Retention {
    /// A fraction stated in the file (`"90%"`); 1 when the file states none.
    Fixed(f64),
    /// The value of a (plain-number) parameter slot.
    Param(usize),
}

impl Retention {
    /// The retention per year with `values` (base units, one per slot).
    pub fn value(&self, values: &[f64]) -> f64 {
        match self {
            Retention::Fixed(r) => *r,
            Retention::Param(slot) => values.get(*slot).copied().unwrap_or(f64::NAN),
        }
    }
}

/// How a flow component accumulates: its stock in year y is
/// Σ_{t = from..=y} flow(t) × 1 yr × ramp(t) × retention^(y - t).
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// The first year of the flow.
    pub from: i32,
    /// The share kept per year.
    pub retention: Retention,
}

impl Flow {
    /// The `(t, weight)` terms of the stock in `year` (see
    /// [`Model::year_weights`](crate::Model::year_weights)), with `retention` per year.
    pub fn weights(&self, ramp: Option<Ramp>, year: i32, retention: f64) -> Vec<(i32, f64)> {
        (self.from..=year)
            .map(|t| {
                let r = ramp.map_or(1.0, |r| r.at(t));
                (t, r * retention.powi(year - t))
            })
            .collect()
    }
}

/// A component's flow reading, beside a formula that counts one year of the flow
/// (`stock_reading` in the file): shown by [`Model::flow_stocks`], never in the total.
#[derive(Clone, Debug)]
pub struct StockReading {
    /// The flow formula as written (person/yr).
    pub text: String,
    /// The parsed formula.
    pub expr: Expr,
    /// The resolved formula × 1 yr: one year of the flow, in persons.
    pub node: Node,
    /// How it accumulates.
    pub flow: Flow,
    /// Why this reading.
    pub note: Option<String>,
}

/// One row of [`Model::flow_stocks`]: a component that is a flow, or that the source counts
/// as one year of a flow, with the stock the flow accumulates to by the target year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowStock {
    /// The initiative's id.
    pub initiative: String,
    /// The component, as `#n 'label'`.
    pub component: String,
    /// The initiative's published figure, persons.
    pub published: Option<f64>,
    /// The component as the model counts it in the target year: one year of the flow.
    pub as_stated: f64,
    /// The accumulated stock in the target year, persons.
    pub stock: f64,
    /// The retention per year used.
    pub retention: f64,
    /// The first year of the flow.
    pub from: i32,
    /// The flow formula (the component's own, or its `stock_reading`).
    pub formula: String,
    /// True for a declared `flow` (counted as a stock in the trajectory), false for a
    /// `stock_reading` shown beside a one-year figure.
    pub declared: bool,
    /// The reading's note.
    pub note: Option<String>,
}

impl Model {
    /// Every component that is a flow or has a flow reading, with its one-year figure
    /// beside the stock accumulated by the target year (ramps and retention applied),
    /// under `overrides`. Errors as [`Model::values_with`] does.
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let rows = model.flow_stocks(&Overrides::default()).unwrap();
    /// let outflow = rows.iter().find(|r| r.initiative == "behoud-doorstroom").unwrap();
    /// assert_eq!(outflow.as_stated.round(), 51.0); // 5100/yr x 1% x 1 yr
    /// assert!(outflow.stock > outflow.as_stated);
    /// ```
    pub fn flow_stocks(&self, overrides: &Overrides) -> Result<Vec<FlowStock>, Error> {
        let target_values = self.values_with(overrides)?;
        let horizon = self.horizon();
        let year_values: Vec<Vec<f64>> = horizon
            .years()
            .map(|y| self.values_in_year(y, &target_values))
            .collect();
        let at = |t: i32| &year_values[(t - horizon.start_year) as usize];
        let target = horizon.target_year;
        let mut rows = Vec::new();
        for (n, ini) in self.initiatives.iter().enumerate() {
            let Body::Components(cs) = &ini.body else {
                continue;
            };
            for (k, c) in cs.iter().enumerate() {
                let sign = c.sign.factor();
                let as_stated = sign * c.node.eval(&target_values);
                let (flow, node, formula, declared, note) = match (&c.flow, &c.stock_reading) {
                    (Some(f), _) => (f, &c.node, &c.text, true, None),
                    (None, Some(s)) => (&s.flow, &s.node, &s.text, false, s.note.clone()),
                    (None, None) => continue,
                };
                let retention = flow.retention.value(&target_values);
                let stock = (flow.weights(self.ramp_of(n), target, retention).iter())
                    .map(|&(t, w)| w * (sign * node.eval(at(t))))
                    .sum();
                rows.push(FlowStock {
                    initiative: ini.id.clone(),
                    component: super::trajectory::component_label(k, c.label.as_deref()),
                    published: ini.published.as_ref().map(|p| p.value),
                    as_stated,
                    stock,
                    retention,
                    from: flow.from,
                    formula: formula.clone(),
                    declared,
                    note,
                });
            }
        }
        Ok(rows)
    }
}

impl crate::model::Component {
    /// 1 yr in base units for a flow (its formula gives person/yr; the component counts
    /// one year of it), 1 for any other component: what a value of the formula as written
    /// is multiplied by to give the component's persons.
    pub fn flow_year(&self) -> f64 {
        self.flow.as_ref().map_or(1.0, |_| super::YEAR_IN_BASE)
    }
}
