//! Model-file fields for regions and scaling (docs/model-format.md, "Regions and scaling").

use serde::{Deserialize, Serialize};

/// The order of a `from_base` scaling's arithmetic. Both give the same number up to the
/// last bit; the field lets an encoding reproduce the source's own arithmetic exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleAs {
    /// `(base / from_base) * value`: the source's "(504,908 / 248,906) × 15".
    #[default]
    Ratio,
    /// `value * base / from_base`: a rate per unit of base, "34 × 500 / 600".
    Rate,
}

/// `share_of = { base = "population_65plus", of = "nl" }`: the value is the own region's
/// `base` as a share of region `of`'s, as the source states it (rounded).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareOf {
    /// The region base the share is of.
    pub base: String,
    /// The region the share is taken of (usually the country).
    pub of: String,
}

/// Where a value `Model::scale_to` scaled came from: `{ region = "nml", base =
/// "population_65plus", factor = 1.234 }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaledFrom {
    /// The region the value was stated for.
    pub region: String,
    /// The base it was scaled by.
    pub base: String,
    /// target base / own base.
    pub factor: f64,
}

impl std::fmt::Display for ScaledFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "scaled from {} by {}: × {:.3}",
            self.region, self.base, self.factor
        )
    }
}
