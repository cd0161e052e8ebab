//! Monitoring: realised data read from CSV (and a workbook's `Realised` sheet), set
//! against the plan, and the re-forecast, each against hand-computed figures. The model
//! and every realised figure here are synthetic (no real region's or initiative's).

use workforce_impact::engine::{Distribution, Input, McConfig, Shape};
use workforce_impact::monitor::{MonitorOptions, Period, Realised, Status};
use workforce_impact::{Error, Errors, Model};

/// A synthetic model, horizon 2023..=2027, baseline shortage 100 (2023) -> 140 (2027).
/// `a` ramps linearly from 0 in 2023 to full in 2027: 40000 h/yr × 50% / 2000 / 50% = 20
/// persons at full effect. `b` has no ramp: 20000 h/yr × 10% × (1 + growth) / 2000 / 50%,
/// growth 0% in 2023 rising linearly to 20% in 2027: 2.4 persons in 2027, 2.2 in 2025.
const MODEL: &str = r#"
[model]
id = "synthetic-monitor"
target_year = 2027
start_year = 2023

[shortage]
projections = [{ year = 2023, persons = 100 }, { year = 2027, persons = 140 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }

[[initiatives]]
id = "a"
theme = "t"
ramp = { start = 2023, full = 2027, shape = "linear" }
  [initiatives.parameters]
  hours = { value = 40000, unit = "h/yr", source = "aanname", kind = "assumption" }
  reduction = { value = "50%", source = "aanname", kind = "assumption" }
  [[initiatives.components]]
  sector = "vvt"
  formula = "hours * reduction / annual_hours / part_time_factor"

[[initiatives]]
id = "b"
theme = "t"
  [initiatives.parameters]
  hours = { value = 20000, unit = "h/yr", source = "aanname", kind = "assumption" }
  cut = { value = "10%", source = "aanname", kind = "assumption" }
  growth = { by_year = { 2023 = "0%", 2027 = "20%" }, source = "aanname", kind = "assumption" }
  [[initiatives.components]]
  sector = "vvt"
  formula = "hours * cut * (1 + growth) / annual_hours / part_time_factor"
"#;

const HEAD: &str = "initiative,period,measure,value,source,note\n";

fn model() -> Model {
    match Model::from_toml_str(MODEL, "synthetic.toml") {
        Ok(m) => m,
        Err(e) => panic!("the synthetic model should load:\n{e}"),
    }
}

fn realised(rows: &str) -> Realised {
    match Realised::from_csv_str(&format!("{HEAD}{rows}"), "r.csv") {
        Ok(r) => r,
        Err(e) => panic!("realised data should read:\n{e}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn errors_of(rows: &str) -> Errors {
    let r = realised(rows);
    match model().monitor(&r, &MonitorOptions::default()) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

#[test]
fn persons_planned_at_a_sub_year_period_interpolate_between_year_ends() {
    let m = model();
    let r = realised(
        "a,2025,persons,10,s,\na,2025-H1,persons,6,s,\na,2025-Q1,persons,6.25,s,\n\
         a,2023-Q2,persons,0,s,\na,2026-Q3,persons,13.75,s,\n",
    );
    let out = m.monitor(&r, &MonitorOptions::default()).unwrap();
    let planned: Vec<f64> = out.rows.iter().map(|r| r.planned.unwrap()).collect();
    // ramp 0, .25, .5, .75, 1 from 2023: 0, 5, 10, 15, 20 persons at the year ends
    let want = [10.0, 7.5, 6.25, 0.0, 10.0 + 0.75 * 5.0];
    for (p, w) in planned.iter().zip(want) {
        assert!(close(*p, w), "{planned:?}");
    }
    let h1 = &out.rows[1];
    assert!(close(h1.deviation.unwrap(), -1.5));
    assert!(close(h1.relative.unwrap(), -0.2));
    assert_eq!(h1.status, Status::Behind);
    assert_eq!(out.rows[0].status, Status::OnTrack);
    assert_eq!(out.rows[3].status, Status::OnTrack); // 0 against 0
    assert_eq!(out.rows[3].carried, None); // no ratio to carry
                                           // the latest period (2026-Q3) is carried: 13.75 / 13.75 x 20
    assert!(out.rows[4].used && !out.rows[1].used);
    let a = &out.reforecast.initiatives[0];
    assert!(close(a.reforecast, 20.0), "{a:?}");
    assert_eq!(a.basis, "persons 2026-Q3");
}

#[test]
fn realised_persons_carry_to_the_target_year_by_their_ratio_to_plan() {
    let out = model()
        .monitor(
            &realised("a,2025-H1,persons,6,s,\n"),
            &MonitorOptions::default(),
        )
        .unwrap();
    let f = &out.reforecast;
    // 6 / 7.5 of plan in 2025-H1: 0.8 x 20 = 16 in 2027; b as planned, 2.4
    assert!(close(out.rows[0].carried.unwrap(), 16.0));
    assert!(close(f.total, 16.0 + 2.4), "{}", f.total);
    assert!(close(f.planned_total, 22.4));
    assert_eq!((f.target_year, f.shortage), (2027, 140.0));
    assert!(close(f.share, 18.4 / 140.0));
    assert!(close(f.planned_share, 22.4 / 140.0));
    assert!(f.overrides.is_empty());
}

#[test]
fn a_realised_parameter_replaces_the_planned_one_scaled_by_its_profile() {
    let r = realised("b,2025-Q3,cut,8%,s,\nb,2025,growth,15%,s,\n");
    let out = model().monitor(&r, &MonitorOptions::default()).unwrap();
    let (cut, growth) = (&out.rows[0], &out.rows[1]);
    // cut has no profile: planned 10% at every period, the realised value carried as is
    assert_eq!(cut.planned, Some(0.1));
    assert_eq!(cut.carried, Some(0.08));
    assert_eq!(cut.parameter.as_deref(), Some("b.cut"));
    assert_eq!(cut.status, Status::Behind); // a smaller cut frees fewer persons
                                            // growth is 10% in 2025 (0% -> 20% over 2023..2027): 15% is 1.5 x plan, 30% in 2027
    assert!(close(growth.planned.unwrap(), 0.1));
    assert!(close(growth.carried.unwrap(), 0.3));
    assert_eq!(growth.status, Status::Ahead);
    let f = &out.reforecast;
    // b = 20000 x 8% x 1.3 / 2000 / 50% = 2.08; a as planned, 20
    assert!(
        close(f.initiatives[1].reforecast, 2.08),
        "{:?}",
        f.initiatives[1]
    );
    assert_eq!(f.initiatives[1].basis, "parameters");
    assert!(close(f.total, 22.08));
    assert_eq!(f.overrides.len(), 2);
}

#[test]
fn status_follows_the_effect_on_persons_and_the_thresholds() {
    // annual_hours divides: 2400 instead of 2000 frees fewer persons, so +20% is behind
    let r = realised("a,2024,annual_hours,2400,s,\na,2024,reduction,46%,s,\n");
    let m = model();
    let out = m.monitor(&r, &MonitorOptions::default()).unwrap();
    assert_eq!(out.rows[0].status, Status::Behind);
    assert!(close(out.rows[0].relative.unwrap(), 0.2));
    assert_eq!(out.rows[1].status, Status::OnTrack); // -8% is within 10%
    let tight = m
        .monitor(&r, &MonitorOptions::default().threshold(0.05))
        .unwrap();
    assert_eq!(tight.rows[1].status, Status::Behind);
    let lenient = MonitorOptions {
        behind: 0.25,
        ..MonitorOptions::default()
    };
    assert_eq!(
        m.monitor(&r, &lenient).unwrap().rows[0].status,
        Status::OnTrack
    );
    // a global parameter carried changes every initiative: a = 40000 x 46% / 2400 / 50%
    let f = out.reforecast;
    assert!(close(
        f.initiatives[0].reforecast,
        40000.0 * 0.46 / 2400.0 / 0.5
    ));
    assert!(close(
        f.initiatives[1].reforecast,
        20000.0 * 0.1 * 1.2 / 2400.0 / 0.5
    ));
}

#[test]
fn the_latest_period_of_a_parameter_counts_and_milestones_are_shown_only() {
    let r = realised(
        "a,2025-Q1,reduction,45%,s,\na,2024,reduction,40%,s,\n\
         a,2024-H2,milestone:team complete,ja,s,\nb,2025,milestone:protocol,no,s,\n",
    );
    let out = model().monitor(&r, &MonitorOptions::default()).unwrap();
    assert!(out.rows[0].used && !out.rows[1].used);
    assert_eq!(
        out.reforecast.overrides,
        [("a.reduction".to_string(), 0.45)]
    );
    assert_eq!(
        (out.rows[2].status, out.rows[2].reached),
        (Status::Reached, Some(true))
    );
    assert_eq!(out.rows[3].status, Status::NotReached);
    assert_eq!((out.rows[2].planned, out.rows[2].used), (None, false));
    assert!(close(
        out.reforecast.total,
        40000.0 * 0.45 / 2000.0 / 0.5 + 2.4
    ));
    let table = out.to_table();
    assert!(table.contains("milestone:team complete"), "{table}");
    assert!(table.contains("re-forecast 2027"), "{table}");
}

#[test]
fn persons_supersede_the_initiatives_own_parameters() {
    let r = realised("a,2025,persons,12,s,\na,2025,reduction,60%,s,\n");
    let out = model().monitor(&r, &MonitorOptions::default()).unwrap();
    assert!(out.rows[0].used && !out.rows[1].used);
    assert!(out.rows[1].note.as_deref().unwrap().contains("superseded"));
    assert!(close(out.reforecast.initiatives[0].reforecast, 24.0)); // 12/10 x 20
    assert!(out.reforecast.overrides.is_empty());
}

#[test]
fn every_bad_row_is_reported_at_once_with_its_line_and_column() {
    let e = errors_of(
        "x,2025,persons,1,s,\na,2030,persons,1,s,\na,2025,reductoin,1%,s,\n\
         a,2025,reduction,150%,s,\n",
    );
    let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 4, "{e}");
    assert!(matches!(e.0[0], Error::Model { .. }));
    assert_eq!(msgs[0], "r.csv:2:1: unknown initiative 'x'");
    assert!(matches!(e.0[1], Error::InvalidValue { .. }));
    assert_eq!(
        msgs[1],
        "r.csv:3:2: invalid value: period 2030 is outside the model's horizon 2023..2027"
    );
    assert!(matches!(e.0[2], Error::UnknownParameter { .. }));
    assert_eq!(
        msgs[2],
        "r.csv:4:3: unknown parameter 'reductoin' (did you mean 'reduction'?)"
    );
    assert!(matches!(e.0[3], Error::InvalidValue { .. }));
    assert!(
        msgs[3].starts_with("r.csv:5:4: invalid value: realised 1.5 is out of range"),
        "{}",
        msgs[3]
    );
}

#[test]
fn a_value_that_carries_out_of_range_is_an_error_at_its_cell() {
    // 60% in 2025 is 6 x the planned 10%: 120% in 2027, and growth is a fraction in [0, 1]
    let e = errors_of("b,2025-H2,growth,25%,s,\nb,2025,growth,60%,s,\n");
    assert_eq!(e.0.len(), 1, "{e}");
    assert!(matches!(e.0[0], Error::InvalidValue { .. }));
    assert_eq!(
        e.to_string(),
        "r.csv:3:4: invalid value: realised 0.6 in 2025 carries to 1.2 in 2027 (realised / \
         planned in 2025 = 6 times the planned 0.2 of 2027), outside the valid range of \
         'b.growth', which must be a fraction in [0, 1]"
    );
}

#[test]
fn unknown_names_in_nml_get_a_did_you_mean() {
    let r = Realised::from_csv_str(
        "initiative,period,measure,value,source\nfit-for-surgey,2025,persons,1,s\n\
         fit-for-surgery,2025,stay_reductoin,1%,s\nfit-for-surgery,2025,part_time_facter,0.6,s\n",
        "r.csv",
    )
    .unwrap();
    let e = Model::builtin("nml-2023")
        .unwrap()
        .monitor(&r, &MonitorOptions::default())
        .unwrap_err();
    let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        msgs,
        [
            "r.csv:2:1: unknown initiative 'fit-for-surgey' (did you mean 'fit-for-surgery'?)",
            "r.csv:3:3: unknown parameter 'stay_reductoin' (did you mean 'stay_reduction'?)",
            "r.csv:4:3: unknown parameter 'part_time_facter' (did you mean 'part_time_factor'?)",
        ]
    );
}

#[test]
fn the_reader_refuses_what_is_not_realised_data_and_reports_all() {
    let e = Realised::from_csv_str("initiative,period,value,sourse\n", "r.csv").unwrap_err();
    let msgs = e.to_string();
    assert!(
        msgs.contains("r.csv:1:4: unknown column 'sourse' (did you mean 'source'?)"),
        "{msgs}"
    );
    assert!(msgs.contains("missing column 'measure'"), "{msgs}");
    assert!(msgs.contains("missing column 'source'"), "{msgs}");
    let text = "# synthetic\ninitiative,period,measure,value,source\n\
                a,2025-Q5,persons,1,s\na,2025,persons,1.5.2,s\na,2025,persons,\"0,5\",s\n\
                a,2025,persons,1,s\na,2025,persons,2,s\na,2025,milestone:x,maybe,s\n\
                a,2025,persons,1,\n";
    let e = Realised::from_csv_str(text, "r.csv").unwrap_err();
    let msgs: Vec<String> = e.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 6, "{e}");
    assert!(
        msgs[0].starts_with("r.csv:3:2: invalid value: period '2025-Q5' is not a year"),
        "{}",
        msgs[0]
    );
    assert_eq!(
        msgs[1],
        "r.csv:4:4: invalid value: value '1.5.2' is not a number"
    );
    assert_eq!(
        msgs[2],
        "r.csv:5:4: invalid value: value '0,5' is not a number (write a decimal point: 0.5, not 0,5)"
    );
    assert_eq!(
        msgs[3],
        "r.csv:7: duplicate row: a, 2025, persons is already given at r.csv:6"
    );
    assert!(msgs[4].starts_with("r.csv:8:4: invalid value: milestone value 'maybe' is not yes/no"));
    assert_eq!(
        msgs[5],
        "r.csv:9:5: the source is empty; every realised figure needs a source"
    );
    assert!(e
        .0
        .iter()
        .all(|e| matches!(e, Error::Model { .. } | Error::InvalidValue { .. })));
}

#[test]
fn a_file_that_is_neither_csv_nor_xlsx_is_refused() {
    let e = Realised::from_bytes(&[0x89, b'P', b'N', b'G', 0, 0xff, 0xfe], "r.png").unwrap_err();
    assert!(
        e.to_string().starts_with(
            "r.png: not a CSV file nor an .xlsx workbook (the content is not UTF-8 text)"
        ),
        "{e}"
    );
    let e = Realised::from_bytes(b"initiative,period\n", "r.xlsx").unwrap_err();
    assert!(
        e.to_string()
            .contains("the name says workbook, but the content is no .xlsx"),
        "{e}"
    );
    let e = Realised::from_bytes(b"PK\x03\x04garbage", "r.xlsx").unwrap_err();
    assert!(
        e.to_string().contains("not an Excel workbook (.xlsx)"),
        "{e}"
    );
    let e = Realised::from_csv_str("# only a comment\n", "r.csv").unwrap_err();
    assert!(e.to_string().contains("missing column"), "{e}");
}

#[test]
fn the_example_file_monitors_against_nml() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/realised-example.csv"
    );
    let r = Realised::from_path(path).unwrap();
    let m = Model::builtin("nml-2023").unwrap();
    let out = m.monitor(&r, &MonitorOptions::default()).unwrap();
    assert_eq!(out.rows.len(), 9);
    // fit-for-surgery: 2/9 of its 2032 figure planned in 2025 (default ramp 2023..2032)
    let full = out
        .reforecast
        .initiatives
        .iter()
        .find(|i| i.id == "fit-for-surgery")
        .unwrap();
    assert!(close(
        out.rows[0].planned.unwrap(),
        full.planned * 2.0 / 9.0
    ));
    assert!(close(
        full.reforecast,
        2.4 / (full.planned * 2.0 / 9.0) * full.planned
    ));
    assert!(out.rows.iter().any(|r| r.status == Status::Reached));
    let sum: f64 = out
        .reforecast
        .initiatives
        .iter()
        .map(|i| i.reforecast)
        .sum();
    assert!(close(out.reforecast.total, sum));
}

