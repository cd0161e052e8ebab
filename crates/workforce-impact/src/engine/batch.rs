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
    /// Per column: the valid range (lo, hi) and the unit's scale to base units.
    column_ranges: Vec<(f64, f64, f64)>,
    /// Regions with a varied population: (population, 65+ population), each a column or
    /// the stated value, checked per row as loading checks the file.
    region_checks: Vec<(Operand, Operand)>,
    program: Program,
}

/// A value of a row: one of its columns, or a stated value.
#[derive(Clone, Copy, Debug)]
enum Operand {
    Column(usize),
    Stated(f64),
}

impl Operand {
    fn of(self, row: &[f64]) -> f64 {
        match self {
            Operand::Column(j) => row[j],
            Operand::Stated(v) => v,
        }
    }
}

impl Model {
    /// Prepares evaluation over rows of values for `names` (qualified parameter names, each
    /// value in the parameter's unit). Errors with [`Error::UnknownParameter`] for a name
    /// that is not a parameter and [`Error::Model`] for a name given twice.
    ///
    /// ```
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let plan = model.batch_plan(&["part_time_factor", "annual_hours"]).unwrap();
    /// // Three rows: as stated, a part-time factor of 60%, 1,800 annual hours.
    /// let rows = [0.68, 2000.0, 0.60, 2000.0, 0.68, 1800.0];
    /// let totals = plan.totals(&rows).unwrap();
    /// assert_eq!(totals.iter().map(|t| t.round()).collect::<Vec<_>>(), [1633.0, 1700.0, 1682.0]);
    /// assert_eq!(plan.per_initiative(&rows).unwrap().len(), 3 * 42);
    /// ```
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
        let column_ranges = varied
            .iter()
            .map(|&slot| {
                let p = &self.params[slot];
                let (lo, hi) = p.valid_range();
                (lo, hi, p.unit.scale)
            })
            .collect();
        let operand = |slot: usize| match varied.iter().position(|&s| s == slot) {
            Some(j) => Operand::Column(j),
            None => Operand::Stated(self.params[slot].value),
        };
        let region_checks = self
            .regions
            .iter()
            .filter_map(|r| Some((r.population, r.population_65plus?)))
            .filter(|(p, p65)| varied.contains(p) || varied.contains(p65))
            .map(|(p, p65)| (operand(p), operand(p65)))
            .collect();
        Ok(BatchPlan {
            model: self,
            varied,
            column_ranges,
            region_checks,
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

    /// The number of rows, or an error when `rows` does not divide into rows.
    fn count_rows(&self, rows: &[f64]) -> Result<usize, Error> {
        let k = self.width();
        if k == 0 || rows.len() % k != 0 {
            return Err(Error::Model {
                loc: Location::file(&self.model.origin),
                message: format!("{} values do not make rows of {k} parameters", rows.len()),
            });
        }
        Ok(rows.len() / k)
    }

    /// The error for the first invalid value of row `i`.
    fn row_error(&self, rows: &[f64], i: usize) -> Error {
        let k = self.width();
        for (j, &v) in rows[i * k..(i + 1) * k].iter().enumerate() {
            let p = &self.model.params[self.varied[j]];
            if let Err(Error::InvalidValue { loc, message }) = self.model.check_value(p, v) {
                return Error::InvalidValue {
                    loc,
                    message: format!("row {i}, column {j}: {message}"),
                };
            }
        }
        let row = &rows[i * k..(i + 1) * k];
        let value = |slot: usize| match self.varied.iter().position(|&s| s == slot) {
            Some(j) => row[j],
            None => self.model.params[slot].value,
        };
        if let Err(Error::InvalidValue { loc, message }) = self.model.check_regions(value) {
            return Error::InvalidValue {
                loc,
                message: format!("row {i}: {message}"),
            };
        }
        // Every value is in range, so the row's result is what is not finite.
        Error::InvalidValue {
            loc: Location::file(&self.model.origin),
            message: format!(
                "row {i}: the model evaluates to NaN or infinity with these values (a \
                 division by zero?)"
            ),
        }
    }

    /// Evaluates a block of rows (block `b` of [`BLOCK_ROWS`]), calling
    /// `emit(row in block, per-output values, lane)` for each. Values are checked against
    /// their parameter's valid range while they are read: one pass over the input. Returns
    /// the first invalid row (in the whole input) instead.
    fn eval_block(
        &self,
        b: usize,
        total_only: bool,
        rows: &[f64],
        mut emit: impl FnMut(usize, &[f64], usize),
    ) -> Result<(), usize> {
        let k = self.width();
        let n_out = self.program.n_outputs();
        let mut regs = self.program.scratch();
        let mut columns = vec![0.0; k * LANES];
        let mut out = vec![0.0; n_out * LANES];
        let ranges = &self.column_ranges;
        let n_rows = rows.len() / k;
        let mut start = 0;
        while start < n_rows {
            let lanes = (n_rows - start).min(LANES);
            let mut ok = true;
            for lane in 0..lanes {
                let row = &rows[(start + lane) * k..(start + lane + 1) * k];
                for (j, (&v, &(lo, hi, scale))) in row.iter().zip(ranges).enumerate() {
                    // NaN fails both comparisons; an infinite bound does not admit infinity
                    ok &= v >= lo && v <= hi && v.is_finite();
                    columns[j * LANES + lane] = v * scale;
                }
            }
            let regions_ok = |i: usize| {
                let row = &rows[i * k..(i + 1) * k];
                self.region_checks
                    .iter()
                    .all(|&(p, p65)| p65.of(row) <= p.of(row))
            };
            if !self.region_checks.is_empty() {
                ok &= (start..start + lanes).all(regions_ok);
            }
            if !ok {
                let bad = (start..start + lanes)
                    .find(|&i| {
                        !regions_ok(i)
                            || rows[i * k..(i + 1) * k]
                                .iter()
                                .zip(ranges)
                                .any(|(&v, &(lo, hi, _))| !(v >= lo && v <= hi && v.is_finite()))
                    })
                    .unwrap_or(start);
                return Err(b * BLOCK_ROWS + bad);
            }
            if total_only {
                self.program
                    .eval_total(&columns, LANES, &mut regs, lanes, &mut out);
            } else {
                self.program
                    .eval_lanes(&columns, LANES, &mut regs, lanes, &mut out);
            }
            // As evaluate refuses a non-finite result, so does every row of a batch.
            let checked = if total_only { 1 } else { n_out };
            if let Some(lane) =
                (0..lanes).find(|&lane| (0..checked).any(|o| !out[o * LANES + lane].is_finite()))
            {
                return Err(b * BLOCK_ROWS + start + lane);
            }
            for lane in 0..lanes {
                emit(start + lane, &out, lane);
            }
            start += lanes;
        }
        Ok(())
    }

    /// Runs `f` over blocks of rows in parallel; the error of the first invalid row.
    fn run_blocks<T: Send>(
        &self,
        rows: &[f64],
        result: &mut [T],
        per_row: usize,
        f: impl Fn(usize, &[f64], &mut [T]) -> Result<(), usize> + Sync,
    ) -> Result<(), Error> {
        let k = self.width();
        let first_bad = with_threads(|| {
            result
                .par_chunks_mut(BLOCK_ROWS * per_row)
                .zip(rows.par_chunks(BLOCK_ROWS * k))
                .enumerate()
                .map(|(b, (dst, block))| f(b, block, dst).err())
                .flatten()
                .min()
        });
        match first_bad {
            Some(i) => Err(self.row_error(rows, i)),
            None => Ok(()),
        }
    }

    /// Persons per initiative for every row of `rows` (row-major, [`BatchPlan::width`]
    /// values a row), as a row-major matrix of rows × initiatives. Errors with
    /// [`Error::Model`] when `rows` does not divide into rows and [`Error::InvalidValue`]
    /// (naming row and column) for the first value outside its parameter's valid range.
    pub fn per_initiative(&self, rows: &[f64]) -> Result<Vec<f64>, Error> {
        let n_rows = self.count_rows(rows)?;
        let m = self.initiatives();
        let keys = self.program.keys();
        let mut result = vec![0.0; n_rows * m];
        self.run_blocks(rows, &mut result, m, |b, block, dst| {
            self.eval_block(b, false, block, |row, out, lane| {
                let r = &mut dst[row * m..(row + 1) * m];
                r.iter_mut().for_each(|x| *x = 0.0);
                for (o, key) in keys.iter().enumerate() {
                    r[key.0] += out[o * LANES + lane];
                }
            })
        })?;
        Ok(result)
    }

    /// The portfolio total (persons) for every row of `rows`; errors as
    /// [`BatchPlan::per_initiative`] does.
    pub fn totals(&self, rows: &[f64]) -> Result<Vec<f64>, Error> {
        let n_rows = self.count_rows(rows)?;
        let mut result = vec![0.0; n_rows];
        self.run_blocks(rows, &mut result, 1, |b, block, dst| {
            self.eval_block(b, true, block, |row, out, lane| dst[row] = out[lane])
        })?;
        Ok(result)
    }
}
