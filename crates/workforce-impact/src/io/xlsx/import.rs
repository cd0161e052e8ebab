//! A workbook in the exported layout read back as a model. Every problem is collected and
//! reported at once, each naming its sheet and cell.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Range, Reader};
use toml::Spanned;

use super::formula::cell;
use super::{at_cell, open, XlsxError, INITIATIVES, MODEL, PARAMETERS, TOTALS};
use crate::error::{Error, Errors, Location};
use crate::model::file::{ComponentFile, Kind, ModelFile, ParamFile, RawValue, Sign};
use crate::suggest::did_you_mean;
use crate::units::Unit;
use crate::Model;

/// Reads the workbook at `path` (exported by [`write_workbook`](super::write_workbook) or
/// [`write_template`](super::write_template), then edited) as a model.
pub fn read_workbook(path: impl AsRef<Path>) -> Result<Model, XlsxError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| XlsxError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    read_workbook_bytes(&bytes, &path.display().to_string())
}

/// Reads a workbook from its bytes; `name` is what errors call the file.
pub fn read_workbook_bytes(bytes: &[u8], name: &str) -> Result<Model, XlsxError> {
    let mut book = open(bytes, name)?;
    let mut r = Read {
        name,
        errors: Vec::new(),
        param_rows: HashMap::new(),
        component_rows: HashMap::new(),
    };
    let sheets = book.sheet_names();
    let missing: Vec<Error> = [PARAMETERS, INITIATIVES, MODEL]
        .iter()
        .filter(|s| !sheets.iter().any(|n| n == *s))
        .map(|s| Error::Model {
            loc: Location::file(name),
            message: format!(
                "the workbook has no sheet '{s}' (sheets: {}); import reads the layout \
                 `workforce-impact export --xlsx` writes",
                sheets.join(", ")
            ),
        })
        .collect();
    if !missing.is_empty() {
        return Err(Errors(missing).into());
    }
    let mut sheet = |s: &str| -> Result<Sheet, XlsxError> {
        let fail = |e: calamine::XlsxError| Error::Model {
            loc: Location::file(name),
            message: format!("cannot read sheet '{s}': {e}"),
        };
        let values = book.worksheet_range(s).map_err(fail)?;
        let formulas = book.worksheet_formula(s).map_err(fail)?;
        Ok(Sheet {
            name: s.to_string(),
            values,
            formulas,
        })
    };
    let params = sheet(PARAMETERS)?;
    let inits = sheet(INITIATIVES)?;
    let skeleton = sheet(MODEL)?;
    let totals = if sheets.iter().any(|n| n == TOTALS) {
        Some(sheet(TOTALS)?)
    } else {
        None
    };
    let Some(mut file) = r.skeleton(&skeleton) else {
        return Err(Errors(r.errors).into());
    };
    r.parameters(&params, &mut file);
    restate_from_base(&mut file);
    r.components(&inits, &mut file);
    if let Some(t) = &totals {
        r.totals(t);
    }
    if !r.errors.is_empty() {
        return Err(Errors(r.errors).into());
    }
    Model::from_file(file, name).map_err(|errors| {
        XlsxError::Book(Errors(errors.0.into_iter().map(|e| r.place(e)).collect()))
    })
}

struct Sheet {
    name: String,
    values: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    fn get(&self, row: u32, col: u16) -> &Data {
        self.values
            .get_value((row, u32::from(col)))
            .unwrap_or(&Data::Empty)
    }

    fn is_formula(&self, row: u32, col: u16) -> bool {
        self.formulas
            .get_value((row, u32::from(col)))
            .is_some_and(|f| !f.is_empty())
    }

    fn rows(&self) -> u32 {
        let v = self.values.end().map_or(0, |e| e.0 + 1);
        let f = self.formulas.end().map_or(0, |e| e.0 + 1);
        v.max(f)
    }

    /// The text of a cell; `None` for an empty cell or empty text.
    fn text(&self, row: u32, col: u16) -> Option<String> {
        match self.get(row, col) {
            Data::Empty => None,
            Data::String(s) if s.is_empty() => None,
            Data::String(s) => Some(s.clone()),
            Data::Float(x) => Some(x.to_string()),
            Data::Int(x) => Some(x.to_string()),
            Data::Bool(b) => Some(b.to_string()),
            other => Some(other.to_string()),
        }
    }
}

