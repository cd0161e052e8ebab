//! Ramps: how an initiative's effect grows from nothing to its full effect over the years.

pub use crate::model::file::RampShape;

/// An initiative's ramp: its effect in year `y` is its full effect × [`Ramp::at`]`(y)`.
///
/// Every shape is 0 up to and including `start` and 1 from `full` on:
/// - `step`: 0 for `y < full`, 1 for `y >= full`;
/// - `linear`: `(y - start) / (full - start)`;
/// - `logistic`: `L(y) = 1 / (1 + exp(-k (y - mid)))` with `mid = (start + full) / 2` and
///   `k = 2 ln(99) / (full - start)` (so that `L(start) = 1%` and `L(full) = 99%`), rescaled
///   to `(L(y) - L(start)) / (L(full) - L(start))`, exactly 0 at `start` and 1 at `full`.
///
/// `start == full` is a step in that year, whatever the shape.
///
/// ```
/// use workforce_impact::time::{Ramp, RampShape};
///
/// let ramp = Ramp { start: 2024, full: 2027, shape: RampShape::Linear };
/// assert_eq!((ramp.at(2024), ramp.at(2025), ramp.at(2027)), (0.0, 1.0 / 3.0, 1.0));
/// let logistic = Ramp { shape: RampShape::Logistic, ..ramp };
/// assert_eq!(logistic.at(2027), 1.0);
/// assert!((logistic.at(2025) + logistic.at(2026) - 1.0).abs() < 1e-12); // symmetric
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ramp {
    /// The last year without effect.
    pub start: i32,
    /// The first year of full effect (`full >= start`).
    pub full: i32,
    /// The shape in between.
    pub shape: RampShape,
}

impl Ramp {
    /// The fraction of the full effect in year `year`, in [0, 1].
    pub fn at(&self, year: i32) -> f64 {
        if year >= self.full {
            return 1.0;
        }
        if year <= self.start {
            return 0.0;
        }
        let span = f64::from(self.full) - f64::from(self.start);
        let x = f64::from(year) - f64::from(self.start);
        match self.shape {
            RampShape::Step => 0.0,
            RampShape::Linear => x / span,
            RampShape::Logistic => {
                let k = 2.0 * 99f64.ln() / span;
                let l = |x: f64| 1.0 / (1.0 + (-k * (x - span / 2.0)).exp());
                (l(x) - l(0.0)) / (l(span) - l(0.0))
            }
        }
    }
}
