//! Provenance classes, what the total rests on, and uncertainty presets by class.

use workforce_impact::engine::{Distribution, McConfig, Shape, Spec};
use workforce_impact::model::Kind;
use workforce_impact::provenance::{default_fixed_inputs, kinds_for, presets_markdown};
use workforce_impact::{Error, Model, Overrides};

const HEAD: &str = r#"[model]
id = "mini"
region = "r"
target_year = 2032

[[regions]]
id = "r"
population = 1000
source = "CBS"

[shortage]
projections = [{ year = 2032, persons = 100 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info", kind = "sourced" }
"#;

/// HEAD plus one initiative `x` with `params` and one component `formula`.
fn mini(params: &str, formula: &str) -> String {
    format!(
        "{HEAD}\n[[initiatives]]\nid = \"x\"\ntheme = \"t\"\n[initiatives.parameters]\n{params}\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"{formula}\"\n"
    )
}

const FORMULA: &str = "visits * minutes * reduction / annual_hours / part_time_factor";

fn nml() -> Model {
    Model::builtin("nml-2023").expect("builtin")
}

fn nml_text() -> &'static str {
    workforce_impact::model::BUILTINS[0].1
}

#[test]
fn sourced_without_a_source_is_refused_with_its_position() {
    let text = mini(
        "visits = { value = 1000, unit = \"1/yr\", kind = \"sourced\" }\nminutes = { value = 60, unit = \"min\", source = \"CBS\" }\nreduction = { value = \"10%\", source = \"aanname\", kind = \"assumption\" }",
        FORMULA,
    );
    let errors = Model::from_toml_str(&text, "mini.toml").unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors}");
    let e = &errors.0[0];
    assert!(matches!(e, Error::Model { .. }), "{e:?}");
    assert_eq!(
        e.message(),
        "parameter 'x.visits' has kind = \"sourced\" but no source; name the source (source = \
         \"CBS\", ...), or write kind = \"unsourced\" for a number the document states without one"
    );
    let loc = e.location();
    let line = text.lines().position(|l| l.starts_with("visits")).unwrap() + 1;
    assert_eq!((loc.line, loc.column), (Some(line), Some(20)));
    assert!(
        e.to_string().starts_with(&format!("mini.toml:{line}:20")),
        "{e}"
    );
    // an empty (blank) source is no source either
    let blank = text.replace(
        "kind = \"sourced\" }",
        "source = \"  \", kind = \"sourced\" }",
    );
    assert!(Model::from_toml_str(&blank, "mini.toml").is_err());
}

#[test]
fn sourced_whose_source_says_none_loads_with_a_warning() {
    let text = mini(
        "visits = { value = 1000, unit = \"1/yr\", source = \"regioplan (Geen Bron)\", kind = \"sourced\" }\nminutes = { value = 60, unit = \"min\", source = \"no source given\", kind = \"sourced\" }\nreduction = { value = \"10%\", source = \"aanname\", kind = \"assumption\" }",
        FORMULA,
    );
    let model = Model::from_toml_str(&text, "mini.toml").unwrap();
    assert_eq!(model.warnings.len(), 2);
    let w = &model.warnings[0];
    assert_eq!(
        w.message,
        "parameter 'x.visits' has kind = \"sourced\" but its source \"regioplan (Geen Bron)\" says \
         there is none; write kind = \"unsourced\" (or name the source)"
    );
    let line = text.lines().position(|l| l.starts_with("visits")).unwrap() + 1;
    assert_eq!(w.loc.line, Some(line));
    assert!(
        w.to_string().starts_with(&format!("mini.toml:{line}:20")),
        "{w}"
    );
    assert!(w.to_string().contains("warning: parameter 'x.visits'"));
    assert_eq!(
        model.warnings[1].loc.parameter.as_deref(),
        Some("x.minutes")
    );
    // the same text with kind unsourced: no warning
    let fixed = text.replace("kind = \"sourced\"", "kind = \"unsourced\"");
    assert!(Model::from_toml_str(&fixed, "mini.toml")
        .unwrap()
        .warnings
        .is_empty());
}

