//! Realised data from the `Realised` sheet of a workbook (feature `xlsx`): the header in
//! the first non-empty row, each cell named `book: Realised!C5`.

use calamine::{Data, Reader};

use super::realised::{RawCell, RawTable, REALISED_SHEET};
use crate::error::{Error, Errors, Location};
use crate::io::xlsx::{at_cell, open};

fn at(book: &str, row: u32, col: u16) -> Location {
    at_cell(book, REALISED_SHEET, row, col)
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(x) => x.to_string(),
        Data::Int(x) => x.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        other => other.to_string(),
    }
}

pub(super) fn raw_table(bytes: &[u8], name: &str) -> Result<RawTable, Errors> {
    let mut book = open(bytes, name)?;
    let sheets = book.sheet_names();
    if !sheets.iter().any(|s| s == REALISED_SHEET) {
        let hint = crate::suggest::did_you_mean(REALISED_SHEET, sheets.iter().map(String::as_str))
            .map(|s| format!(" (is '{s}' it? name it '{REALISED_SHEET}')"))
            .unwrap_or_default();
        return Err(Errors::from(Error::Model {
            loc: Location::file(name),
            message: format!(
                "the workbook has no sheet '{REALISED_SHEET}'{hint}; its sheets are {}",
                sheets.join(", ")
            ),
        }));
    }
    let range = book.worksheet_range(REALISED_SHEET).map_err(|e| {
        Errors::from(Error::Model {
            loc: Location::file(name),
            message: format!("cannot read sheet '{REALISED_SHEET}': {e}"),
        })
    })?;
    let Some((r0, c0)) = range.start() else {
        return Err(Errors::from(Error::Model {
            loc: Location::file(&format!("{name}: {REALISED_SHEET}")),
            message: "the sheet is empty; it needs a header row".into(),
        }));
    };
    let (r1, c1) = range.end().unwrap_or((r0, c0));
    let get = |r: u32, c: u32| text(range.get_value((r, c)).unwrap_or(&Data::Empty));
    let ncols = (c0..=c1)
        .rev()
        .find(|&c| !get(r0, c).is_empty())
        .map_or(0, |c| c + 1);
    let header = (c0..ncols)
        .map(|c| RawCell {
            text: get(r0, c),
            loc: at(name, r0, c as u16),
        })
        .collect();
    let rows = ((r0 + 1)..=r1)
        .map(|r| {
            let cells = (c0..ncols)
                .map(|c| RawCell {
                    text: get(r, c),
                    loc: at(name, r, c as u16),
                })
                .collect();
            (at(name, r, c0 as u16), cells)
        })
        .collect();
    Ok(RawTable {
        name: name.to_string(),
        header,
        rows,
    })
}
