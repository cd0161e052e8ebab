//! The scenario-engine commands: compare, sweep, monte-carlo, sensitivity.

use clap::{Args, ValueEnum};
use workforce_impact::engine::monte_carlo::{McConfig, Sampler};
use workforce_impact::engine::{Input, Scenario, Shape};
use workforce_impact::report::fmt_number;
use workforce_impact::Model;

use crate::{dist_arg, Format};

/// The inputs to vary.
#[derive(Args)]
pub struct InputArgs {
    /// Vary every assumption of the model by ±REL around its stated value.
    #[arg(long, value_name = "REL")]
    assumptions: Option<f64>,
    /// Vary every stated parameter of these provenance classes or presets by ±REL (--rel):
    /// e.g. assumption,unsourced, or uncertain, or all.
    #[arg(long, value_name = "KINDS")]
    vary: Option<String>,
    /// The relative width used with --vary (default 0.5: ±50%).
    #[arg(long, value_name = "REL")]
    rel: Option<f64>,
    /// The shape used with --assumptions and --vary.
    #[arg(long, value_enum, default_value = "triangular")]
    shape: ShapeArg,
    /// NAME=KIND(ARGS), e.g. part_time_factor=uniform(0.6,0.77) (repeatable; overrides
    /// an assumption of the same name).
    #[arg(long = "dist", value_name = "NAME=KIND(ARGS)")]
    dists: Vec<String>,
}

/// Monte Carlo settings.
#[derive(Args)]
pub struct McOptions {
    /// Number of draws.
    #[arg(short, long, default_value_t = 100_000)]
    pub(crate) n: u64,
    #[arg(long, default_value_t = 2023)]
    pub(crate) seed: u64,
    #[arg(long, value_enum, default_value = "random")]
    sampler: SamplerArg,
    /// Shares of the shortage whose probability is reported (repeatable).
    #[arg(long = "target", default_value = "0.35")]
    pub(crate) targets: Vec<f64>,
    /// Every year of the horizon: per year the remaining shortage's quantiles and
    /// P(share >= target).
    #[arg(long)]
    pub(crate) years: bool,
    /// The shortage scenario the years are set against (with --years or --regions).
    #[arg(long, default_value = "baseline")]
    pub(crate) scenario: String,
    /// A region table (CSV): the model carried to every region, all in one run, every year.
    #[arg(long, value_name = "FILE")]
    pub(crate) regions: Option<String>,
}

