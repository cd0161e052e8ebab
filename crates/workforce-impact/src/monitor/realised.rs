//! Realised data: what was measured, per initiative, period and measure, read from a CSV
//! file or the `Realised` sheet of a workbook. Reading checks the file's own shape (the
//! columns, periods, numbers, duplicates); [`Model::monitor`](crate::Model::monitor)
//! checks the rows against a model (initiatives, parameters, the horizon).

use std::path::Path;

use serde::Serialize;

use super::period::Period;
use crate::error::{Error, Errors, Location};

/// The columns a realised file must have, in this order or any other.
pub const REQUIRED_COLUMNS: [&str; 5] = ["initiative", "period", "measure", "value", "source"];
/// Columns a realised file may have besides the required ones.
pub const OPTIONAL_COLUMNS: [&str; 1] = ["note"];
/// The prefix of a qualitative measure: `milestone:<text>`.
pub const MILESTONE_PREFIX: &str = "milestone:";
/// The sheet of a workbook that holds realised data.
pub const REALISED_SHEET: &str = "Realised";

/// What a row measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Measure {
    /// `persons`: the persons the initiative freed (signed, as the model counts them).
    Persons,
    /// A parameter of the model as written: local to the initiative (`reduction`) or
    /// qualified (`part_time_factor`, `buikpijnteam.reduction`); derived ones included.
    Parameter(String),
    /// `milestone:<text>`: a qualitative KPI, reached or not; shown, never computed with.
    Milestone(String),
}

impl Measure {
    /// The measure as the file writes it.
    pub fn as_written(&self) -> String {
        match self {
            Measure::Persons => "persons".into(),
            Measure::Parameter(p) => p.clone(),
            Measure::Milestone(m) => format!("{MILESTONE_PREFIX}{m}"),
        }
    }
}

/// A realised value: a number (in the parameter's own unit, a percentage as a fraction or
/// written with `%`; persons for `persons`) or, for a milestone, reached or not.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RealisedValue {
    /// A figure.
    Number(f64),
    /// A milestone: `yes`/`ja`/`1`/`true` or `no`/`nee`/`0`/`false`.
    Reached(bool),
}

/// One row of realised data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RealisedRow {
    /// The initiative id as written.
    pub initiative: String,
    /// The period the value is for (the value at its end).
    pub period: Period,
    /// What was measured.
    pub measure: Measure,
    /// The value.
    pub value: RealisedValue,
    /// Where the figure comes from (required: a realised figure without a source is not
    /// evidence).
    pub source: String,
    /// Free text.
    pub note: Option<String>,
    /// The row (file and line, or `book: Realised!A5`).
    #[serde(skip)]
    pub loc: Location,
    /// The `initiative` cell.
    #[serde(skip)]
    pub initiative_loc: Location,
    /// The `period` cell.
    #[serde(skip)]
    pub period_loc: Location,
    /// The `measure` cell.
    #[serde(skip)]
    pub measure_loc: Location,
    /// The `value` cell.
    #[serde(skip)]
    pub value_loc: Location,
}

/// Realised data: rows in file order, checked for shape and duplicates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Realised {
    /// What errors call the file (its path, or a name given).
    pub name: String,
    /// The rows.
    pub rows: Vec<RealisedRow>,
}

/// One cell of a table as read: its text (trimmed) and where it is.
#[derive(Clone, Debug)]
pub(super) struct RawCell {
    pub text: String,
    pub loc: Location,
}

/// A table as read from CSV or a sheet, before the rows are checked.
pub(super) struct RawTable {
    pub name: String,
    /// Column names and where each is.
    pub header: Vec<RawCell>,
    /// Each row: where it is, and one cell per header column.
    pub rows: Vec<(Location, Vec<RawCell>)>,
}

impl Realised {
    /// Reads realised data from CSV text; `name` is what errors call the file. Lines
    /// starting with `#` are comments. Every problem is reported at once, each naming the
    /// line and column.
    ///
    /// ```
    /// use workforce_impact::monitor::Realised;
    /// let text = "# synthetic\ninitiative,period,measure,value,source\nbuikpijnteam,2025-H1,persons,0.4,test\n";
    /// let r = Realised::from_csv_str(text, "r.csv").unwrap();
    /// assert_eq!(r.rows[0].period.to_string(), "2025-H1");
    /// let e = Realised::from_csv_str("initiative,period,value,source\n", "r.csv").unwrap_err();
    /// assert!(e.to_string().contains("missing column 'measure'"));
    /// ```
    pub fn from_csv_str(text: &str, name: &str) -> Result<Realised, Errors> {
        let table = super::read_csv::raw_table(text, name)?;
        parse(table)
    }

