//! `Model` and `Evaluation`: the core types behind a Python face. Conversion only.

use std::sync::Arc;

use numpy::{IntoPyArray, PyArray1, PyArrayMethods, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use workforce_impact::model::sector::SECTORS;
use workforce_impact::{Evaluation, Model, Overrides, RecomputeReport};

use crate::convert::{py_to_toml, to_py};
use crate::errors::{error_to_py, errors_to_py, guard};
use crate::scenarios;

/// A scenario as Python sees it: (id, name, description, overrides).
type ScenarioTuple = (String, String, Option<String>, Vec<(String, f64)>);

/// A loaded, unit-checked model.
#[pyclass(frozen, name = "Model", module = "workforce_impact._core")]
pub struct PyModel {
    pub inner: Arc<Model>,
}

pub(crate) fn overrides_from(overrides: Option<&Bound<'_, PyDict>>) -> PyResult<Overrides> {
    let mut out = Overrides::new();
    if let Some(d) = overrides {
        for (k, v) in d.iter() {
            out.0.push((k.extract::<String>()?, v.extract::<f64>()?));
        }
    }
    Ok(out)
}

fn loaded(py: Python<'_>, r: Result<Model, workforce_impact::Errors>) -> PyResult<PyModel> {
    r.map(|m| PyModel { inner: Arc::new(m) })
        .map_err(|e| errors_to_py(py, &e))
}

#[pymethods]
impl PyModel {
    #[staticmethod]
    fn builtin(py: Python<'_>, id: &str) -> PyResult<PyModel> {
        guard(|| loaded(py, Model::builtin(id)))
    }

    #[staticmethod]
    fn from_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyModel> {
        guard(|| loaded(py, Model::from_path(&path)))
    }

    #[staticmethod]
    #[pyo3(signature = (text, name = "<string>"))]
    fn from_toml(py: Python<'_>, text: &str, name: &str) -> PyResult<PyModel> {
        guard(|| loaded(py, Model::from_toml_str(text, name)))
    }

    /// The dict is converted to plain values (no TOML text) and checked like a file by
    /// `Model::from_value`, whose errors name the field given rather than a line.
    #[staticmethod]
    #[pyo3(signature = (data, name = "<builder>"))]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyDict>, name: &str) -> PyResult<PyModel> {
        let value = py_to_toml(data.as_any(), "")?;
        guard(|| loaded(py, Model::from_value(value, name)))
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.source.as_deref()
    }

    #[getter]
    fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    #[getter]
    fn target_year(&self) -> Option<i32> {
        self.inner.target_year
    }

    #[getter]
    fn origin(&self) -> &str {
        &self.inner.origin
    }

    #[getter]
    fn initiatives(&self) -> Vec<String> {
        self.inner
            .initiatives
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    /// `[(id, name)]` of the themes, in model order.
    fn themes(&self) -> Vec<(String, String)> {
        self.inner
            .themes
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect()
    }

    /// The parameters as columns: name, value, unit, source, kind, scope, formula, note.
    fn parameters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let ps = &self.inner.params;
        let d = PyDict::new(py);
        d.set_item("name", ps.iter().map(|p| &p.qualified).collect::<Vec<_>>())?;
        d.set_item("value", ps.iter().map(|p| p.value).collect::<Vec<_>>())?;
        d.set_item("unit", ps.iter().map(|p| &p.unit.text).collect::<Vec<_>>())?;
        d.set_item("source", ps.iter().map(|p| &p.source).collect::<Vec<_>>())?;
        d.set_item(
            "kind",
            ps.iter().map(|p| p.kind.as_str()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "scope",
            ps.iter().map(|p| p.scope.as_str()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "formula",
            ps.iter()
                .map(|p| p.derived.as_ref().map(|d| &d.text))
                .collect::<Vec<_>>(),
        )?;
        d.set_item("note", ps.iter().map(|p| &p.note).collect::<Vec<_>>())?;
        Ok(d)
    }

    /// Evaluates with `overrides` (qualified name -> value in the parameter's unit).
    #[pyo3(signature = (overrides = None))]
    fn evaluate(
        slf: &Bound<'_, PyModel>,
        overrides: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyEvaluation> {
        let py = slf.py();
        let ov = overrides_from(overrides)?;
        let model = Arc::clone(&slf.get().inner);
        let (ov, result) = py.detach(move || {
            let r = guard(|| Ok(model.evaluate(&ov)));
            (ov, r)
        });
        let eval = result?.map_err(|e| error_to_py(py, &e))?;
        Ok(PyEvaluation {
            model: slf.clone().unbind(),
            eval,
            overrides: ov.0,
        })
    }

    /// Portfolio totals for each row of `x` (columns: the values of `names`), or persons per
    /// initiative (rows x initiatives) when `per_initiative`.
    #[pyo3(signature = (names, x, per_initiative = false))]
    fn evaluate_batch<'py>(
        &self,
        py: Python<'py>,
        names: Vec<String>,
        x: PyReadonlyArray2<'py, f64>,
        per_initiative: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let view = x.as_array();
        let shape = view.shape().to_vec();
        if shape[1] != names.len() {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "X has {} columns but {} parameter names were given",
                shape[1],
                names.len()
            )));
        }
        // A C-contiguous X is read in place (no copy of a possibly large matrix).
        let owned: Vec<f64>;
        let rows: &[f64] = match x.as_slice() {
            Ok(slice) => slice,
            Err(_) => {
                owned = view.iter().copied().collect();
                &owned
            }
        };
        let model = Arc::clone(&self.inner);
        let m = model.initiatives.len();
        let result = py.detach(|| {
            guard(|| {
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                Ok(model.batch_plan(&refs).and_then(|plan| {
                    if per_initiative {
                        plan.per_initiative(rows)
                    } else {
                        plan.totals(rows)
                    }
                }))
            })
        })?;
        let out = result.map_err(|e| error_to_py(py, &e))?;
        if per_initiative {
            let arr = out.into_pyarray(py).reshape([shape[0], m])?;
            Ok(arr.into_any())
        } else {
            Ok(out.into_pyarray(py).into_any())
        }
    }

    /// `(text, data)`: the trace as readable text and as nested dicts.
    #[pyo3(signature = (id, overrides = None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        id: &str,
        overrides: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<(String, Bound<'py, PyAny>)> {
        let ov = overrides_from(overrides)?;
        guard(|| {
            let x = self
                .inner
                .explain(id, &ov)
                .map_err(|e| error_to_py(py, &e))?;
            Ok((x.to_string(), to_py(py, &x)?))
        })
    }

    /// The inputs (JSON) with every spec resolved to an absolute distribution and checked.
    fn resolve_inputs(&self, py: Python<'_>, inputs: &str) -> PyResult<String> {
        scenarios::resolve(py, &self.inner, inputs)
    }

    /// Monte Carlo over `inputs` (JSON `[{"name", "spec"}]`); a shard `(index, count)`
    /// runs that part of the blocks. See `scenarios::monte_carlo`.
    #[pyo3(signature = (inputs, n, seed, sampler = "random".to_string(), correlations = Vec::new(), targets = Vec::new(), detail = false, shard = None, progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn monte_carlo(
        &self,
        py: Python<'_>,
        inputs: String,
        n: u64,
        seed: u64,
        sampler: String,
        correlations: Vec<(String, String, f64)>,
        targets: Vec<f64>,
        detail: bool,
        shard: Option<(u64, u64)>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<scenarios::PyMcStats> {
        let args = scenarios::McArgs {
            inputs,
            n,
            seed,
            sampler,
            correlations,
            targets,
            detail,
            shard,
        };
        scenarios::monte_carlo(py, Arc::clone(&self.inner), args, progress)
    }

    /// One-at-a-time swings: a list of row dicts.
    fn tornado<'py>(&self, py: Python<'py>, inputs: &str) -> PyResult<Bound<'py, PyAny>> {
        scenarios::tornado(py, Arc::clone(&self.inner), inputs)
    }

    /// Sobol indices: a list of row dicts (name, s1, s1_conf, st, st_conf).
    #[pyo3(signature = (inputs, n, seed, bootstrap = 100, groups = None))]
    fn sobol<'py>(
        &self,
        py: Python<'py>,
        inputs: &str,
        n: usize,
        seed: u64,
        bootstrap: usize,
        groups: Option<Vec<(String, Vec<String>)>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        scenarios::sobol(
            py,
            Arc::clone(&self.inner),
            inputs,
            n,
            seed,
            bootstrap,
            groups,
        )
    }

    /// Morris elementary effects: a list of row dicts (name, mu, mu_star, sigma).
    #[pyo3(signature = (inputs, trajectories = 20, levels = 4, seed = 0))]
    fn morris<'py>(
        &self,
        py: Python<'py>,
        inputs: &str,
        trajectories: usize,
        levels: usize,
        seed: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        scenarios::morris(
            py,
            Arc::clone(&self.inner),
            inputs,
            trajectories,
            levels,
            seed,
        )
    }

    /// The model file's scenarios: `(id, name, description, [(parameter, value), ...])`.
    fn scenarios(&self) -> Vec<ScenarioTuple> {
        self.inner
            .scenarios
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.name.clone(),
                    s.description.clone(),
                    s.overrides.0.clone(),
                )
            })
            .collect()
    }

    /// Scenarios side by side (the model's own when `scenarios` is None), as a dict
    /// `{"scenarios": [...], "rows": [{"level", "id", "name", "values"}, ...]}`.
    #[pyo3(signature = (scenarios = None))]
    fn compare<'py>(
        &self,
        py: Python<'py>,
        scenarios: Option<Vec<(String, Bound<'py, PyDict>)>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let given = match scenarios {
            None => None,
            Some(list) => Some(
                list.iter()
                    .map(|(id, d)| {
                        Ok(workforce_impact::engine::Scenario::new(
                            id,
                            overrides_from(Some(d))?,
                        ))
                    })
                    .collect::<PyResult<Vec<_>>>()?,
            ),
        };
        let comparison =
            guard(|| Ok(self.inner.compare(given.as_deref())))?.map_err(|e| error_to_py(py, &e))?;
        to_py(py, &comparison)
    }

    /// The formulas as vectorised numpy source defining `evaluate(x)` (benchmark baseline).
    fn numpy_source(&self, py: Python<'_>, names: Vec<String>) -> PyResult<String> {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        self.inner
            .numpy_source(&refs)
            .map_err(|e| error_to_py(py, &e))
    }

    fn to_toml(&self) -> String {
        self.inner.to_toml()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String, String))> {
        let cls = py.get_type::<PyModel>();
        Ok((
            cls.getattr("from_toml")?,
            (self.inner.to_toml(), self.inner.origin.clone()),
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Model '{}': {} initiatives, {} parameters>",
            self.inner.id,
            self.inner.initiatives.len(),
            self.inner.params.len()
        )
    }
}

