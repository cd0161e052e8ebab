//! Monte Carlo over a model: draws in blocks whose random streams are keyed by
//! (seed, block), so the result is bit-identical for any thread count and any split into
//! shards; statistics stream into mergeable accumulators, so memory does not grow with n.
//!
//! By default a run keeps the statistics of the portfolio total and the share of the
//! shortage only; [`McConfig::detail`] adds one group per initiative, theme and sector.
//! The detail costs a quantile sketch and moments per group and draw: about three times
//! the time of a totals-only run on the reference model (42 initiatives), so it is asked
//! for, not paid for by default.

use std::ops::Range;
use std::sync::OnceLock;

use rand::Rng;
use rand_distr::Distribution as _;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};
use thiserror::Error as ThisError;

use super::distributions::{Distribution, Input};
use super::program::{Program, LANES};
use super::random_streams::{block_rng, cholesky, splitmix, UniformStreams};
use super::stats::{BlockSums, GroupStats};
use super::Overrides;
use crate::error::{Error, Location};
use crate::model::{Model, Sector};

/// Draws per block: the unit of random streams, stratification and parallel work.
pub const BLOCK: usize = 1024;
/// Blocks per round: each round runs in parallel and is merged before the next, which
/// bounds memory and gives callers a point to report progress or stop.
pub const ROUND_BLOCKS: u64 = 256;

/// How the inputs' uniform numbers are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Sampler {
    /// Independent pseudo-random draws (Xoshiro256++ per block).
    #[default]
    Random,
    /// Latin hypercube, stratified within each block of [`BLOCK`] draws.
    LatinHypercube,
    /// Owen-scrambled Sobol points (quasi-random), by global draw index.
    Sobol,
}

/// A target rank (Spearman) correlation between two inputs, induced by Iman–Conover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correlation {
    /// Qualified name of the first input (it must have a distribution).
    pub a: String,
    /// Qualified name of the second input.
    pub b: String,
    /// The target rank correlation, in (-1, 1).
    pub rho: f64,
}

/// What a Monte Carlo run draws and which statistics it keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct McConfig {
    /// Number of draws (at least 1).
    pub n: u64,
    /// Seed of the random streams: the same seed gives the same bits on any number of
    /// threads and shards.
    pub seed: u64,
    /// How the inputs' uniform numbers are drawn.
    #[serde(default)]
    pub sampler: Sampler,
    /// Rank correlations between inputs.
    #[serde(default)]
    pub correlations: Vec<Correlation>,
    /// Shares of the shortage whose exceedance is counted exactly.
    #[serde(default)]
    pub targets: Vec<f64>,
    /// Also keep statistics per initiative, theme and sector (off by default: about three
    /// times the run time of the total and share alone).
    #[serde(default)]
    pub detail: bool,
}

impl McConfig {
    /// `n` random draws from `seed`, no correlations or targets, totals only.
    pub fn new(n: u64, seed: u64) -> McConfig {
        McConfig {
            n,
            seed,
            sampler: Sampler::Random,
            correlations: Vec::new(),
            targets: Vec::new(),
            detail: false,
        }
    }
}

/// Results of (part of) a Monte Carlo run. Merge partial results with [`McStats::merge`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct McStats {
    /// Draws included.
    pub n: u64,
    /// The shortage the share is taken of (persons; NaN for a model without one).
    #[serde(with = "super::stats::nonfinite")]
    pub shortage: f64,
    /// `total`, `share`, then with detail `initiative:<id>`, `theme:<id>`, `sector:<id>`.
    pub groups: Vec<GroupStats>,
    /// The configured target shares ([`McConfig::targets`]).
    pub targets: Vec<f64>,
    /// Draws whose share was >= each target.
    pub target_counts: Vec<u64>,
}

