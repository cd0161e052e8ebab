//! Every published figure the document gives: alternates per initiative, totals per version,
//! the claims with where the text makes them, and the errors of bad alternates.

use workforce_impact::{Error, Model, Overrides, RecomputeReport};

fn nml() -> Model {
    Model::builtin("nml-2023").expect("builtin loads")
}

#[test]
fn nml_publishes_two_versions_and_bijlage_b_is_bijlage_a_plus_the_encoded_differences() {
    let model = nml();
    let versions = model.published_versions();
    let places: Vec<&str> = versions.iter().map(|v| v.place.as_str()).collect();
    assert_eq!(places, ["bijlage A", "bijlage B"]);
    let (a, b) = (&versions[0], &versions[1]);
    assert!(a.primary && !b.primary);
    assert!(a.differences.is_empty());

    // Bijlage A: the sum of the primary figures, as the recompute report has always had it.
    let report = RecomputeReport::new(&model, &model.evaluate(&Overrides::default()).unwrap());
    assert!((a.total - 1673.8).abs() < 1e-9, "{}", a.total);
    assert_eq!(a.total, report.totals.published);
    assert!((a.share.unwrap() - 1673.8 / 4500.0).abs() < 1e-12);
    assert_eq!(format!("{:.1}%", a.share.unwrap() * 100.0), "37.2%");

    // Bijlage B: bijlage A plus the sum of the differences encoded in the file.
    let encoded: f64 = (model.initiatives.iter())
        .filter_map(|i| i.published.as_ref())
        .filter_map(|p| {
            p.alt
                .iter()
                .find(|x| x.place == "bijlage B")
                .map(|x| x.value - p.value)
        })
        .sum();
    assert!((b.total - (a.total + encoded)).abs() < 1e-9);
    let diffs: Vec<(&str, f64, f64)> = (b.differences.iter())
        .map(|d| (d.initiative.as_str(), d.primary, d.value))
        .collect();
    assert_eq!(
        diffs,
        [
            ("geriatrische-revalidatiezorg", 37.0, 36.0),
            ("academie-patient-mantelzorg", 28.0, 24.0),
            ("valpreventie", 59.0, 82.0),
        ]
    );
    assert!((b.total - 1691.8).abs() < 1e-9, "{}", b.total);
    assert_eq!(format!("{:.1}%", b.share.unwrap() * 100.0), "37.6%");
    assert_eq!(model.published_total("bijlage B"), Some(b.total));
    assert_eq!(model.published_total("bijlage Z"), None);

    // The recomputed figures do not move.
    assert!((report.totals.computed - 1633.3).abs() < 0.05);
    assert_eq!(
        format!("{:.1}%", report.share.unwrap().computed * 100.0),
        "36.3%"
    );
}

#[test]
fn every_nml_initiative_with_an_alternate_says_so_in_its_notes() {
    let model = nml();
    let with_alt: Vec<_> = (model.initiatives.iter())
        .filter(|i| i.published.as_ref().is_some_and(|p| !p.alt.is_empty()))
        .collect();
    assert_eq!(with_alt.len(), 3);
    for i in with_alt {
        let p = i.published.as_ref().unwrap();
        assert_eq!(p.place.as_deref(), Some("bijlage A"));
        let notes = i.notes.as_deref().unwrap_or("");
        assert!(notes.contains("Bijlage B gives"), "{}: {notes}", i.id);
    }
}

#[test]
fn the_report_shows_alternates_versions_and_every_claim_with_where() {
    let model = nml();
    let report = RecomputeReport::new(&model, &model.evaluate(&Overrides::default()).unwrap());
    let row = report
        .initiatives
        .iter()
        .find(|r| r.id == "valpreventie")
        .unwrap();
    assert_eq!(row.published, Some(59.0));
    assert_eq!(row.published_where.as_deref(), Some("bijlage A"));
    assert_eq!(row.published_alt.len(), 1);
    assert_eq!(
        (
            row.published_alt[0].value,
            row.published_alt[0].place.as_str()
        ),
        (82.0, "bijlage B")
    );
    let table = report.to_table();
    assert!(table.contains("bijlage B: 82"), "{table}");
    assert!(table.contains("Published total per version: bijlage A 1,673.8 persons, 37.2%; bijlage B 1,691.8 persons, 37.6%, 3 initiatives differ"), "{table}");
    let places: Vec<&str> = report
        .claims
        .iter()
        .filter_map(|c| c.place.as_deref())
        .collect();
    assert_eq!(places.len(), 3);
    assert!(places[0].contains("Samenvatting"));
    assert!(places[1].starts_with("hoofdstuk 4.1"));
    assert!(places[2].starts_with("hoofdstuk 4.2"));
    assert!(table.contains("Claimed in hoofdstuk 1 Samenvatting [2/3]: \"ongeveer een derde"));
    assert!(report.to_markdown().contains("| also published |"));
    let csv = report.to_csv();
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with(",published_where,published_alt"));
    assert!(csv.contains("\"bijlage A\",\"bijlage B: 82\""));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["published_versions"][1]["where"], "bijlage B");
    assert_eq!(json["claims"][0]["where"], "hoofdstuk 1 Samenvatting [2/3]");
}

const HEAD: &str = r#"[model]
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
staff = { value = 3, unit = "person" }
"#;

fn with_published(published: &str) -> String {
    format!("{HEAD}\n[[initiatives]]\nid = \"x\"\ntheme = \"t\"\nnotes = \"n\"\npublished = {published}\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"staff\"\n")
}

fn first_error(published: &str) -> Error {
    match Model::from_toml_str(&with_published(published), "mini.toml") {
        Ok(_) => panic!("expected {published} to be refused"),
        Err(e) => e.0.into_iter().next().expect("at least one error"),
    }
}

