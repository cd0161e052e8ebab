//! The recompute report: per initiative published vs computed, totals per theme, sector and
//! overall, and the share of the projected shortage, as a table, Markdown, CSV or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::{Evaluation, Status};
use crate::model::Model;

/// Formats a number for people: thousands separators, at most a few decimals (one from
/// 1,000 up, two from 1, three below), trailing zeros dropped.
///
/// ```
/// use workforce_impact::report::fmt_number;
///
/// assert_eq!(fmt_number(1277.5), "1,277.5");
/// assert_eq!(fmt_number(2.0625), "2.06");
/// ```
pub fn fmt_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let decimals = if v == v.round() {
        0
    } else if v.abs() >= 1000.0 {
        1
    } else if v.abs() >= 1.0 {
        2
    } else {
        3
    };
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && (int != "0" || !frac.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Persons landing in one sector.
#[derive(Clone, Debug, Serialize)]
pub struct SectorAmount {
    /// The sector id (`msz`, `vvt`, ...).
    pub sector: String,
    /// Signed persons: negative means extra staff needed in the sector.
    pub persons: f64,
}

/// One initiative in the report.
#[derive(Clone, Debug, Serialize)]
pub struct InitiativeRow {
    /// The initiative id.
    pub id: String,
    /// The initiative's name.
    pub name: String,
    /// The theme id.
    pub theme: String,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// The point figure used in the source's sum.
    pub published: Option<f64>,
    /// The figure as printed ("0 - 1").
    pub published_as_written: Option<String>,
    /// Where the published figure appears ("bijlage A"), if the model says.
    pub published_where: Option<String>,
    /// The other figures the document gives for the initiative, each with where.
    pub published_alt: Vec<crate::published::AltFigure>,
    /// The recomputed figure in persons (signed).
    pub computed: f64,
    /// `computed - published`, persons.
    pub difference: Option<f64>,
    /// [`Status::as_str`] of computed against published.
    pub status: String,
    /// Whether `computed` is within rounding of the published figure (also for a
    /// reconstructed initiative).
    pub within_rounding: bool,
    /// Persons per sector, one entry per component.
    pub sectors: Vec<SectorAmount>,
    /// The initiative's notes: why computed and published differ.
    pub notes: Option<String>,
}

/// One theme in the report.
#[derive(Clone, Debug, Serialize)]
pub struct ThemeRow {
    /// The theme id.
    pub id: String,
    /// The theme's name.
    pub name: String,
    /// Sum of its initiatives' published figures, persons.
    pub published: f64,
    /// Sum of its initiatives' computed figures, persons.
    pub computed: f64,
}

/// A published and a recomputed figure side by side.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Totals {
    /// As the source publishes it.
    pub published: f64,
    /// As recomputed from the model.
    pub computed: f64,
}

/// The shortage a report sets the portfolio against.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ShortageRef {
    /// The target year.
    pub year: i32,
    /// The baseline shortage in that year, persons.
    pub persons: f64,
}

/// What the source claims for the portfolio, as the report shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Claim {
    /// The claim as printed.
    pub text: Option<String>,
    /// The claimed share of the shortage as a fraction.
    pub share: Option<f64>,
    /// The low end of the claimed range, persons.
    pub low: Option<f64>,
    /// The high end of the claimed range, persons.
    pub high: Option<f64>,
    /// Where in the document the claim is made.
    #[serde(rename = "where")]
    pub place: Option<String>,
}

/// How many initiatives have each [`Status`].
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct StatusCounts {
    /// Within rounding of the published figure.
    pub reproduced: usize,
    /// Differing from the published figure (the notes say why).
    pub differs: usize,
    /// With a rebuilt formula.
    pub reconstructed: usize,
    /// Without a published figure.
    pub unpublished: usize,
    /// Reconstructed initiatives whose rebuilt formula lands within rounding of the
    /// published figure.
    pub reconstructed_within_rounding: usize,
}

/// Published vs recomputed, for a whole model.
#[derive(Clone, Debug, Serialize)]
pub struct RecomputeReport {
    /// The model id.
    pub model: String,
    /// The model's title.
    pub title: String,
    /// One row per initiative, in model order.
    pub initiatives: Vec<InitiativeRow>,
    /// One row per theme, in model order.
    pub themes: Vec<ThemeRow>,
    /// Computed persons per sector that occurs, in sector order.
    pub sectors: Vec<SectorAmount>,
    /// Published and computed portfolio totals, persons.
    pub totals: Totals,
    /// The target shortage, when the model has one.
    pub shortage: Option<ShortageRef>,
    /// Fractions of the shortage (0.35 is 35%); `null` without a shortage.
    pub share: Option<Totals>,
    /// What the source itself claims.
    pub claim: Option<Claim>,
    /// Every place the text states a claim, each with where (empty when the model lists
    /// none beside `claim`).
    pub claims: Vec<Claim>,
    /// The published total and share per version of the document (primary first).
    pub published_versions: Vec<crate::published::PublishedVersion>,
    /// Initiatives per status.
    pub counts: StatusCounts,
    /// Every base several initiatives cut, with both readings of the cuts' sum
    /// ([`crate::overlap`]); empty `bases` when the model declares none.
    pub overlap: crate::overlap::Overlap,
}

