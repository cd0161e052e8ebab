//! `workforce-impact overlap`, and the overlap in `recompute` and `check`.

use std::process::Command;

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

#[test]
fn overlap_table_json_and_csv() {
    let (code, out, err) = run(&["overlap"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("msz.ligdagen_65plus — Klinische ligdagen MSZ van 65-plussers in NML per jaar: 109,153.2 day/yr (derived)"), "{out}");
    assert!(out.contains("interaction -3.46 persons"), "{out}");
    assert!(
        out.contains("identical cuts (possible double counting): optimalisatie-elv"),
        "{out}"
    );

    let (code, out, err) = run(&["overlap", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let b = &v["bases"][0];
    assert_eq!(b["id"], "msz.ligdagen_65plus");
    assert!((b["additive"].as_f64().unwrap() - 0.1950).abs() < 5e-5);

    let (code, out, _) = run(&[
        "overlap",
        "--format",
        "csv",
        "--set",
        "fit-for-surgery.stay_reduction=0.1",
    ]);
    assert_eq!(code, 0);
    let row = out
        .lines()
        .find(|l| l.contains(",fit-for-surgery,"))
        .expect("row");
    assert!(row.contains(",0.1,"), "{row}");

    let (code, _, err) = run(&["overlap", "--set", "no_such=1"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown parameter 'no_such'"), "{err}");
}

#[test]
fn recompute_shows_the_overlap_and_check_warns() {
    let (code, out, _) = run(&["recompute", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.contains("#### Overlap: bases several initiatives cut"));
    let (_, out, _) = run(&["recompute", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["overlap"]["bases"].as_array().expect("bases").len(), 4);
    let model = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../workforce-impact/models/nml-2023.toml"
    );
    let (code, _, err) = run(&["check", model]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.matches("warning: identical cuts of base").count(),
        3,
        "{err}"
    );
}
