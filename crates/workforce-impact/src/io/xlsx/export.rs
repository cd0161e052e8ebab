//! The model as a workbook: Parameters, Initiatives, Totals, Lees mij and Model sheets.

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet, XlsxError as WriterError};

use super::formula::{cell, excel, number, Slot};
use super::names::{mangle, MAX_NAME_LEN};
use super::{
    XlsxError, INITIATIVES, INITIATIVE_COLUMNS, MODEL, PARAMETERS, PARAMETER_COLUMNS, README,
    TOTALS,
};
use crate::error::{Error, Errors, Location};
use crate::model::file::{ParamFile, RawValue};
use crate::model::{Body, Component, ParamScope, Parameter};
use crate::{Model, Overrides};

/// The model an empty workbook ([`write_template`](super::write_template)) imports as.
pub const TEMPLATE_MODEL: &str = "[model]\nid = \"nieuw-model\"\ntitle = \"\"\n";

/// The longest text a cell holds; longer Model-sheet lines continue in the next column.
pub(super) const CELL_CHARS: usize = 32_000;

fn writer_error(model: &Model, e: WriterError) -> XlsxError {
    XlsxError::Book(Errors(vec![Error::Model {
        loc: Location::file(&model.origin),
        message: format!("cannot build the workbook: {e}"),
    }]))
}

/// The workbook of `model` with `overrides` applied, as the bytes of an .xlsx file.
pub fn workbook_bytes(model: &Model, overrides: &Overrides) -> Result<Vec<u8>, XlsxError> {
    let values = model.values_with(overrides)?;
    let derived: Vec<Error> = overrides
        .0
        .iter()
        .filter_map(|(n, _)| model.param_index(n).map(|i| &model.params[i]))
        .filter(|p| p.derived.is_some())
        .map(|p| Error::Model {
            loc: Location::parameter(&model.origin, &p.qualified),
            message: "a derived parameter's cell is a formula over its inputs, so the book \
                      cannot hold an override of it; override its inputs instead"
                .into(),
        })
        .collect();
    if !derived.is_empty() {
        return Err(Errors(derived).into());
    }
    let eval = model.evaluate_values(values.clone())?;
    let names: Vec<String> = model.params.iter().map(|p| mangle(&p.qualified)).collect();
    let too_long: Vec<Error> = model
        .params
        .iter()
        .zip(&names)
        .filter(|(_, n)| n.len() > MAX_NAME_LEN)
        .map(|(p, n)| Error::Model {
            loc: Location::parameter(&model.origin, &p.qualified),
            message: format!(
                "its defined name is {} characters long; Excel allows {MAX_NAME_LEN}",
                n.len()
            ),
        })
        .collect();
    if !too_long.is_empty() {
        return Err(Errors(too_long).into());
    }
    let slots: Vec<Slot<'_>> = (model.params.iter())
        .zip(&names)
        .map(|(p, n)| Slot {
            name: n,
            scale: p.unit.scale * growth_to_target(p),
        })
        .collect();
    let book = Book {
        model,
        overrides,
        values: &values,
        names: &names,
        slots: &slots,
    };
    let mut wb = Workbook::new();
    book.build(&mut wb, &eval)
        .map_err(|e| writer_error(model, e))?;
    wb.save_to_buffer().map_err(|e| writer_error(model, e))
}

struct Book<'a> {
    model: &'a Model,
    overrides: &'a Overrides,
    values: &'a [f64],
    names: &'a [String],
    /// How the formulas reference each parameter slot.
    slots: &'a [Slot<'a>],
}

struct Formats {
    header: Format,
    percent: Format,
    persons: Format,
    wrap: Format,
}

