//! Grids for a sweep: the cartesian product of a few values per parameter, as the rows of a
//! batch evaluation.

use crate::error::{Error, Location};
use crate::limits::{too_many_values, MAX_SAMPLE_VALUES};

/// The rows of the cartesian product of `axes` (parameter name, values), row-major with the
/// last axis varying fastest, ready for [`crate::engine::BatchPlan::totals`]; one row of no
/// values when `axes` is empty.
///
/// A grid is held in memory whole, so one past [`MAX_SAMPLE_VALUES`] values (points ×
/// parameters) is refused with [`Error::InvalidValue`] before anything is allocated.
///
/// ```
/// let rows = workforce_impact::sweep::grid_rows(&[
///     ("a".to_string(), vec![1.0, 2.0]),
///     ("b".to_string(), vec![10.0, 20.0, 30.0]),
/// ])
/// .unwrap();
/// assert_eq!(rows, [1.0, 10.0, 1.0, 20.0, 1.0, 30.0, 2.0, 10.0, 2.0, 20.0, 2.0, 30.0]);
/// ```
pub fn grid_rows(axes: &[(String, Vec<f64>)]) -> Result<Vec<f64>, Error> {
    let points = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.1.len()));
    let values = points.and_then(|p| p.checked_mul(axes.len()));
    if values.is_none_or(|v| v > MAX_SAMPLE_VALUES) {
        let sizes: Vec<String> = axes.iter().map(|a| a.1.len().to_string()).collect();
        return Err(Error::InvalidValue {
            loc: Location::default(),
            message: too_many_values(
                "this sweep",
                &format!(
                    "points × parameters = ({}) × {}",
                    sizes.join(" × "),
                    axes.len()
                ),
                values,
                "sweep fewer values per parameter, or use monte_carlo, which streams",
            ),
        });
    }
    let points = points.unwrap_or(0);
    let mut rows = Vec::with_capacity(values.unwrap_or(0));
    let mut point = vec![0usize; axes.len()];
    for _ in 0..points {
        rows.extend(point.iter().zip(axes).map(|(&i, a)| a.1[i]));
        for (d, p) in point.iter_mut().enumerate().rev() {
            *p += 1;
            if *p < axes[d].1.len() {
                break;
            }
            *p = 0;
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enormous_grid_is_refused_before_allocating() {
        let axes: Vec<(String, Vec<f64>)> = (0..40)
            .map(|i| (format!("p{i}"), vec![0.0, 1.0, 2.0]))
            .collect();
        let Err(Error::InvalidValue { message, .. }) = grid_rows(&axes) else {
            panic!("a 3^40-point grid was accepted")
        };
        assert!(
            message.starts_with("this sweep needs points × parameters = (3 × 3"),
            "{message}"
        );
        assert!(message.contains("more than 2^64 sampled values, more than the limit of 268435456"));
    }

    #[test]
    fn an_empty_axis_gives_no_rows() {
        let axes = vec![("a".to_string(), vec![1.0]), ("b".to_string(), vec![])];
        assert_eq!(grid_rows(&axes).unwrap(), Vec::<f64>::new());
    }
}
