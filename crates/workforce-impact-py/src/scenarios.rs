//! Monte Carlo, sensitivity and distributions: specs and statistics cross the boundary as
//! JSON strings (they pickle naturally); long runs go in chunks of blocks with the GIL
//! released, checking for Ctrl-C and reporting progress between chunks.

use std::ops::Range;
use std::sync::Arc;

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::Value;
use workforce_impact::engine::distributions::{Distribution, Input, Shape, Spec};
use workforce_impact::engine::monte_carlo::{self, Correlation, McConfig, McStats, Sampler};
use workforce_impact::engine::stats::GroupStats;
use workforce_impact::{Error, Location, Model};

use crate::convert::to_py;
use crate::errors::{error_to_py, guard};

/// Blocks run between two checks for Ctrl-C and two progress reports: 256 blocks of 1,024
/// draws, 20 to 80 milliseconds. Each chunk ends with both threads waiting for the slower
/// and a merge, so smaller chunks cost measurable speed.
pub(crate) const CHUNK_BLOCKS: u64 = 256;

fn invalid(parameter: Option<&str>, message: String) -> Error {
    Error::InvalidValue {
        loc: Location {
            parameter: parameter.map(str::to_string),
            ..Location::default()
        },
        message,
    }
}

fn number(v: &Value, key: &str) -> Result<f64, String> {
    match v.get(key) {
        Some(x) => x
            .as_f64()
            .ok_or_else(|| format!("'{key}' must be a number, got {x}")),
        None => Err(format!("the distribution {v} has no '{key}'")),
    }
}

/// A truncation bound: absent or null is unbounded (JSON has no infinity).
fn bound(v: &Value, key: &str, unbounded: f64) -> Result<f64, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(unbounded),
        Some(_) => number(v, key),
    }
}

/// A distribution from its spec: `{"kind": "uniform", "lo": .., "hi": ..}` and so on; a
/// normal's `lo`/`hi` may be null (unbounded), a lognormal may be given by `p5`/`p95`.
fn distribution_from(v: &Value) -> Result<Distribution, String> {
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("a distribution needs a 'kind': {v}"))?;
    match kind {
        "normal" => Ok(Distribution::Normal {
            mean: number(v, "mean")?,
            sd: number(v, "sd")?,
            lo: bound(v, "lo", f64::NEG_INFINITY)?,
            hi: bound(v, "hi", f64::INFINITY)?,
        }),
        "log-normal" | "lognormal" if v.get("p5").is_some() || v.get("p95").is_some() => {
            Distribution::lognormal_from_interval(number(v, "p5")?, number(v, "p95")?)
                .map_err(|e| e.to_string())
        }
        "log-normal" | "lognormal" => Ok(Distribution::LogNormal {
            mu: number(v, "mu")?,
            sigma: number(v, "sigma")?,
        }),
        _ => serde_json::from_value::<Distribution>(v.clone()).map_err(|e| {
            format!(
                "cannot read the distribution {v}: {e} (kinds: uniform, triangular, pert, normal, log-normal, discrete, constant)"
            )
        }),
    }
}

pub(crate) fn shape_from(name: &str) -> Result<Shape, String> {
    serde_json::from_value(Value::String(name.to_string()))
        .map_err(|_| format!("unknown shape '{name}': use uniform, triangular, pert or normal"))
}

/// A spec: a distribution (has `kind`) or a shape around the stated value (`shape`, `rel`).
fn spec_from(v: &Value) -> Result<Spec, String> {
    if v.get("kind").is_some() {
        return distribution_from(v).map(Spec::Absolute);
    }
    match (v.get("shape").and_then(Value::as_str), v.get("rel")) {
        (Some(shape), Some(_)) => Ok(Spec::Relative {
            shape: shape_from(shape)?,
            rel: number(v, "rel")?,
        }),
        _ => Err(format!(
            "a distribution needs a 'kind', or a 'shape' and 'rel' around the stated value: {v}"
        )),
    }
}

