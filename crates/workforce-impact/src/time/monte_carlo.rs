//! Monte Carlo over years, and over regions: the draws of an ordinary [`McPlan`] (the same
//! seed gives the same draws, bit for bit), evaluated by one weighted program per region
//! whose outputs are the portfolio total of each year
//! ([`Program::compile_weighted`](crate::engine::program::Program::compile_weighted)).
//! A year costs a few multiply-adds per component and one quantile sketch, not a whole
//! evaluation; a region costs one evaluation of its program per draw. Statistics stream
//! into mergeable accumulators, so memory does not grow with the number of draws, and
//! blocks are keyed by (seed, block), so the result is the same on any number of threads
//! and shards.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::monte_carlo::{run_in_rounds, Draws, McPlan, BLOCK};
use crate::engine::program::{Program, LANES};
use crate::engine::stats::{BlockSums, GroupStats};
use crate::error::{Error, Location};

/// One region's compiled trajectory: its program (one output per year), its shortage per
/// year and its exact totals per year (the reference the statistics are summed against).
#[derive(Clone, Debug)]
pub struct RegionProgram {
    /// The region id (the model's own region for a single-region run).
    pub region: String,
    /// Outputs: the portfolio total of each year, in year order.
    pub program: Program,
    /// The shortage of each year, persons.
    pub shortage: Vec<f64>,
    /// The exact total of each year at the stated values.
    pub reference: Vec<f64>,
}

/// A trajectory Monte Carlo ready to run: the draws of `plan`, evaluated per region.
#[derive(Debug)]
pub struct TrajectoryPlan<'m> {
    plan: McPlan<'m>,
    years: Vec<i32>,
    regions: Vec<RegionProgram>,
}

/// Results of (part of) a trajectory Monte Carlo: per region and year the statistics of
/// the portfolio total, and the exact count of draws whose share of that year's shortage
/// reached each target. Merge partial results with [`TrajectoryStats::merge`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryStats {
    /// Draws included.
    pub n: u64,
    /// The years, in order.
    pub years: Vec<i32>,
    /// The region ids, in order.
    pub regions: Vec<String>,
    /// Shortage per (region, year), region-major.
    pub shortage: Vec<f64>,
    /// Statistics of the total per (region, year), region-major; named `<region>:<year>`.
    pub totals: Vec<GroupStats>,
    /// The target shares counted exactly.
    pub targets: Vec<f64>,
    /// Draws whose share reached each target, per (region, year, target), region-major.
    pub target_counts: Vec<u64>,
}

impl TrajectoryStats {
    fn index(&self, region: usize, year: usize) -> usize {
        region * self.years.len() + year
    }

    /// The statistics of the total of `region` (index) in year `year` (index).
    pub fn total(&self, region: usize, year: usize) -> &GroupStats {
        &self.totals[self.index(region, year)]
    }

    /// The shortage of `region` in year `year` (indices).
    pub fn shortage_at(&self, region: usize, year: usize) -> f64 {
        self.shortage[self.index(region, year)]
    }

    /// P(share >= target) of `region` in year `year` (indices), for a configured target;
    /// `None` for a target the run was not asked to count.
    pub fn prob_share_at_least(&self, region: usize, year: usize, target: f64) -> Option<f64> {
        let t = self.targets.iter().position(|x| *x == target)?;
        let i = self.index(region, year) * self.targets.len() + t;
        Some(self.target_counts[i] as f64 / self.n as f64)
    }

    /// Adds another part of the same run (another shard's blocks).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the parts come from different setups (years, regions,
    /// targets or shortages differ).
    pub fn merge(&mut self, other: &TrajectoryStats) -> Result<(), Error> {
        let same = self.years == other.years
            && self.regions == other.regions
            && self.targets == other.targets
            && self.shortage.len() == other.shortage.len()
            && self
                .shortage
                .iter()
                .zip(&other.shortage)
                .all(|(a, b)| a.to_bits() == b.to_bits());
        if !same {
            return Err(Error::InvalidValue {
                loc: Location::default(),
                message: "cannot merge trajectory results of different setups (years, regions, targets or shortage differ)".into(),
            });
        }
        self.absorb(other);
        Ok(())
    }

    fn absorb(&mut self, other: &TrajectoryStats) {
        self.n += other.n;
        for (a, b) in self.totals.iter_mut().zip(&other.totals) {
            a.merge(b);
        }
        for (a, b) in self.target_counts.iter_mut().zip(&other.target_counts) {
            *a += b;
        }
    }
}

