//! [`Model::evaluate_regions`]: the model carried to every region of a table, in one call.

use indexmap::IndexMap;

use super::table::RegionTable;
use crate::error::{Error, Warning};
use crate::{Model, Overrides};

/// What [`Model::evaluate_regions`] is asked for beyond the table. Build with
/// `RegionsOptions::default()` and set fields; more (such as the years to evaluate) may be
/// added, so construct it that way rather than with a struct literal.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RegionsOptions {
    /// Region id -> its own shortage (persons, target year); a region not listed gets the
    /// model's shortage scaled by `[shortage] scales_with` (a rough proxy), or none.
    pub shortages: IndexMap<String, f64>,
    /// The years to evaluate (each in the horizon), each region's trajectory against its
    /// baseline shortage; empty: the target year from `evaluate` alone.
    pub years: Vec<i32>,
}

impl RegionsOptions {
    /// Gives region `id` its own shortage (persons in the target year).
    pub fn shortage(mut self, id: &str, persons: f64) -> RegionsOptions {
        self.shortages.insert(id.to_string(), persons);
        self
    }

    /// Evaluates these years of the horizon (every region's trajectory), not the target
    /// year alone.
    pub fn years(mut self, years: &[i32]) -> RegionsOptions {
        self.years = years.to_vec();
        self
    }
}

/// One row of [`RegionsEvaluation`]: a region × level × id.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionResult {
    /// The region id.
    pub region: String,
    /// The year: the target year, or one of [`RegionsOptions::years`].
    pub year: Option<i32>,
    /// `initiative`, `theme` or `total`.
    pub level: &'static str,
    /// The initiative or theme id; `total` for the total.
    pub id: String,
    /// Persons freed (negative: needed), in the target year.
    pub persons: f64,
    /// The region's shortage in the target year, if known.
    pub shortage: Option<f64>,
    /// `persons / shortage`, if the shortage is known.
    pub share: Option<f64>,
}

/// Every region of a table evaluated: rows region by region, each region's initiatives,
/// themes and total.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionsEvaluation {
    /// The model's target year (each row says its own year).
    pub year: Option<i32>,
    /// The rows, in table order, then initiative, theme, total.
    pub rows: Vec<RegionResult>,
    /// What scaling to each region said, as (region id, warning).
    pub warnings: Vec<(String, Warning)>,
}

impl RegionsEvaluation {
    /// The `total` row of region `id`.
    pub fn total(&self, id: &str) -> Option<&RegionResult> {
        (self.rows.iter()).find(|r| r.region == id && r.level == "total")
    }
}

impl Model {
    /// The model carried to every region of `table` ([`Model::scale_to`]) and evaluated at
    /// its stated values for the target year: persons, shortage and share per region ×
    /// initiative, theme and total. Errors as `scale_to` does, for the first region that
    /// cannot be scaled.
    pub fn evaluate_regions(
        &self,
        table: &RegionTable,
        options: &RegionsOptions,
    ) -> Result<RegionsEvaluation, Error> {
        let mut rows = Vec::new();
        let mut warnings = Vec::new();
        for region in &table.rows {
            let id = &region.id;
            let (model, said) =
                self.scale_to_with_warnings(id, table, options.shortages.get(id).copied())?;
            warnings.extend(said.into_iter().map(|w| (id.clone(), w)));
            if !options.years.is_empty() {
                rows.extend(region_years(&model, id, &options.years)?);
                continue;
            }
            let eval = model.evaluate(&Overrides::default())?;
            let shortage = model.target_shortage().map(|p| p.persons);
            let row = |level: &'static str, key: &str, persons: f64| RegionResult {
                region: id.clone(),
                year: model.target_year,
                level,
                id: key.to_string(),
                persons,
                shortage,
                share: shortage.map(|s| persons / s),
            };
            for (n, ini) in model.initiatives.iter().enumerate() {
                rows.push(row("initiative", &ini.id, eval.initiative_totals[n]));
            }
            for (t, persons) in model.themes.iter().zip(eval.by_theme(&model)) {
                rows.push(row("theme", &t.id, persons));
            }
            rows.push(row("total", "total", eval.total()));
        }
        Ok(RegionsEvaluation {
            year: self.target_year,
            rows,
            warnings,
        })
    }
}

/// Region `id`'s rows for `years` from its trajectory (baseline): per year its initiatives,
/// themes and total. A year outside the horizon is an error naming it.
fn region_years(model: &Model, id: &str, years: &[i32]) -> Result<Vec<RegionResult>, Error> {
    let horizon = model.horizon();
    if let Some(y) = years.iter().find(|y| !horizon.contains(**y)) {
        return Err(Error::InvalidValue {
            loc: crate::error::Location::file(&model.origin),
            message: format!(
                "year {y} is outside the horizon {}-{} of region '{id}'",
                horizon.start_year, horizon.target_year
            ),
        });
    }
    let trajectory = model.trajectory(&Overrides::default(), "baseline")?;
    let mut rows = Vec::new();
    for year in trajectory.years.iter().filter(|t| years.contains(&t.year)) {
        let row = |level: &'static str, key: &str, persons: f64| RegionResult {
            region: id.to_string(),
            year: Some(year.year),
            level,
            id: key.to_string(),
            persons,
            shortage: Some(year.shortage),
            share: Some(persons / year.shortage),
        };
        for ini in &year.initiatives {
            rows.push(row("initiative", &ini.id, ini.persons));
        }
        for (theme, persons) in &year.themes {
            rows.push(row("theme", theme, *persons));
        }
        rows.push(row("total", "total", year.total));
    }
    Ok(rows)
}
