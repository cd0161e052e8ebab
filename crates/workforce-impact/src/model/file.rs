//! The model file as written: serde structures mirroring the TOML (see docs/model-format.md).
//!
//! These keep what a person wrote (values as stated, unit text, formula text with its position
//! in the file) so that a loaded model can be written back out unchanged.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

// The year fields: ramps, growth, flows.
mod time;
// `ModelFile::from_value`: a model file from plain values, without TOML text.
mod values;
// The fields regions and scaling add: region bases and nesting, `scales_with`, `share_of`.
mod regions;
pub use regions::{ScaleAs, ScaledFrom, ShareOf};

pub use time::{
    ByYearFile, FlowFile, GrowthFile, GrowthShape, RampFile, RampShape, StockReadingFile,
};
// Parties, the sector → party mapping, money entries and agreements.
pub mod ledger;

/// A whole model file, section by section, before any checking: read one with
/// `toml::from_str`, turn it into a checked [`Model`](crate::Model) with
/// [`Model::from_file`](crate::Model::from_file).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// The `[model]` table: id, title, source, region and target year.
    pub model: ModelMeta,
    /// The `[[regions]]`: populations that formulas may read as `<region>.population`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionFile>,
    /// The `[shortage]` table: projected staff shortage and the source's own claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortage: Option<ShortageFile>,
    /// The `[[themes]]` initiatives are grouped under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<ThemeFile>,
    /// The global `[parameters]`, visible to every formula, in file order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParamFile>,
    /// The `[[shared]]` business cases split over several initiatives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<SharedFile>,
    /// The `[[bases]]` that several initiatives cut (bed days, admissions): declared once
    /// with their size, for the overlap table ([`crate::overlap`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<BaseFile>,
    /// The `[[initiatives]]`, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<InitiativeFile>,
    /// The `[[scenarios]]`: named sets of overrides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioFile>,
    /// The `[[parties]]` that invest, provide and finance ([`crate::ledger`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<ledger::PartyFile>,
    /// The `[ledger]` table: sector → party mapping and cost rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<ledger::LedgerFile>,
    /// The `[[agreements]]`: shared-savings agreements between parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<ledger::AgreementFile>,
}

/// A named set of overrides, e.g. "krapte: part-time factor 60%, 1,800 hours".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// The id other commands select the scenario by, with its position in the file.
    pub id: Spanned<String>,
    /// A display name; the id is shown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the scenario stands for, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Qualified parameter name -> value in the parameter's unit.
    #[serde(default)]
    pub overrides: IndexMap<String, f64>,
}

/// The `[model]` table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMeta {
    /// The model's id, e.g. `nml-2023`.
    pub id: String,
    /// A human-readable title; empty when not given.
    #[serde(default)]
    pub title: String,
    /// The document the model encodes (e.g. "Regioplan Noord- en Midden-Limburg, december
    /// 2023, bijlage A").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The region whose shortage the portfolio is set against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The year whose baseline shortage projection the portfolio is set against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// Where the primary published figures appear (e.g. "bijlage A"): the name of the
    /// version the initiatives' `published` values make up, beside their `alt` figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_in: Option<String>,
    /// The first year of the horizon (`start_year ..= target_year`); without it the
    /// horizon is the target year alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<Spanned<i32>>,
    /// The ramp of every initiative that declares none; without it such an initiative is
    /// at full effect in every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_ramp: Option<Spanned<RampFile>>,
}

/// One `[[regions]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    /// An identifier `[a-z][a-z0-9_]*`, usable in formulas as `<id>.population`.
    pub id: Spanned<String>,
    /// The region's name as in the source.
    #[serde(default)]
    pub name: String,
    /// Number of inhabitants (a plain count).
    pub population: Spanned<f64>,
    /// Number of inhabitants aged 65 or over, if the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_65plus: Option<Spanned<f64>>,
    /// Where the population figures come from (e.g. "CBS").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Further bases (plain counts) formulas may read as `<id>.<base>`:
    /// `bases = { population_75plus = 61000 }`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub bases: IndexMap<String, Spanned<f64>>,
    /// The id of the region this one lies in (a gemeente in its subregion, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Spanned<String>>,
    /// True when every base equals the sum of the children's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub complete: bool,
    /// The year the figures are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// The `[shortage]` table: the projected staff shortage of the model's region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortageFile {
    /// Where the projection comes from (e.g. "Regioplan NML 2023, p. 4").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The projected shortage per year and scenario.
    #[serde(default)]
    pub projections: Vec<ProjectionFile>,
    /// What the source claims the portfolio closes of the shortage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimFile>,
    /// Every place the text states a claim, each with `where` (the headline `claim`
    /// summarises them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimFile>,
    /// The region base the shortage is scaled by when the model is carried to another
    /// region without a shortage of its own (a rough proxy; see `Model::scale_to`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scales_with: Option<Spanned<String>>,
}

