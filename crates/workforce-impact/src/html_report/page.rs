//! The page around the sections: the stylesheet, the document with its table of contents,
//! and the small helpers every section shares (Dutch names of statuses, classes and
//! scenarios, the persons format, cards, notes). Every text from the model goes through
//! [`escape`].

use std::fmt::Write as _;

use super::escape::{escape, fmt_nl, fmt_nl_round};
use crate::report::RecomputeReport;

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
.scroll { overflow-x: auto; } table.matrix th.n { white-space: normal; }
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
svg .band { fill: #e8eef3; } svg .lband { fill: var(--c2); fill-opacity: .25; }
svg .grid { stroke: #e3e7eb; stroke-width: 1; }
svg polyline, svg g line { fill: none; stroke-width: 2.5; }
svg .l0 { stroke: var(--c0); fill: var(--c0); } svg .l1 { stroke: var(--c1); fill: var(--c1); }
svg .l2 { stroke: var(--c2); fill: var(--c2); } svg .l3 { stroke: var(--c3); fill: var(--c3); }
svg polyline.l0, svg polyline.l1, svg polyline.l2, svg polyline.l3 { fill: none; }
svg .dashed { stroke-dasharray: 7 5; }
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

pub(super) fn status_badge(status: &str) -> String {
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

pub(super) fn card(class: &str, key: &str, value: &str, detail: &str) -> String {
    format!(
        r#"<div class="card {class}"><div class="k">{}</div><div class="v">{}</div><div class="d">{}</div></div>"#,
        escape(key),
        escape(value),
        escape(detail)
    )
}

/// The shortage scenario as the report's readers say it.
pub(super) fn scenario_nl(s: &str) -> &str {
    match s {
        "baseline" => "basis",
        "unbent" => "zonder ombuiging",
        other => other,
    }
}

/// A difference with its sign, one decimal: `+2,3`, `-1`, `0`.
pub(super) fn signed(v: f64) -> String {
    let t = fmt_nl_round(v, 1);
    if v > 0.0 && t != "0" {
        format!("+{t}")
    } else {
        t
    }
}

/// A note for a table cell: a long one collapsed after its first 160 characters.
pub(super) fn note_cell(note: &str) -> String {
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
pub(super) fn published_nl(text: &str) -> String {
    text.split(' ')
        .map(|w| w.parse::<f64>().map_or(w.to_string(), fmt_nl))
        .collect::<Vec<_>>()
        .join(" ")
}
