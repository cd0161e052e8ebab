//! Evaluating a model for many input rows: the varied parameters become slots, everything
//! that does not depend on them is computed once, and rows are evaluated in parallel blocks.

use rayon::prelude::*;

use crate::error::Error;
use crate::model::{Body, Model};

/// Rows per parallel block: large enough to amortise scheduling, small enough to balance.
const BLOCK_ROWS: usize = 4096;

/// A model prepared for evaluating many rows of values for a fixed list of parameters.
#[derive(Clone, Debug)]
pub struct BatchPlan<'m> {
    model: &'m Model,
    /// Slot of each varied parameter, in column order.
    varied: Vec<usize>,
    /// Stated base-unit values of every slot.
    base: Vec<f64>,
    /// Derived slots that read a varied slot (directly or not), in dependency order.
    derived: Vec<usize>,
    /// Per initiative: the constant part (components that read no varied slot) and the
    /// components to evaluate per row, as (factor, component reference).
    initiatives: Vec<(f64, Vec<(f64, ComponentRef)>)>,
}

#[derive(Clone, Copy, Debug)]
enum ComponentRef {
    Own { initiative: usize, component: usize },
    Shared { case: usize, component: usize },
}

impl Model {
    /// Prepares evaluation over rows of values for `names` (qualified parameter names, each
    /// value in the parameter's unit).
    pub fn batch_plan(&self, names: &[&str]) -> Result<BatchPlan<'_>, Error> {
        let mut varied = Vec::with_capacity(names.len());
        for name in names {
            let slot = self.resolve_name(name)?;
            if varied.contains(&slot) {
                return Err(Error::Model {
                    loc: crate::error::Location::file(&self.origin),
                    message: format!("parameter '{name}' is named twice"),
                });
            }
            varied.push(slot);
        }
        let mut touched = vec![false; self.params.len()];
        for &s in &varied {
            touched[s] = true;
        }
        // Derived parameters that an override does not fix but a varied input feeds.
        let mut derived = Vec::new();
        for &s in &self.derived_order {
            if touched[s] {
                continue;
            }
            if let Some(d) = &self.params[s].derived {
                let mut reads = Vec::new();
                d.node.slots(&mut reads);
                if reads.iter().any(|&r| touched[r]) {
                    touched[s] = true;
                    derived.push(s);
                }
            }
        }
        let base = self.base_values();
        let reads_touched = |node: &crate::formula::Node| {
            let mut reads = Vec::new();
            node.slots(&mut reads);
            reads.iter().any(|&r| touched[r])
        };
        let initiatives = self
            .initiatives
            .iter()
            .enumerate()
            .map(|(n, ini)| {
                let mut constant = 0.0;
                let mut live = Vec::new();
                match &ini.body {
                    Body::Components(cs) => {
                        for (k, c) in cs.iter().enumerate() {
                            if reads_touched(&c.node) {
                                live.push((
                                    c.sign.factor(),
                                    ComponentRef::Own {
                                        initiative: n,
                                        component: k,
                                    },
                                ));
                            } else {
                                constant += c.sign.factor() * c.node.eval(&base);
                            }
                        }
                    }
                    Body::Shared { case, share } => {
                        for (k, c) in self.shared[*case].components.iter().enumerate() {
                            if reads_touched(&c.node) {
                                live.push((
                                    c.sign.factor() * share,
                                    ComponentRef::Shared {
                                        case: *case,
                                        component: k,
                                    },
                                ));
                            } else {
                                constant += c.sign.factor() * share * c.node.eval(&base);
                            }
                        }
                    }
                }
                (constant, live)
            })
            .collect();
        Ok(BatchPlan {
            model: self,
            varied,
            base,
            derived,
            initiatives,
        })
    }
}

impl BatchPlan<'_> {
    /// Number of varied parameters (columns of a row).
    pub fn width(&self) -> usize {
        self.varied.len()
    }

    /// Number of initiatives (columns of [`BatchPlan::per_initiative`]).
    pub fn initiatives(&self) -> usize {
        self.initiatives.len()
    }

    fn check_rows(&self, rows: &[f64]) -> Result<usize, Error> {
        let k = self.width();
        if k == 0 || rows.len() % k != 0 {
            return Err(Error::Model {
                loc: crate::error::Location::file(&self.model.origin),
                message: format!("{} values do not make rows of {k} parameters", rows.len()),
            });
        }
        for (i, row) in rows.chunks(k).enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let p = &self.model.params[self.varied[j]];
                if let Err(Error::InvalidValue { loc, message }) = self.model.check_value(p, v) {
                    return Err(Error::InvalidValue {
                        loc,
                        message: format!("row {i}, column {j}: {message}"),
                    });
                }
            }
        }
        Ok(rows.len() / k)
    }

    /// Evaluates one row into `out` (persons per initiative), using `values` as scratch.
    fn eval_row(&self, row: &[f64], values: &mut [f64], out: &mut [f64]) {
        for (j, &slot) in self.varied.iter().enumerate() {
            values[slot] = self.model.params[slot].unit.to_base(row[j]);
        }
        for &s in &self.derived {
            if let Some(d) = &self.model.params[s].derived {
                values[s] = d.node.eval(values);
            }
        }
        for (n, (constant, live)) in self.initiatives.iter().enumerate() {
            let mut total = *constant;
            for (factor, c) in live {
                let node = match *c {
                    ComponentRef::Own {
                        initiative,
                        component,
                    } => match &self.model.initiatives[initiative].body {
                        Body::Components(cs) => &cs[component].node,
                        Body::Shared { .. } => continue,
                    },
                    ComponentRef::Shared { case, component } => {
                        &self.model.shared[case].components[component].node
                    }
                };
                total += factor * node.eval(values);
            }
            out[n] = total;
        }
    }

    /// Persons per initiative for every row of `rows` (row-major, [`BatchPlan::width`]
    /// values a row), as a row-major matrix of rows × initiatives.
    pub fn per_initiative(&self, rows: &[f64]) -> Result<Vec<f64>, Error> {
        let n_rows = self.check_rows(rows)?;
        let (k, m) = (self.width(), self.initiatives());
        let mut out = vec![0.0; n_rows * m];
        out.par_chunks_mut(BLOCK_ROWS * m)
            .zip(rows.par_chunks(BLOCK_ROWS * k))
            .for_each(|(out_block, row_block)| {
                let mut values = self.base.clone();
                for (o, r) in out_block.chunks_mut(m).zip(row_block.chunks(k)) {
                    self.eval_row(r, &mut values, o);
                }
            });
        Ok(out)
    }

    /// The portfolio total (persons) for every row of `rows`.
    pub fn totals(&self, rows: &[f64]) -> Result<Vec<f64>, Error> {
        let n_rows = self.check_rows(rows)?;
        let (k, m) = (self.width(), self.initiatives());
        let mut out = vec![0.0; n_rows];
        out.par_chunks_mut(BLOCK_ROWS)
            .zip(rows.par_chunks(BLOCK_ROWS * k))
            .for_each(|(out_block, row_block)| {
                let mut values = self.base.clone();
                let mut per = vec![0.0; m];
                for (o, r) in out_block.iter_mut().zip(row_block.chunks(k)) {
                    self.eval_row(r, &mut values, &mut per);
                    *o = per.iter().sum();
                }
            });
        Ok(out)
    }
}
