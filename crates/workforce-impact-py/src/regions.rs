//! Regions and scaling: conversion only; the logic is `workforce_impact::regions`.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use workforce_impact::regions::{RegionTable, RegionsOptions};

use crate::errors::{error_to_py, errors_to_py, guard};
use crate::model::PyModel;

/// A checked region table (see `workforce_impact::regions::RegionTable`).
#[pyclass(frozen, name = "RegionTable", module = "workforce_impact._core")]
pub struct PyRegionTable {
    pub inner: Arc<RegionTable>,
}

fn wrap(
    py: Python<'_>,
    r: Result<RegionTable, workforce_impact::Errors>,
) -> PyResult<PyRegionTable> {
    r.map(|t| PyRegionTable { inner: Arc::new(t) })
        .map_err(|e| errors_to_py(py, &e))
}

#[pymethods]
impl PyRegionTable {
    #[staticmethod]
    fn from_csv_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyRegionTable> {
        guard(|| wrap(py, RegionTable::from_csv_path(&path)))
    }

    #[staticmethod]
    #[pyo3(signature = (text, name = "<string>"))]
    fn from_csv(py: Python<'_>, text: &str, name: &str) -> PyResult<PyRegionTable> {
        guard(|| wrap(py, RegionTable::from_csv_str(text, name)))
    }

    #[staticmethod]
    fn from_model(model: PyRef<'_, PyModel>) -> PyRegionTable {
        PyRegionTable {
            inner: Arc::new(RegionTable::from_model(&model.inner)),
        }
    }

    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    #[getter]
    fn origin(&self) -> &str {
        &self.inner.origin
    }

    /// One tuple per region: (id, name, bases, year, source, parent, complete).
    #[allow(clippy::type_complexity)]
    fn rows(
        &self,
    ) -> Vec<(
        String,
        String,
        Vec<(String, f64)>,
        Option<i32>,
        Option<String>,
        Option<String>,
        bool,
    )> {
        (self.inner.rows.iter())
            .map(|r| {
                (
                    r.id.clone(),
                    r.name.clone(),
                    r.bases.iter().map(|(k, v)| (k.clone(), *v)).collect(),
                    r.year,
                    r.source.clone(),
                    r.parent.clone(),
                    r.complete,
                )
            })
            .collect()
    }

    /// National figure split over `parent`'s children by `base`: [(id, part)].
    fn split(
        &self,
        py: Python<'_>,
        national: f64,
        parent: &str,
        base: &str,
    ) -> PyResult<Vec<(String, f64)>> {
        guard(|| (self.inner.split(national, parent, base)).map_err(|e| error_to_py(py, &e)))
    }
}

/// The model carried to `region_id`: (new model, what scaling said).
#[pyfunction]
#[pyo3(signature = (model, region_id, table, shortage = None))]
pub fn scale_to(
    py: Python<'_>,
    model: PyRef<'_, PyModel>,
    region_id: &str,
    table: PyRef<'_, PyRegionTable>,
    shortage: Option<f64>,
) -> PyResult<(PyModel, Vec<String>)> {
    guard(|| {
        let (m, said) = (model
            .inner
            .scale_to_with_warnings(region_id, &table.inner, shortage))
        .map_err(|e| error_to_py(py, &e))?;
        let mut m = m;
        m.warnings.extend(said.iter().cloned());
        let said = said.into_iter().map(|w| w.message).collect();
        Ok((PyModel { inner: Arc::new(m) }, said))
    })
}

/// Row tuple of `evaluate_regions`: (region, level, id, persons, shortage, share).
type RegionRowTuple = (
    String,
    Option<i32>,
    String,
    String,
    f64,
    Option<f64>,
    Option<f64>,
);

/// What `evaluate_regions` returns: (year, rows, [(region, warning)]).
type RegionsTuple = (Option<i32>, Vec<RegionRowTuple>, Vec<(String, String)>);

/// Every region of `table`: (year, rows, [(region, warning)]).
#[pyfunction]
#[pyo3(signature = (model, table, shortages = None, years = None))]
pub fn evaluate_regions(
    py: Python<'_>,
    model: PyRef<'_, PyModel>,
    table: PyRef<'_, PyRegionTable>,
    shortages: Option<&Bound<'_, PyDict>>,
    years: Option<Vec<i32>>,
) -> PyResult<RegionsTuple> {
    let mut options = RegionsOptions::default().years(&years.unwrap_or_default());
    if let Some(d) = shortages {
        for (k, v) in d.iter() {
            options = options.shortage(&k.extract::<String>()?, v.extract::<f64>()?);
        }
    }
    let (m, t) = (Arc::clone(&model.inner), Arc::clone(&table.inner));
    let result = guard(|| Ok(py.detach(|| m.evaluate_regions(&t, &options))))?;
    let all = result.map_err(|e| error_to_py(py, &e))?;
    let rows = (all.rows.into_iter())
        .map(|r| {
            (
                r.region,
                r.year,
                r.level.to_string(),
                r.id,
                r.persons,
                r.shortage,
                r.share,
            )
        })
        .collect();
    let warnings = (all.warnings.into_iter())
        .map(|(r, w)| (r, w.message))
        .collect();
    Ok((all.year, rows, warnings))
}

/// Split-reading tuple: (parameter, initiative, region, base, of, stated, derived,
/// persons_stated, persons_derived).
type SplitTuple = (
    String,
    Option<String>,
    String,
    String,
    String,
    f64,
    f64,
    Option<f64>,
    Option<f64>,
);

/// Every stated regional share read both ways (`Model::split_readings`).
#[pyfunction]
pub fn split_readings(py: Python<'_>, model: PyRef<'_, PyModel>) -> PyResult<Vec<SplitTuple>> {
    guard(|| {
        let rows = model
            .inner
            .split_readings()
            .map_err(|e| error_to_py(py, &e))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    r.parameter,
                    r.initiative,
                    r.region,
                    r.base,
                    r.of,
                    r.stated,
                    r.derived,
                    r.persons_stated,
                    r.persons_derived,
                )
            })
            .collect())
    })
}
