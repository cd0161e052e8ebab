//! Excel workbooks out and in (feature `xlsx`): the model as a book with live formulas
//! ([`write_workbook`]), the book read back as a model ([`read_workbook`]), and an empty book
//! in the same layout ([`write_template`]). The layout is described in docs/workbooks.md.
//!
//! Written with `rust_xlsxwriter`, read with `calamine`, both here in the core so that the
//! CLI and Python share one implementation.
//!
//! ```
//! use workforce_impact::io::xlsx::{read_workbook, write_workbook};
//! use workforce_impact::{Model, Overrides};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let dir = std::env::temp_dir().join(format!("wi-xlsx-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("nml.xlsx");
//! write_workbook(&model, &Overrides::default(), &path).unwrap();
//! let back = read_workbook(&path).unwrap();
//! assert_eq!(back.to_toml(), model.to_toml());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod export;
pub mod formula;
mod import;
pub mod names;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};

pub use export::{workbook_bytes, TEMPLATE_MODEL};
pub use import::{read_workbook, read_workbook_bytes};
pub use names::{mangle, unmangle};

use crate::error::{Error, Errors, Location};
use crate::{Model, Overrides};

/// The sheet of parameters: one row each, the value cell named ([`mangle`]).
pub const PARAMETERS: &str = "Parameters";
/// The sheet of components and initiative totals, as live formulas.
pub const INITIATIVES: &str = "Initiatives";
/// The sheet of totals per theme and sector, the total, the shortage and the share.
pub const TOTALS: &str = "Totals";
/// The sheet that explains the book, in Dutch.
pub const README: &str = "Lees mij";
/// The sheet holding, as TOML lines, everything of the model the other sheets do not show.
pub const MODEL: &str = "Model";

/// The Parameters sheet's columns, in order.
pub const PARAMETER_COLUMNS: [&str; 10] = [
    "name",
    "value",
    "unit",
    "source",
    "kind",
    "note",
    "formula",
    "as_written",
    "defined_name",
    "more",
];

/// The Initiatives sheet's columns, in order.
pub const INITIATIVE_COLUMNS: [&str; 12] = [
    "initiative",
    "row",
    "label",
    "sector",
    "sign",
    "formula",
    "persons",
    "base",
    "cut",
    "published",
    "excel_formula",
    "more",
];

/// What went wrong writing or reading a workbook.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum XlsxError {
    /// The book's content: not a workbook, a missing sheet or column, a bad cell, a model
    /// the cells do not load as. Every problem found, each naming its sheet and cell.
    #[error("{0}")]
    Book(Errors),
    /// The file could not be read or written.
    #[error("cannot {action} '{}': {source}", path.display())]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl From<crate::error::Error> for XlsxError {
    fn from(e: crate::error::Error) -> XlsxError {
        XlsxError::Book(Errors(vec![e]))
    }
}

impl From<Errors> for XlsxError {
    fn from(e: Errors) -> XlsxError {
        XlsxError::Book(e)
    }
}

/// Writes `model` as a workbook to `path` (through a temporary file in the same directory,
/// renamed into place), with `overrides` applied to the value cells.
pub fn write_workbook(
    model: &Model,
    overrides: &Overrides,
    path: impl AsRef<Path>,
) -> Result<(), XlsxError> {
    let bytes = workbook_bytes(model, overrides)?;
    write_atomic(path.as_ref(), &bytes)
}

/// Writes an empty workbook in the exported layout: it imports as the empty model
/// [`TEMPLATE_MODEL`].
pub fn write_template(path: impl AsRef<Path>) -> Result<(), XlsxError> {
    let model = Model::from_toml_str(TEMPLATE_MODEL, "template")?;
    write_workbook(&model, &Overrides::default(), path)
}

/// [`crate::io::write_atomic`], its failure as [`XlsxError::Io`].
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), XlsxError> {
    crate::io::write_atomic(path, bytes).map_err(|source| XlsxError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

/// The workbook in `bytes` for reading; `name` is what the error calls the file.
pub(crate) fn open<'b>(bytes: &'b [u8], name: &str) -> Result<Xlsx<Cursor<&'b [u8]>>, Error> {
    Xlsx::new(Cursor::new(bytes)).map_err(|e| Error::Model {
        loc: Location::file(name),
        message: format!("not an Excel workbook (.xlsx): {e}"),
    })
}

/// A location naming the workbook and `sheet!cell`.
pub(crate) fn at_cell(book: &str, sheet: &str, row: u32, col: u16) -> Location {
    Location::file(&format!("{book}: {sheet}!{}", formula::cell(row, col)))
}
