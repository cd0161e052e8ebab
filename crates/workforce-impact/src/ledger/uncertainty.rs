//! Each party's net under uncertainty: the engine's own draws (the same seed gives the
//! same draws as [`Model::monte_carlo_plan`]'s run), each evaluated, booked and settled,
//! with streaming statistics per party and an exact count of draws with a negative net.

use serde::Serialize;

use super::Ledger;
use crate::engine::monte_carlo::{run_in_rounds, with_threads, Draws, McConfig, BLOCK};
use crate::engine::stats::{BlockSums, GroupStats};
use crate::engine::{Evaluation, Input};
use crate::error::Error;
use crate::model::Model;

/// One block's statistics per party, and its count of negative nets per party.
type BlockResult = (Vec<GroupStats>, Vec<u64>);

/// What the blocks of a run add up to: per party the statistics and the count of negative
/// nets, and the first block (by index) whose draw could not be evaluated.
struct Acc {
    groups: Vec<GroupStats>,
    negative: Vec<u64>,
    error: Option<(u64, Error)>,
}

impl Acc {
    fn add(&mut self, groups: &[GroupStats], negative: &[u64]) {
        for (a, b) in self.groups.iter_mut().zip(groups) {
            a.merge(b);
        }
        for (a, b) in self.negative.iter_mut().zip(negative) {
            *a += b;
        }
    }

    fn fail(&mut self, block: u64, e: Error) {
        if self.error.as_ref().is_none_or(|(b, _)| block < *b) {
            self.error = Some((block, e));
        }
    }

    fn absorb(&mut self, other: &Acc) {
        self.add(&other.groups, &other.negative);
        if let Some((b, e)) = &other.error {
            self.fail(*b, e.clone());
        }
    }
}

/// One party's net over the draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyUncertainty {
    /// The party id.
    pub party: String,
    /// Its net at the stated values.
    pub stated: f64,
    /// Mean over the draws.
    pub mean: f64,
    /// 5% quantile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95% quantile.
    pub p95: f64,
    /// The fraction of draws whose net is below zero (counted exactly).
    pub prob_negative: f64,
}

/// The statistics of every party's net over a Monte Carlo run.
#[derive(Clone, Debug, PartialEq)]
pub struct PartyMcStats {
    /// Draws.
    pub n: u64,
    /// `EUR`, `FTE` or `person`: the agreement's unit, else `EUR` when the model has euro
    /// entries and `person` when it has none.
    pub unit: &'static str,
    /// The agreement settled in each draw, if any.
    pub agreement: Option<String>,
    /// Per party: streaming statistics of its net, named by the party id.
    pub groups: Vec<GroupStats>,
    /// Per party: draws with a net below zero.
    pub negative: Vec<u64>,
}

impl PartyMcStats {
    /// The summary per party: mean, 5/50/95% quantiles and P(net < 0).
    pub fn summary(&self) -> Vec<PartyUncertainty> {
        (self.groups.iter().zip(&self.negative))
            .map(|(g, &neg)| {
                let q = g.quantiles(&[0.05, 0.5, 0.95]);
                PartyUncertainty {
                    party: g.name.clone(),
                    stated: g.reference,
                    mean: g.mean(),
                    p05: q[0],
                    p50: q[1],
                    p95: q[2],
                    prob_negative: neg as f64 / self.n.max(1) as f64,
                }
            })
            .collect()
    }
}

