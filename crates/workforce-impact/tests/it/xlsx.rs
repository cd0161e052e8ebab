//! Workbooks out and in (feature `xlsx`): round trip, template, mangling, bad books.
//! The small books here are synthetic (no real region's figures).

use std::collections::HashSet;
use std::path::PathBuf;

use rust_xlsxwriter::{Formula, Workbook};
use workforce_impact::io::xlsx::{
    mangle, names::looks_like_cell_reference, read_workbook, read_workbook_bytes, unmangle,
    write_template, write_workbook, XlsxError, TEMPLATE_MODEL,
};
use workforce_impact::{Error, Model, Overrides};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wi-xlsx-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("synthetic book");
    dir.join(name)
}

fn book_errors(r: Result<Model, XlsxError>) -> Vec<Error> {
    match r {
        Err(XlsxError::Book(e)) => e.0,
        Err(other) => panic!("expected a book error, got {other}"),
        Ok(_) => panic!("expected errors, the book loaded"),
    }
}

#[test]
fn nml_round_trip_is_lossless() {
    let model = Model::builtin("nml-2023").expect("synthetic book");
    let path = tmp("nml.xlsx");
    write_workbook(&model, &Overrides::default(), &path).expect("synthetic book");
    let back = read_workbook(&path).expect("synthetic book");
    assert_eq!(back.to_toml(), model.to_toml());
    let a = model
        .evaluate(&Overrides::default())
        .expect("synthetic book");
    let b = back
        .evaluate(&Overrides::default())
        .expect("synthetic book");
    assert_eq!(a.initiative_totals, b.initiative_totals);
}