#[test]
fn default_kind_depends_on_the_source() {
    let text = mini(
        "visits = { value = 1000, unit = \"1/yr\", source = \"CBS\" }\nminutes = { value = 60, unit = \"min\" }\nreduction = { formula = \"10%\" }",
        FORMULA,
    );
    let model = Model::from_toml_str(&text, "mini.toml").unwrap();
    let kind = |n: &str| model.param(n).unwrap().kind;
    assert_eq!(kind("x.visits"), Kind::Sourced);
    assert_eq!(kind("x.minutes"), Kind::Unsourced);
    assert_eq!(kind("x.reduction"), Kind::Derived);
    assert!(model.warnings.is_empty());
}

#[test]
fn unknown_kind_is_a_typed_error() {
    let text = mini(
        "visits = { value = 1000, unit = \"1/yr\", source = \"CBS\", kind = \"guessed\" }\nminutes = { value = 60, unit = \"min\" }\nreduction = { value = \"10%\" }",
        FORMULA,
    );
    let errors = Model::from_toml_str(&text, "mini.toml").unwrap_err();
    let e = errors.first().unwrap();
    assert!(matches!(e, Error::Toml { .. }), "{e:?}");
    assert!(e.message().contains("unknown variant `guessed`"), "{e}");
    assert!(e.message().contains("`unsourced`"), "{e}");
    assert!(e.location().line.is_some());
}

#[test]
fn nml_has_no_sourced_number_without_a_named_source() {
    let model = nml();
    assert!(
        !model
            .warnings
            .iter()
            .any(|w| w.message.contains("kind = \"sourced\"")),
        "{:?}",
        model.warnings
    );
    let in_file = nml_text().matches("kind = \"unsourced\"").count();
    let unsourced = model
        .params
        .iter()
        .filter(|p| p.kind == Kind::Unsourced)
        .count();
    assert_eq!((in_file, unsourced), (40, 40));
    for p in &model.params {
        let src = p.source.as_deref().unwrap_or("");
        if src.contains("geen bron") || src.contains("bron niet ingevuld") {
            assert_ne!(p.kind, Kind::Sourced, "{}", p.qualified);
        }
        if p.kind == Kind::Sourced {
            assert!(!src.trim().is_empty(), "{}", p.qualified);
        }
    }
    assert_eq!(
        model
            .param("sociale-benadering-dementie.staff_freed_nl")
            .unwrap()
            .kind,
        Kind::Unsourced
    );
    assert_eq!(
        model
            .param("sociale-benadering-dementie.nml_share_65plus")
            .unwrap()
            .source
            .as_deref(),
        Some("regioplan (geen bron)")
    );
    // kinds enter no formula: the recompute is unchanged
    let eval = model.evaluate(&Overrides::default()).unwrap();
    assert_eq!((eval.total() * 10.0).round() / 10.0, 1633.3);
    assert_eq!((eval.share_of(4500.0) * 1000.0).round() / 10.0, 36.3);
    // the assumption preset is still the 57 "aanname" numbers
    assert_eq!(model.assumptions(0.5, Shape::Triangular).len(), 57);
}

