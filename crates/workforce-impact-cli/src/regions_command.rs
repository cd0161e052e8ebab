//! Regions on the command line: `recompute --region ID [--regions FILE]` (the model carried
//! to another region) and `regions MODEL --regions FILE` (every region in one table).

use clap::Args;
use workforce_impact::regions::{RegionTable, RegionsOptions};
use workforce_impact::Model;

use crate::Format;

/// The region options of `recompute`.
#[derive(Args)]
pub struct RegionArgs {
    /// Carry the model to this region of the region table (see --regions) before recomputing.
    #[arg(long, value_name = "ID")]
    region: Option<String>,
    /// A region table (CSV: id,name,population,population_65plus,...,year,source,parent,
    /// complete); the model's own [[regions]] when absent.
    #[arg(long, value_name = "FILE", requires = "region")]
    regions: Option<String>,
    /// The target region's own shortage in persons (target year); without it the model's
    /// shortage is scaled by its [shortage] scales_with base, a rough proxy.
    #[arg(long, value_name = "PERSONS", requires = "region")]
    shortage: Option<f64>,
}

fn table(model: &Model, path: Option<&str>) -> Result<RegionTable, String> {
    match path {
        Some(p) => RegionTable::from_csv_path(p).map_err(|e| e.to_string()),
        None => Ok(RegionTable::from_model(model)),
    }
}

/// The model carried to `--region`, or the model itself; and what scaling said, to print.
pub fn scaled(model: Model, args: &RegionArgs) -> Result<(Model, String), String> {
    let Some(id) = &args.region else {
        return Ok((model, String::new()));
    };
    let table = table(&model, args.regions.as_deref())?;
    let (scaled, notes) = model
        .scale_to_with_warnings(id, &table, args.shortage)
        .map_err(|e| e.to_string())?;
    let mut said = format!(
        "\nScaled from {} to {id} ({} regions in {}):\n",
        model.region.as_deref().unwrap_or("?"),
        table.rows.len(),
        table.origin
    );
    for w in &notes {
        said.push_str(&format!("  - {}\n", w.message));
    }
    said.push_str(&split_table(&model));
    Ok((scaled, said))
}

/// Stated regional shares beside the shares re-derived from the region table.
fn split_table(model: &Model) -> String {
    let Ok(rows) = model.split_readings() else {
        return String::new();
    };
    if rows.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "\nStated regional shares of {} and the shares re-derived from its regions:\n",
        model.region.as_deref().unwrap_or("?")
    );
    s.push_str(&format!(
        "  {:<50} {:>9} {:>10} {:>14} {:>15}\n",
        "parameter", "stated", "re-derived", "persons stated", "persons derived"
    ));
    for r in rows {
        let p = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
        s.push_str(&format!(
            "  {:<50} {:>8.3}% {:>9.3}% {:>14} {:>15}   ({}.{} / {}.{})\n",
            r.parameter,
            r.stated * 100.0,
            r.derived * 100.0,
            p(r.persons_stated),
            p(r.persons_derived),
            r.region,
            r.base,
            r.of,
            r.base
        ));
    }
    s
}

/// Options of `workforce-impact regions`.
#[derive(Args)]
pub struct RegionsArgs {
    /// A model file or a builtin id.
    #[arg(default_value = "nml-2023")]
    model: String,
    /// The region table (CSV); the model's own [[regions]] when absent.
    #[arg(long, value_name = "FILE")]
    regions: Option<String>,
    /// A region's own shortage: ID=PERSONS (repeatable).
    #[arg(long = "shortage", value_name = "ID=PERSONS")]
    shortages: Vec<String>,
    /// Rows for every initiative and theme too, not only the totals.
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// `workforce-impact regions`: persons, shortage and share per region.
pub fn regions(out: &mut String, args: &RegionsArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let table = table(&model, args.regions.as_deref())?;
    let mut options = RegionsOptions::default();
    for s in &args.shortages {
        let (id, v) = s
            .split_once('=')
            .ok_or_else(|| format!("--shortage '{s}': expected ID=PERSONS"))?;
        let v: f64 =
            (v.trim().parse()).map_err(|_| format!("--shortage '{s}': '{v}' is not a number"))?;
        options = options.shortage(id.trim(), v);
    }
    let all = model
        .evaluate_regions(&table, &options)
        .map_err(|e| e.to_string())?;
    let rows: Vec<_> = (all.rows.iter())
        .filter(|r| args.all || r.level == "total")
        .collect();
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    match args.format {
        Format::Csv => {
            out.push_str("region,level,id,persons,shortage,share\n");
            for r in rows {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    r.region,
                    r.level,
                    r.id,
                    r.persons,
                    opt(r.shortage),
                    opt(r.share)
                );
            }
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = (rows.iter())
                .map(|r| serde_json::json!({"region": r.region, "level": r.level, "id": r.id, "persons": r.persons, "shortage": r.shortage, "share": r.share}))
                .collect();
            let doc = serde_json::json!({"model": model.id, "year": all.year, "rows": v,
                "warnings": all.warnings.iter().map(|(r, w)| serde_json::json!({"region": r, "message": w.message})).collect::<Vec<_>>()});
            out.push_str(&serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?);
            out.push('\n');
        }
        Format::Table | Format::Markdown => {
            let md = args.format == Format::Markdown;
            let _ = writeln!(
                out,
                "{} carried to {} regions of {} (year {}):",
                model.id,
                table.rows.len(),
                table.origin,
                all.year.map_or(String::new(), |y| y.to_string())
            );
            if md {
                out.push_str("\n| region | level | id | persons | shortage | share |\n|---|---|---|---:|---:|---:|\n");
            } else {
                let _ = writeln!(
                    out,
                    "{:<16} {:<10} {:<40} {:>10} {:>10} {:>7}",
                    "region", "level", "id", "persons", "shortage", "share"
                );
            }
            for r in rows {
                let shortage = r.shortage.map_or("-".into(), |v| format!("{v:.0}"));
                let share = r.share.map_or("-".into(), |v| format!("{:.1}%", v * 100.0));
                if md {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {:.1} | {shortage} | {share} |",
                        r.region, r.level, r.id, r.persons
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{:<16} {:<10} {:<40} {:>10.1} {:>10} {:>7}",
                        r.region, r.level, r.id, r.persons, shortage, share
                    );
                }
            }
            if !all.warnings.is_empty() {
                out.push_str("\nScaling notes:\n");
                for (r, w) in &all.warnings {
                    let _ = writeln!(out, "  - {r}: {}", w.message);
                }
            }
        }
    }
    Ok(())
}
