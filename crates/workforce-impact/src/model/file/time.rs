//! The model file's year fields: ramps, growth, flows (see docs/model-format.md, "Years").

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::RawValue;

/// How an initiative's effect grows from 0 at `start` to its full effect at `full`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RampShape {
    /// 0 before `full`, 1 from `full` on.
    Step,
    /// `(y - start) / (full - start)` between the two years.
    #[default]
    Linear,
    /// A logistic curve through 1% and 99% of its height at `start` and `full`, rescaled to
    /// be exactly 0 at `start` and 1 at `full`.
    Logistic,
}

impl RampShape {
    /// The shape as written in a model file: `step`, `linear` or `logistic`.
    pub fn as_str(self) -> &'static str {
        match self {
            RampShape::Step => "step",
            RampShape::Linear => "linear",
            RampShape::Logistic => "logistic",
        }
    }
}

/// `ramp = { start = 2024, full = 2027, shape = "linear" }`: an initiative's effect is 0
/// up to `start` and full from `full` on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RampFile {
    /// The last year without effect.
    pub start: Spanned<i32>,
    /// The first year of full effect; not before `start`.
    pub full: Spanned<i32>,
    /// The shape in between; `linear` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<RampShape>,
}

/// How a growing parameter grows between its years.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GrowthShape {
    /// The same factor every year: `(1 + total)^((y - from) / (to - from))`.
    #[default]
    Compound,
    /// The same amount every year: `1 + total * (y - from) / (to - from)`.
    Linear,
}

impl GrowthShape {
    /// The shape as written in a model file: `compound` or `linear`.
    pub fn as_str(self) -> &'static str {
        match self {
            GrowthShape::Compound => "compound",
            GrowthShape::Linear => "linear",
        }
    }
}

/// `growth = { total = "16%", from = 2023, to = 2032, shape = "compound" }` (or `rate =
/// "1.7%/yr"` instead of `total` and `to`): the parameter's stated value is its value in
/// `from`, and it grows by `total` until `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthFile {
    /// The growth from `from` to `to`: a fraction or `"N%"` (negative for a decline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Spanned<RawValue>>,
    /// The growth per year instead of `total` and `to`: `"1.7%/yr"`, `"1.7%"` or 0.017.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Spanned<RawValue>>,
    /// The year the stated value is for; mandatory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Spanned<i32>>,
    /// The year `total` is reached; with `total` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Spanned<i32>>,
    /// `compound` (the default) or `linear`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<GrowthShape>,
}

/// `by_year = { 2023 = 0, 2032 = "16%" }`: a parameter's value per year (keys are years),
/// interpolated linearly in between.
pub type ByYearFile = IndexMap<String, RawValue>;

/// `flow = { from = 2025, retention = "90%" }` on a component whose formula is a yearly
/// flow (person/yr): its stock in year y adds up the flows of the years `from..=y`, each
/// kept at `retention` per year since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowFile {
    /// The first year of the flow.
    pub from: Spanned<i32>,
    /// The share still in place a year later: a fraction, `"90%"`, `"90%/yr"` or a
    /// parameter name (a plain number); 100% when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Spanned<RawValue>>,
}

/// `stock_reading = { formula = "...", from = 2024, retention = "...", note = "..." }`
/// beside a component the source counts as one year of a flow (`* 1[yr]`): the flow
/// reading, shown by `flow_stocks` beside the published figure, never added to the total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockReadingFile {
    /// The yearly flow, in person/yr, over the component's parameters.
    pub formula: Spanned<String>,
    /// The first year of the flow.
    pub from: Spanned<i32>,
    /// As for [`FlowFile::retention`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Spanned<RawValue>>,
    /// Why this reading, and where its figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