/// The results of evaluating a model once.
#[pyclass(frozen, name = "Evaluation", module = "workforce_impact._core")]
pub struct PyEvaluation {
    model: Py<PyModel>,
    eval: Evaluation,
    overrides: Vec<(String, f64)>,
}

impl PyEvaluation {
    pub(crate) fn model(&self) -> &Model {
        &self.model.get().inner
    }

    /// The core evaluation this object holds.
    pub(crate) fn evaluation(&self) -> &Evaluation {
        &self.eval
    }

    fn report(&self) -> PyResult<RecomputeReport> {
        guard(|| Ok(RecomputeReport::new(self.model(), &self.eval)))
    }
}

#[pymethods]
impl PyEvaluation {
    #[getter(model)]
    fn get_model(&self, py: Python<'_>) -> Py<PyModel> {
        self.model.clone_ref(py)
    }

    #[getter]
    fn overrides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.overrides {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    #[getter]
    fn total(&self) -> f64 {
        self.eval.total()
    }

    #[getter]
    fn published_total(&self) -> PyResult<f64> {
        Ok(self.report()?.totals.published)
    }

    #[getter]
    fn shortage(&self) -> Option<f64> {
        self.model().target_shortage().map(|p| p.persons)
    }

    #[getter]
    fn shortage_year(&self) -> Option<i32> {
        self.model().target_shortage().map(|p| p.year)
    }

    #[getter]
    fn share_of_shortage(&self) -> PyResult<Option<f64>> {
        Ok(self.report()?.share.map(|s| s.computed))
    }

    #[getter]
    fn published_share_of_shortage(&self) -> PyResult<Option<f64>> {
        Ok(self.report()?.share.map(|s| s.published))
    }

    /// Signed persons per initiative, in model order.
    fn initiative_totals<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.eval.initiative_totals.clone().into_pyarray(py)
    }

