//! Parties, the ledger, settlements and their uncertainty: conversion only; the logic is
//! `workforce_impact::ledger`.

use pyo3::prelude::*;
use workforce_impact::engine::McConfig;

use crate::convert::to_py;
use crate::errors::{error_to_py, guard};
use crate::model::{PyEvaluation, PyModel};
use crate::scenarios::parse_inputs;

/// The model's parties: a list of dicts (id, name, role, note).
#[pyfunction]
pub fn parties<'py>(py: Python<'py>, model: PyRef<'_, PyModel>) -> PyResult<Bound<'py, PyAny>> {
    let rows: Vec<serde_json::Value> = (model.inner.ledger.parties.iter())
        .map(|p| serde_json::json!({"id": p.id, "name": p.name, "role": p.role.as_str(), "note": p.note}))
        .collect();
    to_py(py, &rows)
}

/// The ledger of `evaluation`: `{"ledger": {...rows}, "matrix": {...}, "agreements": [ids]}`.
#[pyfunction]
pub fn ledger<'py>(
    py: Python<'py>,
    evaluation: PyRef<'_, PyEvaluation>,
) -> PyResult<Bound<'py, PyAny>> {
    let model = evaluation.model();
    let value = guard(|| {
        let ledger = model.ledger(evaluation.evaluation());
        let agreements: Vec<&str> = model
            .ledger
            .agreements
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        Ok(
            serde_json::json!({"ledger": ledger, "matrix": ledger.matrix(), "agreements": agreements}),
        )
    })?;
    to_py(py, &value)
}

/// The settlement of agreement `id` on `evaluation`'s ledger.
#[pyfunction]
pub fn settlement<'py>(
    py: Python<'py>,
    evaluation: PyRef<'_, PyEvaluation>,
    id: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let s = guard(|| Ok(evaluation.model().settlement(evaluation.evaluation(), id)))?
        .map_err(|e| error_to_py(py, &e))?;
    to_py(py, &s)
}

/// Each party's net over `n` draws of `inputs` (JSON, as `Model.monte_carlo` takes them),
/// after settling `agreement` when given: `{"unit", "agreement", "n", "parties": [...]}`.
#[pyfunction]
#[pyo3(signature = (model, inputs, n, seed, agreement = None))]
pub fn ledger_monte_carlo<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    inputs: &str,
    n: u64,
    seed: u64,
    agreement: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let inputs = parse_inputs(py, inputs)?;
    let inner = model.inner.clone();
    let result = py
        .detach(move || {
            guard(|| {
                Ok(inner
                .ledger_monte_carlo(&inputs, McConfig::new(n, seed), agreement.as_deref())
                .map(|s| {
                    serde_json::json!({
                        "unit": s.unit, "agreement": s.agreement, "n": s.n, "parties": s.summary()
                    })
                }))
            })
        })?
        .map_err(|e| error_to_py(py, &e))?;
    to_py(py, &result)
}
