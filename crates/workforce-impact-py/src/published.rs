//! Every published figure the document gives, converted for Python: the versions with their
//! totals and shares, and each initiative's figure per version.

use pyo3::prelude::*;

use crate::convert::to_py;
use crate::model::PyModel;

/// `[{where, primary, total, share, differences: [{initiative, primary, value}]}]`, the
/// primary version first.
#[pyfunction]
pub fn published_versions<'py>(py: Python<'py>, model: &PyModel) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &model.inner.published_versions())
}

/// One published figure: (where, value, as written).
type Figure = (Option<String>, f64, String);

/// `[(initiative id, [(where, value, as_written)])]`: every figure of every published
/// initiative, the primary first (its `where` is `None` when the model names no place).
#[pyfunction]
pub fn published_figures(model: &PyModel) -> Vec<(String, Vec<Figure>)> {
    (model.inner.initiatives.iter())
        .filter_map(|i| {
            let p = i.published.as_ref()?;
            let mut figures = vec![(p.place.clone(), p.value, p.as_written.clone())];
            figures.extend(
                (p.alt.iter()).map(|a| (Some(a.place.clone()), a.value, a.as_written.clone())),
            );
            Some((i.id.clone(), figures))
        })
        .collect()
}
