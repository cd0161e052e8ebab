//! Evaluating a model for many input rows: the varied parameters become the inputs of a
//! compiled [`Program`] (everything else folded once), rows are evaluated 64 at a time in
//! structure-of-arrays lanes, and blocks of rows run in parallel.

use rayon::prelude::*;

use super::monte_carlo::with_threads;
use super::program::{Program, LANES};
use crate::error::{Error, Location};
use crate::model::Model;

/// Rows per parallel block.
const BLOCK_ROWS: usize = 4096;

/// A model prepared for evaluating many rows of values for a fixed list of parameters.
#[derive(Clone, Debug)]
pub struct BatchPlan<'m> {
    model: &'m Model,
    /// Slot of each varied parameter, in column order.
    varied: Vec<usize>,
    program: Program,
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
                    loc: Location::file(&self.origin),
                    message: format!("parameter '{name}' is named twice"),
                });
            }
            varied.push(slot);
        }
        let program = Program::compile(self, &varied);
        Ok(BatchPlan {
            model: self,
            varied,
            program,
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
        self.model.initiatives.len()
    }

    fn check_rows(&self, rows: &[f64]) -> Result<usize, Error> {
        let k = self.width();
        if k == 0 || rows.len() % k != 0 {
            return Err(Error::Model {
                loc: Location::file(&self.model.origin),
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

    /// Evaluates a block of rows, calling `emit(row, per-output values)` for each.
    fn eval_block(&self, rows: &[f64], mut emit: impl FnMut(usize, &[f64], usize)) {
        let k = self.width();
        let n_out = self.program.n_outputs();
        let mut regs = self.program.scratch();
        let mut columns = vec![0.0; k * LANES];
        let mut out = vec![0.0; n_out * LANES];
        let n_rows = rows.len() / k;
        let mut start = 0;
        while start < n_rows {
            let lanes = (n_rows - start).min(LANES);
            for (j, &slot) in self.varied.iter().enumerate() {
                let scale = self.model.params[slot].unit.scale;
                for lane in 0..lanes {
                    columns[j * LANES + lane] = rows[(start + lane) * k + j] * scale;
                }
            }
            self.program
                .eval_lanes(&columns, LANES, &mut regs, lanes, &mut out);
            for lane in 0..lanes {
                emit(start + lane, &out, lane);
            }
            start += lanes;
        }
    }

    /// Persons per initiative for every row of `rows` (row-major, [`BatchPlan::width`]
    /// values a row), as a row-major matrix of rows × initiatives.
    pub fn per_initiative(&self, rows: &[f64]) -> Result<Vec<f64>, Error> {
        let n_rows = self.check_rows(rows)?;
        let (k, m) = (self.width(), self.initiatives());
        let keys = self.program.keys();
        let mut result = vec![0.0; n_rows * m];
        with_threads(|| {
            result
                .par_chunks_mut(BLOCK_ROWS * m)
                .zip(rows.par_chunks(BLOCK_ROWS * k))
                .for_each(|(dst, block)| {
                    self.eval_block(block, |row, out, lane| {
                        let r = &mut dst[row * m..(row + 1) * m];
                        r.iter_mut().for_each(|x| *x = 0.0);
                        for (o, key) in keys.iter().enumerate() {
                            r[key.0] += out[o * LANES + lane];
                        }
                    });
                });
        });
        Ok(result)
    }

    /// The portfolio total (persons) for every row of `rows`.
    pub fn totals(&self, rows: &[f64]) -> Result<Vec<f64>, Error> {
        let n_rows = self.check_rows(rows)?;
        let k = self.width();
        let n_out = self.program.n_outputs();
        let mut result = vec![0.0; n_rows];
        with_threads(|| {
            result
                .par_chunks_mut(BLOCK_ROWS)
                .zip(rows.par_chunks(BLOCK_ROWS * k))
                .for_each(|(dst, block)| {
                    self.eval_block(block, |row, out, lane| {
                        dst[row] = (0..n_out).map(|o| out[o * LANES + lane]).sum();
                    });
                });
        });
        Ok(result)
    }
}
