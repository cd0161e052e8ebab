//! The ledger over the years: cash flows per party, initiative and year, each party's
//! cumulative net, payback year and net present value, and a settlement per year.
//!
//! Conventions (docs/model-format.md, "Cash flows over the years"):
//! - **Staff** per year is the trajectory's: each component's stock in the year (ramps,
//!   growth and flows apply), in persons, FTE (× that year's part-time factor) and euros
//!   (× that year's cost rate).
//! - **Running costs and savings** follow the initiative's ramp: amount in year y = the
//!   formula with year y's values × ramp(y). A tariff is booked as a cost on one side and a
//!   saving on the other, so both must move together for every year to balance.
//! - **An investment** falls once, in its `year`; without one, in the initiative's ramp
//!   start year (the last year without effect: set up, then ramp up), or the horizon's first
//!   year when the initiative has no ramp. Its formula takes the values of that year.
//! - **Net present value** at `[ledger] discount_rate` r, end-of-year discounting:
//!   NPV = Σ_y net_y × (1 + r)^-(y - base), base = `[ledger] base_year` or the horizon's
//!   first year (whose flows are not discounted).
//! - **Payback year**: the first year from which the cumulative net is >= 0 in every later
//!   year of the horizon; `None` if the cumulative net ends negative.
//!
//! In the target year, with every ramp full and no flow component, the staff, running and
//! saving rows equal the single-year [`Model::ledger`]'s bit for bit.
//!
//! The worked example of the brief: €100,000 invested in year 1, €30,000 saved a year from
//! year 2, over six years:
//!
//! ```
//! use workforce_impact::ledger::{npv, payback_year};
//!
//! let flows: Vec<(i32, f64)> = (2025..=2030)
//!     .map(|y| (y, if y == 2025 { -100_000.0 } else { 30_000.0 }))
//!     .collect();
//! assert_eq!(payback_year(&flows), Some(2029)); // -100k, -70k, -40k, -10k, +20k
//! assert_eq!(npv(&flows, 0.0, 2025), 50_000.0);
//! assert!((npv(&flows, 0.05, 2025) - 29_884.300_118_924_57).abs() < 1e-6);
//! ```

use serde::Serialize;

use super::rows::{add, component_labels};
use super::{EntryKind, Ledger, LedgerRow, Settlement, UNASSIGNED};
use crate::engine::Overrides;
use crate::error::{Error, Location};
use crate::model::file::ledger::{MoneyKind, SettleUnit};
use crate::model::{Body, Component, Model};

/// `[ledger] discount_rate`, checked: a fraction, or a dimensionless parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum DiscountRate {
    /// A rate as written (`"4%"` is 0.04).
    Rate(f64),
    /// A global parameter (overridable, and varied in a Monte Carlo like any other).
    Parameter {
        /// Its slot.
        slot: usize,
        /// Its name.
        name: String,
    },
}

impl DiscountRate {
    /// The rate as a fraction, with parameter values `values` (base units).
    pub fn value(&self, values: &[f64]) -> f64 {
        match self {
            DiscountRate::Rate(r) => *r,
            DiscountRate::Parameter { slot, .. } => values.get(*slot).copied().unwrap_or(f64::NAN),
        }
    }
}

/// What a cash-flow row books.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CashKind {
    /// Staff freed (positive) or needed (negative) by one component in the year.
    Staff,
    /// An investment or running cost borne (negative euros).
    Invested,
    /// A direct saving (positive euros).
    Saved,
    /// What the agreement's settlement moves to (positive) or from (negative) the party in
    /// the year, in the agreement's unit.
    Transfer,
    /// The sum of a party's rows for one initiative and year.
    Net,
}

impl CashKind {
    /// `staff`, `invested`, `saved`, `transfer` or `net`.
    pub fn as_str(self) -> &'static str {
        match self {
            CashKind::Staff => "staff",
            CashKind::Invested => "invested",
            CashKind::Saved => "saved",
            CashKind::Transfer => "transfer",
            CashKind::Net => "net",
        }
    }
}

