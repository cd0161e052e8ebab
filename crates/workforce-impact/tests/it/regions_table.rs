//! Region tables: the CSV format, every bad input with its exact error and CSV line, nesting,
//! the national split over a complete table, and the scaling fields of a model file. Every
//! region here is synthetic test data.

use workforce_impact::regions::RegionTable;
use workforce_impact::{Error, Model, Overrides};

const SYNTHLAND: &str = include_str!("../data/regions-synthland.csv");
const HEADER: &str = "id,name,population,population_65plus,source,parent,complete\n";

fn errors(csv: &str) -> Vec<Error> {
    RegionTable::from_csv_str(csv, "synthetic.csv")
        .expect_err("refused")
        .0
}

fn one(csv: &str) -> String {
    let e = errors(csv);
    assert_eq!(e.len(), 1, "{e:#?}");
    e[0].to_string()
}

#[test]
fn the_csv_reads_bases_nesting_and_provenance() {
    let t = RegionTable::from_csv_str(SYNTHLAND, "synthland.csv").expect("loads");
    assert_eq!(
        t.ids(),
        ["synthland", "noord", "midden", "zuid", "zuid_a", "zuid_b"]
    );
    let z = t.get("zuid").expect("zuid");
    assert_eq!(
        (z.base("population"), z.base("population_65plus")),
        (Some(333334.0), Some(50000.0))
    );
    assert_eq!(
        (z.parent.as_deref(), z.complete, z.year),
        (Some("synthland"), true, Some(2030))
    );
    assert_eq!(z.loc.line, Some(5));
    assert_eq!(t.children("zuid").len(), 2);
    // written out and read back: the same table
    let again = RegionTable::from_csv_str(&t.to_csv(), "synthland.csv").expect("loads");
    assert_eq!(
        again.rows.iter().map(|r| &r.bases).collect::<Vec<_>>(),
        t.rows.iter().map(|r| &r.bases).collect::<Vec<_>>()
    );
    // a further base column
    let csv = "id,name,population,arthrosis_patients\na,A,100,7\n";
    let t = RegionTable::from_csv_str(csv, "x.csv").expect("loads");
    assert_eq!(
        t.get("a").and_then(|r| r.base("arthrosis_patients")),
        Some(7.0)
    );
}

#[test]
fn a_national_figure_split_by_re_derived_shares_adds_back_and_rounded_shares_do_not() {
    let t = RegionTable::from_csv_str(SYNTHLAND, "synthland.csv").expect("loads");
    let national = 25500.0;
    for base in ["population", "population_65plus"] {
        let parts = t.split(national, "synthland", base).expect("splits");
        assert_eq!(parts.len(), 3);
        let sum: f64 = parts.iter().map(|p| p.1).sum();
        // relative 1e-12: floating point, not exact by construction
        assert!((sum - national).abs() <= 1e-12 * national, "{base}: {sum}");
    }
    // the stated-share reading: each share rounded to a whole percent, as the regioplan's 3%
    let rounded: f64 = (t.children("synthland").iter())
        .map(|c| national * ((c.base("population").unwrap_or(0.0) / 1e6 * 100.0).round() / 100.0))
        .sum();
    // 33% + 33% + 33% = 99%: 255 persons of the national figure are lost
    assert_eq!(rounded, 3.0 * 25500.0 * 0.33);
    assert!((national - rounded - 255.0).abs() < 1e-9);
    // a nested complete region splits too
    let parts = t
        .split(1000.0, "zuid", "population_65plus")
        .expect("splits");
    assert_eq!(
        parts,
        [
            ("zuid_a".to_string(), 1000.0 * (30000.0 / 50000.0)),
            ("zuid_b".to_string(), 1000.0 * (20000.0 / 50000.0))
        ]
    );
}

