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
    // Every published version of the document, primary first; alternates per initiative.
    let versions = v["published_versions"]
        .as_array()
        .expect("published_versions");
    assert_eq!(versions[0]["where"], "bijlage A");
    assert_eq!(versions[0]["primary"], true);
    assert!((versions[0]["total"].as_f64().expect("total") - published).abs() < 1e-9);
    assert_eq!(versions[1]["where"], "bijlage B");
    let b = versions[1]["total"].as_f64().expect("total");
    let alt_sum: f64 = rows
        .iter()
        .map(|r| {
            r["published_alt"]
                .as_array()
                .expect("published_alt")
                .iter()
                .find(|a| a["where"] == "bijlage B")
                .map_or(0.0, |a| {
                    a["value"].as_f64().unwrap() - r["published"].as_f64().unwrap()
                })
        })
        .sum();
    assert!((b - (published + alt_sum)).abs() < 1e-9);
    assert!((versions[1]["share"].as_f64().expect("share") - b / 4500.0).abs() < 1e-12);
    let fall = rows
        .iter()
        .find(|r| r["id"] == "valpreventie")
        .expect("row");
    assert_eq!(fall["published_where"], "bijlage A");
    assert_eq!(fall["published_alt"][0]["value"], 82.0);
    assert_eq!(fall["published_alt"][0]["where"], "bijlage B");
    assert!(v["claim"]["where"].is_string());
    let claims = v["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 3);
    assert!(claims
        .iter()
        .all(|c| c["where"].is_string() && c["text"].is_string()));
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
    assert!(out.contains("Published total per version: bijlage A 1,673.8 persons, 37.2%; bijlage B 1,691.8 persons, 37.6%"), "{out}");
    assert!(
        out.contains("Claimed in hoofdstuk 1 Samenvatting [2/3]"),
        "{out}"
    );
    for id in [
        "buikpijnteam",
        "sociale-benadering-dementie",
        "integraal-ketenzorgportaal",
    ] {
        assert!(out.contains(id));
    }
    let (code, md, _) = run(&["recompute", "nml-2023", "--format", "markdown"]);
    assert_eq!(code, 0);
    // The initiative and theme tables; the overlap tables follow under their own heading.
    let md = md.split("#### Overlap").next().unwrap_or_default();
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

#[test]
fn compare_lays_the_model_scenarios_side_by_side() {
    let (code, out, err) = run(&["compare", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["scenarios"][0], "stated");
    assert_eq!(v["scenarios"].as_array().expect("list").len(), 4);
    let (code, csv, err) = run(&[
        "compare",
        "--scenario",
        "low:part_time_factor=0.6,annual_hours=1800",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(csv.starts_with("level,id,stated,low\n"), "{csv}");
    let total: Vec<f64> = csv
        .lines()
        .find(|l| l.starts_with("total,"))
        .expect("total row")
        .split(',')
        .skip(2)
        .map(|x| x.parse().expect("number"))
        .collect();
    assert!(
        (total[0] - 1_633.326_082_173_02).abs() < 1e-9
            && (total[1] - 1_755.750_131_417_286).abs() < 1e-9,
        "{total:?}"
    );
    let (code, _, err) = run(&["compare", "--scenario", "bad:part_time_facter=0.6"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean 'part_time_factor'"), "{err}");
}

#[test]
fn sweep_prints_one_row_per_grid_point() {
    let (code, out, err) = run(&[
        "sweep",
        "--grid",
        "part_time_factor=0.6,0.68",
        "--grid",
        "annual_hours=1800,2000,2100",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "part_time_factor,annual_hours,total,share_of_shortage"
    );
    assert_eq!(lines.len(), 1 + 6);
    let stated = lines
        .iter()
        .find(|l| l.starts_with("0.68,2000,"))
        .expect("stated point");
    let total: f64 = stated
        .split(',')
        .nth(2)
        .expect("total")
        .parse()
        .expect("number");
    assert!((total - 1_633.326_082_173_02).abs() < 1e-9, "{stated}");
}

#[test]
fn monte_carlo_and_sensitivity_from_the_command_line() {
    let args = [
        "monte-carlo",
        "--assumptions",
        "0.5",
        "--dist",
        "part_time_factor=uniform(0.6,0.77)",
        "-n",
        "20000",
        "--seed",
        "7",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("20000 draws over "), "{out}");
    assert!(out.contains("P(share >= 35.0%) = 0."), "{out}");
    let (_, again, _) = run(&args);
    assert_eq!(out, again, "same seed, same figures");
    let (code, out, err) = run(&[
        "sensitivity",
        "--dist",
        "part_time_factor=uniform(0.6,0.77)",
        "--dist",
        "annual_hours=uniform(1800,2100)",
        "--method",
        "sobol",
        "-n",
        "512",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("name,S1,S1_conf,ST,ST_conf\npart_time_factor,"),
        "{out}"
    );
    let (code, _, err) = run(&["monte-carlo", "--dist", "part_time_factor=uniform(0.8,0.6)"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("uniform(lo=0.8, hi=0.6): lo must be <= hi"),
        "{err}"
    );
    let (code, _, err) = run(&["monte-carlo"]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing to vary"), "{err}");
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    let bin = env!("CARGO_BIN_EXE_workforce-impact");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{bin}' recompute | head -1"))
        .output()
        .expect("sh runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

/// The hostile files: a 300,000-deep formula (parentheses, minus signs), a flat
/// 100,000-term chain, and the two unit-check bypasses. `check` exits 1 with the typed error;
/// before, the first three aborted the process with a stack overflow.
#[test]
fn check_refuses_hostile_model_files_with_typed_errors() {
    let dir = std::env::temp_dir().join(format!("wi-cli-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let model = |params: &str, formula: &str| {
        format!(
            "[model]\nid = \"hostile\"\ntitle = \"Hostile (synthetic)\"\n\n[[themes]]\nid = \"t\"\n\n\
             [parameters]\nstaff = {{ value = 3, unit = \"person\" }}\n{params}\n\n\
             [[initiatives]]\nid = \"a\"\ntheme = \"t\"\nnotes = \"synthetic\"\n\n\
             [[initiatives.components]]\nsector = \"vvt\"\nformula = \"{formula}\"\n"
        )
    };
    let deep = format!("{}staff{}", "(".repeat(300_000), ")".repeat(300_000));
    let minus = format!("{}staff", "-".repeat(300_000));
    let chain = vec!["staff"; 100_000].join(" + ");
    let visits = "visits = { value = 2 }\ntravel = { value = 10, unit = \"min\" }\n\
                  care = { value = 20, unit = \"min\" }\n\
                  visit_total = { formula = \"visits * visit_time\" }\n\
                  visit_time = { formula = \"travel + care\" }";
    let cases = [
        (
            "deep.toml",
            model("", &deep),
            "syntax error: formula nests deeper than 128 levels",
        ),
        (
            "minus.toml",
            model("", &minus),
            "syntax error: formula nests deeper than 128 levels",
        ),
        (
            "chain.toml",
            model("", &chain),
            "syntax error: formula nests deeper than 128 levels",
        ),
        (
            "order.toml",
            model(visits, "staff * visit_total"),
            "unit error: formula gives staff effort × persons",
        ),
        (
            "exponent.toml",
            model(
                "fte_pow = { value = 1, unit = \"(FTE^64)^4\" }",
                "staff * fte_pow",
            ),
            "syntax error: exponent out of range",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let (code, _, err) = run(&["check", path.to_str().expect("utf-8 path")]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(
            err.contains(&format!("{name}:")),
            "{name}: no file position in {err}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
