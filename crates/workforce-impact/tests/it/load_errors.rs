//! Load-time errors: each asserted by type and message, none of them a panic.

use workforce_impact::{Error, Errors, Model};

const HEAD: &str = r#"[model]
id = "mini"
title = "Mini"
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
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info" }
"#;

/// A model of HEAD plus one initiative with `formula` and parameters `params`.
fn with_initiative(params: &str, formula: &str) -> String {
    format!(
        "{HEAD}\n[[initiatives]]\nid = \"x\"\ntheme = \"t\"\n[initiatives.parameters]\n{params}\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"{formula}\"\n"
    )
}

const PARAMS: &str = r#"visits = { value = 1000, unit = "1/yr", source = "CBS" }
minutes = { value = 60, unit = "min" }
reduction = { value = "10%", source = "aanname", kind = "assumption" }"#;

fn load_err(text: &str) -> Errors {
    match Model::from_toml_str(text, "mini.toml") {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    }
}

fn only(errors: &Errors) -> &Error {
    assert_eq!(errors.0.len(), 1, "{errors}");
    &errors.0[0]
}

/// Line number (1-based) of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

#[test]
fn a_valid_model_loads() {
    let text = with_initiative(
        PARAMS,
        "visits * reduction * minutes / annual_hours / part_time_factor",
    );
    let m = Model::from_toml_str(&text, "mini.toml").expect("loads");
    let e = m.evaluate(&Default::default()).expect("evaluates");
    assert!((e.total() - 1000.0 * 0.1 * 1.0 / 2000.0 / 0.68).abs() < 1e-12);
}

#[test]
fn syntax_error_names_line_and_column() {
    let text = with_initiative(
        PARAMS,
        "visits * (reduction * minutes / annual_hours / part_time_factor",
    );
    let errors = load_err(&text);
    let Error::Syntax { loc, message } = only(&errors) else {
        panic!("{errors}")
    };
    assert_eq!(message, "unclosed '('");
    assert_eq!(loc.line, Some(line_of(&text, "formula =")));
    assert_eq!(loc.column, Some("formula = \"visits * ".len() + 1));
    assert_eq!(loc.initiative.as_deref(), Some("x"));
    assert_eq!(loc.component.as_deref(), Some("#1"));
    let shown = errors.to_string();
    assert!(
        shown.starts_with(&format!(
            "mini.toml:{}:21: initiative 'x', component #1: syntax error: unclosed '('",
            line_of(&text, "formula =")
        )),
        "{shown}"
    );
    assert!(
        shown.contains("\n   | ") && shown.contains('^'),
        "caret excerpt: {shown}"
    );
}

#[test]
fn unknown_parameter_suggests_the_closest_name() {
    let text = with_initiative(
        PARAMS,
        "visits * reduction * minutes / annual_hours / part_time_facter",
    );
    let errors = load_err(&text);
    let Error::UnknownParameter {
        loc,
        name,
        suggestion,
    } = only(&errors)
    else {
        panic!("{errors}")
    };
    assert_eq!(name, "part_time_facter");
    assert_eq!(suggestion.as_deref(), Some("part_time_factor"));
    assert_eq!(loc.line, Some(line_of(&text, "formula =")));
    assert!(errors
        .to_string()
        .contains("unknown parameter 'part_time_facter' (did you mean 'part_time_factor'?)"));
}

#[test]
fn a_formula_missing_the_part_time_factor_gives_fte() {
    let text = with_initiative(PARAMS, "visits * reduction * minutes / annual_hours");
    let errors = load_err(&text);
    let Error::Unit { loc, message } = only(&errors) else {
        panic!("{errors}")
    };
    assert_eq!(
        message,
        "formula gives FTE [FTE], but an initiative must come out in persons [person] (divide by a part-time factor in FTE/person)"
    );
    assert_eq!(loc.initiative.as_deref(), Some("x"));
}

#[test]
fn a_formula_missing_the_annual_hours_gives_an_effort_flow() {
    let text = with_initiative(PARAMS, "visits * reduction * minutes / part_time_factor");
    let errors = load_err(&text);
    let Error::Unit { message, .. } = only(&errors) else {
        panic!("{errors}")
    };
    assert_eq!(
        message,
        "formula gives staff effort × persons / calendar time × FTE [h*person/(FTE*yr)], but an initiative must come out in persons [person] (staff effort is left: divide by the annual hours in h/(FTE*yr))"
    );
}

#[test]
fn adding_a_fraction_to_a_time_flow_is_refused() {
    let text = with_initiative(
        PARAMS,
        "(visits * minutes + reduction) / annual_hours / part_time_factor",
    );
    let errors = load_err(&text);
    let Error::Unit { loc, message } = only(&errors) else {
        panic!("{errors}")
    };
    assert_eq!(
        message,
        "cannot add a plain number to staff effort / calendar time [h/yr]"
    );
    // the span of the parenthesised sum, from its '('
    assert_eq!(loc.column, Some("formula = \"".len() + 1));
}

#[test]
fn nan_infinite_and_negative_populations_are_refused() {
    for (value, what) in [("nan", "NaN"), ("inf", "infinite"), ("-5", "negative (-5)")] {
        let text = with_initiative(
            PARAMS,
            "visits * reduction * minutes / annual_hours / part_time_factor",
        )
        .replace("population = 1000", &format!("population = {value}"));
        let errors = load_err(&text);
        let Error::InvalidValue { loc, message } = &errors.0[0] else {
            panic!("{errors}")
        };
        assert_eq!(
            message,
            &format!(
                "population of region 'r' is {what}; a population must be a finite number >= 0"
            )
        );
        assert_eq!(loc.parameter.as_deref(), Some("r.population"));
        assert_eq!(loc.line, Some(line_of(&text, "population = ")));
    }
}

