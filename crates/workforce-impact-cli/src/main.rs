//! `workforce-impact`: recompute, check and explain workforce-impact models.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use workforce_impact::{Model, Overrides, RecomputeReport};

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

#[derive(Clone, Copy, ValueEnum)]
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
    /// List the builtin models.
    Builtins,
}

fn parse_overrides(items: &[String]) -> Result<Overrides, String> {
    let mut o = Overrides::new();
    for item in items {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| format!("--set expects NAME=VALUE, got '{item}'"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("--set {name}: '{value}' is not a number"))?;
        o = o.set(name.trim(), value);
    }
    Ok(o)
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Recompute {
            model,
            format,
            overrides,
        } => {
            let model = Model::load(&model).map_err(|e| e.to_string())?;
            let eval = model
                .evaluate(&parse_overrides(&overrides)?)
                .map_err(|e| e.to_string())?;
            let report = RecomputeReport::new(&model, &eval);
            let text = match format {
                Format::Table => report.to_table(),
                Format::Markdown => report.to_markdown(),
                Format::Csv => report.to_csv(),
                Format::Json => report.to_json() + "\n",
            };
            print!("{text}");
            Ok(())
        }
        Command::Check { files } => {
            let mut failed = 0;
            for f in &files {
                match Model::from_path(f) {
                    Ok(m) => println!(
                        "{f}: ok ({} initiatives, {} parameters)",
                        m.initiatives.len(),
                        m.params.len()
                    ),
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
                .explain(initiative, &parse_overrides(&overrides)?)
                .map_err(|e| e.to_string())?;
            print!("{explanation}");
            Ok(())
        }
        Command::Builtins => {
            for id in Model::builtin_ids() {
                println!("{id}");
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
