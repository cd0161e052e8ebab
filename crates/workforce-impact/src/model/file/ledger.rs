//! The ledger's part of the model file: `[[parties]]`, `[ledger]` (sector → party mapping,
//! cost rates), `[[initiatives.money]]` and `[[agreements]]` (see docs/model-format.md,
//! "Parties, money and agreements").

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::RawValue;

/// What a party does in the care system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Pays for care: zorgverzekeraar (Zvw), zorgkantoor (Wlz), gemeente (Wmo, Jeugdwet).
    Financier,
    /// Delivers care and employs the staff: ziekenhuis, VVT, GGZ, huisartsen, welzijn.
    Provider,
}

impl Role {
    /// `financier` or `provider`, as written in a model file.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Financier => "financier",
            Role::Provider => "provider",
        }
    }
}

/// One `[[parties]]` entry: `{ id = "gemeente", name = "Gemeente", role = "financier" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyFile {
    /// An id `[a-z0-9-_]+` that components, money entries and agreements name.
    pub id: Spanned<String>,
    /// The party's name; the id is shown when absent.
    #[serde(default)]
    pub name: String,
    /// `financier` or `provider`.
    pub role: Role,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who staff freed in a component is booked to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StaffTo {
    /// The provider that employs the staff (the default): it gains the hours.
    #[default]
    Provider,
    /// The financier that pays for the care the staff would give.
    Financier,
}

/// `[ledger.sectors.<sector>]`: the parties a sector's staff belongs to, and its cost rate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorLedgerFile {
    /// The provider party (or `unassigned`); the default by law when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Spanned<String>>,
    /// The financier party (or `unassigned`); the default by law when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financier: Option<Spanned<String>>,
    /// A global parameter in `EUR/(FTE*yr)` or `EUR/h`: what an FTE of this sector costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_rate: Option<Spanned<String>>,
    /// A global parameter in `FTE/person` for this sector, instead of `[ledger]
    /// part_time_factor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_time_factor: Option<Spanned<String>>,
}

/// The `[ledger]` table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerFile {
    /// Who a component's staff is booked to: `provider` (default) or `financier`.
    #[serde(default)]
    pub staff_to: StaffTo,
    /// The global parameter (`FTE/person`) that turns persons into FTE; `part_time_factor`
    /// when absent (needed only with cost rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_time_factor: Option<Spanned<String>>,
    /// The global parameter (`h/(FTE*yr)`) that turns FTE into hours for `EUR/h` rates;
    /// `annual_hours` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_hours: Option<Spanned<String>>,
    /// Per sector id: its parties and cost rate.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub sectors: IndexMap<String, SectorLedgerFile>,
    /// The discount rate of the cash flows' net present value: a percentage (`"4%"`), a
    /// number (`0.04`) or the name of a dimensionless global parameter (with its
    /// provenance). No net present value without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_rate: Option<Spanned<RawValue>>,
    /// Year 0 of the discounting (`(1 + r)^-(y - base_year)`); the horizon's first year
    /// when absent. Must lie in the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_year: Option<Spanned<i32>>,
}

/// What a money entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MoneyKind {
    /// A one-off amount in `EUR`, in `year` (the target year when absent), borne by `party`.
    Investment,
    /// A running cost in `EUR/yr` borne by `party`.
    Running,
    /// A direct saving in `EUR/yr` (avoided admissions × tariff) accruing to `party`.
    Saving,
}

impl MoneyKind {
    /// `investment`, `running` or `saving`.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyKind::Investment => "investment",
            MoneyKind::Running => "running",
            MoneyKind::Saving => "saving",
        }
    }
}

/// One `[[initiatives.money]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyFile {
    /// `investment`, `running` or `saving`.
    pub kind: MoneyKind,
    /// The party that bears the cost or gets the saving.
    pub party: Spanned<String>,
    /// A formula over the initiative's and the global parameters: `EUR` for an investment,
    /// `EUR/yr` for a running cost or a saving.
    pub formula: Spanned<String>,
    /// A short label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The year of an investment (inside the horizon). Absent: the single-year ledger
    /// counts it in the target year, the cash flows in the initiative's ramp start year (the
    /// horizon's first year without a ramp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<Spanned<i32>>,
}

/// An amount in an agreement: a number in the agreement's unit, or the name of a global
/// parameter (which carries its own unit and provenance).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AmountFile {
    /// A number in the agreement's unit (per year).
    Number(f64),
    /// A global parameter's name.
    Parameter(String),
}

/// A quality gate: a parameter compared with a threshold; no payout unless it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateFile {
    /// The parameter's qualified name (`beweegprogramma.adherence`).
    pub parameter: Spanned<String>,
    /// The gate holds when the parameter is at least this (in the parameter's unit; a
    /// percentage as text `"60%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<RawValue>,
    /// The gate holds when the parameter is at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<RawValue>,
}

/// How a settlement counts: in euros, FTE or persons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SettleUnit {
    /// Euros per year (staff at the cost rates, plus money entries).
    #[default]
    #[serde(rename = "EUR")]
    Eur,
    /// FTE-equivalents of staff; money entries are not counted.
    #[serde(rename = "FTE")]
    Fte,
    /// Persons of staff; money entries are not counted.
    #[serde(rename = "person")]
    Person,
}

impl SettleUnit {
    /// `EUR`, `FTE` or `person`.
    pub fn as_str(self) -> &'static str {
        match self {
            SettleUnit::Eur => "EUR",
            SettleUnit::Fte => "FTE",
            SettleUnit::Person => "person",
        }
    }
}

/// One `[[agreements]]` entry: a shared-savings agreement between parties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementFile {
    /// The id `evaluation.settlement(id)` selects it by.
    pub id: Spanned<String>,
    /// A display name.
    #[serde(default)]
    pub name: String,
    /// The parties in the agreement; only their ledger entries are settled.
    pub parties: Spanned<Vec<String>>,
    /// The initiatives whose ledger entries it covers; every initiative when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiatives: Option<Spanned<Vec<String>>>,
    /// `EUR` (default), `FTE` or `person`.
    #[serde(default)]
    pub unit: SettleUnit,
    /// The benchmark (expected spending without the initiatives, per year) the minimum
    /// savings rate is a share of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Spanned<AmountFile>>,
    /// Savings below this share of the baseline are not shared (`"2%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_savings_rate: Option<Spanned<RawValue>>,
    /// The investors first recover what they put in, before the rest is shared.
    #[serde(default)]
    pub investors_first: bool,
    /// The verdeelsleutel: party → share of what is shared; must add up to 100%.
    pub shares: Spanned<IndexMap<String, RawValue>>,
    /// The most a party may receive from the sharing per year, in the agreement's unit.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub cap: IndexMap<String, Spanned<AmountFile>>,
    /// A condition that must hold for any payout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_gate: Option<GateFile>,
    /// Savings counted at most this much (a number in the agreement's unit, a parameter,
    /// or `"N%"` of the baseline): extreme values are truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncate_at: Option<Spanned<TruncateFile>>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where savings are truncated: an amount, a parameter, or a percentage of the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TruncateFile {
    /// A number in the agreement's unit.
    Number(f64),
    /// `"N%"` of the baseline, or a global parameter's name.
    Text(String),
}