/// One row of the cash flows. Signs as in the ledger: what the party gains.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CashFlowRow {
    /// The party id, or `unassigned`.
    pub party: String,
    /// The initiative id; `None` for a transfer (it settles every covered initiative).
    pub initiative: Option<String>,
    /// The calendar year.
    pub year: i32,
    /// What the row books.
    pub kind: CashKind,
    /// The component's or money entry's label, the agreement id of a transfer.
    pub label: Option<String>,
    /// The sector of a staff row.
    pub sector: Option<String>,
    /// Persons of staff.
    pub persons: Option<f64>,
    /// FTE of staff, when the part-time factor is known.
    pub fte: Option<f64>,
    /// Euros.
    pub eur: Option<f64>,
    /// Net and transfer rows: the cumulative euros of this party and initiative (of the
    /// party's transfers) up to and including the year.
    pub cumulative: Option<f64>,
}

/// One party in one year, over every initiative (transfers included).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyYear {
    /// The party id.
    pub party: String,
    /// The year.
    pub year: i32,
    /// Net persons.
    pub persons: f64,
    /// Net FTE, where known.
    pub fte: Option<f64>,
    /// Net euros; `None` when the party has no euro entry.
    pub eur: Option<f64>,
    /// Cumulative net euros up to and including the year.
    pub cumulative: Option<f64>,
    /// The year's net euros discounted to the base year.
    pub discounted: Option<f64>,
}

/// Per party: payback year and net present value over the horizon.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartySummary {
    /// The party id.
    pub party: String,
    /// Net persons summed over the years (person-years).
    pub person_years: f64,
    /// Net euros summed over the years, undiscounted; `None` without euros.
    pub eur: Option<f64>,
    /// The first year from which the cumulative net euros stay >= 0; `None` when they end
    /// negative, or without euros.
    pub payback_year: Option<i32>,
    /// The net present value at the discount rate; `None` without a rate or euros.
    pub npv: Option<f64>,
}

/// The cash flows of a model over its horizon ([`Model::cash_flows`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CashFlows {
    /// The model's id.
    pub model: String,
    /// The party ids: declared parties, then `unassigned` when anything is.
    pub parties: Vec<String>,
    /// The initiative ids.
    pub initiatives: Vec<String>,
    /// The years of the horizon.
    pub years: Vec<i32>,
    /// The discount rate as a fraction, when declared.
    pub discount_rate: Option<f64>,
    /// Year 0 of the discounting.
    pub base_year: i32,
    /// The agreement settled, if any.
    pub agreement: Option<String>,
    /// Per year: staff rows, money rows and net rows per initiative, then transfers.
    pub rows: Vec<CashFlowRow>,
    /// Per party, per year.
    pub party_years: Vec<PartyYear>,
    /// Per party.
    pub summary: Vec<PartySummary>,
    /// The settlement, year by year, when an agreement is given.
    pub settlement: Option<Settlement>,
}

/// The payback year of yearly net flows `(year, net)` in year order: the first year from
/// which the cumulative sum is >= 0 in that and every later year (within rounding: 10^-9
/// of the largest flow); `None` when it ends negative (or there are no flows).
pub fn payback_year(flows: &[(i32, f64)]) -> Option<i32> {
    // Rounding (a yearly euro is stored per day) must not turn an exact 0 into a loss.
    let tolerance = 1e-9 * flows.iter().map(|f| f.1.abs()).fold(0.0, f64::max);
    let mut cumulative = 0.0;
    let mut since = None;
    for &(year, net) in flows {
        cumulative += net;
        if cumulative >= -tolerance {
            since.get_or_insert(year);
        } else {
            since = None;
        }
    }
    since
}

/// The net present value of `(year, net)` flows at `rate`, year `base` undiscounted:
/// Σ net × (1 + rate)^-(year - base).
pub fn npv(flows: &[(i32, f64)], rate: f64, base: i32) -> f64 {
    flows
        .iter()
        .map(|&(y, v)| v * discount_factor(rate, y, base))
        .sum()
}

