//! The headline sections: the claim against the published and the recomputed share with
//! the shortage projection, and the waterfall of the total.

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, pct};
use super::page::{card, persons, scenario_nl, signed};
use super::svg::{self, Bar, RefLine};
use crate::model::Shortage;
use crate::report::RecomputeReport;

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
