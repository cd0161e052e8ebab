//! The exception hierarchy and the one mapping from core errors to it.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyList;
use workforce_impact::{Error, Errors};

create_exception!(
    workforce_impact.exceptions,
    WorkforceImpactError,
    PyException,
    "Base class of every error raised by workforce_impact."
);
create_exception!(
    workforce_impact.exceptions,
    ParseError,
    WorkforceImpactError,
    "Malformed TOML, or a formula or unit expression that cannot be read."
);
create_exception!(
    workforce_impact.exceptions,
    UnitError,
    WorkforceImpactError,
    "Dimensions that do not fit, e.g. a formula that comes out in FTE instead of persons."
);
create_exception!(
    workforce_impact.exceptions,
    UnknownParameterError,
    WorkforceImpactError,
    "A name that is not a parameter of the model (in a formula or an override)."
);
create_exception!(
    workforce_impact.exceptions,
    ModelError,
    WorkforceImpactError,
    "A structural problem: duplicate id, unknown theme or sector, missing notes."
);
create_exception!(
    workforce_impact.exceptions,
    InvalidValueError,
    WorkforceImpactError,
    "A value that cannot be: NaN, infinite, negative population, a fraction above 1."
);

/// The Python exception for one core error, with its location as attributes.
fn exception(py: Python<'_>, e: &Error, message: String, all: &[String]) -> PyErr {
    let err = match e {
        Error::Toml { .. } | Error::Syntax { .. } => ParseError::new_err(message),
        Error::Unit { .. } => UnitError::new_err(message),
        Error::UnknownParameter { .. } => UnknownParameterError::new_err(message),
        Error::InvalidValue { .. } => InvalidValueError::new_err(message),
        Error::Model { .. } => ModelError::new_err(message),
        // A kind the core adds later is still one of ours: the base class, never a crash.
        _ => WorkforceImpactError::new_err(message),
    };
    let (name, suggestion) = match e {
        Error::UnknownParameter {
            name, suggestion, ..
        } => (Some(name.clone()), suggestion.clone()),
        _ => (None, None),
    };
    let loc = e.location();
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("file", loc.file.clone())?;
        value.setattr("initiative", loc.initiative.clone())?;
        value.setattr("agreement", loc.agreement.clone())?;
        value.setattr("component", loc.component.clone())?;
        value.setattr("parameter", loc.parameter.clone())?;
        value.setattr("field", loc.field.clone())?;
        value.setattr("line", loc.line)?;
        value.setattr("column", loc.column)?;
        value.setattr("excerpt", loc.excerpt.clone())?;
        value.setattr("name", name)?;
        value.setattr("suggestion", suggestion)?;
        value.setattr("errors", PyList::new(py, all)?)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// One error (from evaluating, explaining, overriding).
pub fn error_to_py(py: Python<'_>, e: &Error) -> PyErr {
    let message = e.to_string();
    exception(py, e, message.clone(), &[message])
}

/// Every error of a load: raised as the type of the first, listing all in `.errors`.
pub fn errors_to_py(py: Python<'_>, errors: &Errors) -> PyErr {
    let all: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    match errors.first() {
        Some(first) => {
            let message = if all.len() == 1 {
                all[0].clone()
            } else {
                format!("{} errors in the model:\n{}", all.len(), all.join("\n"))
            };
            exception(py, first, message, &all)
        }
        None => WorkforceImpactError::new_err("the model could not be loaded"),
    }
}

/// Runs `f`, turning a Rust panic into a `WorkforceImpactError` instead of a dead kernel.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(WorkforceImpactError::new_err(format!(
            "internal error in workforce-impact (please report it): {what}"
        )))
    })
}
