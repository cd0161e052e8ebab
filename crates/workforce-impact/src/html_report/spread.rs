//! How sure the share is: the Monte Carlo distribution and the Sobol ranking of the
//! assumptions.

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round, pct};
use super::page::{kind_nl, persons};
use super::svg::{self, Bar, RefLine};
use super::Reproduction;
use crate::engine::{McStats, SobolRow};
use crate::model::Model;
use crate::report::RecomputeReport;

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