    /// Reads realised data from a file: an `.xlsx` workbook (its `Realised` sheet; needs
    /// the `xlsx` feature) or CSV text. Anything else (another binary file, a workbook of
    /// another format) is refused with an error saying so.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Realised, Errors> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            Errors::from(Error::Model {
                loc: Location::file(&name),
                message: format!("cannot read the realised data: {e}"),
            })
        })?;
        Realised::from_bytes(&bytes, &name)
    }

    /// [`Realised::from_path`] on the file's bytes; `name` (its path) also decides by its
    /// extension whether a non-zip file was meant as a workbook.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Realised, Errors> {
        let not = |what: &str| {
            Errors::from(Error::Model {
                loc: Location::file(name),
                message: format!(
                    "not a CSV file nor an .xlsx workbook ({what}); realised data is CSV with \
                     the columns {} (+ note), or a workbook with a sheet '{REALISED_SHEET}'",
                    REQUIRED_COLUMNS.join(", ")
                ),
            })
        };
        let lower = name.to_ascii_lowercase();
        if bytes.starts_with(b"PK\x03\x04") {
            #[cfg(feature = "xlsx")]
            {
                return super::read_xlsx::raw_table(bytes, name).and_then(parse);
            }
            #[cfg(not(feature = "xlsx"))]
            {
                return Err(not(
                    "a zip archive; reading workbooks needs the 'xlsx' feature",
                ));
            }
        }
        if [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            return Err(not("the name says workbook, but the content is no .xlsx"));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| not("the content is not UTF-8 text"))?;
        if text.contains('\0') {
            return Err(not("the content is binary"));
        }
        Realised::from_csv_str(text.strip_prefix('\u{feff}').unwrap_or(text), name)
    }

    /// The rows as CSV in the reading layout (numbers in full, milestones as yes/no).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("initiative,period,measure,value,source,note\n");
        for r in &self.rows {
            let value = match r.value {
                RealisedValue::Number(v) => v.to_string(),
                RealisedValue::Reached(b) => if b { "yes" } else { "no" }.to_string(),
            };
            let fields = [
                r.initiative.clone(),
                r.period.to_string(),
                r.measure.as_written(),
                value,
                r.source.clone(),
                r.note.clone().unwrap_or_default(),
            ];
            out.push_str(&fields.map(|f| csv_field(&f)).join(","));
            out.push('\n');
        }
        out
    }
}

/// `s` quoted for CSV when it needs to be.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with('#') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Reads a number: plain digits with a `.` decimal point, optionally ending in `%`.
pub(super) fn parse_number(text: &str) -> Result<f64, String> {
    let (digits, scale) = match text.strip_suffix('%') {
        Some(d) => (d.trim_end(), 0.01),
        None => (text, 1.0),
    };
    let hint = if digits.contains(',') {
        " (write a decimal point: 0.5, not 0,5)"
    } else {
        ""
    };
    match digits.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v * scale),
        Ok(v) => Err(format!(
            "value '{text}' is {v}; a realised value must be finite"
        )),
        Err(_) => Err(format!("value '{text}' is not a number{hint}")),
    }
}

fn parse_reached(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "ja" | "1" | "true" | "y" | "j" => Some(true),
        "no" | "nee" | "0" | "false" | "n" => Some(false),
        _ => None,
    }
}

