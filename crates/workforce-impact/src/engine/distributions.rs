//! Input distributions for Monte Carlo and sensitivity runs: each can be drawn from by its
//! inverse CDF (so stratified and quasi-random samplers work) and knows its support.

use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, Normal};

use crate::error::{Error, Location};
use crate::model::Model;

/// z of the 95th percentile of the standard normal: a 90% interval is mean ± 1.6449 sd.
const Z95: f64 = 1.644_853_626_951_472_2;

/// A distribution of one input, in the parameter's own unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Distribution {
    /// Always the same value (a degenerate distribution).
    Constant {
        value: f64,
    },
    Uniform {
        lo: f64,
        hi: f64,
    },
    Triangular {
        lo: f64,
        mode: f64,
        hi: f64,
    },
    /// The beta-PERT distribution: mean (lo + 4 mode + hi) / 6.
    Pert {
        lo: f64,
        mode: f64,
        hi: f64,
    },
    /// A normal distribution, truncated to [lo, hi] when either bound is finite.
    Normal {
        mean: f64,
        sd: f64,
        lo: f64,
        hi: f64,
    },
    /// A lognormal distribution: ln X ~ N(mu, sigma).
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    /// `values[i]` with probability `weights[i] / sum(weights)`.
    Discrete {
        values: Vec<f64>,
        weights: Vec<f64>,
    },
}

/// A distribution given relative to the parameter's stated value: `rel = 0.5` is ±50%.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    Uniform,
    Triangular,
    Pert,
    /// A normal distribution whose 90% interval is value ± rel × value.
    Normal,
}

/// How an input varies: a distribution, or a shape around the stated value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Spec {
    Absolute(Distribution),
    Relative { shape: Shape, rel: f64 },
}

/// One varied input: a qualified parameter name and how it varies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub name: String,
    pub spec: Spec,
}

impl Input {
    pub fn new(name: &str, dist: Distribution) -> Input {
        Input {
            name: name.to_string(),
            spec: Spec::Absolute(dist),
        }
    }

    pub fn relative(name: &str, shape: Shape, rel: f64) -> Input {
        Input {
            name: name.to_string(),
            spec: Spec::Relative { shape, rel },
        }
    }
}

fn finite(xs: &[f64]) -> bool {
    xs.iter().all(|x| x.is_finite())
}

