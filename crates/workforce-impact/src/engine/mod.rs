//! Evaluating a model: stated values with overrides, results per component, initiative,
//! theme and sector, and the step-by-step trace.

pub mod batch;
pub mod distributions;
mod evaluate;
pub mod explain;
mod export;
pub mod monte_carlo;
mod overrides;
// The (seed, block)-keyed random streams and the Cholesky factor of Monte Carlo runs.
pub mod program;
mod random_streams;
pub mod scenarios;
pub mod sensitivity;
pub mod stats;

pub use batch::BatchPlan;
pub use distributions::{Distribution, DistributionError, Input, Shape, Spec};
pub use evaluate::{Evaluation, Status};
pub use monte_carlo::{Correlation, McConfig, McPlan, McStats, MergeError, Sampler};
pub use overrides::Overrides;
pub use scenarios::{Comparison, ComparisonRow, Scenario, STATED};
pub use sensitivity::{MorrisRow, SobolRow, TornadoRow};
