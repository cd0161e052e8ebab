//! The model file as written: serde structures mirroring the TOML (see docs/model-format.md).
//!
//! These keep what a person wrote (values as stated, unit text, formula text with its position
//! in the file) so that a loaded model can be written back out unchanged.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub model: ModelMeta,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortage: Option<ShortageFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<ThemeFile>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParamFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<SharedFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<InitiativeFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioFile>,
}

/// A named set of overrides, e.g. "krapte: part-time factor 60%, 1,800 hours".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub id: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Qualified parameter name -> value in the parameter's unit.
    #[serde(default)]
    pub overrides: IndexMap<String, f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMeta {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The region whose shortage the portfolio is set against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: String,
    pub population: Spanned<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_65plus: Option<Spanned<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortageFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub projections: Vec<ProjectionFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectionFile {
    pub year: i32,
    pub persons: Spanned<f64>,
    #[serde(default = "baseline")]
    pub scenario: String,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<RawValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFile {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A number, or text such as `"68%"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawValue {
    Number(f64),
    Text(String),
}

/// Where a parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A published statistic (CBS, Vektis, NZa, RIVM, ...).
    Sourced,
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
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sourced => "sourced",
            Kind::Assumption => "assumption",
            Kind::Expert => "expert",
            Kind::Derived => "derived",
            Kind::OtherRegion => "other-region",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<RawValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A published figure: a number, or a point value with the range the source printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PublishedFile {
    Number(f64),
    Detailed {
        value: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        range: Option<[f64; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        as_written: Option<String>,
    },
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub sector: Spanned<String>,
    #[serde(default, skip_serializing_if = "Sign::is_saving")]
    pub sign: Sign,
    pub formula: Spanned<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeFile {
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    pub theme: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PublishedFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_formula: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reconstructed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The shared business case this initiative receives a share of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParamFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentFile>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Allocation {
    /// An equal share per theme, then an equal share per initiative within the theme.
    #[default]
    UniformByTheme,
    /// An equal share per initiative.
    Uniform,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFile {
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    #[serde(default)]
    pub allocation: Allocation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_formula: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, ParamFile>,
    #[serde(default)]
    pub components: Vec<ComponentFile>,
}