#[test]
fn what_the_nml_total_rests_on() {
    let model = nml();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    let p = model.provenance(&eval);
    assert_eq!(p.initiatives.len(), 42);
    let dementie = p
        .initiatives
        .iter()
        .find(|i| i.id == "sociale-benadering-dementie")
        .unwrap();
    // 25,500 staff freed in NL (no source) × 3.4% NML share (no source)
    assert!(
        (dementie.persons - 25_500.0 * 0.034).abs() < 1e-9,
        "{}",
        dementie.persons
    );
    assert_eq!(dementie.kinds, [(Kind::Unsourced, 2)]);
    assert!(dementie.rests_on(Kind::Unsourced) && !dementie.rests_on(Kind::Assumption));
    // fit-for-surgery reads only named sources, assumptions and expert numbers
    let ffs = p
        .initiatives
        .iter()
        .find(|i| i.id == "fit-for-surgery")
        .unwrap();
    assert!(!ffs.rests_on(Kind::Unsourced));
    assert!(ffs.inputs.contains(&"part_time_factor".to_string()));
    let unsourced = p.class("unsourced").unwrap();
    let by_hand: f64 = p
        .initiatives
        .iter()
        .filter(|i| {
            i.inputs
                .iter()
                .any(|n| model.param(n).unwrap().kind == Kind::Unsourced)
        })
        .map(|i| i.persons)
        .sum();
    assert_eq!(unsourced.persons, by_hand);
    assert!(unsourced.persons >= dementie.persons);
    assert!((unsourced.share_of_shortage - unsourced.persons / 4500.0).abs() < 1e-12);
    assert!((unsourced.share_of_total - unsourced.persons / eval.total()).abs() < 1e-12);
    let any = p.class("any uncertain class").unwrap();
    let only = p.class("sourced only").unwrap();
    assert!((any.persons + only.persons - eval.total()).abs() < 1e-9);
    assert_eq!(any.initiatives + only.initiatives, 42);
    for c in ["unsourced", "assumption", "expert", "other-region"] {
        assert!(p.class(c).unwrap().persons <= any.persons + 1e-9, "{c}");
    }
    let md = p.to_markdown();
    assert!(
        md.contains("| sociale-benadering-dementie | 867 | unsourced 2 |"),
        "{md}"
    );
}

#[test]
fn shared_members_inherit_their_case_and_derived_parameters_are_followed() {
    let model = nml();
    let eval = model.evaluate(&Overrides::default()).unwrap();
    let p = model.provenance(&eval);
    let members: Vec<_> = p
        .initiatives
        .iter()
        .filter(|i| {
            [
                "mentale-gezondheidsnetwerken",
                "marktplaatsoplossing",
                "community-oplossing",
            ]
            .contains(&i.id.as_str())
        })
        .collect();
    assert_eq!(members.len(), 3);
    assert!(!members[0].inputs.is_empty());
    assert!(members
        .iter()
        .all(|m| m.inputs == members[0].inputs && m.kinds == members[0].kinds));
    // no derived parameter among the inputs: they are followed to what they read
    for i in &p.initiatives {
        for n in &i.inputs {
            assert_ne!(
                model.param(n).unwrap().kind,
                Kind::Derived,
                "{} reads {n}",
                i.id
            );
        }
    }
}

#[test]
fn declaration_order_does_not_matter() {
    let a = mini(
        "visits = { value = 1000, unit = \"1/yr\", source = \"CBS\" }\nminutes = { formula = \"travel + care\" }\ntravel = { value = 20, unit = \"min\", source = \"o.b.v. gesprekken\", kind = \"expert\" }\ncare = { value = 40, unit = \"min\" }\nreduction = { value = \"10%\", source = \"aanname\", kind = \"assumption\" }",
        FORMULA,
    );
    let b = mini(
        "reduction = { value = \"10%\", source = \"aanname\", kind = \"assumption\" }\ncare = { value = 40, unit = \"min\" }\ntravel = { value = 20, unit = \"min\", source = \"o.b.v. gesprekken\", kind = \"expert\" }\nminutes = { formula = \"travel + care\" }\nvisits = { value = 1000, unit = \"1/yr\", source = \"CBS\" }",
        FORMULA,
    );
    let summary = |t: &str| {
        let m = Model::from_toml_str(t, "mini.toml").unwrap();
        let e = m.evaluate(&Overrides::default()).unwrap();
        let p = m.provenance(&e);
        let mut inputs = p.initiatives[0].inputs.clone();
        inputs.sort();
        (inputs, p.initiatives[0].kinds.clone(), p.classes)
    };
    let (inputs, kinds, classes) = summary(&a);
    assert_eq!(
        inputs,
        [
            "annual_hours",
            "part_time_factor",
            "x.care",
            "x.reduction",
            "x.travel",
            "x.visits"
        ]
    );
    assert_eq!(
        kinds,
        [
            (Kind::Sourced, 2),
            (Kind::Unsourced, 1),
            (Kind::Assumption, 2),
            (Kind::Expert, 1)
        ]
    );
    assert_eq!(summary(&b), (inputs, kinds, classes));
}