/// Checks one spec on its own (the parameters of a distribution, a relative width).
fn check(v: &Value) -> Result<(), String> {
    match spec_from(v)? {
        Spec::Absolute(d) => d.validate().map_err(|e| e.to_string()),
        Spec::Relative { shape, rel } => Distribution::around(1.0, shape, rel)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

/// `[{"name": .., "spec": {..}}, ..]` as inputs.
fn inputs_from(json: &str) -> Result<Vec<Input>, Error> {
    let items: Vec<Value> = serde_json::from_str(json)
        .map_err(|e| invalid(None, format!("cannot read the inputs: {e}")))?;
    items
        .iter()
        .map(|item| {
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid(None, format!("an input needs a 'name': {item}")))?;
            let spec = item.get("spec").unwrap_or(&Value::Null);
            let spec = spec_from(spec).map_err(|m| invalid(Some(name), m))?;
            Ok(Input {
                name: name.to_string(),
                spec,
            })
        })
        .collect()
}

pub(crate) fn parse_inputs(py: Python<'_>, json: &str) -> PyResult<Vec<Input>> {
    inputs_from(json).map_err(|e| error_to_py(py, &e))
}

/// Checks a distribution spec (JSON), raising `InvalidValueError` with what is wrong.
#[pyfunction]
pub fn check_spec(py: Python<'_>, spec: &str) -> PyResult<()> {
    let v: Value = serde_json::from_str(spec).map_err(|e| PyValueError::new_err(e.to_string()))?;
    check(&v).map_err(|m| error_to_py(py, &invalid(None, m)))
}

/// `(mu, sigma)` of the lognormal distribution with 5th and 95th percentiles `p5`, `p95`.
#[pyfunction]
pub fn lognormal_from_interval(py: Python<'_>, p5: f64, p95: f64) -> PyResult<(f64, f64)> {
    match Distribution::lognormal_from_interval(p5, p95) {
        Ok(Distribution::LogNormal { mu, sigma }) => Ok((mu, sigma)),
        Ok(other) => Err(PyValueError::new_err(format!(
            "unexpected distribution {other:?}"
        ))),
        Err(e) => Err(error_to_py(py, &invalid(None, e.to_string()))),
    }
}

/// The resolved distribution of every input (relative specs made absolute), as JSON.
pub fn resolve(py: Python<'_>, model: &Model, inputs: &str) -> PyResult<String> {
    let inputs = parse_inputs(py, inputs)?;
    let resolved = guard(|| Ok(model.resolve_inputs(&inputs)))?.map_err(|e| error_to_py(py, &e))?;
    let out: Vec<Input> = inputs
        .iter()
        .zip(resolved)
        .map(|(i, (_, d))| Input::new(&i.name, d))
        .collect();
    serde_json::to_string(&out).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The options of one Monte Carlo run, as Python passes them.
pub struct McArgs {
    pub inputs: String,
    pub n: u64,
    pub seed: u64,
    pub sampler: String,
    pub correlations: Vec<(String, String, f64)>,
    pub targets: Vec<f64>,
    pub detail: bool,
    pub shard: Option<(u64, u64)>,
}

fn sampler_from(name: &str) -> Result<Sampler, String> {
    serde_json::from_value(Value::String(name.to_string()))
        .map_err(|_| format!("unknown sampler '{name}': use random, latin-hypercube or sobol"))
}

/// The inputs and configuration `args` ask for (shared with the trajectory runs).
pub(crate) fn config_from(py: Python<'_>, args: &McArgs) -> PyResult<(Vec<Input>, McConfig)> {
    let inputs = parse_inputs(py, &args.inputs)?;
    let sampler = sampler_from(&args.sampler).map_err(|m| error_to_py(py, &invalid(None, m)))?;
    let config = McConfig {
        n: args.n,
        seed: args.seed,
        sampler,
        correlations: (args.correlations.iter())
            .map(|(a, b, rho)| Correlation {
                a: a.clone(),
                b: b.clone(),
                rho: *rho,
            })
            .collect(),
        targets: args.targets.clone(),
        detail: args.detail,
    };
    Ok((inputs, config))
}

/// Runs (a shard of) a Monte Carlo simulation in chunks of blocks: the GIL is released
/// while a chunk runs; between chunks Ctrl-C raises `KeyboardInterrupt` and `progress`
/// (if given) is called with `(blocks done, blocks in all, samples done)`.
pub fn monte_carlo(
    py: Python<'_>,
    model: Arc<Model>,
    args: McArgs,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<PyMcStats> {
    let (inputs, config) = config_from(py, &args)?;
    let plan =
        guard(|| Ok(model.monte_carlo_plan(&inputs, config)))?.map_err(|e| error_to_py(py, &e))?;
    let blocks: Range<u64> = match args.shard {
        None => 0..plan.n_blocks(),
        Some((index, count)) => {
            let most = workforce_impact::limits::MAX_SHARDS as u64;
            if count == 0 || index >= count || count > most {
                let message =
                    format!("shards=({index}, {count}): need 0 <= index < count <= {most}");
                return Err(error_to_py(py, &invalid(None, message)));
            }
            plan.shard_blocks(index, count)
        }
    };
    let total = blocks.end - blocks.start;
    let mut acc: Option<McStats> = None;
    let mut start = blocks.start;
    loop {
        let end = (start + CHUNK_BLOCKS).min(blocks.end);
        let plan_ref = &plan;
        let chunk = py.detach(move || {
            guard(|| {
                Ok(monte_carlo::with_threads(|| {
                    plan_ref.run_blocks(start..end)
                }))
            })
        })?;
        match acc.as_mut() {
            None => acc = Some(chunk),
            Some(a) => a
                .merge(&chunk)
                .map_err(|e| PyValueError::new_err(e.to_string()))?,
        }
        start = end;
        py.check_signals()?;
        if let Some(cb) = &progress {
            let done = acc.as_ref().map_or(0, |a| a.n);
            cb.call1((end - blocks.start, total, done))?;
        }
        if start >= blocks.end {
            break;
        }
    }
    let inner = acc.expect("at least one chunk ran");
    inner
        .check_finite(&model.origin)
        .map_err(|e| error_to_py(py, &e))?;
    Ok(PyMcStats { inner })
}

/// More bins than any plot shows; the bound keeps a typo (`bins=10**12`) from aborting the
/// process on a failed allocation.
const MAX_HISTOGRAM_BINS: usize = 1 << 20;

/// Persons per input at its low and high end, the others at their stated values.
pub fn tornado<'py>(
    py: Python<'py>,
    model: Arc<Model>,
    inputs: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let inputs = parse_inputs(py, inputs)?;
    let rows = py.detach(move || guard(|| Ok(model.tornado(&inputs))))?;
    let rows = rows.map_err(|e| error_to_py(py, &e))?;
    to_py(py, &rows)
}

/// Sobol indices (Saltelli/Jansen) with bootstrap intervals, optionally for groups.
pub fn sobol<'py>(
    py: Python<'py>,
    model: Arc<Model>,
    inputs: &str,
    n: usize,
    seed: u64,
    bootstrap: usize,
    groups: Option<Vec<(String, Vec<String>)>>,
) -> PyResult<Bound<'py, PyAny>> {
    let inputs = parse_inputs(py, inputs)?;
    let rows = py.detach(move || {
        guard(|| {
            Ok(monte_carlo::with_threads(|| {
                model.sobol(&inputs, n, seed, bootstrap, groups.as_deref())
            }))
        })
    })?;
    let rows = rows.map_err(|e| error_to_py(py, &e))?;
    to_py(py, &rows)
}

