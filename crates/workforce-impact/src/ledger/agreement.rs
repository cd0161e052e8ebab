//! Shared-savings agreements: the rules as a contract writes them, and the settlement as a
//! pure function of each party's invested and gained amounts.
//!
//! The settlement of one year, step by step:
//!
//! 1. Each party's own flows on the initiatives the agreement covers are netted first
//!    (a tariff it earns against the staff it spends): a party whose net is negative is
//!    an investor for that amount, one whose net is positive a saver. The savings `S` are
//!    the savers' nets; a tariff paid from one party to another inside the agreement is
//!    thus never counted as a saving.
//! 2. Truncation: at most `truncate_at` of them count (`P = min(S, truncate_at)`); the
//!    rest stays with the parties where it fell, in proportion to their gains.
//! 3. No payout at all (every transfer 0) when there are no savings, when the quality
//!    gate fails, or when `P` is below the minimum savings rate × the baseline.
//! 4. With `investors_first`, the investors recover what they put in from `P` (all of it,
//!    or in proportion when `P` is smaller).
//! 5. The remainder is shared by the verdeelsleutel; a party's share is capped at its
//!    cap, and what a cap holds back goes to the uncapped parties by their keys (and, when
//!    every party is capped, stays where it fell).
//! 6. Each party's transfer is what it is entitled to minus what it gained; the transfers
//!    sum to zero and each party's net after settlement is its net before plus its
//!    transfer.

use crate::model::file::ledger::SettleUnit;
use crate::units::DAYS_PER_YEAR;

/// An amount of an agreement: a number, or a parameter's value (base units converted to
/// the agreement's unit per year).
#[derive(Clone, Debug, PartialEq)]
pub enum Amount {
    /// A number in the agreement's unit.
    Number(f64),
    /// A parameter slot; `per_year` when its unit is a flow (`EUR/yr`), whose base value
    /// (per day) is turned into one year's.
    Parameter {
        /// The slot.
        slot: usize,
        /// True for a yearly flow.
        per_year: bool,
    },
}

impl Amount {
    /// The amount with parameter values `values` (base units).
    pub fn value(&self, values: &[f64]) -> f64 {
        match self {
            Amount::Number(v) => *v,
            Amount::Parameter { slot, per_year } => {
                let v = values[*slot];
                if *per_year {
                    v * DAYS_PER_YEAR
                } else {
                    v
                }
            }
        }
    }
}

/// Where savings are truncated.
#[derive(Clone, Debug, PartialEq)]
pub enum Truncate {
    /// At an amount in the agreement's unit.
    At(Amount),
    /// At this share of the baseline.
    ShareOfBaseline(f64),
}

/// A quality gate: no payout unless the parameter lies within the bounds (in its own
/// unit).
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// The parameter's qualified name.
    pub parameter: String,
    /// The parameter's slot.
    pub slot: usize,
    /// The parameter's unit, which the bounds are in.
    pub unit: crate::units::Unit,
    /// The gate holds at or above this.
    pub at_least: Option<f64>,
    /// The gate holds at or below this.
    pub at_most: Option<f64>,
}

impl Gate {
    /// Whether the gate holds for `value` (the parameter in its own unit).
    pub fn holds(&self, value: f64) -> bool {
        self.at_least.is_none_or(|lo| value >= lo) && self.at_most.is_none_or(|hi| value <= hi)
    }
}

/// A shared-savings agreement, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// The id.
    pub id: String,
    /// A display name (the id when the file gives none).
    pub name: String,
    /// The parties in it (indices into the ledger's parties), in file order.
    pub parties: Vec<usize>,
    /// The initiatives it covers (indices); `None` is every initiative.
    pub initiatives: Option<Vec<usize>>,
    /// What it settles in.
    pub unit: SettleUnit,
    /// The benchmark per year.
    pub baseline: Option<Amount>,
    /// The minimum savings rate, a fraction of the baseline.
    pub min_savings_rate: Option<f64>,
    /// The investors recover their investment first.
    pub investors_first: bool,
    /// The verdeelsleutel, aligned with `parties` (0 for a party without a key); sums to 1.
    pub shares: Vec<f64>,
    /// Caps per party, aligned with `parties`.
    pub caps: Vec<Option<Amount>>,
    /// The quality gate.
    pub gate: Option<Gate>,
    /// Truncation of extreme savings.
    pub truncate: Option<Truncate>,
    /// Free text.
    pub note: Option<String>,
}

