//! Monte Carlo: determinism across threads and shards, degenerate and analytic cases,
//! samplers, rank correlation, and bad input.

use workforce_impact::engine::monte_carlo::{Correlation, McConfig, Sampler};
use workforce_impact::engine::{Distribution, Input, McStats, Shape};
use workforce_impact::{Error, Model, Overrides};

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
}

/// y = x1 * x2 persons; x1, x2 stated 0.5 (assumptions); shortage 1 so share = total.
fn product_model(formula: &str) -> Model {
    let text = format!(
        r#"[model]
id = "product"
region = "r"
target_year = 2030
[[regions]]
id = "r"
population = 1
[shortage]
projections = [{{ year = 2030, persons = 1 }}]
[[themes]]
id = "t"
[[initiatives]]
id = "y"
theme = "t"
  [initiatives.parameters]
  x1 = {{ value = 0.5, kind = "assumption" }}
  x2 = {{ value = 0.5, kind = "assumption" }}
  [[initiatives.components]]
  sector = "msz"
  formula = "{formula}"
"#
    );
    Model::from_toml_str(&text, "product.toml").expect("loads")
}

fn uniform_inputs() -> Vec<Input> {
    vec![
        Input::new("y.x1", Distribution::Uniform { lo: 0.0, hi: 1.0 }),
        Input::new("y.x2", Distribution::Uniform { lo: 0.0, hi: 1.0 }),
    ]
}

fn nml_inputs(model: &Model) -> Vec<Input> {
    let mut inputs: Vec<Input> = model
        .assumptions(0.5, Shape::Triangular)
        .into_iter()
        .filter(|i| i.name != "annual_hours")
        .collect();
    inputs.push(Input::new(
        "part_time_factor",
        Distribution::Uniform { lo: 0.60, hi: 0.77 },
    ));
    inputs.push(Input::new(
        "annual_hours",
        Distribution::Uniform {
            lo: 1800.0,
            hi: 2100.0,
        },
    ));
    inputs
}

fn summary(s: &McStats) -> Vec<f64> {
    let mut out = vec![s.n as f64];
    for g in &s.groups {
        out.extend([
            g.mean(),
            g.sd(),
            g.min,
            g.max,
            g.quantile(0.05),
            g.quantile(0.5),
            g.quantile(0.95),
        ]);
    }
    out.extend(s.target_counts.iter().map(|c| *c as f64));
    out
}

#[test]
fn results_are_bit_identical_for_any_thread_count_and_shard_split() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = nml_inputs(&model);
    let cfg = McConfig {
        targets: vec![0.35],
        detail: true,
        ..McConfig::new(50_000, 7)
    };
    let plan = model.monte_carlo_plan(&inputs, cfg).expect("plan");
    let one = pool(1).install(|| plan.run_blocks(0..plan.n_blocks()));
    let two = pool(2).install(|| plan.run_blocks(0..plan.n_blocks()));
    assert_eq!(summary(&one), summary(&two));
    assert_eq!(one, two);
    let mut sharded = plan.empty_stats();
    for i in (0..3).rev() {
        let part = plan.run_blocks(plan.shard_blocks(i, 3));
        sharded.merge(&part).expect("same setup");
    }
    assert_eq!(summary(&one), summary(&sharded));
    assert_eq!(one.n, 50_000);
    // a JSON round trip (how shards travel) keeps every figure
    let back: McStats =
        serde_json::from_str(&serde_json::to_string(&one).expect("json")).expect("json");
    assert_eq!(summary(&back), summary(&one));
    let share = one.group("share").expect("share");
    assert!(share.mean() > 0.2 && share.mean() < 0.6, "{}", share.mean());
    assert!(one
        .group("initiative:sociale-benadering-dementie")
        .is_some());
    assert!(one.group("sector:msz").is_some() && one.group("theme:langer-thuis").is_some());
}

