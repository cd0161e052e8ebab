//! Named sets of overrides, compared side by side: per initiative, theme and sector, the
//! total and the share of the shortage.

use serde::Serialize;

use super::Overrides;
use crate::error::Error;
use crate::model::Model;

/// The column of the stated values in a comparison.
pub const STATED: &str = "stated";

/// A named set of overrides: declared in a model file's `[[scenarios]]` (see
/// [`Model::scenarios`]) or built with [`Scenario::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The id a comparison's column is headed by.
    pub id: String,
    /// A display name (the id when none is given).
    pub name: String,
    /// What the scenario stands for, in words.
    pub description: Option<String>,
    /// The parameter values it uses instead of the stated ones.
    pub overrides: Overrides,
}

impl Scenario {
    /// A scenario `id` (also its name) with `overrides`.
    pub fn new(id: &str, overrides: Overrides) -> Scenario {
        Scenario {
            id: id.to_string(),
            name: id.to_string(),
            description: None,
            overrides,
        }
    }
}

/// One line of a comparison: what it measures and its value in each scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// "initiative", "theme", "sector", "total" or "share".
    pub level: String,
    /// The initiative, theme or sector id; `total` or `share` for the last two rows.
    pub id: String,
    /// The initiative, theme or sector name, or what the row measures.
    pub name: String,
    /// One value per column of [`Comparison::scenarios`]: persons, or for the `share` row a
    /// fraction of the target shortage (NaN when the model has no shortage).
    pub values: Vec<f64>,
}

/// Scenarios side by side; the first column is always the stated values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The column ids: [`STATED`], then each scenario's id.
    pub scenarios: Vec<String>,
    /// Every initiative, then every theme, every sector that occurs, the total and the
    /// share.
    pub rows: Vec<ComparisonRow>,
}

impl Model {
    /// Evaluates the stated model and each scenario (the model's own when `scenarios` is
    /// `None`) and lays the results side by side. Errors as [`Model::evaluate`] does for a
    /// scenario's overrides.
    ///
    /// ```
    /// use workforce_impact::engine::Scenario;
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let hours = Scenario::new("1800h", Overrides::new().set("annual_hours", 1800.0));
    /// let c = model.compare(Some(&[hours])).unwrap();
    /// assert_eq!(c.scenarios, ["stated", "1800h"]);
    /// let total = c.rows.iter().find(|r| r.level == "total").unwrap();
    /// assert_eq!(total.values.iter().map(|v| v.round()).collect::<Vec<_>>(), [1633.0, 1682.0]);
    /// ```
    pub fn compare(&self, scenarios: Option<&[Scenario]>) -> Result<Comparison, Error> {
        let scenarios = scenarios.unwrap_or(&self.scenarios);
        let mut columns = vec![(STATED.to_string(), self.evaluate(&Overrides::default())?)];
        for s in scenarios {
            columns.push((s.id.clone(), self.evaluate(&s.overrides)?));
        }
        let mut rows = Vec::new();
        for (n, ini) in self.initiatives.iter().enumerate() {
            rows.push(ComparisonRow {
                level: "initiative".into(),
                id: ini.id.clone(),
                name: ini.name.clone(),
                values: columns.iter().map(|c| c.1.initiative_totals[n]).collect(),
            });
        }
        let by_theme: Vec<Vec<f64>> = columns.iter().map(|c| c.1.by_theme(self)).collect();
        for (t, theme) in self.themes.iter().enumerate() {
            rows.push(ComparisonRow {
                level: "theme".into(),
                id: theme.id.clone(),
                name: theme.name.clone(),
                values: by_theme.iter().map(|v| v[t]).collect(),
            });
        }
        let by_sector: Vec<Vec<(crate::model::Sector, f64)>> =
            columns.iter().map(|c| c.1.by_sector()).collect();
        let mut sectors: Vec<crate::model::Sector> =
            by_sector.iter().flatten().map(|x| x.0).collect();
        sectors.sort();
        sectors.dedup();
        for s in sectors {
            rows.push(ComparisonRow {
                level: "sector".into(),
                id: s.id().into(),
                name: s.name().into(),
                values: by_sector
                    .iter()
                    .map(|v| v.iter().find(|x| x.0 == s).map_or(0.0, |x| x.1))
                    .collect(),
            });
        }
        rows.push(ComparisonRow {
            level: "total".into(),
            id: "total".into(),
            name: "persons freed".into(),
            values: columns.iter().map(|c| c.1.total()).collect(),
        });
        let shortage = self.target_shortage().map_or(f64::NAN, |p| p.persons);
        rows.push(ComparisonRow {
            level: "share".into(),
            id: "share".into(),
            name: "share of the shortage".into(),
            values: columns.iter().map(|c| c.1.total() / shortage).collect(),
        });
        Ok(Comparison {
            scenarios: columns.into_iter().map(|c| c.0).collect(),
            rows,
        })
    }
}