#[test]
fn the_band_holds_realised_parameters_constant_and_contains_the_reforecast() {
    let m = model();
    let r = realised("b,2025-Q3,cut,8%,s,\na,2025-H1,persons,6,s,\n");
    let cfg = McConfig::new(4000, 7);
    let inputs = vec![
        Input::relative("part_time_factor", Shape::Uniform, 0.1),
        Input::new("b.cut", Distribution::Uniform { lo: 0.0, hi: 0.5 }),
    ];
    let opts = MonitorOptions {
        monte_carlo: Some((inputs, cfg.clone())),
        ..MonitorOptions::default()
    };
    let out = m.monitor(&r, &opts).unwrap();
    let band = out.reforecast.band.as_ref().unwrap();
    assert_eq!(band.n, 4000);
    let f = &out.reforecast;
    assert!(
        band.total[0] < f.total && f.total < band.total[2],
        "{band:?} {}",
        f.total
    );
    assert!(close(band.share[1], band.total[1] / 140.0));
    // only constants: the band collapses onto the re-forecast (up to the sketch's bucket)
    let only = MonitorOptions {
        monte_carlo: Some((
            vec![Input::new(
                "b.cut",
                Distribution::Uniform { lo: 0.0, hi: 0.5 },
            )],
            cfg,
        )),
        ..MonitorOptions::default()
    };
    let out = m.monitor(&r, &only).unwrap();
    let band = out.reforecast.band.unwrap();
    for q in band.total {
        assert!(
            (q - out.reforecast.total).abs() < 0.01 * out.reforecast.total,
            "{q}"
        );
    }
}

