//! Models from plain values (`Model::from_value`), as the Python builder makes them: checked
//! like a file, every error naming the initiative, component, parameter and field, no line.

use toml::{toml, Table, Value};
use workforce_impact::{Error, Errors, Model};

/// A small model whose one initiative `x` has the parameters `params` and one component.
fn model(params: Table, component: Table) -> Value {
    let mut v = toml! {
        [model]
        id = "mini"
        region = "r"
        target_year = 2032

        [[regions]]
        id = "r"
        population = 1000

        [shortage]
        projections = [{ year = 2032, persons = 100 }]

        [[themes]]
        id = "t"

        [parameters]
        annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
        part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info" }
    };
    let mut initiative = toml! {
        id = "x"
        theme = "t"
        reconstructed = true
    };
    initiative.insert("parameters".into(), Value::Table(params));
    initiative.insert(
        "components".into(),
        Value::Array(vec![Value::Table(component)]),
    );
    v.insert(
        "initiatives".into(),
        Value::Array(vec![Value::Table(initiative)]),
    );
    Value::Table(v)
}

fn params() -> Table {
    toml! {
        visits = { value = 1000, unit = "1/yr", source = "CBS" }
        minutes = { value = 60, unit = "min" }
    }
}

fn component(formula: &str) -> Table {
    let mut c = toml! {
        label = "bezoek"
        sector = "vvt"
    };
    c.insert("formula".into(), Value::String(formula.into()));
    c
}

const GOOD: &str = "visits * minutes / annual_hours / part_time_factor";

fn refused(value: Value) -> Errors {
    match Model::from_value(value, "<builder>") {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    }
}

fn only(errors: &Errors) -> &Error {
    assert_eq!(errors.0.len(), 1, "{errors}");
    &errors.0[0]
}

/// Every error of a model from values: no line, and nothing that reads like TOML text.
fn assert_no_line(e: &Error) {
    assert_eq!(e.location().line, None, "{e}");
    assert!(!e.to_string().contains("line"), "{e}");
}

#[test]
fn a_model_from_values_is_the_model_from_text() {
    let value = model(params(), component(GOOD));
    let from_value = Model::from_value(value.clone(), "<builder>").expect("loads");
    let text = toml::to_string(&value).expect("serializes");
    let from_text = Model::from_toml_str(&text, "mini.toml").expect("loads");
    let a = from_value.evaluate(&Default::default()).expect("evaluates");
    let b = from_text.evaluate(&Default::default()).expect("evaluates");
    assert_eq!(a.total(), b.total());
    assert!((a.total() - 1000.0 / 2000.0 / 0.68).abs() < 1e-12);
    // written back out, it is the same model file
    assert_eq!(from_value.to_toml(), from_text.to_toml());
}

#[test]
fn an_unknown_unit_names_the_parameter_and_field() {
    let mut p = params();
    p["visits"]["unit"] = Value::String("1/dya".into());
    let errors = refused(model(p, component(GOOD)));
    let e = only(&errors);
    assert!(matches!(e, Error::Syntax { .. }), "{e:?}");
    let loc = e.location();
    assert_eq!(loc.initiative.as_deref(), Some("x"));
    assert_eq!(loc.parameter.as_deref(), Some("x.visits"));
    assert_eq!(loc.field.as_deref(), Some("unit"));
    assert_eq!(
        e.to_string(),
        "<builder>: initiative 'x', parameter 'x.visits', field 'unit': syntax error: \
         unknown unit 'dya' (did you mean 'day'?); known units: min, h, day, week, month, \
         yr, FTE, person, EUR, %\n1 | 1/dya\n  |   ^",
        "{e}"
    );
    assert_eq!(loc.column, Some(3));
    assert_no_line(e);
}

#[test]
fn an_unknown_name_in_a_formula_points_into_the_formula() {
    let formula = "vists * minutes / annual_hours / part_time_factor";
    let errors = refused(model(params(), component(formula)));
    let e = only(&errors);
    let Error::UnknownParameter {
        name, suggestion, ..
    } = e
    else {
        panic!("{e:?}")
    };
    assert_eq!(name, "vists");
    assert_eq!(suggestion.as_deref(), Some("visits"));
    let loc = e.location();
    assert_eq!(loc.component.as_deref(), Some("#1 'bezoek'"));
    assert_eq!(loc.field.as_deref(), Some("formula"));
    assert_eq!(loc.column, Some(1));
    assert_eq!(
        e.to_string(),
        format!(
            "<builder>: initiative 'x', component #1 'bezoek', field 'formula': unknown \
             parameter 'vists' (did you mean 'visits'?)\n1 | {formula}\n  | ^^^^^"
        )
    );
    assert_no_line(e);
}