impl Model {
    /// Each party's net (after settling `agreement`, when given) over `cfg.n` draws of
    /// `inputs`. The draws are the engine's ([`crate::engine::McPlan::draw`]), so a seed
    /// gives the same draws as the ordinary Monte Carlo, on any number of threads.
    ///
    /// Errors as [`Model::monte_carlo_plan`] does, with [`Error::Model`] for an unknown
    /// agreement, and [`Error::InvalidValue`] when a draw makes a component NaN.
    ///
    /// ```
    /// use workforce_impact::engine::{Distribution, Input, McConfig};
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("beweeghuis-artrose").unwrap();
    /// let inputs = [Input::new("beweegprogramma.surgery_reduction",
    ///                          Distribution::Uniform { lo: 0.0, hi: 0.3 })];
    /// let id = model.ledger.agreements[0].id.clone();
    /// let stats = model.ledger_monte_carlo(&inputs, McConfig::new(2_000, 7), Some(&id)).unwrap();
    /// let rows = stats.summary();
    /// assert_eq!(stats.unit, "EUR");
    /// assert!(rows.iter().all(|r| (0.0..=1.0).contains(&r.prob_negative)));
    /// ```
    pub fn ledger_monte_carlo(
        &self,
        inputs: &[Input],
        cfg: McConfig,
        agreement: Option<&str>,
    ) -> Result<PartyMcStats, Error> {
        let agreement = match agreement {
            Some(id) => Some(self.agreement_or_error(id)?),
            None => None,
        };
        let plan = self.monte_carlo_plan(inputs, cfg)?;
        let stated_values = self.base_values();
        let stated = self.evaluate_values(stated_values.clone())?;
        let ledger = self.ledger(&stated);
        let euros = ledger.rows.iter().any(|r| r.eur.is_some());
        let unit = match agreement {
            Some(a) => a.unit.as_str(),
            None if euros => "EUR",
            None => "person",
        };
        let nets = |eval: &Evaluation, ledger: &Ledger| -> Vec<(String, f64)> {
            match agreement {
                Some(a) => self.settle_with(a, ledger, &eval.values).net_after(),
                None => {
                    let m = ledger.matrix();
                    (m.parties.iter().enumerate())
                        .map(|(p, id)| {
                            let v = if euros {
                                m.eur[p].iter().map(|x| x.unwrap_or(0.0)).sum()
                            } else {
                                m.persons[p].iter().sum()
                            };
                            (id.clone(), v)
                        })
                        .collect()
                }
            }
        };
        let reference = nets(&stated, &ledger);
        let slots = plan.input_slots();
        let mut fixed = vec![false; stated_values.len()];
        for &s in &slots {
            fixed[s] = true;
        }
        let np = reference.len();
        let run_block = |b: u64, draws: &mut Draws| -> Result<BlockResult, Error> {
            let len = plan.draw(b, draws);
            let cols = draws.columns();
            let mut per_party = vec![Vec::with_capacity(len); np];
            for i in 0..len {
                let mut values = stated_values.clone();
                for (j, &slot) in slots.iter().enumerate() {
                    values[slot] = cols[j * BLOCK + i];
                }
                self.recompute_derived(&mut values, &fixed);
                let eval = self.evaluate_values(values)?;
                let ledger = self.ledger(&eval);
                for (p, (_, v)) in nets(&eval, &ledger).into_iter().enumerate().take(np) {
                    per_party[p].push(v);
                }
            }
            let mut groups = Vec::with_capacity(np);
            let mut negative = Vec::with_capacity(np);
            for (p, vs) in per_party.iter().enumerate() {
                let mut g = GroupStats::new(reference[p].0.clone(), reference[p].1);
                let mut sums = BlockSums::new();
                sums.add_lanes(vs, g.reference);
                g.add_lanes_to_sketch(vs);
                g.commit(&sums);
                groups.push(g);
                negative.push(vs.iter().filter(|v| **v < 0.0).count() as u64);
            }
            Ok((groups, negative))
        };
        // Streamed in rounds like every other blocked run: memory does not grow with n. A
        // failing draw fails the run with the error of the first such block.
        let empty = || Acc {
            groups: (reference.iter())
                .map(|(id, v)| GroupStats::new(id.clone(), *v))
                .collect(),
            negative: vec![0u64; np],
            error: None,
        };
        let total = with_threads(|| {
            run_in_rounds(
                0..plan.n_blocks(),
                empty,
                || plan.new_draws(),
                |b, acc: &mut Acc, draws| match run_block(b, draws) {
                    Ok((g, neg)) => acc.add(&g, &neg),
                    Err(e) => acc.fail(b, e),
                },
                |a, b| a.absorb(b),
            )
        });
        if let Some((_, e)) = total.error {
            return Err(e);
        }
        let Acc {
            groups, negative, ..
        } = total;
        Ok(PartyMcStats {
            n: plan.config().n,
            unit,
            agreement: agreement.map(|a| a.id.clone()),
            groups,
            negative,
        })
    }
}
