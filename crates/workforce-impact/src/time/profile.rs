//! Year-dependent parameters: a value that grows (`growth`) or is given per year
//! (`by_year`), as a multiplier of the target-year value.

pub use crate::model::file::GrowthShape;

/// How a parameter's value changes over the years. The parameter's
/// [`value`](crate::model::Parameter::value) is its value in the target year; its value in
/// year `y` is that value × [`Profile::multiplier`]`(y)`, and the multiplier of the target
/// year is exactly 1.
///
/// ```
/// use workforce_impact::time::{GrowthShape, Profile};
///
/// // 16% compound growth from 2023 to 2032, set against 2032.
/// let p = Profile::Growth { from: 2023, span: 9.0, total: 0.16, shape: GrowthShape::Compound, target: 2032 };
/// assert_eq!(p.multiplier(2032), 1.0);
/// assert!((p.growth(2027) - 1.16f64.powf(4.0 / 9.0)).abs() < 1e-15);
/// assert!((p.multiplier(2023) - 1.0 / 1.16).abs() < 1e-15);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Profile {
    /// `growth = {...}`: the stated value is the value in `from`; it grows by `total` over
    /// `span` years (a `rate` per year is `total = rate`, `span = 1`).
    Growth {
        /// The year of the stated value.
        from: i32,
        /// The number of years `total` is reached in.
        span: f64,
        /// The growth over `span` years, as a fraction (-0.1 is a 10% decline).
        total: f64,
        /// Compound or linear.
        shape: GrowthShape,
        /// The model's target year, where the multiplier is 1.
        target: i32,
    },
    /// `by_year = {...}`: values per year in the parameter's unit, in year order,
    /// interpolated linearly in between (held flat outside them: the loader refuses a
    /// horizon year outside them).
    ByYear {
        /// (year, value in the parameter's unit), sorted by year, at least one.
        points: Vec<(i32, f64)>,
        /// The model's target year, where the multiplier is 1.
        target: i32,
    },
}

impl Profile {
    /// The value in `year` relative to the value the file states: for `growth` the value
    /// in `year` / the value in `from`; for `by_year`, the interpolated value itself.
    pub fn growth(&self, year: i32) -> f64 {
        match self {
            Profile::Growth {
                from,
                span,
                total,
                shape,
                ..
            } => {
                let t = (f64::from(year) - f64::from(*from)) / span;
                match shape {
                    GrowthShape::Compound => (1.0 + total).powf(t),
                    GrowthShape::Linear => 1.0 + total * t,
                }
            }
            Profile::ByYear { points, .. } => interpolate(points, year),
        }
    }

    /// The value in `year` as a multiple of the value in the target year; exactly 1 in the
    /// target year. A `by_year` whose every value is 0 has multiplier 1 everywhere.
    pub fn multiplier(&self, year: i32) -> f64 {
        let target = match self {
            Profile::Growth { target, .. } | Profile::ByYear { target, .. } => *target,
        };
        if year == target {
            return 1.0;
        }
        let at_target = self.growth(target);
        if at_target == 0.0 {
            return 1.0;
        }
        self.growth(year) / at_target
    }
}

/// Linear interpolation between `points` (sorted by year), flat beyond the ends.
pub(crate) fn interpolate(points: &[(i32, f64)], year: i32) -> f64 {
    let Some(&(first_year, first)) = points.first() else {
        return f64::NAN;
    };
    if year <= first_year {
        return first;
    }
    for w in points.windows(2) {
        let ((y0, v0), (y1, v1)) = (w[0], w[1]);
        if year == y1 {
            return v1;
        }
        if year < y1 {
            let f = (f64::from(year) - f64::from(y0)) / (f64::from(y1) - f64::from(y0));
            return v0 + (v1 - v0) * f;
        }
    }
    points[points.len() - 1].1
}