impl McOptions {
    /// The sampler asked for.
    pub(crate) fn sampler(&self) -> Sampler {
        match self.sampler {
            SamplerArg::Random => Sampler::Random,
            SamplerArg::LatinHypercube => Sampler::LatinHypercube,
            SamplerArg::Sobol => Sampler::Sobol,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ShapeArg {
    Uniform,
    Triangular,
    Pert,
    Normal,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SamplerArg {
    Random,
    LatinHypercube,
    Sobol,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    Tornado,
    Sobol,
    Morris,
}

impl InputArgs {
    pub(crate) fn shape(&self) -> Shape {
        match self.shape {
            ShapeArg::Uniform => Shape::Uniform,
            ShapeArg::Triangular => Shape::Triangular,
            ShapeArg::Pert => Shape::Pert,
            ShapeArg::Normal => Shape::Normal,
        }
    }

    pub(crate) fn inputs(&self, model: &Model) -> Result<Vec<Input>, String> {
        let explicit: Vec<Input> = self
            .dists
            .iter()
            .map(|d| dist_arg::parse(d))
            .collect::<Result<_, _>>()?;
        let mut inputs: Vec<Input> = match self.assumptions {
            Some(rel) => model
                .assumptions(rel, self.shape())
                .into_iter()
                .filter(|a| !explicit.iter().any(|e| e.name == a.name))
                .collect(),
            None => Vec::new(),
        };
        if let Some(kinds) = &self.vary {
            let selection: Vec<&str> = kinds.split(',').collect();
            let varied = model
                .vary_preset(self.rel.unwrap_or(0.5), self.shape(), &selection)
                .map_err(|e| e.to_string())?;
            for v in varied {
                if !inputs.iter().chain(&explicit).any(|i| i.name == v.name) {
                    inputs.push(v);
                }
            }
        } else if self.rel.is_some() {
            return Err("--rel goes with --vary KINDS".into());
        }
        inputs.extend(explicit);
        if inputs.is_empty() {
            return Err(
                "nothing to vary: give --assumptions REL, --vary KINDS and/or --dist NAME=KIND(ARGS)"
                    .into(),
            );
        }
        Ok(inputs)
    }
}

fn number(text: &str, what: &str) -> Result<f64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{what}: '{text}' is not a number"))
}

/// `ID:NAME=VALUE,NAME=VALUE`.
fn parse_scenario(arg: &str) -> Result<Scenario, String> {
    let (id, rest) = arg
        .split_once(':')
        .ok_or_else(|| format!("--scenario expects ID:NAME=VALUE,..., got '{arg}'"))?;
    let pairs = rest.split(',').filter(|p| !p.trim().is_empty());
    let overrides = crate::parse_overrides(pairs, &format!("--scenario {id}:"))?;
    Ok(Scenario::new(id.trim(), overrides))
}

pub fn compare(
    out: &mut String,
    model: &Model,
    scenarios: &[String],
    format: Format,
) -> Result<(), String> {
    let given: Vec<Scenario> = scenarios
        .iter()
        .map(|s| parse_scenario(s))
        .collect::<Result<_, _>>()?;
    let cmp = model
        .compare(if given.is_empty() { None } else { Some(&given) })
        .map_err(|e| e.to_string())?;
    match format {
        Format::Json => say!(
            out,
            "{}",
            serde_json::to_string_pretty(&cmp).map_err(|e| e.to_string())?
        ),
        Format::Csv => {
            say!(out, "level,id,{}", cmp.scenarios.join(","));
            for r in &cmp.rows {
                let values: Vec<String> = r.values.iter().map(ToString::to_string).collect();
                say!(out, "{},{},{}", r.level, r.id, values.join(","));
            }
        }
        Format::Table | Format::Markdown => {
            let w = cmp
                .rows
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(10)
                .max(10);
            let header: Vec<String> = cmp.scenarios.iter().map(|s| format!("{s:>20}")).collect();
            say!(out, "{:<11} {:<w$} {}", "level", "id", header.join(""));
            for r in &cmp.rows {
                let cells: Vec<String> = r
                    .values
                    .iter()
                    .map(|v| {
                        if r.level == "share" {
                            format!("{:>19.1}%", v * 100.0)
                        } else {
                            format!("{:>20}", fmt_number((v * 10.0).round() / 10.0))
                        }
                    })
                    .collect();
                say!(out, "{:<11} {:<w$} {}", r.level, r.id, cells.join(""));
            }
        }
    }
    Ok(())
}

pub fn sweep(out: &mut String, model: &Model, grid: &[String]) -> Result<(), String> {
    let mut axes: Vec<(String, Vec<f64>)> = Vec::new();
    for g in grid {
        let (name, values) = g
            .split_once('=')
            .ok_or_else(|| format!("--grid expects NAME=V1,V2,..., got '{g}'"))?;
        let values: Vec<f64> = values
            .split(',')
            .map(|v| number(v, &format!("--grid {name}")))
            .collect::<Result<_, _>>()?;
        axes.push((name.trim().to_string(), values));
    }
    let names: Vec<&str> = axes.iter().map(|a| a.0.as_str()).collect();
    let rows = workforce_impact::sweep::grid_rows(&axes).map_err(|e| e.to_string())?;
    let plan = model.batch_plan(&names).map_err(|e| e.to_string())?;
    let totals = plan.totals(&rows).map_err(|e| e.to_string())?;
    let shortage = model.target_shortage().map_or(f64::NAN, |p| p.persons);
    say!(out, "{},total,share_of_shortage", names.join(","));
    for (row, total) in rows.chunks(names.len()).zip(totals) {
        let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
        say!(out, "{},{total},{}", cells.join(","), total / shortage);
    }
    Ok(())
}

pub fn monte_carlo(
    out: &mut String,
    model: &Model,
    args: &InputArgs,
    options: &McOptions,
    format: Format,
) -> Result<(), String> {
    if options.years || options.regions.is_some() {
        return crate::trajectory_mc_command::run(out, model, args, options, format);
    }
    let McOptions {
        n,
        seed,
        ref targets,
        ..
    } = *options;
    let inputs = args.inputs(model)?;
    let cfg = McConfig {
        sampler: options.sampler(),
        targets: targets.clone(),
        ..McConfig::new(n, seed)
    };
    let plan = model
        .monte_carlo_plan(&inputs, cfg)
        .map_err(|e| e.to_string())?;
    let stats = plan.run();
    stats
        .check_finite(&model.origin)
        .map_err(|e| e.to_string())?;
    if format == Format::Json {
        say!(
            out,
            "{}",
            serde_json::to_string_pretty(&stats).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    say!(
        out,
        "{} draws over {} inputs (seed {seed})",
        stats.n,
        inputs.len()
    );
    for (name, g) in [
        ("total persons", stats.group("total")),
        ("share of shortage", stats.group("share")),
    ] {
        let Some(g) = g else { continue };
        let f = |v: f64| {
            if name.starts_with("share") {
                format!("{:.1}%", v * 100.0)
            } else {
                fmt_number(v.round())
            }
        };
        say!(
            out,
            "  {name:<18} mean {}  sd {}  p5 {}  median {}  p95 {}",
            f(g.mean()),
            f(g.sd()),
            f(g.quantile(0.05)),
            f(g.quantile(0.5)),
            f(g.quantile(0.95))
        );
    }
    for t in targets {
        say!(
            out,
            "  P(share >= {:.1}%) = {:.3}",
            t * 100.0,
            stats.prob_share_at_least(*t)
        );
    }
    Ok(())
}

pub fn sensitivity(
    out: &mut String,
    model: &Model,
    args: &InputArgs,
    method: Method,
    n: usize,
    seed: u64,
    format: Format,
) -> Result<(), String> {
    let inputs = args.inputs(model)?;
    let (header, rows): (Vec<&str>, Vec<(String, Vec<f64>)>) = match method {
        Method::Tornado => (
            vec!["low", "high", "total_low", "total_high", "swing"],
            model
                .tornado(&inputs)
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|r| {
                    (
                        r.name,
                        vec![r.low, r.high, r.total_low, r.total_high, r.swing],
                    )
                })
                .collect(),
        ),
        Method::Sobol => (
            vec!["S1", "S1_conf", "ST", "ST_conf"],
            model
                .sobol(&inputs, n, seed, 100, None)
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|r| (r.name, vec![r.s1, r.s1_conf, r.st, r.st_conf]))
                .collect(),
        ),
        Method::Morris => (
            vec!["mu", "mu_star", "sigma"],
            model
                .morris(&inputs, n.clamp(2, 1000), 4, seed)
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|r| (r.name, vec![r.mu, r.mu_star, r.sigma]))
                .collect(),
        ),
    };
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|(name, v)| {
                    let mut m = serde_json::Map::new();
                    m.insert("name".into(), name.clone().into());
                    for (h, x) in header.iter().zip(v) {
                        m.insert((*h).into(), serde_json::json!(x));
                    }
                    serde_json::Value::Object(m)
                })
                .collect();
            say!(
                out,
                "{}",
                serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?
            );
        }
        Format::Csv => {
            say!(out, "name,{}", header.join(","));
            for (name, v) in &rows {
                let cells: Vec<String> = v.iter().map(ToString::to_string).collect();
                say!(out, "{name},{}", cells.join(","));
            }
        }
        Format::Table | Format::Markdown => {
            let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
            let head: Vec<String> = header.iter().map(|h| format!("{h:>12}")).collect();
            say!(out, "{:<w$} {}", "name", head.join(""));
            for (name, v) in &rows {
                let cells: Vec<String> = v
                    .iter()
                    .map(|x| format!("{:>12}", fmt_number((x * 1e4).round() / 1e4)))
                    .collect();
                say!(out, "{name:<w$} {}", cells.join(""));
            }
        }
    }
    Ok(())
}
