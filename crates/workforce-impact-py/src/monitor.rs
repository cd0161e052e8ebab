//! Monitoring: realised data and planned against realised. Conversion only; the logic is
//! `workforce_impact::monitor`.

use std::sync::Arc;

use pyo3::prelude::*;
use workforce_impact::monitor::{MonitorOptions, Realised};

use crate::convert::to_py;
use crate::errors::{errors_to_py, guard};
use crate::model::PyModel;

/// Checked realised data (see `workforce_impact::monitor::Realised`).
#[pyclass(frozen, name = "Realised", module = "workforce_impact._core")]
pub struct PyRealised {
    pub inner: Arc<Realised>,
}

fn wrap(py: Python<'_>, r: Result<Realised, workforce_impact::Errors>) -> PyResult<PyRealised> {
    r.map(|t| PyRealised { inner: Arc::new(t) })
        .map_err(|e| errors_to_py(py, &e))
}

#[pymethods]
impl PyRealised {
    #[staticmethod]
    fn from_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyRealised> {
        guard(|| wrap(py, Realised::from_path(&path)))
    }

    #[staticmethod]
    #[pyo3(signature = (text, name = "<string>"))]
    fn from_csv(py: Python<'_>, text: &str, name: &str) -> PyResult<PyRealised> {
        guard(|| wrap(py, Realised::from_csv_str(text, name)))
    }

    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The rows as dicts (initiative, period, measure, value, source, note).
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.rows)
    }
}

/// Realised against planned and the re-forecast, as a dict
/// (`workforce_impact::monitor::Monitoring`).
#[pyfunction]
#[pyo3(signature = (model, realised, behind = 0.1, ahead = 0.1, scenario = "baseline", draws = None, rel = 0.5, seed = 2023, targets = vec![0.35]))]
#[allow(clippy::too_many_arguments)]
pub fn monitor<'py>(
    py: Python<'py>,
    model: PyRef<'_, PyModel>,
    realised: PyRef<'_, PyRealised>,
    behind: f64,
    ahead: f64,
    scenario: &str,
    draws: Option<u64>,
    rel: f64,
    seed: u64,
    targets: Vec<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let m = Arc::clone(&model.inner);
    let r = Arc::clone(&realised.inner);
    let mut options = MonitorOptions {
        behind,
        ahead,
        scenario: scenario.to_string(),
        monte_carlo: None,
    };
    if let Some(n) = draws {
        options = options.assumption_band(&m, n, seed, rel, targets);
    }
    let result = py.detach(move || guard(|| Ok(m.monitor(&r, &options))))?;
    let out = result.map_err(|e| errors_to_py(py, &e))?;
    to_py(py, &out)
}
