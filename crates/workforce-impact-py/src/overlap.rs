//! Overlap between initiatives: conversion only; the logic is `workforce_impact::overlap`.

use pyo3::prelude::*;

use workforce_impact::Overrides;

use crate::convert::to_py;
use crate::errors::{error_to_py, guard};
use crate::model::PyModel;

/// Every base with its cuts under `overrides`: a dict `{"bases": [...]}` (see
/// `workforce_impact::overlap::Overlap`).
#[pyfunction]
#[pyo3(signature = (model, overrides = None))]
pub fn overlap<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    overrides: Option<Vec<(String, f64)>>,
) -> PyResult<Bound<'py, PyAny>> {
    let ov = Overrides(overrides.unwrap_or_default());
    let result = guard(|| Ok(model.inner.evaluate(&ov).map(|e| model.inner.overlap(&e))))?;
    to_py(py, &result.map_err(|e| error_to_py(py, &e))?)
}
