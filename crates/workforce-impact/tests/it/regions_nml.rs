//! Regions on the NML model: the region.* rewrite and the in-document scalings leave every
//! figure bit-identical; scaling to itself is the identity, to NL gives NL-wide figures,
//! to synthetic regions scales by their bases. Synthetic regions are test data, not real
//! regions (tests/data/regions-synthetic-nl.csv says so in every name).

use workforce_impact::regions::{RegionTable, RegionsOptions};
use workforce_impact::{Model, Overrides};

const BEFORE: &str = include_str!("../data/nml-2023-initiatives-before-regions.txt");
const SYNTHETIC: &str = include_str!("../data/regions-synthetic-nl.csv");

fn nml() -> Model {
    Model::builtin("nml-2023").expect("builtin loads")
}

fn totals(model: &Model) -> Vec<(String, f64)> {
    let eval = model.evaluate(&Overrides::default()).expect("evaluates");
    (model.initiatives.iter().zip(eval.initiative_totals))
        .map(|(i, v)| (i.id.clone(), v))
        .collect()
}

fn value(model: &Model, id: &str) -> f64 {
    totals(model)
        .into_iter()
        .find(|(i, _)| i == id)
        .expect("initiative")
        .1
}

fn table() -> RegionTable {
    RegionTable::from_csv_str(SYNTHETIC, "regions-synthetic-nl.csv").expect("table loads")
}

#[test]
fn every_initiative_is_bit_identical_to_before_the_regions_change() {
    let before: Vec<(String, f64)> = (BEFORE.lines())
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (id, v) = l.split_once(' ').expect("id value");
            (id.to_string(), v.parse::<f64>().expect("a number"))
        })
        .collect();
    let now = totals(&nml());
    assert_eq!(before.len(), 42);
    assert_eq!(now.len(), before.len());
    for ((id, was), (id_now, is)) in before.iter().zip(&now) {
        assert_eq!(id, id_now);
        assert_eq!(was.to_bits(), is.to_bits(), "{id}: {was} before, {is} now");
    }
}

#[test]
fn the_three_in_document_scalings_reproduce_the_stated_arithmetic_exactly() {
    let m = nml();
    // (504,908 / 248,906) x 15 and (504,908 / 330,382) x 14.2, as the regioplan writes them
    assert_eq!(
        value(&m, "zorgcoordinatiecentrum"),
        (504908.0 / 248906.0) * 15.0
    );
    assert_eq!(
        value(&m, "spoedplein-ouderen"),
        (504908.0 / 330382.0) * 14.2
    );
    // 34 x 500 / 600 in base units (patients per day): the reconstruction's order
    let per_day = 1.0 / 365.0;
    let academie = 34.0 * (500.0 * per_day) / (600.0 * per_day);
    assert_eq!(value(&m, "academie-patient-mantelzorg"), academie);
    assert!((academie - 28.333_333_333_333_33).abs() < 1e-12);
    // the parameter carries the scaled value, derived from the own region's base
    let p = m
        .param("zorgcoordinatiecentrum.other_region_staff")
        .expect("param");
    assert_eq!(p.value, (504908.0 / 248906.0) * 15.0);
    assert_eq!(
        p.derived.as_ref().map(|d| d.text.as_str()),
        Some("(region.population / 248906.0) * other_region_staff_stated")
    );
    // the stated figure stays a parameter of its own, of its class (presets vary it)
    let stated = m
        .param("zorgcoordinatiecentrum.other_region_staff_stated")
        .expect("param");
    assert_eq!((stated.value, stated.kind.as_str()), (15.0, "other-region"));
    assert_eq!(p.kind.as_str(), "derived");
    let more = m
        .evaluate(&Overrides::new().set("zorgcoordinatiecentrum.other_region_staff_stated", 30.0))
        .expect("evaluates");
    let n = m
        .initiatives
        .iter()
        .position(|i| i.id == "zorgcoordinatiecentrum")
        .expect("id");
    assert_eq!(more.initiative_totals[n], (504908.0 / 248906.0) * 30.0);
    // and follows an override of the population, as the old formula did
    let doubled = m
        .evaluate(&Overrides::new().set("nml.population", 2.0 * 504908.0))
        .expect("evaluates");
    let n = m
        .initiatives
        .iter()
        .position(|i| i.id == "zorgcoordinatiecentrum")
        .expect("id");
    assert_eq!(doubled.initiative_totals[n], (1009816.0 / 248906.0) * 15.0);
}

