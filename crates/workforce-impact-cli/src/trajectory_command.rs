//! The trajectory command: the portfolio year by year against the shortage of a scenario,
//! or (`--flows`) the flow readings beside the one-year figures.

use clap::Args;
use workforce_impact::Model;
use workforce_impact_cli::parse_overrides;

use crate::Format;

/// Options of `workforce-impact trajectory`.
#[derive(Args)]
pub struct TrajectoryArgs {
    /// A model file or a builtin id.
    #[arg(default_value = "nml-2023")]
    model: String,
    /// The shortage scenario the years are set against.
    #[arg(long, default_value = "baseline")]
    scenario: String,
    /// Show each flow (and flow reading) with its accumulated stock in the target year,
    /// beside the one-year figure, instead of the year table.
    #[arg(long)]
    flows: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Override a parameter: NAME=VALUE in the parameter's unit (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    overrides: Vec<String>,
}

pub fn trajectory(out: &mut String, args: &TrajectoryArgs) -> Result<(), String> {
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let overrides = parse_overrides(args.overrides.iter().map(String::as_str), "--set")?;
    if args.flows {
        return flows(out, &model, &overrides, args.format);
    }
    let t = model
        .trajectory(&overrides, &args.scenario)
        .map_err(|e| e.to_string())?;
    match args.format {
        Format::Table => out.push_str(&t.to_table()),
        Format::Markdown => out.push_str(&t.to_markdown()),
        Format::Csv => out.push_str(&t.to_csv()),
        Format::Json => {
            out.push_str(&serde_json::to_string_pretty(&t).map_err(|e| e.to_string())?);
            out.push('\n');
        }
    }
    Ok(())
}

fn flows(
    out: &mut String,
    model: &Model,
    overrides: &workforce_impact::Overrides,
    format: Format,
) -> Result<(), String> {
    use std::fmt::Write as _;
    let rows = model.flow_stocks(overrides).map_err(|e| e.to_string())?;
    let fmt = workforce_impact::report::fmt_number;
    let target = model.horizon().target_year;
    let published = |p: Option<f64>| p.map_or("-".to_string(), fmt);
    match format {
        Format::Json => {
            out.push_str(&serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?);
            out.push('\n');
        }
        Format::Csv => {
            out.push_str(
                "initiative,component,published,as_stated,stock,retention,from,declared\n",
            );
            let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
            for r in &rows {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    r.initiative,
                    q(&r.component),
                    r.published.map_or(String::new(), |p| p.to_string()),
                    r.as_stated,
                    r.stock,
                    r.retention,
                    r.from,
                    r.declared
                );
            }
        }
        Format::Table | Format::Markdown => {
            let md = format == Format::Markdown;
            let head = [
                "initiative".to_string(),
                "component".to_string(),
                "published".to_string(),
                "one year".to_string(),
                format!("stock {target}"),
                "retention/yr".to_string(),
                "from".to_string(),
            ];
            if rows.is_empty() {
                let _ = writeln!(out, "{}: no flows and no flow readings declared", model.id);
                return Ok(());
            }
            let _ = writeln!(
                out,
                "{}: flows and flow readings, accumulated to {target}",
                model.id
            );
            if md {
                let _ = writeln!(
                    out,
                    "\n| {} |\n|---|---|---:|---:|---:|---:|---:|",
                    head.join(" | ")
                );
            } else {
                let _ = writeln!(
                    out,
                    "{:<20} {:<42} {:>9} {:>9} {:>10} {:>12} {:>5}",
                    head[0], head[1], head[2], head[3], head[4], head[5], head[6]
                );
            }
            for r in &rows {
                let cells = [
                    r.initiative.clone(),
                    r.component.clone(),
                    published(r.published),
                    fmt(r.as_stated),
                    fmt(r.stock),
                    format!("{:.1}%", 100.0 * r.retention),
                    r.from.to_string(),
                ];
                if md {
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                } else {
                    let _ = writeln!(
                        out,
                        "{:<20} {:<42} {:>9} {:>9} {:>10} {:>12} {:>5}",
                        cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]
                    );
                }
            }
            for r in rows.iter().filter(|r| r.note.is_some()) {
                let _ = writeln!(
                    out,
                    "{}{} {}: {}",
                    if md { "\n- " } else { "  " },
                    r.initiative,
                    r.component,
                    r.note.as_deref().unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
