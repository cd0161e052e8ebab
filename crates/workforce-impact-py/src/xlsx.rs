//! Excel workbooks for Python: the core writes and reads (`workforce_impact::io::xlsx`);
//! this converts arguments and maps errors.

use std::sync::Arc;

use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use workforce_impact::io::xlsx::{read_workbook, write_template, write_workbook, XlsxError};

use crate::errors::{errors_to_py, guard};
use crate::model::{overrides_from, PyModel};

fn to_py(py: Python<'_>, e: XlsxError) -> PyErr {
    match &e {
        XlsxError::Book(errors) => errors_to_py(py, errors),
        XlsxError::Io { source, .. } => {
            let message = e.to_string();
            match source.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
                std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
                _ => PyOSError::new_err(message),
            }
        }
        _ => PyOSError::new_err(e.to_string()),
    }
}

/// Writes `model` as a workbook to `path`, with `overrides` in the value cells.
#[pyfunction]
#[pyo3(signature = (model, path, overrides = None))]
pub fn write_excel(
    py: Python<'_>,
    model: &PyModel,
    path: std::path::PathBuf,
    overrides: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let o = overrides_from(overrides)?;
    let inner = model.inner.clone();
    let result = py.detach(move || guard(|| Ok(write_workbook(&inner, &o, &path))))?;
    result.map_err(|e| to_py(py, e))
}

/// Reads a workbook in the exported layout as a model; every error at once.
#[pyfunction]
pub fn read_excel(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyModel> {
    let result = py.detach(move || guard(|| Ok(read_workbook(&path))))?;
    result
        .map(|m| PyModel { inner: Arc::new(m) })
        .map_err(|e| to_py(py, e))
}

/// Writes an empty workbook in the exported layout.
#[pyfunction]
pub fn write_excel_template(py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
    let result = py.detach(move || guard(|| Ok(write_template(&path))))?;
    result.map_err(|e| to_py(py, e))
}