#[test]
fn export_with_overrides_imports_the_overridden_values() {
    let model = Model::builtin("nml-2023").expect("synthetic book");
    let path = tmp("nml-60.xlsx");
    let o = Overrides::new().set("part_time_factor", 0.6);
    write_workbook(&model, &o, &path).expect("synthetic book");
    let back = read_workbook(&path).expect("synthetic book");
    assert_eq!(
        back.param("part_time_factor")
            .expect("synthetic book")
            .value,
        0.6
    );
    let diff: Vec<(String, String)> = model
        .to_toml()
        .lines()
        .zip(back.to_toml().lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(diff[0].0.contains("value = \"68%\""), "{diff:?}");
    assert!(diff[0].1.contains("value = \"60%\""), "{diff:?}");
    let want = model.evaluate(&o).expect("synthetic book").total();
    assert!(
        (back
            .evaluate(&Overrides::default())
            .expect("synthetic book")
            .total()
            - want)
            .abs()
            < 1e-9 * want
    );
}

#[test]
fn template_imports_as_an_empty_valid_model() {
    let path = tmp("empty.xlsx");
    write_template(&path).expect("synthetic book");
    let model = read_workbook(&path).expect("synthetic book");
    assert_eq!(model.id, "nieuw-model");
    assert!(model.initiatives.is_empty() && model.params.is_empty());
    let expected = Model::from_toml_str(TEMPLATE_MODEL, "t").expect("synthetic book");
    assert_eq!(model.to_toml(), expected.to_toml());
}

#[test]
fn mangling_is_injective_and_never_a_cell_reference() {
    let model = Model::builtin("nml-2023").expect("synthetic book");
    let mut names: Vec<String> = model.params.iter().map(|p| p.qualified.clone()).collect();
    assert!(
        names.iter().all(|q| mangle(q).starts_with("p_")),
        "NML names are plain"
    );
    assert_eq!(
        mangle("buikpijnteam.clinical_admission_reduction"),
        "p_buikpijnteam__clinical_admission_reduction"
    );
    // hostile: names that collide under naive rules, cell references, case, unicode
    for h in [
        "a-b",
        "a_b",
        "a.b",
        "a__b",
        "a._b",
        "a-.b",
        "a_.b",
        "a---b",
        "a___b",
        "A1",
        "a1",
        "AB12",
        "R1C1",
        "r1c1",
        "R",
        "C",
        "rc",
        "x_41",
        "p_a",
        "Ab",
        "ab",
        "a b",
        "é",
        "",
        "_",
        "-",
        ".",
        "a.",
        ".a",
        "a-",
        "a..b",
        "1a",
        "p__a",
        "nml..population",
    ] {
        names.push(h.to_string());
    }
    let mut seen = HashSet::new();
    for q in &names {
        let m = mangle(q);
        assert!(
            seen.insert(m.to_ascii_lowercase()),
            "collision for {q:?}: {m}"
        );
        assert!(!looks_like_cell_reference(&m), "{q:?} -> {m}");
        assert!(
            m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{m}"
        );
        assert_eq!(unmangle(&m).as_deref(), Some(q.as_str()), "{q:?}");
    }
}

/// A book in the exported layout with the given parameter rows (name, value, unit) and one
/// component formula; `value` None writes a formula into the value cell.
fn small_book(
    params: &[(&str, Option<f64>, &str, &str)],
    formula: &str,
    total_overwritten: bool,
) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Parameters").expect("synthetic book");
    for (c, h) in [
        "name",
        "value",
        "unit",
        "source",
        "kind",
        "note",
        "formula",
        "as_written",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("synthetic book");
    }
    for (r, (name, value, unit, kind)) in params.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *name).expect("synthetic book");
        match value {
            Some(v) => ws.write_number(r, 1, *v).expect("synthetic book"),
            None => ws.write_string(r, 1, "veel").expect("synthetic book"),
        };
        ws.write_string(r, 2, *unit).expect("synthetic book");
        ws.write_string(r, 4, *kind).expect("synthetic book");
    }
    let ws = wb.add_worksheet();
    ws.set_name("Initiatives").expect("synthetic book");
    for (c, h) in [
        "initiative",
        "row",
        "label",
        "sector",
        "sign",
        "formula",
        "persons",
        "base",
        "cut",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("synthetic book");
    }
    ws.write_string(1, 0, "synthetisch")
        .expect("synthetic book");
    ws.write_string(1, 1, "component").expect("synthetic book");
    ws.write_string(1, 3, "msz").expect("synthetic book");
    ws.write_string(1, 5, formula).expect("synthetic book");
    ws.write_formula(1, 6, Formula::new("=1").set_result("1"))
        .expect("synthetic book");
    ws.write_string(2, 0, "synthetisch")
        .expect("synthetic book");
    ws.write_string(2, 1, "total").expect("synthetic book");
    if total_overwritten {
        ws.write_number(2, 6, 3.0).expect("synthetic book");
    } else {
        ws.write_formula(2, 6, Formula::new("=G2").set_result("1"))
            .expect("synthetic book");
    }
    let ws = wb.add_worksheet();
    ws.set_name("Model").expect("synthetic book");
    let skeleton = "[model]\nid = \"synthetisch\"\n\n[[themes]]\nid = \"t\"\n\n[[initiatives]]\nid = \"synthetisch\"\ntheme = \"t\"";
    for (r, line) in skeleton.lines().enumerate() {
        ws.write_string(r as u32, 0, line).expect("synthetic book");
    }
    wb.save_to_buffer().expect("synthetic book")
}

#[test]
fn a_bad_book_reports_every_error_with_its_cell() {
    let bytes = small_book(
        &[
            ("annual_hours", Some(2000.0), "h/(FTE*yr)", "assumption"),
            ("part_time_factor", None, "FTE/person", "sourced"),
            ("minutes", Some(15.0), "uur", "expert"),
            ("cases", Some(100.0), "1/yr", "aanname"),
        ],
        "cases * minutes / annual_hours / part_time_factor",
        true,
    );
    let errors = book_errors(read_workbook_bytes(&bytes, "synthetisch.xlsx"));
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 4, "{text:#?}");
    assert!(matches!(errors[0], Error::InvalidValue { .. }));
    assert_eq!(text[0], "synthetisch.xlsx: Parameters!B3: parameter 'part_time_factor': invalid value: value 'veel' is not a number");
    assert!(matches!(errors[1], Error::Unit { .. }));
    assert!(
        text[1].starts_with(
            "synthetisch.xlsx: Parameters!C4: parameter 'minutes': unit error: unknown unit 'uur'"
        ),
        "{}",
        text[1]
    );
    assert!(
        text[2].starts_with(
            "synthetisch.xlsx: Parameters!E5: parameter 'cases': unknown kind 'aanname'"
        ),
        "{}",
        text[2]
    );
    assert!(text[3].starts_with("synthetisch.xlsx: Initiatives!G3: this cell was a formula (a total) and now holds a value"), "{}", text[3]);
}