#[test]
fn vary_by_kind_selects_classes_and_keeps_fractions_in_range() {
    let model = nml();
    let a = model
        .vary_by_kind(0.5, Shape::Triangular, &[Kind::Assumption])
        .unwrap();
    assert_eq!(a, model.assumptions(0.5, Shape::Triangular));
    let uncertain = model
        .vary_preset(0.5, Shape::Triangular, &["uncertain"])
        .unwrap();
    let count = |ks: &[Kind]| {
        model
            .params
            .iter()
            .filter(|p| ks.contains(&p.kind) && p.derived.is_none() && p.value != 0.0)
            .filter(|p| !p.qualified.starts_with("nml.") && !p.qualified.starts_with("nl."))
            .count()
    };
    assert_eq!(
        uncertain.len(),
        count(&[
            Kind::Assumption,
            Kind::Expert,
            Kind::Unsourced,
            Kind::OtherRegion
        ])
    );
    let all = model.vary_preset(0.5, Shape::Uniform, &["all"]).unwrap();
    assert_eq!(all.len(), count(&workforce_impact::provenance::ALL_STATED));
    assert!(all
        .iter()
        .all(|i| !i.name.starts_with("nml.") && !i.name.starts_with("nl.")));
    // every distribution fits its parameter: the run prepares
    for shape in [
        Shape::Uniform,
        Shape::Triangular,
        Shape::Pert,
        Shape::Normal,
    ] {
        let inputs = model.vary_preset(0.9, shape, &["all"]).unwrap();
        model.resolve_inputs(&inputs).unwrap();
    }
    // a fraction near 1 is clipped to [0, 1]
    let text = mini(
        "visits = { value = 1000, unit = \"1/yr\", source = \"CBS\" }\nminutes = { value = 60, unit = \"min\", source = \"CBS\" }\nreduction = { value = \"95%\", kind = \"unsourced\" }\nzero = { value = 0, kind = \"unsourced\" }",
        "visits * minutes * reduction / annual_hours / part_time_factor + zero * 1[person]",
    );
    let m = Model::from_toml_str(&text, "mini.toml").unwrap();
    let v = m
        .vary_by_kind(0.5, Shape::Triangular, &[Kind::Unsourced])
        .unwrap();
    assert_eq!(v.len(), 1, "a value of 0 is skipped");
    assert_eq!(
        v[0].spec,
        Spec::Absolute(Distribution::Triangular {
            lo: 0.475,
            mode: 0.95,
            hi: 1.0
        })
    );
}

#[test]
fn bad_selections_are_typed_errors_naming_them() {
    let model = nml();
    let e = model
        .vary_preset(0.5, Shape::Triangular, &["assumption", "guess"])
        .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }));
    assert!(
        e.message()
            .starts_with("unknown provenance class or preset 'guess'"),
        "{e}"
    );
    let e = model.vary_preset(0.5, Shape::Triangular, &[]).unwrap_err();
    assert_eq!(
        e.message(),
        "empty preset: name at least one provenance class or preset to vary"
    );
    let e = model.vary_by_kind(0.5, Shape::Triangular, &[]).unwrap_err();
    assert!(e.message().starts_with("empty preset"));
    let e = model
        .vary_by_kind(-0.5, Shape::Triangular, &[Kind::Assumption])
        .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }) && e.message().contains("relative width -0.5"));
    let e = model
        .vary_preset(0.5, Shape::Triangular, &["derived"])
        .unwrap_err();
    assert!(e.message().starts_with("class 'derived' cannot vary"));
    // a class the model has none of
    let text = mini(
        "visits = { value = 1000, unit = \"1/yr\", source = \"CBS\" }\nminutes = { value = 60, unit = \"min\", source = \"CBS\" }\nreduction = { value = \"10%\", source = \"CBS\" }",
        FORMULA,
    );
    let m = Model::from_toml_str(&text, "mini.toml").unwrap();
    let e = m
        .vary_by_kind(0.5, Shape::Triangular, &[Kind::OtherRegion])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "mini.toml: invalid value: nothing to vary: the model has no stated non-zero parameter of class other-region"
    );
    let e = model
        .uncertainty_presets(
            &["uncertain", "nope"],
            0.5,
            Shape::Triangular,
            &[],
            McConfig::new(1024, 1),
            0.35,
        )
        .unwrap_err();
    assert!(
        e.message()
            .starts_with("preset 'nope': unknown provenance class or preset 'nope'"),
        "{e}"
    );
    assert!(kinds_for(&["all", "sourced"]).is_ok());
}