/// Why two partial results cannot be merged: they come from different setups. Every
/// variant displays the same message; the variant and its fields say what differs.
#[derive(Clone, Debug, PartialEq, ThisError)]
pub enum MergeError {
    /// The groups differ (one run with detail, the other without, or another model).
    #[error(
        "cannot merge results of different Monte Carlo setups (groups, targets or shortage differ)"
    )]
    Groups {
        /// Group names of the result merged into.
        ours: Vec<String>,
        /// Group names of the result merged in.
        theirs: Vec<String>,
    },
    /// The target shares differ.
    #[error(
        "cannot merge results of different Monte Carlo setups (groups, targets or shortage differ)"
    )]
    Targets {
        /// Targets of the result merged into.
        ours: Vec<f64>,
        /// Targets of the result merged in.
        theirs: Vec<f64>,
    },
    /// The shortage the share is taken of differs.
    #[error(
        "cannot merge results of different Monte Carlo setups (groups, targets or shortage differ)"
    )]
    Shortage {
        /// Shortage of the result merged into (persons).
        ours: f64,
        /// Shortage of the result merged in.
        theirs: f64,
    },
}

impl McStats {
    /// The statistics of group `name` (`total`, `share`, `initiative:<id>`, ...), if kept.
    pub fn group(&self, name: &str) -> Option<&GroupStats> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// An [`Error::InvalidValue`] when some draws gave a portfolio total that is NaN or
    /// infinite (an input drawn where a formula divides by it at 0): their statistics
    /// would be wrong, so a run that had any is an error, as [`Model::evaluate`] refuses
    /// such a value. `origin` names the model in the error.
    pub fn check_finite(&self, origin: &str) -> Result<(), Error> {
        match self.group("total").map_or(0, |g| g.nonfinite) {
            0 => Ok(()),
            bad => Err(Error::InvalidValue {
                loc: Location::file(origin),
                message: format!(
                    "{bad} of {} draws gave a total that is NaN or infinite (an input drawn at \
                     a value where a formula divides by zero?): narrow the distributions so \
                     that every draw is a valid value",
                    self.n
                ),
            }),
        }
    }

    /// Adds another partial result of the same plan (any order gives the same result).
    ///
    /// # Errors
    ///
    /// [`MergeError`] when `other` has other groups, targets or shortage: it is not a part
    /// of the same run. `self` is left unchanged.
    pub fn merge(&mut self, other: &McStats) -> Result<(), MergeError> {
        let names = |s: &McStats| s.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
        if names(self) != names(other) {
            return Err(MergeError::Groups {
                ours: names(self),
                theirs: names(other),
            });
        }
        if self.targets != other.targets {
            return Err(MergeError::Targets {
                ours: self.targets.clone(),
                theirs: other.targets.clone(),
            });
        }
        // bits, not ==: a model without a shortage has NaN here, and NaN != NaN
        if self.shortage.to_bits() != other.shortage.to_bits() {
            return Err(MergeError::Shortage {
                ours: self.shortage,
                theirs: other.shortage,
            });
        }
        self.absorb(other);
        Ok(())
    }

    /// Merges a partial result known to come from the same plan.
    fn absorb(&mut self, other: &McStats) {
        self.n += other.n;
        for (a, b) in self.groups.iter_mut().zip(&other.groups) {
            a.merge(b);
        }
        for (a, b) in self.target_counts.iter_mut().zip(&other.target_counts) {
            *a += b;
        }
    }

    /// P(share >= x): exact for a configured target, from the sketch otherwise.
    pub fn prob_share_at_least(&self, x: f64) -> f64 {
        if let Some(i) = self.targets.iter().position(|t| *t == x) {
            return self.target_counts[i] as f64 / self.n as f64;
        }
        self.group("share")
            .map_or(f64::NAN, |g| g.fraction_at_least(x))
    }
}

/// How one input is drawn.
#[derive(Clone, Debug)]
enum Draw {
    /// Through the inverse CDF of a uniform number.
    Ppf(Distribution),
    /// Fast direct samplers for random sampling.
    Beta {
        lo: f64,
        width: f64,
        beta: rand_distr::Beta<f64>,
    },
    Normal {
        normal: rand_distr::Normal<f64>,
    },
    LogNormal {
        lognormal: rand_distr::LogNormal<f64>,
    },
}

/// A Monte Carlo run prepared for a model: inputs resolved and checked, the model compiled.
#[derive(Clone, Debug)]
pub struct McPlan<'m> {
    model: &'m Model,
    program: Program,
    inputs: Vec<(usize, Distribution, Draw)>,
    cfg: McConfig,
    /// Cholesky factor of the target rank correlation, over `correlated` inputs.
    correlated: Vec<usize>,
    target_chol: Vec<f64>,
    shortage: f64,
    /// Stated value of each group, in group order.
    references: Vec<(String, f64)>,
    theme_of: Vec<usize>,
    sector_index: Vec<usize>,
}

