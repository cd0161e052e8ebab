//! `workforce-impact ledger`: the ledger, the matrix and the settlements, on the builtins
//! and the synthetic worked example of issue 9 (no real region's figures).

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

const WORKED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/ledger-worked-example.toml"
);

#[test]
fn worked_example_table_and_json() {
    let (code, out, err) = run(&["ledger", WORKED]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2030: zorgverzekeraar pays gemeente 500,000 EUR"),
        "{out}"
    );
    let gem = out
        .lines()
        .find(|l| l.starts_with("gemeente") && l.contains("shared-savings"))
        .expect("a settlement row");
    assert_eq!(
        gem.split_whitespace().collect::<Vec<_>>(),
        [
            "gemeente",
            "shared-savings",
            "2030",
            "200,000",
            "0",
            "-200,000",
            "500,000",
            "300,000"
        ]
    );
    let (code, out, err) = run(&["ledger", WORKED, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let parties = &v["settlements"][0]["years"][0]["parties"];
    let t = |i: usize| parties[i]["transfer"].as_f64().expect("a number");
    assert!((t(0) - 500_000.0).abs() < 1e-6 && (t(0) + t(1)).abs() < 1e-6);
    assert_eq!(v["matrix"]["parties"][2], "huisartsen");
}

#[test]
fn overrides_move_the_settlement() {
    // a saving of 400,000: 200,000 back to the gemeente, 100,000 each
    let (code, out, err) = run(&[
        "ledger",
        WORKED,
        "--format",
        "csv",
        "--set",
        "welzijnscoach.avoided_cost=400000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("gemeente,shared-savings,2030,200000,0,-200000,300000,100000"),
        "{out}"
    );
}

#[test]
fn builtins_show_parties_and_unassigned() {
    let (code, out, err) = run(&["ledger", "beweeghuis-artrose", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("## Settlement of agreement 'beweeghuis-gedeelde-besparing'"),
        "{out}"
    );
    assert!(
        out.contains("| fysiotherapie | beweegprogramma | 2050 | saved | omzet oefentherapie |"),
        "{out}"
    );
    let (code, out, err) = run(&["ledger", "nml-2023"]);
    assert_eq!(code, 0, "{err}");
    let unassigned = out
        .lines()
        .find(|l| l.starts_with("unassigned") && l.contains(" - "))
        .expect("a matrix row");
    assert!(
        unassigned.starts_with("unassigned       1,102"),
        "{unassigned}"
    );
}

#[test]
fn unknown_agreement_is_an_error() {
    let (code, _, err) = run(&["ledger", WORKED, "--agreement", "nope"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no agreement 'nope'; agreements are shared-savings"),
        "{err}"
    );
}
