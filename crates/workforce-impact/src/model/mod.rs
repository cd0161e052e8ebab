//! A loaded, checked model: parameters with provenance, initiatives with unit-checked
//! formulas, regions, themes and the shortage projection.

pub mod file;
mod load;
pub mod sector;

use std::collections::HashMap;

pub use file::{Allocation, Kind, ModelFile, Sign};
pub use sector::{Sector, UnknownSector};

use crate::error::Location;
use crate::formula::{Expr, Node};
use crate::units::Unit;

/// Which part of a model a parameter belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamScope {
    /// A global `[parameters]` entry, visible to every formula.
    Global,
    /// A region's population, by region id.
    Region(String),
    /// A parameter of the shared business case with this id.
    Shared(String),
    /// A parameter local to the initiative with this id.
    Initiative(String),
}

impl ParamScope {
    /// `"global"`, or the id of the region, shared case or initiative the parameter belongs to.
    pub fn as_str(&self) -> &str {
        match self {
            ParamScope::Global => "global",
            ParamScope::Region(id) | ParamScope::Shared(id) | ParamScope::Initiative(id) => id,
        }
    }
}

/// A derived parameter's formula.
#[derive(Clone, Debug)]
pub struct Derivation {
    /// The formula as written in the model file.
    pub text: String,
    /// The parsed formula, with spans into `text`.
    pub expr: Expr,
    /// The resolved formula over parameter slots; evaluates to the value in base units.
    pub node: Node,
}

/// One input of the model, with its value as stated and where it came from.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// The name used outside formulas: `part_time_factor`, `buikpijnteam.reduction`,
    /// `nml.population`.
    pub qualified: String,
    /// The name used inside its own scope's formulas.
    pub name: String,
    /// The part of the model the parameter belongs to.
    pub scope: ParamScope,
    /// The value in `unit` (a percentage as a fraction: `2%` is 0.02). For a derived
    /// parameter, its value computed from the stated inputs.
    pub value: f64,
    /// The unit `value` is stated in; [`Parameter::base`] converts to base units.
    pub unit: Unit,
    /// True when the value was written as a percentage.
    pub percent: bool,
    /// The source as the document names it ("CBS", "aanname", ...), if it names one.
    pub source: Option<String>,
    /// What kind of figure it is (sourced, assumption, expert, derived, other region).
    pub kind: Kind,
    /// Free text from the model file.
    pub note: Option<String>,
    /// The formula, when the parameter is computed from others.
    pub derived: Option<Derivation>,
    /// Where the parameter is defined, for error messages.
    pub loc: Location,
    /// How the value changes over the years (`growth`, `by_year`); `value` is then the
    /// value in the target year.
    pub profile: Option<crate::time::Profile>,
}

impl Parameter {
    /// The value in base units.
    pub fn base(&self) -> f64 {
        self.unit.to_base(self.value)
    }

    /// The range a value of this parameter may take, in its unit: a percentage of a plain
    /// number is a fraction in [0, 1]; everything else is a non-negative amount.
    pub fn valid_range(&self) -> (f64, f64) {
        if self.is_fraction() {
            (0.0, 1.0)
        } else {
            (0.0, f64::INFINITY)
        }
    }

    /// What [`Parameter::valid_range`] says, in words for error messages.
    pub fn valid_range_text(&self) -> &'static str {
        if self.is_fraction() {
            "a fraction in [0, 1]"
        } else {
            "a number >= 0"
        }
    }

    fn is_fraction(&self) -> bool {
        self.percent && self.unit.is_dimensionless()
    }
}

/// A group of initiatives, as the source groups them ("Gezond vooruit", ...).
#[derive(Clone, Debug)]
pub struct Theme {
    /// The id initiatives refer to.
    pub id: String,
    /// The theme's name as in the source.
    pub name: String,
}

/// A region whose populations formulas can read.
#[derive(Clone, Debug)]
pub struct Region {
    /// The region id, also the prefix of its parameters (`nml.population`).
    pub id: String,
    /// The region's name as in the source.
    pub name: String,
    /// Parameter slot of the population.
    pub population: usize,
    /// Parameter slot of the 65+ population, if given.
    pub population_65plus: Option<usize>,
}

/// A figure as the source published it.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    /// The point value used in the source's sum.
    pub value: f64,
    /// The printed range, if the source printed one ("0 - 1").
    pub range: Option<(f64, f64)>,
    /// The figure as printed.
    pub as_written: String,
    /// Where in the document the figure appears: its own `where`, else the model's
    /// `published_in`.
    pub place: Option<String>,
    /// The other figures the document gives for the same initiative, in file order.
    pub alt: Vec<PublishedAlt>,
}

/// Another figure the document publishes for an initiative, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedAlt {
    /// The point value, persons.
    pub value: f64,
    /// The printed range, if any.
    pub range: Option<(f64, f64)>,
    /// The figure as printed.
    pub as_written: String,
    /// Where it appears ("bijlage B"); unique among an initiative's figures.
    pub place: String,
}