/// Checks the header and every row of `table`: all problems at once.
pub(super) fn parse(table: RawTable) -> Result<Realised, Errors> {
    let mut errors = Vec::new();
    let names: Vec<&str> = table.header.iter().map(|c| c.text.as_str()).collect();
    for (n, c) in table.header.iter().enumerate() {
        let known = REQUIRED_COLUMNS.contains(&c.text.as_str())
            || OPTIONAL_COLUMNS.contains(&c.text.as_str());
        if names[..n].contains(&c.text.as_str()) {
            errors.push(Error::Model {
                loc: c.loc.clone(),
                message: format!("duplicate column '{}'", c.text),
            });
        } else if !known {
            let all = REQUIRED_COLUMNS.iter().chain(&OPTIONAL_COLUMNS).copied();
            let hint = crate::suggest::did_you_mean(&c.text, all)
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            errors.push(Error::Model {
                loc: c.loc.clone(),
                message: format!(
                    "unknown column '{}'{hint}; realised data has the columns {} and optionally note",
                    c.text,
                    REQUIRED_COLUMNS.join(", ")
                ),
            });
        }
    }
    for required in REQUIRED_COLUMNS {
        if !names.contains(&required) {
            errors.push(Error::Model {
                loc: Location::file(&table.name),
                message: format!(
                    "missing column '{required}'; the header has {} (realised data needs {})",
                    if names.is_empty() {
                        "no columns".to_string()
                    } else {
                        names.join(", ")
                    },
                    REQUIRED_COLUMNS.join(", ")
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let col = |c: &str| names.iter().position(|h| *h == c);
    let mut rows: Vec<RealisedRow> = Vec::new();
    for (loc, cells) in table.rows {
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        let cell = |c: &str| col(c).and_then(|i| cells.get(i));
        let text = |c: &str| cell(c).map_or("", |c| c.text.as_str());
        let at = |c: &str| cell(c).map_or_else(|| loc.clone(), |c| c.loc.clone());
        let mut ok = true;
        for required in REQUIRED_COLUMNS {
            if text(required).is_empty() {
                errors.push(Error::Model {
                    loc: at(required),
                    message: format!(
                        "the {required} is empty{}",
                        if required == "source" {
                            "; every realised figure needs a source"
                        } else {
                            ""
                        }
                    ),
                });
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let period = match Period::parse(text("period")) {
            Ok(p) => Some(p),
            Err(message) => {
                errors.push(Error::InvalidValue {
                    loc: at("period"),
                    message,
                });
                None
            }
        };
        let m = text("measure");
        let measure = if m == "persons" {
            Measure::Persons
        } else if let Some(label) = m.strip_prefix(MILESTONE_PREFIX) {
            let label = label.trim();
            if label.is_empty() {
                errors.push(Error::Model {
                    loc: at("measure"),
                    message: "a milestone needs a text: milestone:<what was to be reached>".into(),
                });
                continue;
            }
            Measure::Milestone(label.to_string())
        } else {
            Measure::Parameter(m.to_string())
        };
        let raw = text("value");
        let value = match &measure {
            Measure::Milestone(_) => match parse_reached(raw) {
                Some(b) => Some(RealisedValue::Reached(b)),
                None => {
                    errors.push(Error::InvalidValue {
                        loc: at("value"),
                        message: format!(
                            "milestone value '{raw}' is not yes/no (also ja/nee, 1/0, true/false)"
                        ),
                    });
                    None
                }
            },
            _ => match parse_number(raw) {
                Ok(v) => Some(RealisedValue::Number(v)),
                Err(message) => {
                    errors.push(Error::InvalidValue {
                        loc: at("value"),
                        message,
                    });
                    None
                }
            },
        };
        let (Some(period), Some(value)) = (period, value) else {
            continue;
        };
        let initiative = text("initiative").to_string();
        if let Some(first) = rows
            .iter()
            .find(|r| r.initiative == initiative && r.period == period && r.measure == measure)
        {
            errors.push(Error::Model {
                loc: loc.clone(),
                message: format!(
                    "duplicate row: {initiative}, {period}, {} is already given at {}",
                    measure.as_written(),
                    first.loc
                ),
            });
            continue;
        }
        rows.push(RealisedRow {
            initiative,
            period,
            measure,
            value,
            source: text("source").to_string(),
            note: Some(text("note").to_string()).filter(|s| !s.is_empty()),
            initiative_loc: at("initiative"),
            period_loc: at("period"),
            measure_loc: at("measure"),
            value_loc: at("value"),
            loc,
        });
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    if rows.is_empty() {
        return Err(Errors::from(Error::Model {
            loc: Location::file(&table.name),
            message: "the realised data has no rows".into(),
        }));
    }
    Ok(Realised {
        name: table.name,
        rows,
    })
}
