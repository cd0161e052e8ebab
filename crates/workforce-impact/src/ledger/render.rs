//! The ledger, matrix and settlement as text: an aligned table, Markdown, CSV and JSON,
//! for `workforce-impact ledger`.

use super::rows::add;
use super::{Ledger, Settlement};
use crate::report::fmt_number;

/// Output formats of [`Ledger::render`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// Aligned columns.
    Table,
    /// Markdown tables.
    Markdown,
    /// CSV (the ledger rows, then a blank line and the settlement rows).
    Csv,
}

pub(super) fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |x| fmt_number(round(x)))
}

/// A CSV cell: the number in full, empty when missing.
pub(super) fn raw(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

fn round(x: f64) -> f64 {
    if x.abs() >= 100.0 {
        x.round()
    } else {
        (x * 100.0).round() / 100.0
    }
}

pub(super) fn table(out: &mut String, format: TextFormat, head: &[&str], rows: &[Vec<String>]) {
    match format {
        TextFormat::Markdown => {
            out.push_str(&format!("| {} |\n", head.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
            for r in rows {
                out.push_str(&format!("| {} |\n", r.join(" | ")));
            }
        }
        TextFormat::Csv => {
            let q = |t: &str| {
                if t.contains([',', '"', '\n']) {
                    format!("\"{}\"", t.replace('"', "\"\""))
                } else {
                    t.to_string()
                }
            };
            out.push_str(&head.join(","));
            out.push('\n');
            for r in rows {
                out.push_str(&r.iter().map(|c| q(c)).collect::<Vec<_>>().join(","));
                out.push('\n');
            }
        }
        TextFormat::Table => {
            let mut width: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
            for r in rows {
                for (w, c) in width.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |cells: Vec<&str>| {
                let mut s = String::new();
                for (i, c) in cells.iter().enumerate() {
                    let pad = width[i].saturating_sub(c.chars().count());
                    if i == 0 || i == 1 {
                        s.push_str(c);
                        s.push_str(&" ".repeat(pad));
                    } else {
                        s.push_str(&" ".repeat(pad));
                        s.push_str(c);
                    }
                    s.push_str("  ");
                }
                s.trim_end().to_string() + "\n"
            };
            out.push_str(&line(head.to_vec()));
            for r in rows {
                out.push_str(&line(r.iter().map(String::as_str).collect()));
            }
        }
    }
}

impl Ledger {
    /// The ledger rows, the matrix and each settlement in `settlements`, as text. CSV
    /// gives only the rows (and the settlements' party rows after a blank line).
    pub fn render(&self, settlements: &[Settlement], format: TextFormat) -> String {
        let opt = |v: Option<f64>| {
            if format == TextFormat::Csv {
                raw(v)
            } else {
                opt(v)
            }
        };
        let mut out = String::new();
        let heading = |out: &mut String, title: &str| match format {
            TextFormat::Markdown => out.push_str(&format!("\n## {title}\n\n")),
            TextFormat::Table => out.push_str(&format!("\n{title}\n")),
            TextFormat::Csv => out.push('\n'),
        };
        let year = |y: Option<i32>| y.map_or("-".to_string(), |y| y.to_string());
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.party.clone(),
                    r.initiative.clone(),
                    year(r.year),
                    r.kind.as_str().to_string(),
                    r.label
                        .clone()
                        .or_else(|| r.sector.clone())
                        .unwrap_or_default(),
                    opt(r.persons),
                    opt(r.fte),
                    opt(r.eur),
                ]
            })
            .collect();
        if format != TextFormat::Csv {
            let title = format!(
                "Ledger of {}: what each party gains (+) or puts in (-)",
                self.model
            );
            match format {
                TextFormat::Markdown => out.push_str(&format!("# {title}\n\n")),
                _ => out.push_str(&format!("{title}\n")),
            }
        }
        table(
            &mut out,
            format,
            &[
                "party",
                "initiative",
                "year",
                "kind",
                "label",
                "persons",
                "FTE",
                "EUR",
            ],
            &rows,
        );
        if format != TextFormat::Csv {
            heading(
                &mut out,
                "Who invests, who benefits: net per party (persons | EUR)",
            );
            let m = self.matrix();
            let mut head = vec![
                "party".to_string(),
                "persons".to_string(),
                "EUR".to_string(),
            ];
            head.extend(m.initiatives.iter().cloned());
            let rows: Vec<Vec<String>> = (m.parties.iter().enumerate())
                .map(|(p, id)| {
                    let persons: f64 = m.persons[p].iter().sum();
                    let eur = m.eur[p].iter().fold(None, |a, &x| add(a, x));
                    let mut r = vec![id.clone(), opt(Some(persons)), opt(eur)];
                    for i in 0..m.initiatives.len() {
                        r.push(match m.eur[p][i] {
                            Some(e) => format!("{} | {}", opt(Some(m.persons[p][i])), opt(Some(e))),
                            None => opt(Some(m.persons[p][i])),
                        });
                    }
                    r
                })
                .collect();
            let head: Vec<&str> = head.iter().map(String::as_str).collect();
            table(&mut out, format, &head, &rows);
        }
        for s in settlements {
            heading(
                &mut out,
                &format!(
                    "Settlement of agreement '{}' ({}), in {}",
                    s.agreement, s.name, s.unit
                ),
            );
            let mut rows = Vec::new();
            for y in &s.years {
                for p in &y.parties {
                    rows.push(vec![
                        p.party.clone(),
                        s.agreement.clone(),
                        year(y.year),
                        opt(Some(p.invested)),
                        opt(Some(p.gained)),
                        opt(Some(p.net_before)),
                        opt(Some(p.transfer)),
                        opt(Some(p.net_after)),
                    ]);
                }
            }
            table(
                &mut out,
                format,
                &[
                    "party",
                    "agreement",
                    "year",
                    "invested",
                    "gained",
                    "net_before",
                    "transfer",
                    "net_after",
                ],
                &rows,
            );
            if format != TextFormat::Csv {
                for y in &s.years {
                    match &y.reason {
                        Some(r) => out.push_str(&format!("{}: no payout: {r}\n", year(y.year))),
                        None => {
                            for t in &y.transfers {
                                out.push_str(&format!(
                                    "{}: {} pays {} {} {}\n",
                                    year(y.year),
                                    t.from,
                                    t.to,
                                    opt(Some(t.amount)),
                                    s.unit
                                ));
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