/// Morris elementary effects: mu, mu* and sigma per input.
pub fn morris<'py>(
    py: Python<'py>,
    model: Arc<Model>,
    inputs: &str,
    trajectories: usize,
    levels: usize,
    seed: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let inputs = parse_inputs(py, inputs)?;
    let rows = py.detach(move || {
        guard(|| {
            Ok(monte_carlo::with_threads(|| {
                model.morris(&inputs, trajectories, levels, seed)
            }))
        })
    })?;
    let rows = rows.map_err(|e| error_to_py(py, &e))?;
    to_py(py, &rows)
}

/// The statistics of a Monte Carlo run (or a shard of one): per group (`total`, `share`,
/// `initiative:<id>`, `theme:<id>`, `sector:<id>`) count, mean, sd, extremes, quantiles and
/// histogram. Shards of one run merge into exactly the statistics of the whole run.
#[pyclass(frozen, name = "MonteCarloStats", module = "workforce_impact._core")]
pub struct PyMcStats {
    pub inner: McStats,
}

impl PyMcStats {
    fn group(&self, name: &str) -> PyResult<&GroupStats> {
        self.inner.group(name).ok_or_else(|| {
            let known: Vec<&str> = self.inner.groups.iter().map(|g| g.name.as_str()).collect();
            PyKeyError::new_err(format!(
                "no group '{name}' in these results (groups: {})",
                known.join(", ")
            ))
        })
    }
}

