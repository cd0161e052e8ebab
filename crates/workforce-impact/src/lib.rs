//! # workforce-impact
//!
//! Typed, unit-checked models of how many care workers an initiative frees up (or costs),
//! summed over a region's portfolio and set against its projected staff shortage.
//!
//! ```
//! use workforce_impact::{Model, Overrides, RecomputeReport};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let eval = model.evaluate(&Overrides::default()).unwrap();
//! let report = RecomputeReport::new(&model, &eval);
//! assert_eq!(report.initiatives.len(), 42);
//! assert_eq!(report.shortage.unwrap().persons, 4500.0);
//! ```

pub mod engine;
pub mod error;
pub mod formula;
pub mod limits;
pub mod model;
pub mod report;
pub mod sweep;
mod suggest;
pub mod units;

pub use engine::{explain::Explanation, Evaluation, Overrides, Status};
pub use error::{Error, Errors, Location};
pub use model::{Model, ModelFile};
pub use report::RecomputeReport;
pub use units::{Dimension, Quantity, Unit};
