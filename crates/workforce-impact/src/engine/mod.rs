//! Evaluating a model: stated values with overrides, results per component, initiative,
//! theme and sector, and the step-by-step trace.

pub mod batch;
mod evaluate;
pub mod explain;
mod overrides;

pub use batch::BatchPlan;
pub use evaluate::{Evaluation, Status};
pub use overrides::Overrides;
