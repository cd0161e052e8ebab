//! The CSV reader behind [`RegionTable::from_csv_str`](super::RegionTable::from_csv_str).

use std::collections::HashMap;

use indexmap::IndexMap;

use super::table::{RegionRow, RegionTable, REQUIRED_COLUMNS, TEXT_COLUMNS};
use crate::error::{Error, Errors, Location};

/// At most this many regions in one table: a table larger than any country's subdivision
/// is refused before it is read whole.
pub const MAX_REGIONS: usize = 100_000;

fn at(name: &str, line: u64, column: Option<usize>) -> Location {
    Location {
        file: Some(name.to_string()),
        line: Some(line as usize),
        column,
        ..Location::default()
    }
}

pub(super) fn read(text: &str, name: &str) -> Result<RegionTable, Errors> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return Err(Errors::from(Error::Model {
                loc: at(name, 1, None),
                message: format!("cannot read the CSV header: {e}"),
            }))
        }
    };
    let mut errors = Vec::new();
    for (n, col) in header.iter().enumerate() {
        if header[..n].contains(col) {
            errors.push(Error::Model {
                loc: at(name, 1, Some(n + 1)),
                message: format!("duplicate column '{col}'"),
            });
        } else if !TEXT_COLUMNS.contains(&col.as_str()) && !super::is_identifier(col) {
            errors.push(Error::Model {
                loc: at(name, 1, Some(n + 1)),
                message: format!(
                    "column '{col}' is not a base name ([a-z][a-z0-9_]*) nor one of {}",
                    TEXT_COLUMNS.join(", ")
                ),
            });
        }
    }
    for required in REQUIRED_COLUMNS {
        if !header.iter().any(|h| h == required) {
            errors.push(Error::Model {
                loc: at(name, 1, None),
                message: format!(
                    "missing column '{required}'; the header has {} (a region table needs {})",
                    header.join(", "),
                    REQUIRED_COLUMNS.join(", ")
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let col = |c: &str| header.iter().position(|h| h == c);
    let mut rows: Vec<RegionRow> = Vec::new();
    // The line of each id read into `rows` (a table may have MAX_REGIONS rows).
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(Error::Model {
                    loc: at(name, line, None),
                    message: format!("cannot read the CSV row: {e}"),
                });
                continue;
            }
        };
        if rows.len() >= MAX_REGIONS {
            errors.push(Error::Model {
                loc: Location::file(name),
                message: format!(
                    "the region table has more than {MAX_REGIONS} regions \
                     (workforce_impact::regions::MAX_REGIONS)"
                ),
            });
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        let cell = |c: &str| col(c).and_then(|i| record.get(i)).unwrap_or("");
        let id = cell("id").to_string();
        let row_loc = at(name, line, None);
        if !super::is_identifier(&id) {
            errors.push(Error::Model {
                loc: at(name, line, col("id").map(|c| c + 1)),
                message: format!(
                    "region id '{id}' must be an identifier ([a-z][a-z0-9_]*) so formulas can use {id}.population"
                ),
            });
            continue;
        }
        if let Some(first) = first_line.get(&id) {
            errors.push(Error::Model {
                loc: at(name, line, col("id").map(|c| c + 1)),
                message: format!("duplicate region id '{id}' (first on line {first})"),
            });
            continue;
        }
        let mut bases = IndexMap::new();
        let mut base_locs = IndexMap::new();
        let mut ok = true;
        for (i, h) in header.iter().enumerate() {
            if TEXT_COLUMNS.contains(&h.as_str()) {
                continue;
            }
            let raw = record.get(i).unwrap_or("");
            let mut loc = at(name, line, Some(i + 1));
            loc.parameter = Some(format!("{id}.{h}"));
            if raw.is_empty() {
                if h == "population" {
                    errors.push(Error::InvalidValue {
                        loc,
                        message: "the population is empty; every region needs one".into(),
                    });
                    ok = false;
                }
                continue;
            }
            let value = match raw.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => v,
                Ok(v) => {
                    let what = if v.is_nan() {
                        "NaN".to_string()
                    } else if v.is_infinite() {
                        "infinite".to_string()
                    } else {
                        format!("negative ({v})")
                    };
                    errors.push(Error::InvalidValue {
                        loc,
                        message: format!(
                            "{h} of region '{id}' is {what}; a base must be a finite number >= 0"
                        ),
                    });
                    ok = false;
                    continue;
                }
                Err(_) => {
                    errors.push(Error::InvalidValue {
                        loc,
                        message: format!(
                            "{h} of region '{id}' is '{raw}', not a number (write plain digits: 504908, not 504.908)"
                        ),
                    });
                    ok = false;
                    continue;
                }
            };
            bases.insert(h.clone(), value);
            base_locs.insert(h.clone(), loc);
        }
        if let (Some(all), Some(old)) = (bases.get("population"), bases.get("population_65plus")) {
            if old > all {
                errors.push(Error::InvalidValue {
                    loc: base_locs["population_65plus"].clone(),
                    message: format!("the 65+ population ({old}) exceeds the population ({all})"),
                });
                ok = false;
            }
        }
        let year = match cell("year") {
            "" => None,
            y => match y.parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    errors.push(Error::InvalidValue {
                        loc: at(name, line, col("year").map(|c| c + 1)),
                        message: format!("year '{y}' of region '{id}' is not a whole year"),
                    });
                    ok = false;
                    None
                }
            },
        };
        let complete = match cell("complete").to_ascii_lowercase().as_str() {
            "" | "false" | "0" | "no" => false,
            "true" | "1" | "yes" => true,
            other => {
                errors.push(Error::InvalidValue {
                    loc: at(name, line, col("complete").map(|c| c + 1)),
                    message: format!(
                        "complete '{other}' of region '{id}' is not true or false (or empty)"
                    ),
                });
                ok = false;
                false
            }
        };
        if !ok {
            continue;
        }
        let text = |c: &str| Some(cell(c).to_string()).filter(|s| !s.is_empty());
        first_line.insert(id.clone(), line);
        rows.push(RegionRow {
            name: text("name").unwrap_or(id.clone()),
            id,
            bases,
            year,
            source: text("source"),
            parent: text("parent"),
            complete,
            loc: row_loc,
            base_locs,
            parent_loc: at(name, line, col("parent").map(|c| c + 1)),
        });
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    if rows.is_empty() {
        return Err(Errors::from(Error::Model {
            loc: Location::file(name),
            message: "the region table has no regions".into(),
        }));
    }
    RegionTable::new(name, rows)
}