impl Distribution {
    /// Checks the parameters; the message says what is wrong ("lo must be <= hi").
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Distribution::Constant { value } => {
                if !value.is_finite() {
                    return Err(format!("constant({value}): the value must be finite"));
                }
            }
            Distribution::Uniform { lo, hi } => {
                if !finite(&[*lo, *hi]) || lo > hi {
                    return Err(format!(
                        "uniform(lo={lo}, hi={hi}): lo must be <= hi, both finite"
                    ));
                }
            }
            Distribution::Triangular { lo, mode, hi } | Distribution::Pert { lo, mode, hi } => {
                let name = if matches!(self, Distribution::Pert { .. }) {
                    "pert"
                } else {
                    "triangular"
                };
                if !finite(&[*lo, *mode, *hi]) || lo > mode || mode > hi {
                    return Err(format!(
                        "{name}(lo={lo}, mode={mode}, hi={hi}): needs lo <= mode <= hi, all finite"
                    ));
                }
            }
            Distribution::Normal { mean, sd, lo, hi } => {
                if !mean.is_finite() || !sd.is_finite() || *sd < 0.0 {
                    return Err(format!(
                        "normal(mean={mean}, sd={sd}): sd must be finite and >= 0"
                    ));
                }
                if lo.is_nan() || hi.is_nan() || lo >= hi {
                    return Err(format!(
                        "normal(mean={mean}, sd={sd}, lo={lo}, hi={hi}): truncation needs lo < hi"
                    ));
                }
                if *sd > 0.0 && (Self::phi((hi - mean) / sd) - Self::phi((lo - mean) / sd)) <= 0.0 {
                    return Err(format!("normal(mean={mean}, sd={sd}, lo={lo}, hi={hi}): the truncation interval holds no probability"));
                }
            }
            Distribution::LogNormal { mu, sigma } => {
                if !finite(&[*mu, *sigma]) || *sigma < 0.0 {
                    return Err(format!(
                        "lognormal(mu={mu}, sigma={sigma}): sigma must be finite and >= 0"
                    ));
                }
            }
            Distribution::Discrete { values, weights } => {
                if values.is_empty() || values.len() != weights.len() {
                    return Err(format!("discrete: {} values and {} weights; give one weight per value, at least one", values.len(), weights.len()));
                }
                if !finite(values)
                    || !finite(weights)
                    || weights.iter().any(|w| *w < 0.0)
                    || weights.iter().sum::<f64>() <= 0.0
                {
                    return Err(
                        "discrete: values must be finite and weights >= 0 with a positive sum"
                            .into(),
                    );
                }
            }
        }
        Ok(())
    }

    /// A lognormal distribution whose 5th and 95th percentiles are `p5` and `p95`.
    pub fn lognormal_from_interval(p5: f64, p95: f64) -> Result<Distribution, String> {
        if !(p5 > 0.0 && p95 >= p5 && p95.is_finite()) {
            return Err(format!(
                "lognormal(p5={p5}, p95={p95}): needs 0 < p5 <= p95"
            ));
        }
        let (a, b) = (p5.ln(), p95.ln());
        Ok(Distribution::LogNormal {
            mu: (a + b) / 2.0,
            sigma: (b - a) / (2.0 * Z95),
        })
    }

    fn phi(z: f64) -> f64 {
        0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
    }

    fn std_normal() -> Normal {
        Normal::standard()
    }

    /// The inverse CDF at `u` in (0, 1).
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
                if u < c {
                    lo + (u * width * (mode - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * width * (hi - mode)).sqrt()
                }
            }
            Distribution::Pert { lo, mode, hi } => {
                let width = hi - lo;
                if width == 0.0 {
                    return *lo;
                }
                let (a, b) = Self::pert_shape(*lo, *mode, *hi);
                match Beta::new(a, b) {
                    Ok(beta) => lo + width * beta.inverse_cdf(u),
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
                let total: f64 = weights.iter().sum();
                let mut acc = 0.0;
                for (v, w) in values.iter().zip(weights) {
                    acc += w / total;
                    if u < acc {
                        return *v;
                    }
                }
                *values.last().unwrap_or(&f64::NAN)
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
                    *u = m * (lo + r) + (1.0 - m) * (hi - r);
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
            Distribution::Uniform { lo, hi } => (lo + hi) / 2.0,
            Distribution::Triangular { lo, mode, hi } => (lo + mode + hi) / 3.0,
            Distribution::Pert { lo, mode, hi } => (lo + 4.0 * mode + hi) / 6.0,
            Distribution::Normal { mean, lo, hi, .. } if lo.is_infinite() && hi.is_infinite() => {
                *mean
            }
            Distribution::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Distribution::Discrete { values, weights } => {
                values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>()
                    / weights.iter().sum::<f64>()
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

    /// The distribution `shape` around `value`, `rel` wide on either side.
    pub fn around(value: f64, shape: Shape, rel: f64) -> Result<Distribution, String> {
        if !(rel.is_finite() && rel >= 0.0) {
            return Err(format!("relative width {rel} must be finite and >= 0"));
        }
        let (lo, hi) = (value - rel * value.abs(), value + rel * value.abs());
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
                    .map_err(|message| Error::InvalidValue {
                        loc: loc.clone(),
                        message,
                    })?,
            };
            dist.validate().map_err(|message| Error::InvalidValue {
                loc: loc.clone(),
                message,
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
                let (vlo, vhi) = p.valid_range();
                let lo = (p.value - rel * p.value.abs()).max(vlo);
                let hi = (p.value + rel * p.value.abs()).min(vhi);
                let dist = match shape {
                    Shape::Uniform => Distribution::Uniform { lo, hi },
                    Shape::Triangular => Distribution::Triangular {
                        lo,
                        mode: p.value,
                        hi,
                    },
                    Shape::Pert => Distribution::Pert {
                        lo,
                        mode: p.value,
                        hi,
                    },
                    Shape::Normal => Distribution::Normal {
                        mean: p.value,
                        sd: rel * p.value.abs() / Z95,
                        lo: vlo,
                        hi: vhi,
                    },
                };
                Input::new(&p.qualified, dist)
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
        assert_eq!(e, "uniform(lo=5, hi=3): lo must be <= hi, both finite");
        let e = Distribution::Normal {
            mean: 1.0,
            sd: -1.0,
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        }
        .validate()
        .unwrap_err();
        assert_eq!(e, "normal(mean=1, sd=-1): sd must be finite and >= 0");
    }
}