#[test]
fn presets_table_widens_with_what_varies() {
    let model = nml();
    let fixed = default_fixed_inputs(&model);
    assert_eq!(fixed.len(), 2);
    let rows = model
        .uncertainty_presets(
            &["assumption", "uncertain", "all"],
            0.5,
            Shape::Triangular,
            &fixed,
            McConfig::new(20_000, 2023),
            0.35,
        )
        .unwrap();
    assert_eq!(rows.len(), 3);
    // annual_hours is an assumption and a fixed input: counted once
    assert_eq!(rows[0].inputs, 57 + 1);
    assert!(rows[0].inputs < rows[1].inputs && rows[1].inputs < rows[2].inputs);
    let width = |r: &workforce_impact::provenance::PresetRow| r.p95 - r.p5;
    assert!(width(&rows[0]) < width(&rows[1]) && width(&rows[1]) < width(&rows[2]));
    assert!(rows[0].prob > rows[1].prob, "{rows:?}");
    for r in &rows {
        assert!(r.p5 < r.p50 && r.p50 < r.p95 && (0.0..=1.0).contains(&r.prob));
    }
    // the same seed gives the same table
    let again = model
        .uncertainty_presets(
            &["assumption"],
            0.5,
            Shape::Triangular,
            &fixed,
            McConfig::new(20_000, 2023),
            0.35,
        )
        .unwrap();
    assert_eq!(again[0], rows[0]);
    let md = presets_markdown(&rows, &["part_time_factor".into(), "annual_hours".into()]);
    assert!(md.starts_with(
        "| what varies | inputs | share p5 / p50 / p95 | P(share ≥ 35%) |\n|---|---|---|---|\n"
    ));
    assert!(md.contains("| uncertain: unsourced, assumption, expert, other-region (+ part_time_factor, annual_hours) |"), "{md}");
    assert_eq!(md.lines().count(), 5);
}

#[test]
fn sobol_groups_by_kind() {
    let model = nml();
    let mut inputs = model
        .vary_preset(0.5, Shape::Triangular, &["uncertain"])
        .unwrap();
    inputs.extend(
        default_fixed_inputs(&model)
            .into_iter()
            .filter(|f| !inputs.iter().any(|i| i.name == f.name))
            .collect::<Vec<_>>(),
    );
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let groups = model.kind_groups(&names);
    let ids: Vec<&str> = groups.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sourced",
            "unsourced",
            "assumption",
            "expert",
            "other-region"
        ]
    );
    assert_eq!(groups[0].1, ["part_time_factor"]);
    assert_eq!(groups.iter().map(|g| g.1.len()).sum::<usize>(), names.len());
    let rows = model.sobol(&inputs, 512, 7, 20, Some(&groups)).unwrap();
    assert_eq!(rows.len(), 5);
    let st = |g: &str| rows.iter().find(|r| r.name == g).unwrap().st;
    // the unsourced numbers behind sociale-benadering-dementie dominate the spread
    assert!(st("unsourced") > st("assumption"), "{rows:?}");
}