/// One projected shortage: `{ year = 2032, persons = 4500, scenario = "baseline" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectionFile {
    /// The calendar year the projection is for.
    pub year: i32,
    /// The shortage in persons (staff headcount).
    pub persons: Spanned<f64>,
    /// The projection's scenario; `"baseline"` when omitted, and only baseline projections
    /// are set against the portfolio.
    #[serde(default = "baseline")]
    pub scenario: String,
    /// What the scenario assumes, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn baseline() -> String {
    "baseline".into()
}

/// What the source itself claims for the whole portfolio.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    /// The claimed share of the shortage: a fraction or text such as `"35%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<RawValue>,
    /// The low end of the claimed range, in persons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// The high end of the claimed range, in persons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// The claim as the source prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Where in the document the claim is made ("samenvatting [2/3]").
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// One `[[themes]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFile {
    /// The id initiatives name in their `theme` field.
    pub id: String,
    /// The theme's name as in the source.
    #[serde(default)]
    pub name: String,
}

/// A number, or text such as `"68%"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawValue {
    /// A plain number, taken as written.
    Number(f64),
    /// Text; only a percentage `"N%"` (meaning N/100) loads.
    Text(String),
}

/// Where a parameter's value comes from: its provenance class. More classes may be added,
/// so a `match` outside this crate needs a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A number with a named source: a published statistic (CBS, Vektis, NZa, RIVM), a
    /// named report or a named organisation's data.
    Sourced,
    /// A number the document states without naming a source ("geen bron", "bron niet
    /// ingevuld").
    Unsourced,
    /// An assumption ("aanname").
    Assumption,
    /// An estimate from interviews with care professionals.
    Expert,
    /// Computed from other parameters.
    Derived,
    /// Scaled from another region's figure.
    OtherRegion,
}

impl Kind {
    /// The kind as written in a model file: `sourced`, `unsourced`, `assumption`, `expert`,
    /// `derived` or `other-region`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sourced => "sourced",
            Kind::Unsourced => "unsourced",
            Kind::Assumption => "assumption",
            Kind::Expert => "expert",
            Kind::Derived => "derived",
            Kind::OtherRegion => "other-region",
        }
    }
}

/// One parameter as written: `{ value = "68%", unit = "FTE/person", source = "AZW Info",
/// kind = "sourced" }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamFile {
    /// The stated value in `unit`; mutually exclusive with `formula`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<RawValue>>,
    /// For a derived parameter: a formula over parameters of the same scope and globals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<Spanned<String>>,
    /// A unit expression such as `"min/day"` or `"h/(FTE*yr)"`; absent means a plain number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Spanned<String>>,
    /// The source exactly as the document names it ("CBS", "aanname", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What kind of figure this is; [`Model::assumptions`](crate::Model::assumptions) varies
    /// the `assumption` ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Free text about the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How the value grows over the years; `value` is then the value in `growth.from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth: Option<Spanned<GrowthFile>>,
    /// The value per year (in `unit`), interpolated linearly; instead of `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_year: Option<Spanned<ByYearFile>>,
    /// A region base (`population_65plus`), or for `from_base` also a parameter of the same
    /// scope, that the value grows with when the model is carried to another region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scales_with: Option<Spanned<String>>,
    /// The value is stated for a source region whose `scales_with` is this (in the base's
    /// unit); the model's value is the stated one × own base / `from_base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_base: Option<Spanned<f64>>,
    /// The order of the `from_base` arithmetic (`ratio` unless given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_as: Option<ScaleAs>,
    /// The value is a stated share of the own region's base in region `of`'s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_of: Option<Spanned<ShareOf>>,
    /// Written by `Model::scale_to`: where a scaled value came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaled_from: Option<ScaledFrom>,
}

/// A published figure: a number, or a point value with the range the source printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PublishedFile {
    /// `published = 14`: the figure in persons.
    Number(f64),
    /// `published = { value = 0.4, range = [0, 1], as_written = "0 - 1" }`, optionally with
    /// where it appears and the other figures the document gives for it:
    /// `published = { value = 59, alt = [ { value = 82, where = "bijlage B" } ] }`.
    Detailed {
        /// The point value (persons) used in the source's sum.
        value: f64,
        /// The printed range `[low, high]` in persons, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        range: Option<[f64; 2]>,
        /// The figure exactly as printed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        as_written: Option<String>,
        /// Where in the document this figure appears; `[model] published_in` when absent.
        #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        /// Other figures the document publishes for the same initiative, each with where.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        alt: Vec<AltPublishedFile>,
    },
}