#[test]
fn scaling_to_the_own_region_is_the_identity() {
    let m = nml();
    for table in [RegionTable::from_model(&m), table()] {
        let same = m.scale_to("nml", &table, None).expect("scales");
        assert_eq!(same.region.as_deref(), Some("nml"));
        assert_eq!(same.params.len(), m.params.len());
        for (a, b) in m.params.iter().zip(&same.params) {
            assert_eq!(a.qualified, b.qualified);
            assert_eq!(a.value.to_bits(), b.value.to_bits(), "{}", a.qualified);
        }
        for ((id, a), (_, b)) in totals(&m).iter().zip(totals(&same)) {
            assert_eq!(a.to_bits(), b.to_bits(), "{id}");
        }
        assert_eq!(same.target_shortage(), m.target_shortage());
        assert!(same
            .initiatives
            .iter()
            .zip(&m.initiatives)
            .all(|(a, b)| a.published == b.published));
    }
}

#[test]
fn scaling_nml_to_nl_gives_the_national_figures_where_the_formula_allows() {
    let m = nml();
    let nl = m.scale_to("nl", &table(), None).expect("scales");
    assert_eq!(nl.region.as_deref(), Some("nl"));
    assert_eq!(nl.id, "nml-2023@nl");
    // national figure x NML share: the share is re-derived, nl / nl = 1, the NL figure itself
    assert_eq!(value(&nl, "sociale-benadering-dementie"), 25500.0);
    assert_eq!(nl.param("valpreventie.nml_share").expect("p").value, 1.0);
    // NL admissions x (region 65+ / NL 65+) x ...: with region = nl the ratio is 1
    let buik = value(&nl, "buikpijnteam");
    let ratio = 122357.0 / 3620529.0;
    assert!(
        (buik * ratio / value(&m, "buikpijnteam") - 1.0).abs() < 1e-12,
        "{buik}"
    );
    // an other-region scaling carried on: 15 persons in 248,906 inhabitants, now in NL
    assert_eq!(
        value(&nl, "zorgcoordinatiecentrum"),
        (17923412.0 / 248906.0) * 15.0
    );
    // academie scales with a parameter, not a region base: kept, and said
    assert_eq!(
        value(&nl, "academie-patient-mantelzorg"),
        value(&m, "academie-patient-mantelzorg")
    );
    let said: Vec<&str> = nl.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(said.iter().any(|w| w.starts_with(
        "sociale-benadering-dementie.nml_share_65plus: the stated share 0.034 (nml's population_65plus in nl) does not apply to nl; share re-derived for nl: nl.population_65plus / nl.population_65plus = 3620529 / 3620529 = 1.000000"
    )), "{said:#?}");
    assert!(said.iter().any(
        |w| w.starts_with("valpreventie.nml_share: the stated share 0.03 (nml's population in nl)")
    ));
    assert!(said.iter().any(|w| w.starts_with(
        "academie-patient-mantelzorg.staff_freed_other_region scales with parameter 'patients_nml'"
    )));
    assert!(said.contains(&"the shortage is nml's projection × nl.population / nml.population = 17923412 / 504908 = 35.4984: a rough proxy, not a projection for nl; give its own shortage when there is one"));
    assert!(said.contains(
        &"the 43 published figures are nml's (bijlage A) and do not apply to nl: dropped"
    ));
    assert!(nl.initiatives.iter().all(|i| i.published.is_none()));
    let p = nl
        .param("zorgcoordinatiecentrum.other_region_staff")
        .expect("p");
    assert!(p
        .note
        .as_deref()
        .unwrap_or("")
        .ends_with("scaled from nml by population: × 35.498"));
    let rec = nl
        .file
        .initiatives
        .iter()
        .find(|i| i.id.get_ref() == "zorgcoordinatiecentrum")
        .and_then(|i| i.parameters["other_region_staff"].scaled_from.clone())
        .expect("record");
    assert_eq!(
        (rec.region.as_str(), rec.base.as_str(), rec.factor),
        ("nml", "population", 17923412.0 / 504908.0)
    );
}