#[test]
fn every_existing_form_of_published_still_loads() {
    for (published, value) in [
        ("3", 3.0),
        ("{ value = 0.4, range = [0, 1], as_written = \"0 - 1\" }", 0.4),
        ("{ value = 3, alt = [ { value = 4, where = \"bijlage B\" } ] }", 3.0),
        ("{ value = 3, where = \"tabel 1\", alt = [ { value = 2, range = [1, 3], as_written = \"1 - 3\", where = \"p. 12\" } ] }", 3.0),
    ] {
        let model = Model::from_toml_str(&with_published(published), "mini.toml").unwrap();
        assert_eq!(model.initiatives[0].published.as_ref().unwrap().value, value);
    }
    // Without `published_in` the primary version is called "published".
    let model = Model::from_toml_str(
        &with_published("{ value = 3, alt = [ { value = 4, where = \"bijlage B\" } ] }"),
        "mini.toml",
    )
    .unwrap();
    let v = model.published_versions();
    assert_eq!((v[0].place.as_str(), v[0].total), ("published", 3.0));
    assert_eq!(
        (v[1].place.as_str(), v[1].total, v[1].share),
        ("bijlage B", 4.0, Some(0.04))
    );
    // A model's own `where` on the primary names that version.
    let model = Model::from_toml_str(
        &with_published(
            "{ value = 3, where = \"tabel 1\", alt = [ { value = 2, where = \"p. 12\" } ] }",
        ),
        "mini.toml",
    )
    .unwrap();
    let places: Vec<String> = model.published_places();
    assert_eq!(places, ["published", "tabel 1", "p. 12"]);
    // The file writes back out with its alternates.
    let again = Model::from_toml_str(&model.to_toml(), "again.toml").unwrap();
    assert_eq!(
        again.initiatives[0].published,
        model.initiatives[0].published
    );
}

#[test]
fn a_bad_alternate_value_is_an_invalid_value_with_position() {
    for bad in ["nan", "inf", "-5"] {
        let e = first_error(&format!(
            "{{ value = 3, alt = [ {{ value = {bad}, where = \"bijlage B\" }} ] }}"
        ));
        assert!(matches!(e, Error::InvalidValue { .. }), "{e}");
        assert!(
            e.message().starts_with("alternate published figure #1 is"),
            "{e}"
        );
        assert!(e.message().contains("finite number of persons >= 0"), "{e}");
        assert_eq!(e.location().initiative.as_deref(), Some("x"));
        assert_eq!(e.location().line, Some(23), "{e}");
        assert_eq!(e.location().column, Some(13), "{e}");
    }
    // A cost may have a negative alternate.
    let ok = with_published("{ value = -3, alt = [ { value = -4, where = \"bijlage B\" } ] }");
    Model::from_toml_str(&ok, "mini.toml").expect("a cost's alternate may be negative");
}

#[test]
fn an_empty_or_missing_where_is_a_model_error_with_position() {
    for alt in [
        "{ value = 4, where = \"\" }",
        "{ value = 4, where = \"  \" }",
        "{ value = 4 }",
    ] {
        let e = first_error(&format!("{{ value = 3, alt = [ {alt} ] }}"));
        assert!(matches!(e, Error::Model { .. }), "{e}");
        assert!(e.message().contains("needs a non-empty `where`"), "{e}");
        assert_eq!(
            (e.location().line, e.location().column),
            (Some(23), Some(13)),
            "{e}"
        );
    }
    let e = first_error("{ value = 3, where = \"\" }");
    assert!(e.message().contains("`where` is empty"), "{e}");
}

#[test]
fn a_duplicate_where_is_a_model_error_with_position() {
    let e = first_error("{ value = 3, alt = [ { value = 4, where = \"bijlage B\" }, { value = 5, where = \"bijlage B\" } ] }");
    assert!(matches!(e, Error::Model { .. }), "{e}");
    assert_eq!(e.message(), "alternate published figure #2: duplicate `where` \"bijlage B\"; each figure of an initiative names a different place");
    assert_eq!(e.location().line, Some(23));
    // The primary's place counts too.
    let e = first_error(
        "{ value = 3, where = \"bijlage A\", alt = [ { value = 4, where = \"bijlage A\" } ] }",
    );
    assert!(
        e.message().contains("duplicate `where` \"bijlage A\""),
        "{e}"
    );
    assert!(
        e.to_string()
            .starts_with("mini.toml:23:13: initiative 'x': "),
        "{e}"
    );
}

#[test]
fn a_builder_model_names_the_published_field() {
    let text = with_published("{ value = 3, alt = [ { value = 4, where = \"\" } ] }");
    let value: toml::Value = toml::from_str(&text).unwrap();
    let e = Model::from_value(value, "<builder>").unwrap_err();
    let e = &e.0[0];
    assert_eq!(e.location().field.as_deref(), Some("published"));
    assert_eq!(e.location().line, None);
}

#[test]
fn a_claim_in_the_list_needs_where() {
    let text = HEAD.replace(
        "projections = [{ year = 2032, persons = 100 }]",
        "projections = [{ year = 2032, persons = 100 }]\nclaims = [ { share = \"35%\", text = \"~35%\" } ]",
    ) + "\n[[initiatives]]\nid = \"x\"\ntheme = \"t\"\n[[initiatives.components]]\nsector = \"msz\"\nformula = \"staff\"\n";
    let e = Model::from_toml_str(&text, "mini.toml").unwrap_err();
    assert!(matches!(e.0[0], Error::Model { .. }));
    assert!(
        e.0[0]
            .message()
            .starts_with("shortage claim #1 needs a non-empty `where`"),
        "{}",
        e.0[0]
    );
}
