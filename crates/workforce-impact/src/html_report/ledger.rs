//! Wie investeert, wie profiteert: the ledger of the stated evaluation per party
//! ([`Model::ledger`], [`Ledger::matrix`](crate::ledger::Ledger::matrix)), the share no
//! party can be assigned to, and each agreement's settlement ([`Model::settlement`]).

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl_round, pct};
use super::page::persons;
use super::svg::{self, Bar};
use crate::engine::Evaluation;
use crate::error::Error;
use crate::ledger::{Ledger, Matrix, Settlement, UNASSIGNED};
use crate::model::Model;

/// What the section shows.
pub(super) struct LedgerData {
    /// The ledger's matrix.
    matrix: Matrix,
    /// Party id -> name, for the parties the model declares.
    names: Vec<(String, String)>,
    /// Persons per party, in the matrix's order.
    by_party: Vec<(String, f64)>,
    /// Whether any figure is in euros.
    euros: bool,
    /// The settlement of every agreement, in model order, with its note.
    settlements: Vec<(Settlement, Option<String>)>,
}

/// The data of the section; `None` when the ledger has no party at all (a model without
/// initiatives). Errors as [`Model::settlement`] does.
pub(super) fn gather(model: &Model, eval: &Evaluation) -> Result<Option<LedgerData>, Error> {
    let ledger: Ledger = model.ledger(eval);
    if ledger.parties.is_empty() {
        return Ok(None);
    }
    let matrix = ledger.matrix();
    let euros = matrix.eur.iter().flatten().any(Option::is_some);
    let settlements = (model.ledger.agreements.iter())
        .map(|a| Ok((model.settlement(eval, &a.id)?, a.note.clone())))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Some(LedgerData {
        by_party: ledger.persons_by_party(),
        names: (model.ledger.parties.iter())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        matrix,
        euros,
        settlements,
    }))
}

fn name<'a>(d: &'a LedgerData, id: &'a str) -> &'a str {
    if id == UNASSIGNED {
        return "niet toe te wijzen";
    }
    (d.names.iter())
        .find(|(p, _)| p == id)
        .map_or(id, |(_, n)| n.as_str())
}

/// Euros as the report shows them: whole euros, Dutch notation.
fn eur(v: f64) -> String {
    format!("€ {}", fmt_nl_round(v, 0))
}

/// An amount in a settlement's unit.
fn amount(v: f64, unit: &str) -> String {
    match unit {
        "EUR" => eur(v),
        "FTE" => format!("{} fte", fmt_nl_round(v, 2)),
        _ => format!("{} personen", persons(v)),
    }
}

/// The section's HTML.
pub(super) fn section(d: &LedgerData) -> String {
    let mut s = String::from(
        "<p>Wie het personeel vrijspeelt en wie het geld uitspaart is niet altijd wie \
         investeert. Elk vrijgespeeld of extra nodig personeelslid is geboekt bij de partij die \
         de zorg levert in die sector (of bij de partij die het initiatief noemt); bedragen staan \
         er alleen waar het model kosten per fte of geldstromen geeft. Positief is wat de partij \
         wint, negatief wat zij inlegt.</p>\n",
    );
    parties(&mut s, d);
    matrix(&mut s, d);
    for (st, note) in &d.settlements {
        settlement(&mut s, d, st, note.as_deref());
    }
    if d.settlements.is_empty() {
        s.push_str(
            "<p class=\"muted\">Het model geeft geen afspraak over het delen van besparingen \
             (<code>[[agreements]]</code>), dus geen verrekening.</p>\n",
        );
    }
    s
}

