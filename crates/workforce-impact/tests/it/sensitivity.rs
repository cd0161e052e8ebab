//! Sensitivity analysis: tornado, Sobol and Morris on a model with known answers, on the
//! builtin model, and the errors for bad arguments.

use workforce_impact::engine::{Distribution, Input, Shape};
use workforce_impact::{Error, Model};

/// f = x1 * x2 persons, x1 and x2 plain numbers stated at 0.5; the shortage is 100 persons.
const PRODUCT: &str = r#"[model]
id = "product"
title = "x1 times x2"
region = "r"
target_year = 2032

[[regions]]
id = "r"
population = 1000
population_65plus = 200

[shortage]
projections = [{ year = 2032, persons = 100 }]

[[themes]]
id = "t"

[parameters]
x1 = { value = 0.5, source = "aanname", kind = "assumption" }
x2 = { value = 0.5, source = "aanname", kind = "assumption" }

[[initiatives]]
id = "product"
theme = "t"
reconstructed = true

  [[initiatives.components]]
  sector = "msz"
  formula = "x1 * x2 * 1[person]"
"#;

fn product() -> Model {
    Model::from_toml_str(PRODUCT, "product.toml").expect("loads")
}

fn unit_inputs() -> Vec<Input> {
    let u = Distribution::Uniform { lo: 0.0, hi: 1.0 };
    vec![Input::new("x1", u.clone()), Input::new("x2", u)]
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn sobol_indices_of_a_product_of_two_uniforms_are_analytic() {
    // Var f = 1/9 - 1/16 = 7/144; V1 = V2 = Var(x/2) = 1/48 = 3/144, V12 = 1/144.
    let rows = product()
        .sobol(&unit_inputs(), 8192, 42, 100, None)
        .expect("sobol");
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].name.as_str(), rows[1].name.as_str()), ("x1", "x2"));
    for r in &rows {
        assert!(close(r.s1, 3.0 / 7.0, 0.03), "{r:?}");
        assert!(close(r.st, 4.0 / 7.0, 0.03), "{r:?}");
        // the interaction share ST - S1 is S12 = 1/7
        assert!(close(r.st - r.s1, 1.0 / 7.0, 0.03), "{r:?}");
        assert!(r.s1_conf > 0.0 && r.s1_conf < 0.05, "{r:?}");
        assert!(r.st_conf > 0.0 && r.st_conf < 0.05, "{r:?}");
    }
    // first orders plus the interaction account for the whole variance
    let interaction = ((rows[0].st - rows[0].s1) + (rows[1].st - rows[1].s1)) / 2.0;
    assert!(
        close(rows[0].s1 + rows[1].s1 + interaction, 1.0, 0.03),
        "{rows:?}"
    );
}

#[test]
fn one_group_of_every_input_explains_everything() {
    let groups = vec![("both".to_string(), vec!["x1".to_string(), "x2".to_string()])];
    let rows = product()
        .sobol(&unit_inputs(), 1024, 7, 0, Some(&groups))
        .expect("sobol");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "both");
    // AB = B: S1 = mean(fB (fB - fA)) / Var = 1 up to sampling, ST likewise
    assert!(
        close(rows[0].s1, 1.0, 0.05) && close(rows[0].st, 1.0, 0.05),
        "{rows:?}"
    );
    assert!(rows[0].s1_conf.is_nan() && rows[0].st_conf.is_nan());
}

#[test]
fn a_constant_input_has_zero_indices() {
    let inputs = vec![
        Input::new("x1", Distribution::Uniform { lo: 0.0, hi: 1.0 }),
        Input::new("x2", Distribution::Constant { value: 0.5 }),
    ];
    let rows = product().sobol(&inputs, 1024, 1, 50, None).expect("sobol");
    assert_eq!((rows[1].s1, rows[1].st), (0.0, 0.0));
    assert_eq!((rows[1].s1_conf, rows[1].st_conf), (0.0, 0.0));
    // f is linear in x1 alone: S1 = ST = 1
    assert!(
        close(rows[0].s1, 1.0, 0.02) && close(rows[0].st, 1.0, 0.02),
        "{rows:?}"
    );
    // every input constant: no variance to share out, every index 0 rather than NaN
    let still = vec![
        Input::new("x1", Distribution::Constant { value: 0.2 }),
        Input::new("x2", Distribution::Constant { value: 0.5 }),
    ];
    for r in product().sobol(&still, 64, 1, 10, None).expect("sobol") {
        assert_eq!((r.s1, r.st, r.s1_conf, r.st_conf), (0.0, 0.0, 0.0, 0.0));
    }
    let morris = product().morris(&inputs, 10, 4, 3).expect("morris");
    assert_eq!(
        (morris[1].mu, morris[1].mu_star, morris[1].sigma),
        (0.0, 0.0, 0.0)
    );
}

