//! `workforce-impact report --html`: one file written, or a clear error and nothing left.

use std::process::Command;

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
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

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("wi-cli-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

#[test]
fn report_writes_one_self_contained_file() {
    let dir = scratch("ok");
    let path = dir.join("rapport.html");
    let (code, out, err) = run(&[
        "report".as_ref(),
        "nml-2023".as_ref(),
        "--html".as_ref(),
        path.as_os_str(),
        "-n".as_ref(),
        "3000".as_ref(),
        "--seed".as_ref(),
        "11".as_ref(),
        "--sobol-n".as_ref(),
        "32".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote ") && out.contains("model nml-2023") && out.contains("seed 11"),
        "{out}"
    );
    let html = std::fs::read_to_string(&path).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(
        html.contains("<dt>seed</dt><dd>11</dd>")
            && html.contains("<dt>n (Monte Carlo)</dt><dd>3000</dd>")
    );
    assert!(html.contains("36,3%"), "the recomputed share");
    assert!(!html.contains("<script") && !html.contains("https://"));
    let files: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
    assert_eq!(files.len(), 1, "no temporary file left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_to_an_unwritable_path_fails_cleanly() {
    let dir = scratch("bad");
    let path = dir.join("missing").join("rapport.html");
    let (code, out, err) = run(&[
        "report".as_ref(),
        "--html".as_ref(),
        path.as_os_str(),
        "-n".as_ref(),
        "500".as_ref(),
        "--sobol-n".as_ref(),
        "8".as_ref(),
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("error: cannot write the report to '"),
        "{err}"
    );
    assert!(err.contains("No such file or directory"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0);
    // --html is required
    let (code, _, err) = run(&["report".as_ref()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--html"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_of_the_beweeghuis_template_shows_its_settlement() {
    let dir = scratch("beweeghuis");
    let path = dir.join("x.html");
    let (code, out, err) = run(&[
        "report".as_ref(),
        "beweeghuis-artrose".as_ref(),
        "--html".as_ref(),
        path.as_os_str(),
        "-n".as_ref(),
        "1000".as_ref(),
        "--sobol-n".as_ref(),
        "8".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("model beweeghuis-artrose"), "{out}");
    let html = std::fs::read_to_string(&path).expect("written");
    assert!(html.contains("<section id=\"partijen\">"));
    assert!(html.contains("Verrekening: Gedeelde besparing Beweeghuis (illustratief)"));
    assert!(html.contains("Zorgverzekeraar betaalt Gemeente € 178.231"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_with_a_region_table_shows_every_region() {
    let dir = scratch("regions");
    // a synthetic region, not a real one
    let csv = dir.join("regio.csv");
    std::fs::write(
        &csv,
        "id,name,population,population_65plus\n\
         nml,Noord- en Midden-Limburg,504908,122357\n\
         nl,Nederland,17923412,3620529\n\
         syn_double,Synthetic (test data),1009816,244714\n",
    )
    .expect("csv");
    let path = dir.join("r.html");
    let args = |csv: &std::path::Path| {
        run(&[
            "report".as_ref(),
            "--html".as_ref(),
            path.as_os_str(),
            "-n".as_ref(),
            "500".as_ref(),
            "--sobol-n".as_ref(),
            "8".as_ref(),
            "--regions".as_ref(),
            csv.as_os_str(),
        ])
    };
    let (code, _, err) = args(&csv);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&path).expect("written");
    assert!(html.contains("<tr id=\"regio-syn_double\">"));
    assert!(html.contains(
        "<td class=\"n\">1.633,3</td><td class=\"n\">4.500</td><td class=\"n\">36,3%</td></tr>"
    ));
    std::fs::remove_file(&path).expect("rm");
    // a missing table: the CSV reader's error, and no report
    let (code, out, err) = args(&dir.join("none.csv"));
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("error:") && err.contains("none.csv"),
        "{err}"
    );
    assert!(!path.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
