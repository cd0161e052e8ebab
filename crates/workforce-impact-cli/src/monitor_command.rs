//! The monitor command: realised figures against planned ones, and the re-forecast of the
//! target year.

use clap::Args;
use workforce_impact::monitor::{MonitorOptions, Realised};
use workforce_impact::Model;

use crate::Format;

/// Options of `workforce-impact monitor`.
#[derive(Args)]
pub struct MonitorArgs {
    /// A model file or a builtin id.
    model: String,
    /// Realised data: a CSV file (initiative,period,measure,value,source[,note]; `#`
    /// lines are comments) or an .xlsx workbook with a sheet 'Realised' in that layout.
    realised: String,
    /// Status threshold, as a fraction of the planned value, for both behind and ahead
    /// (default 0.1: off plan by more than 10% in the direction that frees fewer persons is
    /// behind, in the other direction ahead).
    #[arg(long, value_name = "FRACTION")]
    threshold: Option<f64>,
    /// The behind threshold alone (overrides --threshold).
    #[arg(long, value_name = "FRACTION")]
    behind: Option<f64>,
    /// The ahead threshold alone (overrides --threshold).
    #[arg(long, value_name = "FRACTION")]
    ahead: Option<f64>,
    /// The shortage scenario of the trajectory.
    #[arg(long, default_value = "baseline")]
    scenario: String,
    /// Add a Monte Carlo band to the re-forecast: N draws, every assumption of the model
    /// varied by ±--rel (triangular), the realised parameters held at their carried values.
    #[arg(long, value_name = "N")]
    draws: Option<u64>,
    /// The relative width of the assumptions' distributions with --draws.
    #[arg(long, default_value_t = 0.5, value_name = "REL")]
    rel: f64,
    #[arg(long, default_value_t = 2023)]
    seed: u64,
    /// Shares of the shortage whose probability the band reports (repeatable).
    #[arg(long = "target", default_value = "0.35")]
    targets: Vec<f64>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn monitor(out: &mut String, args: &MonitorArgs) -> Result<(), String> {
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let realised = Realised::from_path(&args.realised).map_err(|e| e.to_string())?;
    let mut options = MonitorOptions {
        scenario: args.scenario.clone(),
        ..MonitorOptions::default()
    };
    if let Some(t) = args.threshold {
        options = options.threshold(t);
    }
    options.behind = args.behind.unwrap_or(options.behind);
    options.ahead = args.ahead.unwrap_or(options.ahead);
    if let Some(n) = args.draws {
        options = options.assumption_band(&model, n, args.seed, args.rel, args.targets.clone());
    }
    let m = model
        .monitor(&realised, &options)
        .map_err(|e| e.to_string())?;
    match args.format {
        Format::Table => out.push_str(&m.to_table()),
        Format::Markdown => out.push_str(&m.to_markdown()),
        Format::Csv => {
            out.push_str(&m.to_csv());
            out.push('\n');
            out.push_str(&m.reforecast_csv());
        }
        Format::Json => {
            out.push_str(&serde_json::to_string_pretty(&m).map_err(|e| e.to_string())?);
            out.push('\n');
        }
    }
    Ok(())
}