#[test]
fn loader_errors_point_at_the_formula_cell() {
    let bytes = small_book(
        &[
            ("annual_hours", Some(2000.0), "h/(FTE*yr)", "assumption"),
            ("cases", Some(100.0), "1/yr", "assumption"),
            ("minutes", Some(15.0), "min", "expert"),
        ],
        "cases * minutes / annual_hours",
        false,
    );
    let errors = book_errors(read_workbook_bytes(&bytes, "b.xlsx"));
    // the loader's unit error, placed at the component's formula cell F2
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 1, "{text:#?}");
    assert!(matches!(errors[0], Error::Unit { .. }), "{text:#?}");
    assert!(
        text[0].starts_with("b.xlsx: Initiatives!F2: initiative 'synthetisch', component #1"),
        "{text:#?}"
    );
    assert!(text[0].contains("part-time factor"), "{text:#?}");
    // and a parameter's formula that names no parameter, at its formula cell
    let bytes = small_book(
        &[
            ("annual_hours", Some(2000.0), "h/(FTE*yr)", "assumption"),
            ("part_time_factor", Some(0.68), "FTE/person", "assumption"),
        ],
        "10000[h/yr] / annual_hours / part_time_facter",
        false,
    );
    let errors = book_errors(read_workbook_bytes(&bytes, "b.xlsx"));
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 1, "{text:#?}");
    assert!(
        matches!(errors[0], Error::UnknownParameter { .. }),
        "{text:#?}"
    );
    assert!(text[0].starts_with("b.xlsx: Initiatives!F2: "), "{text:#?}");
    assert!(
        text[0].contains("did you mean 'part_time_factor'?"),
        "{text:#?}"
    );
}

#[test]
fn not_a_workbook_and_missing_sheets() {
    let errors = book_errors(read_workbook_bytes(b"[model]\nid = \"x\"\n", "model.toml"));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .to_string()
            .starts_with("model.toml: not an Excel workbook (.xlsx)"),
        "{}",
        errors[0]
    );
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("Parameters")
        .expect("synthetic book");
    let errors = book_errors(read_workbook_bytes(
        &wb.save_to_buffer().expect("synthetic book"),
        "b.xlsx",
    ));
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].starts_with("b.xlsx: the workbook has no sheet 'Initiatives'"),
        "{text:?}"
    );
    assert!(
        text[1].starts_with("b.xlsx: the workbook has no sheet 'Model'"),
        "{text:?}"
    );
    match read_workbook(tmp("no-such.xlsx")) {
        Err(XlsxError::Io { action: "read", .. }) => {}
        other => panic!("{:?}", other.map(|m| m.id)),
    }
}

#[test]
fn a_missing_column_is_named() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Parameters").expect("synthetic book");
    ws.write_string(0, 0, "name").expect("synthetic book");
    ws.write_string(0, 1, "value").expect("synthetic book");
    wb.add_worksheet()
        .set_name("Initiatives")
        .expect("synthetic book");
    let ws = wb.add_worksheet();
    ws.set_name("Model").expect("synthetic book");
    ws.write_string(0, 0, "[model]").expect("synthetic book");
    ws.write_string(1, 0, "id = \"x\"").expect("synthetic book");
    let errors = book_errors(read_workbook_bytes(
        &wb.save_to_buffer().expect("synthetic book"),
        "b.xlsx",
    ));
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        text.contains(
            &"b.xlsx: Parameters!A1: column 'unit' is missing from the header row".to_string()
        ),
        "{text:#?}"
    );
    assert!(
        text.contains(
            &"b.xlsx: Initiatives!A1: column 'initiative' is missing from the header row"
                .to_string()
        ),
        "{text:#?}"
    );
}

