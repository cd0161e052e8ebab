//! `workforce-impact export --xlsx`, `import` and `template --xlsx`: Excel workbooks out
//! and in (docs/workbooks.md). The core writes and reads; this only parses arguments.

use std::path::PathBuf;

use clap::Args;
use workforce_impact::io::write_atomic;
use workforce_impact::io::xlsx::{read_workbook, write_template, write_workbook};
use workforce_impact::Model;
use workforce_impact_cli::parse_overrides;

/// The options of `workforce-impact export`.
#[derive(Args)]
pub struct ExportArgs {
    /// A model file or a builtin id.
    #[arg(default_value = "nml-2023")]
    pub model: String,
    /// Where to write the workbook (.xlsx with live formulas and cached values).
    #[arg(long, value_name = "FILE", required = true)]
    pub xlsx: PathBuf,
    /// Override a parameter in the book's value cells: NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub overrides: Vec<String>,
}

/// The options of `workforce-impact import`.
#[derive(Args)]
pub struct ImportArgs {
    /// A workbook in the layout `export --xlsx` writes.
    pub book: PathBuf,
    /// Where to write the model file (TOML); stdout when absent.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The options of `workforce-impact template`.
#[derive(Args)]
pub struct TemplateArgs {
    /// Where to write the empty workbook.
    #[arg(long, value_name = "FILE", required = true)]
    pub xlsx: PathBuf,
}

/// Writes the workbook; one line on stdout says where.
pub fn export(out: &mut String, args: &ExportArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let overrides = parse_overrides(args.overrides.iter().map(String::as_str), "--set")?;
    write_workbook(&model, &overrides, &args.xlsx).map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "wrote {} (model {}, {} parameters, {} initiatives)",
        args.xlsx.display(),
        model.id,
        model.params.len(),
        model.initiatives.len()
    );
    Ok(())
}

/// Reads the workbook (every error at once) and writes the model file.
pub fn import(out: &mut String, args: &ImportArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    let model = read_workbook(&args.book).map_err(|e| e.to_string())?;
    let text = model.to_toml();
    match &args.output {
        None => out.push_str(&text),
        Some(path) => {
            write_atomic(path, text.as_bytes())
                .map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
            let _ = writeln!(
                out,
                "wrote {} (model {}, {} parameters, {} initiatives)",
                path.display(),
                model.id,
                model.params.len(),
                model.initiatives.len()
            );
        }
    }
    Ok(())
}

/// Writes the empty workbook.
pub fn template(out: &mut String, args: &TemplateArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    write_template(&args.xlsx).map_err(|e| e.to_string())?;
    let _ = writeln!(out, "wrote {} (empty model)", args.xlsx.display());
    Ok(())
}