#[test]
fn a_degenerate_distribution_gives_the_deterministic_evaluation() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let stated = model
        .evaluate(&Overrides::default())
        .expect("evaluates")
        .total();
    let inputs = vec![
        Input::new("part_time_factor", Distribution::Constant { value: 0.68 }),
        Input::new("annual_hours", Distribution::Constant { value: 2000.0 }),
    ];
    let stats = model
        .monte_carlo_plan(&inputs, McConfig::new(3000, 1))
        .expect("plan")
        .run();
    let total = stats.group("total").expect("total");
    assert!(
        (total.mean() - stated).abs() <= 1e-9 * stated,
        "{} vs {stated}",
        total.mean()
    );
    assert!(total.sd() < 1e-9);
    assert!(
        (total.min - stated).abs() <= 1e-9 * stated && (total.max - stated).abs() <= 1e-9 * stated
    );
    assert!((total.quantile(0.5) - stated).abs() <= 1e-9 * stated);
}

#[test]
fn a_product_of_independent_uniforms_has_its_analytic_moments_and_median() {
    let model = product_model("x1 * x2 * 1[person]");
    for sampler in [Sampler::Random, Sampler::LatinHypercube, Sampler::Sobol] {
        let cfg = McConfig {
            sampler,
            targets: vec![0.5],
            ..McConfig::new(200_000, 11)
        };
        let stats = model
            .monte_carlo_plan(&uniform_inputs(), cfg)
            .expect("plan")
            .run();
        let y = stats.group("total").expect("total");
        assert!(
            (y.mean() - 0.25).abs() < 0.003,
            "{sampler:?} mean {}",
            y.mean()
        );
        assert!(
            (y.sd() * y.sd() - 7.0 / 144.0).abs() < 0.002,
            "{sampler:?} var {}",
            y.sd() * y.sd()
        );
        // F(y) = y - y ln y; its median solves y (1 - ln y) = 1/2: y = 0.186682...
        assert!(
            (y.quantile(0.5) - 0.186_682).abs() < 0.004,
            "{sampler:?} median {}",
            y.quantile(0.5)
        );
        // P(x1 x2 >= 1/2) = 1 - F(1/2) = 1/2 - ln(2)/2 = 0.153426
        assert!(
            (stats.prob_share_at_least(0.5) - 0.153_426).abs() < 0.004,
            "{sampler:?}"
        );
    }
}

#[test]
fn quasi_random_samplers_converge_faster() {
    let model = product_model("x1 * x2 * 1[person]");
    let err = |sampler| {
        let cfg = McConfig {
            sampler,
            ..McConfig::new(16_384, 3)
        };
        let stats = model
            .monte_carlo_plan(&uniform_inputs(), cfg)
            .expect("plan")
            .run();
        (stats.group("total").expect("total").mean() - 0.25).abs()
    };
    assert!(err(Sampler::Sobol) < 2e-4, "{}", err(Sampler::Sobol));
    // Latin hypercube strata are per block of 1,024 draws: the additive part of the variance
    // goes, the interaction (sd 0.083) stays: 0.083 / sqrt(16,384) = 6.5e-4 per standard error.
    assert!(
        err(Sampler::LatinHypercube) < 2e-3,
        "{}",
        err(Sampler::LatinHypercube)
    );
    assert!(err(Sampler::Random) > err(Sampler::Sobol));
}

#[test]
fn iman_conover_induces_the_rank_correlation() {
    // y = x1 - x2 + 1: var(y) = (2 - 2 rho) / 12 for uniform x1, x2 with (rank) correlation rho
    let model = product_model("(x1 - x2 + 1) * 1[person]");
    for rho in [0.8, -0.5] {
        let cfg = McConfig {
            correlations: vec![Correlation {
                a: "y.x1".into(),
                b: "y.x2".into(),
                rho,
            }],
            ..McConfig::new(100_000, 5)
        };
        let stats = model
            .monte_carlo_plan(&uniform_inputs(), cfg)
            .expect("plan")
            .run();
        let var = stats.group("total").expect("total").sd().powi(2);
        let expected = (2.0 - 2.0 * rho) / 12.0;
        assert!(
            (var - expected).abs() < 0.01,
            "rho {rho}: var {var} vs {expected}"
        );
    }
}

