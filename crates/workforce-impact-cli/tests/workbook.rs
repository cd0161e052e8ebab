//! `workforce-impact export --xlsx`, `import` and `template --xlsx`.
#![cfg(feature = "xlsx")]

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
    let d = std::env::temp_dir().join(format!("wi-cli-xlsx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

#[test]
fn export_then_import_gives_the_model_back() {
    let dir = scratch("rt");
    let book = dir.join("nml.xlsx");
    let (code, out, err) = run(&[
        "export".as_ref(),
        "nml-2023".as_ref(),
        "--xlsx".as_ref(),
        book.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("wrote "), "{out}");
    let toml = dir.join("nml.toml");
    let (code, _, err) = run(&[
        "import".as_ref(),
        book.as_os_str(),
        "-o".as_ref(),
        toml.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let model = workforce_impact::Model::builtin("nml-2023").expect("test setup");
    assert_eq!(
        std::fs::read_to_string(&toml).expect("test setup"),
        model.to_toml()
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("test setup")
        .map(|e| e.expect("test setup").file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
}

#[test]
fn export_with_set_and_a_bad_name() {
    let dir = scratch("set");
    let book = dir.join("b.xlsx");
    let (code, _, err) = run(&[
        "export".as_ref(),
        "nml-2023".as_ref(),
        "--xlsx".as_ref(),
        book.as_os_str(),
        "--set".as_ref(),
        "part_time_facter=0.6".as_ref(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean 'part_time_factor'?"), "{err}");
    assert!(!book.exists());
    let (code, _, err) = run(&[
        "export".as_ref(),
        "nml-2023".as_ref(),
        "--xlsx".as_ref(),
        book.as_os_str(),
        "--set".as_ref(),
        "part_time_factor=0.6".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["import".as_ref(), book.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("[parameters.part_time_factor]\nvalue = \"60%\"\n"),
        "{out}"
    );
}

#[test]
fn template_imports_as_an_empty_model_and_a_non_book_is_refused() {
    let dir = scratch("tpl");
    let book = dir.join("leeg.xlsx");
    let (code, _, err) = run(&["template".as_ref(), "--xlsx".as_ref(), book.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["import".as_ref(), book.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "[model]\nid = \"nieuw-model\"\ntitle = \"\"\n");
    let not_a_book = dir.join("model.xlsx");
    std::fs::write(&not_a_book, "[model]\nid = \"x\"\n").expect("test setup");
    let (code, _, err) = run(&["import".as_ref(), not_a_book.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("model.xlsx: not an Excel workbook (.xlsx)"),
        "{err}"
    );
}
