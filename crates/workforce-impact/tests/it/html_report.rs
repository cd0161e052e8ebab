//! The HTML report's sections on years, regions and the ledger: each shows the figures
//! the core computes (the trajectory, the Monte Carlo over years, the region evaluation,
//! the ledger and the settlement), and the report stays self-contained. The region table
//! and the small model here are synthetic (no real region's figures).

use workforce_impact::engine::{McConfig, Shape};
use workforce_impact::html_report::{fmt_nl, fmt_nl_round, pct, render, ReportOptions};
use workforce_impact::regions::{RegionTable, RegionsOptions};
use workforce_impact::{Model, Overrides};

fn opts() -> ReportOptions {
    ReportOptions {
        n: 3_000,
        seed: 11,
        sobol_n: 16,
        ..ReportOptions::default()
    }
}

/// Persons as the report prints them (one decimal from 100 up, two below).
fn persons(v: f64) -> String {
    fmt_nl_round(v, if v.abs() >= 100.0 { 1 } else { 2 })
}

/// The HTML of section `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("<section id=\"{id}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").expect("closed") + start;
    &html[start..end]
}

fn self_contained(html: &str) {
    for bad in [
        "<script", "<link", "<img", "<iframe", "@import", "url(", "https://",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert_eq!(
        html.matches("http://").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
}

/// A synthetic region table: the model's own two regions and a region twice NML's size.
const SYNTHETIC: &str = "id,name,population,population_65plus\n\
    nml,Noord- en Midden-Limburg,504908,122357\n\
    nl,Nederland,17923412,3620529\n\
    syn_double,Synthetic region: twice NML (test data),1009816,244714\n";

#[test]
fn the_year_table_is_the_trajectory_and_its_last_row_the_recompute() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let html = render(&model, &opts()).expect("renders");
    let years = section(&html, "jaren");
    let t = model
        .trajectory(&Overrides::default(), "baseline")
        .expect("trajectory");
    let total = model.evaluate(&Overrides::default()).expect("eval").total();
    // 2023: the shortage of the regioplan, nothing freed yet on the default ramp
    assert!(years.contains(
        "<tr id=\"jaar-2023\"><td class=\"n\">2023</td><td class=\"n\">2.100</td><td class=\"n\">0</td><td class=\"n\">2.100</td><td class=\"n\">0,0%</td>"
    ));
    // 2032: the recomputed total, 4,500 - total remaining, 36.3%
    let row_2032 = format!(
        "<tr id=\"jaar-2032\"><td class=\"n\">2032</td><td class=\"n\">4.500</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">36,3%</td>",
        persons(total),
        persons(4500.0 - total)
    );
    assert!(years.contains(&row_2032), "{row_2032}");
    // every year of the trajectory, and the unbent scenario beside it (6,700 in 2032)
    for y in &t.years {
        assert!(years.contains(&format!(
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            persons(y.shortage),
            persons(y.total),
            persons(y.remaining),
            pct(y.share)
        )));
    }
    assert!(years.contains("<td class=\"n\">6.700</td>"));
    // the ramp assumption stated, the flows with their notes, the line chart
    assert!(years.contains(
        "<strong>geen effect in 2023, lineair groeiend tot het volledige effect in 2032</strong> (42 initiatieven)"
    ));
    assert!(years.contains("<code>behoud-doorstroom</code>") && years.contains("87,1%"));
    assert_eq!(years.matches("<polyline").count(), 4);
    assert!(years.contains("<polygon class=\"lband\""));
    self_contained(&html);
}

#[test]
fn the_band_per_year_is_the_trajectory_monte_carlo_on_the_same_draws() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let o = opts();
    let html = render(&model, &o).expect("renders");
    let years = section(&html, "jaren");
    let inputs = model.assumptions(o.rel, Shape::Triangular);
    let cfg = McConfig {
        targets: vec![0.35],
        ..McConfig::new(o.n, o.seed)
    };
    let run = model
        .trajectory_monte_carlo_plan(&inputs, cfg.clone(), "baseline")
        .expect("plan")
        .run();
    let single = model.monte_carlo_plan(&inputs, cfg).expect("plan").run();
    for (y, year) in run.years.iter().enumerate() {
        let q = run.total(0, y).quantiles(&[0.05, 0.5, 0.95]);
        let short = run.shortage_at(0, y);
        let p = run.prob_share_at_least(0, y, 0.35).expect("counted");
        let row = format!(
            "<tr><td class=\"n\">{year}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            persons(short),
            persons(short - q[2]),
            persons(short - q[1]),
            persons(short - q[0]),
            pct(p)
        );
        assert!(years.contains(&row), "{row}");
    }
    // in 2032 every ramp is full: the same draws give the single-year P(share >= 35%)
    let p2032 = run.prob_share_at_least(0, 9, 0.35).expect("counted");
    assert_eq!(p2032, single.prob_share_at_least(0.35));
    assert!(section(&html, "verdeling").contains(&pct(p2032)));
}

