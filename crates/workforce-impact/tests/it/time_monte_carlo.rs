//! The Monte Carlo over years agrees with the exact trajectory: a constant draw gives the
//! exact figure of every year, growth, ramps and flows included; a drawn growing parameter
//! keeps its profile; the target year repeats the single-year run on the same draws. The
//! small model is synthetic.

use workforce_impact::engine::monte_carlo::McConfig;
use workforce_impact::engine::{Distribution, Input};
use workforce_impact::{Error, Model, Overrides};

/// Synthetic: a ramped initiative over a growing count, and a flow with retention.
const SYNTHETIC: &str = r#"
[model]
id = "synthetic-years-mc"
start_year = 2023
target_year = 2027
default_ramp = { start = 2023, full = 2026, shape = "logistic" }

[shortage]
projections = [{ year = 2023, persons = 100 }, { year = 2027, persons = 140 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }

[[initiatives]]
id = "groei"
theme = "t"

  [initiatives.parameters]
  clients = { value = 1000, unit = "1/yr", growth = { total = "20%", from = 2023, to = 2027, shape = "compound" }, source = "aanname", kind = "assumption" }
  hours_saved = { value = 30, unit = "h", source = "aanname", kind = "assumption" }

  [[initiatives.components]]
  sector = "vvt"
  formula = "clients * hours_saved / annual_hours / part_time_factor"

[[initiatives]]
id = "opleiding"
theme = "t"
ramp = { start = 2023, full = 2023, shape = "step" }

  [initiatives.parameters]
  graduates = { value = 10, unit = "person/yr", source = "aanname", kind = "assumption" }
  keep = { value = "90%", source = "aanname", kind = "assumption" }

  [[initiatives.components]]
  sector = "vvt"
  formula = "graduates"
  flow = { from = 2024, retention = "keep" }
"#;

fn synthetic() -> Model {
    match Model::from_toml_str(SYNTHETIC, "synthetic.toml") {
        Ok(m) => m,
        Err(e) => panic!("the synthetic model loads:\n{e}"),
    }
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1.0)
}

#[test]
fn constant_draws_give_the_exact_trajectory_of_every_year() {
    let m = synthetic();
    for (value, overrides) in [
        (2000.0, Overrides::default()),
        (1800.0, Overrides::new().set("annual_hours", 1800.0)),
    ] {
        let inputs = [Input::new("annual_hours", Distribution::Constant { value })];
        let run = m
            .trajectory_monte_carlo_plan(&inputs, McConfig::new(3000, 5), "baseline")
            .unwrap()
            .run();
        let exact = m.trajectory(&overrides, "baseline").unwrap();
        assert_eq!(run.years, vec![2023, 2024, 2025, 2026, 2027]);
        for (y, year) in exact.years.iter().enumerate() {
            let g = run.total(0, y);
            assert!(
                close(g.mean(), year.total, 1e-12),
                "{} {} {}",
                year.year,
                g.mean(),
                year.total
            );
            assert!(close(g.quantile(0.5), year.total, 1e-2), "{}", year.year);
            assert_eq!(run.shortage_at(0, y), year.shortage);
        }
    }
}

#[test]
fn a_drawn_growing_parameter_keeps_its_profile() {
    let m = synthetic();
    // drawn as its target-year value: 1,500 in 2027 means 1,500 / 1.2 in 2023
    let inputs = [Input::new(
        "groei.clients",
        Distribution::Constant { value: 1500.0 },
    )];
    let run = m
        .trajectory_monte_carlo_plan(&inputs, McConfig::new(2000, 1), "baseline")
        .unwrap()
        .run();
    let exact = m
        .trajectory(&Overrides::new().set("groei.clients", 1500.0), "baseline")
        .unwrap();
    for (y, year) in exact.years.iter().enumerate() {
        assert!(
            close(run.total(0, y).mean(), year.total, 1e-12),
            "{}",
            year.year
        );
    }
    // the stated growth: 2025 is 1.2^(2/4) of 2023
    let grown = m.values_in_year(2025, &m.base_values());
    let base = m.values_in_year(2023, &m.base_values());
    let slot = m.param_index("groei.clients").unwrap();
    assert!(close(grown[slot] / base[slot], 1.2f64.sqrt(), 1e-12));
}

#[test]
fn the_target_year_repeats_the_single_year_run_on_the_same_draws() {
    let m = Model::builtin("nml-2023").unwrap();
    let inputs = [
        Input::new(
            "part_time_factor",
            Distribution::Uniform { lo: 0.60, hi: 0.77 },
        ),
        Input::new(
            "valpreventie.demand_growth",
            Distribution::Triangular {
                lo: 0.08,
                mode: 0.16,
                hi: 0.24,
            },
        ),
    ];
    let cfg = McConfig {
        targets: vec![0.35],
        ..McConfig::new(20_000, 2023)
    };
    let single = m.monte_carlo_plan(&inputs, cfg.clone()).unwrap().run();
    let years = m
        .trajectory_monte_carlo_plan(&inputs, cfg, "baseline")
        .unwrap()
        .run();
    let last = years.years.len() - 1;
    let (a, b) = (years.total(0, last), single.group("total").unwrap());
    assert!(close(a.mean(), b.mean(), 1e-9), "{} {}", a.mean(), b.mean());
    assert!(close(a.sd(), b.sd(), 1e-6));
    assert_eq!(
        years.prob_share_at_least(0, last, 0.35),
        Some(single.prob_share_at_least(0.35))
    );
    // 2023 on the default ramp: nothing yet
    assert_eq!(years.total(0, 0).mean(), 0.0);
    assert_eq!(years.shortage_at(0, 0), 2100.0);
    // the unbent scenario: the same totals against 6,700
    let unbent = m
        .trajectory_monte_carlo_plan(&inputs, McConfig::new(2_000, 1), "unbent")
        .unwrap()
        .run();
    assert_eq!(unbent.shortage_at(0, last), 6700.0);
}

