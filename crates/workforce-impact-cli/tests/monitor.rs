//! `workforce-impact monitor`: the table and the re-forecast for the synthetic example
//! file against nml-2023, its formats and options, and errors.

use std::process::Command;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/realised-example.csv"
);

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_workforce-impact"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn row<'a>(out: &'a str, start: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{out}"))
}

#[test]
fn the_example_prints_the_table_and_the_reforecast() {
    let (code, out, err) = run(&["monitor", "nml-2023", EXAMPLE]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nml-2023: realised ("), "{out}");
    assert!(out.contains("status by -10% / +10% of planned"), "{out}");
    // fit-for-surgery 2025: 2/9 of its 14.05 planned (default ramp 2023..2032), 2.4 realised
    let ffs = row(&out, "fit-for-surgery            2025     persons");
    assert!(
        ffs.contains("3.12") && ffs.contains("2.4") && ffs.contains("-23.1%"),
        "{ffs}"
    );
    assert!(ffs.contains("behind"), "{ffs}");
    assert!(row(&out, "pluspunten").contains("reached"));
    assert!(row(&out, "advance-care-planning").contains("not reached"));
    assert!(out.contains("re-forecast 2032 (shortage 4,500 persons, scenario 'baseline'):"));
    assert!(row(&out, "  planned ").contains("1,633.3 persons"), "{out}");
    assert!(row(&out, "  re-forecast ").contains("persons"), "{out}");
    assert!(
        row(&out, "  fit-for-surgery").contains("(persons 2025)"),
        "{out}"
    );
}

#[test]
fn thresholds_formats_and_the_band() {
    let (code, out, _) = run(&["monitor", "nml-2023", EXAMPLE, "--threshold", "0.25"]);
    assert_eq!(code, 0);
    assert!(row(&out, "fit-for-surgery            2025     persons").contains("on track"));
    let (code, out, _) = run(&[
        "monitor",
        "nml-2023",
        EXAMPLE,
        "--threshold",
        "0.25",
        "--behind",
        "0.2",
    ]);
    assert_eq!(code, 0);
    assert!(row(&out, "fit-for-surgery            2025     persons").contains("behind"));

    let (code, out, _) = run(&["monitor", "nml-2023", EXAMPLE, "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("initiative,period,measure,kind,parameter,unit,planned,realised,"));
    assert!(out.contains("\nid,planned,reforecast,basis\n"), "{out}");
    assert!(
        out.contains("\nfit-for-surgery,2025,persons,persons,,persons,"),
        "{out}"
    );

    let (code, out, _) = run(&["monitor", "nml-2023", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 9);
    assert_eq!(v["rows"][0]["status"], "behind");
    assert_eq!(v["reforecast"]["target_year"], 2032);
    assert!(v["reforecast"]["band"].is_null());

    let (code, out, _) = run(&[
        "monitor", "nml-2023", EXAMPLE, "--format", "markdown", "--draws", "2000",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("| initiative | period | measure |"), "{out}");
    assert!(out.contains("| 90% band |"), "{out}");
    let (code, out, _) = run(&["monitor", "nml-2023", EXAMPLE, "--draws", "2000"]);
    assert_eq!(code, 0);
    assert!(row(&out, "  90% band").contains("2000 draws"), "{out}");
    assert!(row(&out, "  P(share >= 35%)").len() > 20);
}

#[test]
fn bad_realised_data_fails_with_every_error() {
    let dir = std::env::temp_dir().join(format!("wi-monitor-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "initiative,period,measure,value,source\nfit-for-surgey,2025,persons,1,s\n\
         buikpijnteam,2040,persons,1,s\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, out, err) = run(&["monitor", "nml-2023", p]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains(&format!(
            "{p}:2:1: unknown initiative 'fit-for-surgey' (did you mean 'fit-for-surgery'?)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{p}:3:2: invalid value: period 2040 is outside the model's horizon 2023..2032"
        )),
        "{err}"
    );
    let (code, _, err) = run(&["monitor", "nml-2023", "/nonexistent/r.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the realised data"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
