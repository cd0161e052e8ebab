//! Overlap between initiatives: bases, cuts, the additive and multiplicative readings, the
//! interaction in persons, the `check` warnings, bad input, and the NML model's table.

use workforce_impact::{Error, Errors, Model, Overrides, RecomputeReport};

/// A synthetic model (not from any regioplan; the figures are chosen to be computed by
/// hand): one base of 10,000 bed days a year, three initiatives cutting it. Each cuts
/// `admissions * reduction * length_of_stay` bed days, nursed at 4 h a day, over 2,000
/// hours and a part-time factor of 0.5: 1,000 bed days are 4,000 h = 2 FTE = 4 persons.
///
/// - a: 1,000 admissions x 20% x 5 days = 1,000 bed days, r = 10%, 4 persons
/// - b: 1,000 x 30% x 5 = 1,500 bed days, r = 15%, 6 persons
/// - c: the same as a (possible double counting): r = 10%, 4 persons
///
/// additive 35%; multiplicative 1 - 0.9 x 0.85 x 0.9 = 31.15%; persons 14, multiplicative
/// 14 x 31.15 / 35 = 12.46; interaction -1.54.
fn synthetic(threshold: &str) -> String {
    let initiative = |id: &str, reduction: &str| {
        format!(
            r#"
[[initiatives]]
id = "{id}"
theme = "t"
  [initiatives.parameters]
  admissions = {{ value = 1000, unit = "1/yr", source = "synthetic", kind = "sourced" }}
  reduction = {{ value = "{reduction}", source = "synthetic", kind = "assumption" }}
  [[initiatives.components]]
  label = "minder ligdagen"
  sector = "msz"
  formula = "admissions * reduction * length_of_stay * nursing / annual_hours / part_time_factor"
  base = "beddays"
  cut = "admissions * reduction * length_of_stay"
"#
        )
    };
    format!(
        r#"[model]
id = "overlap-synthetic"

[parameters]
annual_hours = {{ value = 2000, unit = "h/(FTE*yr)", source = "synthetic", kind = "assumption" }}
part_time_factor = {{ value = 0.5, unit = "FTE/person", source = "synthetic", kind = "assumption" }}
length_of_stay = {{ value = 5, unit = "day", source = "synthetic", kind = "assumption" }}
nursing = {{ value = 4, unit = "h/day", source = "synthetic", kind = "assumption" }}

[[themes]]
id = "t"

[[bases]]
id = "beddays"
name = "Bed days"
size = {{ value = 10000, unit = "day/yr", source = "synthetic", kind = "assumption" }}
{threshold}
{}{}{}"#,
        initiative("a", "20%"),
        initiative("b", "30%"),
        initiative("c", "20%")
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

#[test]
fn synthetic_figures_by_hand() {
    let model = Model::from_toml_str(&synthetic(""), "synthetic.toml").unwrap();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    assert!(close(eval.total(), 14.0));
    let o = model.overlap(&eval);
    let b = o.base("beddays").unwrap();
    assert_eq!(
        (b.size, b.unit.as_str(), b.kind.as_str()),
        (10000.0, "day/yr", "assumption")
    );
    let shares: Vec<(&str, f64, f64, f64)> = b
        .cuts
        .iter()
        .map(|c| (c.initiative.as_str(), c.cut, c.share, c.persons))
        .collect();
    let expected = [
        ("a", 1000.0, 0.10, 4.0),
        ("b", 1500.0, 0.15, 6.0),
        ("c", 1000.0, 0.10, 4.0),
    ];
    for (got, want) in shares.iter().zip(expected) {
        assert_eq!(got.0, want.0);
        assert!(
            close(got.1, want.1) && close(got.2, want.2) && close(got.3, want.3),
            "{got:?}"
        );
    }
    assert!(close(b.additive, 0.35));
    assert!(close(b.multiplicative, 0.3115));
    assert!(close(b.persons, 14.0));
    assert!(close(b.persons_multiplicative, 12.46));
    assert!(close(b.interaction, -1.54));
    assert!(close(o.interaction(), -1.54));
    assert!(!b.exceeds_threshold && b.threshold == 1.0);
    // a and c are identical cuts; b is not.
    assert_eq!(b.identical.len(), 1);
    assert_eq!(b.identical[0].first.0, "a");
    assert_eq!(b.identical[0].second.0, "c");
    assert_eq!(b.identical[0].second.1, "#1 'minder ligdagen'");
    // The overlap never changes the recompute.
    let report = RecomputeReport::new(&model, &eval);
    assert!(close(report.totals.computed, 14.0));
    assert!(report.to_table().contains("interaction -1.54 persons"));
    assert!(report
        .to_markdown()
        .contains("| a | #1 'minder ligdagen' | 1,000 | 10.0% | 4 |"));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["overlap"]["bases"][0]["id"], "beddays");
    assert!(close(
        json["overlap"]["bases"][0]["multiplicative"]
            .as_f64()
            .unwrap(),
        0.3115
    ));
}

#[test]
fn overrides_move_base_and_cuts_together() {
    let model = Model::from_toml_str(&synthetic(""), "synthetic.toml").unwrap();
    let eval = model
        .evaluate(&Overrides::new().set("b.reduction", 0.5))
        .unwrap();
    let b = model.overlap(&eval).bases.remove(0);
    assert!(close(b.cuts[1].share, 0.25));
    assert!(close(b.additive, 0.45));
    assert!(close(b.multiplicative, 1.0 - 0.9 * 0.75 * 0.9));
}

#[test]
fn warnings_threshold_and_identical_cuts() {
    // Default threshold 100%: only the identical cuts are flagged, at c's cut.
    let model = Model::from_toml_str(&synthetic(""), "synthetic.toml").unwrap();
    let w: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("initiative 'c', component #1 'minder ligdagen': warning: identical cuts of base 'beddays'"), "{}", w[0]);
    assert!(w[0].contains("possible double counting"));
    assert_eq!(model.warnings[0].loc.line, Some(56), "{}", w[0]);

    // A threshold of 30%: 35% is above it.
    let model = Model::from_toml_str(&synthetic("threshold = \"30%\""), "synthetic.toml").unwrap();
    let w: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].starts_with("synthetic.toml:14:6: warning: the cuts of base 'beddays' add up to 35.0% of it, above the threshold of 30.0% (a 10.0%, b 15.0%, c 10.0%); read multiplicatively they are 31.1%, an interaction of -1.54 persons"), "{}", w[0]);
    let eval = model.evaluate(&Overrides::default()).unwrap();
    assert!(model.overlap(&eval).bases[0].exceeds_threshold);
    assert!(RecomputeReport::new(&model, &eval)
        .to_table()
        .contains("WARNING: the cuts add up to 35.0%, above the threshold of 30.0%"));
}