#[test]
fn a_given_shortage_replaces_the_projection_and_a_declared_base_scales_it() {
    let m = nml();
    let given = m
        .scale_to("syn_double", &table(), Some(7000.0))
        .expect("scales");
    assert_eq!(
        given.target_shortage().map(|p| (p.year, p.persons)),
        Some((2032, 7000.0))
    );
    // the other years follow NML's path scaled to the given 7,000: 2,100 x 7000/4500
    let path: Vec<(i32, f64)> = (given.shortage.projections.iter())
        .map(|p| (p.year, p.persons))
        .collect();
    assert_eq!(
        path,
        [
            (2023, 2100.0 * (7000.0 / 4500.0)),
            (2032, 7000.0),
            (2023, 2100.0 * (7000.0 / 4500.0)),
            (2032, 6700.0 * (7000.0 / 4500.0))
        ]
    );
    assert_eq!(given.shortage_in(2032, "baseline").unwrap(), 7000.0);
    let proxy = m.scale_to("syn_double", &table(), None).expect("scales");
    // 1,009,816 / 504,908 = 2 exactly: 2,100 -> 4,200, 4,500 -> 9,000 (baseline), 2,100 ->
    // 4,200, 6,700 -> 13,400 (unbent)
    let persons: Vec<f64> = proxy
        .shortage
        .projections
        .iter()
        .map(|p| p.persons)
        .collect();
    assert_eq!(persons, [4200.0, 9000.0, 4200.0, 13400.0]);
    assert!(proxy.shortage.claim.is_none() && proxy.shortage.claims.is_empty());
    // twice the population and the 65+: every region-scaled initiative doubles
    assert_eq!(
        value(&proxy, "zorgcoordinatiecentrum"),
        (1009816.0 / 248906.0) * 15.0
    );
    assert!((value(&proxy, "buikpijnteam") / value(&m, "buikpijnteam") - 2.0).abs() < 1e-12);
    // the stated 3.4% is re-derived: 244,714 / 3,620,529
    assert_eq!(
        value(&proxy, "sociale-benadering-dementie"),
        25500.0 * (244714.0 / 3620529.0)
    );
}

#[test]
fn unknown_region_and_bad_shortage_are_typed_errors() {
    let m = nml();
    let err = m.scale_to("syn_dubble", &table(), None).unwrap_err();
    assert!(matches!(err, workforce_impact::Error::Model { .. }));
    assert_eq!(
        err.to_string(),
        "regions-synthetic-nl.csv: unknown region 'syn_dubble' (did you mean 'syn_double'?); the region table has nl, nml, syn_double, syn_half"
    );
    let err = m
        .scale_to("syn_half", &table(), Some(f64::NAN))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "builtin:nml-2023: invalid value: shortage NaN for region 'syn_half' must be a finite number of persons >= 0"
    );
}

#[test]
fn evaluate_regions_gives_every_region_in_one_call() {
    let m = nml();
    let options = RegionsOptions::default().shortage("syn_half", 2000.0);
    let all = m.evaluate_regions(&table(), &options).expect("evaluates");
    assert_eq!(all.year, Some(2032));
    // 4 regions x (42 initiatives + 5 themes + total)
    assert_eq!(all.rows.len(), 4 * 48);
    let stated = m
        .evaluate(&Overrides::default())
        .expect("evaluates")
        .total();
    let own = all.total("nml").expect("nml");
    assert_eq!(
        (own.persons, own.shortage, own.share),
        (stated, Some(4500.0), Some(stated / 4500.0))
    );
    let half = all.total("syn_half").expect("row");
    assert_eq!(half.shortage, Some(2000.0));
    assert_eq!(half.share, Some(half.persons / 2000.0));
    assert_eq!(
        all.total("syn_double").and_then(|r| r.shortage),
        Some(9000.0)
    );
    assert!(all
        .warnings
        .iter()
        .any(|(r, w)| r == "syn_double" && w.message.contains("rough proxy")));
    assert!(!all.warnings.iter().any(|(r, _)| r == "nml"));
    let theme_sum: f64 = (all.rows.iter())
        .filter(|r| r.region == "syn_double" && r.level == "theme")
        .map(|r| r.persons)
        .sum();
    let total = all.total("syn_double").expect("row").persons;
    assert!((theme_sum - total).abs() < 1e-9 * total);
}

#[test]
fn split_readings_list_the_stated_and_the_re_derived_share() {
    let m = nml();
    let r = m.split_readings().expect("readings");
    assert_eq!(r.len(), 2);
    let dementia = &r[0];
    assert_eq!(
        dementia.parameter,
        "sociale-benadering-dementie.nml_share_65plus"
    );
    assert_eq!(
        (dementia.stated, dementia.derived),
        (0.034, 122357.0 / 3620529.0)
    );
    assert_eq!(dementia.persons_stated, Some(25500.0 * 0.034));
    assert_eq!(
        dementia.persons_derived,
        Some(25500.0 * (122357.0 / 3620529.0))
    );
    let falls = &r[1];
    assert_eq!(
        (
            falls.parameter.as_str(),
            falls.base.as_str(),
            falls.of.as_str()
        ),
        ("valpreventie.nml_share", "population", "nl")
    );
    assert_eq!((falls.stated, falls.derived), (0.03, 504908.0 / 17923412.0));
    // the stated 3% overstates the population ratio 2.82%: the initiative shrinks with it
    let ratio = falls.persons_derived.expect("p") / falls.persons_stated.expect("p");
    assert!((ratio - (504908.0 / 17923412.0) / 0.03).abs() < 1e-3);
}