#[test]
fn sobol_and_morris_are_deterministic_whatever_the_thread_count() {
    let model = product();
    let run = || {
        (
            model
                .sobol(&unit_inputs(), 512, 99, 40, None)
                .expect("sobol"),
            model.morris(&unit_inputs(), 20, 4, 99).expect("morris"),
        )
    };
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(first, pool(1).install(run));
    assert_eq!(first, pool(2).install(run));
    let other = model
        .sobol(&unit_inputs(), 512, 100, 40, None)
        .expect("sobol");
    assert_ne!(first.0, other, "another seed gives another sample");
}

#[test]
fn tornado_varies_one_input_at_a_time() {
    let inputs = vec![
        Input::new("x1", Distribution::Uniform { lo: 0.0, hi: 1.0 }),
        Input::new("x2", Distribution::Uniform { lo: 0.4, hi: 0.6 }),
    ];
    let rows = product().tornado(&inputs).expect("tornado");
    assert_eq!(rows.len(), 2);
    let x1 = &rows[0];
    assert_eq!(x1.name, "x1");
    assert_eq!((x1.low, x1.high), (0.0, 1.0));
    // x2 at its stated 0.5
    assert_eq!((x1.total_low, x1.total_high), (0.0, 0.5));
    assert_eq!((x1.share_low, x1.share_high), (0.0, 0.005));
    assert_eq!(x1.swing, 0.5);
    let x2 = &rows[1];
    assert_eq!(x2.name, "x2");
    assert_eq!((x2.low, x2.high), (0.4, 0.6));
    assert!(
        close(x2.total_low, 0.2, 1e-12) && close(x2.total_high, 0.3, 1e-12),
        "{x2:?}"
    );
    assert!(close(x2.swing, 0.1, 1e-12));
    // an unbounded distribution (here lognormal, support [0, inf)) is cut at its 5% and 95%
    // quantiles
    let lognormal = Distribution::lognormal_from_interval(0.4, 0.9).unwrap();
    let rows = product()
        .tornado(&[
            Input::new("x1", Distribution::Uniform { lo: 0.0, hi: 0.1 }),
            Input::new("x2", lognormal),
        ])
        .expect("tornado");
    assert_eq!(rows[0].name, "x2", "sorted by swing, largest first");
    assert!(
        close(rows[0].low, 0.4, 1e-9) && close(rows[0].high, 0.9, 1e-9),
        "{:?}",
        rows[0]
    );
    assert!(close(rows[0].swing, 0.5 * 0.5, 1e-9));
    assert!(close(rows[1].swing, 0.05, 1e-12));
}

#[test]
fn morris_effects_of_the_product() {
    // f = x1 x2: the effect of x1 is x2 (persons per unit of x1's range), so mu = mu* = E x2
    // over the grid, and sigma > 0 because the effect depends on x2.
    let rows = product().morris(&unit_inputs(), 200, 4, 5).expect("morris");
    assert_eq!(rows.len(), 2);
    for r in &rows {
        // grid levels 0, 1/3, 2/3, 1, each equally likely for the other input: E = 0.5
        assert!(close(r.mu, 0.5, 0.06), "{r:?}");
        assert_eq!(r.mu, r.mu_star, "every effect is >= 0");
        assert!(r.sigma > 0.2 && r.sigma < 0.5, "{r:?}");
    }
    // two levels: Δ = 1, the design is the corners of the square
    let rows = product().morris(&unit_inputs(), 50, 2, 5).expect("morris");
    assert!(rows
        .iter()
        .all(|r| r.mu >= 0.0 && r.mu <= 1.0 && r.mu_star == r.mu));
}

#[test]
fn bad_arguments_are_refused_with_a_reason() {
    let model = product();
    let err = model
        .sobol(&unit_inputs(), 0, 1, 0, None)
        .expect_err("n = 0");
    let Error::InvalidValue { message, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(message, "n must be >= 2");
    let err = model
        .morris(&unit_inputs(), 1, 4, 1)
        .expect_err("one trajectory");
    assert!(
        matches!(&err, Error::InvalidValue { message, .. } if message == "trajectories must be >= 2"),
        "{err}"
    );
    let err = model
        .morris(&unit_inputs(), 4, 3, 1)
        .expect_err("odd levels");
    assert!(
        matches!(&err, Error::InvalidValue { message, .. } if message == "levels must be even and >= 2, got 3"),
        "{err}"
    );

    let unknown = [Input::new("x3", Distribution::Uniform { lo: 0.0, hi: 1.0 })];
    let err = model.sobol(&unknown, 64, 1, 0, None).expect_err("unknown");
    assert!(
        matches!(&err, Error::UnknownParameter { name, .. } if name == "x3"),
        "{err}"
    );
    assert!(matches!(
        model.tornado(&unknown),
        Err(Error::UnknownParameter { .. })
    ));

    let reversed = [Input::new("x1", Distribution::Uniform { lo: 1.0, hi: 0.0 })];
    let err = model.tornado(&reversed).expect_err("lo > hi");
    let Error::InvalidValue { message, loc } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        message,
        "uniform(lo=1, hi=0): lo must be <= hi, both finite"
    );
    assert_eq!(loc.parameter.as_deref(), Some("x1"));

    let builtin = Model::builtin("nml-2023").expect("builtin loads");
    let name = "buikpijnteam.clinical_admission_reduction";
    let above_one = [Input::new(name, Distribution::Uniform { lo: 0.5, hi: 1.5 })];
    let err = builtin
        .sobol(&above_one, 64, 1, 0, None)
        .expect_err("fraction above 1");
    let Error::InvalidValue { message, loc } = &err else {
        panic!("{err}")
    };
    assert!(
        message.contains("must be a fraction in [0, 1]"),
        "{message}"
    );
    assert_eq!(loc.parameter.as_deref(), Some(name));
}