impl RecomputeReport {
    /// The report of `eval`, an evaluation of `model`.
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides, RecomputeReport};
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let report = RecomputeReport::new(&model, &model.evaluate(&Overrides::default()).unwrap());
    /// assert_eq!(report.initiatives.len(), 42);
    /// assert_eq!(report.shortage.unwrap().persons, 4500.0);
    /// assert!(report.to_table().contains("Share of the 2032 shortage of 4,500 persons"));
    /// ```
    pub fn new(model: &Model, eval: &Evaluation) -> RecomputeReport {
        let mut counts = StatusCounts::default();
        let initiatives: Vec<InitiativeRow> = model
            .initiatives
            .iter()
            .enumerate()
            .map(|(n, ini)| {
                let computed = eval.initiative_totals[n];
                let status = eval.status(model, n);
                match status {
                    Status::Reproduced => counts.reproduced += 1,
                    Status::Differs => counts.differs += 1,
                    Status::Reconstructed => {
                        counts.reconstructed += 1;
                        if ini
                            .published
                            .as_ref()
                            .is_some_and(|p| p.reproduced_by(computed))
                        {
                            counts.reconstructed_within_rounding += 1;
                        }
                    }
                    Status::Unpublished => counts.unpublished += 1,
                }
                InitiativeRow {
                    id: ini.id.clone(),
                    name: ini.name.clone(),
                    theme: model.themes[ini.theme].id.clone(),
                    submitted_by: ini.submitted_by.clone(),
                    published: ini.published.as_ref().map(|p| p.value),
                    published_as_written: ini.published.as_ref().map(|p| p.as_written.clone()),
                    published_where: ini.published.as_ref().and_then(|p| p.place.clone()),
                    published_alt: crate::published::AltFigure::of(ini.published.as_ref()),
                    computed,
                    difference: ini.published.as_ref().map(|p| computed - p.value),
                    status: status.as_str().to_string(),
                    within_rounding: ini
                        .published
                        .as_ref()
                        .is_some_and(|p| p.reproduced_by(computed)),
                    sectors: eval.components[n]
                        .iter()
                        .map(|&(s, v)| SectorAmount {
                            sector: s.id().to_string(),
                            persons: v,
                        })
                        .collect(),
                    notes: ini.notes.clone(),
                }
            })
            .collect();
        let computed_by_theme = eval.by_theme(model);
        let themes = model
            .themes
            .iter()
            .enumerate()
            .map(|(t, theme)| ThemeRow {
                id: theme.id.clone(),
                name: theme.name.clone(),
                published: model
                    .initiatives
                    .iter()
                    .filter(|i| i.theme == t)
                    .filter_map(|i| i.published.as_ref().map(|p| p.value))
                    .sum(),
                computed: computed_by_theme[t],
            })
            .collect();
        let totals = Totals {
            published: initiatives.iter().filter_map(|r| r.published).sum(),
            computed: eval.total(),
        };
        let shortage = model.target_shortage().map(|p| ShortageRef {
            year: p.year,
            persons: p.persons,
        });
        let share = shortage.map(|s| Totals {
            published: totals.published / s.persons,
            computed: totals.computed / s.persons,
        });
        RecomputeReport {
            model: model.id.clone(),
            title: model.title.clone(),
            initiatives,
            themes,
            sectors: eval
                .by_sector()
                .into_iter()
                .map(|(s, v)| SectorAmount {
                    sector: s.id().to_string(),
                    persons: v,
                })
                .collect(),
            totals,
            shortage,
            share,
            claim: model.shortage.claim.as_ref().map(Claim::of),
            claims: model.shortage.claims.iter().map(Claim::of).collect(),
            published_versions: model.published_versions(),
            counts,
            overlap: model.overlap(eval),
        }
    }

    /// The whole report as pretty-printed JSON (the fields of this struct).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    fn published_cell(r: &InitiativeRow) -> String {
        r.published_as_written.clone().unwrap_or_else(|| "-".into())
    }

    fn difference_cell(r: &InitiativeRow) -> String {
        r.difference.map_or("-".into(), |d| {
            let s = fmt_number((d * 10.0).round() / 10.0);
            if d > 0.0 && s != "0" {
                format!("+{s}")
            } else {
                s
            }
        })
    }

    /// The summary lines under every format: totals and the share of the shortage.
    fn summary_lines(&self) -> Vec<String> {
        let mut out = vec![
            format!(
                "Total: published {} persons, recomputed {} persons",
                fmt_number(self.totals.published),
                fmt_number((self.totals.computed * 10.0).round() / 10.0)
            ),
            format!(
                "Initiatives: {} reproduced, {} differ (explained in notes), {} reconstructed ({} of them within rounding of the published figure){}",
                self.counts.reproduced,
                self.counts.differs,
                self.counts.reconstructed,
                self.counts.reconstructed_within_rounding,
                if self.counts.unpublished > 0 {
                    format!(", {} unpublished", self.counts.unpublished)
                } else {
                    String::new()
                }
            ),
        ];
        if let (Some(s), Some(share)) = (self.shortage, self.share) {
            out.push(format!(
                "Share of the {} shortage of {} persons: published {:.1}%, recomputed {:.1}%",
                s.year,
                fmt_number(s.persons),
                share.published * 100.0,
                share.computed * 100.0
            ));
        }
        if let Some(text) = self.claim.as_ref().and_then(|c| c.text.as_ref()) {
            out.push(format!("The source claims: {text}"));
        }
        out.extend(crate::published::summary_lines(self));
        out
    }

    /// A fixed-width table for the terminal.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} ({})", self.title, self.model);
        let _ = writeln!(s);
        let w = self
            .initiatives
            .iter()
            .map(|r| r.id.len())
            .max()
            .unwrap_or(2)
            .max(10);
        // The other published versions, a column only when the model has any.
        let alt = crate::published::AltColumn::new(self);
        let _ = writeln!(
            s,
            "{:<w$}  {:<30}  {:>9}  {:>9}  {:>7}  {:<13}  {}sectors",
            "initiative",
            "theme",
            "published",
            "computed",
            "diff",
            "status",
            alt.header()
        );
        let _ = writeln!(
            s,
            "{}",
            "-".repeat(w + 30 + 9 + 9 + 7 + 13 + 20 + alt.width())
        );
        for r in &self.initiatives {
            let sectors: Vec<String> = r
                .sectors
                .iter()
                .map(|x| {
                    format!(
                        "{} {}",
                        x.sector,
                        fmt_number((x.persons * 10.0).round() / 10.0)
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "{:<w$}  {:<30}  {:>9}  {:>9}  {:>7}  {:<13}  {}{}",
                r.id,
                r.theme,
                Self::published_cell(r),
                fmt_number((r.computed * 100.0).round() / 100.0),
                Self::difference_cell(r),
                r.status,
                alt.cell(r),
                sectors.join(", ")
            );
        }
        let _ = writeln!(s);
        let tw = self
            .themes
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(5);
        let _ = writeln!(s, "{:<tw$}  {:>9}  {:>9}", "theme", "published", "computed");
        for t in &self.themes {
            let _ = writeln!(
                s,
                "{:<tw$}  {:>9}  {:>9}",
                t.name,
                fmt_number(t.published),
                fmt_number((t.computed * 10.0).round() / 10.0)
            );
        }
        let _ = writeln!(s);
        for line in self.summary_lines() {
            let _ = writeln!(s, "{line}");
        }
        if !self.overlap.bases.is_empty() {
            let _ = writeln!(s, "\n{}", self.overlap.to_table().trim_end());
        }
        s
    }

    /// Markdown tables of initiatives and themes, with the summary as a list.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "### {} (`{}`)\n", self.title, self.model);
        let alt = crate::published::AltColumn::new(self);
        let _ = writeln!(
            s,
            "| initiative | theme | published | computed | diff | status |{}",
            alt.markdown_header()
        );
        let _ = writeln!(s, "|---|---|--:|--:|--:|---|{}", alt.markdown_rule());
        for r in &self.initiatives {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |{}",
                r.id,
                r.theme,
                Self::published_cell(r),
                fmt_number((r.computed * 100.0).round() / 100.0),
                Self::difference_cell(r),
                r.status,
                alt.markdown_cell(r)
            );
        }
        let _ = writeln!(s, "\n| theme | published | computed |\n|---|--:|--:|");
        for t in &self.themes {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                t.name,
                fmt_number(t.published),
                fmt_number((t.computed * 10.0).round() / 10.0)
            );
        }
        let _ = writeln!(s);
        for line in self.summary_lines() {
            let _ = writeln!(s, "- {line}");
        }
        if !self.overlap.bases.is_empty() {
            let _ = writeln!(s, "\n{}", self.overlap.to_markdown().trim_end());
        }
        s
    }

    /// One row per initiative; full precision for further analysis.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("id,name,theme,submitted_by,published,published_as_written,computed,difference,status,published_where,published_alt\n");
        let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        for r in &self.initiatives {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{},{}",
                r.id,
                q(&r.name),
                r.theme,
                q(r.submitted_by.as_deref().unwrap_or("")),
                r.published.map_or(String::new(), |v| v.to_string()),
                q(r.published_as_written.as_deref().unwrap_or("")),
                r.computed,
                r.difference.map_or(String::new(), |v| v.to_string()),
                r.status,
                q(r.published_where.as_deref().unwrap_or("")),
                q(&crate::published::alt_text(r))
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::fmt_number;

    #[test]
    fn numbers_read_well() {
        assert_eq!(fmt_number(1277.5), "1,277.5");
        assert_eq!(fmt_number(4500.0), "4,500");
        assert_eq!(fmt_number(-3.0), "-3");
        assert_eq!(fmt_number(0.4), "0.4");
        assert_eq!(fmt_number(2.0625), "2.06");
        assert_eq!(fmt_number(122357.0), "122,357");
    }
}
