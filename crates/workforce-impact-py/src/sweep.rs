//! Sweep grids and the input limits, converted for Python.

use numpy::{IntoPyArray, PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{error_to_py, guard};

/// The cartesian product of `axes` (name, values) as a (points × parameters) array.
#[pyfunction]
pub fn grid_rows<'py>(
    py: Python<'py>,
    axes: Vec<(String, Vec<f64>)>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    guard(|| {
        let rows = workforce_impact::sweep::grid_rows(&axes).map_err(|e| error_to_py(py, &e))?;
        // the core has checked this product; no axes is one point of no values
        let points: usize = axes.iter().map(|a| a.1.len()).product();
        rows.into_pyarray(py).reshape([points, axes.len()])
    })
}

/// Every bound of `workforce_impact::limits`, by name.
#[pyfunction]
pub fn limits(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    use workforce_impact::limits::*;
    let d = PyDict::new(py);
    for (name, value) in [
        ("MAX_FORMULA_DEPTH", MAX_FORMULA_DEPTH),
        ("MAX_FORMULA_BYTES", MAX_FORMULA_BYTES),
        ("MAX_UNIT_DEPTH", MAX_UNIT_DEPTH),
        ("MAX_UNIT_BYTES", MAX_UNIT_BYTES),
        ("MAX_MODEL_BYTES", MAX_MODEL_BYTES),
        ("MAX_PARAMETERS", MAX_PARAMETERS),
        ("MAX_INITIATIVES", MAX_INITIATIVES),
        ("MAX_COMPONENTS", MAX_COMPONENTS),
        ("MAX_SAMPLE_VALUES", MAX_SAMPLE_VALUES),
        ("MAX_VALUE_NESTING", MAX_VALUE_NESTING),
        ("MAX_SHARDS", MAX_SHARDS),
    ] {
        d.set_item(name, value)?;
    }
    d.set_item(
        "MAX_EXPONENT",
        i64::from(workforce_impact::units::MAX_EXPONENT),
    )?;
    Ok(d)
}