#[test]
fn groups_must_cover_each_input_exactly_once() {
    let model = product();
    let group = |name: &str, members: &[&str]| {
        (
            name.to_string(),
            members.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
        )
    };
    let check = |groups: Vec<(String, Vec<String>)>, expected: &str, parameter: Option<&str>| {
        let err = model
            .sobol(&unit_inputs(), 64, 1, 0, Some(&groups))
            .expect_err("bad groups");
        let Error::Model { message, loc } = &err else {
            panic!("{err}")
        };
        assert_eq!(message, expected);
        assert_eq!(loc.parameter.as_deref(), parameter);
    };
    check(
        vec![group("a", &["x1"])],
        "input 'x2' is in no group; the groups must cover each input exactly once",
        Some("x2"),
    );
    check(
        vec![group("a", &["x1", "x2"]), group("b", &["x2"])],
        "input 'x2' is in group 'a' and in group 'b'; each input belongs to exactly one group",
        Some("x2"),
    );
    check(
        vec![group("a", &["x1"]), group("a", &["x2"])],
        "group 'a' is named twice",
        None,
    );
    check(
        vec![group("a", &["x1", "x2"]), group("b", &[])],
        "group 'b' has no inputs",
        None,
    );
    let one = [Input::new("x1", Distribution::Uniform { lo: 0.0, hi: 1.0 })];
    let err = model
        .sobol(&one, 64, 1, 0, Some(&[group("a", &["x1", "x2"])]))
        .expect_err("not an input");
    assert_eq!(
        err.to_string(),
        "product.toml: parameter 'x2': parameter 'x2' is in group 'a' but is not one of the inputs"
    );
}

#[test]
fn at_most_127_sobol_inputs() {
    let builtin = Model::builtin("nml-2023").expect("builtin loads");
    let inputs = builtin.assumptions(0.1, Shape::Uniform);
    let many: Vec<Input> = builtin
        .params
        .iter()
        .filter(|p| p.derived.is_none() && p.value > 0.0)
        .map(|p| Input::new(&p.qualified, Distribution::Constant { value: p.value }))
        .take(128)
        .collect();
    assert_eq!(many.len(), 128, "the builtin model has enough parameters");
    let err = builtin.sobol(&many, 64, 1, 0, None).expect_err("too many");
    assert!(err.to_string().contains("at most 127 inputs"), "{err}");
    assert!(!inputs.is_empty());
}

#[test]
fn tornado_of_the_builtin_assumptions() {
    let model = Model::builtin("nml-2023").expect("builtin loads");
    let inputs = model.assumptions(0.5, Shape::Triangular);
    let rows = model.tornado(&inputs).expect("tornado");
    assert_eq!(rows.len(), inputs.len());
    assert!(rows.len() > 10, "{}", rows.len());
    assert!(
        rows.windows(2).all(|w| w[0].swing >= w[1].swing),
        "sorted by swing"
    );
    let stated = model
        .evaluate(&Default::default())
        .expect("evaluates")
        .total();
    for r in &rows {
        assert!(inputs.iter().any(|i| i.name == r.name));
        // every bar straddles the stated total (the stated value lies inside each range)
        let (lo, hi) = (r.total_low.min(r.total_high), r.total_low.max(r.total_high));
        assert!(lo <= stated + 1e-9 && stated <= hi + 1e-9, "{r:?}");
        assert!(close(r.share_low, r.total_low / 4500.0, 1e-12));
    }
    assert!(rows[0].swing > 10.0, "{:?}", rows[0]);

    let ptf = [Input::new(
        "part_time_factor",
        Distribution::Uniform { lo: 0.60, hi: 0.77 },
    )];
    let rows = model.tornado(&ptf).expect("tornado");
    // fewer FTE per person: more persons freed up
    assert!(
        rows[0].swing > 0.0 && rows[0].total_low > rows[0].total_high,
        "{:?}",
        rows[0]
    );
}

#[test]
fn sobol_past_2_16_rows_uses_fresh_scramblings() {
    // sobol_burley scrambles 2^16 points per seed; more rows must neither panic nor bias.
    let rows = product()
        .sobol(&unit_inputs(), 70_000, 9, 0, None)
        .expect("sobol");
    for r in &rows {
        assert!(close(r.s1, 3.0 / 7.0, 0.02), "{r:?}");
        assert!(close(r.st, 4.0 / 7.0, 0.02), "{r:?}");
    }
}