#[test]
fn region_names_the_own_region_in_explain_and_overrides() {
    let m = nml();
    assert_eq!(
        m.param_index("region.population"),
        m.param_index("nml.population")
    );
    let ex = m
        .explain("buikpijnteam", &Overrides::default())
        .expect("explains");
    assert!(
        ex.components[0].steps.iter().all(|s| s.value.is_finite()),
        "{ex}"
    );
    let a = m
        .evaluate(&Overrides::new().set("region.population_65plus", 2.0 * 122357.0))
        .expect("ok");
    let b = m
        .evaluate(&Overrides::new().set("nml.population_65plus", 2.0 * 122357.0))
        .expect("ok");
    assert_eq!(a.total(), b.total());
}

#[test]
fn explain_of_a_scaled_model_shows_where_a_value_was_scaled_from() {
    let nl = nml().scale_to("nl", &table(), None).expect("scales");
    let ex = nl
        .explain("zorgcoordinatiecentrum", &Overrides::default())
        .expect("explains");
    let input = ex
        .inputs
        .iter()
        .find(|i| i.name == "zorgcoordinatiecentrum.other_region_staff")
        .expect("input");
    assert_eq!(
        input.source.as_deref(),
        Some("andere regio; scaled from nml by population: × 35.498")
    );
    assert!(
        ex.to_string()
            .contains("scaled from nml by population: × 35.498"),
        "{ex}"
    );
}

#[test]
fn an_nl_figure_times_the_nml_ratio_carried_to_nl_is_the_nl_figure() {
    let nl = nml().scale_to("nl", &table(), None).expect("scales");
    let v = |name: &str| nl.param(name).expect(name).base();
    // (region.population / nl.population) = 1 exactly, so each term is the NL-wide term
    let poh = v("zelfhulp-midden-limburg.poh_ggz_patients_nl")
        * v("zelfhulp-midden-limburg.poh_ggz_treatment_time")
        * v("zelfhulp-midden-limburg.poh_ggz_reduction")
        / v("annual_hours")
        / v("part_time_factor_ggz");
    let bggz = v("zelfhulp-midden-limburg.bggz_patients_nl")
        * v("zelfhulp-midden-limburg.poh_ggz_treatment_time")
        * v("zelfhulp-midden-limburg.bggz_reduction")
        / v("annual_hours")
        / v("part_time_factor_ggz");
    assert_eq!(value(&nl, "zelfhulp-midden-limburg"), poh + bggz);
    // 609,900 patients x 180 min x 2% / 2,000 h / 0.77 = 23.77 persons, NL-wide
    assert!((poh - 609900.0 * 3.0 * 0.02 / 2000.0 / 0.77).abs() < 1e-9);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// A synthetic region k times NML: every region-scaled figure follows its base exactly.
    #[test]
    fn a_region_k_times_nml_scales_each_figure_by_its_base(k in 0.05f64..3.0) {
        let (pop, pop65) = ((504908.0 * k).round(), (122357.0 * k).round());
        let csv = format!(
            "id,name,population,population_65plus,parent\n\
             nl,Nederland,17923412,3620529,\n\
             syn_k,Synthetic region (test data),{pop},{pop65},nl\n"
        );
        let t = RegionTable::from_csv_str(&csv, "synthetic.csv").expect("loads");
        let m = nml().scale_to("syn_k", &t, None).expect("scales");
        proptest::prop_assert_eq!(value(&m, "zorgcoordinatiecentrum"), (pop / 248906.0) * 15.0);
        proptest::prop_assert_eq!(value(&m, "spoedplein-ouderen"), (pop / 330382.0) * 14.2);
        proptest::prop_assert_eq!(value(&m, "sociale-benadering-dementie"), 25500.0 * (pop65 / 3620529.0));
        let shortage = m.target_shortage().map(|p| p.persons);
        proptest::prop_assert_eq!(shortage, Some(4500.0 * (pop / 504908.0)));
    }
}
