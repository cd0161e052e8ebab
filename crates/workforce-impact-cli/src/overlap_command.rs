//! The overlap command: every base several initiatives cut, with both readings of the cuts'
//! sum and the interaction in persons.

use clap::Args;
use workforce_impact::Model;
use workforce_impact_cli::parse_overrides;

use crate::Format;

/// Options of `workforce-impact overlap`.
#[derive(Args)]
pub struct OverlapArgs {
    /// A model file or a builtin id.
    #[arg(default_value = "nml-2023")]
    model: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Override a parameter: NAME=VALUE in the parameter's unit (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    overrides: Vec<String>,
}

pub fn overlap(out: &mut String, args: &OverlapArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let eval = model
        .evaluate(&parse_overrides(
            args.overrides.iter().map(String::as_str),
            "--set",
        )?)
        .map_err(|e| e.to_string())?;
    let overlap = model.overlap(&eval);
    if overlap.bases.is_empty() && args.format != Format::Json {
        let _ = writeln!(out, "{}: no [[bases]] declared", model.id);
        return Ok(());
    }
    match args.format {
        Format::Table => out.push_str(&overlap.to_table()),
        Format::Markdown => out.push_str(&overlap.to_markdown()),
        Format::Json => {
            let text = serde_json::to_string_pretty(&overlap).map_err(|e| e.to_string())?;
            out.push_str(&text);
            out.push('\n');
        }
        Format::Csv => {
            out.push_str("base,size,unit,initiative,component,cut,share,persons,additive,multiplicative,interaction\n");
            let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
            for b in &overlap.bases {
                for c in &b.cuts {
                    let _ = writeln!(
                        out,
                        "{},{},{},{},{},{},{},{},{},{},{}",
                        b.id,
                        b.size,
                        q(&b.unit),
                        c.initiative,
                        q(&c.component),
                        c.cut,
                        c.share,
                        c.persons,
                        b.additive,
                        b.multiplicative,
                        b.interaction
                    );
                }
            }
        }
    }
    Ok(())
}
