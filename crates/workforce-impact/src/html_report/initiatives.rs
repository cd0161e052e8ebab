//! Every initiative: the tables by theme and sorted, each one's calculation step by step,
//! and the published figures per place in the document.

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round, pct};
use super::page::{kind_nl, note_cell, persons, published_nl, signed, status_badge, status_nl};
use crate::report::{InitiativeRow, RecomputeReport};
use crate::Explanation;

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
