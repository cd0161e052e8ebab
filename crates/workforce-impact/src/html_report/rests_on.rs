//! The sections on what the figure rests on, in Dutch from the data (issue 7 §2, §3, §5):
//! the provenance of the total, the presets table, and the bases initiatives cut.

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round, pct};
use super::page::{kind_nl, persons};
use crate::engine::{Distribution, Input, Spec};
use crate::overlap::Overlap;
use crate::provenance::{PresetRow, Provenance};

/// A row label of the provenance table: a class, or one of the two summary rows.
fn class_nl(class: &str) -> String {
    match class {
        "any uncertain class" => {
            "minstens één onzeker getal (zonder bron, aanname, expertschatting of andere regio)"
                .into()
        }
        "sourced only" => "alleen getallen met een genoemde bron".into(),
        other => kind_nl(other).to_string(),
    }
}

/// What the total rests on: per class, and per initiative in a folded table.
pub(super) fn provenance(p: &Provenance) -> String {
    let mut s = String::from(
        "<p>De personen van een initiatief <em>rusten op</em> een klasse als minstens één \
         getal van die klasse in zijn formules zit, direct of via afgeleide parameters. Een \
         initiatief telt mee bij elke klasse waarop het rust.</p>\n<table><thead><tr>\
         <th>rust op</th><th class=\"n\">initiatieven</th><th class=\"n\">personen</th>\
         <th class=\"n\">aandeel van het totaal</th><th class=\"n\">aandeel van het tekort</th>\
         </tr></thead><tbody>",
    );
    for c in &p.classes {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&class_nl(&c.class)),
            c.initiatives,
            persons(c.persons),
            pct(c.share_of_total),
            pct(c.share_of_shortage)
        );
    }
    s.push_str("</tbody></table>\n<details><summary>Per initiatief: de getallen per klasse</summary><table><thead><tr><th>initiatief</th><th class=\"n\">personen</th><th>getallen per klasse</th></tr></thead><tbody>");
    for i in &p.initiatives {
        let kinds: Vec<String> = i
            .kinds
            .iter()
            .map(|(k, n)| format!("{} {n}", kind_nl(k.as_str())))
            .collect();
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&i.id),
            persons(i.persons),
            escape(&kinds.join(", "))
        );
    }
    s.push_str("</tbody></table></details>\n");
    s
}

