//! `workforce-impact ledger --years`: cash flows per party and year, payback and NPV, on the
//! synthetic cash-flow worked example (no real region's figures): EUR 100,000 invested in
//! 2025 and EUR 30,000 saved a year from 2026 by the same party.

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
    "/tests/cashflow-worked-example.toml"
);

#[test]
fn years_table_has_the_payback_and_npv_by_hand() {
    let (code, out, err) = run(&["ledger", WORKED, "--years"]);
    assert_eq!(code, 0, "{err}");
    let summary = out
        .lines()
        .skip_while(|l| !l.starts_with("summary"))
        .find(|l| l.starts_with("zorgverzekeraar"))
        .expect("a summary row");
    // cumulative -100k, -70k, -40k, -10k, +20k, +50k; NPV -100,000 + 30,000 x 4.3295
    assert_eq!(
        summary.split_whitespace().collect::<Vec<_>>(),
        ["zorgverzekeraar", "0", "50,000", "2029", "29,884"]
    );
    assert!(out.contains("NPV at 5%"), "{out}");
    let y2028 = out
        .lines()
        .find(|l| l.starts_with("2028") && l.contains("-10,000"))
        .expect("the 2028 row of the zorgverzekeraar");
    assert_eq!(
        y2028.split_whitespace().collect::<Vec<_>>(),
        ["2028", "0", "-", "30,000", "-10,000", "25,915"]
    );
}

#[test]
fn years_at_zero_percent_csv_and_json() {
    let (code, out, err) = run(&[
        "ledger", WORKED, "--years", "--set", "rate=0", "--format", "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("party,initiative,year,kind,label,sector,persons,fte,eur,cumulative\n"));
    let summary: Vec<&str> = out
        .lines()
        .find(|l| l.starts_with("zorgverzekeraar,") && l.split(',').count() == 5)
        .expect("a summary row")
        .split(',')
        .collect();
    assert_eq!(summary[3], "2029");
    assert!((summary[4].parse::<f64>().unwrap() - 50_000.0).abs() < 1e-6);
    let (code, out, err) = run(&[
        "ledger",
        WORKED,
        "--years",
        "--format",
        "json",
        "--agreement",
        "shared-savings",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["agreement"], "shared-savings");
    assert_eq!(v["years"].as_array().unwrap().len(), 6);
    assert_eq!(v["settlement"]["years"].as_array().unwrap().len(), 6);
}

#[test]
fn years_with_an_unknown_agreement_fails_with_the_ids() {
    let (code, out, err) = run(&["ledger", WORKED, "--years", "--agreement", "nope"]);
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(
        err.contains("no agreement 'nope'; agreements are shared-savings"),
        "{err}"
    );
}