#[test]
fn the_regions_section_shows_both_readings_and_every_region() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let table = RegionTable::from_csv_str(SYNTHETIC, "synthetic.csv").expect("table");
    let html = render(
        &model,
        &ReportOptions {
            regions: Some(table.clone()),
            ..opts()
        },
    )
    .expect("renders");
    let regions = section(&html, "regios");
    for r in model.split_readings().expect("readings") {
        assert!(regions.contains(&format!("<code>{}</code>", r.parameter)));
        let (a, b) = (r.persons_stated.expect("a"), r.persons_derived.expect("b"));
        assert!(regions.contains(&fmt_nl_round(a, 2)) && regions.contains(&fmt_nl_round(b, 2)));
    }
    // the dementia share: 3.4% stated, 122357 / 3620529 = 3.380% re-derived
    assert!(regions.contains("<td class=\"n\">3,4%</td><td class=\"n\">3,38%</td>"));
    let all = model
        .evaluate_regions(&table, &RegionsOptions::default())
        .expect("all regions");
    for id in ["nml", "nl", "syn_double"] {
        let t = all.total(id).expect("total");
        let cells = format!(
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            persons(t.persons),
            t.shortage.map_or("–".into(), fmt_nl),
            t.share.map_or("–".into(), pct)
        );
        let row = &regions[regions.find(&format!("<tr id=\"regio-{id}\">")).expect(id)..];
        assert!(
            row[..row.find("</tr>").expect("row") + 5].ends_with(&cells),
            "{id}: {cells}"
        );
    }
    // the own region is the recompute; the twice-as-large one has twice the proxy shortage
    assert!(regions.contains(
        "<td class=\"n\">1.633,3</td><td class=\"n\">4.500</td><td class=\"n\">36,3%</td></tr>"
    ));
    assert!(regions.contains("<td class=\"n\">9.000</td>"));
    assert!(regions.contains("Waarschuwingen bij het omrekenen"));
    // the table is part of what reproduces the report
    let repro = section(&html, "reproduceren");
    assert!(repro.contains("<dt>regiotabel</dt><dd>synthetic.csv</dd>"));
    assert!(repro.contains("--seed 11 --regions synthetic.csv</code>"));
    assert!(repro.contains("regions=wi.regions_from_csv(&quot;synthetic.csv&quot;))"));
    // without a table: how to add one, no region rows
    let plain = render(&model, &opts()).expect("renders");
    let without = section(&plain, "regios");
    assert!(without.contains("--regions regio.csv") && !without.contains("regio-nml"));
    self_contained(&html);
}

#[test]
fn the_ledger_states_the_unassigned_share_of_nml() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let html = render(&model, &opts()).expect("renders");
    let ledger = section(&html, "partijen");
    let eval = model.evaluate(&Overrides::default()).expect("eval");
    let by_party = model.ledger(&eval).persons_by_party();
    let total: f64 = by_party.iter().map(|p| p.1).sum();
    let unassigned = by_party
        .iter()
        .find(|p| p.0 == "unassigned")
        .expect("unassigned")
        .1;
    let sentence = format!(
        "<strong>{} van de {} personen ({}) zijn aan geen partij toe te wijzen</strong>",
        persons(unassigned),
        persons(total),
        pct(unassigned / total)
    );
    assert!(ledger.contains(&sentence), "{sentence}");
    assert_eq!(pct(unassigned / total), "67,5%"); // about two thirds: the national dementia figure
                                                  // one matrix row per initiative, one column per party; no euros (NML has no rates)
    assert_eq!(
        ledger.matches("<tr><td><code>").count(),
        model.initiatives.len()
    );
    assert!(!ledger.contains('€'));
    assert!(ledger.contains("geen afspraak over het delen van besparingen"));
}

#[test]
fn the_beweeghuis_settlement_balances_and_is_shown_in_euros() {
    let model = Model::builtin("beweeghuis-artrose").expect("builtin");
    let html = render(&model, &opts()).expect("renders");
    self_contained(&html);
    // no shortage projection and no flow: no year section
    assert!(!html.contains("<section id=\"jaren\">"));
    let ledger = section(&html, "partijen");
    let eval = model.evaluate(&Overrides::default()).expect("eval");
    let s = model
        .settlement(&eval, "beweeghuis-gedeelde-besparing")
        .expect("settles");
    let year = &s.years[0];
    let sum: f64 = year.parties.iter().map(|p| p.transfer).sum();
    assert!(sum.abs() < 1e-6, "transfers cancel: {sum}");
    assert!(ledger.contains("<td>Som van de overdrachten</td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">€ 0</td>"));
    let eur = |v: f64| format!("€ {}", fmt_nl_round(v, 0));
    for p in &year.parties {
        assert!(ledger.contains(&format!(
            "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            eur(p.transfer),
            eur(p.net_after)
        )));
    }
    // the pairwise payments add up to what the receivers receive
    let paid: f64 = year.transfers.iter().map(|t| t.amount).sum();
    let received: f64 = year.parties.iter().map(|p| p.transfer.max(0.0)).sum();
    assert!((paid - received).abs() < 1e-6);
    assert_eq!(ledger.matches("<li>").count(), year.transfers.len());
    assert!(ledger.contains("Zorgverzekeraar betaalt Gemeente € 178.231"));
    assert!(ledger.contains("De afspraak keert uit."));
}

#[test]
fn a_shortage_that_does_not_cover_every_year_is_stated_not_an_error() {
    // synthetic: horizon 2023..=2027, a shortage only for 2027
    let text = r#"[model]
id = "synthetic-gap"
target_year = 2027
start_year = 2023
default_ramp = { start = 2023, full = 2027, shape = "linear" }

[shortage]
projections = [{ year = 2027, persons = 140 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }

[[initiatives]]
id = "a"
name = "A"
theme = "t"

  [initiatives.parameters]
  hours = { value = 20000, unit = "h/yr", source = "aanname", kind = "assumption" }

  [[initiatives.components]]
  sector = "msz"
  formula = "hours / annual_hours / part_time_factor"
"#;
    let model = Model::from_toml_str(text, "gap.toml").expect("loads");
    let html = render(&model, &opts()).expect("the report still renders");
    let years = section(&html, "jaren");
    assert!(years.contains("Geen jaartabel: "), "{years}");
    assert!(years.contains("covers 2023"), "{years}");
    assert!(!years.contains("<polyline"));
}