#[test]
fn bad_input_is_refused_with_a_clear_error() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let ptf = |d| vec![Input::new("part_time_factor", d)];
    let err = model
        .monte_carlo_plan(
            &ptf(Distribution::Uniform { lo: 0.6, hi: 0.7 }),
            McConfig::new(0, 1),
        )
        .expect_err("n = 0");
    assert_eq!(
        err.to_string(),
        "builtin:nml-2023: invalid value: n must be >= 1 (the number of draws)"
    );
    let err = model
        .monte_carlo_plan(
            &ptf(Distribution::Uniform { lo: 0.8, hi: 0.6 }),
            McConfig::new(10, 1),
        )
        .expect_err("lo > hi");
    assert_eq!(err.to_string(), "builtin:nml-2023: parameter 'part_time_factor': invalid value: uniform(lo=0.8, hi=0.6): lo must be <= hi, both finite");
    let err = model
        .monte_carlo_plan(
            &ptf(Distribution::Normal {
                mean: 0.68,
                sd: -0.1,
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
            }),
            McConfig::new(10, 1),
        )
        .expect_err("negative sd");
    assert!(
        err.to_string()
            .ends_with("normal(mean=0.68, sd=-0.1): sd must be finite and >= 0"),
        "{err}"
    );
    let err = model
        .monte_carlo_plan(
            &[Input::new(
                "part_time_facter",
                Distribution::Uniform { lo: 0.6, hi: 0.7 },
            )],
            McConfig::new(10, 1),
        )
        .expect_err("unknown");
    assert!(
        matches!(err, Error::UnknownParameter { ref suggestion, .. } if suggestion.as_deref() == Some("part_time_factor"))
    );
    let err = model
        .monte_carlo_plan(
            &[Input::new(
                "buikpijnteam.clinical_admission_reduction",
                Distribution::Uniform { lo: 0.5, hi: 1.5 },
            )],
            McConfig::new(10, 1),
        )
        .expect_err("fraction above 1");
    assert!(err.to_string().contains("the distribution's support [0.5, 1.5] leaves the valid range of 'buikpijnteam.clinical_admission_reduction', which must be a fraction in [0, 1]"), "{err}");
    let err = model
        .monte_carlo_plan(
            &[Input::new(
                "nml.population",
                Distribution::Normal {
                    mean: 1.0,
                    sd: 1.0,
                    lo: f64::NEG_INFINITY,
                    hi: f64::INFINITY,
                },
            )],
            McConfig::new(10, 1),
        )
        .expect_err("negative count");
    assert!(
        err.to_string()
            .contains("must be a number >= 0 (truncate the normal with lo/hi)"),
        "{err}"
    );
    let corr = McConfig {
        correlations: vec![Correlation {
            a: "part_time_factor".into(),
            b: "annual_hours".into(),
            rho: 0.5,
        }],
        ..McConfig::new(10, 1)
    };
    let err = model
        .monte_carlo_plan(&ptf(Distribution::Uniform { lo: 0.6, hi: 0.7 }), corr)
        .expect_err("no distribution");
    assert!(
        err.to_string()
            .contains("correlation names 'annual_hours', which has no distribution"),
        "{err}"
    );
}

#[test]
fn relative_specs_and_assumptions_stay_in_range() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let assumptions = model.assumptions(0.5, Shape::Triangular);
    assert!(assumptions.len() >= 20, "{}", assumptions.len());
    let resolved = model
        .resolve_inputs(&assumptions)
        .expect("all within range");
    for (slot, d) in &resolved {
        let p = &model.params[*slot];
        assert_eq!(p.kind, workforce_impact::model::Kind::Assumption);
        let (lo, hi) = d.support();
        assert!(
            lo >= 0.0 && lo <= p.value && p.value <= hi,
            "{}",
            p.qualified
        );
    }
    let rel = model
        .resolve_inputs(&[Input::relative("part_time_factor", Shape::Uniform, 0.1)])
        .expect("relative");
    assert_eq!(
        rel[0].1,
        Distribution::Uniform {
            lo: 0.68 - 0.068,
            hi: 0.68 + 0.068
        }
    );
}

