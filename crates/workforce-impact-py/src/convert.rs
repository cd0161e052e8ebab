//! Plain-data conversions: serde values to Python objects, Python dicts to `toml::Value`s.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::Serialize;
use serde_json::Value;

use crate::errors::{InvalidValueError, ParseError};

/// Any serde-serializable core value as nested dicts, lists, str, float, int, bool, None.
pub fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    json_to_py(py, &value)
}

fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any(),
            None => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|v| json_to_py(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A TOML-shaped Python value (dict, list, tuple, str, int, float, bool) as a TOML value;
/// `None` in a dict leaves the key out. `path` (`""` at the top) names the value in a
/// `TypeError` for anything else, e.g. `initiatives[0].parameters.visits.note`.
pub fn py_to_toml(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<toml::Value> {
    to_toml_at(obj, path, 0)
}

fn to_toml_at(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<toml::Value> {
    use workforce_impact::limits::MAX_VALUE_NESTING;
    if depth > MAX_VALUE_NESTING {
        // a dict that contains itself, or a runaway structure: refused before the stack is
        return Err(ParseError::new_err(format!(
            "{}: the model's values nest deeper than {MAX_VALUE_NESTING} dicts and lists \
             (workforce_impact::limits::MAX_VALUE_NESTING); the model format needs 5",
            at(path)
        )));
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(toml::Value::Boolean(obj.extract()?));
    }
    if obj.is_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(i) => Ok(toml::Value::Integer(i)),
            Err(_) => Err(InvalidValueError::new_err(format!(
                "{}: an integer that does not fit in 64 bits",
                at(path)
            ))),
        };
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(toml::Value::Float(obj.extract()?));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(toml::Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut table = toml::Table::new();
        for (k, v) in d.iter() {
            let key: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err(format!("{}: keys must be strings", at(path))))?;
            if v.is_none() {
                continue;
            }
            let sub = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            table.insert(key, to_toml_at(&v, &sub, depth + 1)?);
        }
        return Ok(toml::Value::Table(table));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let items = obj
            .try_iter()?
            .enumerate()
            .map(|(n, item)| to_toml_at(&item?, &format!("{path}[{n}]"), depth + 1))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(toml::Value::Array(items));
    }
    // numpy scalars and other numbers
    if let Ok(v) = obj.extract::<f64>() {
        return Ok(toml::Value::Float(v));
    }
    Err(PyTypeError::new_err(format!(
        "{}: cannot put a {} into a model (give a str, int, float, bool, list or dict)",
        at(path),
        obj.get_type().name()?
    )))
}

fn at(path: &str) -> String {
    if path.is_empty() {
        "the model".to_string()
    } else {
        format!("field '{path}'")
    }
}