impl Agreement {
    /// The rules with parameter values `values` (base units) filled in.
    pub fn rules(&self, values: &[f64]) -> Rules {
        let baseline = self.baseline.as_ref().map(|b| b.value(values));
        Rules {
            baseline,
            min_savings_rate: self.min_savings_rate,
            investors_first: self.investors_first,
            shares: self.shares.clone(),
            caps: self
                .caps
                .iter()
                .map(|c| c.as_ref().map(|a| a.value(values)))
                .collect(),
            gate_passed: self
                .gate
                .as_ref()
                .is_none_or(|g| g.holds(g.unit.from_base(values[g.slot]))),
            truncate_at: match &self.truncate {
                None => None,
                Some(Truncate::At(a)) => Some(a.value(values)),
                Some(Truncate::ShareOfBaseline(f)) => baseline.map(|b| b * f),
            },
        }
    }
}

/// The rules of one settlement with every amount known, aligned with the balances. The
/// default shares nothing by no key, with the gate holding and no other rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// The benchmark the minimum savings rate is a share of.
    pub baseline: Option<f64>,
    /// Savings below this fraction of the baseline are not shared.
    pub min_savings_rate: Option<f64>,
    /// The investors recover their investment first.
    pub investors_first: bool,
    /// The verdeelsleutel per party (sums to 1).
    pub shares: Vec<f64>,
    /// The most each party may receive from the sharing.
    pub caps: Vec<Option<f64>>,
    /// Whether the quality gate holds (true without a gate).
    pub gate_passed: bool,
    /// At most this much of the savings counts.
    pub truncate_at: Option<f64>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            baseline: None,
            min_savings_rate: None,
            investors_first: false,
            shares: Vec::new(),
            caps: Vec::new(),
            gate_passed: true,
            truncate_at: None,
        }
    }
}

/// What one party put in and got out, in the settlement's unit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Balance {
    /// Invested: investments, running costs, extra staff needed (a positive amount).
    pub invested: f64,
    /// Gained: savings and staff freed.
    pub gained: f64,
}

/// The outcome of [`settle`], aligned with the balances.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The savings: the savers' nets (`S`).
    pub savings: f64,
    /// The savings that count after truncation (`P`).
    pub counted: f64,
    /// Whether anything is paid out.
    pub paid: bool,
    /// Why nothing is paid out, when nothing is.
    pub reason: Option<String>,
    /// What each investor recovers first.
    pub recovered: Vec<f64>,
    /// Each party's share of the remainder (after caps).
    pub shared: Vec<f64>,
    /// What each party receives (positive) or pays (negative); sums to zero.
    /// [`Outcome::net_after`] adds them to each party's net.
    pub transfers: Vec<f64>,
}

impl Outcome {
    /// Each party's net after settlement: gained − invested + transfer.
    pub fn net_after(&self, balances: &[Balance]) -> Vec<f64> {
        balances
            .iter()
            .zip(&self.transfers)
            .map(|(b, t)| b.gained - b.invested + t)
            .collect()
    }
}

/// Settles one year: see the module documentation for the steps. Pure: the same rules
/// and balances always give the same outcome, and the transfers sum to zero (up to
/// rounding).
pub fn settle(rules: &Rules, gross: &[Balance]) -> Outcome {
    let n = gross.len();
    // Each party's own flows netted: an investor or a saver, never both.
    let balances: Vec<Balance> = gross
        .iter()
        .map(|b| {
            let net = b.gained - b.invested;
            Balance {
                invested: (-net).max(0.0),
                gained: net.max(0.0),
            }
        })
        .collect();
    let balances = &balances[..];
    let savings: f64 = balances.iter().map(|b| b.gained).sum();
    let counted = rules
        .truncate_at
        .map_or(savings, |t| savings.min(t.max(0.0)));
    let mut out = Outcome {
        savings,
        counted,
        paid: false,
        reason: None,
        recovered: vec![0.0; n],
        shared: vec![0.0; n],
        transfers: vec![0.0; n],
    };
    let threshold = match (rules.min_savings_rate, rules.baseline) {
        (Some(r), Some(b)) => Some(r * b),
        _ => None,
    };
    out.reason = if !(savings > 0.0 && counted > 0.0) {
        Some("no savings to share".into())
    } else if !rules.gate_passed {
        Some("the quality gate does not hold".into())
    } else if threshold.is_some_and(|t| counted < t) {
        Some("the savings stay below the minimum savings rate".into())
    } else {
        None
    };
    if out.reason.is_some() {
        return out;
    }
    out.paid = true;
    // Positive gains: where what is not shared stays.
    let gains: Vec<f64> = balances.iter().map(|b| b.gained.max(0.0)).collect();
    let gain_sum: f64 = gains.iter().sum();
    let mut kept = savings - counted;

    let mut remainder = counted;
    if rules.investors_first {
        let invested: Vec<f64> = balances.iter().map(|b| b.invested.max(0.0)).collect();
        let total: f64 = invested.iter().sum();
        if total > 0.0 {
            let recovered = total.min(counted);
            for (r, i) in out.recovered.iter_mut().zip(&invested) {
                *r = recovered * i / total;
            }
            remainder = counted - recovered;
        }
    }

    // The remainder by the verdeelsleutel, capped: water-filling over the uncapped.
    let share = |p: usize| rules.shares.get(p).copied().unwrap_or(0.0).max(0.0);
    let cap = |p: usize| rules.caps.get(p).copied().flatten();
    let mut open: Vec<usize> = (0..n).filter(|&p| share(p) > 0.0).collect();
    let mut left = remainder;
    for _ in 0..=n {
        let keys: f64 = open.iter().map(|&p| share(p)).sum();
        if open.is_empty() || keys <= 0.0 || left <= 0.0 {
            break;
        }
        let mut capped = Vec::new();
        for &p in &open {
            let room = cap(p).map_or(f64::INFINITY, |c| (c - out.shared[p]).max(0.0));
            let give = left * share(p) / keys;
            if give >= room {
                capped.push((p, room));
            }
        }
        if capped.is_empty() {
            for &p in &open {
                out.shared[p] += left * share(p) / keys;
            }
            left = 0.0;
            break;
        }
        for (p, room) in capped {
            out.shared[p] += room;
            left -= room;
            open.retain(|&q| q != p);
        }
    }
    kept += left.max(0.0);

    for p in 0..n {
        let keep = if gain_sum > 0.0 {
            kept * gains[p] / gain_sum
        } else {
            0.0
        };
        let entitled = out.recovered[p] + out.shared[p] + keep;
        out.transfers[p] = entitled - balances[p].gained;
    }
    out
}