#[test]
fn writing_into_a_missing_directory_leaves_nothing() {
    let model = Model::builtin("nml-2023").expect("synthetic book");
    let err = write_workbook(&model, &Overrides::default(), "/no/such/dir/x.xlsx").unwrap_err();
    assert!(
        matches!(
            err,
            XlsxError::Io {
                action: "write",
                ..
            }
        ),
        "{err}"
    );
    let bad = Overrides::new().set("part_time_facter", 0.6);
    let path = tmp("never.xlsx");
    let err = write_workbook(&model, &bad, &path).unwrap_err();
    assert!(
        err.to_string().contains("did you mean 'part_time_factor'?"),
        "{err}"
    );
    assert!(!path.exists());
}

#[test]
fn the_exported_layout_names_cells_and_caches_values() {
    use calamine::{Data, Reader, Xlsx};
    let model = Model::builtin("nml-2023").expect("builtin");
    let path = tmp("layout.xlsx");
    write_workbook(&model, &Overrides::default(), &path).expect("written");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("a workbook");
    assert_eq!(
        book.sheet_names(),
        ["Lees mij", "Parameters", "Initiatives", "Totals", "Model"]
    );
    let names: Vec<(String, String)> = book.defined_names().to_vec();
    assert_eq!(names.len(), model.params.len());
    assert!(
        names.iter().all(|(_, f)| f.starts_with("Parameters!$B$")),
        "{names:?}"
    );
    let params = book.worksheet_range("Parameters").expect("sheet");
    let row_of = |q: &str| {
        (1..params.height() as u32)
            .find(|&r| params.get_value((r, 0)) == Some(&Data::String(q.into())))
            .expect("a row")
    };
    let r = row_of("part_time_factor");
    assert_eq!(params.get_value((r, 1)), Some(&Data::Float(0.68)));
    assert_eq!(params.get_value((r, 7)), Some(&Data::String("68%".into())));
    assert_eq!(
        params.get_value((r, 8)),
        Some(&Data::String("p_part_time_factor".into()))
    );
    assert!(names.contains(&(
        "p_part_time_factor".into(),
        format!("Parameters!$B${}", r + 1)
    )));
    let r = row_of("nml.population");
    assert_eq!(
        params.get_value((r, 7)),
        Some(&Data::String("504908".into()))
    );
    // a derived parameter is a formula with its value cached
    let r = row_of("integraal-ketenzorgportaal.clinical_admissions");
    let formulas = book.worksheet_formula("Parameters").expect("sheet");
    let f = formulas.get_value((r, 1)).expect("a formula");
    assert!(
        f.contains("p_integraal___ketenzorgportaal__clinical_admissions_nl*0.0027397260273972603"),
        "{f}"
    );
    let cached = match params.get_value((r, 1)) {
        Some(Data::Float(v)) => *v,
        other => panic!("{other:?}"),
    };
    assert!(
        (cached - 1369290.0 * 504908.0 / 17923412.0).abs() < 1e-6,
        "{cached}"
    );
    // an override of a derived parameter cannot be written: its cell is a formula
    let o = Overrides::new().set("integraal-ketenzorgportaal.clinical_admissions", 1.0);
    let err = write_workbook(&model, &o, tmp("derived.xlsx")).expect_err("refused");
    assert!(
        err.to_string()
            .contains("a derived parameter's cell is a formula"),
        "{err}"
    );
}

proptest::proptest! {
    /// unmangle(mangle(s)) == s for any text (so the mangling is injective), and every
    /// mangled name is a valid defined name that is no cell reference.
    #[test]
    fn mangling_reads_back_for_any_name(s in "[a-zA-Z0-9_.\\- é]{0,24}") {
        let m = mangle(&s);
        proptest::prop_assert_eq!(unmangle(&m), Some(s.clone()));
        proptest::prop_assert!(m.starts_with("p_") || m.starts_with("x_"));
        proptest::prop_assert!(m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        proptest::prop_assert!(!looks_like_cell_reference(&m));
        // Excel names are case-insensitive: a plain name is lower case, hex is lower case
        proptest::prop_assert_eq!(m.to_ascii_lowercase(), m);
    }
}

#[test]
fn truncated_and_corrupted_books_are_errors_not_panics() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let bytes =
        workforce_impact::io::xlsx::workbook_bytes(&model, &Overrides::default()).expect("bytes");
    for cut in [
        0,
        1,
        4,
        30,
        100,
        1000,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        let r =
            std::panic::catch_unwind(|| read_workbook_bytes(&bytes[..cut], "cut.xlsx").is_err());
        assert_eq!(r.ok(), Some(true), "cut at {cut}");
    }
    // flipped bytes inside the archive: an error or (if only padding changed) a model
    for at in (200..bytes.len()).step_by(bytes.len() / 16) {
        let mut b = bytes.clone();
        b[at] ^= 0x55;
        let r = std::panic::catch_unwind(|| {
            let _ = read_workbook_bytes(&b, "flip.xlsx");
        });
        assert!(r.is_ok(), "a panic with byte {at} flipped");
    }
}

