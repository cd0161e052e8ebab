//! Parties, the sector → party mapping with its defaults by law, and what a model's ledger
//! is made of once loaded.

use super::money::MoneyEntry;
use super::{Agreement, DiscountRate};
use crate::model::file::ledger::{Role, StaffTo};
use crate::model::Sector;

/// The party id of what no party can be assigned to. It is never spread over the others:
/// the ledger shows it as its own row.
pub const UNASSIGNED: &str = "unassigned";

/// The default provider and financier of each sector, following the law that finances its
/// care: (sector, provider, financier, law). A model that declares `[[parties]]` with these
/// ids gets this mapping without writing it; `[ledger.sectors.<id>]` overrides it, and a
/// component's `provider` / `financier` override both.
///
/// - `msz`: medical specialist care in the hospital, Zorgverzekeringswet.
/// - `vvt`: nursing homes are Wlz care bought by the zorgkantoor (wijkverpleging is Zvw:
///   override the component's financier to `zorgverzekeraar` where that is meant).
/// - `grz`: geriatric rehabilitation is delivered by VVT organisations and paid under the
///   Zvw.
/// - `ggz`: mental health care, Zvw (youth GGZ is the gemeente's under the Jeugdwet).
/// - `huisartsenzorg`: GP care, Zvw.
/// - `sociaal-domein`: welfare and support, Wmo 2015 / Jeugdwet, paid by the gemeente.
/// - `zorg-en-welzijn`: the catch-all across sectors has no party: [`UNASSIGNED`].
pub const DEFAULTS_BY_LAW: &[(&str, &str, &str, &str)] = &[
    ("msz", "ziekenhuis", "zorgverzekeraar", "Zvw"),
    ("vvt", "vvt", "zorgkantoor", "Wlz"),
    ("grz", "vvt", "zorgverzekeraar", "Zvw"),
    ("ggz", "ggz", "zorgverzekeraar", "Zvw"),
    ("huisartsenzorg", "huisartsen", "zorgverzekeraar", "Zvw"),
    ("sociaal-domein", "welzijn", "gemeente", "Wmo 2015"),
    ("zorg-en-welzijn", UNASSIGNED, UNASSIGNED, "none"),
];

/// The default (provider, financier, law) of `sector`, from [`DEFAULTS_BY_LAW`].
///
/// ```
/// use workforce_impact::ledger::default_by_law;
/// use workforce_impact::model::Sector;
///
/// let msz = Sector::parse("msz").unwrap();
/// assert_eq!(default_by_law(msz), ("ziekenhuis", "zorgverzekeraar", "Zvw"));
/// let all = Sector::parse("zorg-en-welzijn").unwrap();
/// assert_eq!(default_by_law(all).0, "unassigned");
/// ```
pub fn default_by_law(sector: Sector) -> (&'static str, &'static str, &'static str) {
    DEFAULTS_BY_LAW
        .iter()
        .find(|d| d.0 == sector.id())
        .map_or((UNASSIGNED, UNASSIGNED, "none"), |d| (d.1, d.2, d.3))
}

/// A party that invests, provides or finances.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    /// The id the model file names it by.
    pub id: String,
    /// Its name (the id when the file gives none).
    pub name: String,
    /// Financier or provider.
    pub role: Role,
    /// Free text from the model file.
    pub note: Option<String>,
}

/// A cost rate: the parameter slot and whether it is per hour (`EUR/h`, needs the annual
/// hours) or per FTE-year (`EUR/(FTE*yr)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostRate {
    /// The parameter slot.
    pub slot: usize,
    /// True for a rate in money per staff effort (`EUR/h`).
    pub per_hour: bool,
}

/// The parties and cost rate of one sector.
#[derive(Clone, Debug, PartialEq)]
pub struct SectorBooking {
    /// The sector.
    pub sector: Sector,
    /// The provider party (index into [`LedgerSpec::parties`]); `None` is unassigned.
    pub provider: Option<usize>,
    /// The financier party; `None` is unassigned.
    pub financier: Option<usize>,
    /// What an FTE of the sector costs, when the model says.
    pub cost_rate: Option<CostRate>,
    /// The `FTE/person` parameter slot that turns this sector's persons into FTE.
    pub part_time_factor: Option<usize>,
}

/// The parties one component's staff is booked between.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Booking {
    /// Index into [`LedgerSpec::sectors`] (the component's sector).
    pub sector: usize,
    /// The provider party; `None` is unassigned.
    pub provider: Option<usize>,
    /// The financier party; `None` is unassigned.
    pub financier: Option<usize>,
}

/// A model's ledger, checked: parties, bookings of every component, money entries and
/// agreements. Empty (no parties) for a model that declares none: its ledger then books
/// everything to [`UNASSIGNED`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LedgerSpec {
    /// The declared parties, in file order.
    pub parties: Vec<Party>,
    /// Who a component's staff is booked to.
    pub staff_to: StaffTo,
    /// The `h/(FTE*yr)` slot for `EUR/h` rates.
    pub annual_hours: Option<usize>,
    /// Every sector that occurs, with its parties and rate.
    pub sectors: Vec<SectorBooking>,
    /// Per initiative, per component as in [`Evaluation::components`](crate::Evaluation):
    /// the parties its staff is booked between.
    pub bookings: Vec<Vec<Booking>>,
    /// Per initiative: its money entries.
    pub money: Vec<Vec<MoneyEntry>>,
    /// The shared-savings agreements, in file order.
    pub agreements: Vec<Agreement>,
    /// `[ledger] discount_rate`: the cash flows' net present value needs it.
    pub discount_rate: Option<DiscountRate>,
    /// `[ledger] base_year`: year 0 of the discounting; the horizon's first year when
    /// `None`.
    pub base_year: Option<i32>,
}

impl LedgerSpec {
    /// A party's index by id; `None` for [`UNASSIGNED`] or an unknown id.
    pub fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    /// The id of party `p` (`None` is [`UNASSIGNED`]).
    pub fn party_id(&self, p: Option<usize>) -> &str {
        p.map_or(UNASSIGNED, |i| self.parties[i].id.as_str())
    }

    /// True when some sector declares a cost rate: staff then counts in euros too.
    pub fn has_rates(&self) -> bool {
        self.sectors.iter().any(|s| s.cost_rate.is_some())
    }

    /// An agreement by id.
    pub fn agreement(&self, id: &str) -> Option<&Agreement> {
        self.agreements.iter().find(|a| a.id == id)
    }
}