/// One party's settlement in one year.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PartySettlement {
    /// The party id.
    pub party: String,
    /// Invested (a positive amount).
    pub invested: f64,
    /// Gained.
    pub gained: f64,
    /// Gained − invested.
    pub net_before: f64,
    /// Recovered first (investors).
    pub recovered: f64,
    /// Its share of the remainder.
    pub shared: f64,
    /// Received (positive) or paid (negative).
    pub transfer: f64,
    /// Net before + transfer.
    pub net_after: f64,
}

/// A transfer from one party to another.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Transfer {
    /// The paying party.
    pub from: String,
    /// The receiving party.
    pub to: String,
    /// The year.
    pub year: Option<i32>,
    /// The amount, in the settlement's unit.
    pub amount: f64,
}

/// One year of a settlement.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct YearSettlement {
    /// The year (`None` for a model without a target year).
    pub year: Option<i32>,
    /// The savings of all the agreement's parties.
    pub savings: f64,
    /// The savings counted after truncation.
    pub counted: f64,
    /// Whether anything was paid out.
    pub paid: bool,
    /// Why nothing was paid out.
    pub reason: Option<String>,
    /// Per party, in the agreement's order.
    pub parties: Vec<PartySettlement>,
    /// The transfers between parties (payers pay receivers in proportion).
    pub transfers: Vec<Transfer>,
}

/// The settlement of an agreement, year by year.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Settlement {
    /// The agreement's id.
    pub agreement: String,
    /// The agreement's name.
    pub name: String,
    /// `EUR`, `FTE` or `person`.
    pub unit: &'static str,
    /// The years settled, in order.
    pub years: Vec<YearSettlement>,
}

impl Settlement {
    /// Each party's net after settlement summed over the years, in the agreement's order.
    pub fn net_after(&self) -> Vec<(String, f64)> {
        let mut out: Vec<(String, f64)> = Vec::new();
        for y in &self.years {
            for p in &y.parties {
                match out.iter_mut().find(|x| x.0 == p.party) {
                    Some(x) => x.1 += p.net_after,
                    None => out.push((p.party.clone(), p.net_after)),
                }
            }
        }
        out
    }
}

/// Pairwise transfers: each payer pays each receiver in proportion to what it receives.
pub(super) fn pairwise(parties: &[String], transfers: &[f64], year: Option<i32>) -> Vec<Transfer> {
    let received: f64 = transfers.iter().filter(|t| **t > 0.0).sum();
    let mut out = Vec::new();
    if received <= 0.0 {
        return out;
    }
    for (p, &tp) in transfers.iter().enumerate() {
        if tp >= 0.0 {
            continue;
        }
        for (r, &tr) in transfers.iter().enumerate() {
            if tr > 0.0 {
                out.push(Transfer {
                    from: parties[p].clone(),
                    to: parties[r].clone(),
                    year,
                    amount: -tp * tr / received,
                });
            }
        }
    }
    out
}