#[pymethods]
impl PyMcStats {
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<PyMcStats> {
        stats_from_json(json)
            .map(|inner| PyMcStats { inner })
            .map_err(|e| PyValueError::new_err(format!("not Monte Carlo statistics: {e}")))
    }

    /// Lossless JSON (the core writes infinite and NaN numbers as strings).
    fn to_json(&self) -> PyResult<String> {
        stats_to_json(&self.inner).map_err(PyValueError::new_err)
    }

    /// Samples counted.
    #[getter]
    fn n(&self) -> u64 {
        self.inner.n
    }

    /// Names of the groups, in order.
    fn groups(&self) -> Vec<String> {
        self.inner.groups.iter().map(|g| g.name.clone()).collect()
    }

    fn mean(&self, group: &str) -> PyResult<f64> {
        Ok(self.group(group)?.mean())
    }

    fn sd(&self, group: &str) -> PyResult<f64> {
        Ok(self.group(group)?.sd())
    }

    fn min(&self, group: &str) -> PyResult<f64> {
        Ok(self.group(group)?.min)
    }

    fn max(&self, group: &str) -> PyResult<f64> {
        Ok(self.group(group)?.max)
    }

    fn quantiles(&self, group: &str, qs: Vec<f64>) -> PyResult<Vec<f64>> {
        if let Some(q) = qs.iter().find(|q| !(0.0..=1.0).contains(*q)) {
            return Err(PyValueError::new_err(format!(
                "a quantile must be in [0, 1], got {q}"
            )));
        }
        let g = self.group(group)?;
        guard(|| Ok(g.quantiles(&qs)))
    }

    /// `(edges, counts)`: `bins` equal bins from the smallest to the largest value.
    fn histogram(
        &self,
        py: Python<'_>,
        group: &str,
        bins: usize,
    ) -> PyResult<(Vec<f64>, Vec<u64>)> {
        if bins == 0 || bins > MAX_HISTOGRAM_BINS {
            return Err(error_to_py(
                py,
                &invalid(
                    None,
                    format!("bins must be between 1 and {MAX_HISTOGRAM_BINS}, got {bins}"),
                ),
            ));
        }
        let g = self.group(group)?;
        guard(|| Ok(g.histogram(bins)))
    }

    /// P(share >= x): exact for the targets of the run, estimated from the sketch otherwise.
    fn prob_share_at_least(&self, py: Python<'_>, x: f64) -> PyResult<f64> {
        if x.is_nan() {
            return Err(error_to_py(
                py,
                &invalid(None, "the share to compare with is NaN".into()),
            ));
        }
        guard(|| Ok(self.inner.prob_share_at_least(x)))
    }

    /// These statistics merged with `other`'s (another shard of the same run).
    fn merged(&self, other: &PyMcStats) -> PyResult<PyMcStats> {
        let mut inner = self.inner.clone();
        inner
            .merge(&other.inner)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyMcStats { inner })
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let cls = py.get_type::<PyMcStats>();
        Ok((
            cls.getattr("from_json")?,
            PyTuple::new(py, [self.to_json()?])?,
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "<MonteCarloStats: {} samples, {} groups>",
            self.inner.n,
            self.inner.groups.len()
        )
    }
}

fn stats_to_json(stats: &McStats) -> Result<String, String> {
    serde_json::to_string(stats).map_err(|e| e.to_string())
}

fn stats_from_json(json: &str) -> Result<McStats, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}
