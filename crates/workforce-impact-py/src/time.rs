//! Years: the horizon, the trajectory and the flow readings. Conversion only; the logic is
//! `workforce_impact::time`.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::to_py;
use crate::errors::{error_to_py, guard};
use crate::model::{overrides_from, PyModel};

/// `(start_year, target_year)` of the model's horizon.
#[pyfunction]
pub fn horizon(model: PyRef<'_, PyModel>) -> (i32, i32) {
    let h = model.inner.horizon();
    (h.start_year, h.target_year)
}

/// The trajectory under `overrides` against the shortage of `scenario`, as a dict
/// (`workforce_impact::time::Trajectory`).
#[pyfunction]
#[pyo3(signature = (model, overrides = None, scenario = "baseline"))]
pub fn trajectory<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    overrides: Option<&Bound<'py, PyDict>>,
    scenario: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ov = overrides_from(overrides)?;
    let m = Arc::clone(&model.inner);
    let scenario = scenario.to_string();
    let result = py.detach(move || guard(|| Ok(m.trajectory(&ov, &scenario))))?;
    let t = result.map_err(|e| error_to_py(py, &e))?;
    to_py(py, &t)
}

/// Every flow and flow reading with its stock in the target year, as a list of dicts
/// (`workforce_impact::time::FlowStock`).
#[pyfunction]
#[pyo3(signature = (model, overrides = None))]
pub fn flow_stocks<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    overrides: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let ov = overrides_from(overrides)?;
    let rows = guard(|| Ok(model.inner.flow_stocks(&ov)))?.map_err(|e| error_to_py(py, &e))?;
    to_py(py, &rows)
}
