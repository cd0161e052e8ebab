//! Input distributions for Monte Carlo and sensitivity runs: each can be drawn from by its
//! inverse CDF (so stratified and quasi-random samplers work) and knows its support.

use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, Normal};

use crate::error::{Error, Location};
use crate::model::Model;

/// z of the 95th percentile of the standard normal: a 90% interval is mean ± 1.6449 sd.
pub(crate) const Z95: f64 = 1.644_853_626_951_472_2;

/// A distribution of one input, in the parameter's own unit (a percentage as a fraction).
///
/// Serialised with a `kind` tag: `{"kind": "uniform", "lo": 0.6, "hi": 0.77}`. New kinds
/// may be added, so a `match` outside this crate needs a wildcard arm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Distribution {
    /// Always the same value (a degenerate distribution).
    Constant {
        /// The value every draw takes.
        value: f64,
    },
    /// Every value in [lo, hi] equally likely.
    Uniform {
        /// The smallest value.
        lo: f64,
        /// The largest value.
        hi: f64,
    },
    /// A triangular distribution: density rising linearly from `lo` to `mode`, falling to `hi`.
    Triangular {
        /// The smallest value.
        lo: f64,
        /// The most likely value, in [lo, hi].
        mode: f64,
        /// The largest value.
        hi: f64,
    },
    /// The beta-PERT distribution: mean (lo + 4 mode + hi) / 6.
    Pert {
        /// The smallest value.
        lo: f64,
        /// The most likely value, in [lo, hi].
        mode: f64,
        /// The largest value.
        hi: f64,
    },
    /// A normal distribution, truncated to [lo, hi] when either bound is finite.
    Normal {
        /// The mean before truncation.
        mean: f64,
        /// The standard deviation before truncation (0 gives `mean`, clamped to the bounds).
        sd: f64,
        /// The lower truncation bound; `f64::NEG_INFINITY` for none.
        lo: f64,
        /// The upper truncation bound; `f64::INFINITY` for none.
        hi: f64,
    },
    /// A lognormal distribution: ln X ~ N(mu, sigma). Give it by its 5th and 95th percentiles
    /// with [`Distribution::lognormal_from_interval`].
    LogNormal {
        /// The mean of ln X.
        mu: f64,
        /// The standard deviation of ln X.
        sigma: f64,
    },
    /// `values[i]` with probability `weights[i] / sum(weights)`.
    Discrete {
        /// The values the input can take.
        values: Vec<f64>,
        /// One non-negative weight per value; they need not sum to 1.
        weights: Vec<f64>,
    },
}

