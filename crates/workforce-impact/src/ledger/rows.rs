//! The ledger of one evaluation: who puts in what and who gets what back, row by row,
//! and the parties × initiatives matrix.

use serde::Serialize;

use super::parties::{LedgerSpec, UNASSIGNED};
use super::{agreement, Agreement, Balance, PartySettlement, Settlement, YearSettlement};
use crate::engine::Evaluation;
use crate::error::{Error, Location};
use crate::model::file::ledger::{MoneyKind, SettleUnit, StaffTo};
use crate::model::Model;
use crate::units::DAYS_PER_YEAR;

/// What a ledger row books.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Staff freed (positive) or needed (negative) by one component.
    Staff,
    /// An investment or running cost borne (negative euros).
    Invested,
    /// A direct saving (positive euros).
    Saved,
    /// The sum of a party's rows for one initiative and year.
    Net,
}

impl EntryKind {
    /// `staff`, `invested`, `saved` or `net`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Staff => "staff",
            EntryKind::Invested => "invested",
            EntryKind::Saved => "saved",
            EntryKind::Net => "net",
        }
    }
}

/// One row of the ledger. Every figure is what the party gains: staff freed and savings
/// count positive, investments, running costs and extra staff needed negative.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LedgerRow {
    /// The party id, or `unassigned`.
    pub party: String,
    /// The initiative id.
    pub initiative: String,
    /// The year (the model's target year, or an investment's own).
    pub year: Option<i32>,
    /// What the row books.
    pub kind: EntryKind,
    /// The component's or money entry's label; the sector of a staff row without one.
    pub label: Option<String>,
    /// The sector of a staff row.
    pub sector: Option<String>,
    /// Persons of staff (staff and net rows).
    pub persons: Option<f64>,
    /// FTE of staff, when the part-time factor is known.
    pub fte: Option<f64>,
    /// Euros: money entries, and staff at the sector's cost rate when the model declares
    /// one.
    pub eur: Option<f64>,
}

/// The ledger of an evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ledger {
    /// The model's id.
    pub model: String,
    /// The party ids in order: declared parties, then `unassigned` when anything is.
    pub parties: Vec<String>,
    /// The initiative ids, in model order.
    pub initiatives: Vec<String>,
    /// The rows: per initiative, staff rows, then money rows, then one net row per party
    /// and year.
    pub rows: Vec<LedgerRow>,
}

/// The "who invests, who benefits" table: net persons and euros per party × initiative.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Matrix {
    /// Row labels: party ids.
    pub parties: Vec<String>,
    /// Column labels: initiative ids.
    pub initiatives: Vec<String>,
    /// Net persons, `[party][initiative]`.
    pub persons: Vec<Vec<f64>>,
    /// Net euros, `[party][initiative]`; `None` where the party has no euro entry there.
    pub eur: Vec<Vec<Option<f64>>>,
}

/// The sum of two optional figures: `None` only when both are.
pub(super) fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (None, None) => None,
        (x, y) => Some(x.unwrap_or(0.0) + y.unwrap_or(0.0)),
    }
}

impl LedgerSpec {
    /// `persons` of staff of component `k` of initiative `n` with parameter values `v`:
    /// the party it is booked to (provider or financier, `[ledger] staff_to`), its FTE at
    /// the sector's part-time factor and its euros at the sector's cost rate, when known.
    pub(super) fn staff_entry(
        &self,
        n: usize,
        k: usize,
        persons: f64,
        v: &[f64],
    ) -> (&str, Option<f64>, Option<f64>) {
        let booking = self.bookings.get(n).and_then(|b| b.get(k));
        let sb = booking.and_then(|b| self.sectors.get(b.sector));
        let party = booking.and_then(|b| match self.staff_to {
            StaffTo::Provider => b.provider,
            StaffTo::Financier => b.financier,
        });
        let fte = sb
            .and_then(|s| s.part_time_factor)
            .map(|slot| persons * v[slot]);
        let eur = match (sb.and_then(|s| s.cost_rate), fte) {
            (Some(rate), Some(fte)) => {
                let per_day = if rate.per_hour {
                    self.annual_hours.map(|h| fte * v[h] * v[rate.slot])
                } else {
                    Some(fte * v[rate.slot])
                };
                per_day.map(|x| x * DAYS_PER_YEAR)
            }
            _ => None,
        };
        (self.party_id(party), fte, eur)
    }
}

impl Ledger {
    /// The net rows only.
    pub fn net_rows(&self) -> impl Iterator<Item = &LedgerRow> {
        self.rows.iter().filter(|r| r.kind == EntryKind::Net)
    }

