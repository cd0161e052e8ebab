//! Overlap between initiatives: conversion only; the logic is `workforce_impact::overlap`.

use pyo3::prelude::*;

use crate::convert::to_py;
use crate::errors::guard;
use crate::model::PyEvaluation;

/// Every base with its cuts in `evaluation`: a dict `{"bases": [...]}` (see
/// `workforce_impact::overlap::Overlap`).
#[pyfunction]
pub fn overlap<'py>(
    py: Python<'py>,
    evaluation: PyRef<'_, PyEvaluation>,
) -> PyResult<Bound<'py, PyAny>> {
    let result = guard(|| Ok(evaluation.model().overlap(evaluation.evaluation())))?;
    to_py(py, &result)
}
