//! Sensitivity of the portfolio total to its inputs: a one-at-a-time tornado, variance-based
//! Sobol indices (Saltelli sampling with the estimators of SALib's `sobol.analyze`) and Morris
//! elementary effects. Every method evaluates its whole design through one
//! [`BatchPlan::totals`](crate::engine::BatchPlan::totals) call, so rows run in parallel; the
//! results depend only on the inputs and the seed, not on the number of threads.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::Serialize;

use crate::engine::distributions::{Distribution, Input};
use crate::error::{Error, Location};
use crate::model::Model;

/// z of the 97.5th percentile of the standard normal: a 95% interval is ± 1.96 sd.
const Z975: f64 = 1.959_963_984_540_054;

/// The most inputs a Sobol analysis takes: A and B need 2 Sobol dimensions per input and the
/// scrambled sequence has 256 (two are kept in reserve).
pub const MAX_SOBOL_INPUTS: usize = 127;

/// One bar of a tornado diagram: the portfolio total with one input at its low and at its
/// high end, every other parameter at its stated value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoRow {
    /// The input's (qualified) parameter name.
    pub name: String,
    /// The input's low value, in the parameter's unit.
    pub low: f64,
    /// The input's high value, in the parameter's unit.
    pub high: f64,
    /// Portfolio total (persons) with the input at `low`.
    pub total_low: f64,
    /// Portfolio total (persons) with the input at `high`.
    pub total_high: f64,
    /// `total_low` as a fraction of the target shortage (NaN when the model has none).
    pub share_low: f64,
    /// `total_high` as a fraction of the target shortage (NaN when the model has none).
    pub share_high: f64,
    /// `|total_high - total_low|`, persons.
    pub swing: f64,
}

/// Sobol indices of one input (or group of inputs) with their 95% bootstrap half-widths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SobolRow {
    /// The input's parameter name, or the group's name.
    pub name: String,
    /// First-order index: the share of the variance explained by this input alone.
    pub s1: f64,
    /// 95% confidence half-width of `s1` (NaN without bootstrap resamples).
    pub s1_conf: f64,
    /// Total-order index: the share of the variance this input takes part in.
    pub st: f64,
    /// 95% confidence half-width of `st` (NaN without bootstrap resamples).
    pub st_conf: f64,
}

/// Morris elementary-effect statistics of one input, in persons per unit of the input's
/// [0, 1]-scaled range (its quantile scale).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MorrisRow {
    /// The input's (qualified) parameter name.
    pub name: String,
    /// Mean of the elementary effects (signed).
    pub mu: f64,
    /// Mean of the absolute elementary effects: the overall importance.
    pub mu_star: f64,
    /// Standard deviation (ddof = 1) of the effects: non-linearity and interactions.
    pub sigma: f64,
}

/// SplitMix64's finaliser: decorrelates seeds derived from one another.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Population variance of `ys`: `None` when every value is the same (or there are none).
fn variance(ys: &[f64]) -> Option<f64> {
    let (lo, hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &y| {
            (lo.min(y), hi.max(y))
        });
    if ys.is_empty() || lo == hi {
        return None;
    }
    let mean = ys.iter().sum::<f64>() / ys.len() as f64;
    Some(ys.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / ys.len() as f64)
}

/// Sample standard deviation (ddof = 1); NaN for fewer than two values.
fn sample_sd(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return f64::NAN;
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    (xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// The Saltelli outputs of one analysis: f(A), f(B) and f(AB_g) per group, centred.
struct SaltelliOutputs<'a> {
    fa: &'a [f64],
    fb: &'a [f64],
    fab: Vec<&'a [f64]>,
}

impl SaltelliOutputs<'_> {
    /// (S1, ST) per group over the sample rows `at(0) .. at(m - 1)`: SALib's `first_order`
    /// (Saltelli 2010) and `total_order` (Jansen 1999) estimators, 0 when the output does
    /// not vary.
    fn estimate(&self, m: usize, at: impl Fn(usize) -> usize) -> Vec<(f64, f64)> {
        let both: Vec<f64> = (0..m)
            .map(|t| self.fa[at(t)])
            .chain((0..m).map(|t| self.fb[at(t)]))
            .collect();
        let Some(var) = variance(&both).filter(|v| *v > 0.0) else {
            return vec![(0.0, 0.0); self.fab.len()];
        };
        self.fab
            .iter()
            .map(|fab| {
                let (mut first, mut total) = (0.0, 0.0);
                for t in 0..m {
                    let j = at(t);
                    let d = fab[j] - self.fa[j];
                    first += self.fb[j] * d;
                    total += d * d;
                }
                (first / m as f64 / var, total / m as f64 / (2.0 * var))
            })
            .collect()
    }
}

