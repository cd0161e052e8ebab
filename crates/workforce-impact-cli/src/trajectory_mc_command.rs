//! `workforce-impact monte-carlo --years` and `--regions FILE`: the Monte Carlo over every
//! year of the horizon, for the model or for every region of a table in one run.

use workforce_impact::engine::monte_carlo::McConfig;
use workforce_impact::regions::RegionTable;
use workforce_impact::report::fmt_number;
use workforce_impact::time::monte_carlo::TrajectoryStats;
use workforce_impact::Model;

use crate::scenario_commands::{InputArgs, McOptions};
use crate::Format;

/// Runs the trajectory (or all-regions) Monte Carlo and prints one row per year (and
/// region): shortage, median and 5%/95% quantiles of the remaining shortage, the median
/// share and P(share >= target) for each target.
pub fn run(
    out: &mut String,
    model: &Model,
    inputs: &InputArgs,
    options: &McOptions,
    format: Format,
) -> Result<(), String> {
    let drawn = inputs.inputs(model)?;
    let cfg = McConfig {
        sampler: options.sampler(),
        targets: options.targets.clone(),
        ..McConfig::new(options.n, options.seed)
    };
    let stats = match &options.regions {
        Some(path) => {
            let table = RegionTable::from_csv_path(path).map_err(|e| e.to_string())?;
            model
                .regions_monte_carlo_plan(&table, &[], &drawn, cfg, &options.scenario)
                .map_err(|e| e.to_string())?
                .run()
        }
        None => model
            .trajectory_monte_carlo_plan(&drawn, cfg, &options.scenario)
            .map_err(|e| e.to_string())?
            .run(),
    };
    if format == Format::Json {
        say!(
            out,
            "{}",
            serde_json::to_string_pretty(&stats).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    if format != Format::Csv {
        say!(
            out,
            "{} draws over {} inputs (seed {}), scenario {}, years {}-{}",
            stats.n,
            drawn.len(),
            options.seed,
            options.scenario,
            stats.years.first().unwrap_or(&0),
            stats.years.last().unwrap_or(&0)
        );
    }
    table(out, &stats, format);
    Ok(())
}

fn table(out: &mut String, stats: &TrajectoryStats, format: Format) {
    let mut header = vec![
        "region".to_string(),
        "year".into(),
        "shortage".into(),
        "remaining p5".into(),
        "remaining median".into(),
        "remaining p95".into(),
        "share median".into(),
    ];
    header.extend(
        stats
            .targets
            .iter()
            .map(|t| format!("P(share >= {:.1}%)", t * 100.0)),
    );
    // numbers first, formatted per format: CSV keeps full precision and fractions
    let csv = format == Format::Csv;
    let persons = |v: f64| {
        if csv {
            format!("{v}")
        } else {
            fmt_number(v.round())
        }
    };
    let share = |v: f64| {
        if csv {
            format!("{v}")
        } else {
            format!("{:.1}%", v * 100.0)
        }
    };
    let mut rows = Vec::new();
    for (r, region) in stats.regions.iter().enumerate() {
        for (y, year) in stats.years.iter().enumerate() {
            let g = stats.total(r, y);
            let shortage = stats.shortage_at(r, y);
            let q = g.quantiles(&[0.05, 0.5, 0.95]);
            let mut row = vec![
                region.clone(),
                year.to_string(),
                persons(shortage),
                persons(shortage - q[2]),
                persons(shortage - q[1]),
                persons(shortage - q[0]),
                share(q[1] / shortage),
            ];
            for t in &stats.targets {
                let p = stats.prob_share_at_least(r, y, *t).unwrap_or(f64::NAN);
                row.push(if csv {
                    format!("{p}")
                } else {
                    format!("{p:.3}")
                });
            }
            rows.push(row);
        }
    }
    match format {
        Format::Csv => {
            say!(out, "{}", header.join(","));
            for row in rows {
                say!(out, "{}", row.join(","));
            }
        }
        Format::Markdown => {
            say!(out, "| {} |", header.join(" | "));
            say!(out, "|{}", "---|".repeat(header.len()));
            for row in rows {
                say!(out, "| {} |", row.join(" | "));
            }
        }
        _ => {
            let widths: Vec<usize> = (0..header.len())
                .map(|c| {
                    rows.iter()
                        .map(|r| r[c].len())
                        .chain([header[c].len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        if i < 1 {
                            format!("{c:<w$}")
                        } else {
                            format!("{c:>w$}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            say!(out, "{}", line(&header));
            for row in &rows {
                say!(out, "{}", line(row));
            }
        }
    }
}