/// Why a rate cannot discount, or `None` when it can: it must be a number above -100%.
pub(crate) fn bad_rate(r: f64) -> Option<String> {
    if r.is_nan() {
        Some("the discount rate is NaN".to_string())
    } else if r <= -1.0 {
        Some(format!(
            "a discount rate of {} is at or below -100%: (1 + r)^-t is undefined",
            crate::report::fmt_number(r * 100.0) + "%"
        ))
    } else if r.is_infinite() {
        Some("the discount rate is infinite".to_string())
    } else {
        None
    }
}

fn discount_factor(rate: f64, year: i32, base: i32) -> f64 {
    (1.0 + rate).powi(-(year - base))
}

impl Model {
    /// The year an investment of initiative `n` without a year of its own falls in: its
    /// ramp's start year, else the horizon's first year.
    pub fn investment_year(&self, n: usize) -> i32 {
        self.ramp_of(n)
            .map(|r| r.start)
            .filter(|&y| self.horizon().contains(y))
            .unwrap_or(self.horizon().start_year)
    }

    /// The ledger in every year of the horizon under `overrides`, settled by `agreement`
    /// year by year when given: see [`crate::ledger::cashflow`] for the conventions.
    ///
    /// Errors as [`Model::values_with`] does; with [`Error::Model`] for an unknown
    /// agreement; with [`Error::InvalidValue`] naming the parameter for a discount rate
    /// (overridden) at or below -100% or NaN, and for a component that is not finite in
    /// some year.
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("beweeghuis-artrose").unwrap();
    /// let flows = model.cash_flows(&Overrides::default(), None).unwrap();
    /// assert_eq!(flows.years.first(), Some(&2025));
    /// let insurer = flows.summary.iter().find(|s| s.party == "zorgverzekeraar").unwrap();
    /// assert!(insurer.npv.unwrap() > 0.0);
    /// ```
    pub fn cash_flows(
        &self,
        overrides: &Overrides,
        agreement: Option<&str>,
    ) -> Result<CashFlows, Error> {
        let agreement = match agreement {
            Some(id) => Some(self.agreement_or_error(id)?),
            None => None,
        };
        let target_values = self.values_with(overrides)?;
        let horizon = self.horizon();
        let spec = &self.ledger;
        let discount_rate = match &spec.discount_rate {
            None => None,
            Some(d) => {
                let r = d.value(&target_values);
                if let Some(why) = bad_rate(r) {
                    let parameter = match d {
                        DiscountRate::Parameter { name, .. } => name.clone(),
                        DiscountRate::Rate(_) => "discount_rate".to_string(),
                    };
                    return Err(Error::InvalidValue {
                        loc: Location::parameter(&self.origin, &parameter),
                        message: format!("[ledger] discount_rate: {why}"),
                    });
                }
                Some(r)
            }
        };
        let base_year = spec.base_year.unwrap_or(horizon.start_year);
        let year_values: Vec<Vec<f64>> = (horizon.years())
            .map(|y| self.values_in_year(y, &target_values))
            .collect();
        let labels: Vec<Vec<Option<String>>> = (0..self.initiatives.len())
            .map(|n| component_labels(self, n))
            .collect();
        let mut any_unassigned = false;
        let mut rows: Vec<CashFlowRow> = Vec::new();
        for (iy, y) in horizon.years().enumerate() {
            let v = &year_values[iy];
            for (n, ini) in self.initiatives.iter().enumerate() {
                let start = rows.len();
                let (cs, share, owner): (&[Component], Option<f64>, &str) = match &ini.body {
                    Body::Components(cs) => (cs, None, &ini.id),
                    Body::Shared { case, share } => {
                        let case = &self.shared[*case];
                        (&case.components, Some(*share), &case.id)
                    }
                };
                for (k, c) in cs.iter().enumerate() {
                    let sign = c.sign.factor();
                    let mut stock = 0.0;
                    for (t, w) in self.year_weights_in(&target_values, n, k, y) {
                        let values = &year_values[(t - horizon.start_year) as usize];
                        stock += w * (sign * c.node.eval(values));
                    }
                    let persons = share.map_or(stock, |s| stock * s);
                    if !persons.is_finite() {
                        return Err(Error::InvalidValue {
                            loc: Location {
                                initiative: Some(owner.to_string()),
                                component: Some(format!("#{}", k + 1)),
                                ..Location::file(&self.origin)
                            },
                            message: format!("evaluates to {persons} in {y} (a division by zero?)"),
                        });
                    }
                    let (party, fte, eur) = spec.staff_entry(n, k, persons, v);
                    rows.push(CashFlowRow {
                        party: party.to_string(),
                        initiative: Some(ini.id.clone()),
                        year: y,
                        kind: CashKind::Staff,
                        label: labels[n].get(k).cloned().flatten(),
                        sector: Some(c.sector.id().to_string()),
                        persons: Some(persons),
                        fte,
                        eur,
                        cumulative: None,
                    });
                }
                let ramp = self.ramp_of(n).map_or(1.0, |r| r.at(y));
                for m in spec.money.get(n).into_iter().flatten() {
                    let euros = match m.kind {
                        MoneyKind::Investment => {
                            if m.year.unwrap_or_else(|| self.investment_year(n)) != y {
                                continue;
                            }
                            m.euros(v)
                        }
                        MoneyKind::Running | MoneyKind::Saving => m.euros(v) * ramp,
                    };
                    let (kind, eur) = match m.kind {
                        MoneyKind::Saving => (CashKind::Saved, euros),
                        MoneyKind::Investment | MoneyKind::Running => (CashKind::Invested, -euros),
                    };
                    rows.push(CashFlowRow {
                        party: spec.party_id(Some(m.party)).to_string(),
                        initiative: Some(ini.id.clone()),
                        year: y,
                        kind,
                        label: m
                            .label
                            .clone()
                            .or_else(|| Some(m.kind.as_str().to_string())),
                        sector: None,
                        persons: None,
                        fte: None,
                        eur: Some(eur),
                        cumulative: None,
                    });
                }
                let mut nets: Vec<CashFlowRow> = Vec::new();
                for r in &rows[start..] {
                    any_unassigned |= r.party == UNASSIGNED;
                    match nets.iter_mut().find(|x| x.party == r.party) {
                        Some(x) => {
                            x.persons = add(x.persons, r.persons);
                            x.fte = add(x.fte, r.fte);
                            x.eur = add(x.eur, r.eur);
                        }
                        None => nets.push(CashFlowRow {
                            kind: CashKind::Net,
                            label: None,
                            sector: None,
                            persons: r.persons.or(Some(0.0)),
                            ..r.clone()
                        }),
                    }
                }
                rows.extend(nets);
            }
        }
        let mut parties: Vec<String> = spec.parties.iter().map(|p| p.id.clone()).collect();
        if any_unassigned {
            parties.push(UNASSIGNED.to_string());
        }
        let settlement = agreement.map(|a| {
            let ledger = Ledger {
                model: self.id.clone(),
                parties: parties.clone(),
                initiatives: self.initiatives.iter().map(|i| i.id.clone()).collect(),
                rows: rows
                    .iter()
                    .filter(|r| r.kind != CashKind::Net)
                    .map(as_ledger_row)
                    .collect(),
            };
            self.settle_with(a, &ledger, &target_values)
        });
        if let (Some(s), Some(a)) = (&settlement, agreement) {
            for ys in &s.years {
                let Some(year) = ys.year else { continue };
                for p in &ys.parties {
                    let x = Some(p.transfer);
                    let (persons, fte, eur) = match a.unit {
                        SettleUnit::Eur => (None, None, x),
                        SettleUnit::Fte => (None, x, None),
                        SettleUnit::Person => (x, None, None),
                    };
                    rows.push(CashFlowRow {
                        party: p.party.clone(),
                        initiative: None,
                        year,
                        kind: CashKind::Transfer,
                        label: Some(a.id.clone()),
                        sector: None,
                        persons,
                        fte,
                        eur,
                        cumulative: None,
                    });
                }
            }
            rows.sort_by_key(|r| r.year);
        }
        cumulate(&mut rows);
        let years: Vec<i32> = horizon.years().collect();
        let party_years = party_years(&parties, &years, &rows, discount_rate, base_year);
        let summary = summarise(&parties, &party_years, discount_rate, base_year);
        Ok(CashFlows {
            model: self.id.clone(),
            parties,
            initiatives: self.initiatives.iter().map(|i| i.id.clone()).collect(),
            years,
            discount_rate,
            base_year,
            agreement: agreement.map(|a| a.id.clone()),
            rows,
            party_years,
            summary,
            settlement,
        })
    }
}

