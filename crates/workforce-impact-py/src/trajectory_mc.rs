//! The Monte Carlo over years and over regions: run in chunks of blocks with the GIL
//! released (Ctrl-C and progress between chunks), statistics returned as one object.

use std::ops::Range;
use std::sync::Arc;

use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use workforce_impact::engine::monte_carlo;
use workforce_impact::time::monte_carlo::{TrajectoryPlan, TrajectoryStats};
use workforce_impact::Model;

use crate::errors::{error_to_py, guard};
use crate::model::PyModel;
use crate::regions::PyRegionTable;
use crate::scenarios::{config_from, McArgs, CHUNK_BLOCKS};

/// Statistics of a trajectory Monte Carlo: per region and year the total's moments and
/// quantiles, and the exact share of draws reaching each target.
#[pyclass(frozen, name = "TrajectoryStats", module = "workforce_impact._core")]
pub struct PyTrajectoryStats {
    inner: TrajectoryStats,
}

impl PyTrajectoryStats {
    fn at(&self, region: usize, year: usize) -> PyResult<usize> {
        if region < self.inner.regions.len() && year < self.inner.years.len() {
            Ok(region * self.inner.years.len() + year)
        } else {
            Err(PyIndexError::new_err(format!(
                "no (region {region}, year {year}) in these results ({} regions, {} years)",
                self.inner.regions.len(),
                self.inner.years.len()
            )))
        }
    }
}

#[pymethods]
impl PyTrajectoryStats {
    /// Draws included.
    #[getter]
    fn n(&self) -> u64 {
        self.inner.n
    }

    /// The years, in order.
    #[getter]
    fn years(&self) -> Vec<i32> {
        self.inner.years.clone()
    }

    /// The region ids, in order.
    #[getter]
    fn regions(&self) -> Vec<String> {
        self.inner.regions.clone()
    }

    /// The targets counted exactly.
    #[getter]
    fn targets(&self) -> Vec<f64> {
        self.inner.targets.clone()
    }

    /// `(mean, sd, reference, shortage)` of the total of (region, year) indices.
    fn moments(&self, region: usize, year: usize) -> PyResult<(f64, f64, f64, f64)> {
        let i = self.at(region, year)?;
        let g = &self.inner.totals[i];
        Ok((g.mean(), g.sd(), g.reference, self.inner.shortage[i]))
    }

    /// Quantiles `qs` of the total of (region, year) indices.
    fn quantiles(&self, region: usize, year: usize, qs: Vec<f64>) -> PyResult<Vec<f64>> {
        let i = self.at(region, year)?;
        if let Some(q) = qs.iter().find(|q| !(0.0..=1.0).contains(*q)) {
            return Err(PyValueError::new_err(format!(
                "quantile {q} is outside [0, 1]"
            )));
        }
        Ok(self.inner.totals[i].quantiles(&qs))
    }

    /// The exact share of draws whose share of the shortage reached `target` (one of
    /// [`targets`]) at (region, year) indices.
    fn prob_share_at_least(&self, region: usize, year: usize, target: f64) -> PyResult<f64> {
        self.at(region, year)?;
        self.inner
            .prob_share_at_least(region, year, target)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "target {target} was not counted: pass it in targets= (counted: {:?})",
                    self.inner.targets
                ))
            })
    }

    /// Lossless JSON.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Statistics from [`to_json`].
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<PyTrajectoryStats> {
        serde_json::from_str(json)
            .map(|inner| PyTrajectoryStats { inner })
            .map_err(|e| PyValueError::new_err(format!("not trajectory statistics: {e}")))
    }

    /// These statistics and `other` (another shard of the same run) together.
    fn merged(&self, py: Python<'_>, other: &PyTrajectoryStats) -> PyResult<PyTrajectoryStats> {
        let mut inner = self.inner.clone();
        inner.merge(&other.inner).map_err(|e| error_to_py(py, &e))?;
        Ok(PyTrajectoryStats { inner })
    }

    fn __repr__(&self) -> String {
        format!(
            "TrajectoryStats(n={}, years={}..{}, regions={})",
            self.inner.n,
            self.inner.years.first().unwrap_or(&0),
            self.inner.years.last().unwrap_or(&0),
            self.inner.regions.len()
        )
    }
}

fn run(
    py: Python<'_>,
    plan: &TrajectoryPlan<'_>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<PyTrajectoryStats> {
    let blocks: Range<u64> = 0..plan.n_blocks();
    let mut acc = plan.empty_stats();
    let mut start = blocks.start;
    while start < blocks.end {
        let end = (start + CHUNK_BLOCKS).min(blocks.end);
        let chunk =
            py.detach(|| guard(|| Ok(monte_carlo::with_threads(|| plan.run_blocks(start..end)))))?;
        acc.merge(&chunk).map_err(|e| error_to_py(py, &e))?;
        start = end;
        py.check_signals()?;
        if let Some(cb) = &progress {
            cb.call1((end, blocks.end, acc.n))?;
        }
    }
    Ok(PyTrajectoryStats { inner: acc })
}

/// The Monte Carlo of `model`'s trajectory (every year of its horizon) for `scenario`.
#[pyfunction]
#[pyo3(signature = (model, inputs, n, seed, sampler, correlations, targets, scenario, progress = None))]
#[allow(clippy::too_many_arguments)]
pub fn trajectory_monte_carlo(
    py: Python<'_>,
    model: &PyModel,
    inputs: String,
    n: u64,
    seed: u64,
    sampler: String,
    correlations: Vec<(String, String, f64)>,
    targets: Vec<f64>,
    scenario: &str,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<PyTrajectoryStats> {
    let args = McArgs {
        inputs,
        n,
        seed,
        sampler,
        correlations,
        targets,
        detail: false,
        shard: None,
    };
    let (inputs, cfg) = config_from(py, &args)?;
    let model: Arc<Model> = Arc::clone(&model.inner);
    let plan = guard(|| Ok(model.trajectory_monte_carlo_plan(&inputs, cfg, scenario)))?
        .map_err(|e| error_to_py(py, &e))?;
    run(py, &plan, progress)
}

/// The Monte Carlo of `model` carried to every region of `table`, every year, one run.
#[pyfunction]
#[pyo3(signature = (model, table, shortages, inputs, n, seed, sampler, correlations, targets, scenario, progress = None))]
#[allow(clippy::too_many_arguments)]
pub fn regions_monte_carlo(
    py: Python<'_>,
    model: &PyModel,
    table: &PyRegionTable,
    shortages: Vec<(String, f64)>,
    inputs: String,
    n: u64,
    seed: u64,
    sampler: String,
    correlations: Vec<(String, String, f64)>,
    targets: Vec<f64>,
    scenario: &str,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<PyTrajectoryStats> {
    let args = McArgs {
        inputs,
        n,
        seed,
        sampler,
        correlations,
        targets,
        detail: false,
        shard: None,
    };
    let (inputs, cfg) = config_from(py, &args)?;
    let model: Arc<Model> = Arc::clone(&model.inner);
    let table = Arc::clone(&table.inner);
    let plan =
        guard(|| Ok(model.regions_monte_carlo_plan(&table, &shortages, &inputs, cfg, scenario)))?
            .map_err(|e| error_to_py(py, &e))?;
    run(py, &plan, progress)
}