/// The thread pool that honours `WORKFORCE_IMPACT_THREADS` (none set: rayon's global pool).
fn configured_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let n: usize = std::env::var("WORKFORCE_IMPACT_THREADS")
            .ok()?
            .trim()
            .parse()
            .ok()?;
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `blocks` in rounds of [`ROUND_BLOCKS`], each in parallel in the current rayon pool:
/// every worker folds its blocks into an accumulator from `empty` with scratch space from
/// `scratch`, the round's accumulators are absorbed into one, and that into the total. The
/// one loop behind every blocked run ([`McPlan::run_blocks`] and the trajectory, regions and
/// ledger runs), so they merge alike and can stop between rounds alike.
pub fn run_in_rounds<A: Send, S: Send>(
    blocks: Range<u64>,
    empty: impl Fn() -> A + Sync,
    scratch: impl Fn() -> S + Sync,
    block: impl Fn(u64, &mut A, &mut S) + Sync,
    absorb: impl Fn(&mut A, &A) + Sync,
) -> A {
    let mut total = empty();
    let mut start = blocks.start;
    while start < blocks.end {
        let end = (start + ROUND_BLOCKS).min(blocks.end);
        // at least 4 blocks per worker task: an empty accumulator costs no allocation
        // (sketch tables come with the first value), and short tasks leave little idle
        // time at the end of a round
        let round = (start as usize..end as usize)
            .into_par_iter()
            .with_min_len(4)
            .fold(
                || (empty(), scratch()),
                |(mut acc, mut s), b| {
                    block(b as u64, &mut acc, &mut s);
                    (acc, s)
                },
            )
            .map(|(acc, _)| acc)
            .reduce(&empty, |mut a, b| {
                absorb(&mut a, &b);
                a
            });
        absorb(&mut total, &round);
        start = end;
    }
    total
}