    /// The parties × initiatives matrix of the net rows.
    pub fn matrix(&self) -> Matrix {
        let (np, ni) = (self.parties.len(), self.initiatives.len());
        let mut persons = vec![vec![0.0; ni]; np];
        let mut eur = vec![vec![None; ni]; np];
        for r in self.net_rows() {
            let (Some(p), Some(i)) = (
                self.parties.iter().position(|x| *x == r.party),
                self.initiatives.iter().position(|x| *x == r.initiative),
            ) else {
                continue;
            };
            persons[p][i] += r.persons.unwrap_or(0.0);
            eur[p][i] = add(eur[p][i], r.eur);
        }
        Matrix {
            parties: self.parties.clone(),
            initiatives: self.initiatives.clone(),
            persons,
            eur,
        }
    }

    /// Persons per party over every initiative, in [`Ledger::parties`] order.
    pub fn persons_by_party(&self) -> Vec<(String, f64)> {
        let m = self.matrix();
        (m.parties.iter().zip(&m.persons))
            .map(|(p, row)| (p.clone(), row.iter().sum()))
            .collect()
    }
}

impl Model {
    /// The ledger of `eval` (an evaluation of this model): a staff row per component,
    /// booked to its provider (or financier, with `[ledger] staff_to = "financier"`), a
    /// row per money entry, and per party, initiative and year a net row.
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let eval = model.evaluate(&Overrides::default()).unwrap();
    /// let ledger = model.ledger(&eval);
    /// let persons = ledger.persons_by_party();
    /// let total: f64 = persons.iter().map(|p| p.1).sum();
    /// let unassigned = persons.iter().find(|p| p.0 == "unassigned").unwrap().1;
    /// assert!((total - eval.total()).abs() < 1e-9);
    /// assert_eq!((unassigned / total * 100.0).round(), 67.0); // the national dementia figure
    /// ```
    pub fn ledger(&self, eval: &Evaluation) -> Ledger {
        let spec = &self.ledger;
        let v = &eval.values;
        let year = self.target_year;
        let mut rows = Vec::new();
        let mut any_unassigned = false;
        for (n, ini) in self.initiatives.iter().enumerate() {
            let start = rows.len();
            let labels = component_labels(self, n);
            for (k, &(sector, persons)) in eval.components[n].iter().enumerate() {
                let (party, fte, eur) = spec.staff_entry(n, k, persons, v);
                rows.push(LedgerRow {
                    party: party.to_string(),
                    initiative: ini.id.clone(),
                    year,
                    kind: EntryKind::Staff,
                    label: labels.get(k).cloned().flatten(),
                    sector: Some(sector.id().to_string()),
                    persons: Some(persons),
                    fte,
                    eur,
                });
            }
            for m in spec.money.get(n).into_iter().flatten() {
                let euros = m.euros(v);
                let (kind, eur) = match m.kind {
                    MoneyKind::Saving => (EntryKind::Saved, euros),
                    MoneyKind::Investment | MoneyKind::Running => (EntryKind::Invested, -euros),
                };
                rows.push(LedgerRow {
                    party: spec.party_id(Some(m.party)).to_string(),
                    initiative: ini.id.clone(),
                    year: m.year.or(year),
                    kind,
                    label: m
                        .label
                        .clone()
                        .or_else(|| Some(m.kind.as_str().to_string())),
                    sector: None,
                    persons: None,
                    fte: None,
                    eur: Some(eur),
                });
            }
            // One net row per (party, year), in the order the parties appear.
            let mut nets: Vec<LedgerRow> = Vec::new();
            for r in &rows[start..] {
                any_unassigned |= r.party == UNASSIGNED;
                match nets
                    .iter_mut()
                    .find(|x| x.party == r.party && x.year == r.year)
                {
                    Some(x) => {
                        x.persons = add(x.persons, r.persons);
                        x.fte = add(x.fte, r.fte);
                        x.eur = add(x.eur, r.eur);
                    }
                    None => nets.push(LedgerRow {
                        kind: EntryKind::Net,
                        label: None,
                        sector: None,
                        persons: r.persons.or(Some(0.0)),
                        ..r.clone()
                    }),
                }
            }
            rows.extend(nets);
        }
        let mut parties: Vec<String> = spec.parties.iter().map(|p| p.id.clone()).collect();
        if any_unassigned {
            parties.push(UNASSIGNED.to_string());
        }
        Ledger {
            model: self.id.clone(),
            parties,
            initiatives: self.initiatives.iter().map(|i| i.id.clone()).collect(),
            rows,
        }
    }

    /// Settles agreement `id` on the ledger of `eval`, year by year: see
    /// [`crate::ledger::settle`]. Errors with [`Error::Model`] naming the agreement ids
    /// when there is no such agreement.
    pub fn settlement(&self, eval: &Evaluation, id: &str) -> Result<Settlement, Error> {
        let agreement = self.agreement_or_error(id)?;
        Ok(self.settle_with(agreement, &self.ledger(eval), &eval.values))
    }