#[test]
fn duplicate_initiative_ids_are_refused() {
    let one = with_initiative(
        PARAMS,
        "visits * reduction * minutes / annual_hours / part_time_factor",
    );
    let dup = one.clone() + "\n[[initiatives]]\nid = \"x\"\ntheme = \"t\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"1[person]\"\n";
    let errors = load_err(&dup);
    let Error::Model { loc, message } = only(&errors) else {
        panic!("{errors}")
    };
    assert_eq!(message, "duplicate initiative id 'x'");
    assert_eq!(
        loc.line,
        Some(
            dup.lines()
                .collect::<Vec<_>>()
                .iter()
                .rposition(|l| *l == "id = \"x\"")
                .expect("line")
                + 1
        )
    );
}

#[test]
fn malformed_toml_is_a_toml_error_with_position() {
    let text = format!("{HEAD}\n[[initiatives]\nid = \"x\"\n");
    let errors = load_err(&text);
    let Error::Toml { loc, message } = only(&errors) else {
        panic!("{errors}")
    };
    assert!(
        message.contains("invalid table header") || message.contains("expected"),
        "{message}"
    );
    assert_eq!(loc.line, Some(line_of(&text, "[[initiatives]")));
}

#[test]
fn unknown_fields_and_sectors_are_named() {
    let text = with_initiative(
        PARAMS,
        "visits * reduction * minutes / annual_hours / part_time_factor",
    )
    .replace("sector = \"msz\"", "sector = \"mzs\"");
    let errors = load_err(&text);
    let Error::Model { message, .. } = only(&errors) else {
        panic!("{errors}")
    };
    assert!(
        message.starts_with("unknown sector 'mzs' (did you mean 'msz'?)"),
        "{message}"
    );

    let text = HEAD.replace("title = \"Mini\"", "titel = \"Mini\"");
    let errors = load_err(&text);
    let Error::Toml { message, .. } = only(&errors) else {
        panic!("{errors}")
    };
    assert!(message.starts_with("unknown field `titel`"), "{message}");
}

#[test]
fn every_error_in_a_file_is_reported_at_once() {
    let text = with_initiative(PARAMS, "visits * reduction * minutes / annual_hours")
        + "\n[[initiatives]]\nid = \"y\"\ntheme = \"tt\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"1[person] + nope\"\n";
    let errors = load_err(&text);
    assert_eq!(errors.0.len(), 3, "{errors}");
    assert!(matches!(errors.0[0], Error::Unit { .. }));
    assert!(matches!(errors.0[1], Error::Model { .. }), "unknown theme");
    assert!(matches!(errors.0[2], Error::UnknownParameter { .. }));
}

#[test]
fn bad_units_and_values_are_refused() {
    let text = with_initiative(
        &PARAMS.replace("unit = \"min\"", "unit = \"mni\""),
        "visits * minutes / annual_hours / part_time_factor",
    );
    let errors = load_err(&text);
    let Error::Syntax { message, loc } = only(&errors) else {
        panic!("{errors}")
    };
    assert!(
        message.starts_with("unknown unit 'mni' (did you mean 'min'?)"),
        "{message}"
    );
    assert_eq!(loc.parameter.as_deref(), Some("x.minutes"));

    let text = with_initiative(
        &PARAMS.replace("\"10%\"", "\"ten percent\""),
        "visits * minutes / annual_hours / part_time_factor",
    );
    let errors = load_err(&text);
    assert!(
        matches!(only(&errors), Error::InvalidValue { .. }),
        "{errors}"
    );
}

#[test]
fn division_by_zero_is_caught_at_load() {
    let text = with_initiative(
        &PARAMS.replace("value = 60", "value = 0"),
        "visits * 1[min] / (minutes / 1[min]) / annual_hours / part_time_factor",
    );
    let errors = load_err(&text);
    let Error::InvalidValue { loc, message } = only(&errors) else {
        panic!("{errors}")
    };
    assert_eq!(message, "evaluates to inf (a division by zero?)");
    assert_eq!(loc.initiative.as_deref(), Some("x"));
}

#[test]
fn shadowing_a_global_is_refused() {
    let text = with_initiative(
        &format!("{PARAMS}\npart_time_factor = {{ value = 0.5, unit = \"FTE/person\" }}"),
        "visits * reduction * minutes / annual_hours / part_time_factor",
    );
    let errors = load_err(&text);
    let Error::Model { message, .. } = only(&errors) else {
        panic!("{errors}")
    };
    assert!(
        message
            .starts_with("local parameter 'part_time_factor' has the name of a global parameter"),
        "{message}"
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "[model]",
        "\u{0}\u{1}",
        "[[initiatives]]\nformula = 3",
        "[model]\nid = 5",
        &"(".repeat(10_000),
    ] {
        let _ = Model::from_toml_str(text, "garbage.toml");
    }
    for formula in [
        "",
        "(",
        ")",
        "1 +",
        "* 2",
        "min(",
        "max()",
        "a[",
        "2%[min]",
        "1e999",
        "((((((((((1))))))))))",
    ] {
        let text = with_initiative(PARAMS, formula);
        assert!(
            Model::from_toml_str(&text, "mini.toml").is_err(),
            "{formula}"
        );
    }
}