/// What is wrong with a distribution's parameters. The message (`Display`) names the
/// distribution with its parameters and the rule they break, e.g.
/// `uniform(lo=5, hi=3): lo must be <= hi, both finite`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DistributionError {
    /// A constant that is NaN or infinite.
    #[error("constant({value}): the value must be finite")]
    Constant {
        /// The value given.
        value: f64,
    },
    /// A uniform distribution with `lo > hi` or a bound that is not finite.
    #[error("uniform(lo={lo}, hi={hi}): lo must be <= hi, both finite")]
    Uniform {
        /// The lower bound given.
        lo: f64,
        /// The upper bound given.
        hi: f64,
    },
    /// A triangular distribution whose mode is outside [lo, hi] or a value not finite.
    #[error("triangular(lo={lo}, mode={mode}, hi={hi}): needs lo <= mode <= hi, all finite")]
    Triangular {
        /// The lower bound given.
        lo: f64,
        /// The mode given.
        mode: f64,
        /// The upper bound given.
        hi: f64,
    },
    /// A PERT distribution whose mode is outside [lo, hi] or a value not finite.
    #[error("pert(lo={lo}, mode={mode}, hi={hi}): needs lo <= mode <= hi, all finite")]
    Pert {
        /// The lower bound given.
        lo: f64,
        /// The mode given.
        mode: f64,
        /// The upper bound given.
        hi: f64,
    },
    /// A normal distribution with a negative or non-finite sd, or a non-finite mean.
    #[error("normal(mean={mean}, sd={sd}): sd must be finite and >= 0")]
    NormalSd {
        /// The mean given.
        mean: f64,
        /// The standard deviation given.
        sd: f64,
    },
    /// Truncation bounds that are NaN or not in order (`lo >= hi`).
    #[error("normal(mean={mean}, sd={sd}, lo={lo}, hi={hi}): truncation needs lo < hi")]
    NormalBounds {
        /// The mean given.
        mean: f64,
        /// The standard deviation given.
        sd: f64,
        /// The lower truncation bound given.
        lo: f64,
        /// The upper truncation bound given.
        hi: f64,
    },
    /// Truncation bounds so far out in a tail that no draw can fall between them.
    #[error("normal(mean={mean}, sd={sd}, lo={lo}, hi={hi}): the truncation interval holds no probability")]
    NormalEmptyTruncation {
        /// The mean given.
        mean: f64,
        /// The standard deviation given.
        sd: f64,
        /// The lower truncation bound given.
        lo: f64,
        /// The upper truncation bound given.
        hi: f64,
    },
    /// A parameter of a distribution beyond ±[`MAX_MAGNITUDE`].
    #[error("distribution parameter {value:e} is beyond ±1e150, the largest a distribution takes")]
    Magnitude {
        /// The value given.
        value: f64,
    },
    /// A triangular or PERT distribution narrower than 1e-150 (but not a point).
    #[error(
        "distribution from {lo:e} to {hi:e} is narrower than 1e-150: give it as constant({lo:e}) \
         or widen it"
    )]
    Width {
        /// The lower bound given.
        lo: f64,
        /// The upper bound given.
        hi: f64,
    },
    /// A lognormal distribution whose draws or mean exceed the largest float.
    #[error(
        "lognormal(mu={mu}, sigma={sigma}) reaches values beyond the largest number \
         (exp(mu + 7.1 sigma) and its mean must be finite)"
    )]
    LogNormalRange {
        /// The mu given.
        mu: f64,
        /// The sigma given.
        sigma: f64,
    },
    /// A lognormal distribution with a negative or non-finite sigma, or a non-finite mu.
    #[error("lognormal(mu={mu}, sigma={sigma}): sigma must be finite and >= 0")]
    LogNormal {
        /// The mu given.
        mu: f64,
        /// The sigma given.
        sigma: f64,
    },
    /// A lognormal interval that is not `0 < p5 <= p95` with `p95` finite.
    #[error("lognormal(p5={p5}, p95={p95}): needs 0 < p5 <= p95")]
    LogNormalInterval {
        /// The 5th percentile given.
        p5: f64,
        /// The 95th percentile given.
        p95: f64,
    },
    /// A discrete distribution without values, or with a weight count that differs.
    #[error(
        "discrete: {values} values and {weights} weights; give one weight per value, at least one"
    )]
    DiscreteLengths {
        /// How many values were given.
        values: usize,
        /// How many weights were given.
        weights: usize,
    },
    /// A discrete distribution with a non-finite value, a negative weight or weights
    /// summing to 0.
    #[error("discrete: values must be finite and weights >= 0 with a positive sum")]
    DiscreteWeights,
    /// A relative width (`rel` of [`Spec::Relative`]) that is negative or not finite.
    #[error("relative width {rel} must be finite and >= 0")]
    RelativeWidth {
        /// The width given.
        rel: f64,
    },
    /// A relative width so large that the interval around the value is not finite.
    #[error("relative width {rel:e} around {value} gives an interval that is not finite")]
    RelativeOverflow {
        /// The width given.
        rel: f64,
        /// The value it is relative to.
        value: f64,
    },
}

