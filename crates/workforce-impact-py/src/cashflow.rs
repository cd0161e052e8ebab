//! Cash flows over the years: conversion only; the logic is
//! `workforce_impact::ledger::cashflow`.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::to_py;
use crate::errors::{error_to_py, guard};
use crate::model::{overrides_from, PyModel};

/// The cash flows under `overrides`, settled by `agreement` when given, as a dict
/// (`workforce_impact::ledger::CashFlows`).
#[pyfunction]
#[pyo3(signature = (model, overrides = None, agreement = None))]
pub fn cash_flows<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    overrides: Option<&Bound<'py, PyDict>>,
    agreement: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let ov = overrides_from(overrides)?;
    let m = Arc::clone(&model.inner);
    let result = py.detach(move || guard(|| Ok(m.cash_flows(&ov, agreement.as_deref()))))?;
    let flows = result.map_err(|e| error_to_py(py, &e))?;
    to_py(py, &flows)
}