#[test]
fn a_model_without_a_shortage_keeps_its_draws_and_travels_as_json() {
    let text = "[model]\nid = \"noshort\"\n[[themes]]\nid = \"t\"\n[[initiatives]]\nid = \"y\"\ntheme = \"t\"\n  [initiatives.parameters]\n  x = { value = 0.5, kind = \"assumption\" }\n  [[initiatives.components]]\n  sector = \"msz\"\n  formula = \"x * 1[person]\"\n";
    let model = Model::from_toml_str(text, "noshort.toml").expect("loads");
    let inputs = vec![Input::new(
        "y.x",
        Distribution::Uniform { lo: 0.0, hi: 1.0 },
    )];
    let plan = model
        .monte_carlo_plan(&inputs, McConfig::new(5000, 2))
        .expect("plan");
    let stats = plan.run();
    assert_eq!(stats.n, 5000);
    assert!(stats.shortage.is_nan());
    let total = stats.group("total").expect("total");
    assert!((total.mean() - 0.5).abs() < 0.02);
    let share = stats.group("share").expect("share");
    assert!(share.mean().is_nan() && share.sd().is_nan() && share.quantile(0.5).is_nan());
    // an empty shard has infinite extremes; both survive JSON
    let empty = plan.run_blocks(0..0);
    for s in [&stats, &empty] {
        let back: McStats =
            serde_json::from_str(&serde_json::to_string(s).expect("json")).expect("json");
        let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(summary(&back)), bits(summary(s)));
    }
    let mut merged = empty.clone();
    merged.merge(&stats).expect("same setup");
    assert_eq!(merged.n, 5000);
}

#[test]
fn detail_adds_groups_without_changing_the_total_and_share() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = nml_inputs(&model);
    let run = |detail| {
        let cfg = McConfig {
            targets: vec![0.35],
            detail,
            ..McConfig::new(20_000, 3)
        };
        let plan = model.monte_carlo_plan(&inputs, cfg).expect("plan");
        pool(2).install(|| plan.run_blocks(0..plan.n_blocks()))
    };
    let (totals, detail) = (run(false), run(true));
    let names: Vec<&str> = totals.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["total", "share"]);
    assert!(detail.groups.len() > 42 + 2);
    // the same seed gives the very same total and share statistics, sketch included
    assert_eq!(totals.groups[..], detail.groups[..2]);
    assert_eq!(totals.target_counts, detail.target_counts);
    // the initiatives add up to the total (to rounding)
    let sum: f64 = detail
        .groups
        .iter()
        .filter(|g| g.name.starts_with("initiative:"))
        .map(|g| g.mean())
        .sum();
    let total = totals.group("total").expect("total").mean();
    assert!((sum - total).abs() <= 1e-9 * total, "{sum} vs {total}");
}

#[test]
fn merging_results_of_different_setups_is_a_typed_error() {
    use workforce_impact::engine::monte_carlo::MergeError;
    let model = product_model("x1 * x2 * 1[person]");
    let stats = |cfg: McConfig| {
        model
            .monte_carlo_plan(&uniform_inputs(), cfg)
            .expect("plan")
            .run()
    };
    let plain = stats(McConfig::new(2000, 1));
    let message =
        "cannot merge results of different Monte Carlo setups (groups, targets or shortage differ)";

    let detail = stats(McConfig {
        detail: true,
        ..McConfig::new(2000, 1)
    });
    let mut merged = plain.clone();
    let err = merged.merge(&detail).expect_err("groups differ");
    assert!(
        matches!(&err, MergeError::Groups { ours, theirs } if ours.len() == 2 && theirs.len() > 2),
        "{err:?}"
    );
    assert_eq!(err.to_string(), message);
    assert_eq!(merged, plain, "a refused merge leaves the result as it was");

    let targets = stats(McConfig {
        targets: vec![0.5],
        ..McConfig::new(2000, 1)
    });
    let err = plain.clone().merge(&targets).expect_err("targets differ");
    assert_eq!(
        err,
        MergeError::Targets {
            ours: vec![],
            theirs: vec![0.5]
        }
    );
    assert_eq!(err.to_string(), message);

    let mut other = plain.clone();
    other.shortage = 2.0;
    let err = plain.clone().merge(&other).expect_err("shortage differs");
    assert!(matches!(err, MergeError::Shortage { ours, theirs } if ours == 1.0 && theirs == 2.0));
    assert_eq!(err.to_string(), message);
}