/// A component cell that counts towards an initiative: (row, sector id, share of it).
type Part = (u32, &'static str, f64);

/// Where each initiative's and shared case's figures landed on the Initiatives sheet.
struct Rows {
    /// Per initiative: the row of its total, and (row, sector, factor) of every component
    /// cell that counts towards it (a shared case's components with the member's share).
    initiatives: Vec<(u32, Vec<Part>)>,
}

impl Book<'_> {
    fn build(
        &self,
        wb: &mut Workbook,
        eval: &crate::engine::Evaluation,
    ) -> Result<(), WriterError> {
        let f = Formats {
            header: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.####%"),
            persons: Format::new().set_num_format("0.00"),
            wrap: Format::new().set_text_wrap(),
        };
        let mut defined = Vec::new();
        {
            let ws = wb.add_worksheet();
            ws.set_name(README)?;
            self.readme(ws, &f)?;
        }
        {
            let ws = wb.add_worksheet();
            ws.set_name(PARAMETERS)?;
            self.parameters(ws, &f, &mut defined)?;
        }
        let rows = {
            let ws = wb.add_worksheet();
            ws.set_name(INITIATIVES)?;
            self.initiatives(ws, &f, eval)?
        };
        {
            let ws = wb.add_worksheet();
            ws.set_name(TOTALS)?;
            self.totals(ws, &f, eval, &rows)?;
        }
        {
            let ws = wb.add_worksheet();
            ws.set_name(MODEL)?;
            self.skeleton(ws, &f)?;
        }
        for (name, target) in defined {
            wb.define_name(name, &target)?;
        }
        Ok(())
    }

    /// The value of parameter `p` (slot `i`) in its own unit, overrides applied: for a
    /// growing parameter the value the file states (its `from` year), which the formulas
    /// grow to the target year by an explicit factor, as they convert units.
    fn stated(&self, i: usize, p: &Parameter) -> f64 {
        if p.derived.is_some() {
            return p.unit.from_base(self.values[i]);
        }
        let target = self
            .overrides
            .0
            .iter()
            .rev()
            .find(|(n, _)| self.model.param_index(n) == Some(i))
            .map_or(p.value, |o| o.1);
        target / growth_to_target(p)
    }

    fn parameters(
        &self,
        ws: &mut Worksheet,
        f: &Formats,
        defined: &mut Vec<(String, String)>,
    ) -> Result<(), WriterError> {
        header(ws, &PARAMETER_COLUMNS, f)?;
        for (i, p) in self.model.params.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &p.qualified)?;
            let value = self.stated(i, p);
            let fmt = if p.percent {
                &f.percent
            } else {
                &Format::new()
            };
            match &p.derived {
                Some(d) => {
                    let mut text = excel(&d.node, self.slots);
                    if p.unit.scale != 1.0 {
                        text = format!("{text}/{}", number(p.unit.scale));
                    }
                    let formula = live(&format!("={text}"), value)?;
                    ws.write_formula_with_format(r, 1, formula, fmt)?;
                    ws.write_string(r, 6, &d.text)?;
                }
                None => {
                    ws.write_number_with_format(r, 1, value, fmt)?;
                }
            }
            let pf = param_file(self.model, p);
            let unit = pf
                .and_then(|pf| pf.unit.as_ref())
                .map_or(p.unit.text.as_str(), |u| u.get_ref().as_str());
            ws.write_string(r, 2, unit)?;
            if let Some(s) = &p.source {
                ws.write_string(r, 3, s)?;
            }
            if !matches!(p.scope, ParamScope::Region(_)) {
                ws.write_string(r, 4, p.kind.as_str())?;
            }
            if let Some(n) = &p.note {
                ws.write_string(r, 5, n)?;
            }
            if let Some(w) = self.as_written(p) {
                ws.write_string(r, 7, &w)?;
            }
            ws.write_string(r, 8, &self.names[i])?;
            if let Some(more) = pf.and_then(param_more) {
                ws.write_string(r, 9, &more)?;
            }
            defined.push((self.names[i].clone(), format!("={PARAMETERS}!$B${}", r + 1)));
        }
        ws.set_column_width(0, 44)?;
        ws.set_column_width(1, 14)?;
        ws.set_column_width(2, 14)?;
        ws.set_column_width(3, 30)?;
        ws.set_column_width(5, 50)?;
        ws.set_column_width(6, 40)?;
        ws.set_column_width(8, 44)?;
        ws.set_freeze_panes(1, 1)?;
        Ok(())
    }

    /// The value as the model file writes it (`68%`, `2000`), for stated parameters.
    fn as_written(&self, p: &Parameter) -> Option<String> {
        if let ParamScope::Region(id) = &p.scope {
            let r = self
                .model
                .file
                .regions
                .iter()
                .find(|r| r.id.get_ref() == id)?;
            let v = if p.qualified.rsplit('.').next() == Some("population") {
                *r.population.get_ref()
            } else {
                *r.population_65plus.as_ref()?.get_ref()
            };
            return Some(v.to_string());
        }
        let pf = param_file(self.model, p)?;
        match pf.value.as_ref()?.get_ref() {
            RawValue::Number(x) => Some(x.to_string()),
            RawValue::Text(t) => Some(t.clone()),
        }
    }

    fn initiatives(
        &self,
        ws: &mut Worksheet,
        f: &Formats,
        eval: &crate::engine::Evaluation,
    ) -> Result<Rows, WriterError> {
        header(ws, &INITIATIVE_COLUMNS, f)?;
        let mut r = 1u32;
        let mut case_rows: Vec<(u32, Vec<(u32, &'static str)>)> = Vec::new();
        for (k, case) in self.model.shared.iter().enumerate() {
            let file = &self.model.file.shared[k].components;
            let rows = self.components(ws, f, &mut r, &case.id, &case.components, file)?;
            let total = eval.shared_totals[k];
            self.total_row(ws, f, r, &case.id, "case-total", &rows, total)?;
            if let Some(p) = &case.published {
                ws.write_number(r, 9, *p)?;
            }
            case_rows.push((r, rows.iter().map(|x| (x.0, x.1)).collect()));
            r += 2;
        }
        let mut out = Vec::new();
        for (i, ini) in self.model.initiatives.iter().enumerate() {
            let total = eval.initiative_totals[i];
            let (row, parts) = match &ini.body {
                Body::Components(cs) => {
                    let file = &self.model.file.initiatives[i].components;
                    let rows = self.components(ws, f, &mut r, &ini.id, cs, file)?;
                    self.total_row(ws, f, r, &ini.id, "total", &rows, total)?;
                    let parts = rows.iter().map(|&(row, s)| (row, s, 1.0)).collect();
                    (r, parts)
                }
                Body::Shared { case, share } => {
                    let (case_total, parts) = &case_rows[*case];
                    ws.write_string(r, 0, &ini.id)?;
                    ws.write_string(r, 1, "total")?;
                    let id = &self.model.shared[*case].id;
                    ws.write_string(r, 5, format!("{share} x {id}"))?;
                    let text = format!("={}*{}", cell(*case_total, 6), number(*share));
                    ws.write_formula_with_format(r, 6, live(&text, total)?, &f.persons)?;
                    ws.write_string(r, 10, &text)?;
                    let parts = parts.iter().map(|&(row, s)| (row, s, *share)).collect();
                    (r, parts)
                }
            };
            if let Some(p) = &ini.published {
                ws.write_number(r, 9, p.value)?;
            }
            out.push((row, parts));
            r += 2;
        }
        ws.set_column_width(0, 34)?;
        ws.set_column_width(2, 34)?;
        ws.set_column_width(3, 16)?;
        ws.set_column_width(5, 60)?;
        ws.set_column_width(6, 12)?;
        ws.set_column_width(10, 60)?;
        ws.set_freeze_panes(1, 1)?;
        Ok(Rows { initiatives: out })
    }

    /// One row per component from row `*r` on; returns each one's (row, sector).
    fn components(
        &self,
        ws: &mut Worksheet,
        f: &Formats,
        r: &mut u32,
        id: &str,
        cs: &[Component],
        file: &[crate::model::file::ComponentFile],
    ) -> Result<Vec<(u32, &'static str)>, WriterError> {
        let mut rows = Vec::new();
        for (n, c) in cs.iter().enumerate() {
            let v = c.sign.factor() * c.node.eval(self.values);
            ws.write_string(*r, 0, id)?;
            ws.write_string(*r, 1, "component")?;
            if let Some(l) = &c.label {
                ws.write_string(*r, 2, l)?;
            }
            let cf = file.get(n);
            let sector = cf.map_or(c.sector.id(), |cf| cf.sector.get_ref().as_str());
            ws.write_string(*r, 3, sector)?;
            if c.sign.factor() < 0.0 {
                ws.write_string(*r, 4, "cost")?;
            }
            ws.write_string(*r, 5, &c.text)?;
            let mut text = excel(&c.node, self.slots);
            if c.sign.factor() < 0.0 {
                text = format!("-({text})");
            }
            let text = format!("={text}");
            ws.write_formula_with_format(*r, 6, live(&text, v)?, &f.persons)?;
            if let Some(cf) = cf {
                if let Some(b) = &cf.base {
                    ws.write_string(*r, 7, b.get_ref())?;
                }
                if let Some(cut) = &cf.cut {
                    ws.write_string(*r, 8, cut.get_ref())?;
                }
            }
            ws.write_string(*r, 10, &text)?;
            if let Some(more) = cf.and_then(component_more) {
                ws.write_string(*r, 11, &more)?;
            }
            rows.push((*r, c.sector.id()));
            *r += 1;
        }
        Ok(rows)
    }

    #[allow(clippy::too_many_arguments)]
    fn total_row(
        &self,
        ws: &mut Worksheet,
        f: &Formats,
        r: u32,
        id: &str,
        kind: &str,
        rows: &[(u32, &'static str)],
        total: f64,
    ) -> Result<(), WriterError> {
        ws.write_string(r, 0, id)?;
        ws.write_string(r, 1, kind)?;
        let text = sum(rows.iter().map(|x| cell(x.0, 6)));
        ws.write_formula_with_format(r, 6, live(&text, total)?, &f.persons)?;
        ws.write_string(r, 10, &text)?;
        Ok(())
    }

    fn totals(
        &self,
        ws: &mut Worksheet,
        f: &Formats,
        eval: &crate::engine::Evaluation,
        rows: &Rows,
    ) -> Result<(), WriterError> {
        header(ws, &["group", "id", "name", "computed", "published"], f)?;
        let model = self.model;
        let init = |n: usize| format!("{INITIATIVES}!{}", cell(rows.initiatives[n].0, 6));
        let mut r = 1u32;
        let by_theme = eval.by_theme(model);
        for (t, theme) in model.themes.iter().enumerate() {
            let members: Vec<usize> = (0..model.initiatives.len())
                .filter(|&n| model.initiatives[n].theme == t)
                .collect();
            let published: f64 = members
                .iter()
                .filter_map(|&n| model.initiatives[n].published.as_ref().map(|p| p.value))
                .sum();
            let text = sum(members.iter().map(|&n| init(n)));
            row(
                ws,
                f,
                r,
                ("theme", &theme.id, &theme.name),
                &text,
                by_theme[t],
            )?;
            ws.write_number(r, 4, published)?;
            r += 1;
        }
        for (sector, v) in eval.by_sector() {
            let terms = rows.initiatives.iter().flat_map(|(_, parts)| {
                parts
                    .iter()
                    .filter(|p| p.1 == sector.id())
                    .map(|&(row, _, share)| {
                        let c = format!("{INITIATIVES}!{}", cell(row, 6));
                        if share == 1.0 {
                            c
                        } else {
                            format!("{c}*{}", number(share))
                        }
                    })
            });
            let text = sum(terms);
            row(ws, f, r, ("sector", sector.id(), sector.id()), &text, v)?;
            r += 1;
        }
        let total = eval.total();
        let total_row = r;
        let text = sum((0..model.initiatives.len()).map(init));
        row(ws, f, r, ("total", "total", "totaal"), &text, total)?;
        let published: f64 = model
            .initiatives
            .iter()
            .filter_map(|i| i.published.as_ref().map(|p| p.value))
            .sum();
        ws.write_number(r, 4, published)?;
        r += 1;
        if let Some(shortage) = model.target_shortage() {
            let text = format!("={}", number(shortage.persons));
            let name = format!("tekort {} ({})", shortage.year, shortage.scenario);
            row(
                ws,
                f,
                r,
                ("shortage", "shortage", &name),
                &text,
                shortage.persons,
            )?;
            let shortage_row = r;
            r += 1;
            let text = format!("={}/{}", cell(total_row, 3), cell(shortage_row, 3));
            let share = eval.share_of(shortage.persons);
            ws.write_string(r, 0, "share")?;
            ws.write_string(r, 1, "share")?;
            ws.write_string(r, 2, "aandeel van het tekort")?;
            ws.write_formula_with_format(r, 3, live(&text, share)?, &f.percent)?;
            if let Some(s) = model.shortage.claim.as_ref().and_then(|c| c.share) {
                ws.write_number_with_format(r, 4, s, &f.percent)?;
            }
        }
        ws.set_column_width(1, 30)?;
        ws.set_column_width(2, 50)?;
        ws.set_column_width(3, 12)?;
        ws.set_column_width(4, 12)?;
        Ok(())
    }

    fn readme(&self, ws: &mut Worksheet, f: &Formats) -> Result<(), WriterError> {
        let model = self.model;
        let mut lines = vec![
            format!("Model {}: {}", model.id, model.title),
            String::new(),
            "Hoe dit werkboek werkt".to_string(),
            "Parameters: één rij per invoer (naam, waarde, eenheid, bron, soort, toelichting). Elke waarde-cel heeft een naam (kolom defined_name): part_time_factor heet p_part_time_factor, buikpijnteam.reduction heet p_buikpijnteam__reduction (een punt wordt __, een streepje ___). Afgeleide parameters zijn formules; hun modelformule staat in kolom formula.".to_string(),
            "Initiatives: één rij per component met de modelformule als tekst (kolom formula) en dezelfde formule als levende Excel-formule over de benoemde cellen (kolom persons). Eenhedenomrekeningen staan er als getallen in: elke naam wordt vermenigvuldigd met de grootte van zijn eenheid in basiseenheden (minuten, dagen, FTE, personen). Per initiatief een totaalrij, met teken (kosten negatief) en bij een gedeelde business case het aandeel.".to_string(),
            "Totals: per thema, per sector, het totaal, het tekort en het aandeel van het tekort, berekend naast gepubliceerd.".to_string(),
            "Model: de rest van het modelbestand (TOML), zoals metadata, thema's, gedeelde business cases, het tekort en gepubliceerde cijfers. Bij terug inlezen zijn de bladen Parameters en Initiatives leidend voor parameters en componenten.".to_string(),
            String::new(),
            "Wijzigen: pas een waarde of bron aan op het blad Parameters; alle formules rekenen mee. Overschrijf geen formulecellen met getallen: bij terug inlezen (workforce-impact import of Model.from_excel) is dat een fout die de cel noemt.".to_string(),
            "Alle formulecellen bevatten ook de berekende waarde, zodat een programma dat niet herberekent de getallen toont. LibreOffice: herbereken na openen met Gegevens > Berekenen > Alles herberekenen (Ctrl+Shift+F9) als waarden niet bijwerken.".to_string(),
            "Gemaakt door workforce-impact; de indeling staat in docs/workbooks.md.".to_string(),
        ];
        if !self.overrides.0.is_empty() {
            let list: Vec<String> = self
                .overrides
                .0
                .iter()
                .map(|(n, v)| format!("{n} = {v}"))
                .collect();
            lines.push(format!(
                "Dit werkboek is geschreven met gewijzigde waarden: {}",
                list.join(", ")
            ));
        }
        for (n, l) in lines.iter().enumerate() {
            if n == 0 || n == 2 {
                ws.write_string_with_format(n as u32, 0, l, &f.header)?;
            } else {
                ws.write_string_with_format(n as u32, 0, l, &f.wrap)?;
            }
        }
        ws.set_column_width(0, 120)?;
        Ok(())
    }

    fn skeleton(&self, ws: &mut Worksheet, f: &Formats) -> Result<(), WriterError> {
        let text = skeleton_toml(self.model);
        ws.write_string_with_format(
            0,
            0,
            "# Model: alles van het modelbestand (TOML) dat de andere bladen niet tonen. Parameters en componenten staan op de bladen Parameters en Initiatives, de inwoneraantallen van regio's ook (die gaan voor).",
            &f.header,
        )?;
        for (n, line) in text.lines().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            for (c, chunk) in chars.chunks(CELL_CHARS).enumerate() {
                let s: String = chunk.iter().collect();
                ws.write_string(n as u32 + 1, c as u16, &s)?;
            }
        }
        ws.set_column_width(0, 120)?;
        Ok(())
    }
}

/// The longest formula Excel accepts, in characters.
const MAX_FORMULA_CHARS: usize = 8192;

/// A formula cell with its computed value cached; refused when Excel could not read it.
fn live(text: &str, value: f64) -> Result<Formula, WriterError> {
    let n = text.chars().count();
    if n > MAX_FORMULA_CHARS {
        let start: String = text.chars().take(60).collect();
        return Err(WriterError::ParameterError(format!(
            "the formula {start}... is {n} characters long; Excel allows {MAX_FORMULA_CHARS}"
        )));
    }
    Ok(Formula::new(text).set_result(value.to_string()))
}

/// The model file without parameters and components: what the Model sheet holds.
pub(super) fn skeleton_toml(model: &Model) -> String {
    let mut file = model.file.clone();
    file.parameters.clear();
    for s in &mut file.shared {
        s.parameters.clear();
        s.components.clear();
    }
    for i in &mut file.initiatives {
        i.parameters.clear();
        i.components.clear();
    }
    toml::to_string(&file).unwrap_or_else(|e| format!("# cannot write model: {e}\n"))
}

/// How much a `growth` parameter grows from the year its value is stated in to the target
/// year (1 for every other parameter: a `by_year` one shows its target-year value).
fn growth_to_target(p: &Parameter) -> f64 {
    match &p.profile {
        Some(g @ crate::time::Profile::Growth { target, .. }) => g.growth(*target),
        _ => 1.0,
    }
}

/// What a parameter's entry says beyond the columns the sheet shows (growth, by_year and
/// any field a later format adds), as TOML lines `key = inline value`; `None` when nothing.
/// The import reads the column back generically, so a new field needs no new column.
fn param_more(pf: &ParamFile) -> Option<String> {
    let shown = ["value", "formula", "unit", "source", "kind", "note"];
    more_lines(toml::Value::try_from(pf).ok()?, &shown)
}

/// [`param_more`] for a component: beyond label, sector, sign, formula, base and cut
/// (e.g. a flow or a stock reading).
fn component_more(cf: &crate::model::file::ComponentFile) -> Option<String> {
    let shown = ["label", "sector", "sign", "formula", "base", "cut"];
    more_lines(toml::Value::try_from(cf).ok()?, &shown)
}

fn more_lines(value: toml::Value, shown: &[&str]) -> Option<String> {
    let toml::Value::Table(table) = value else {
        return None;
    };
    let lines: Vec<String> = table
        .into_iter()
        .filter(|(k, _)| !shown.contains(&k.as_str()))
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The file entry of a stated or derived parameter (not a region's population).
fn param_file<'m>(model: &'m Model, p: &Parameter) -> Option<&'m ParamFile> {
    let file = &model.file;
    match &p.scope {
        ParamScope::Global => file.parameters.get(&p.name),
        ParamScope::Shared(id) => file
            .shared
            .iter()
            .find(|s| s.id.get_ref() == id)?
            .parameters
            .get(&p.name),
        ParamScope::Initiative(id) => file
            .initiatives
            .iter()
            .find(|i| i.id.get_ref() == id)?
            .parameters
            .get(&p.name),
        ParamScope::Region(_) => None,
    }
}

fn header(ws: &mut Worksheet, cols: &[&str], f: &Formats) -> Result<(), WriterError> {
    for (c, name) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    Ok(())
}

/// `=a+b+c`, or `=0` for no terms.
fn sum(terms: impl Iterator<Item = String>) -> String {
    let terms: Vec<String> = terms.collect();
    if terms.is_empty() {
        "=0".to_string()
    } else {
        format!("={}", terms.join("+"))
    }
}

fn row(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    (group, id, name): (&str, &str, &str),
    text: &str,
    value: f64,
) -> Result<(), WriterError> {
    ws.write_string(r, 0, group)?;
    ws.write_string(r, 1, id)?;
    ws.write_string(r, 2, name)?;
    ws.write_formula_with_format(r, 3, live(text, value)?, &f.persons)?;
    Ok(())
}
