//! The HTML audit report, converted for Python: the core writes the file.

use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError};
use pyo3::prelude::*;
use workforce_impact::engine::monte_carlo::with_threads;
use workforce_impact::html_report::{write_html, ReportError, ReportOptions};

use crate::errors::{error_to_py, guard};
use crate::model::PyModel;
use crate::regions::PyRegionTable;

/// Writes the report of `model` to `path` (with every region of `regions`, when given);
/// the GIL is released while it is built.
#[pyfunction]
#[pyo3(signature = (model, path, n, seed, sobol_n, regions = None))]
pub fn write_html_report(
    py: Python<'_>,
    model: &PyModel,
    path: std::path::PathBuf,
    n: u64,
    seed: u64,
    sobol_n: usize,
    regions: Option<PyRef<'_, PyRegionTable>>,
) -> PyResult<()> {
    let inner = model.inner.clone();
    let opts = ReportOptions {
        n,
        seed,
        sobol_n,
        regions: regions.map(|t| (*t.inner).clone()),
        ..ReportOptions::default()
    };
    let result =
        py.detach(move || guard(|| Ok(with_threads(|| write_html(&inner, &path, &opts)))))?;
    result.map_err(|e| match &e {
        ReportError::Model(err) => error_to_py(py, err),
        ReportError::Write { source, .. } => {
            let message = e.to_string();
            match source.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
                std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
                _ => PyOSError::new_err(message),
            }
        }
        _ => PyOSError::new_err(e.to_string()),
    })
}
