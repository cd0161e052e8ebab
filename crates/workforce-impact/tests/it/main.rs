//! Integration tests.

mod batch;
mod load_errors;
mod nml_initiatives;
mod scaling;
mod unit_algebra;
