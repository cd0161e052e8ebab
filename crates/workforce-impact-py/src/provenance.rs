//! Provenance: warnings, inputs by class, what the total rests on, the presets table.
//! Conversion only; the logic is `workforce_impact::provenance`.

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use workforce_impact::engine::monte_carlo::{self, McConfig};
use workforce_impact::provenance::{default_fixed_inputs, presets_markdown};
use workforce_impact::{Error, Location};

use crate::convert::to_py;
use crate::errors::{error_to_py, guard};
use crate::model::{PyEvaluation, PyModel};
use crate::scenarios::{parse_inputs, shape_from};

fn shape(py: Python<'_>, name: &str) -> PyResult<workforce_impact::engine::Shape> {
    shape_from(name).map_err(|message| {
        error_to_py(
            py,
            &Error::InvalidValue {
                loc: Location::default(),
                message,
            },
        )
    })
}

/// The model's load warnings, each as `file:line:col: ...: warning: message`.
#[pyfunction]
pub fn model_warnings(model: PyRef<'_, PyModel>) -> Vec<String> {
    model
        .inner
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// `[{"name", "spec"}]` (JSON) of every stated parameter of the classes or presets `kinds`.
#[pyfunction]
pub fn vary_kinds(
    py: Python<'_>,
    model: PyRef<'_, PyModel>,
    rel: f64,
    shape_name: &str,
    kinds: Vec<String>,
) -> PyResult<String> {
    let shape = shape(py, shape_name)?;
    let selection: Vec<&str> = kinds.iter().map(String::as_str).collect();
    let inputs = guard(|| Ok(model.inner.vary_preset(rel, shape, &selection)))?
        .map_err(|e| error_to_py(py, &e))?;
    serde_json::to_string(&inputs).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// What the total of `evaluation` rests on: a dict (initiatives, classes, total, shortage).
#[pyfunction]
pub fn provenance<'py>(
    py: Python<'py>,
    evaluation: PyRef<'_, PyEvaluation>,
) -> PyResult<Bound<'py, PyAny>> {
    let result = guard(|| Ok(evaluation.model().provenance(evaluation.evaluation())))?;
    to_py(py, &result)
}

/// Sobol groups by provenance class: `[(class, [names])]`.
#[pyfunction]
pub fn kind_groups(model: PyRef<'_, PyModel>, names: Vec<String>) -> Vec<(String, Vec<String>)> {
    model.inner.kind_groups(&names)
}

/// The presets table: (rows as dicts, Markdown). `fixed` is JSON inputs, or None for the
/// default part_time_factor / annual_hours distributions.
#[pyfunction]
#[pyo3(signature = (model, presets, rel, shape_name, fixed, n, seed, target))]
#[allow(clippy::too_many_arguments)]
pub fn uncertainty_presets<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    presets: Vec<String>,
    rel: f64,
    shape_name: &str,
    fixed: Option<String>,
    n: u64,
    seed: u64,
    target: f64,
) -> PyResult<(Bound<'py, PyAny>, String)> {
    let shape = shape(py, shape_name)?;
    let inner = Arc::clone(&model.inner);
    let fixed = match fixed {
        Some(json) => parse_inputs(py, &json)?,
        None => default_fixed_inputs(&inner),
    };
    let names: Vec<String> = fixed.iter().map(|f| f.name.clone()).collect();
    let rows = py.detach(move || {
        guard(|| {
            Ok(monte_carlo::with_threads(|| {
                let presets: Vec<&str> = presets.iter().map(String::as_str).collect();
                inner.uncertainty_presets(
                    &presets,
                    rel,
                    shape,
                    &fixed,
                    McConfig::new(n, seed),
                    target,
                )
            }))
        })
    })?;
    let rows = rows.map_err(|e| error_to_py(py, &e))?;
    let md = presets_markdown(&rows, &names);
    Ok((to_py(py, &rows)?, md))
}