fn parties(s: &mut String, d: &LedgerData) {
    let total: f64 = d.by_party.iter().map(|p| p.1).sum();
    if let Some((_, un)) = d.by_party.iter().find(|p| p.0 == UNASSIGNED) {
        let _ = writeln!(
            s,
            "<p class=\"unassigned\"><strong>{} van de {} personen ({}) zijn aan geen partij toe te \
             wijzen</strong>: ze vallen in de sector <em>zorg en welzijn breed</em>, waar de bron \
             geen aanbieder of financier noemt. Wie daar profiteert, staat niet in het model.</p>",
            persons(*un),
            persons(total),
            pct(if total != 0.0 { un / total } else { f64::NAN })
        );
    }
    let bars: Vec<Bar> = (d.by_party.iter())
        .map(|(p, v)| Bar {
            label: name(d, p).to_string(),
            value: *v,
            text: format!("{} personen", persons(*v)),
            class: if p == UNASSIGNED {
                "c2"
            } else if *v < 0.0 {
                "c3"
            } else {
                "c0"
            },
        })
        .collect();
    s.push_str(&svg::hbars(
        "Vrijgespeeld personeel per partij (personen)",
        &bars,
        &[],
        &persons,
    ));
    // a share of the total only means something when the parties together free staff
    let shares = total > 0.0;
    s.push_str("<table class=\"parties\"><thead><tr><th>partij</th><th class=\"n\">personen</th>");
    if shares {
        s.push_str("<th class=\"n\">aandeel</th>");
    }
    if d.euros {
        s.push_str("<th class=\"n\">bedrag per jaar</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for (i, (p, v)) in d.by_party.iter().enumerate() {
        let _ = write!(
            s,
            "<tr id=\"partij-{}\"><td>{}</td><td class=\"n\">{}</td>",
            escape(p),
            escape(name(d, p)),
            persons(*v)
        );
        if shares {
            let _ = write!(s, "<td class=\"n\">{}</td>", pct(v / total));
        }
        if d.euros {
            let sum = d.matrix.eur[i]
                .iter()
                .flatten()
                .copied()
                .reduce(|a, b| a + b);
            let _ = write!(s, "<td class=\"n\">{}</td>", sum.map_or("–".into(), eur));
        }
        s.push_str("</tr>");
    }
    let _ = writeln!(
        s,
        "<tr class=\"group\"><td>Totaal</td><td class=\"n\">{}</td>{}{}</tr></tbody></table>",
        persons(total),
        if shares { "<td></td>" } else { "" },
        if d.euros { "<td></td>" } else { "" }
    );
}

fn matrix(s: &mut String, d: &LedgerData) {
    let m = &d.matrix;
    let open = if m.initiatives.len() <= 12 {
        " open"
    } else {
        ""
    };
    let _ = write!(
        s,
        "<details{open}><summary>Per initiatief en partij ({} initiatieven × {} partijen){}</summary>\
         <div class=\"scroll\"><table class=\"matrix\"><thead><tr><th>initiatief</th>",
        m.initiatives.len(),
        m.parties.len(),
        if d.euros { ": personen, en bedragen per jaar" } else { ": personen" }
    );
    for p in &m.parties {
        let _ = write!(s, "<th class=\"n\">{}</th>", escape(name(d, p)));
    }
    s.push_str("</tr></thead><tbody>");
    for (i, ini) in m.initiatives.iter().enumerate() {
        let _ = write!(s, "<tr><td><code>{}</code></td>", escape(ini));
        for p in 0..m.parties.len() {
            let v = m.persons[p][i];
            let e = m.eur[p][i];
            let cell = match (v != 0.0, e) {
                (false, None) => String::new(),
                (_, None) => persons(v),
                (_, Some(e)) => format!("{}<br>{}", persons(v), escape(&eur(e))),
            };
            let _ = write!(s, "<td class=\"n\">{cell}</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div></details>\n");
}

fn settlement(s: &mut String, d: &LedgerData, st: &Settlement, note: Option<&str>) {
    let _ = writeln!(
        s,
        "<h3 id=\"afspraak-{}\">Verrekening: {}</h3>",
        escape(&st.agreement),
        escape(&st.name)
    );
    if let Some(n) = note {
        let _ = writeln!(s, "<p class=\"muted\">{}</p>", escape(n));
    }
    let unit = st.unit;
    for y in &st.years {
        let year = y.year.map_or(String::new(), |y| format!(" in {y}"));
        let _ = write!(
            s,
            "<p>Besparing van de partijen samen{year}: <strong>{}</strong>, waarvan meegeteld {}. ",
            escape(&amount(y.savings, unit)),
            escape(&amount(y.counted, unit))
        );
        if y.paid {
            s.push_str("De afspraak keert uit.</p>\n");
        } else {
            let _ = writeln!(
                s,
                "<strong>Er wordt niets uitgekeerd</strong>{}.</p>",
                y.reason
                    .as_deref()
                    .map_or(String::new(), |r| format!(": {}", escape(r)))
            );
        }
        s.push_str(
            "<table class=\"settlement\"><thead><tr><th>partij</th><th class=\"n\">ingelegd</th>\
             <th class=\"n\">gewonnen</th><th class=\"n\">netto vooraf</th><th class=\"n\">terugverdiend</th>\
             <th class=\"n\">aandeel rest</th><th class=\"n\">overdracht</th><th class=\"n\">netto na verrekening</th></tr></thead><tbody>",
        );
        for p in &y.parties {
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(name(d, &p.party)),
                escape(&amount(p.invested, unit)),
                escape(&amount(p.gained, unit)),
                escape(&amount(p.net_before, unit)),
                escape(&amount(p.recovered, unit)),
                escape(&amount(p.shared, unit)),
                escape(&amount(p.transfer, unit)),
                escape(&amount(p.net_after, unit))
            );
        }
        let sum: f64 = y.parties.iter().map(|p| p.transfer).sum();
        // the transfers cancel: what one pays another receives (up to rounding of f64)
        let shown = if sum.abs() < 1e-6 * (1.0 + y.savings.abs()) {
            0.0
        } else {
            sum
        };
        let _ = writeln!(
            s,
            "<tr class=\"group\"><td>Som van de overdrachten</td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">{}</td><td></td></tr></tbody></table>",
            escape(&amount(shown, unit))
        );
        if !y.transfers.is_empty() {
            s.push_str("<ul class=\"transfers\">");
            for t in &y.transfers {
                let _ = write!(
                    s,
                    "<li>{} betaalt {} {}</li>",
                    escape(name(d, &t.from)),
                    escape(name(d, &t.to)),
                    escape(&amount(t.amount, unit))
                );
            }
            s.push_str("</ul>\n");
        }
    }
}
