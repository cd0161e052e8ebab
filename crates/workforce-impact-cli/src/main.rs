//! `workforce-impact`: recompute, check and explain workforce-impact models.

use std::process::ExitCode;

// Defined before the command modules, so that each of them can use it.
/// Appends one line to the command's output.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

mod ledger_command;
mod monitor_command;
mod overlap_command;
mod provenance_commands;
mod regions_command;
mod report_command;
mod scenario_commands;
mod trajectory_command;
mod trajectory_mc_command;
#[cfg(feature = "xlsx")]
mod workbook_commands;

use clap::{Parser, Subcommand, ValueEnum};
use workforce_impact::{Model, RecomputeReport};
// The argument parsers live in the library target, shared with the fuzz targets.
use workforce_impact_cli::{dist_arg, parse_overrides};

#[derive(Parser)]
#[command(
    name = "workforce-impact",
    version,
    about = "Recompute, check and explain models of how many care workers initiatives free up"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Markdown,
    Csv,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Recompute every initiative and set the portfolio against the projected shortage.
    Recompute {
        /// A model file or a builtin id.
        #[arg(default_value = "nml-2023")]
        model: String,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Override a parameter: NAME=VALUE in the parameter's unit (repeatable), e.g.
        /// --set part_time_factor=0.6 --set buikpijnteam.reduction=0.03
        #[arg(long = "set", value_name = "NAME=VALUE")]
        overrides: Vec<String>,
        #[command(flatten)]
        region: regions_command::RegionArgs,
    },
    /// Validate model files; exits 1 and lists every error found.
    Check {
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Show each step of one initiative's calculation with values, units and sources.
    Explain {
        /// [MODEL] INITIATIVE: the model (file or builtin id, default nml-2023) and the initiative id.
        #[arg(num_args = 1..=2, required = true, value_names = ["MODEL", "INITIATIVE"])]
        args: Vec<String>,
        #[arg(long = "set", value_name = "NAME=VALUE")]
        overrides: Vec<String>,
    },
    /// What the total rests on (provenance classes per initiative), or with --uncertainty
    /// the presets table: share p5/p50/p95 and P(share >= target) per preset.
    Provenance {
        #[arg(default_value = "nml-2023")]
        model: String,
        #[command(flatten)]
        args: provenance_commands::ProvenanceArgs,
    },
    /// List the builtin models.
    Builtins,
    /// Write one self-contained HTML audit report (opens offline in any browser).
    Report(report_command::ReportArgs),
    /// Bases several initiatives cut: each cut as a share of its base, the additive and
    /// multiplicative readings and the interaction in persons.
    Overlap(overlap_command::OverlapArgs),
    /// The portfolio year by year against the projected shortage (`--flows`: flows beside
    /// their one-year figures).
    Trajectory(trajectory_command::TrajectoryArgs),
    /// Write the model as an Excel workbook with live formulas (--xlsx FILE).
    #[cfg(feature = "xlsx")]
    Export(workbook_commands::ExportArgs),
    /// Read a workbook in the exported layout back as a model file (every error at once).
    #[cfg(feature = "xlsx")]
    Import(workbook_commands::ImportArgs),
    /// Write an empty workbook in the exported layout, for a network starting its own model.
    #[cfg(feature = "xlsx")]
    Template(workbook_commands::TemplateArgs),
    /// The model carried to every region of a region table: persons, shortage and share.
    Regions(regions_command::RegionsArgs),
    /// Realised figures against planned ones (status by thresholds) and the re-forecast of
    /// the target year: `monitor MODEL realised.csv [--threshold 0.1] [--draws N]`.
    Monitor(monitor_command::MonitorArgs),
    /// Who invests, who benefits: the ledger per party and initiative, the matrix and the
    /// settlement of the model's shared-savings agreements.
    Ledger(ledger_command::LedgerArgs),
    /// Compare scenarios side by side: the model's own, or ID:NAME=VALUE,... given here.
    Compare {
        #[arg(default_value = "nml-2023")]
        model: String,
        /// A scenario: ID:NAME=VALUE[,NAME=VALUE...] (repeatable; replaces the model's own)
        #[arg(long = "scenario", value_name = "ID:NAME=VALUE,...")]
        scenarios: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Evaluate every point of a grid: one CSV row per point.
    Sweep {
        #[arg(default_value = "nml-2023")]
        model: String,
        /// NAME=V1,V2,... (repeatable): the values of one parameter.
        #[arg(long = "grid", value_name = "NAME=V1,V2,...", required = true)]
        grid: Vec<String>,
    },
    /// Monte Carlo over distributions of the inputs: total and share of the shortage.
    MonteCarlo {
        #[arg(default_value = "nml-2023")]
        model: String,
        #[command(flatten)]
        inputs: scenario_commands::InputArgs,
        #[command(flatten)]
        options: scenario_commands::McOptions,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Which inputs matter: one-at-a-time tornado, Sobol indices or Morris screening.
    Sensitivity {
        #[arg(default_value = "nml-2023")]
        model: String,
        #[command(flatten)]
        inputs: scenario_commands::InputArgs,
        #[arg(long, value_enum, default_value = "tornado")]
        method: scenario_commands::Method,
        /// Base sample size (Sobol) or trajectories (Morris).
        #[arg(short, long, default_value_t = 4096)]
        n: usize,
        #[arg(long, default_value_t = 2023)]
        seed: u64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

fn load(model: &str) -> Result<Model, String> {
    Model::load(model).map_err(|e| e.to_string())
}

fn run(cli: Cli, out: &mut String) -> Result<(), String> {
    use std::fmt::Write as _;
    match cli.command {
        Command::Recompute {
            model,
            format,
            overrides,
            region,
        } => {
            let model = Model::load(&model).map_err(|e| e.to_string())?;
            let (model, said) = regions_command::scaled(model, &region)?;
            let eval = model
                .evaluate(&parse_overrides(
                    overrides.iter().map(String::as_str),
                    "--set",
                )?)
                .map_err(|e| e.to_string())?;
            let report = RecomputeReport::new(&model, &eval);
            let text = match format {
                Format::Table => report.to_table(),
                Format::Markdown => report.to_markdown(),
                Format::Csv => report.to_csv(),
                Format::Json => report.to_json() + "\n",
            };
            out.push_str(&text);
            if matches!(format, Format::Table | Format::Markdown) {
                out.push_str(&said);
            }
            Ok(())
        }
        Command::Check { files } => {
            let mut failed = 0;
            for f in &files {
                match Model::from_path(f) {
                    Ok(m) => {
                        let _ = writeln!(
                            out,
                            "{f}: ok ({} initiatives, {} parameters)",
                            m.initiatives.len(),
                            m.params.len()
                        );
                        for w in &m.warnings {
                            eprintln!("{w}");
                        }
                    }
                    Err(errors) => {
                        failed += 1;
                        eprintln!("{errors}");
                        eprintln!("{f}: {} error(s)", errors.0.len());
                    }
                }
            }
            if failed > 0 {
                Err(format!(
                    "{failed} of {} model file(s) have errors",
                    files.len()
                ))
            } else {
                Ok(())
            }
        }
        Command::Explain { args, overrides } => {
            let (model, initiative) = match args.as_slice() {
                [i] => ("nml-2023", i.as_str()),
                [m, i] => (m.as_str(), i.as_str()),
                _ => return Err("explain takes [MODEL] INITIATIVE".into()),
            };
            let model = Model::load(model).map_err(|e| e.to_string())?;
            let explanation = model
                .explain(
                    initiative,
                    &parse_overrides(overrides.iter().map(String::as_str), "--set")?,
                )
                .map_err(|e| e.to_string())?;
            let _ = write!(out, "{explanation}");
            Ok(())
        }
        Command::Compare {
            model,
            scenarios,
            format,
        } => scenario_commands::compare(out, &load(&model)?, &scenarios, format),
        Command::Sweep { model, grid } => scenario_commands::sweep(out, &load(&model)?, &grid),
        Command::MonteCarlo {
            model,
            inputs,
            options,
            format,
        } => scenario_commands::monte_carlo(out, &load(&model)?, &inputs, &options, format),
        Command::Sensitivity {
            model,
            inputs,
            method,
            n,
            seed,
            format,
        } => scenario_commands::sensitivity(out, &load(&model)?, &inputs, method, n, seed, format),
        Command::Report(args) => report_command::report(out, &args),
        Command::Overlap(args) => overlap_command::overlap(out, &args),
        Command::Trajectory(args) => trajectory_command::trajectory(out, &args),
        #[cfg(feature = "xlsx")]
        Command::Export(args) => workbook_commands::export(out, &args),
        #[cfg(feature = "xlsx")]
        Command::Import(args) => workbook_commands::import(out, &args),
        #[cfg(feature = "xlsx")]
        Command::Template(args) => workbook_commands::template(out, &args),
        Command::Regions(args) => regions_command::regions(out, &args),
        Command::Ledger(args) => ledger_command::ledger(out, &args),
        Command::Monitor(args) => monitor_command::monitor(out, &args),
        Command::Provenance { model, args } => {
            provenance_commands::provenance(out, &load(&model)?, &args)
        }
        Command::Builtins => {
            for id in Model::builtin_ids() {
                let _ = writeln!(out, "{id}");
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let mut out = String::new();
    let result = run(Cli::parse(), &mut out);
    // A closed pipe (`| head`) is not an error worth a panic.
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = std::io::Write::write_all(&mut stdout, out.as_bytes())
        .and_then(|()| std::io::Write::flush(&mut stdout))
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
