//! Regio's: the two readings of a stated regional share ([`Model::split_readings`]) and,
//! with a region table, the model carried to every region of it
//! ([`Model::evaluate_regions`]).

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round, pct};
use super::page::{persons, signed};
use crate::error::Error;
use crate::model::Model;
use crate::regions::{RegionTable, RegionsEvaluation, RegionsOptions, SplitReading};

/// What the section shows.
pub(super) struct Regions {
    /// The model's own region.
    own: Option<String>,
    /// The stated shares, each read two ways.
    splits: Vec<SplitReading>,
    /// The region table asked for, and every region of it evaluated.
    all: Option<(RegionTable, RegionsEvaluation)>,
    /// The theme ids and names, in model order.
    themes: Vec<(String, String)>,
}

/// The data of the section; `None` when the model states no regional share and no region
/// table is given. Errors as [`Model::split_readings`] and [`Model::evaluate_regions`] do
/// (a region the model cannot be carried to is the report's error, naming the region).
pub(super) fn gather(model: &Model, table: Option<&RegionTable>) -> Result<Option<Regions>, Error> {
    let splits = model.split_readings()?;
    let all = match table {
        Some(t) => Some((
            t.clone(),
            model.evaluate_regions(t, &RegionsOptions::default())?,
        )),
        None => None,
    };
    if splits.is_empty() && all.is_none() {
        return Ok(None);
    }
    Ok(Some(Regions {
        own: model.region.clone(),
        splits,
        all,
        themes: (model.themes.iter())
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
    }))
}

/// The section's HTML.
pub(super) fn section(d: &Regions) -> String {
    let mut s = String::new();
    if !d.splits.is_empty() {
        splits(&mut s, d);
    }
    match &d.all {
        Some((table, eval)) => all_regions(&mut s, d, table, eval),
        None => s.push_str(
            "<p class=\"muted\">Geen regiotabel meegegeven. Met een regiotabel (CSV: \
             <code>id,name,population,population_65plus,…</code>) toont het rapport hier het \
             model doorgerekend voor elke regio: <code>workforce-impact report MODEL --html \
             rapport.html --regions regio.csv</code>, of in Python \
             <code>model.report(\"rapport.html\", regions=wi.regions_from_csv(\"regio.csv\"))</code>.</p>\n",
        ),
    }
    s
}

fn splits(s: &mut String, d: &Regions) {
    let own = d.own.as_deref().unwrap_or("de regio");
    let _ = writeln!(
        s,
        "<h3>Twee lezingen van de regionale aandelen</h3>\n<p>De bron noemt het aandeel van \
         <code>{}</code> in een landelijk getal afgerond (bijvoorbeeld 3%). Hier staat elk zo'n \
         aandeel naast het aandeel dat uit de regiocijfers van het model volgt (regio ÷ land), \
         met wat elk voor het initiatief geeft. Het totaal van het rapport gebruikt het aandeel \
         zoals de bron het noemt.</p>",
        escape(own)
    );
    s.push_str(
        "<table class=\"splits\"><thead><tr><th>parameter</th><th>van</th><th class=\"n\">aandeel in de bron</th>\
         <th class=\"n\">herafgeleid</th><th class=\"n\">personen (bron)</th><th class=\"n\">personen (herafgeleid)</th>\
         <th class=\"n\">verschil</th></tr></thead><tbody>",
    );
    for r in &d.splits {
        let diff = match (r.persons_stated, r.persons_derived) {
            (Some(a), Some(b)) => signed(b - a),
            _ => "–".into(),
        };
        let p = |v: Option<f64>| v.map_or("–".to_string(), |v| fmt_nl_round(v, 2));
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td><code>{}.{}</code> / <code>{}.{}</code></td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&r.parameter),
            escape(&r.region),
            escape(&r.base),
            escape(&r.of),
            escape(&r.base),
            share3(r.stated),
            share3(r.derived),
            p(r.persons_stated),
            p(r.persons_derived),
            diff
        );
    }
    s.push_str("</tbody></table>\n");
}

/// A share with three decimals of a percent: `3,380%`.
fn share3(v: f64) -> String {
    format!("{}%", fmt_nl_round(v * 100.0, 3))
}

fn all_regions(s: &mut String, d: &Regions, table: &RegionTable, eval: &RegionsEvaluation) {
    let _ = writeln!(
        s,
        "<h3>Alle regio's</h3>\n<p>Het model doorgerekend voor elke regio van <code>{}</code> \
         ({} regio's){}: elk getal dat met de regio meeschaalt is omgerekend naar de regio \
         (zie de waarschuwingen). Een regio zonder eigen tekort krijgt het tekort van het \
         model, geschaald naar haar omvang: een grove benadering, geen prognose.</p>",
        escape(&table.origin),
        table.rows.len(),
        eval.year
            .map_or(String::new(), |y| format!(", doeljaar {y}"))
    );
    s.push_str("<table class=\"regions\"><thead><tr><th>regio</th>");
    for (_, name) in &d.themes {
        let _ = write!(s, "<th class=\"n\">{}</th>", escape(name));
    }
    s.push_str(
        "<th class=\"n\">totaal</th><th class=\"n\">tekort</th><th class=\"n\">aandeel</th></tr></thead><tbody>",
    );
    for region in &table.rows {
        let Some(total) = eval.total(&region.id) else {
            continue;
        };
        let _ = write!(
            s,
            "<tr id=\"regio-{}\"><td>{} <code>{}</code></td>",
            escape(&region.id),
            escape(&region.name),
            escape(&region.id)
        );
        for (theme, _) in &d.themes {
            let v = (eval.rows.iter())
                .find(|r| r.region == region.id && r.level == "theme" && &r.id == theme)
                .map_or(0.0, |r| r.persons);
            let _ = write!(s, "<td class=\"n\">{}</td>", persons(v));
        }
        let _ = write!(
            s,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            persons(total.persons),
            total.shortage.map_or("–".into(), fmt_nl),
            total.share.map_or("–".into(), pct)
        );
    }
    s.push_str("</tbody></table>\n");
    if !eval.warnings.is_empty() {
        let _ = write!(
            s,
            "<details><summary>Waarschuwingen bij het omrekenen ({})</summary><ul>",
            eval.warnings.len()
        );
        for (region, w) in &eval.warnings {
            let _ = write!(
                s,
                "<li><code>{}</code>: {}</li>",
                escape(region),
                escape(&w.message)
            );
        }
        s.push_str("</ul></details>\n");
    }
}
