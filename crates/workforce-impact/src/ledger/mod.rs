//! Who invests, who benefits: parties, money, the ledger and shared-savings agreements.
//!
//! A model may declare `[[parties]]` (zorgverzekeraar, gemeente, ziekenhuis, ...). Each
//! sector maps to a provider and a financier party ([`DEFAULTS_BY_LAW`] unless the model
//! says otherwise in `[ledger.sectors]`); a component may name its own. What no party can
//! be assigned to (the catch-all `zorg-en-welzijn`) stays visibly [`UNASSIGNED`].
//! Staff freed is in persons and FTE; euros appear only where a model declares cost rates
//! (parameters in `EUR/(FTE*yr)` or `EUR/h`) or money entries (`[[initiatives.money]]`).
//!
//! [`Model::ledger`](crate::Model::ledger) gives the rows (party, initiative, year, kind,
//! persons, FTE, EUR) and [`Ledger::matrix`] the parties × initiatives table;
//! [`Model::settlement`](crate::Model::settlement) settles an `[[agreements]]` entry.
//!
//! [`Model::ledger`](crate::Model::ledger) is single-year: every yearly flow counts in the
//! model's target year and the `year` column is that year (an investment may name its own
//! year). [`Model::cash_flows`](crate::Model::cash_flows) is the ledger over the horizon:
//! cash flows per year, payback year and net present value ([`cashflow`] for the
//! conventions).
//!
//! The worked example of issue 9, which [`settle`] reproduces exactly: the gemeente
//! invests €200,000 a year, the zorgverzekeraar saves €800,000 a year; investors recover
//! first, then 50/50.
//!
//! ```
//! use workforce_impact::ledger::{settle, Balance, Rules};
//!
//! let balances = [
//!     Balance { invested: 200_000.0, gained: 0.0 },       // gemeente
//!     Balance { invested: 0.0, gained: 800_000.0 },       // zorgverzekeraar
//! ];
//! let rules = Rules { investors_first: true, shares: vec![0.5, 0.5], ..Rules::default() };
//! let out = settle(&rules, &balances);
//! assert_eq!(out.transfers, [500_000.0, -500_000.0]);
//! assert_eq!(out.net_after(&balances), [300_000.0, 300_000.0]);
//! ```

mod agreement;
pub mod cashflow;
mod cashflow_render;
mod money;
mod parties;
mod render;
mod rows;
mod uncertainty;

pub use agreement::{
    settle, Agreement, Amount, Balance, Gate, Outcome, PartySettlement, Rules, Settlement,
    Transfer, Truncate, YearSettlement,
};
pub use cashflow::{
    npv, payback_year, CashFlowRow, CashFlows, CashKind, DiscountRate, PartySummary, PartyYear,
};
pub use money::MoneyEntry;
pub use parties::{
    default_by_law, Booking, CostRate, LedgerSpec, Party, SectorBooking, DEFAULTS_BY_LAW,
    UNASSIGNED,
};
pub use render::TextFormat;
pub use rows::{EntryKind, Ledger, LedgerRow, Matrix};
pub use uncertainty::{PartyMcStats, PartyUncertainty};

pub use crate::model::file::ledger::{MoneyKind, Role, SettleUnit, StaffTo};