/// The presets table: how sure the share is when each class of numbers varies; `fixed`
/// vary beside every preset.
pub(super) fn presets(rows: &[PresetRow], rel: f64, fixed: &[Input]) -> String {
    let target = rows.first().map_or(0.35, |r| r.target);
    let width = fmt_nl(rel * 100.0);
    let mut s = format!(
        "<p>Per regel varieert elk getal van de genoemde klassen met een driehoeksverdeling \
         van {width}% onder tot {width}% boven de genoemde waarde (binnen het geldige bereik)",
    );
    if !fixed.is_empty() {
        let described: Vec<String> = fixed
            .iter()
            .map(|i| match &i.spec {
                Spec::Absolute(Distribution::Uniform { lo, hi }) => format!(
                    "<code>{}</code> uniform {}–{}",
                    escape(&i.name),
                    fmt_nl(*lo),
                    fmt_nl(*hi)
                ),
                _ => format!("<code>{}</code>", escape(&i.name)),
            })
            .collect();
        let _ = write!(s, ", en daarnaast steeds {}", described.join(" en "));
    }
    let _ = write!(
        s,
        ". Dezelfde trekkingen (seed) voor elke regel.</p>\n<table><thead><tr><th>wat varieert</th>\
         <th class=\"n\">invoer</th><th class=\"n\">aandeel p5 / p50 / p95</th>\
         <th class=\"n\">P(aandeel ≥ {})</th></tr></thead><tbody>",
        pct(target)
    );
    for r in rows {
        let kinds: Vec<&str> = r.kinds.split(',').map(|k| kind_nl(k.trim())).collect();
        let label = match r.preset.as_str() {
            "assumption" => "aannames".to_string(),
            "uncertain" => format!("onzeker: {}", kinds.join(", ")),
            "all" => format!("alles: {}", kinds.join(", ")),
            _ => kinds.join(", "),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} / {} / {}</td><td class=\"n\">{}</td></tr>",
            escape(&label),
            r.inputs,
            pct(r.p5),
            pct(r.p50),
            pct(r.p95),
            fmt_nl_round(r.prob, 3)
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

/// The bases several initiatives cut: each cut as a share of the base, the sum as the
/// regioplan adds up, the multiplicative reading and the difference in persons.
pub(super) fn overlap(o: &Overlap) -> String {
    let mut s = String::from(
        "<p>Sommige initiatieven verlagen dezelfde basis (bijvoorbeeld de klinische ligdagen \
         van 65-plussers). Het regioplan telt hun effecten op; als elk effect werkt op wat de \
         vorige overlaat, is het gezamenlijke effect 1 − Π(1 − r). Het verschil staat hieronder \
         als interactie in personen, naast de herberekening: het verandert die niet.</p>\n",
    );
    for b in &o.bases {
        let _ = write!(
            s,
            "<h3>{} <code>{}</code></h3><p>Omvang {} {}{}</p><table><thead><tr><th>initiatief</th>\
             <th>component</th><th class=\"n\">afname ({})</th><th class=\"n\">aandeel</th>\
             <th class=\"n\">personen</th></tr></thead><tbody>",
            escape(&b.name),
            escape(&b.id),
            fmt_nl_round(b.size, 1),
            escape(&b.unit),
            b.source
                .as_ref()
                .map(|src| format!(" (bron: {}, {})", escape(src), kind_nl(&b.kind)))
                .unwrap_or_default(),
            escape(&b.unit)
        );
        for c in &b.cuts {
            let _ = write!(
                s,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&c.initiative),
                escape(&c.component),
                fmt_nl_round(c.cut, 1),
                pct(c.share),
                persons(c.persons)
            );
        }
        let _ = write!(
            s,
            "</tbody></table><p>Opgeteld {} van de basis (zoals het regioplan optelt), \
             multiplicatief {}; {} personen opgeteld, {} multiplicatief: interactie <strong>{} \
             personen</strong>.{}</p>",
            pct(b.additive),
            pct(b.multiplicative),
            persons(b.persons),
            persons(b.persons_multiplicative),
            fmt_nl_round(b.interaction, 2),
            if b.exceeds_threshold {
                format!(
                    " <strong>Samen meer dan de drempel van {}.</strong>",
                    pct(b.threshold)
                )
            } else {
                String::new()
            }
        );
        for d in &b.identical {
            let _ = write!(
                s,
                "<p class=\"note\">Gelijke afnames (mogelijk dubbel geteld): <code>{}</code> {} = \
                 <code>{}</code> {}</p>",
                escape(&d.first.0),
                escape(&d.first.1),
                escape(&d.second.0),
                escape(&d.second.1)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "<p>Interactie over alle bases samen: <strong>{} personen</strong>, getoond naast de \
         herberekening en er niet van afgetrokken.</p>",
        fmt_nl(o.interaction())
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Model, Overrides};

    #[test]
    fn the_sections_speak_dutch_and_escape_what_they_show() {
        let model = Model::builtin("nml-2023").expect("builtin");
        let eval = model.evaluate(&Overrides::default()).expect("evaluates");
        let p = provenance(&model.provenance(&eval));
        assert!(
            p.contains("<td>zonder bron</td><td class=\"n\">18</td><td class=\"n\">997,1</td>"),
            "{p}"
        );
        let o = overlap(&model.overlap(&eval));
        assert!(
            o.contains("interactie <strong>-3,46 personen</strong>"),
            "{o}"
        );
        assert!(!o.contains("<script"));
    }
}
