//! The report's sections, each a function of the data it shows, and the document around
//! them. Every text from the model goes through [`escape`].

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round, pct};
use super::svg::{self, Bar, RefLine};
use super::Reproduction;
use crate::engine::{McStats, SobolRow};
use crate::model::{Model, Shortage};
use crate::report::{InitiativeRow, RecomputeReport};
use crate::Explanation;

const STYLE: &str = r#"
:root { --c0: #1d6a8c; --c1: #6fa8c9; --c2: #d49a2a; --c3: #b8473f; --ink: #1f2328; --muted: #5c6670; --line: #d8dde2; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; line-height: 1.45; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
.sub { color: var(--muted); margin: 0 0 12px; }
nav ol { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 12px 0 0; list-style: none; }
nav a { color: var(--c0); }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 18px 22px; margin: 18px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 14px; }
.card { flex: 1 1 200px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .k { color: var(--muted); font-size: .85rem; }
.card .v { font-size: 1.5rem; font-weight: 600; }
.card .d { font-size: .85rem; color: var(--muted); }
.card.claim { border-left: 5px solid var(--c2); } .card.pub { border-left: 5px solid var(--c1); }
.card.rec { border-left: 5px solid var(--c0); } .card.short { border-left: 5px solid var(--c3); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 6px 0 10px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.group td { background: #e4ecf1; font-weight: 600; }
td.note { color: var(--muted); font-size: .82rem; max-width: 420px; }
.status { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: .8rem; white-space: nowrap; }
.st-reproduced { background: #dcefe0; } .st-differs { background: #f7dcd9; }
.st-reconstructed { background: #f5ebd3; } .st-unpublished { background: #e6e6e6; }
details { margin: 6px 0; }
details > summary { cursor: pointer; }
details.trace { border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; }
details.trace[open] { background: #fbfcfd; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: #f0f2f4; padding: 8px 10px; border-radius: 4px; overflow-x: auto; }
.muted { color: var(--muted); font-size: .88rem; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; }
svg .c0 { fill: var(--c0); } svg .c1 { fill: var(--c1); } svg .c2 { fill: var(--c2); } svg .c3 { fill: var(--c3); }
svg .band { fill: #e8eef3; }
svg .axis { stroke: #8a949e; stroke-width: 1; }
svg .ref { stroke: #222; stroke-width: 1.5; stroke-dasharray: 5 4; }
svg .connector { stroke: #8a949e; stroke-width: 1; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 13px; fill: var(--ink); }
svg .tick { font-size: 12px; fill: var(--muted); } svg .reflabel { font-size: 12px; font-weight: 600; }
svg .total { font-weight: 700; }
dl.repro { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.repro dt { color: var(--muted); } dl.repro dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 30px; }
@media print { body { background: #fff; } section { break-inside: avoid-page; border: none; } details { display: block; } }
"#;

/// The status as the report's readers say it.
pub(super) fn status_nl(status: &str) -> &str {
    match status {
        "reproduced" => "gereproduceerd",
        "differs" => "wijkt af",
        "reconstructed" => "gereconstrueerd",
        "unpublished" => "niet gepubliceerd",
        other => other,
    }
}

/// The provenance class as the report's readers say it.
pub(super) fn kind_nl(kind: &str) -> &str {
    match kind {
        "sourced" => "met bron",
        "unsourced" => "zonder bron",
        "assumption" => "aanname",
        "expert" => "expertschatting",
        "derived" => "afgeleid",
        "other-region" => "andere regio",
        other => other,
    }
}

fn status_badge(status: &str) -> String {
    format!(
        r#"<span class="status st-{}">{}</span>"#,
        escape(status),
        escape(status_nl(status))
    )
}

/// Persons as the report shows them: at most one decimal from 100 up, two below.
pub(super) fn persons(v: f64) -> String {
    fmt_nl_round(v, if v.abs() >= 100.0 { 1 } else { 2 })
}

/// The whole document: head with the stylesheet, title, table of contents, the sections
/// given as (anchor, heading, body) in order.
pub(super) fn document(
    report: &RecomputeReport,
    source: Option<&str>,
    body: &[(&str, &str, String)],
) -> String {
    let title = if report.title.is_empty() {
        report.model.as_str()
    } else {
        report.title.as_str()
    };
    let mut s = String::with_capacity(256 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"workforce-impact {}\">\n\
         <title>Auditrapport: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n\
         <h1>Auditrapport: {}</h1>\n<p class=\"sub\">Model <code>{}</code>",
        env!("CARGO_PKG_VERSION"),
        escape(title),
        escape(title),
        escape(&report.model)
    );
    if let Some(src) = source {
        let _ = write!(s, " · bron: {}", escape(src));
    }
    s.push_str("</p>\n<nav><ol>");
    for (anchor, heading, _) in body {
        let _ = write!(
            s,
            r##"<li><a href="#{}">{}</a></li>"##,
            escape(anchor),
            escape(heading)
        );
    }
    s.push_str("</ol></nav>\n</header>\n<main>\n");
    for (anchor, heading, html) in body {
        let _ = write!(
            s,
            "<section id=\"{}\">\n<h2>{}</h2>\n{html}\n</section>\n",
            escape(anchor),
            escape(heading)
        );
    }
    let _ = write!(
        s,
        "</main>\n<footer>Gemaakt met workforce-impact {}. Dit bestand is op zichzelf staand: \
         het laadt niets van buiten en opent zonder internetverbinding.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn card(class: &str, key: &str, value: &str, detail: &str) -> String {
    format!(
        r#"<div class="card {class}"><div class="k">{}</div><div class="v">{}</div><div class="d">{}</div></div>"#,
        escape(key),
        escape(value),
        escape(detail)
    )
}

/// The claim against the published and the recomputed share, and the shortage projection.
pub(super) fn claim(report: &RecomputeReport, shortage: &Shortage) -> String {
    let mut s = String::from(r#"<div class="cards">"#);
    let claim = report.claim.as_ref();
    if let Some(c) = claim {
        let value = c.share.map_or_else(|| "–".to_string(), pct);
        let range = match (c.low, c.high) {
            (Some(lo), Some(hi)) => format!("{} – {} personen", fmt_nl(lo), fmt_nl(hi)),
            _ => String::new(),
        };
        let text = c
            .text
            .as_deref()
            .map_or(range.clone(), |t| format!("“{t}”"));
        s.push_str(&card("claim", "De bron claimt", &value, &text));
    }
    let share = report.share;
    s.push_str(&card(
        "pub",
        "Gepubliceerd (som van de initiatieven)",
        &share.map_or_else(|| persons(report.totals.published), |sh| pct(sh.published)),
        &format!("{} personen", persons(report.totals.published)),
    ));
    s.push_str(&card(
        "rec",
        "Herberekend uit het model",
        &share.map_or_else(|| persons(report.totals.computed), |sh| pct(sh.computed)),
        &format!("{} personen", persons(report.totals.computed)),
    ));
    if let Some(t) = report.shortage {
        s.push_str(&card(
            "short",
            &format!("Verwacht tekort {}", t.year),
            &fmt_nl(t.persons),
            "personen (het aandeel is hiervan genomen)",
        ));
    }
    s.push_str("</div>\n");
    let c = &report.counts;
    let _ = writeln!(
        s,
        "<p>Van de {} initiatieven zijn er {} <strong>gereproduceerd</strong> (binnen afronding van het \
         gepubliceerde getal), {} <strong>wijken af</strong> (de toelichting zegt waarom) en {} \
         <strong>gereconstrueerd</strong>: de bron geeft geen formule, het model bouwt die na uit de \
         genoemde parameters ({} daarvan komen binnen afronding uit){}.</p>",
        report.initiatives.len(),
        c.reproduced,
        c.differs,
        c.reconstructed,
        c.reconstructed_within_rounding,
        if c.unpublished > 0 { format!("; {} hebben geen gepubliceerd getal", c.unpublished) } else { String::new() }
    );
    if let Some(sh) = share {
        let mut bars = Vec::new();
        if let Some(cs) = claim.and_then(|c| c.share) {
            bars.push(Bar {
                label: "Claim van de bron".into(),
                value: cs,
                text: pct(cs),
                class: "c2",
            });
        }
        bars.push(Bar {
            label: "Gepubliceerd (som)".into(),
            value: sh.published,
            text: pct(sh.published),
            class: "c1",
        });
        bars.push(Bar {
            label: "Herberekend".into(),
            value: sh.computed,
            text: pct(sh.computed),
            class: "c0",
        });
        let mut lines = Vec::new();
        if let (Some(t), Some(c)) = (report.shortage, claim) {
            for (v, what) in [(c.low, "claim laag"), (c.high, "claim hoog")] {
                if let Some(v) = v {
                    lines.push(RefLine {
                        x: v / t.persons,
                        label: format!("{what} {}", pct(v / t.persons)),
                    });
                }
            }
        }
        s.push_str("<h3>Aandeel van het tekort</h3>\n");
        s.push_str(&svg::hbars(
            "Aandeel van het tekort: claim, gepubliceerd en herberekend",
            &bars,
            &lines,
            &|v| pct(v),
        ));
    }
    if !shortage.projections.is_empty() {
        s.push_str("<h3>Tekortprognose</h3>\n");
        if let Some(src) = &shortage.source {
            let _ = writeln!(s, "<p class=\"muted\">Bron: {}</p>", escape(src));
        }
        let mut bars: Vec<Bar> = shortage
            .projections
            .iter()
            .map(|p| Bar {
                label: format!("Tekort {} ({})", p.year, scenario_nl(&p.scenario)),
                value: p.persons,
                text: format!("{} personen", fmt_nl(p.persons)),
                class: "c3",
            })
            .collect();
        bars.push(Bar {
            label: "Initiatieven, gepubliceerd".into(),
            value: report.totals.published,
            text: format!("{} personen", persons(report.totals.published)),
            class: "c1",
        });
        bars.push(Bar {
            label: "Initiatieven, herberekend".into(),
            value: report.totals.computed,
            text: format!("{} personen", persons(report.totals.computed)),
            class: "c0",
        });
        s.push_str(&svg::hbars(
            "Tekortprognose en wat de initiatieven vrijmaken",
            &bars,
            &[],
            &fmt_nl,
        ));
        s.push_str("<table><thead><tr><th class=\"n\">jaar</th><th>scenario</th><th class=\"n\">tekort (personen)</th><th>toelichting</th></tr></thead><tbody>");
        for p in &shortage.projections {
            let _ = write!(
                s,
                "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"note\">{}</td></tr>",
                p.year,
                escape(scenario_nl(&p.scenario)),
                fmt_nl(p.persons),
                escape(p.description.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</tbody></table>\n");
    }
    s
}

fn scenario_nl(s: &str) -> &str {
    match s {
        "baseline" => "basis",
        "unbent" => "zonder ombuiging",
        other => other,
    }
}

/// The contributions to the total: per theme and per sector, as waterfalls.
pub(super) fn waterfall(report: &RecomputeReport) -> String {
    let mut lines = vec![RefLine {
        x: report.totals.published,
        label: format!("gepubliceerd {}", persons(report.totals.published)),
    }];
    if let (Some(c), Some(t)) = (report.claim.as_ref(), report.shortage) {
        if let Some(share) = c.share {
            lines.push(RefLine {
                x: share * t.persons,
                label: format!("claim {}", pct(share)),
            });
        }
    }
    let mut s = String::from(
        "<p>Elke balk begint waar de vorige ophoudt: samen vormen ze het herberekende totaal. \
         De stippellijnen zijn het gepubliceerde totaal en de claim, omgerekend naar personen.</p>\n<h3>Per thema</h3>\n",
    );
    let steps: Vec<(String, f64)> = report
        .themes
        .iter()
        .map(|t| (t.name.clone(), t.computed))
        .collect();
    s.push_str(&svg::waterfall(
        "Bijdrage per thema aan het totaal (personen)",
        &steps,
        "Totaal herberekend",
        &lines,
        &|v| persons(v),
    ));
    s.push_str("<table><thead><tr><th>thema</th><th class=\"n\">gepubliceerd</th><th class=\"n\">herberekend</th><th class=\"n\">verschil</th></tr></thead><tbody>");
    for t in &report.themes {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&t.name),
            persons(t.published),
            persons(t.computed),
            signed(t.computed - t.published)
        );
    }
    let _ = writeln!(
        s,
        "<tr class=\"group\"><td>Totaal</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tbody></table>",
        persons(report.totals.published),
        persons(report.totals.computed),
        signed(report.totals.computed - report.totals.published)
    );
    if report.sectors.len() > 1 {
        s.push_str(
            "<h3>Per sector</h3>\n<p class=\"muted\">Waar het personeel vrijkomt; een negatieve bijdrage \
             (rood) is extra personeel dat elders nodig is.</p>\n",
        );
        let steps: Vec<(String, f64)> = report
            .sectors
            .iter()
            .map(|x| {
                (
                    crate::model::Sector::parse(&x.sector)
                        .map_or(x.sector.clone(), |s| s.name().to_string()),
                    x.persons,
                )
            })
            .collect();
        s.push_str(&svg::waterfall(
            "Bijdrage per sector aan het totaal (personen)",
            &steps,
            "Totaal herberekend",
            &[],
            &|v| persons(v),
        ));
    }
    s
}

fn signed(v: f64) -> String {
    let t = fmt_nl_round(v, 1);
    if v > 0.0 && t != "0" {
        format!("+{t}")
    } else {
        t
    }
}

/// The share's distribution from the Monte Carlo run, with the target line and quantiles.
pub(super) fn distribution(
    stats: &McStats,
    report: &RecomputeReport,
    target: Option<f64>,
    repro: &Reproduction,
) -> String {
    let share = stats
        .group("share")
        .filter(|g| g.n > 0 && g.min.is_finite());
    let total = stats.group("total");
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<p>{} trekkingen (seed {}): elke parameter die het model als <em>aanname</em> aanmerkt \
         ({} parameters) varieert met een driehoeksverdeling van {}% onder tot {}% boven de genoemde \
         waarde (binnen het geldige bereik); al het andere blijft zoals de bron het noemt.</p>",
        fmt_nl(stats.n as f64),
        repro.options.seed,
        repro.inputs,
        fmt_nl(repro.options.rel * 100.0),
        fmt_nl(repro.options.rel * 100.0)
    );
    let qs = [0.05, 0.5, 0.95];
    if let Some(g) = share {
        let q = g.quantiles(&qs);
        let (edges, counts) = g.histogram(40);
        let mut lines = Vec::new();
        if let Some(t) = target {
            lines.push(RefLine {
                x: t,
                label: format!("claim {}", pct(t)),
            });
        }
        if let Some(sh) = report.share {
            lines.push(RefLine {
                x: sh.computed,
                label: format!("herberekend {}", pct(sh.computed)),
            });
        }
        s.push_str(&svg::histogram(
            "Verdeling van het aandeel van het tekort",
            &edges,
            &counts,
            &lines,
            Some((q[0], q[2])),
            &|v| pct(v),
        ));
        s.push_str("<p class=\"muted\">Lichte band: 90%-interval (5% tot 95%).</p>\n");
    } else if let Some(g) = total {
        let (edges, counts) = g.histogram(40);
        s.push_str(&svg::histogram(
            "Verdeling van het totaal (personen)",
            &edges,
            &counts,
            &[],
            None,
            &|v| persons(v),
        ));
    }
    s.push_str("<table><thead><tr><th></th><th class=\"n\">gemiddelde</th><th class=\"n\">5%</th><th class=\"n\">mediaan</th><th class=\"n\">95%</th></tr></thead><tbody>");
    if let Some(g) = total {
        let q = g.quantiles(&qs);
        let _ = write!(
            s,
            "<tr><td>totaal (personen)</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            persons(g.mean()), persons(q[0]), persons(q[1]), persons(q[2])
        );
    }
    if let Some(g) = share {
        let q = g.quantiles(&qs);
        let _ = write!(
            s,
            "<tr><td>aandeel van het tekort</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            pct(g.mean()), pct(q[0]), pct(q[1]), pct(q[2])
        );
    }
    s.push_str("</tbody></table>\n");
    if let (Some(t), Some(_)) = (target, share) {
        let p = stats.prob_share_at_least(t);
        let _ = writeln!(
            s,
            "<p><strong>Kans dat het aandeel minstens {} is: {}</strong> (het deel van de trekkingen).</p>",
            pct(t),
            pct(p)
        );
    }
    s
}

/// The inputs with the largest total-order Sobol index, with their source.
pub(super) fn sobol(model: &Model, rows: &[SobolRow], n: usize, top: usize) -> String {
    let mut sorted: Vec<&SobolRow> = rows.iter().collect();
    sorted.sort_by(|a, b| b.st.total_cmp(&a.st).then_with(|| a.name.cmp(&b.name)));
    sorted.truncate(top);
    let mut s = format!(
        "<p>Sobol-indices van het totaal over dezelfde aannames als hierboven (n = {n}, \
         {} modelevaluaties): <em>ST</em> is het deel van de spreiding waar de parameter aan bijdraagt, \
         <em>S1</em> het deel dat hij alleen verklaart. Meet of onderbouw eerst wat bovenaan staat. \
         Bij een kleine n zijn de kleinste indices indicatief.</p>\n",
        fmt_nl((n * (rows.len() + 2)) as f64)
    );
    let bars: Vec<Bar> = sorted
        .iter()
        .map(|r| Bar {
            label: r.name.clone(),
            value: r.st.max(0.0),
            text: fmt_nl_round(r.st, 3),
            class: "c0",
        })
        .collect();
    s.push_str(&svg::hbars(
        "Totale Sobol-index per parameter",
        &bars,
        &[],
        &|v| fmt_nl_round(v, 2),
    ));
    s.push_str("<table><thead><tr><th class=\"n\">#</th><th>parameter</th><th class=\"n\">waarde</th><th>bron</th><th>soort</th><th class=\"n\">S1</th><th class=\"n\">ST</th></tr></thead><tbody>");
    for (i, r) in sorted.iter().enumerate() {
        let p = model.param(&r.name);
        let value = p.map_or(String::new(), |p| {
            let v = if p.percent {
                format!("{}%", fmt_nl(p.value * 100.0))
            } else {
                fmt_nl(p.value)
            };
            if p.unit.text.is_empty() {
                v
            } else {
                format!("{v} {}", p.unit.text)
            }
        });
        let _ = write!(
            s,
            "<tr><td class=\"n\">{}</td><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            escape(&r.name),
            escape(&value),
            escape(p.and_then(|p| p.source.as_deref()).unwrap_or("geen bron genoemd")),
            escape(p.map_or("", |p| kind_nl(p.kind.as_str()))),
            fmt_nl_round(r.s1, 3),
            fmt_nl_round(r.st, 3)
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

fn initiative_table(rows: &[&InitiativeRow], themes: Option<&[(String, String)]>) -> String {
    let mut s = String::from(
        "<table><thead><tr><th>initiatief</th><th class=\"n\">gepubliceerd</th><th class=\"n\">herberekend</th>\
         <th class=\"n\">verschil</th><th>status</th><th>toelichting</th></tr></thead><tbody>",
    );
    let row = |s: &mut String, r: &InitiativeRow| {
        let _ = write!(
            s,
            "<tr><td><a href=\"#x-{}\">{}</a><br><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            escape(&r.id),
            escape(&r.name),
            escape(&r.id),
            escape(&r.published_as_written.as_deref().map_or("–".to_string(), published_nl)),
            fmt_nl_round(r.computed, 2),
            r.difference.map_or("–".into(), signed),
            status_badge(&r.status),
            note_cell(r.notes.as_deref().unwrap_or(""))
        );
    };
    match themes {
        Some(themes) => {
            for (id, name) in themes {
                let _ = write!(
                    s,
                    "<tr class=\"group\"><td colspan=\"6\">{}</td></tr>",
                    escape(name)
                );
                for r in rows.iter().filter(|r| &r.theme == id) {
                    row(&mut s, r);
                }
            }
        }
        None => rows.iter().for_each(|r| row(&mut s, r)),
    }
    s.push_str("</tbody></table>\n");
    s
}

/// A note for a table cell: a long one collapsed after its first 160 characters.
fn note_cell(note: &str) -> String {
    if note.chars().count() <= 200 {
        return escape(note);
    }
    let head: String = note.chars().take(160).collect();
    let head = head.rsplit_once(' ').map_or(head.as_str(), |(a, _)| a);
    format!(
        "<details><summary>{} …</summary>{}</details>",
        escape(head),
        escape(note)
    )
}

/// A published figure as printed, in Dutch notation ("0 - 1", "30.43" -> "30,43").
fn published_nl(text: &str) -> String {
    text.split(' ')
        .map(|w| w.parse::<f64>().map_or(w.to_string(), fmt_nl))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every initiative: grouped by theme in model order, then the same rows sorted two ways.
pub(super) fn initiatives(report: &RecomputeReport) -> String {
    let themes: Vec<(String, String)> = report
        .themes
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let rows: Vec<&InitiativeRow> = report.initiatives.iter().collect();
    let mut s = String::from(
        "<p>Per thema, in de volgorde van de bron. Herberekend is wat de formule met de genoemde \
         parameters geeft; de naam leidt naar de berekening stap voor stap.</p>\n",
    );
    s.push_str(&initiative_table(&rows, Some(&themes)));
    let mut by_gap = rows.clone();
    by_gap.sort_by(|a, b| {
        let gap = |r: &InitiativeRow| r.difference.map_or(-1.0, f64::abs);
        gap(b).total_cmp(&gap(a)).then_with(|| a.id.cmp(&b.id))
    });
    s.push_str("<details><summary>Gesorteerd op verschil (grootste afwijking eerst)</summary>\n");
    s.push_str(&initiative_table(&by_gap, None));
    s.push_str("</details>\n");
    let mut by_size = rows;
    by_size.sort_by(|a, b| {
        b.computed
            .total_cmp(&a.computed)
            .then_with(|| a.id.cmp(&b.id))
    });
    s.push_str("<details><summary>Gesorteerd op herberekend aantal (grootste eerst)</summary>\n");
    s.push_str(&initiative_table(&by_size, None));
    s.push_str("</details>\n");
    s
}

/// One collapsible trace per initiative: inputs with value, unit, source and kind, each
/// step of each component, the total and the notes.
pub(super) fn explanations(exs: &[Explanation]) -> String {
    let mut s = String::from(
        "<p>Klik op een initiatief om de berekening te openen: elke invoer met waarde, eenheid en bron, \
         en elke rekenstap met het tussenresultaat.</p>\n",
    );
    for ex in exs {
        let _ = writeln!(
            s,
            "<details class=\"trace\" id=\"x-{}\"><summary><strong>{}</strong> <code>{}</code> · herberekend {}{} {}</summary>",
            escape(&ex.id),
            escape(&ex.name),
            escape(&ex.id),
            fmt_nl_round(ex.computed, 2),
            ex.published.as_deref().map_or(String::new(), |p| format!(", gepubliceerd {}", escape(&published_nl(p)))),
            status_badge(&ex.status)
        );
        let _ = write!(s, "<p class=\"muted\">Thema: {}", escape(&ex.theme));
        if let Some(by) = &ex.submitted_by {
            let _ = write!(s, " · ingediend door {}", escape(by));
        }
        s.push_str("</p>\n");
        if let Some(f) = &ex.source_formula {
            let _ = writeln!(s, "<p>Formule in de bron: <code>{}</code></p>", escape(f));
        }
        if let Some((case, share)) = &ex.shared {
            let _ = writeln!(
                s,
                "<p>Aandeel {} van het gedeelde business case <code>{}</code>.</p>",
                fmt_nl_round(*share, 4),
                escape(case)
            );
        }
        s.push_str("<table><thead><tr><th>invoer</th><th class=\"n\">waarde</th><th>eenheid</th><th>bron</th><th>soort</th><th>toelichting</th></tr></thead><tbody>");
        for i in &ex.inputs {
            let _ = write!(
                s,
                "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
                escape(&i.name),
                fmt_nl(i.value),
                escape(&i.unit),
                escape(i.source.as_deref().unwrap_or("geen bron genoemd")),
                escape(kind_nl(&i.kind)),
                escape(i.note.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</tbody></table>\n");
        for c in &ex.components {
            let _ = writeln!(
                s,
                "<p>Component <strong>{}</strong> ({}, {}): <code>{}</code></p>",
                escape(&c.label),
                escape(&c.sector),
                if c.sign == "cost" {
                    "kost personeel"
                } else {
                    "bespaart personeel"
                },
                escape(&c.formula)
            );
            s.push_str("<table><tbody>");
            for st in &c.steps {
                let _ = write!(
                    s,
                    "<tr><td class=\"n\">[{}]</td><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td></tr>",
                    st.index,
                    escape(&st.operation),
                    fmt_nl(st.value),
                    escape(&st.unit)
                );
            }
            let _ = write!(
                s,
                "</tbody></table>\n<p>= {} personen</p>\n",
                fmt_nl(c.persons)
            );
        }
        let _ = write!(
            s,
            "<p><strong>Totaal: {} personen</strong>",
            fmt_nl(ex.computed)
        );
        if let Some(p) = &ex.published {
            let _ = write!(
                s,
                " (gepubliceerd: {}; {})",
                escape(&published_nl(p)),
                escape(status_nl(&ex.status))
            );
        }
        s.push_str("</p>\n");
        if let Some(n) = &ex.notes {
            let _ = writeln!(s, "<p>Toelichting: {}</p>", escape(n));
        }
        s.push_str("</details>\n");
    }
    s
}

/// Model id, file hash, library version, seed and n: what rebuilds every figure above.
pub(super) fn reproduction(r: &Reproduction) -> String {
    let mut s = String::from("<dl class=\"repro\">");
    let o = &r.options;
    for (k, v) in [
        ("model", r.model.clone()),
        ("herkomst", r.origin.clone()),
        ("SHA-256 van het model (model.to_toml())", r.hash.clone()),
        (
            "model_toml_hash (Python)",
            r.hash.chars().take(16).collect(),
        ),
        ("workforce-impact versie", r.version.clone()),
        ("seed", o.seed.to_string()),
        ("n (Monte Carlo)", o.n.to_string()),
        ("n (Sobol)", o.sobol_n.to_string()),
        (
            "gevarieerde aannames",
            format!("{} (driehoek, ±{}%)", r.inputs, o.rel * 100.0),
        ),
    ] {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(&v));
    }
    s.push_str("</dl>\n");
    let model_arg = if r.origin.starts_with("builtin:") {
        r.model.clone()
    } else {
        r.origin.clone()
    };
    let _ = write!(
        s,
        "<p>Opnieuw maken, op de opdrachtregel of in Python:</p>\n<pre><code>workforce-impact report {} --html rapport.html -n {} --seed {}</code></pre>\n\
         <pre><code>model.report(\"rapport.html\", n={}, seed={})</code></pre>\n\
         <p class=\"muted\">Dezelfde versie, hetzelfde model (dezelfde hash), seed en n geven hetzelfde rapport, \
         ook op een andere computer of met een ander aantal processorkernen.</p>\n",
        escape(&model_arg),
        o.n,
        o.seed,
        o.n,
        o.seed
    );
    s
}

/// The portfolio as each place of the document publishes it (issue 7 §4).
pub(super) fn published_versions(versions: &[crate::published::PublishedVersion]) -> String {
    let mut s = String::from(
        "<table><thead><tr><th>waar</th><th class=\"n\">totaal</th><th class=\"n\">aandeel</th><th>initiatieven met een ander getal</th></tr></thead><tbody>",
    );
    for v in versions {
        let diffs: Vec<String> = v
            .differences
            .iter()
            .map(|d| {
                format!(
                    "{} ({} in plaats van {})",
                    d.initiative,
                    fmt_nl(d.value),
                    fmt_nl(d.primary)
                )
            })
            .collect();
        let _ = write!(
            s,
            "<tr><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"note\">{}</td></tr>",
            escape(&v.place),
            if v.primary { " (gebruikt in de som)" } else { "" },
            persons(v.total),
            v.share.map_or("–".into(), pct),
            escape(&diffs.join("; "))
        );
    }
    s.push_str("</tbody></table>\n");
    s
}