#[test]
fn periods_read_and_order() {
    assert_eq!(Period::parse(" 2025-h2 ").unwrap().to_string(), "2025-H2");
    assert!(
        Period::parse("2025-H1").unwrap().order_key() < Period::parse("2025").unwrap().order_key()
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn a_realised_sheet_reads_like_csv_and_names_its_cells() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("Realised").unwrap();
    for (c, h) in ["initiative", "period", "measure", "value", "source"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "a").unwrap();
    s.write_string(1, 1, "2025-H1").unwrap();
    s.write_string(1, 2, "persons").unwrap();
    s.write_number(1, 3, 6.0).unwrap();
    s.write_string(1, 4, "synthetic").unwrap();
    s.write_string(2, 0, "b").unwrap();
    s.write_number(2, 1, 2025.0).unwrap();
    s.write_string(2, 2, "cut").unwrap();
    s.write_string(2, 3, "veel").unwrap();
    s.write_string(2, 4, "synthetic").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let e = Realised::from_bytes(&bytes, "r.xlsx").unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.xlsx: Realised!D3: invalid value: value 'veel' is not a number"
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("Gerealiseerd").unwrap();
    let e = Realised::from_bytes(&book.save_to_buffer().unwrap(), "r.xlsx").unwrap_err();
    assert!(
        e.to_string()
            .contains("the workbook has no sheet 'Realised'"),
        "{e}"
    );
    // the good row alone
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("Realised").unwrap();
    for (c, h) in ["initiative", "period", "measure", "value", "source"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "a").unwrap();
    s.write_string(1, 1, "2025-H1").unwrap();
    s.write_string(1, 2, "persons").unwrap();
    s.write_number(1, 3, 6.0).unwrap();
    s.write_string(1, 4, "synthetic").unwrap();
    let r = Realised::from_bytes(&book.save_to_buffer().unwrap(), "r.xlsx").unwrap();
    let out = model().monitor(&r, &MonitorOptions::default()).unwrap();
    assert!(close(out.reforecast.total, 18.4));
}

#[test]
fn realised_exactly_as_planned_reforecasts_the_plan() {
    let m = model();
    let stated = m
        .monitor(
            &realised("a,2025-Q3,persons,1,s,\n"),
            &MonitorOptions::default(),
        )
        .unwrap();
    let planned = stated.rows[0].planned.unwrap(); // 5 + 0.75 x (10 - 5)
    assert!(close(planned, 8.75));
    let rows = format!(
        "a,2025-Q3,persons,{planned},s,\nb,2026-H1,growth,{},s,\nb,2024,cut,10%,s,\n",
        0.1 + 0.5 * 0.05
    );
    let out = m
        .monitor(&realised(&rows), &MonitorOptions::default())
        .unwrap();
    assert!(
        out.rows.iter().all(|r| r.status == Status::OnTrack),
        "{:?}",
        out.rows
    );
    assert!(close(out.reforecast.total, out.reforecast.planned_total));
    assert!(close(out.reforecast.share, out.reforecast.planned_share));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Any text read as realised data, and monitored, gives a result or typed errors.
    #[test]
    fn arbitrary_text_never_panics(body in "[a-z0-9,.%#:\\-\" \\nHQé]{0,120}") {
        let m = model();
        for text in [format!("{HEAD}{body}"), body.clone()] {
            if let Ok(r) = Realised::from_csv_str(&text, "p.csv") {
                let _ = m.monitor(&r, &MonitorOptions::default());
            }
        }
    }

    /// Any period that reads prints as itself, upper case.
    #[test]
    fn periods_round_trip(year in 1000i32..9999, part in 0u8..7) {
        let text = match part { 0 => format!("{year}"), 1 | 2 => format!("{year}-h{part}"), p => format!("{year}-q{}", p - 2) };
        let p = Period::parse(&text).unwrap();
        proptest::prop_assert_eq!(p.to_string(), text.to_uppercase());
    }
}