struct Read<'a> {
    name: &'a str,
    errors: Vec<Error>,
    /// qualified name -> row on the Parameters sheet
    param_rows: HashMap<String, u32>,
    /// (initiative or shared case id, component number from 1) -> row on Initiatives
    component_rows: HashMap<(String, usize), u32>,
}

fn col_of(field: Option<&str>) -> u16 {
    match field {
        Some("value") => 1,
        Some("unit") => 2,
        Some("source") => 3,
        Some("kind") => 4,
        Some("note") => 5,
        Some("formula") => 6,
        _ => 0,
    }
}

impl Read<'_> {
    fn at(&self, sheet: &str, row: u32, col: u16) -> Location {
        at_cell(self.name, sheet, row, col)
    }

    fn model_error(&mut self, sheet: &Sheet, row: u32, col: u16, message: String) {
        let loc = self.at(&sheet.name, row, col);
        self.errors.push(Error::Model { loc, message });
    }

    /// Where a loader error points in the book: the parameter's or component's cell.
    fn place(&self, mut e: Error) -> Error {
        let loc = match &mut e {
            Error::Toml { loc, .. }
            | Error::Syntax { loc, .. }
            | Error::Unit { loc, .. }
            | Error::UnknownParameter { loc, .. }
            | Error::InvalidValue { loc, .. }
            | Error::Model { loc, .. } => loc,
        };
        let field = loc.field.clone();
        let at = if let Some(row) = loc.parameter.as_ref().and_then(|p| self.param_rows.get(p)) {
            Some(self.at(PARAMETERS, *row, col_of(field.as_deref())))
        } else if let (Some(i), Some(c)) = (&loc.initiative, &loc.component) {
            let n: Option<usize> = c
                .trim_start_matches('#')
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok());
            n.and_then(|n| self.component_rows.get(&(i.clone(), n)))
                .map(|row| {
                    let col = if field.as_deref() == Some("sector") {
                        3
                    } else {
                        5
                    };
                    self.at(INITIATIVES, *row, col)
                })
        } else {
            None
        };
        if let Some(at) = at {
            loc.file = at.file;
        }
        e
    }

    fn skeleton(&mut self, sheet: &Sheet) -> Option<ModelFile> {
        let mut text = String::new();
        for row in 0..sheet.rows() {
            let mut c = 0u16;
            while let Some(t) = sheet.text(row, c) {
                text.push_str(&t);
                c += 1;
            }
            text.push('\n');
        }
        match toml::from_str::<ModelFile>(&text) {
            Ok(f) => Some(f),
            Err(e) => {
                let line = e
                    .span()
                    .map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count());
                let loc = self.at(MODEL, line as u32, 0);
                self.errors.push(Error::Toml {
                    loc,
                    message: e.message().to_string(),
                });
                None
            }
        }
    }

    /// The header row's columns by name; an error for each one missing.
    fn columns(&mut self, sheet: &Sheet, names: &[&str]) -> Option<Vec<u16>> {
        let mut out = Vec::new();
        let mut ok = true;
        for want in names {
            match Self::optional_column(sheet, want) {
                Some(c) => out.push(c),
                None => {
                    ok = false;
                    self.model_error(
                        sheet,
                        0,
                        0,
                        format!("column '{want}' is missing from the header row"),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    /// The column headed `name`, if the sheet has one (optional columns such as `more`).
    fn optional_column(sheet: &Sheet, name: &str) -> Option<u16> {
        (0..64u16).find(|&c| sheet.text(0, c).as_deref() == Some(name))
    }

    /// The fields of a `more` cell (TOML lines `key = value`) as an entry of type `T`, after
    /// `required` (placeholder lines for the fields `T` cannot do without, which the caller
    /// replaces with the shown columns); a cell that is not such TOML is an error there.
    fn more<T: serde::de::DeserializeOwned>(
        &mut self,
        sheet: &Sheet,
        row: u32,
        col: Option<u16>,
        required: &str,
    ) -> Option<T> {
        let text = col.and_then(|c| sheet.text(row, c)).unwrap_or_default();
        match toml::from_str::<T>(&format!("{required}{text}")) {
            Ok(v) => Some(v),
            Err(e) => {
                let message = format!(
                    "the 'more' cell is not TOML fields of this entry: {}",
                    e.message()
                );
                self.model_error(sheet, row, col.unwrap_or(0), message);
                None
            }
        }
    }

    fn parameters(&mut self, sheet: &Sheet, file: &mut ModelFile) {
        let cols = [
            "name",
            "value",
            "unit",
            "source",
            "kind",
            "note",
            "formula",
            "as_written",
        ];
        let Some(c) = self.columns(sheet, &cols) else {
            return;
        };
        let more_col = Self::optional_column(sheet, "more");
        let mut region_source: HashMap<String, (u32, Option<String>)> = HashMap::new();
        for row in 1..sheet.rows() {
            if (0..c.len()).all(|k| sheet.text(row, c[k]).is_none()) {
                continue;
            }
            let Some(q) = sheet.text(row, c[0]) else {
                self.model_error(sheet, row, c[0], "a parameter row without a name".into());
                continue;
            };
            if let Some(prev) = self.param_rows.insert(q.clone(), row) {
                let first = cell(prev, c[0]);
                self.model_error(
                    sheet,
                    row,
                    c[0],
                    format!("parameter '{q}' is already on row {first}"),
                );
                continue;
            }
            let (scope, local) = match q.split_once('.') {
                Some((s, l)) => (Some(s.to_string()), l.to_string()),
                None => (None, q.clone()),
            };
            let text = |k: usize| sheet.text(row, c[k]);
            let formula = text(6);
            let value_is_formula = sheet.is_formula(row, c[1]);
            let book = self.name;
            let at = |col: u16| Location {
                parameter: Some(q.clone()),
                ..at_cell(book, &sheet.name, row, col)
            };
            let mut bad: Vec<Error> = Vec::new();
            let value = match (&formula, value_is_formula) {
                (Some(_), true) => None,
                (Some(f), false) => {
                    bad.push(Error::Model {
                        loc: at(c[1]),
                        message: format!(
                            "this cell was a formula (derived parameter '{q}' = {f}) and now \
                             holds a value; change the model formula in column {} instead",
                            col_name(c[6])
                        ),
                    });
                    None
                }
                (None, true) => {
                    bad.push(Error::Model {
                        loc: at(c[1]),
                        message: "holds a formula, but a stated parameter's value must be a \
                                  number (a derived parameter writes its model formula in \
                                  column formula)"
                            .into(),
                    });
                    None
                }
                (None, false) => match sheet.get(row, c[1]) {
                    Data::Float(x) => Some(*x),
                    Data::Int(x) => Some(*x as f64),
                    Data::Empty => {
                        bad.push(Error::InvalidValue {
                            loc: at(c[1]),
                            message: "no value".into(),
                        });
                        None
                    }
                    other => {
                        bad.push(Error::InvalidValue {
                            loc: at(c[1]),
                            message: format!("value '{other}' is not a number"),
                        });
                        None
                    }
                },
            };
            let unit = text(2);
            if let Some(u) = &unit {
                if let Err(e) = Unit::parse(u) {
                    bad.push(Error::Unit {
                        loc: at(c[2]),
                        message: e.message,
                    });
                }
            }
            let kind =
                text(4).and_then(
                    |k| match toml::Value::String(k.clone()).try_into::<Kind>() {
                        Ok(kind) => Some(kind),
                        Err(_) => {
                            let kinds = [
                                "sourced",
                                "unsourced",
                                "assumption",
                                "expert",
                                "derived",
                                "other-region",
                            ];
                            let hint = did_you_mean(&k, kinds)
                                .map(|s| format!(" (did you mean '{s}'?)"))
                                .unwrap_or_default();
                            bad.push(Error::Model {
                                loc: at(c[4]),
                                message: format!(
                                    "unknown kind '{k}'{hint}; kinds: {}",
                                    kinds.join(", ")
                                ),
                            });
                            None
                        }
                    },
                );
            // a region's population: only its value and the region's source
            if let Some(rg) = scope
                .as_ref()
                .and_then(|s| file.regions.iter_mut().find(|r| r.id.get_ref() == s))
            {
                if let Some(u) = &unit {
                    bad.push(Error::Unit {
                        loc: at(c[2]),
                        message: format!(
                            "a region's population is a plain count; found unit '{u}'"
                        ),
                    });
                }
                let source = text(3);
                match region_source.get(rg.id.get_ref()) {
                    Some((r0, s0)) if *s0 != source => bad.push(Error::Model {
                        loc: at(c[3]),
                        message: format!(
                            "a region has one source, shown on both its rows; {} says {:?}",
                            cell(*r0, c[3]),
                            s0.as_deref().unwrap_or("")
                        ),
                    }),
                    _ => {
                        region_source.insert(rg.id.get_ref().clone(), (row, source.clone()));
                    }
                }
                rg.source = source;
                if let Some(v) = value {
                    match local.as_str() {
                        "population" => rg.population = Spanned::new(0..0, v),
                        "population_65plus" => rg.population_65plus = Some(Spanned::new(0..0, v)),
                        other => bad.push(Error::Model {
                            loc: at(c[0]),
                            message: format!(
                                "region '{}' has population and population_65plus, not '{other}'",
                                rg.id.get_ref()
                            ),
                        }),
                    }
                }
                self.errors.extend(bad);
                continue;
            }
            let raw = value.map(|v| raw_value(v, text(7).as_deref()));
            let Some(more) = self.more::<ParamFile>(sheet, row, more_col, "") else {
                continue;
            };
            let pf = ParamFile {
                value: raw.map(|v| Spanned::new(0..0, v)),
                formula: formula.map(|f| Spanned::new(0..0, f)),
                unit: unit.map(|u| Spanned::new(0..0, u)),
                source: text(3),
                kind,
                note: text(5),
                ..more
            };
            // A by_year parameter states no value of its own (the export writes none in
            // `as_written`): the value cell shows its target-year value.
            let pf = if pf.by_year.is_some() && text(7).is_none() {
                ParamFile { value: None, ..pf }
            } else {
                pf
            };
            let target = match &scope {
                None => Some(&mut file.parameters),
                Some(s) => {
                    if let Some(sh) = file.shared.iter_mut().find(|x| x.id.get_ref() == s) {
                        Some(&mut sh.parameters)
                    } else {
                        file.initiatives
                            .iter_mut()
                            .find(|x| x.id.get_ref() == s)
                            .map(|i| &mut i.parameters)
                    }
                }
            };
            match target {
                Some(t) if bad.is_empty() => {
                    t.insert(local, pf);
                }
                Some(_) => self.errors.extend(bad),
                None => {
                    self.errors.extend(bad);
                    let s = scope.unwrap_or_default();
                    self.errors.push(Error::Model {
                        loc: at(c[0]),
                        message: format!(
                            "'{s}' is no initiative, shared case or region of the Model sheet"
                        ),
                    });
                }
            }
        }
    }

    fn components(&mut self, sheet: &Sheet, file: &mut ModelFile) {
        let cols = [
            "initiative",
            "row",
            "label",
            "sector",
            "sign",
            "formula",
            "persons",
            "base",
            "cut",
        ];
        let Some(c) = self.columns(sheet, &cols) else {
            return;
        };
        let more_col = Self::optional_column(sheet, "more");
        for row in 1..sheet.rows() {
            if (0..c.len()).all(|k| sheet.text(row, c[k]).is_none()) {
                continue;
            }
            let text = |k: usize| sheet.text(row, c[k]);
            let kind = text(1).unwrap_or_default();
            if !sheet.is_formula(row, c[6]) && !matches!(sheet.get(row, c[6]), Data::Empty) {
                let what = if kind == "component" {
                    "the component's persons"
                } else {
                    "a total"
                };
                self.model_error(
                    sheet,
                    row,
                    c[6],
                    format!(
                        "this cell was a formula ({what}) and now holds a value; change the \
                         model formula in column {} or the values on the Parameters sheet",
                        col_name(c[5])
                    ),
                );
            }
            match kind.as_str() {
                "component" => {}
                "total" | "case-total" => continue,
                other => {
                    self.model_error(
                        sheet,
                        row,
                        c[1],
                        format!("row is '{other}'; expected component, total or case-total"),
                    );
                    continue;
                }
            }
            let Some(id) = text(0) else {
                self.model_error(sheet, row, c[0], "a component without an initiative".into());
                continue;
            };
            let (Some(sector), Some(formula)) = (text(3), text(5)) else {
                let col = if text(3).is_none() { c[3] } else { c[5] };
                let what = if text(3).is_none() {
                    "sector"
                } else {
                    "formula"
                };
                self.model_error(sheet, row, col, format!("a component needs a {what}"));
                continue;
            };
            let sign = match text(4).as_deref() {
                None | Some("saving") => Sign::Saving,
                Some("cost") => Sign::Cost,
                Some(other) => {
                    self.model_error(
                        sheet,
                        row,
                        c[4],
                        format!("sign '{other}' is neither saving nor cost"),
                    );
                    continue;
                }
            };
            let placeholders = "sector = \"\"\nformula = \"\"\n";
            let Some(more) = self.more::<ComponentFile>(sheet, row, more_col, placeholders) else {
                continue;
            };
            let comp = ComponentFile {
                label: text(2),
                sector: Spanned::new(0..0, sector),
                sign,
                formula: Spanned::new(0..0, formula),
                base: text(7).map(|b| Spanned::new(0..0, b)),
                cut: text(8).map(|b| Spanned::new(0..0, b)),
                ..more
            };
            let list = if let Some(sh) = file.shared.iter_mut().find(|x| *x.id.get_ref() == id) {
                Some(&mut sh.components)
            } else {
                file.initiatives
                    .iter_mut()
                    .find(|x| *x.id.get_ref() == id)
                    .map(|i| &mut i.components)
            };
            match list {
                Some(l) => {
                    l.push(comp);
                    self.component_rows.insert((id, l.len()), row);
                }
                None => self.model_error(
                    sheet,
                    row,
                    c[0],
                    format!("'{id}' is no initiative or shared case of the Model sheet"),
                ),
            }
        }
    }

    fn totals(&mut self, sheet: &Sheet) {
        for row in 1..sheet.rows() {
            if sheet.text(row, 0).is_some() && !sheet.is_formula(row, 3) {
                self.model_error(
                    sheet,
                    row,
                    3,
                    "this cell was a formula (a total) and now holds a value; totals are \
                     computed from the Initiatives sheet and the shortage from the Model sheet"
                        .into(),
                );
            }
        }
    }
}

/// The column letter of 0-based `col`.
fn col_name(col: u16) -> String {
    cell(0, col).trim_end_matches('1').to_string()
}

/// `v` as the model file writes it: in the form of `as_written` (`"68%"` or a number) when
/// `as_written` still reads as `v`, else a percentage when it was one, else a number.
fn raw_value(v: f64, as_written: Option<&str>) -> RawValue {
    let Some(w) = as_written.map(str::trim) else {
        return RawValue::Number(v);
    };
    match w.strip_suffix('%') {
        Some(n) => {
            let same = n.trim().replace(',', ".").parse::<f64>().map(|x| x / 100.0) == Ok(v);
            if same {
                RawValue::Text(w.to_string())
            } else {
                RawValue::Text(format!("{}%", shift_two(v)))
            }
        }
        None => RawValue::Number(v),
    }
}

/// The decimal digits of `v` times 100, by moving the point (no rounding error).
fn shift_two(v: f64) -> String {
    let s = format!("{v}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut frac = frac.to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(2);
    let digits = format!("{int}{moved}");
    let neg = digits.starts_with('-');
    let trimmed = digits.trim_start_matches('-').trim_start_matches('0');
    let int = if trimmed.is_empty() { "0" } else { trimmed };
    let sign = if neg { "-" } else { "" };
    if rest.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{rest}")
    }
}

/// A `from_base` parameter is stated in the file as the source region's figure; the loader
/// keeps that figure as `<name>_stated` and derives `<name>` from it, and the export shows
/// both rows (the formulas read `<name>`). Back in the file the stated figure, with its
/// class, is `<name>`'s value again and the loader's row goes.
fn restate_from_base(file: &mut ModelFile) {
    let maps = std::iter::once(&mut file.parameters)
        .chain(file.shared.iter_mut().map(|s| &mut s.parameters))
        .chain(file.initiatives.iter_mut().map(|i| &mut i.parameters));
    for map in maps {
        let names: Vec<String> = (map.iter())
            .filter(|(_, p)| p.from_base.is_some() && p.formula.is_some())
            .map(|(n, _)| n.clone())
            .collect();
        for name in names {
            let Some(stated) = map.shift_remove(&format!("{name}_stated")) else {
                continue;
            };
            if let Some(p) = map.get_mut(&name) {
                p.formula = None;
                p.value = stated.value;
                p.kind = stated.kind;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_move_the_point() {
        assert_eq!(shift_two(0.68), "68");
        assert_eq!(shift_two(0.0026), "0.26");
        assert_eq!(shift_two(0.6), "60");
        assert_eq!(shift_two(1.0), "100");
        assert_eq!(shift_two(0.075), "7.5");
        assert_eq!(raw_value(0.68, Some("68%")), RawValue::Text("68%".into()));
        assert_eq!(raw_value(0.6, Some("68%")), RawValue::Text("60%".into()));
        assert_eq!(raw_value(2000.0, Some("2000")), RawValue::Number(2000.0));
    }
}