#[test]
fn a_formula_excel_could_not_read_is_refused_and_nothing_written() {
    // a synthetic model: 700 one-component initiatives in one theme, so the theme's sum of
    // initiative totals is longer than Excel's 8192 characters
    let mut text = String::from(
        "[model]\nid = \"lang\"\n[parameters]\nannual_hours = { value = 2000, unit = \"h/(FTE*yr)\", kind = \"assumption\" }\npart_time_factor = { value = 0.7, unit = \"FTE/person\", kind = \"assumption\" }\n[[themes]]\nid = \"t\"\n",
    );
    for n in 0..700 {
        text.push_str(&format!(
            "[[initiatives]]\nid = \"i{n}\"\ntheme = \"t\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"100[h/yr] / annual_hours / part_time_factor\"\n"
        ));
    }
    let model = Model::from_toml_str(&text, "lang.toml").expect("loads");
    let path = tmp("lang.xlsx");
    let err = write_workbook(&model, &Overrides::default(), &path).expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.starts_with("lang.toml: cannot build the workbook: "),
        "{msg}"
    );
    assert!(msg.contains("characters long; Excel allows 8192"), "{msg}");
    assert!(!path.exists());
}

/// Synthetic: every year field the sheets do not show as columns (growth, by_year, a
/// ramp, a flow with a retention parameter, a stock reading) rides in the `more` column or
/// the Model sheet, and comes back.
#[test]
fn year_fields_round_trip_through_the_more_column() {
    let text = r#"
[model]
id = "synthetic-years-book"
start_year = 2023
target_year = 2027
default_ramp = { start = 2023, full = 2026, shape = "logistic" }

[shortage]
projections = [{ year = 2023, persons = 100 }, { year = 2027, persons = 140 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }
uptake = { by_year = { 2023 = "10%", 2027 = "40%" }, source = "aanname", kind = "assumption" }

[[initiatives]]
id = "groei"
theme = "t"
ramp = { start = 2024, full = 2025, shape = "linear" }

  [initiatives.parameters]
  clients = { value = 1000, unit = "1/yr", growth = { total = "20%", from = 2023, to = 2027, shape = "compound" }, source = "aanname", kind = "assumption" }
  hours_saved = { value = 30, unit = "h", source = "aanname", kind = "assumption" }
  graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }
  keep = { value = "90%", source = "aanname", kind = "assumption" }

  [[initiatives.components]]
  sector = "vvt"
  formula = "clients * uptake * hours_saved / annual_hours / part_time_factor"

  [[initiatives.components]]
  sector = "vvt"
  formula = "graduates"
  flow = { from = 2024, retention = "keep" }

  [[initiatives.components]]
  sector = "vvt"
  formula = "graduates * 1[yr]"
  stock_reading = { formula = "graduates", from = 2025, note = "n" }
"#;
    let model = match Model::from_toml_str(text, "years.toml") {
        Ok(m) => m,
        Err(e) => panic!("the synthetic model loads:\n{e}"),
    };
    let path = tmp("years.xlsx");
    write_workbook(&model, &Overrides::default(), &path).expect("written");
    let back = read_workbook(&path).expect("read back");
    assert_eq!(back.to_toml(), model.to_toml());
    let (a, b) = (
        model
            .trajectory(&Overrides::default(), "baseline")
            .expect("years"),
        back.trajectory(&Overrides::default(), "baseline")
            .expect("years"),
    );
    assert_eq!(a.years, b.years);
}