    /// `[(sector id, sector name, persons)]` for every sector that occurs.
    fn by_sector(&self) -> Vec<(&'static str, &'static str, f64)> {
        self.eval
            .by_sector()
            .into_iter()
            .map(|(s, v)| (s.id(), s.name(), v))
            .collect()
    }

    /// The recompute report (initiatives, themes, sectors, totals, share, claim) as dicts.
    fn report_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report()?)
    }

    fn to_json(&self) -> PyResult<String> {
        Ok(self.report()?.to_json())
    }

    fn to_table(&self) -> PyResult<String> {
        Ok(self.report()?.to_table())
    }

    fn to_markdown(&self) -> PyResult<String> {
        Ok(self.report()?.to_markdown())
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let evaluate = self.model.bind(py).getattr("evaluate")?;
        let args = PyTuple::new(py, [self.overrides(py)?])?;
        Ok((evaluate, args))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Evaluation of '{}': {:.1} persons>",
            self.model().id,
            self.eval.total()
        )
    }
}

/// `[(id, name)]` of every sector a component can land in.
#[pyfunction]
pub fn sectors() -> Vec<(&'static str, &'static str)> {
    SECTORS.to_vec()
}

/// Ids of the models shipped with the package.
#[pyfunction]
pub fn builtins() -> Vec<&'static str> {
    Model::builtin_ids()
}

/// Panics on purpose: lets the tests check that a panic becomes an exception.
#[pyfunction]
pub fn _panic_for_tests() -> PyResult<()> {
    guard(|| panic!("deliberate panic for the tests"))
}
