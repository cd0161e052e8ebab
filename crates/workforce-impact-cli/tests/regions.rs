//! `workforce-impact recompute --region` and `workforce-impact regions`, on synthetic
//! regions (test data, not real regions).

use std::process::Command;

const TABLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../workforce-impact/tests/data/regions-synthetic-nl.csv"
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

#[test]
fn recompute_for_another_region_says_what_it_scaled() {
    let (code, out, err) = run(&[
        "recompute",
        "nml-2023",
        "--region",
        "syn_double",
        "--regions",
        TABLE,
        "--shortage",
        "8000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Scaled from nml to syn_double (4 regions in "),
        "{out}"
    );
    assert!(out.contains("share re-derived for syn_double: syn_double.population / nl.population = 1009816 / 17923412 = 0.056341"), "{out}");
    assert!(out.contains("the 43 published figures are nml's (bijlage A) and do not apply to syn_double: dropped"), "{out}");
    assert!(
        !out.contains("rough proxy"),
        "a given shortage is not a proxy: {out}"
    );
    // both readings of the stated shares
    assert!(out.contains("sociale-benadering-dementie.nml_share_65plus          3.400%     3.380%          867.0           861.8"), "{out}");
    // csv output stays a plain table
    let (code, csv, _) = run(&[
        "recompute",
        "--region",
        "syn_double",
        "--regions",
        TABLE,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(!csv.contains("Scaled from"));
}

#[test]
fn an_unknown_region_or_a_bad_table_is_an_error_naming_it() {
    let (code, _, err) = run(&["recompute", "--region", "syn_dubble", "--regions", TABLE]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown region 'syn_dubble' (did you mean 'syn_double'?)"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("wi-regions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "id,name,population\na,A (synthetic),100\na,B (synthetic),50\n",
    )
    .expect("write");
    let (code, _, err) = run(&["regions", "--regions", bad.to_str().expect("utf8")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.csv:3:1: duplicate region id 'a' (first on line 2)"),
        "{err}"
    );
    let (code, _, err) = run(&["recompute", "--regions", TABLE]);
    assert_eq!(
        code, 2,
        "--regions without --region is a usage error: {err}"
    );
}

#[test]
fn regions_prints_every_region_in_one_table() {
    let (code, out, err) = run(&[
        "regions",
        "nml-2023",
        "--regions",
        TABLE,
        "--shortage",
        "syn_half=2000",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "region,level,id,persons,shortage,share");
    assert_eq!(lines.len(), 5);
    assert!(lines[2].starts_with("nml,total,total,1633.3"), "{out}");
    assert!(lines[2].contains(",4500,"), "{out}");
    assert!(
        lines[4].starts_with("syn_half,total,total,") && lines[4].contains(",2000,"),
        "{out}"
    );
    let (code, out, _) = run(&["regions", "--regions", TABLE, "--all", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(4 * 48));
    assert_eq!(v["year"], 2032);
    let (code, out, _) = run(&["regions", "--regions", TABLE]);
    assert_eq!(code, 0);
    assert!(out.contains("syn_double       total      total"), "{out}");
    assert!(out.contains("Scaling notes:"), "{out}");
}