fn as_ledger_row(r: &CashFlowRow) -> LedgerRow {
    LedgerRow {
        party: r.party.clone(),
        initiative: r.initiative.clone().unwrap_or_default(),
        year: Some(r.year),
        kind: match r.kind {
            CashKind::Staff => EntryKind::Staff,
            CashKind::Invested => EntryKind::Invested,
            CashKind::Saved => EntryKind::Saved,
            CashKind::Transfer | CashKind::Net => EntryKind::Net,
        },
        label: r.label.clone(),
        sector: r.sector.clone(),
        persons: r.persons,
        fte: r.fte,
        eur: r.eur,
    }
}

/// The cumulative euros of net rows per (party, initiative) and of transfer rows per party,
/// in year order (the rows are sorted by year).
fn cumulate(rows: &mut [CashFlowRow]) {
    let mut sums: Vec<(String, Option<String>, CashKind, f64)> = Vec::new();
    for r in rows.iter_mut() {
        if !matches!(r.kind, CashKind::Net | CashKind::Transfer) {
            continue;
        }
        let Some(eur) = r.eur else { continue };
        let key = |s: &(String, Option<String>, CashKind, f64)| {
            s.0 == r.party && s.1 == r.initiative && s.2 == r.kind
        };
        let total = match sums.iter_mut().find(|s| key(s)) {
            Some(s) => {
                s.3 += eur;
                s.3
            }
            None => {
                sums.push((r.party.clone(), r.initiative.clone(), r.kind, eur));
                eur
            }
        };
        r.cumulative = Some(total);
    }
}