#[test]
fn missing_column_and_bad_numbers_name_the_line_and_column() {
    assert_eq!(
        one("id,name,population_65plus\na,A,5\n"),
        "synthetic.csv:1: missing column 'population'; the header has id, name, population_65plus (a region table needs id, name, population)"
    );
    let e = errors(&format!("{HEADER}a,A,12x,5,,,\n"));
    assert!(matches!(e[0], Error::InvalidValue { .. }));
    assert_eq!(
        e[0].to_string(),
        "synthetic.csv:2:3: parameter 'a.population': invalid value: population of region 'a' is '12x', not a number (write plain digits: 504908, not 504.908)"
    );
    assert_eq!(
        one(&format!("{HEADER}a,A,100,5,,,\nb,B,-3,1,,,\n")),
        "synthetic.csv:3:3: parameter 'b.population': invalid value: population of region 'b' is negative (-3); a base must be a finite number >= 0"
    );
    assert_eq!(
        one(&format!("{HEADER}a,A,NaN,5,,,\n")),
        "synthetic.csv:2:3: parameter 'a.population': invalid value: population of region 'a' is NaN; a base must be a finite number >= 0"
    );
    assert_eq!(
        one(&format!("{HEADER}a,A,,5,,,\n")),
        "synthetic.csv:2:3: parameter 'a.population': invalid value: the population is empty; every region needs one"
    );
    assert_eq!(
        one(&format!("{HEADER}a,A,100,120,,,\n")),
        "synthetic.csv:2:4: parameter 'a.population_65plus': invalid value: the 65+ population (120) exceeds the population (100)"
    );
    assert_eq!(
        one(&format!("{HEADER}a,A,100,5,,,maybe\n")),
        "synthetic.csv:2:7: invalid value: complete 'maybe' of region 'a' is not true or false (or empty)"
    );
    assert!(one(&format!("{HEADER}a,A,100,5\n"))
        .starts_with("synthetic.csv:2: cannot read the CSV row: "));
}

#[test]
fn duplicate_ids_and_nesting_errors_name_the_csv_line() {
    assert_eq!(
        one(&format!(
            "{HEADER}a,A,100,5,,,\nb,B,50,5,,,\na,A2,10,1,,,\n"
        )),
        "synthetic.csv:4:1: duplicate region id 'a' (first on line 2)"
    );
    assert_eq!(
        one(&format!("{HEADER}land,L,100,10,,,\nb,B,50,5,,lnad,\n")),
        "synthetic.csv:3:6: region 'b' names unknown parent 'lnad' (did you mean 'land'?)"
    );
    assert_eq!(
        one(&format!("{HEADER}land,L,100,10,,,\nb,B,50,11,,land,\n")),
        "synthetic.csv:3:4: parameter 'b.population_65plus': invalid value: region 'b' has population_65plus 11, more than its parent 'land' (10)"
    );
    assert_eq!(
        one(&format!("{HEADER}land,L,100,10,,,true\nb,B,50,5,,land,\nc,C,40,5,,land,\n")),
        "synthetic.csv:2:3: parameter 'land.population': invalid value: region 'land' is marked complete, but its population 100 is not the sum of its 2 children (90): off by 10"
    );
    assert_eq!(
        one(&format!(
            "{HEADER}a,A,100,10,,c,\nb,B,100,10,,a,\nc,C,100,10,,b,\n"
        )),
        "synthetic.csv:2:6: region 'a' is its own ancestor: a -> c -> b -> a"
    );
    assert_eq!(
        one(&format!("{HEADER}land,L,100,10,,,true\n")),
        "synthetic.csv:2: region 'land' is marked complete but no region names it as parent"
    );
}

const MINI: &str = r#"
[model]
id = "mini"
region = "own"

[[regions]]
id = "own"
name = "Own (synthetic)"
population = 1000
population_65plus = 200
bases = { population_75plus = 80 }
parent = "land"

[[regions]]
id = "land"
population = 10000
population_65plus = 2000
bases = { population_75plus = 700 }

[[themes]]
id = "t"

[parameters]
visits = { value = 50, unit = "1/yr", scales_with = "population_65plus", kind = "assumption", source = "aanname" }
minutes = { value = 60, unit = "min", kind = "assumption", source = "aanname" }
hours = { value = 1000, unit = "h/(person*yr)", kind = "assumption", source = "aanname" }

[[initiatives]]
id = "a"
theme = "t"
[[initiatives.components]]
sector = "vvt"
formula = "visits * minutes / hours"

[[initiatives]]
id = "b"
theme = "t"
[[initiatives.components]]
sector = "vvt"
formula = "region.population_75plus / land.population_75plus * 1[person]"
"#;