#[test]
fn a_unit_mismatch_names_the_formula() {
    let errors = refused(model(
        params(),
        component("visits * minutes / annual_hours"),
    ));
    let e = only(&errors);
    assert!(matches!(e, Error::Unit { .. }), "{e:?}");
    assert_eq!(e.location().field.as_deref(), Some("formula"));
    assert!(e.to_string().contains("formula gives FTE"), "{e}");
    assert_no_line(e);
}

#[test]
fn bad_values_name_the_value_field() {
    for (bad, what) in [
        (Value::Float(f64::NAN), "value is NaN"),
        (Value::Integer(-3), "value is negative (-3)"),
        (Value::String("ten".into()), "value \"ten\" is neither"),
    ] {
        let mut p = params();
        p["minutes"]["value"] = bad;
        let errors = refused(model(p, component(GOOD)));
        let e = only(&errors);
        assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
        assert_eq!(e.location().parameter.as_deref(), Some("x.minutes"));
        assert_eq!(e.location().field.as_deref(), Some("value"));
        assert!(e.to_string().contains(what), "{e}");
        assert_no_line(e);
    }
}

#[test]
fn an_unknown_field_is_named() {
    let mut p = params();
    p["visits"]
        .as_table_mut()
        .expect("a table")
        .insert("soruce".into(), Value::String("CBS".into()));
    let errors = refused(model(p, component(GOOD)));
    let e = only(&errors);
    assert!(matches!(e, Error::Toml { .. }), "{e:?}");
    assert_eq!(e.location().parameter.as_deref(), Some("x.visits"));
    assert_eq!(e.location().field.as_deref(), Some("soruce"));
    assert!(
        e.to_string().starts_with(
            "<builder>: initiative 'x', parameter 'x.visits', field 'soruce': malformed model \
             file: unknown field `soruce`, expected one of"
        ),
        "{e}"
    );
    assert_no_line(e);
}

#[test]
fn a_wrong_type_names_the_field() {
    let mut c = component(GOOD);
    c["sector"] = Value::Integer(3);
    let errors = refused(model(params(), c));
    let e = only(&errors);
    assert!(matches!(e, Error::Toml { .. }), "{e:?}");
    let loc = e.location();
    assert_eq!(loc.initiative.as_deref(), Some("x"));
    assert_eq!(loc.component.as_deref(), Some("#1 'bezoek'"));
    assert_eq!(loc.field.as_deref(), Some("sector"));
    assert!(
        e.to_string()
            .contains("invalid type: integer `3`, expected a string"),
        "{e}"
    );
    assert_no_line(e);

    // outside an initiative, the field is the whole path
    let mut v = model(params(), component(GOOD));
    v["shortage"]["projections"][0]["year"] = Value::String("2032".into());
    let errors = refused(v);
    let e = only(&errors);
    assert_eq!(
        e.location().field.as_deref(),
        Some("shortage.projections[0].year")
    );
}

#[test]
fn an_unknown_sector_names_the_component() {
    let mut c = component(GOOD);
    c["sector"] = Value::String("vtt".into());
    let errors = refused(model(params(), c));
    let e = only(&errors);
    assert!(matches!(e, Error::Model { .. }), "{e:?}");
    assert_eq!(e.location().field.as_deref(), Some("sector"));
    assert!(
        e.to_string().starts_with(
            "<builder>: initiative 'x', component #1 'bezoek', field 'sector': unknown sector 'vtt'"
        ),
        "{e}"
    );
    assert_no_line(e);
}

#[test]
fn a_duplicate_initiative_names_the_id() {
    let mut v = model(params(), component(GOOD));
    let list = v["initiatives"].as_array_mut().expect("an array");
    let mut twin = list[0].clone();
    twin["parameters"] = Value::Table(Table::new());
    twin["components"] = Value::Array(vec![Value::Table(component(
        "3 * annual_hours / annual_hours * part_time_factor / part_time_factor",
    ))]);
    list.push(twin);
    let errors = refused(v);
    let e = only(&errors);
    assert!(matches!(e, Error::Model { .. }), "{e:?}");
    assert_eq!(e.location().field.as_deref(), Some("id"));
    assert_eq!(
        e.to_string(),
        "<builder>: initiative 'x', field 'id': duplicate initiative id 'x'"
    );
}

#[test]
fn a_model_file_with_text_names_lines_not_fields() {
    // The same mistake in a TOML file keeps its file:line:column message, with no field.
    let mut p = params();
    p["visits"]["unit"] = Value::String("uur".into());
    let text = toml::to_string(&model(p, component(GOOD))).expect("serializes");
    let errors = match Model::from_toml_str(&text, "mini.toml") {
        Ok(_) => panic!("expected the model to be refused"),
        Err(e) => e,
    };
    let e = only(&errors);
    assert_eq!(e.location().field, None);
    assert!(e.location().line.is_some());
    assert!(e.to_string().starts_with("mini.toml:"), "{e}");
}