impl Published {
    /// The figure published at `place`: the alternate there, the primary figure when
    /// `place` is the primary's, `None` when this figure names no such place.
    pub fn at(&self, place: &str) -> Option<f64> {
        if self.place.as_deref() == Some(place) {
            return Some(self.value);
        }
        self.alt.iter().find(|a| a.place == place).map(|a| a.value)
    }

    /// Whether `computed` is the published figure within its rounding: inside the printed
    /// range, or within half a unit of the last printed digit.
    pub fn reproduced_by(&self, computed: f64) -> bool {
        if let Some((lo, hi)) = self.range {
            return computed >= lo && computed <= hi;
        }
        let text = self.value.to_string();
        let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
        let half_unit = 0.5 * 10f64.powi(-(decimals as i32));
        (computed - self.value).abs() <= half_unit + 1e-9
    }
}

/// One term of an initiative: a formula in persons, the sector it lands in, its sign.
#[derive(Clone, Debug)]
pub struct Component {
    /// A short label from the model file.
    pub label: Option<String>,
    /// The sector the staff saving (or cost) lands in.
    pub sector: Sector,
    /// Whether the formula's value counts positive (saving) or negative (cost).
    pub sign: Sign,
    /// The formula as written.
    pub text: String,
    /// The parsed formula, with spans into `text`.
    pub expr: Expr,
    /// The resolved formula; evaluates to persons (before `sign` is applied). For a flow,
    /// the formula × 1 yr: one year of the flow.
    pub node: Node,
    /// How the component accumulates, when its formula is a flow in person/yr.
    pub flow: Option<crate::time::Flow>,
    /// The flow reading beside a formula that counts one year of a flow.
    pub stock_reading: Option<crate::time::StockReading>,
}

/// How an initiative gets its figure.
#[derive(Clone, Debug)]
pub enum Body {
    /// Its own components, summed (with their signs).
    Components(Vec<Component>),
    /// A share of shared business case `case` (index into [`Model::shared`]).
    Shared {
        /// Index into [`Model::shared`].
        case: usize,
        /// The fraction of the case's total this initiative receives, in [0, 1].
        share: f64,
    },
}

/// One initiative of the portfolio, checked: its figure is in persons.
#[derive(Clone, Debug)]
pub struct Initiative {
    /// The stable id, e.g. `fit-for-surgery`.
    pub id: String,
    /// The name as in the source.
    pub name: String,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// Index into [`Model::themes`].
    pub theme: usize,
    /// The figure the source published, in persons.
    pub published: Option<Published>,
    /// The source's own formula, as printed.
    pub source_formula: Option<String>,
    /// True when the formula is rebuilt because the source gives none (or an incomplete one).
    pub reconstructed: bool,
    /// Why computed and published differ, what was reconstructed.
    pub notes: Option<String>,
    /// How its figure is computed.
    pub body: Body,
    /// Its own ramp (`None`: the model's default ramp, see [`Model::ramp_of`]).
    pub ramp: Option<crate::time::Ramp>,
}

/// A business case modelled once and allocated over several initiatives.
#[derive(Clone, Debug)]
pub struct SharedCase {
    /// The id initiatives name in their `shared` field.
    pub id: String,
    /// The name as in the source.
    pub name: String,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// How the total is split over the members.
    pub allocation: Allocation,
    /// The figure the source published for the whole case, in persons.
    pub published: Option<f64>,
    /// The same figure with where it appears and its alternates.
    pub published_figure: Option<Published>,
    /// The source's own formula, as printed.
    pub source_formula: Option<String>,
    /// Why computed and published differ, what was reconstructed.
    pub notes: Option<String>,
    /// The terms summed into the case's total, in persons.
    pub components: Vec<Component>,
    /// (initiative index, fraction of the case) for each member.
    pub members: Vec<(usize, f64)>,
}

/// A projected staff shortage for one year and scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// The calendar year.
    pub year: i32,
    /// The shortage in persons (staff headcount).
    pub persons: f64,
    /// The scenario, `"baseline"` unless the file says otherwise.
    pub scenario: String,
    /// What the scenario assumes, in words.
    pub description: Option<String>,
}

/// What the source claims for the portfolio.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Claim {
    /// The claimed share of the shortage as a fraction (`"35%"` is 0.35).
    pub share: Option<f64>,
    /// The low end of the claimed range, in persons.
    pub low: Option<f64>,
    /// The high end of the claimed range, in persons.
    pub high: Option<f64>,
    /// The claim as printed.
    pub text: Option<String>,
    /// Where in the document the claim is made.
    pub place: Option<String>,
}

/// The staff shortage the portfolio is set against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shortage {
    /// Where the projections come from.
    pub source: Option<String>,
    /// Projected shortages per year and scenario.
    pub projections: Vec<Projection>,
    /// What the source claims the portfolio closes.
    pub claim: Option<Claim>,
    /// Every place the text states a claim (`[shortage] claims`), in file order.
    pub claims: Vec<Claim>,
}