#[test]
fn a_retention_cannot_be_drawn_and_a_missing_scenario_is_named() {
    let m = synthetic();
    let inputs = [Input::new(
        "opleiding.keep",
        Distribution::Uniform { lo: 0.8, hi: 0.95 },
    )];
    let e = m
        .trajectory_monte_carlo_plan(&inputs, McConfig::new(100, 1), "baseline")
        .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("'opleiding.keep' is a flow's retention"),
        "{e}"
    );
    let inputs = [Input::new(
        "annual_hours",
        Distribution::Uniform {
            lo: 1800.0,
            hi: 2100.0,
        },
    )];
    let e = m
        .trajectory_monte_carlo_plan(&inputs, McConfig::new(100, 1), "krapte")
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("no shortage projection for scenario 'krapte'"),
        "{e}"
    );
}

/// Synthetic: a region `a` of 1,000 inhabitants whose initiative frees `staff` persons, a
/// figure that scales with the population; the shortage scales with it too.
const SCALABLE: &str = r#"
[model]
id = "synthetic-regions-mc"
region = "a"
start_year = 2030
target_year = 2032
default_ramp = { start = 2030, full = 2032, shape = "linear" }

[[regions]]
id = "a"
population = 1000
population_65plus = 200

[shortage]
scales_with = "population"
projections = [{ year = 2030, persons = 50 }, { year = 2032, persons = 100 }]

[[themes]]
id = "t"

[[initiatives]]
id = "x"
theme = "t"

  [initiatives.parameters]
  staff = { value = 10, unit = "person", scales_with = "population", source = "aanname", kind = "assumption" }
  other = { value = 4, unit = "person", source = "aanname", kind = "assumption" }

  [[initiatives.components]]
  sector = "vvt"
  formula = "staff + other * region.population_65plus / 200"
"#;

#[test]
fn all_regions_run_on_the_same_draws_and_scale_what_scales() {
    use workforce_impact::regions::RegionTable;
    let m = Model::from_toml_str(SCALABLE, "regions.toml").expect("loads");
    let table = RegionTable::from_csv_str(
        "id,name,population,population_65plus\na,A (synthetic),1000,200\nb,B (synthetic),3000,300\n",
        "synthetic.csv",
    )
    .expect("a table");
    let inputs = [Input::new(
        "x.staff",
        Distribution::Constant { value: 12.0 },
    )];
    let cfg = McConfig {
        targets: vec![0.5],
        ..McConfig::new(1000, 9)
    };
    let run = m
        .regions_monte_carlo_plan(
            &table,
            &[("b".to_string(), 240.0)],
            &inputs,
            cfg.clone(),
            "baseline",
        )
        .expect("plan")
        .run();
    assert_eq!(run.regions, vec!["a", "b"]);
    assert_eq!(run.years, vec![2030, 2031, 2032]);
    // a: 12 + 4 = 16 in 2032; b: the drawn 12 scales x3 and the 65+ term x1.5: 36 + 6 = 42
    assert!(
        close(run.total(0, 2).mean(), 16.0, 1e-12),
        "{}",
        run.total(0, 2).mean()
    );
    assert!(
        close(run.total(1, 2).mean(), 42.0, 1e-12),
        "{}",
        run.total(1, 2).mean()
    );
    assert!(close(run.total(1, 1).mean(), 21.0, 1e-12)); // half way up the ramp
                                                         // b's given 240 in 2032; 2030 follows a's path scaled to it: 50 x 240/100
    assert_eq!(run.shortage_at(1, 2), 240.0);
    assert!(close(run.shortage_at(1, 0), 120.0, 1e-12));
    // 42 / 240 = 17.5%: the exact count of draws reaching half the shortage is 0
    assert_eq!(run.prob_share_at_least(1, 2, 0.5), Some(0.0));
    // the model's own region in the table repeats the single-model run bit for bit
    let single = m
        .trajectory_monte_carlo_plan(&inputs, cfg, "baseline")
        .expect("plan")
        .run();
    assert_eq!(run.total(0, 2), single.total(0, 2));
    // an unknown region in the table's place is named
    let bad =
        RegionTable::from_csv_str("id,name,population\nc,C (synthetic),10\n", "synthetic.csv")
            .expect("a table");
    let e = m
        .regions_monte_carlo_plan(&bad, &[], &inputs, McConfig::new(10, 1), "baseline")
        .unwrap_err();
    assert!(e.to_string().contains("population_65plus"), "{e}");
}