/// A distribution given relative to the parameter's stated value: `rel = 0.5` is ±50%.
/// New shapes may be added, so a `match` outside this crate needs a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Shape {
    /// Uniform on value ± rel × |value|.
    Uniform,
    /// Triangular on value ± rel × |value|, with the stated value as mode.
    Triangular,
    /// PERT on value ± rel × |value|, with the stated value as mode.
    Pert,
    /// A normal distribution whose 90% interval is value ± rel × value.
    Normal,
}

/// How an input varies: a distribution, or a shape around the stated value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Spec {
    /// A distribution in the parameter's own unit.
    Absolute(Distribution),
    /// `shape` around the parameter's stated value, `rel` wide on either side (0.5 is ±50%).
    Relative {
        /// The distribution's shape.
        shape: Shape,
        /// The half-width as a fraction of the stated value; finite and >= 0.
        rel: f64,
    },
}

/// One varied input: a qualified parameter name and how it varies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// The qualified parameter name (`part_time_factor`, `buikpijnteam.reduction`).
    pub name: String,
    /// How the parameter varies.
    pub spec: Spec,
}

impl Input {
    /// Parameter `name` drawn from `dist` (in the parameter's own unit). The name and the
    /// distribution are checked when a run is prepared, not here.
    pub fn new(name: &str, dist: Distribution) -> Input {
        Input {
            name: name.to_string(),
            spec: Spec::Absolute(dist),
        }
    }

    /// Parameter `name` drawn from `shape` around its stated value, `rel` wide on either
    /// side: `Input::relative("part_time_factor", Shape::Uniform, 0.1)` is 68% ± 6.8 points.
    pub fn relative(name: &str, shape: Shape, rel: f64) -> Input {
        Input {
            name: name.to_string(),
            spec: Spec::Relative { shape, rel },
        }
    }
}

/// The first value whose cumulative weight passes `u`, over (value, weight) pairs in
/// increasing order of value (values of weight 0 are never drawn).
fn discrete_ppf(pairs: impl Iterator<Item = (f64, f64)> + Clone, u: f64) -> f64 {
    let total: f64 = pairs.clone().map(|p| p.1).sum();
    let mut acc = 0.0;
    let mut last = f64::NAN;
    for (v, w) in pairs.filter(|p| p.1 > 0.0) {
        acc += w / total;
        last = v;
        if u < acc {
            return v;
        }
    }
    // rounding left the sum of the weights just below 1: the largest value drawn
    last
}

/// The largest magnitude of a distribution's bounds, mode, mean, sd or values: its square
/// is still a float, so every quantile function stays finite. No count or rate of a
/// regional model comes near it.
pub const MAX_MAGNITUDE: f64 = 1e150;

fn finite(xs: &[f64]) -> bool {
    xs.iter().all(|x| x.is_finite())
}