/// A loaded model. Build one with [`Model::from_toml_str`], [`Model::from_path`],
/// [`Model::builtin`] or [`Model::from_file`].
#[derive(Clone, Debug)]
pub struct Model {
    /// The model as written; [`Model::to_toml`] writes it back out.
    pub file: ModelFile,
    /// Where the model came from: a path, `builtin:<id>` or `<string>`.
    pub origin: String,
    /// The model's id (`[model] id`), e.g. `nml-2023`.
    pub id: String,
    /// The model's title; empty when the file gives none.
    pub title: String,
    /// The document the model encodes.
    pub source: Option<String>,
    /// The id of the region whose shortage the portfolio is set against.
    pub region: Option<String>,
    /// The year whose baseline shortage the portfolio is set against.
    pub target_year: Option<i32>,
    /// The themes, in file order; [`Initiative::theme`] indexes this.
    pub themes: Vec<Theme>,
    /// The regions, in file order.
    pub regions: Vec<Region>,
    /// Every parameter, by slot: globals, regions' populations, shared cases' and
    /// initiatives' own. [`Model::param_index`] finds a slot by qualified name.
    pub params: Vec<Parameter>,
    /// Derived parameter slots in an order where each comes after what it reads.
    pub derived_order: Vec<usize>,
    /// The initiatives, in file order.
    pub initiatives: Vec<Initiative>,
    /// The shared business cases, in file order; [`Body::Shared`] indexes this.
    pub shared: Vec<SharedCase>,
    /// The projected shortage and the source's claim.
    pub shortage: Shortage,
    /// Named sets of overrides declared in the model file.
    pub scenarios: Vec<crate::engine::Scenario>,
    /// What the model loads with but a reviewer should look at (`workforce-impact check`
    /// prints them): never a reason to refuse it.
    pub warnings: Vec<crate::error::Warning>,
    /// The bases several initiatives cut, with each cut ([`crate::overlap`]).
    pub bases: Vec<crate::overlap::Base>,
    /// The horizon, the default ramp and which slots vary over the years ([`crate::time`]).
    pub timing: crate::time::Timing,
    /// Parties, money entries and agreements ([`crate::ledger`]); empty when the model
    /// declares none.
    pub ledger: crate::ledger::LedgerSpec,
    index: HashMap<String, usize>,
}

/// The model files shipped inside the crate, as (id, TOML text); load one with
/// [`Model::builtin`].
pub const BUILTINS: &[(&str, &str)] = &[
    ("nml-2023", include_str!("../../models/nml-2023.toml")),
    (
        "beweeghuis-artrose",
        include_str!("../../models/beweeghuis-artrose.toml"),
    ),
];

impl Model {
    /// The slot of a parameter by qualified name (`part_time_factor`,
    /// `buikpijnteam.reduction`, `nml.population`, or `region.population` for the model's
    /// own region); `None` if there is no such parameter.
    pub fn param_index(&self, qualified: &str) -> Option<usize> {
        (self.index.get(qualified).copied()).or_else(|| self.own_region_slot(qualified))
    }

    /// The slot of exactly this qualified name.
    pub(crate) fn index_of(&self, qualified: &str) -> Option<usize> {
        self.index.get(qualified).copied()
    }

    /// A parameter by qualified name; `None` if there is no such parameter.
    ///
    /// ```
    /// let model = workforce_impact::Model::builtin("nml-2023").unwrap();
    /// let p = model.param("part_time_factor").unwrap();
    /// assert_eq!((p.value, p.source.as_deref()), (0.68, Some("AZW Info")));
    /// ```
    pub fn param(&self, qualified: &str) -> Option<&Parameter> {
        self.param_index(qualified).map(|i| &self.params[i])
    }

    /// An initiative by id; `None` if there is no such initiative.
    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.initiatives.iter().find(|i| i.id == id)
    }

    /// The components initiative `n` (an index into [`Model::initiatives`]) sums, and the
    /// share of them it receives: its own at 1, or its shared case's at its share.
    pub fn components_of(&self, n: usize) -> (&[Component], f64) {
        match &self.initiatives[n].body {
            Body::Components(cs) => (cs, 1.0),
            Body::Shared { case, share } => (&self.shared[*case].components, *share),
        }
    }

    /// Parameter values in base units, slot by slot, as stated in the model.
    pub fn base_values(&self) -> Vec<f64> {
        self.params.iter().map(Parameter::base).collect()
    }

    /// The shortage the portfolio is set against: the baseline projection for the target
    /// year (or the latest baseline projection).
    pub fn target_shortage(&self) -> Option<&Projection> {
        let baseline = self
            .shortage
            .projections
            .iter()
            .filter(|p| p.scenario == "baseline");
        match self.target_year {
            Some(y) => baseline.into_iter().find(|p| p.year == y),
            None => baseline.max_by_key(|p| p.year),
        }
    }

    /// Ids of the builtin models.
    pub fn builtin_ids() -> Vec<&'static str> {
        BUILTINS.iter().map(|b| b.0).collect()
    }

    /// Writes the model back out as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.file).unwrap_or_else(|e| format!("# cannot write model: {e}\n"))
    }
}