/// Another figure the document gives for the same initiative: `{ value = 82, where =
/// "bijlage B" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AltPublishedFile {
    /// The point value, persons.
    pub value: f64,
    /// The printed range `[low, high]` in persons, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// The figure exactly as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_written: Option<String>,
    /// Where in the document it appears ("bijlage B"); required, unique per initiative.
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// Whether a component frees staff or needs extra staff.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    /// Staff freed: counts positive.
    #[default]
    Saving,
    /// Extra staff needed: counts negative.
    Cost,
}

impl Sign {
    /// `1.0` for a saving, `-1.0` for a cost: what a component's value is multiplied by.
    pub fn factor(self) -> f64 {
        match self {
            Sign::Saving => 1.0,
            Sign::Cost => -1.0,
        }
    }

    fn is_saving(&self) -> bool {
        *self == Sign::Saving
    }
}

/// One `[[initiatives.components]]` (or `[[shared.components]]`) entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentFile {
    /// A short label, shown as `#n 'label'` in messages and results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The sector id the staff saving lands in (`msz`, `vvt`, ...; see
    /// [`SECTORS`](crate::model::sector::SECTORS)).
    pub sector: Spanned<String>,
    /// `saving` (the default) or `cost`.
    #[serde(default, skip_serializing_if = "Sign::is_saving")]
    pub sign: Sign,
    /// The formula; it must come out in persons.
    pub formula: Spanned<String>,
    /// The id of the `[[bases]]` entry this component cuts, for the overlap table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Spanned<String>>,
    /// The component's cut of `base`, in the base's unit: a product of factors of
    /// `formula` (e.g. `admissions_65plus * length_of_stay_msz * stay_reduction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<Spanned<String>>,
    /// How a formula in person/yr accumulates into a stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Spanned<FlowFile>>,
    /// The flow reading of a component the source counts as one year of a flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_reading: Option<Spanned<StockReadingFile>>,
    /// The provider party this component's staff belongs to, instead of its sector's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Spanned<String>>,
    /// The financier party of this component, instead of its sector's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financier: Option<Spanned<String>>,
}

/// One `[[initiatives]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeFile {
    /// A stable id `[a-z0-9-]+`, e.g. `fit-for-surgery`.
    pub id: Spanned<String>,
    /// The initiative's name as in the source.
    #[serde(default)]
    pub name: String,
    /// Who submitted it (an organisation or network).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    /// The id of one of the model's themes.
    pub theme: Spanned<String>,
    /// The figure the source published, in persons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Spanned<PublishedFile>>,
    /// The source's own formula, copied as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_formula: Option<String>,
    /// True when the source gives no (complete) formula and this one is rebuilt.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reconstructed: bool,
    /// Why computed and published differ, what was reconstructed, a hidden "for one year".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The shared business case this initiative receives a share of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<Spanned<String>>,
    /// The initiative's own parameters, addressed outside it as `<id>.<name>`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParamFile>,
    /// The terms summed into the initiative's figure; empty for a share of a shared case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentFile>,
    /// How the effect grows over the years; `[model] default_ramp` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp: Option<Spanned<RampFile>>,
    /// Investments, running costs and direct savings in euros ([`crate::ledger`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub money: Vec<ledger::MoneyFile>,
}

/// How a shared business case is split over its member initiatives. More rules may be
/// added, so a `match` outside this crate needs a wildcard arm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Allocation {
    /// An equal share per theme, then an equal share per initiative within the theme.
    #[default]
    UniformByTheme,
    /// An equal share per initiative.
    Uniform,
}

/// One `[[shared]]` business case, modelled once and split over the initiatives that name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFile {
    /// The id initiatives name in their `shared` field.
    pub id: Spanned<String>,
    /// The business case's name as in the source.
    #[serde(default)]
    pub name: String,
    /// Who submitted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    /// How the case's total is split over its members.
    #[serde(default)]
    pub allocation: Allocation,
    /// The figure the source published for the whole case, in persons (any form of an
    /// initiative's `published`, alternates included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Spanned<PublishedFile>>,
    /// The source's own formula, copied as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_formula: Option<String>,
    /// Why computed and published differ, what was reconstructed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The case's own parameters, addressed outside it as `<id>.<name>`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParamFile>,
    /// The terms summed into the case's total, before it is split.
    #[serde(default)]
    pub components: Vec<ComponentFile>,
}

/// One `[[bases]]` entry: a quantity several initiatives cut (the yearly clinical bed days
/// of the 65+ in the region), declared once with its size and where the size comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseFile {
    /// The id components name in their `base` field, e.g. `msz.ligdagen_65plus`.
    pub id: Spanned<String>,
    /// What the base is, in words.
    #[serde(default)]
    pub name: String,
    /// The size: `value` (or `formula` over global parameters and regions), `unit`,
    /// `source`, `kind`, `note`, as for a parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<ParamFile>,
    /// Summed cuts above this share of the base are a `check` warning; 100% when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Spanned<RawValue>>,
}