impl Model {
    fn argument_error(&self, message: String) -> Error {
        Error::InvalidValue {
            loc: Location::file(&self.origin),
            message,
        }
    }

    fn parameter_location(&self, slot: usize) -> Location {
        Location::parameter(&self.origin, &self.params[slot].qualified)
    }

    /// One-at-a-time sensitivity: each input at the low and the high end of its
    /// distribution with every other parameter at its stated value, sorted by swing
    /// (largest first). The ends are the support's when it is bounded on both sides,
    /// else the 5% and 95% quantiles (a normal or lognormal input).
    pub fn tornado(&self, inputs: &[Input]) -> Result<Vec<TornadoRow>, Error> {
        let resolved = self.resolve_inputs(inputs)?;
        let k = resolved.len();
        if k == 0 {
            return Ok(Vec::new());
        }
        let ends: Vec<(f64, f64)> = resolved
            .iter()
            .map(|(_, d)| {
                let (lo, hi) = d.support();
                if lo.is_finite() && hi.is_finite() {
                    (lo, hi)
                } else {
                    (d.ppf(0.05), d.ppf(0.95))
                }
            })
            .collect();
        let stated: Vec<f64> = resolved
            .iter()
            .map(|(s, _)| self.params[*s].value)
            .collect();
        let mut rows = Vec::with_capacity(2 * k * k);
        for (i, (lo, hi)) in ends.iter().enumerate() {
            for end in [lo, hi] {
                let start = rows.len();
                rows.extend_from_slice(&stated);
                rows[start + i] = *end;
            }
        }
        let names: Vec<&str> = resolved
            .iter()
            .map(|(s, _)| self.params[*s].qualified.as_str())
            .collect();
        let totals = self.batch_plan(&names)?.totals(&rows)?;
        let shortage = self.target_shortage().map_or(f64::NAN, |p| p.persons);
        let share = |t: f64| {
            if shortage > 0.0 {
                t / shortage
            } else {
                f64::NAN
            }
        };
        let mut out: Vec<TornadoRow> = inputs
            .iter()
            .zip(&ends)
            .enumerate()
            .map(|(i, (input, (low, high)))| {
                let (total_low, total_high) = (totals[2 * i], totals[2 * i + 1]);
                TornadoRow {
                    name: input.name.clone(),
                    low: *low,
                    high: *high,
                    total_low,
                    total_high,
                    share_low: share(total_low),
                    share_high: share(total_high),
                    swing: (total_high - total_low).abs(),
                }
            })
            .collect();
        let key = |r: &TornadoRow| {
            if r.swing.is_nan() {
                f64::NEG_INFINITY
            } else {
                r.swing
            }
        };
        out.sort_by(|a, b| key(b).total_cmp(&key(a)));
        Ok(out)
    }