fn party_years(
    parties: &[String],
    years: &[i32],
    rows: &[CashFlowRow],
    rate: Option<f64>,
    base: i32,
) -> Vec<PartyYear> {
    let mut out = Vec::with_capacity(parties.len() * years.len());
    for p in parties {
        let has_eur = (rows.iter()).any(|r| r.party == *p && r.eur.is_some());
        let mut cumulative: Option<f64> = None;
        for &y in years {
            let (mut persons, mut fte) = (0.0, None);
            let mut eur = has_eur.then_some(0.0);
            for r in rows {
                if r.party != *p || r.year != y || r.kind == CashKind::Net {
                    continue;
                }
                persons += r.persons.unwrap_or(0.0);
                fte = add(fte, r.fte);
                eur = add(eur, r.eur);
            }
            cumulative = add(cumulative, eur);
            out.push(PartyYear {
                party: p.clone(),
                year: y,
                persons,
                fte,
                eur,
                cumulative,
                discounted: rate.zip(eur).map(|(r, e)| e * discount_factor(r, y, base)),
            });
        }
    }
    out
}

fn summarise(
    parties: &[String],
    party_years: &[PartyYear],
    rate: Option<f64>,
    base: i32,
) -> Vec<PartySummary> {
    parties
        .iter()
        .map(|p| {
            let mine: Vec<&PartyYear> = party_years.iter().filter(|x| x.party == *p).collect();
            let has_eur = mine.iter().any(|x| x.eur.is_some());
            let flows: Vec<(i32, f64)> = mine
                .iter()
                .map(|x| (x.year, x.eur.unwrap_or(0.0)))
                .collect();
            PartySummary {
                party: p.clone(),
                person_years: mine.iter().map(|x| x.persons).sum(),
                eur: has_eur.then(|| flows.iter().map(|f| f.1).sum()),
                payback_year: if has_eur { payback_year(&flows) } else { None },
                npv: rate.filter(|_| has_eur).map(|r| npv(&flows, r, base)),
            }
        })
        .collect()
}
