//! `workforce-impact trajectory`: the year table, its formats, the flow readings, errors.

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
fn nml_year_table_from_2023_to_2032() {
    let (code, out, err) = run(&["trajectory", "nml-2023"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "nml-2023: trajectory against the 'baseline' shortage"
    );
    assert_eq!(lines.len(), 12, "{out}");
    assert_eq!(
        lines[2],
        "  2023       2,100           0       2,100     0.0%"
    );
    assert_eq!(
        lines[11],
        "  2032       4,500     1,633.3     2,866.7    36.3%"
    );
    // 2026 is a third of the way: shortage 2,100 + 2,400 / 3.
    assert!(lines[5].starts_with("  2026       2,900"), "{out}");

    let (code, out, _) = run(&["trajectory", "--scenario", "unbent", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("| 2032 | 6,700 | 1,633.3 | 5,066.7 | 24.4% |"),
        "{out}"
    );
}

#[test]
fn json_csv_and_overrides() {
    let (code, out, err) = run(&[
        "trajectory",
        "--format",
        "json",
        "--set",
        "part_time_factor=0.6",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 10);
    assert_eq!(years[9]["year"], 2032);
    assert_eq!(years[9]["total"].as_f64().unwrap().round(), 1700.0);

    let (code, out, _) = run(&["trajectory", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("year,level,id,persons\n2023,initiative,"),
        "{out}"
    );
    assert!(out.contains("\n2032,total,shortage,4500\n"), "{out}");
}

#[test]
fn flows_beside_their_one_year_figures() {
    let (code, out, err) = run(&["trajectory", "nml-2023", "--flows"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("nml-2023: flows and flow readings, accumulated to 2032\n"),
        "{out}"
    );
    let outflow = out
        .lines()
        .find(|l| l.starts_with("behoud-doorstroom    #1"))
        .expect("the outflow row");
    assert!(
        outflow.contains("155") && outflow.contains(" 51 ") && outflow.contains("87.1%"),
        "{outflow}"
    );
    assert!(out.contains("hbo-v-locatie"), "{out}");

    let (code, out, _) = run(&["trajectory", "--flows", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[2]["from"], 2028);
}

#[test]
fn an_unknown_scenario_is_an_error_naming_the_known_ones() {
    let (code, _, err) = run(&["trajectory", "--scenario", "unbend"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no shortage projection for scenario 'unbend' (did you mean 'unbent'?)"),
        "{err}"
    );
}

#[test]
fn monte_carlo_over_years_prints_a_row_per_year_and_agrees_with_the_single_year_run() {
    let args = [
        "monte-carlo",
        "nml-2023",
        "--dist",
        "part_time_factor=uniform(0.6,0.77)",
        "-n",
        "20000",
        "--target",
        "0.35",
    ];
    let (code, single, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let mut with_years = args.to_vec();
    with_years.extend(["--years", "--format", "csv"]);
    let (code, out, err) = run(&with_years);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "region,year,shortage,remaining p5,remaining median,remaining p95,share median,P(share >= 35.0%)"
    );
    assert_eq!(lines.len(), 11, "{out}");
    assert!(
        lines[1].starts_with("nml,2023,2100,2100,2100,2100,0,0"),
        "{out}"
    );
    let last: Vec<&str> = lines[10].split(',').collect();
    assert_eq!((last[0], last[1], last[2]), ("nml", "2032", "4500"));
    // the same draws: the single-year run's exact P(share >= 35%) is the 2032 one
    let p: f64 = last[7].parse().expect("a probability");
    assert!(
        single.contains(&format!("P(share >= 35.0%) = {p:.3}")),
        "{single}\n{p}"
    );

    let (code, _, err) = run(&[
        "monte-carlo",
        "--dist",
        "part_time_factor=uniform(0.6,0.77)",
        "--years",
        "--scenario",
        "krapte",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no shortage projection for scenario 'krapte'"),
        "{err}"
    );
}

#[test]
fn monte_carlo_over_every_region_of_a_table_in_one_run() {
    let table = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../workforce-impact/tests/data/regions-synthland.csv"
    );
    let (code, out, err) = run(&[
        "monte-carlo",
        "nml-2023",
        "--dist",
        "part_time_factor=uniform(0.6,0.77)",
        "-n",
        "2000",
        "--regions",
        table,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    // six synthetic regions x ten years, and the header
    assert_eq!(lines.len(), 61, "{out}");
    assert!(lines[1].starts_with("synthland,2023,"), "{out}");
    assert!(lines[60].starts_with("zuid_b,2032,"), "{out}");
    let (code, _, err) = run(&[
        "monte-carlo",
        "--dist",
        "part_time_factor=uniform(0.6,0.77)",
        "--regions",
        "/nonexistent.csv",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent.csv"), "{err}");
}