    /// Groups as (name, column indices) pairs; one group per input without `groups`.
    fn sobol_groups(
        &self,
        inputs: &[Input],
        resolved: &[(usize, Distribution)],
        groups: Option<&[(String, Vec<String>)]>,
    ) -> Result<Vec<(String, Vec<usize>)>, Error> {
        let Some(groups) = groups else {
            return Ok(inputs
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.clone(), vec![i]))
                .collect());
        };
        let mut owner: Vec<Option<usize>> = vec![None; resolved.len()];
        let mut out = Vec::with_capacity(groups.len());
        for (g, (name, members)) in groups.iter().enumerate() {
            if groups[..g].iter().any(|(other, _)| other == name) {
                return Err(Error::Model {
                    loc: Location::file(&self.origin),
                    message: format!("group '{name}' is named twice"),
                });
            }
            if members.is_empty() {
                return Err(Error::Model {
                    loc: Location::file(&self.origin),
                    message: format!("group '{name}' has no inputs"),
                });
            }
            let mut columns = Vec::with_capacity(members.len());
            for member in members {
                let slot = self.resolve_name(member)?;
                let Some(col) = resolved.iter().position(|(s, _)| *s == slot) else {
                    return Err(Error::Model {
                        loc: self.parameter_location(slot),
                        message: format!("parameter '{member}' is in group '{name}' but is not one of the inputs"),
                    });
                };
                if let Some(h) = owner[col] {
                    return Err(Error::Model {
                        loc: self.parameter_location(slot),
                        message: format!(
                            "input '{member}' is in group '{}' and in group '{name}'; each input belongs to exactly one group",
                            groups[h].0
                        ),
                    });
                }
                owner[col] = Some(g);
                columns.push(col);
            }
            out.push((name.clone(), columns));
        }
        if let Some(col) = owner.iter().position(Option::is_none) {
            return Err(Error::Model {
                loc: self.parameter_location(resolved[col].0),
                message: format!(
                    "input '{}' is in no group; the groups must cover each input exactly once",
                    inputs[col].name
                ),
            });
        }
        Ok(out)
    }

    /// Variance-based (Sobol) sensitivity indices of the portfolio total.
    ///
    /// Saltelli's design: matrices A and B of `n` rows from a 2k-dimensional Owen-scrambled
    /// Sobol sequence (seeded from `seed`) mapped through each input's quantile function, and
    /// per input (or per group in `groups`) the matrix AB_i: A with the input's column(s)
    /// from B. The n·(groups + 2) rows are evaluated in one batch. S1 and ST use SALib's
    /// estimators (first order after Saltelli 2010, total order after Jansen), with the
    /// variance of f(A) and f(B) together; `bootstrap` resamples of the n rows give 95%
    /// confidence half-widths (NaN when `bootstrap` is 0). Rows come in input (or group)
    /// order; a power of two for `n` balances the Sobol sequence best.
    ///
    /// `groups` are (group name, qualified parameter names) pairs; every input must be in
    /// exactly one group. Errors with [`Error::InvalidValue`] for `n < 2`, [`Error::Model`]
    /// for more than [`MAX_SOBOL_INPUTS`] inputs or bad groups, and as
    /// [`Model::resolve_inputs`] does for the inputs.
    ///
    /// ```
    /// use workforce_impact::engine::{Distribution, Input, Shape};
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let inputs = [
    ///     Input::relative("part_time_factor", Shape::Uniform, 0.1),
    ///     Input::new("annual_hours", Distribution::Uniform { lo: 1600.0, hi: 2000.0 }),
    ///     Input::relative("fit-for-surgery.stay_reduction", Shape::Uniform, 0.5),
    /// ];
    /// let rows = model.sobol(&inputs, 1024, 7, 0, None).unwrap();
    /// // The two global factors carry almost all of the variance, one initiative's
    /// // assumption hardly any.
    /// assert!(rows[0].st > 0.4 && rows[1].st > 0.4 && rows[2].st < 0.05);
    /// ```
    pub fn sobol(
        &self,
        inputs: &[Input],
        n: usize,
        seed: u64,
        bootstrap: usize,
        groups: Option<&[(String, Vec<String>)]>,
    ) -> Result<Vec<SobolRow>, Error> {
        if n < 2 {
            return Err(self.argument_error("n must be >= 2".into()));
        }
        if n > u32::MAX as usize {
            return Err(self.argument_error(format!("n must be <= {}", u32::MAX)));
        }
        let resolved = self.resolve_inputs(inputs)?;
        let k = resolved.len();
        if k > MAX_SOBOL_INPUTS {
            return Err(Error::Model {
                loc: Location::file(&self.origin),
                message: format!(
                    "a Sobol analysis takes at most {MAX_SOBOL_INPUTS} inputs (2 Sobol dimensions each, 256 in all); {k} given: vary fewer, or rank them first with tornado or morris"
                ),
            });
        }
        let groups = self.sobol_groups(inputs, &resolved, groups)?;
        if k == 0 {
            return Ok(Vec::new());
        }
        let d = groups.len();
        // Each bootstrap resample draws n row indices and keeps 2 indices per group.
        let resampled = bootstrap.checked_mul(n.max(2 * d));
        if resampled.is_none_or(|v| v > crate::limits::MAX_SAMPLE_VALUES) {
            return Err(self.argument_error(crate::limits::too_many_values(
                "this Sobol bootstrap",
                &format!(
                    "resamples × max(n, 2 × groups) = {bootstrap} × {}",
                    n.max(2 * d)
                ),
                resampled,
                "use fewer bootstrap resamples (a few hundred give the 95% interval)",
            )));
        }
        let values = n.checked_mul(d + 2).and_then(|r| r.checked_mul(k));
        if values.is_none_or(|v| v > crate::limits::MAX_SAMPLE_VALUES) {
            return Err(self.argument_error(crate::limits::too_many_values(
                "this Sobol analysis",
                &format!("n × (groups + 2) × inputs = {n} × {} × {k}", d + 2),
                values,
                "lower n, or vary fewer inputs or group them (groups=)",
            )));
        }

        // A and B, row-major, in each parameter's unit.
        let sobol_seed = (mix(seed) >> 32) as u32;
        let mut a = vec![0.0; n * k];
        let mut b = vec![0.0; n * k];
        a.par_chunks_mut(k)
            .zip(b.par_chunks_mut(k))
            .enumerate()
            .for_each(|(j, (ra, rb))| {
                // sobol_burley scrambles at most 2^16 points per seed: past that, each run of
                // 2^16 rows is its own scrambled Sobol set (randomised QMC with replications).
                let (index, run) = ((j & 0xFFFF) as u32, (j >> 16) as u64);
                let seed = if run == 0 {
                    sobol_seed
                } else {
                    (mix(seed ^ mix(run)) >> 32) as u32
                };
                for (i, (_, dist)) in resolved.iter().enumerate() {
                    let ua = sobol_burley::sample(index, i as u32, seed);
                    let ub = sobol_burley::sample(index, (k + i) as u32, seed);
                    ra[i] = dist.ppf(f64::from(ua));
                    rb[i] = dist.ppf(f64::from(ub));
                }
            });
        // Blocks of n rows: A, B, AB_1 .. AB_d.
        let mut rows = vec![0.0; n * k * (d + 2)];
        rows.par_chunks_mut(n * k)
            .enumerate()
            .for_each(|(block, out)| match block {
                0 => out.copy_from_slice(&a),
                1 => out.copy_from_slice(&b),
                _ => {
                    out.copy_from_slice(&a);
                    let columns = &groups[block - 2].1;
                    for (ro, rb) in out.chunks_mut(k).zip(b.chunks(k)) {
                        for &c in columns {
                            ro[c] = rb[c];
                        }
                    }
                }
            });
        drop((a, b));
        let names: Vec<&str> = resolved
            .iter()
            .map(|(s, _)| self.params[*s].qualified.as_str())
            .collect();
        let mut y = self.batch_plan(&names)?.totals(&rows)?;
        drop(rows);
        // Centre the output (SALib normalises it) so that the first-order estimator does not
        // lose precision to a large mean; the indices do not depend on the scale.
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        y.iter_mut().for_each(|v| *v -= mean);
        let outputs = SaltelliOutputs {
            fa: &y[..n],
            fb: &y[n..2 * n],
            fab: (0..d).map(|g| &y[(g + 2) * n..(g + 3) * n]).collect(),
        };
        let point = outputs.estimate(n, |j| j);

        let resamples: Vec<Vec<(f64, f64)>> = (0..bootstrap)
            .into_par_iter()
            .map(|r| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix(mix(seed) ^ r as u64));
                let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
                outputs.estimate(n, |t| idx[t])
            })
            .collect();
        Ok(groups
            .iter()
            .enumerate()
            .map(|(g, (name, _))| {
                let s1s: Vec<f64> = resamples.iter().map(|e| e[g].0).collect();
                let sts: Vec<f64> = resamples.iter().map(|e| e[g].1).collect();
                SobolRow {
                    name: name.clone(),
                    s1: point[g].0,
                    s1_conf: Z975 * sample_sd(&s1s),
                    st: point[g].1,
                    st_conf: Z975 * sample_sd(&sts),
                }
            })
            .collect())
    }

    /// Morris elementary effects of the portfolio total: `trajectories` one-at-a-time
    /// trajectories on a `levels`-level grid of the unit hypercube (Morris' classic design,
    /// step Δ = levels / (2 (levels - 1)), as SALib samples it), mapped through each input's
    /// quantile function. An effect is the change of the total divided by Δ, i.e. persons
    /// per unit of the input's [0, 1]-scaled range; rows come in input order. The grid's
    /// ends 0 and 1 map to the support's ends, so give unbounded inputs (normal, lognormal)
    /// as truncated or bounded distributions: otherwise they are the 1e-12 and 1 - 1e-12
    /// quantiles.
    pub fn morris(
        &self,
        inputs: &[Input],
        trajectories: usize,
        levels: usize,
        seed: u64,
    ) -> Result<Vec<MorrisRow>, Error> {
        if trajectories < 2 {
            return Err(self.argument_error("trajectories must be >= 2".into()));
        }
        if levels < 2 || levels % 2 != 0 {
            return Err(self.argument_error(format!("levels must be even and >= 2, got {levels}")));
        }
        let resolved = self.resolve_inputs(inputs)?;
        let k = resolved.len();
        if k == 0 {
            return Ok(Vec::new());
        }
        let values = trajectories
            .checked_mul(k + 1)
            .and_then(|r| r.checked_mul(k));
        if values.is_none_or(|v| v > crate::limits::MAX_SAMPLE_VALUES) {
            return Err(self.argument_error(crate::limits::too_many_values(
                "this Morris screening",
                &format!(
                    "trajectories × (inputs + 1) × inputs = {trajectories} × {} × {k}",
                    k + 1
                ),
                values,
                "use fewer trajectories or vary fewer inputs",
            )));
        }
        let delta = levels as f64 / (2.0 * (levels - 1) as f64);
        let half = levels / 2;
        // The value of every input at every grid level (level / (levels - 1) on [0, 1]).
        let table: Vec<Vec<f64>> = resolved
            .iter()
            .map(|(_, dist)| {
                (0..levels)
                    .map(|l| dist.ppf(l as f64 / (levels - 1) as f64))
                    .collect()
            })
            .collect();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix(seed));
        // Per trajectory: the order in which inputs move and the direction of each move.
        let mut moves: Vec<Vec<(usize, f64)>> = Vec::with_capacity(trajectories);
        let mut rows = Vec::with_capacity(trajectories * (k + 1) * k);
        for _ in 0..trajectories {
            // Base levels in the lower half of the grid, so that base + Δ stays on it.
            let base: Vec<usize> = (0..k).map(|_| rng.random_range(0..half)).collect();
            let up: Vec<bool> = (0..k).map(|_| rng.random_bool(0.5)).collect();
            let mut order: Vec<usize> = (0..k).collect();
            for i in (1..k).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            // Start at the base where the input will move up, at base + Δ where it moves down.
            let mut level: Vec<usize> = (0..k)
                .map(|i| base[i] + if up[i] { 0 } else { half })
                .collect();
            rows.extend((0..k).map(|i| table[i][level[i]]));
            let mut steps = Vec::with_capacity(k);
            for &i in &order {
                level[i] = base[i] + if up[i] { half } else { 0 };
                rows.extend((0..k).map(|c| table[c][level[c]]));
                steps.push((i, if up[i] { delta } else { -delta }));
            }
            moves.push(steps);
        }
        let names: Vec<&str> = resolved
            .iter()
            .map(|(s, _)| self.params[*s].qualified.as_str())
            .collect();
        let y = self.batch_plan(&names)?.totals(&rows)?;
        let mut effects = vec![Vec::with_capacity(trajectories); k];
        for (t, steps) in moves.iter().enumerate() {
            let f = &y[t * (k + 1)..(t + 1) * (k + 1)];
            for (s, &(i, step)) in steps.iter().enumerate() {
                effects[i].push((f[s + 1] - f[s]) / step);
            }
        }
        Ok(inputs
            .iter()
            .zip(&effects)
            .map(|(input, ee)| {
                let r = ee.len() as f64;
                MorrisRow {
                    name: input.name.clone(),
                    mu: ee.iter().sum::<f64>() / r,
                    mu_star: ee.iter().map(|e| e.abs()).sum::<f64>() / r,
                    sigma: sample_sd(ee),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(variance(&[2.0, 2.0]), None);
        assert_eq!(variance(&[1.0, 3.0]), Some(1.0));
        assert!((sample_sd(&[1.0, 3.0]) - 2f64.sqrt()).abs() < 1e-15);
        assert!(sample_sd(&[1.0]).is_nan());
        assert_ne!(mix(0), mix(1));
    }
}
