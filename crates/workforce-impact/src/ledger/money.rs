//! Money entries of an initiative: investments, running costs and direct savings.

use crate::formula::Node;
use crate::model::file::ledger::MoneyKind;
use crate::units::DAYS_PER_YEAR;

/// One money entry, checked: its formula comes out in `EUR` (an investment) or `EUR/yr`
/// (a running cost or a saving).
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyEntry {
    /// Investment, running cost or saving.
    pub kind: MoneyKind,
    /// The party that bears it or gets it (index into the ledger's parties).
    pub party: usize,
    /// A short label.
    pub label: Option<String>,
    /// The year it falls in (inside the horizon); `None` is the model's target year in the
    /// single-year ledger, the initiative's ramp start year in the cash flows
    /// ([`Model::investment_year`](crate::Model::investment_year)).
    pub year: Option<i32>,
    /// The formula as written.
    pub text: String,
    /// The resolved formula, in base units (euros, or euros per day for a flow).
    pub node: Node,
}

impl MoneyEntry {
    /// The amount in euros for its year: an investment as stated, a yearly flow for one
    /// year (the single-year ledger counts one year of each flow).
    pub fn euros(&self, values: &[f64]) -> f64 {
        let v = self.node.eval(values);
        match self.kind {
            MoneyKind::Investment => v,
            MoneyKind::Running | MoneyKind::Saving => v * DAYS_PER_YEAR,
        }
    }
}