#[test]
fn scales_with_multiplies_by_the_base_ratio_and_records_it() {
    let m = Model::from_toml_str(MINI, "mini.toml").expect("loads");
    let csv = "id,name,population,population_65plus,population_75plus\nland,Land (synthetic),10000,2000,700\nother,Other (synthetic),2000,246.8,90\n";
    let t = RegionTable::from_csv_str(csv, "synthetic.csv").expect("loads");
    let s = m.scale_to("other", &t, None).expect("scales");
    // 50 visits x 246.8 / 200 = 61.7 visits a year
    let f = 246.8 / 200.0;
    assert_eq!(s.param("visits").expect("p").value, 50.0 * f);
    assert_eq!(
        s.param("visits").expect("p").note.as_deref(),
        Some("scaled from own by population_65plus: × 1.234")
    );
    let e = s.evaluate(&Overrides::default()).expect("evaluates");
    // 61.7/yr x 1 h / 1000 h/(person yr); 90 / 700 persons
    assert!((e.initiative_totals[0] - 0.0617).abs() < 1e-15);
    assert_eq!(e.initiative_totals[1], 90.0 / 700.0 * 1.0);
    // the own model reads its further base as region.population_75plus
    let own = m.evaluate(&Overrides::default()).expect("evaluates");
    assert_eq!(own.initiative_totals[1], 80.0 / 700.0);
}

#[test]
fn a_region_missing_a_base_a_parameter_scales_with_is_an_error_naming_all_three() {
    let m = Model::from_toml_str(
        &MINI.replace(
            "scales_with = \"population_65plus\"",
            "scales_with = \"population_75plus\"",
        ),
        "mini.toml",
    )
    .expect("loads");
    let csv = "id,name,population,population_65plus\nland,Land,10000,2000\nother,Other,2000,246\n";
    let t = RegionTable::from_csv_str(csv, "synthetic.csv").expect("loads");
    let err = m.scale_to("other", &t, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "synthetic.csv:3: parameter 'other.population_75plus': region 'other' has no base 'population_75plus', which parameter 'visits' scales with"
    );
}

#[test]
fn bad_scaling_fields_in_a_model_file_are_refused_at_their_line() {
    let first = |text: &str| {
        Model::from_toml_str(text, "mini.toml")
            .expect_err("refused")
            .0[0]
            .to_string()
    };
    assert_eq!(
        first(&MINI.replace("scales_with = \"population_65plus\"", "scales_with = \"population_56plus\"")),
        "mini.toml:24:53: parameter 'visits': scales_with 'population_56plus' is not a base of region 'own' (did you mean 'population_65plus'?); it has population, population_65plus, population_75plus\n24 | visits = { value = 50, unit = \"1/yr\", scales_with = \"population_56plus\", kind = \"assumption\", source = \"aanname\" }\n   |                                                     ^^^^^^^^^^^^^^^^^^^"
    );
    assert!(first(&MINI.replace("population_75plus = 80", "population_75plus = 800"))
        .starts_with("mini.toml:11:31: parameter 'own.population_75plus': invalid value: region 'own' has population_75plus 800, more than its parent 'land' (700)"));
    assert!(
        first(&MINI.replace("parent = \"land\"", "parent = \"lands\"")).starts_with(
            "mini.toml:12:10: region 'own' names unknown parent 'lands' (did you mean 'land'?)"
        )
    );
    assert!(first(&MINI.replace("id = \"land\"\n", "id = \"land\"\ncomplete = true\n"))
        .starts_with("mini.toml:17:14: parameter 'land.population': invalid value: region 'land' is marked complete, but its population 10000 is not the sum of its 1 children (1000): off by 9000"));
    assert!(first(&MINI.replace("kind = \"assumption\", source = \"aanname\" }\nminutes", "from_base = 0, kind = \"assumption\", source = \"aanname\" }\nminutes"))
        .starts_with("mini.toml:24:86: parameter 'visits': invalid value: from_base is 0; the source region's base must be a finite number > 0"));
    assert!(first(&MINI.replace("bases = { population_75plus = 80 }", "bases = { population_75plus = -1 }"))
        .contains("parameter 'own.population_75plus': invalid value: population_75plus of region 'own' is negative (-1); a base must be a finite number >= 0"));
}

#[test]
fn a_file_that_cannot_be_read_is_an_error_naming_it() {
    let err = RegionTable::from_csv_path("no/such/regions.csv").expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("no/such/regions.csv: cannot read region table: "),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("wi-regions-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("latin1.csv");
    std::fs::write(&path, b"id,name,population\na,M\xfcnster,100\n").expect("write");
    let err = RegionTable::from_csv_path(&path).expect_err("refused");
    assert!(
        err.to_string().ends_with(
            "cannot read region table: it is not UTF-8 text (invalid byte at offset 22)"
        ),
        "{err}"
    );
    assert_eq!(
        one("id,name,population\n"),
        "synthetic.csv: the region table has no regions"
    );
    assert_eq!(
        one("id,name,population,pop 65\na,A,1,1\n"),
        "synthetic.csv:1:4: column 'pop 65' is not a base name ([a-z][a-z0-9_]*) nor one of id, name, year, source, parent, complete"
    );
}
