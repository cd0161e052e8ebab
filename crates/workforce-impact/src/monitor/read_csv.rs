//! Realised data from CSV text: `#` comment lines, blanks trimmed, each cell named by
//! line and column.

use super::realised::{RawCell, RawTable};
use crate::error::{Error, Errors, Location};

/// At most this many rows: more than any monitoring cycle reports, refused before it is
/// read whole.
pub const MAX_ROWS: usize = 1_000_000;

fn at(name: &str, line: u64, column: Option<usize>) -> Location {
    Location {
        file: Some(name.to_string()),
        line: Some(line as usize),
        column,
        ..Location::default()
    }
}

pub(super) fn raw_table(text: &str, name: &str) -> Result<RawTable, Errors> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(Errors::from(Error::Model {
                loc: at(name, 1, None),
                message: format!("cannot read the CSV header: {e}"),
            }))
        }
    };
    let header_line = header.position().map_or(1, |p| p.line());
    let header: Vec<RawCell> = (header.iter().enumerate())
        .filter(|(_, h)| !h.is_empty() || header.len() > 1)
        .map(|(i, h)| RawCell {
            text: h.to_string(),
            loc: at(name, header_line, Some(i + 1)),
        })
        .collect();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
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
        if rows.len() >= MAX_ROWS {
            errors.push(Error::Model {
                loc: Location::file(name),
                message: format!("more than {MAX_ROWS} rows of realised data"),
            });
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.len() > header.len() {
            errors.push(Error::Model {
                loc: at(name, line, Some(header.len() + 1)),
                message: format!(
                    "the row has {} fields, the header {} (quote a value with a comma in it)",
                    record.len(),
                    header.len()
                ),
            });
            continue;
        }
        let cells = (0..header.len())
            .map(|i| RawCell {
                text: record.get(i).unwrap_or("").to_string(),
                loc: at(name, line, Some(i + 1)),
            })
            .collect();
        rows.push((at(name, line, None), cells));
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(RawTable {
        name: name.to_string(),
        header,
        rows,
    })
}
