//! `workforce_impact._core`: the Python bindings of the workforce-impact core. They only
//! convert; the Python face (pandas, plots, builder) is in `python/workforce_impact/`.

mod cashflow;
mod convert;
mod errors;
mod ledger;
mod model;
mod monitor;
mod overlap;
mod provenance;
mod published;
mod regions;
mod report;
mod scenarios;
mod sweep;
mod time;
mod trajectory_mc;
#[cfg(feature = "xlsx")]
mod xlsx;

#[pyo3::pymodule]
mod _core {
    #[allow(non_upper_case_globals)]
    #[pymodule_export]
    const __version__: &str = env!("CARGO_PKG_VERSION");

    #[pymodule_export]
    use crate::model::{PyEvaluation, PyModel};

    #[pymodule_export]
    use crate::model::{_panic_for_tests, builtins, sectors};

    #[pymodule_export]
    use crate::scenarios::{check_spec, lognormal_from_interval, PyMcStats};

    #[pymodule_export]
    use crate::sweep::{grid_rows, limits};

    #[pymodule_export]
    use crate::trajectory_mc::{regions_monte_carlo, trajectory_monte_carlo, PyTrajectoryStats};

    #[pymodule_export]
    use crate::provenance::{
        kind_groups, model_warnings, provenance, uncertainty_presets, vary_kinds,
    };

    #[pymodule_export]
    use crate::report::write_html_report;

    #[pymodule_export]
    use crate::overlap::overlap;

    #[pymodule_export]
    use crate::time::{flow_stocks, horizon, trajectory};

    #[pymodule_export]
    use crate::ledger::{ledger, ledger_monte_carlo, parties, settlement};

    #[pymodule_export]
    use crate::cashflow::cash_flows;

    #[pymodule_export]
    use crate::published::{published_figures, published_versions};

    #[cfg(feature = "xlsx")]
    #[pymodule_export]
    use crate::xlsx::{read_excel, write_excel, write_excel_template};

    #[pymodule_export]
    use crate::monitor::{monitor, PyRealised};

    #[pymodule_export]
    use crate::regions::{evaluate_regions, scale_to, split_readings, PyRegionTable};

    #[pymodule_export]
    use crate::errors::{
        InvalidValueError, ModelError, ParseError, UnitError, UnknownParameterError,
        WorkforceImpactError,
    };
}
