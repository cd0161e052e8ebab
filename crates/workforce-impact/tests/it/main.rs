//! Integration tests.

mod batch;
mod builder_values;
mod cashflow;
mod fuzz_regressions;
mod hardening;
mod html_report;
mod ledger;
mod ledger_errors;
mod load_errors;
mod monitor;
mod monte_carlo;
mod nml_initiatives;
mod overlap;
mod provenance;
mod published_versions;
mod regions_nml;
mod regions_table;
mod round_trips;
mod scaling;
mod scenarios;
mod sensitivity;
mod time;
mod time_monte_carlo;
mod unit_algebra;
#[cfg(feature = "xlsx")]
mod xlsx;