impl Distribution {
    /// Checks the parameters on their own (not against a parameter's valid range: that is
    /// [`Model::resolve_inputs`]); the error says which rule they break.
    ///
    /// ```
    /// use workforce_impact::engine::{Distribution, DistributionError};
    ///
    /// let d = Distribution::Uniform { lo: 5.0, hi: 3.0 };
    /// assert_eq!(d.validate(), Err(DistributionError::Uniform { lo: 5.0, hi: 3.0 }));
    /// assert_eq!(
    ///     d.validate().unwrap_err().to_string(),
    ///     "uniform(lo=5, hi=3): lo must be <= hi, both finite"
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), DistributionError> {
        // Quantile functions multiply widths (a triangular's (hi - lo)(mode - lo)): past
        // ±1e150 those products leave the floats (found by the `distribution` fuzz target).
        let magnitudes: Vec<f64> = match self {
            Distribution::Constant { value } => vec![*value],
            Distribution::Uniform { lo, hi } => vec![*lo, *hi],
            Distribution::Triangular { lo, mode, hi } | Distribution::Pert { lo, mode, hi } => {
                vec![*lo, *mode, *hi]
            }
            Distribution::Normal { mean, sd, lo, hi } => vec![*mean, *sd, *lo, *hi],
            Distribution::Discrete { values, .. } => values.clone(),
            Distribution::LogNormal { .. } => Vec::new(),
        };
        if let Some(&value) = magnitudes
            .iter()
            .find(|v| v.is_finite() && v.abs() > MAX_MAGNITUDE)
        {
            return Err(DistributionError::Magnitude { value });
        }
        // and below 1e-150 of width their products lose their digits to underflow
        if let Distribution::Triangular { lo, hi, .. } | Distribution::Pert { lo, hi, .. } = *self {
            let width = hi - lo;
            if width > 0.0 && width < 1.0 / MAX_MAGNITUDE {
                return Err(DistributionError::Width { lo, hi });
            }
        }
        match *self {
            Distribution::Constant { value } => {
                if !value.is_finite() {
                    return Err(DistributionError::Constant { value });
                }
            }
            Distribution::Uniform { lo, hi } => {
                if !finite(&[lo, hi]) || lo > hi {
                    return Err(DistributionError::Uniform { lo, hi });
                }
            }
            Distribution::Triangular { lo, mode, hi } => {
                if !finite(&[lo, mode, hi]) || lo > mode || mode > hi {
                    return Err(DistributionError::Triangular { lo, mode, hi });
                }
            }
            Distribution::Pert { lo, mode, hi } => {
                if !finite(&[lo, mode, hi]) || lo > mode || mode > hi {
                    return Err(DistributionError::Pert { lo, mode, hi });
                }
            }
            Distribution::Normal { mean, sd, lo, hi } => {
                if !mean.is_finite() || !sd.is_finite() || sd < 0.0 {
                    return Err(DistributionError::NormalSd { mean, sd });
                }
                if lo.is_nan() || hi.is_nan() || lo >= hi {
                    return Err(DistributionError::NormalBounds { mean, sd, lo, hi });
                }
                if sd > 0.0 && (Self::phi((hi - mean) / sd) - Self::phi((lo - mean) / sd)) <= 0.0 {
                    return Err(DistributionError::NormalEmptyTruncation { mean, sd, lo, hi });
                }
            }
            Distribution::LogNormal { mu, sigma } => {
                if !finite(&[mu, sigma]) || sigma < 0.0 {
                    return Err(DistributionError::LogNormal { mu, sigma });
                }
                // Draws reach exp(mu + 7.03 sigma) (the quantile at 1 - 1e-12), and the mean
                // is exp(mu + sigma²/2): both must be floats (found by the fuzz target).
                if !((mu + 7.1 * sigma).exp().is_finite()
                    && (mu + sigma * sigma / 2.0).exp().is_finite())
                {
                    return Err(DistributionError::LogNormalRange { mu, sigma });
                }
            }
            Distribution::Discrete {
                ref values,
                ref weights,
            } => {
                if values.is_empty() || values.len() != weights.len() {
                    return Err(DistributionError::DiscreteLengths {
                        values: values.len(),
                        weights: weights.len(),
                    });
                }
                if !finite(values)
                    || !finite(weights)
                    || weights.iter().any(|w| *w < 0.0)
                    || weights.iter().sum::<f64>() <= 0.0
                {
                    return Err(DistributionError::DiscreteWeights);
                }
            }
        }
        Ok(())
    }

    /// A lognormal distribution whose 5th and 95th percentiles are `p5` and `p95`; errors
    /// unless `0 < p5 <= p95` and both are finite, and when the interval is so wide that
    /// draws would pass the largest float.
    ///
    /// ```
    /// use workforce_impact::engine::Distribution;
    ///
    /// let d = Distribution::lognormal_from_interval(2.0, 8.0).unwrap();
    /// assert!((d.ppf(0.05) - 2.0).abs() < 1e-9 && (d.ppf(0.95) - 8.0).abs() < 1e-9);
    /// assert_eq!(
    ///     Distribution::lognormal_from_interval(0.0, 8.0).unwrap_err().to_string(),
    ///     "lognormal(p5=0, p95=8): needs 0 < p5 <= p95"
    /// );
    /// ```
    pub fn lognormal_from_interval(p5: f64, p95: f64) -> Result<Distribution, DistributionError> {
        if !(p5 > 0.0 && p95 >= p5 && p95.is_finite()) {
            return Err(DistributionError::LogNormalInterval { p5, p95 });
        }
        let (a, b) = (p5.ln(), p95.ln());
        let d = Distribution::LogNormal {
            mu: (a + b) / 2.0,
            sigma: (b - a) / (2.0 * Z95),
        };
        // an interval of 1e-300 to 1e300 gives a sigma whose draws leave the floats
        d.validate()?;
        Ok(d)
    }

    fn phi(z: f64) -> f64 {
        0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
    }

    fn std_normal() -> Normal {
        Normal::standard()
    }

    /// The inverse CDF at `u` in (0, 1), in the distribution's unit; `u` is clamped to
    /// [1e-12, 1 - 1e-12] so unbounded distributions give finite values.
    pub fn ppf(&self, u: f64) -> f64 {
        let u = u.clamp(1e-12, 1.0 - 1e-12);
        match self {
            Distribution::Constant { value } => *value,
            Distribution::Uniform { lo, hi } => lo + u * (hi - lo),
            Distribution::Triangular { lo, mode, hi } => {
                let width = hi - lo;
                if width == 0.0 {
                    return *lo;
                }
                let c = (mode - lo) / width;
                let x = if u < c {
                    lo + (u * width * (mode - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * width * (hi - mode)).sqrt()
                };
                // near the smallest floats the product rounds: a draw never leaves the
                // support (found by the `distribution` fuzz target)
                x.clamp(*lo, *hi)
            }
            Distribution::Pert { lo, mode, hi } => {
                let width = hi - lo;
                if width == 0.0 {
                    return *lo;
                }
                let (a, b) = Self::pert_shape(*lo, *mode, *hi);
                match Beta::new(a, b) {
                    Ok(beta) => (lo + width * beta.inverse_cdf(u)).clamp(*lo, *hi),
                    Err(_) => *mode,
                }
            }
            Distribution::Normal { mean, sd, lo, hi } => {
                if *sd == 0.0 {
                    return mean.clamp(*lo, *hi);
                }
                let n = Self::std_normal();
                if lo.is_infinite() && hi.is_infinite() {
                    return mean + sd * n.inverse_cdf(u);
                }
                let (a, b) = (Self::phi((lo - mean) / sd), Self::phi((hi - mean) / sd));
                (mean + sd * n.inverse_cdf(a + u * (b - a))).clamp(*lo, *hi)
            }
            Distribution::LogNormal { mu, sigma } => {
                (mu + sigma * Self::std_normal().inverse_cdf(u)).exp()
            }
            Distribution::Discrete { values, weights } => {
                // A quantile function must not decrease (ranks, strata and Sobol points
                // rely on it), so the values are taken in increasing order, whatever
                // order they were given in (found by the `distribution` fuzz target).
                if values.windows(2).all(|w| w[0] <= w[1]) {
                    discrete_ppf(values.iter().copied().zip(weights.iter().copied()), u)
                } else {
                    let mut pairs: Vec<(f64, f64)> = values
                        .iter()
                        .copied()
                        .zip(weights.iter().copied())
                        .collect();
                    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                    discrete_ppf(pairs.into_iter(), u)
                }
            }
        }
    }

    /// The same distribution in a unit `k` times smaller (values multiplied by `k > 0`):
    /// how draws are made directly in base units.
    pub fn scaled(&self, k: f64) -> Distribution {
        match self {
            Distribution::Constant { value } => Distribution::Constant { value: value * k },
            Distribution::Uniform { lo, hi } => Distribution::Uniform {
                lo: lo * k,
                hi: hi * k,
            },
            Distribution::Triangular { lo, mode, hi } => Distribution::Triangular {
                lo: lo * k,
                mode: mode * k,
                hi: hi * k,
            },
            Distribution::Pert { lo, mode, hi } => Distribution::Pert {
                lo: lo * k,
                mode: mode * k,
                hi: hi * k,
            },
            Distribution::Normal { mean, sd, lo, hi } => Distribution::Normal {
                mean: mean * k,
                sd: sd * k,
                lo: lo * k,
                hi: hi * k,
            },
            Distribution::LogNormal { mu, sigma } => Distribution::LogNormal {
                mu: mu + k.ln(),
                sigma: *sigma,
            },
            Distribution::Discrete { values, weights } => Distribution::Discrete {
                values: values.iter().map(|v| v * k).collect(),
                weights: weights.clone(),
            },
        }
    }

    /// Turns uniform numbers in `col` into draws, in place: the same as [`Distribution::ppf`]
    /// on each, with the cheap shapes written as tight loops the compiler vectorises.
    pub fn fill_ppf(&self, col: &mut [f64]) {
        match self {
            Distribution::Constant { value } => col.fill(*value),
            Distribution::Uniform { lo, hi } => {
                let w = hi - lo;
                col.iter_mut()
                    .for_each(|u| *u = lo + u.clamp(1e-12, 1.0 - 1e-12) * w);
            }
            Distribution::Triangular { lo, mode, hi } if hi > lo => {
                let (lo, mode, hi) = (*lo, *mode, *hi);
                let c = (mode - lo) / (hi - lo);
                let (a, b) = ((hi - lo) * (mode - lo), (hi - lo) * (hi - mode));
                // One square root per draw, for the left or the right tail, chosen by
                // arithmetic rather than a branch so the loop stays vectorised.
                col.iter_mut().for_each(|u| {
                    let x = u.clamp(1e-12, 1.0 - 1e-12);
                    let m = f64::from(u8::from(x < c));
                    let r = (m * x * a + (1.0 - m) * (1.0 - x) * b).sqrt();
                    *u = (m * (lo + r) + (1.0 - m) * (hi - r)).clamp(lo, hi);
                });
            }
            Distribution::Discrete { values, weights } => {
                // sorted once per column, not once per draw as ppf would for unsorted values
                let mut pairs: Vec<(f64, f64)> = values
                    .iter()
                    .copied()
                    .zip(weights.iter().copied())
                    .collect();
                pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                col.iter_mut().for_each(|u| {
                    *u = discrete_ppf(pairs.iter().copied(), u.clamp(1e-12, 1.0 - 1e-12));
                });
            }
            _ => col.iter_mut().for_each(|u| *u = self.ppf(*u)),
        }
    }

    /// Beta shape parameters of a PERT distribution (the classic lambda = 4).
    pub(crate) fn pert_shape(lo: f64, mode: f64, hi: f64) -> (f64, f64) {
        let width = hi - lo;
        (
            1.0 + 4.0 * (mode - lo) / width,
            1.0 + 4.0 * (hi - mode) / width,
        )
    }

    /// The smallest and largest values the distribution can take.
    pub fn support(&self) -> (f64, f64) {
        match self {
            Distribution::Constant { value } => (*value, *value),
            Distribution::Uniform { lo, hi }
            | Distribution::Triangular { lo, hi, .. }
            | Distribution::Pert { lo, hi, .. } => (*lo, *hi),
            Distribution::Normal { sd, mean, lo, hi } => {
                if *sd == 0.0 {
                    (mean.clamp(*lo, *hi), mean.clamp(*lo, *hi))
                } else {
                    (*lo, *hi)
                }
            }
            Distribution::LogNormal { sigma, mu } => {
                if *sigma == 0.0 {
                    (mu.exp(), mu.exp())
                } else {
                    (0.0, f64::INFINITY)
                }
            }
            Distribution::Discrete { values, weights } => {
                let used = values
                    .iter()
                    .zip(weights)
                    .filter(|(_, w)| **w > 0.0)
                    .map(|(v, _)| *v);
                let lo = used.clone().fold(f64::INFINITY, f64::min);
                (lo, used.fold(f64::NEG_INFINITY, f64::max))
            }
        }
    }

    /// The mean (for a truncated normal, estimated by quadrature over its quantiles).
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Constant { value } => *value,
            // Each term divided first: (lo + hi) / 2 overflows near the largest float, where
            // lo / 2 + hi / 2 does not (found by the `distribution` fuzz target).
            Distribution::Uniform { lo, hi } => lo / 2.0 + hi / 2.0,
            Distribution::Triangular { lo, mode, hi } => lo / 3.0 + mode / 3.0 + hi / 3.0,
            Distribution::Pert { lo, mode, hi } => lo / 6.0 + mode * (4.0 / 6.0) + hi / 6.0,
            Distribution::Normal { mean, lo, hi, .. } if lo.is_infinite() && hi.is_infinite() => {
                *mean
            }
            Distribution::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Distribution::Discrete { values, weights } => {
                // Normalise each weight first: v·w of a subnormal weight underflows to 0,
                // a mean outside the support (found by the `distribution` fuzz target).
                let total = weights.iter().sum::<f64>();
                let mean: f64 = values
                    .iter()
                    .zip(weights)
                    .map(|(v, w)| v * (w / total))
                    .sum();
                let (lo, hi) = self.support();
                mean.clamp(lo, hi)
            }
            Distribution::Normal { .. } => {
                let k = 4096;
                (0..k)
                    .map(|i| self.ppf((i as f64 + 0.5) / k as f64))
                    .sum::<f64>()
                    / k as f64
            }
        }
    }

    /// The distribution `shape` around `value`, `rel` × |value| wide on either side (for
    /// [`Shape::Normal`], the 90% interval); errors unless `rel` is finite and >= 0.
    ///
    /// ```
    /// use workforce_impact::engine::{Distribution, Shape};
    ///
    /// let d = Distribution::around(2000.0, Shape::Uniform, 0.5).unwrap();
    /// assert_eq!(d, Distribution::Uniform { lo: 1000.0, hi: 3000.0 });
    /// assert_eq!(
    ///     Distribution::around(2000.0, Shape::Uniform, -1.0).unwrap_err().to_string(),
    ///     "relative width -1 must be finite and >= 0"
    /// );
    /// ```
    pub fn around(value: f64, shape: Shape, rel: f64) -> Result<Distribution, DistributionError> {
        if !(rel.is_finite() && rel >= 0.0) {
            return Err(DistributionError::RelativeWidth { rel });
        }
        let (lo, hi) = (value - rel * value.abs(), value + rel * value.abs());
        if !(lo.is_finite() && hi.is_finite()) {
            return Err(DistributionError::RelativeOverflow { rel, value });
        }
        let d = match shape {
            Shape::Uniform => Distribution::Uniform { lo, hi },
            Shape::Triangular => Distribution::Triangular {
                lo,
                mode: value,
                hi,
            },
            Shape::Pert => Distribution::Pert {
                lo,
                mode: value,
                hi,
            },
            Shape::Normal => Distribution::Normal {
                mean: value,
                sd: rel * value.abs() / Z95,
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
            },
        };
        Ok(d)
    }
}