/// Runs `f` with at most `WORKFORCE_IMPACT_THREADS` threads when that variable is set.
pub fn with_threads<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match configured_pool() {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

impl Model {
    /// Prepares a Monte Carlo run: every input resolved and checked against its parameter's
    /// valid range, correlations checked, the model compiled with the inputs as slots.
    /// [`McPlan::run`] runs it; [`McPlan::run_blocks`] runs a part, for shards.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for `n == 0`, no inputs, a distribution that leaves its
    /// parameter's valid range, a correlation outside (-1, 1) or a non-positive-definite
    /// set of them, a non-finite target, or more than 256 inputs for Sobol sampling;
    /// [`Error::UnknownParameter`] (or [`Error::Model`]) for a name that is not a parameter
    /// or a correlation naming an input without a distribution.
    ///
    /// # Examples
    ///
    /// ```
    /// use workforce_impact::engine::monte_carlo::McConfig;
    /// use workforce_impact::engine::{Distribution, Input};
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("nml-2023").expect("a builtin model");
    /// let inputs = [Input::new(
    ///     "part_time_factor",
    ///     Distribution::Uniform { lo: 0.60, hi: 0.77 },
    /// )];
    /// let cfg = McConfig { targets: vec![0.35], ..McConfig::new(2_000, 1) };
    /// let stats = model.monte_carlo_plan(&inputs, cfg)?.run();
    /// let total = stats.group("total").expect("always kept");
    /// assert_eq!(stats.n, 2_000);
    /// assert!(total.quantile(0.05) < total.mean() && total.mean() < total.quantile(0.95));
    /// assert!((0.0..=1.0).contains(&stats.prob_share_at_least(0.35)));
    /// // per-initiative groups only with `detail: true`
    /// assert!(stats.group("initiative:fit-for-surgery").is_none());
    /// # Ok::<(), workforce_impact::Error>(())
    /// ```
    pub fn monte_carlo_plan(&self, inputs: &[Input], cfg: McConfig) -> Result<McPlan<'_>, Error> {
        let loc = Location::file(&self.origin);
        if cfg.n == 0 {
            return Err(Error::InvalidValue {
                loc,
                message: "n must be >= 1 (the number of draws)".into(),
            });
        }
        if inputs.is_empty() {
            return Err(Error::InvalidValue {
                loc,
                message: "give at least one input distribution".into(),
            });
        }
        let resolved = self.resolve_inputs(inputs)?;
        if cfg.sampler == Sampler::Sobol && resolved.len() > 256 {
            return Err(Error::InvalidValue {
                loc,
                message: format!(
                    "Sobol sampling supports at most 256 inputs, got {}",
                    resolved.len()
                ),
            });
        }
        let slots: Vec<usize> = resolved.iter().map(|r| r.0).collect();
        let program = Program::compile(self, &slots);
        let inputs: Vec<(usize, Distribution, Draw)> = resolved
            .into_iter()
            .map(|(slot, d)| {
                // drawn directly in base units
                let d = d.scaled(self.params[slot].unit.scale);
                let draw = match &d {
                    Distribution::Pert { lo, mode, hi } if hi > lo => {
                        let w = hi - lo;
                        let (a, b) = Distribution::pert_shape(*lo, *mode, *hi);
                        rand_distr::Beta::new(a, b).map_or(Draw::Ppf(d.clone()), |beta| {
                            Draw::Beta {
                                lo: *lo,
                                width: w,
                                beta,
                            }
                        })
                    }
                    Distribution::Normal { mean, sd, lo, hi }
                        if lo.is_infinite() && hi.is_infinite() =>
                    {
                        rand_distr::Normal::new(*mean, *sd)
                            .map_or(Draw::Ppf(d.clone()), |normal| Draw::Normal { normal })
                    }
                    Distribution::LogNormal { mu, sigma } => {
                        rand_distr::LogNormal::new(*mu, *sigma)
                            .map_or(Draw::Ppf(d.clone()), |lognormal| Draw::LogNormal {
                                lognormal,
                            })
                    }
                    _ => Draw::Ppf(d.clone()),
                };
                (slot, d, draw)
            })
            .collect();
        // Correlations: a target matrix over the inputs they name.
        let mut correlated: Vec<usize> = Vec::new();
        for c in &cfg.correlations {
            for name in [&c.a, &c.b] {
                let slot = self.resolve_name(name)?;
                let i = inputs
                    .iter()
                    .position(|x| x.0 == slot)
                    .ok_or_else(|| Error::Model {
                        loc: Location::parameter(&self.origin, name),
                        message: format!("correlation names '{name}', which has no distribution"),
                    })?;
                if !correlated.contains(&i) {
                    correlated.push(i);
                }
            }
            if !(c.rho > -1.0 && c.rho < 1.0) {
                return Err(Error::InvalidValue {
                    loc: Location::parameter(&self.origin, &c.a),
                    message: format!(
                        "rank correlation {} between '{}' and '{}' must be in (-1, 1)",
                        c.rho, c.a, c.b
                    ),
                });
            }
        }
        let k = correlated.len();
        let mut target = vec![0.0; k * k];
        for i in 0..k {
            target[i * k + i] = 1.0;
        }
        for c in &cfg.correlations {
            let find = |name: &str| {
                let slot = self.param_index(name).unwrap_or(usize::MAX);
                correlated
                    .iter()
                    .position(|&i| inputs[i].0 == slot)
                    .unwrap_or(0)
            };
            let (i, j) = (find(&c.a), find(&c.b));
            target[i * k + j] = c.rho;
            target[j * k + i] = c.rho;
        }
        let target_chol = if k > 0 {
            cholesky(&target, k).ok_or_else(|| Error::InvalidValue {
                loc: Location::file(&self.origin),
                message: "the rank correlations given are not a valid (positive definite) correlation matrix".into(),
            })?
        } else {
            Vec::new()
        };
        for t in &cfg.targets {
            if !t.is_finite() {
                return Err(Error::InvalidValue {
                    loc: Location::file(&self.origin),
                    message: format!("target share {t} is not finite"),
                });
            }
        }

        let stated = self.evaluate(&Overrides::default())?;
        let shortage = self.target_shortage().map_or(f64::NAN, |p| p.persons);
        let mut references = vec![
            ("total".to_string(), stated.total()),
            ("share".to_string(), stated.total() / shortage),
        ];
        let theme_of: Vec<usize> = self.initiatives.iter().map(|i| i.theme).collect();
        let mut sectors: Vec<Sector> = program.keys().iter().map(|k| k.1).collect();
        sectors.sort();
        sectors.dedup();
        let sector_index = program
            .keys()
            .iter()
            .map(|k| sectors.iter().position(|s| *s == k.1).unwrap_or(0))
            .collect();
        if cfg.detail {
            for (n, ini) in self.initiatives.iter().enumerate() {
                references.push((
                    format!("initiative:{}", ini.id),
                    stated.initiative_totals[n],
                ));
            }
            let by_theme = stated.by_theme(self);
            for (t, theme) in self.themes.iter().enumerate() {
                references.push((format!("theme:{}", theme.id), by_theme[t]));
            }
            let by_sector = stated.by_sector();
            for s in &sectors {
                let v = by_sector.iter().find(|x| x.0 == *s).map_or(0.0, |x| x.1);
                references.push((format!("sector:{}", s.id()), v));
            }
        }
        Ok(McPlan {
            model: self,
            program,
            inputs,
            cfg,
            correlated,
            target_chol,
            shortage,
            references,
            theme_of,
            sector_index,
        })
    }
}

