//! The provenance command: what the total rests on, and the uncertainty presets table.

use clap::Args;
use workforce_impact::engine::monte_carlo::McConfig;
use workforce_impact::engine::Shape;
use workforce_impact::provenance::{default_fixed_inputs, presets_markdown};
use workforce_impact::{Model, Overrides};

/// Options of `workforce-impact provenance`.
#[derive(Args)]
pub struct ProvenanceArgs {
    /// Print the uncertainty presets table (a Monte Carlo run per preset) instead of what
    /// the total rests on.
    #[arg(long)]
    uncertainty: bool,
    /// Presets or comma-separated classes, one table row each (repeatable).
    #[arg(long = "preset", default_values = ["assumption", "uncertain", "all"])]
    presets: Vec<String>,
    /// Relative width of every varied class (0.5 is ±50%, triangular).
    #[arg(long, default_value_t = 0.5)]
    rel: f64,
    /// Vary only the classes, without the default part_time_factor ~ U(0.60, 0.77) and
    /// annual_hours ~ U(1800, 2100).
    #[arg(long)]
    no_fixed: bool,
    /// Number of draws per preset.
    #[arg(short, long, default_value_t = 100_000)]
    n: u64,
    #[arg(long, default_value_t = 2023)]
    seed: u64,
    /// The share of the shortage whose probability is reported.
    #[arg(long, default_value_t = 0.35)]
    target: f64,
}

pub fn provenance(out: &mut String, model: &Model, args: &ProvenanceArgs) -> Result<(), String> {
    if !args.uncertainty {
        let eval = model
            .evaluate(&Overrides::default())
            .map_err(|e| e.to_string())?;
        out.push_str(&model.provenance(&eval).to_markdown());
        return Ok(());
    }
    let fixed = if args.no_fixed {
        Vec::new()
    } else {
        default_fixed_inputs(model)
    };
    let presets: Vec<&str> = args.presets.iter().map(String::as_str).collect();
    let rows = model
        .uncertainty_presets(
            &presets,
            args.rel,
            Shape::Triangular,
            &fixed,
            McConfig::new(args.n, args.seed),
            args.target,
        )
        .map_err(|e| e.to_string())?;
    let names: Vec<String> = fixed.iter().map(|f| f.name.clone()).collect();
    out.push_str(&presets_markdown(&rows, &names));
    Ok(())
}