fn load_err(text: &str) -> Errors {
    match Model::from_toml_str(text, "synthetic.toml") {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    }
}

/// Replace the first occurrence of `from` in the synthetic model.
fn synthetic_with(from: &str, to: &str) -> String {
    let text = synthetic("");
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn unknown_base() {
    let e = load_err(&synthetic_with("base = \"beddays\"", "base = \"bedays\""));
    assert_eq!(e.0.len(), 1, "{e}");
    let Error::Model { loc, message } = &e.0[0] else {
        panic!("{e}")
    };
    assert_eq!(
        message,
        "unknown base 'bedays' (did you mean 'beddays'?); declare it under [[bases]]"
    );
    assert_eq!((loc.line, loc.column), (Some(29), Some(10)));
    assert_eq!(loc.initiative.as_deref(), Some("a"));
    assert_eq!(loc.component.as_deref(), Some("#1 'minder ligdagen'"));
    assert!(e.to_string().starts_with("synthetic.toml:29:10: initiative 'a', component #1 'minder ligdagen': unknown base 'bedays'"), "{e}");
}

#[test]
fn base_without_size() {
    let text = synthetic_with(
        "size = { value = 10000, unit = \"day/yr\", source = \"synthetic\", kind = \"assumption\" }",
        "",
    );
    let e = load_err(&text);
    let Error::Model { loc, message } = &e.0[0] else {
        panic!("{e}")
    };
    assert!(
        message.starts_with("base 'beddays' has no size; give `size = { value = ..."),
        "{message}"
    );
    assert_eq!((loc.line, loc.column), (Some(14), Some(6)));
    assert!(
        e.to_string()
            .starts_with("synthetic.toml:14:6: base 'beddays' has no size"),
        "{e}"
    );
}

#[test]
fn cut_of_another_dimension() {
    // Admissions a year (1/yr) cannot be expressed in bed days a year (day/yr).
    let e = load_err(&synthetic_with(
        "cut = \"admissions * reduction * length_of_stay\"",
        "cut = \"admissions * reduction\"",
    ));
    assert_eq!(e.0.len(), 1, "{e}");
    let Error::Unit { loc, message } = &e.0[0] else {
        panic!("{e}")
    };
    assert!(message.starts_with("the cut gives "), "{message}");
    assert!(message.ends_with("but base 'beddays' is in day/yr (a plain number): the cut cannot be expressed in the base's unit"), "{message}");
    assert_eq!((loc.line, loc.column), (Some(30), Some(10)));
    assert_eq!(loc.initiative.as_deref(), Some("a"));
    assert_eq!(loc.component.as_deref(), Some("#1 'minder ligdagen'"));
    assert!(loc
        .excerpt
        .as_deref()
        .unwrap()
        .contains("^^^^^^^^^^^^^^^^^^^^^^"));
}

#[test]
fn cut_that_is_not_a_factor_of_the_formula() {
    let e = load_err(&synthetic_with(
        "cut = \"admissions * reduction * length_of_stay\"",
        "cut = \"admissions * reduction * 5[day]\"",
    ));
    let Error::Model { loc, message } = &e.0[0] else {
        panic!("{e}")
    };
    assert!(message.starts_with("the cut is not a product of factors of the component's formula: `5[day]` is not one of its factors"), "{message}");
    assert_eq!((loc.line, loc.column), (Some(30), Some(10)));
}

#[test]
fn base_and_cut_go_together() {
    let e = load_err(&synthetic_with(
        "  cut = \"admissions * reduction * length_of_stay\"\n",
        "",
    ));
    let Error::Model { loc, message } = &e.0[0] else {
        panic!("{e}")
    };
    assert!(
        message.starts_with("the component names base 'beddays' but no `cut`"),
        "{message}"
    );
    assert_eq!(loc.line, Some(29));
    let e = load_err(&synthetic_with("  base = \"beddays\"\n", ""));
    let Error::Model { message, .. } = &e.0[0] else {
        panic!("{e}")
    };
    assert!(
        message.starts_with("the component has a `cut` but names no `base`"),
        "{message}"
    );
}

#[test]
fn bad_base_declarations() {
    let dup = synthetic("").replacen(
        "[[bases]]",
        "[[bases]]\nid = \"beddays\"\nsize = { value = 1, unit = \"day/yr\" }\n\n[[bases]]",
        1,
    );
    assert!(load_err(&dup)
        .to_string()
        .contains("duplicate base id 'beddays'"));
    let e = load_err(&synthetic("threshold = \"-5%\""));
    assert!(
        matches!(&e.0[0], Error::InvalidValue { message, .. } if message.contains("threshold must be a share > 0")),
        "{e}"
    );
    let e = load_err(&synthetic_with(
        "value = 10000, unit = \"day/yr\"",
        "value = 0, unit = \"day/yr\"",
    ));
    assert!(
        matches!(&e.0[0], Error::InvalidValue { message, .. } if message == "base 'beddays' has size 0; a base must be larger than 0"),
        "{e}"
    );
}

#[test]
fn a_model_without_bases_reports_no_overlap() {
    let text = synthetic("")
        .replace("  base = \"beddays\"\n", "")
        .replace("  cut = \"admissions * reduction * length_of_stay\"\n", "");
    let text = text.replacen(
        "[[bases]]\nid = \"beddays\"\nname = \"Bed days\"\nsize = { value = 10000, unit = \"day/yr\", source = \"synthetic\", kind = \"assumption\" }\n",
        "",
        1,
    );
    let model = Model::from_toml_str(&text, "synthetic.toml").unwrap();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    assert!(model.overlap(&eval).bases.is_empty());
    assert!(!RecomputeReport::new(&model, &eval)
        .to_table()
        .contains("Overlap"));
}

#[test]
fn nml_overlap_table() {
    let model = Model::builtin("nml-2023").unwrap();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    // The recompute does not change.
    assert_eq!((eval.total() * 10.0).round() / 10.0, 1633.3);
    assert_eq!((eval.share_of(4500.0) * 1000.0).round() / 10.0, 36.3);
    let o = model.overlap(&eval);
    let ids: Vec<&str> = o.bases.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "msz.ligdagen_65plus",
            "msz.ligdagen",
            "msz.dagopnames",
            "huisartsenzorg.consulten"
        ]
    );
    let near = |a: f64, b: f64, tol: f64| assert!((a - b).abs() < tol, "{a} vs {b}");

    let b = o.base("msz.ligdagen_65plus").unwrap();
    near(b.size, 20991.0 * 5.2, 1e-6);
    let cuts: Vec<(&str, f64)> = b
        .cuts
        .iter()
        .map(|c| (c.initiative.as_str(), c.share))
        .collect();
    let expected = [
        ("buikpijnteam", 0.0049),
        ("thuismonitoring-hartfalen", 0.0078),
        ("elv-vvt-samenwerking", 0.0092),
        ("fit-for-surgery", 0.0500),
        ("advance-care-planning", 0.0966),
        ("valpreventie", 0.0266),
    ];
    assert_eq!(cuts.len(), expected.len());
    for ((id, share), (want_id, want)) in cuts.iter().zip(expected) {
        assert_eq!(*id, want_id);
        near(*share, want, 5e-5);
    }
    near(b.cuts[3].share, 0.05, 1e-12); // fit-for-surgery: the whole base, 5% shorter
    near(b.additive, 0.1950, 5e-5);
    near(b.multiplicative, 0.1827, 5e-5);
    near(b.persons, 54.78, 5e-3);
    near(b.interaction, -3.46, 5e-3);

    let b = o.base("msz.ligdagen").unwrap();
    near(b.size, 200581.3, 0.05);
    near(b.additive, 0.1205, 5e-5);
    near(b.multiplicative, 0.1159, 5e-5);
    near(b.interaction, -2.36, 5e-3);
    let pairs: Vec<(&str, &str)> = b
        .identical
        .iter()
        .map(|p| (p.first.0.as_str(), p.second.0.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "versterken-relatie-ha-sociaal-domein",
                "integraal-ketenzorgportaal"
            ),
            ("optimalisatie-elv", "ziekenhuisverplaatste-zorg")
        ]
    );

    let b = o.base("msz.dagopnames").unwrap();
    near(b.size, 41671.3, 0.05);
    near(b.additive, 0.02, 1e-4);
    assert_eq!(b.identical.len(), 1);

    let b = o.base("huisartsenzorg.consulten").unwrap();
    near(b.size, 210041.7, 0.05);
    assert_eq!(b.cuts[0].initiative, "metggz_platform"); // a shared business case's component
    near(b.cuts[0].share, 0.3105, 5e-5);
    near(b.additive, 0.5859, 5e-5);
    near(b.multiplicative, 0.4871, 5e-5);
    near(b.interaction, -3.82, 5e-3);

    near(o.interaction(), -9.64, 5e-3);
    assert!(o.bases.iter().all(|b| !b.exceeds_threshold));

    // check: the three identical pairs, no threshold warning.
    let identical = model
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("identical cuts of base"))
        .count();
    assert_eq!(identical, 3);
    assert!(!model
        .warnings
        .iter()
        .any(|w| w.message.contains("above the threshold")));

    // Written back out and read again (TOML, and plain values as a builder gives them),
    // the bases and cuts are the same.
    let again = Model::from_toml_str(&model.to_toml(), "again.toml").unwrap();
    assert_eq!(
        again.overlap(&again.evaluate(&Overrides::default()).unwrap()),
        o
    );
    let value: toml::Value = toml::from_str(&model.to_toml()).unwrap();
    let built = Model::from_value(value, "<builder>").unwrap();
    assert_eq!(
        built.overlap(&built.evaluate(&Overrides::default()).unwrap()),
        o
    );
}