impl Model {
    /// Resolves `inputs` to (slot, distribution) pairs: names bound, relative specs turned
    /// into absolute ones around the stated value, every distribution checked against the
    /// parameter's valid range (a fraction above 1, a negative count are errors).
    ///
    /// Errors with [`Error::UnknownParameter`] for a name that is not a parameter,
    /// [`Error::Model`] for a parameter given twice, and [`Error::InvalidValue`] (the
    /// [`DistributionError`] message, or the valid range left) for a bad distribution.
    pub fn resolve_inputs(&self, inputs: &[Input]) -> Result<Vec<(usize, Distribution)>, Error> {
        let mut out: Vec<(usize, Distribution)> = Vec::with_capacity(inputs.len());
        for input in inputs {
            let slot = self.resolve_name(&input.name)?;
            let p = &self.params[slot];
            let loc = Location::parameter(&self.origin, &p.qualified);
            if out.iter().any(|(s, _)| *s == slot) {
                return Err(Error::Model {
                    loc,
                    message: format!("parameter '{}' is given two distributions", p.qualified),
                });
            }
            let dist = match &input.spec {
                Spec::Absolute(d) => d.clone(),
                Spec::Relative { shape, rel } => Distribution::around(p.value, *shape, *rel)
                    .map_err(|e| Error::InvalidValue {
                        loc: loc.clone(),
                        message: e.to_string(),
                    })?,
            };
            dist.validate().map_err(|e| Error::InvalidValue {
                loc: loc.clone(),
                message: e.to_string(),
            })?;
            let (lo, hi) = dist.support();
            let (vlo, vhi) = p.valid_range();
            if lo < vlo || hi > vhi {
                return Err(Error::InvalidValue {
                    loc,
                    message: format!(
                        "the distribution's support [{lo}, {hi}] leaves the valid range of '{}', which must be {}{}",
                        p.qualified,
                        p.valid_range_text(),
                        if matches!(dist, Distribution::Normal { .. }) { " (truncate the normal with lo/hi)" } else { "" }
                    ),
                });
            }
            out.push((slot, dist));
        }
        Ok(out)
    }

