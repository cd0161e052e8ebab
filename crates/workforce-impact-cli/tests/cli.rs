//! The `workforce-impact` binary: exit codes, the JSON contract, error output.

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
fn recompute_json_follows_the_contract() {
    let (code, out, err) = run(&["recompute", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["model"], "nml-2023");
    let rows = v["initiatives"].as_array().expect("initiatives");
    assert_eq!(rows.len(), 42);
    for r in rows {
        for key in ["id", "name", "theme", "published", "computed", "status"] {
            assert!(!r[key].is_null(), "{key} missing in {r}");
        }
    }
    let verwarde = rows
        .iter()
        .find(|r| r["id"] == "acute-zorg-verwarde-personen")
        .expect("row");
    assert_eq!(verwarde["published"], 0.4);
    assert_eq!(verwarde["published_as_written"], "0 - 1");
    assert_eq!(v["shortage"]["year"], 2032);
    assert_eq!(v["shortage"]["persons"], 4500.0);
    let published = v["totals"]["published"].as_f64().expect("number");
    let computed = v["totals"]["computed"].as_f64().expect("number");
    assert!((published - 1673.8).abs() < 1e-9);
    let sum: f64 = rows
        .iter()
        .map(|r| r["computed"].as_f64().expect("number"))
        .sum();
    assert!((sum - computed).abs() < 1e-9);
    assert!((v["share"]["published"].as_f64().expect("share") - published / 4500.0).abs() < 1e-12);
    assert!((v["share"]["computed"].as_f64().expect("share") - computed / 4500.0).abs() < 1e-12);
}

#[test]
fn recompute_table_shows_every_initiative_and_the_share() {
    let (code, out, _) = run(&["recompute"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "Share of the 2032 shortage of 4,500 persons: published 37.2%, recomputed 36.3%"
        ),
        "{out}"
    );
    assert!(out.contains("The source claims: ~35% (1.500 – 1.700 personen v.d. 4.500)"));
    for id in [
        "buikpijnteam",
        "sociale-benadering-dementie",
        "integraal-ketenzorgportaal",
    ] {
        assert!(out.contains(id));
    }
    let (code, md, _) = run(&["recompute", "nml-2023", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ")
                && !l.starts_with("| initiative")
                && !l.starts_with("| theme"))
            .count(),
        42 + 5
    );
    let (code, csv, _) = run(&["recompute", "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(csv.lines().count(), 43);
}

#[test]
fn overrides_move_the_total() {
    let (_, base, _) = run(&["recompute", "--format", "json"]);
    let (code, lower, err) = run(&[
        "recompute",
        "--format",
        "json",
        "--set",
        "part_time_factor=0.6",
    ]);
    assert_eq!(code, 0, "{err}");
    let total = |s: &str| {
        serde_json::from_str::<serde_json::Value>(s).expect("json")["totals"]["computed"]
            .as_f64()
            .expect("number")
    };
    assert!(total(&lower) > total(&base));
    let (code, _, err) = run(&["recompute", "--set", "part_time_facter=0.6"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown parameter 'part_time_facter' (did you mean 'part_time_factor'?)"),
        "{err}"
    );
}

#[test]
fn check_lists_every_error_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("wi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[model]\nid = \"bad\"\n[[themes]]\nid = \"t\"\n[parameters]\nh = { value = 2000, unit = \"h/(FTE*yr)\" }\n\
         [[initiatives]]\nid = \"a\"\ntheme = \"t\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"100[h/yr] / h\"\n\
         [[initiatives]]\nid = \"b\"\ntheme = \"t\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"1[person] * nope\"\n",
    )
    .expect("write");
    let (code, _, err) = run(&["check", bad.to_str().expect("path")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("initiative 'a', component #1: unit error: formula gives FTE [FTE]"),
        "{err}"
    );
    assert!(
        err.contains("initiative 'b', component #1: unknown parameter 'nope'"),
        "{err}"
    );
    assert!(err.contains("2 error(s)"), "{err}");
    let good = dir.join("good.toml");
    std::fs::write(&good, workforce_impact_model_text()).expect("write");
    let (code, out, err) = run(&["check", good.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok (42 initiatives"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn workforce_impact_model_text() -> &'static str {
    include_str!("../../workforce-impact/models/nml-2023.toml")
}

#[test]
fn explain_ends_in_persons_with_sources() {
    let (code, out, err) = run(&["explain", "fit-for-surgery"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("[CBS; sourced]"), "{out}");
    assert!(out.contains("/ part_time_factor"), "{out}");
    assert!(out.contains("person\n"), "{out}");
    assert!(
        out.contains("total: 14.05 persons (published: 14;"),
        "{out}"
    );
    let (code, _, err) = run(&["explain", "nml-2023", "fit-for-surgry"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no initiative 'fit-for-surgry' (did you mean 'fit-for-surgery'?)"),
        "{err}"
    );
}