    /// Agreement `id`, or an [`Error::Model`] naming the agreements there are.
    pub(crate) fn agreement_or_error(&self, id: &str) -> Result<&Agreement, Error> {
        self.ledger.agreement(id).ok_or_else(|| {
            let ids: Vec<&str> = self
                .ledger
                .agreements
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            let hint = crate::suggest::did_you_mean(id, ids.iter().copied())
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            Error::Model {
                loc: Location::file(&self.origin),
                message: if ids.is_empty() {
                    format!("no agreement '{id}': the model declares no [[agreements]]")
                } else {
                    format!(
                        "no agreement '{id}'{hint}; agreements are {}",
                        ids.join(", ")
                    )
                },
            }
        })
    }

    /// Settles `agreement` on `ledger` with parameter values `values` (base units).
    pub fn settle_with(
        &self,
        agreement: &Agreement,
        ledger: &Ledger,
        values: &[f64],
    ) -> Settlement {
        let rules = agreement.rules(values);
        let ids: Vec<String> = agreement
            .parties
            .iter()
            .map(|&p| self.ledger.parties[p].id.clone())
            .collect();
        let mut years: Vec<Option<i32>> = Vec::new();
        let covered = |r: &LedgerRow| {
            agreement
                .initiatives
                .as_ref()
                .is_none_or(|list| list.iter().any(|&i| self.initiatives[i].id == r.initiative))
        };
        for r in ledger.rows.iter().filter(|r| r.kind != EntryKind::Net) {
            if covered(r) && ids.contains(&r.party) && !years.contains(&r.year) {
                years.push(r.year);
            }
        }
        years.sort();
        if years.is_empty() {
            years.push(self.target_year);
        }
        let years = years
            .into_iter()
            .map(|year| {
                let mut balances = vec![Balance::default(); ids.len()];
                for r in ledger.rows.iter().filter(|r| r.kind != EntryKind::Net) {
                    let Some(p) = ids.iter().position(|x| *x == r.party) else {
                        continue;
                    };
                    if r.year != year || !covered(r) {
                        continue;
                    }
                    let amount = match (agreement.unit, r.kind) {
                        (SettleUnit::Eur, _) => r.eur,
                        (SettleUnit::Fte, EntryKind::Staff) => r.fte,
                        (SettleUnit::Person, EntryKind::Staff) => r.persons,
                        _ => None,
                    };
                    let Some(x) = amount else { continue };
                    match r.kind {
                        EntryKind::Invested => balances[p].invested -= x,
                        EntryKind::Saved => balances[p].gained += x,
                        _ if x < 0.0 => balances[p].invested -= x,
                        _ => balances[p].gained += x,
                    }
                }
                let out = agreement::settle(&rules, &balances);
                let parties = (ids.iter().enumerate())
                    .map(|(p, id)| {
                        let b = balances[p];
                        PartySettlement {
                            party: id.clone(),
                            invested: b.invested,
                            gained: b.gained,
                            net_before: b.gained - b.invested,
                            recovered: out.recovered[p],
                            shared: out.shared[p],
                            transfer: out.transfers[p],
                            net_after: b.gained - b.invested + out.transfers[p],
                        }
                    })
                    .collect();
                YearSettlement {
                    year,
                    savings: out.savings,
                    counted: out.counted,
                    paid: out.paid,
                    reason: out.reason.clone(),
                    transfers: agreement::pairwise(&ids, &out.transfers, year),
                    parties,
                }
            })
            .collect();
        Settlement {
            agreement: agreement.id.clone(),
            name: agreement.name.clone(),
            unit: agreement.unit.as_str(),
            years,
        }
    }
}

impl Evaluation {
    /// The ledger of this evaluation of `model`: the same as [`Model::ledger`].
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("beweeghuis-artrose").unwrap();
    /// let eval = model.evaluate(&Overrides::new().set("beweegprogramma.adherence", 0.5)).unwrap();
    /// let s = eval.settlement(&model, "beweeghuis-gedeelde-besparing").unwrap();
    /// // below the quality gate of 60%: nothing is paid
    /// assert!(!s.years[0].paid);
    /// assert_eq!(eval.ledger(&model).parties.len(), 6);
    /// ```
    pub fn ledger(&self, model: &Model) -> Ledger {
        model.ledger(self)
    }

    /// The settlement of agreement `id` on this evaluation of `model`: the same as
    /// [`Model::settlement`].
    pub fn settlement(&self, model: &Model, id: &str) -> Result<Settlement, Error> {
        model.settlement(self, id)
    }
}

/// The labels of initiative `n`'s components, as in its evaluation's component list.
pub(crate) fn component_labels(model: &Model, n: usize) -> Vec<Option<String>> {
    use crate::model::Body;
    match &model.initiatives[n].body {
        Body::Components(cs) => cs.iter().map(|c| c.label.clone()).collect(),
        Body::Shared { case, .. } => model.shared[*case]
            .components
            .iter()
            .map(|c| c.label.clone())
            .collect(),
    }
}