/// One block's drawn inputs: [`McPlan::draw`] fills it, so that other runners (the
/// trajectory and all-regions runs in [`crate::time`]) evaluate their own programs on the
/// very same draws.
#[derive(Clone, Debug)]
pub struct Draws {
    columns: Vec<f64>,
    perm: Vec<usize>,
}

impl Draws {
    /// Input-major columns of [`BLOCK`] values each, in base units: input `j` of draw `i` is
    /// `columns()[j * BLOCK + i]`.
    pub fn columns(&self) -> &[f64] {
        &self.columns
    }

    /// The same columns, for a runner that rescales an input before evaluating.
    pub fn columns_mut(&mut self) -> &mut [f64] {
        &mut self.columns
    }
}

/// Per-worker scratch space.
struct Scratch {
    draws: Draws,
    regs: Vec<f64>,
    out: Vec<f64>,
    values: Vec<f64>,
    sums: Vec<BlockSums>,
}

impl McPlan<'_> {
    /// The configuration the plan was made with.
    pub fn config(&self) -> &McConfig {
        &self.cfg
    }

    /// Blocks of [`BLOCK`] draws in the run (the last may be shorter).
    pub fn n_blocks(&self) -> u64 {
        self.cfg.n.div_ceil(BLOCK as u64)
    }

    /// The blocks of shard `index` of `count`: shards together cover every block once.
    pub fn shard_blocks(&self, index: u64, count: u64) -> Range<u64> {
        let nb = self.n_blocks();
        let count = count.max(1);
        let index = index.min(count - 1);
        (nb * index / count)..(nb * (index + 1) / count)
    }

    /// Empty statistics for this plan.
    pub fn empty_stats(&self) -> McStats {
        McStats {
            n: 0,
            shortage: self.shortage,
            groups: self
                .references
                .iter()
                .map(|(name, r)| GroupStats::new(name.clone(), *r))
                .collect(),
            targets: self.cfg.targets.clone(),
            target_counts: vec![0; self.cfg.targets.len()],
        }
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            draws: self.new_draws(),
            regs: self.program.scratch(),
            out: vec![0.0; self.program.n_outputs() * LANES],
            values: vec![0.0; self.references.len() * LANES],
            sums: vec![BlockSums::new(); self.references.len()],
        }
    }

    /// An empty buffer for [`McPlan::draw`].
    pub fn new_draws(&self) -> Draws {
        Draws {
            columns: vec![0.0; self.inputs.len() * BLOCK],
            perm: (0..BLOCK).collect(),
        }
    }

    /// The parameter slot of each input column, in column order.
    pub fn input_slots(&self) -> Vec<usize> {
        self.inputs.iter().map(|i| i.0).collect()
    }

    /// Draws block `b` into `d` and returns its number of draws (0 past the end): the same
    /// values [`McPlan::run_blocks`] evaluates, keyed by (seed, block) alone.
    pub fn draw(&self, b: u64, d: &mut Draws) -> usize {
        let len = self.block_len(b);
        if len > 0 {
            self.draw_block(b, len, d);
        }
        len
    }

    fn block_len(&self, b: u64) -> usize {
        let start = b * BLOCK as u64;
        (self.cfg.n.saturating_sub(start)).min(BLOCK as u64) as usize
    }

    /// Draws block `b`'s inputs into `s.columns` (input-major, in base units).
    fn draw_block(&self, b: u64, len: usize, s: &mut Draws) {
        let mut rng = block_rng(self.cfg.seed, b);
        let mut uniforms = UniformStreams::new(self.cfg.seed, b);
        for (j, (_, dist, draw)) in self.inputs.iter().enumerate() {
            let col = &mut s.columns[j * BLOCK..j * BLOCK + len];
            match self.cfg.sampler {
                Sampler::Random => match draw {
                    Draw::Ppf(d) => {
                        uniforms.fill(col);
                        d.fill_ppf(col);
                    }
                    Draw::Beta { lo, width, beta } => col
                        .iter_mut()
                        .for_each(|x| *x = lo + width * beta.sample(&mut rng)),
                    Draw::Normal { normal } => {
                        col.iter_mut().for_each(|x| *x = normal.sample(&mut rng))
                    }
                    Draw::LogNormal { lognormal } => {
                        col.iter_mut().for_each(|x| *x = lognormal.sample(&mut rng))
                    }
                },
                Sampler::LatinHypercube => {
                    let perm = &mut s.perm[..len];
                    perm.iter_mut().enumerate().for_each(|(i, p)| *p = i);
                    for i in (1..len).rev() {
                        perm.swap(i, rng.random_range(0..=i));
                    }
                    for (x, &p) in col.iter_mut().zip(perm.iter()) {
                        *x = (p as f64 + rng.random::<f64>()) / len as f64;
                    }
                    dist.fill_ppf(col);
                }
                Sampler::Sobol => {
                    // sobol_burley scrambles up to 2^16 points per seed: each run of 2^16
                    // draws is an independently scrambled Sobol set (randomised QMC with
                    // replications), keyed by (seed, run).
                    let start = b * BLOCK as u64;
                    for (i, x) in col.iter_mut().enumerate() {
                        let index = start + i as u64;
                        let scramble = splitmix(self.cfg.seed ^ splitmix(index >> 16)) as u32;
                        let u = sobol_burley::sample((index & 0xFFFF) as u32, j as u32, scramble)
                            as f64;
                        *x = u + 0.5 / 16_777_216.0;
                    }
                    dist.fill_ppf(col);
                }
            }
        }
        if !self.correlated.is_empty() {
            self.iman_conover(len, &mut rng, s);
        }
    }

    /// Reorders the correlated columns so their rank correlation approaches the target.
    fn iman_conover(&self, len: usize, rng: &mut Xoshiro256PlusPlus, s: &mut Draws) {
        let k = self.correlated.len();
        if len < 3 {
            return;
        }
        let normal = Normal::standard();
        let base: Vec<f64> = (1..=len)
            .map(|i| normal.inverse_cdf(i as f64 / (len + 1) as f64))
            .collect();
        // Scores: each column a random permutation of the van der Waerden scores.
        let mut scores = vec![0.0; k * len];
        for c in 0..k {
            let col = &mut scores[c * len..(c + 1) * len];
            col.copy_from_slice(&base);
            for i in (1..len).rev() {
                col.swap(i, rng.random_range(0..=i));
            }
        }
        // Their actual correlation E, its Cholesky Q; new scores = P Q^-1 scores.
        let var: f64 = base.iter().map(|x| x * x).sum::<f64>() / len as f64;
        let mut e = vec![0.0; k * k];
        for a in 0..k {
            for b in 0..=a {
                let c = (0..len)
                    .map(|i| scores[a * len + i] * scores[b * len + i])
                    .sum::<f64>()
                    / len as f64
                    / var;
                e[a * k + b] = c;
                e[b * k + a] = c;
            }
        }
        let Some(q) = cholesky(&e, k) else { return };
        let p = &self.target_chol;
        let mut z = vec![0.0; k];
        let mut y = vec![0.0; k];
        let mut adjusted = vec![0.0; k * len];
        for i in 0..len {
            // solve Q z = scores[:, i]
            for a in 0..k {
                let s_: f64 = (0..a).map(|m| q[a * k + m] * z[m]).sum();
                z[a] = (scores[a * len + i] - s_) / q[a * k + a];
            }
            for a in 0..k {
                y[a] = (0..=a).map(|m| p[a * k + m] * z[m]).sum();
                adjusted[a * len + i] = y[a];
            }
        }
        // Give each column's sorted values the ranks of its adjusted scores.
        let mut order: Vec<usize> = (0..len).collect();
        let mut sorted = vec![0.0; len];
        for (c, &j) in self.correlated.iter().enumerate() {
            let col = &mut s.columns[j * BLOCK..j * BLOCK + len];
            sorted.copy_from_slice(col);
            sorted.sort_by(f64::total_cmp);
            order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
            let adj = &adjusted[c * len..(c + 1) * len];
            order.sort_by(|&a, &b| adj[a].total_cmp(&adj[b]));
            for (rank, &i) in order.iter().enumerate() {
                col[i] = sorted[rank];
            }
        }
    }

    /// Runs one block into `acc`.
    fn run_block(&self, b: u64, acc: &mut McStats, s: &mut Scratch) {
        let len = self.block_len(b);
        if len == 0 {
            return;
        }
        self.draw_block(b, len, &mut s.draws);
        s.sums.iter_mut().for_each(|x| *x = BlockSums::new());
        let m = self.model.initiatives.len();
        let n_themes = self.model.themes.len();
        let detail = self.cfg.detail;
        let mut start = 0;
        while start < len {
            let lanes = (len - start).min(LANES);
            // Group-major sums over the lanes: total, share, then (with detail) each
            // initiative, theme and sector; plain loops over contiguous lanes.
            let values = &mut s.values;
            // The total always comes from `eval_total`, so a run with detail has the very
            // same total and share statistics as one without (same seed, same bits).
            self.program
                .eval_total(&s.draws.columns[start..], BLOCK, &mut s.regs, lanes, values);
            if detail {
                self.program.eval_lanes(
                    &s.draws.columns[start..],
                    BLOCK,
                    &mut s.regs,
                    lanes,
                    &mut s.out,
                );
                values[2 * LANES..].fill(0.0);
                for (o, key) in self.program.keys().iter().enumerate() {
                    let src = &s.out[o * LANES..o * LANES + lanes];
                    let groups = [
                        2 + key.0,
                        2 + m + self.theme_of[key.0],
                        2 + m + n_themes + self.sector_index[o],
                    ];
                    for g in groups {
                        for (d, v) in values[g * LANES..g * LANES + lanes].iter_mut().zip(src) {
                            *d += v;
                        }
                    }
                }
            }
            let (total, rest) = values.split_at_mut(LANES);
            for (sh, t) in rest[..lanes].iter_mut().zip(&total[..lanes]) {
                *sh = t / self.shortage;
            }
            for (t, target) in self.cfg.targets.iter().enumerate() {
                acc.target_counts[t] +=
                    rest[..lanes].iter().filter(|sh| **sh >= *target).count() as u64;
            }
            for (g, group) in acc.groups.iter_mut().enumerate() {
                let vs = &values[g * LANES..g * LANES + lanes];
                s.sums[g].add_lanes(vs, group.reference);
                group.add_lanes_to_sketch(vs);
            }
            start += lanes;
        }
        for (g, sums) in s.sums.iter().enumerate() {
            acc.groups[g].commit(sums);
        }
        acc.n += len as u64;
    }

    /// Statistics over `blocks` (in the current rayon pool).
    pub fn run_blocks(&self, blocks: Range<u64>) -> McStats {
        run_in_rounds(
            blocks,
            || self.empty_stats(),
            || self.scratch(),
            |b, acc, s| self.run_block(b, acc, s),
            |a, b| a.absorb(b),
        )
    }

    /// The whole run, honouring `WORKFORCE_IMPACT_THREADS`.
    pub fn run(&self) -> McStats {
        with_threads(|| self.run_blocks(0..self.n_blocks()))
    }

    /// Draws the inputs of `blocks` and nothing else: the floor a run cannot go below.
    /// Returns a checksum so the work is not optimised away.
    pub fn draw_only(&self, blocks: Range<u64>) -> f64 {
        blocks
            .into_par_iter()
            .fold(
                || (0.0, self.scratch()),
                |(sum, mut s), b| {
                    let len = self.block_len(b);
                    self.draw_block(b, len, &mut s.draws);
                    (sum + s.draws.columns[0], s)
                },
            )
            .map(|x| x.0)
            .sum()
    }
}
