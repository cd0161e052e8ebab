//! A loaded, checked model: parameters with provenance, initiatives with unit-checked
//! formulas, regions, themes and the shortage projection.

pub mod file;
mod load;
pub mod sector;

use std::collections::HashMap;

pub use file::{Allocation, Kind, ModelFile, Sign};
pub use sector::Sector;

use crate::error::Location;
use crate::formula::{Expr, Node};
use crate::units::Unit;

/// Which part of a model a parameter belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamScope {
    Global,
    Region(String),
    Shared(String),
    Initiative(String),
}

impl ParamScope {
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
    pub text: String,
    pub expr: Expr,
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
    pub scope: ParamScope,
    /// The value in `unit` (a percentage as a fraction: `2%` is 0.02).
    pub value: f64,
    pub unit: Unit,
    /// True when the value was written as a percentage.
    pub percent: bool,
    pub source: Option<String>,
    pub kind: Kind,
    pub note: Option<String>,
    pub derived: Option<Derivation>,
    pub loc: Location,
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

#[derive(Clone, Debug)]
pub struct Theme {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Region {
    pub id: String,
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
}

impl Published {
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
    pub label: Option<String>,
    pub sector: Sector,
    pub sign: Sign,
    pub text: String,
    pub expr: Expr,
    pub node: Node,
}

/// How an initiative gets its figure.
#[derive(Clone, Debug)]
pub enum Body {
    Components(Vec<Component>),
    /// A share of shared business case `case` (index into [`Model::shared`]).
    Shared {
        case: usize,
        share: f64,
    },
}

#[derive(Clone, Debug)]
pub struct Initiative {
    pub id: String,
    pub name: String,
    pub submitted_by: Option<String>,
    /// Index into [`Model::themes`].
    pub theme: usize,
    pub published: Option<Published>,
    pub source_formula: Option<String>,
    pub reconstructed: bool,
    pub notes: Option<String>,
    pub body: Body,
}

/// A business case modelled once and allocated over several initiatives.
#[derive(Clone, Debug)]
pub struct SharedCase {
    pub id: String,
    pub name: String,
    pub submitted_by: Option<String>,
    pub allocation: Allocation,
    pub published: Option<f64>,
    pub source_formula: Option<String>,
    pub notes: Option<String>,
    pub components: Vec<Component>,
    /// (initiative index, fraction of the case) for each member.
    pub members: Vec<(usize, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub year: i32,
    pub persons: f64,
    pub scenario: String,
    pub description: Option<String>,
}

/// What the source claims for the portfolio.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Claim {
    pub share: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub text: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shortage {
    pub source: Option<String>,
    pub projections: Vec<Projection>,
    pub claim: Option<Claim>,
}

/// A loaded model. Build one with [`Model::from_toml_str`], [`Model::from_path`],
/// [`Model::builtin`] or [`Model::from_file`].
#[derive(Clone, Debug)]
pub struct Model {
    /// The model as written; [`Model::to_toml`] writes it back out.
    pub file: ModelFile,
    /// Where the model came from: a path, `builtin:<id>` or `<string>`.
    pub origin: String,
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub region: Option<String>,
    pub target_year: Option<i32>,
    pub themes: Vec<Theme>,
    pub regions: Vec<Region>,
    pub params: Vec<Parameter>,
    /// Derived parameter slots in an order where each comes after what it reads.
    pub derived_order: Vec<usize>,
    pub initiatives: Vec<Initiative>,
    pub shared: Vec<SharedCase>,
    pub shortage: Shortage,
    /// Named sets of overrides declared in the model file.
    pub scenarios: Vec<crate::engine::Scenario>,
    index: HashMap<String, usize>,
}

/// The model files shipped inside the crate, by id.
pub const BUILTINS: &[(&str, &str)] = &[("nml-2023", include_str!("../../models/nml-2023.toml"))];

impl Model {
    /// The slot of a parameter by qualified name.
    pub fn param_index(&self, qualified: &str) -> Option<usize> {
        self.index.get(qualified).copied()
    }

    pub fn param(&self, qualified: &str) -> Option<&Parameter> {
        self.param_index(qualified).map(|i| &self.params[i])
    }

    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.initiatives.iter().find(|i| i.id == id)
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
