//! `workforce-impact report`: the self-contained HTML audit report.

use clap::Args;
use workforce_impact::html_report::{model_hash, write_html, ReportOptions};
use workforce_impact::regions::RegionTable;
use workforce_impact::Model;

/// The options of `workforce-impact report`.
#[derive(Args)]
pub struct ReportArgs {
    /// A model file or a builtin id.
    #[arg(default_value = "nml-2023")]
    pub model: String,
    /// Where to write the report (one HTML file that opens offline in any browser).
    #[arg(long, value_name = "FILE", required = true)]
    pub html: std::path::PathBuf,
    /// Monte Carlo draws for the share's distribution.
    #[arg(short, long, default_value_t = ReportOptions::default().n)]
    pub n: u64,
    /// Seed of the Monte Carlo and Sobol runs.
    #[arg(long, default_value_t = ReportOptions::default().seed)]
    pub seed: u64,
    /// Sobol base sample size.
    #[arg(long, default_value_t = ReportOptions::default().sobol_n)]
    pub sobol_n: usize,
    /// A region table (CSV: id,name,population,population_65plus,...): the report then
    /// shows the model carried to every region of it.
    #[arg(long, value_name = "FILE")]
    pub regions: Option<std::path::PathBuf>,
}

/// Writes the report; one line on stdout says where, with the model hash.
pub fn report(out: &mut String, args: &ReportArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    let model = Model::load(&args.model).map_err(|e| e.to_string())?;
    let regions = match &args.regions {
        Some(p) => Some(RegionTable::from_csv_path(p).map_err(|e| e.to_string())?),
        None => None,
    };
    let opts = ReportOptions {
        n: args.n,
        seed: args.seed,
        sobol_n: args.sobol_n,
        regions,
        ..ReportOptions::default()
    };
    write_html(&model, &args.html, &opts).map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "wrote {} (model {}, sha256 {}, n {}, seed {})",
        args.html.display(),
        model.id,
        &model_hash(&model)[..16],
        opts.n,
        opts.seed
    );
    Ok(())
}