    /// A distribution of `shape` around the stated value, `rel` wide, for every parameter
    /// whose provenance says it is an assumption; ranges are clipped to the valid range
    /// (a ±50% band around 80% stays below 100%).
    pub fn assumptions(&self, rel: f64, shape: Shape) -> Vec<Input> {
        self.params
            .iter()
            .filter(|p| {
                p.kind == crate::model::Kind::Assumption && p.derived.is_none() && p.value != 0.0
            })
            .map(|p| {
                Input::new(
                    &p.qualified,
                    crate::provenance::around_clipped(p, rel, shape),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppf_matches_known_quantiles() {
        let t = Distribution::Triangular {
            lo: 0.0,
            mode: 0.5,
            hi: 1.0,
        };
        assert!((t.ppf(0.5) - 0.5).abs() < 1e-12);
        assert!((t.ppf(0.125) - 0.25).abs() < 1e-12);
        let n = Distribution::Normal {
            mean: 10.0,
            sd: 2.0,
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        };
        assert!((n.ppf(0.95) - (10.0 + 2.0 * Z95)).abs() < 1e-9);
        let ln = Distribution::lognormal_from_interval(2.0, 8.0).unwrap();
        assert!((ln.ppf(0.05) - 2.0).abs() < 1e-9 && (ln.ppf(0.95) - 8.0).abs() < 1e-9);
        let p = Distribution::Pert {
            lo: 0.0,
            mode: 0.5,
            hi: 1.0,
        };
        assert!((p.ppf(0.5) - 0.5).abs() < 1e-9);
        let d = Distribution::Discrete {
            values: vec![1.0, 2.0],
            weights: vec![1.0, 3.0],
        };
        assert_eq!((d.ppf(0.2), d.ppf(0.3)), (1.0, 2.0));
        let tn = Distribution::Normal {
            mean: 0.0,
            sd: 1.0,
            lo: 0.0,
            hi: f64::INFINITY,
        };
        assert!((tn.ppf(0.5) - 0.674_489_750_196_081_7).abs() < 1e-9);
    }

    #[test]
    fn bad_parameters_are_named() {
        let e = Distribution::Uniform { lo: 5.0, hi: 3.0 }
            .validate()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "uniform(lo=5, hi=3): lo must be <= hi, both finite"
        );
        let e = Distribution::Normal {
            mean: 1.0,
            sd: -1.0,
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "normal(mean=1, sd=-1): sd must be finite and >= 0"
        );
    }
}