struct Scratch {
    draws: Draws,
    regs: Vec<f64>,
    out: Vec<f64>,
    sums: Vec<BlockSums>,
}

impl<'m> TrajectoryPlan<'m> {
    /// A run of `plan`'s draws through `regions`' programs, each with one output per year of
    /// `years`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when a region's program, shortage or reference does not have
    /// one entry per year, or no region is given.
    pub fn new(
        plan: McPlan<'m>,
        years: Vec<i32>,
        regions: Vec<RegionProgram>,
    ) -> Result<TrajectoryPlan<'m>, Error> {
        let bad = |message: String| Error::InvalidValue {
            loc: Location::default(),
            message,
        };
        if regions.is_empty() || years.is_empty() {
            return Err(bad(
                "a trajectory run needs at least one region and one year".into(),
            ));
        }
        for r in &regions {
            let y = years.len();
            if r.program.n_outputs() != y || r.shortage.len() != y || r.reference.len() != y {
                return Err(bad(format!(
                    "region '{}': its program, shortage and reference need one entry per year ({y})",
                    r.region
                )));
            }
        }
        Ok(TrajectoryPlan {
            plan,
            years,
            regions,
        })
    }

    /// The years, in order.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Blocks of [`BLOCK`] draws in the run.
    pub fn n_blocks(&self) -> u64 {
        self.plan.n_blocks()
    }

    /// Empty statistics for this plan.
    pub fn empty_stats(&self) -> TrajectoryStats {
        let mut totals = Vec::new();
        let mut shortage = Vec::new();
        for r in &self.regions {
            for (i, y) in self.years.iter().enumerate() {
                totals.push(GroupStats::new(format!("{}:{y}", r.region), r.reference[i]));
                shortage.push(r.shortage[i]);
            }
        }
        let targets = self.plan.config().targets.clone();
        TrajectoryStats {
            n: 0,
            years: self.years.clone(),
            regions: self.regions.iter().map(|r| r.region.clone()).collect(),
            target_counts: vec![0; totals.len() * targets.len()],
            shortage,
            totals,
            targets,
        }
    }

    fn scratch(&self) -> Scratch {
        let regs = self
            .regions
            .iter()
            .map(|r| r.program.scratch().len())
            .max()
            .unwrap_or(0);
        Scratch {
            draws: self.plan.new_draws(),
            regs: vec![0.0; regs],
            out: vec![0.0; self.years.len() * LANES],
            sums: vec![BlockSums::new(); self.years.len()],
        }
    }

    fn run_block(&self, b: u64, acc: &mut TrajectoryStats, s: &mut Scratch) {
        let len = self.plan.draw(b, &mut s.draws);
        if len == 0 {
            return;
        }
        let n_years = self.years.len();
        let targets = &acc.targets;
        for (r, region) in self.regions.iter().enumerate() {
            s.sums.iter_mut().for_each(|x| *x = BlockSums::new());
            let mut start = 0;
            while start < len {
                let lanes = (len - start).min(LANES);
                region.program.eval_lanes(
                    &s.draws.columns()[start..],
                    BLOCK,
                    &mut s.regs,
                    lanes,
                    &mut s.out,
                );
                for y in 0..n_years {
                    let g = r * n_years + y;
                    let vs = &s.out[y * LANES..y * LANES + lanes];
                    s.sums[y].add_lanes(vs, region.reference[y]);
                    acc.totals[g].add_lanes_to_sketch(vs);
                    for (t, target) in targets.iter().enumerate() {
                        // share >= target, as total >= target × shortage would round
                        // differently at the boundary
                        let shortage = region.shortage[y];
                        acc.target_counts[g * targets.len() + t] +=
                            vs.iter().filter(|v| **v / shortage >= *target).count() as u64;
                    }
                }
                start += lanes;
            }
            for y in 0..n_years {
                acc.totals[r * n_years + y].commit(&s.sums[y]);
            }
        }
        acc.n += len as u64;
    }

    /// Statistics over `blocks` (in the current rayon pool), in rounds of
    /// [`ROUND_BLOCKS`](crate::engine::monte_carlo::ROUND_BLOCKS) so that a caller can stop between them.
    pub fn run_blocks(&self, blocks: Range<u64>) -> TrajectoryStats {
        run_in_rounds(
            blocks,
            || self.empty_stats(),
            || self.scratch(),
            |b, acc, s| self.run_block(b, acc, s),
            |a, b| a.absorb(b),
        )
    }

    /// The whole run, honouring `WORKFORCE_IMPACT_THREADS`.
    pub fn run(&self) -> TrajectoryStats {
        crate::engine::monte_carlo::with_threads(|| self.run_blocks(0..self.n_blocks()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::monte_carlo::McConfig;
    use crate::engine::program::{Variant, WeightedTerm};
    use crate::engine::{Distribution, Input};
    use crate::model::Model;

    /// Every component of every initiative, with weight `ramp(y)` into output y.
    fn ramped_terms(model: &Model, ramps: &[f64]) -> Vec<WeightedTerm> {
        let mut terms = Vec::new();
        for n in 0..model.initiatives.len() {
            for c in 0..model.components_of(n).0.len() {
                for (y, &w) in ramps.iter().enumerate() {
                    terms.push(WeightedTerm {
                        initiative: n,
                        component: c,
                        variant: 0,
                        output: y,
                        weight: w,
                    });
                }
            }
        }
        terms
    }

    #[test]
    fn a_ramped_trajectory_is_the_ramp_times_the_single_year_run() {
        let model = Model::builtin("nml-2023").expect("builtin");
        let inputs = [Input::new(
            "part_time_factor",
            Distribution::Uniform { lo: 0.60, hi: 0.77 },
        )];
        let cfg = McConfig {
            targets: vec![0.35],
            ..McConfig::new(5_000, 7)
        };
        let single = model
            .monte_carlo_plan(&inputs, cfg.clone())
            .expect("plan")
            .run();
        let plan = model.monte_carlo_plan(&inputs, cfg).expect("plan");
        let slots = plan.input_slots();
        let ramps = [0.0, 0.5, 1.0];
        let variant = Variant {
            values: model.base_values(),
            input_scale: vec![1.0],
        };
        let program =
            Program::compile_weighted(&model, &slots, &[variant], 3, &ramped_terms(&model, &ramps));
        let stated = model
            .evaluate(&crate::Overrides::default())
            .expect("evaluates")
            .total();
        let region = RegionProgram {
            region: "nml".into(),
            program,
            shortage: vec![4500.0; 3],
            reference: ramps.iter().map(|r| r * stated).collect(),
        };
        let run = TrajectoryPlan::new(plan, vec![2030, 2031, 2032], vec![region])
            .expect("valid")
            .run();
        let total = single.group("total").expect("total");
        assert_eq!(run.n, 5_000);
        assert_eq!(run.total(0, 0).mean(), 0.0);
        let half = run.total(0, 1).mean();
        assert!(
            (half - 0.5 * total.mean()).abs() < 1e-9 * total.mean(),
            "{half}"
        );
        let full = run.total(0, 2);
        assert!((full.mean() - total.mean()).abs() < 1e-9 * total.mean());
        assert!((full.quantile(0.9) - total.quantile(0.9)).abs() < 1e-6 * total.mean());
        // the same draws: the exact exceedance count of the full year is the single run's
        assert_eq!(
            run.prob_share_at_least(0, 2, 0.35),
            Some(single.prob_share_at_least(0.35))
        );
        assert_eq!(run.prob_share_at_least(0, 0, 0.35), Some(0.0));
        assert_eq!(run.prob_share_at_least(0, 0, 0.5), None);
    }

    #[test]
    fn shards_merge_to_the_whole_run_bit_for_bit() {
        let model = Model::builtin("nml-2023").expect("builtin");
        let inputs = [Input::new(
            "annual_hours",
            Distribution::Triangular {
                lo: 1600.0,
                mode: 2000.0,
                hi: 2100.0,
            },
        )];
        let make = || {
            let plan = model
                .monte_carlo_plan(&inputs, McConfig::new(10_000, 3))
                .expect("plan");
            let slots = plan.input_slots();
            let variant = Variant {
                values: model.base_values(),
                input_scale: vec![1.0],
            };
            let program = Program::compile_weighted(
                &model,
                &slots,
                &[variant],
                2,
                &ramped_terms(&model, &[0.5, 1.0]),
            );
            let region = RegionProgram {
                region: "nml".into(),
                program,
                shortage: vec![4000.0, 4500.0],
                reference: vec![800.0, 1600.0],
            };
            TrajectoryPlan::new(plan, vec![2031, 2032], vec![region]).expect("valid")
        };
        let plan = make();
        let whole = plan.run();
        let nb = plan.n_blocks();
        let mut a = plan.run_blocks(0..nb / 3);
        let b = plan.run_blocks(nb / 3..nb);
        a.merge(&b).expect("same setup");
        assert_eq!(a, whole);
        let mut other = whole.clone();
        other.targets = vec![0.3];
        assert!(other.merge(&whole).is_err());
    }
}
