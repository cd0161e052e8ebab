//! Every published figure the document gives: the primary figures (`[model] published_in`,
//! e.g. "bijlage A") and each alternate version (an initiative's `alt` figures, e.g.
//! "bijlage B"), with the portfolio total and share of the shortage per version.

use serde::Serialize;

use crate::model::Model;
use crate::report::{fmt_number, InitiativeRow, RecomputeReport};

/// The label of the primary version when the model names no `published_in`.
pub const PRIMARY: &str = "published";

/// An initiative whose figure in one version differs from its primary figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionDifference {
    /// The initiative id.
    pub initiative: String,
    /// Its primary published figure, persons.
    pub primary: f64,
    /// Its figure in this version, persons.
    pub value: f64,
}

/// The portfolio as one place of the document publishes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedVersion {
    /// Where the figures appear ("bijlage A", "bijlage B").
    #[serde(rename = "where")]
    pub place: String,
    /// True for the primary figures (the `published` values themselves).
    pub primary: bool,
    /// Sum of the initiatives' figures in this version (an initiative without a figure
    /// here counts with its primary figure), persons.
    pub total: f64,
    /// `total` as a fraction of the target shortage; `None` without a shortage.
    pub share: Option<f64>,
    /// The initiatives whose figure here differs from the primary one, in model order.
    pub differences: Vec<VersionDifference>,
}

impl Model {
    /// The primary version's place (`[model] published_in`, else `"published"`), then every
    /// other place an initiative's figure names, in order of first appearance.
    pub fn published_places(&self) -> Vec<String> {
        let primary = self.published_in().to_string();
        let mut out = vec![primary];
        for p in self.initiatives.iter().filter_map(|i| i.published.as_ref()) {
            let places = p.place.iter().chain(p.alt.iter().map(|a| &a.place));
            for place in places {
                if !out.contains(place) {
                    out.push(place.clone());
                }
            }
        }
        out
    }

    /// Where the primary published figures appear: `[model] published_in`, or
    /// [`PRIMARY`] when the model does not say.
    pub fn published_in(&self) -> &str {
        self.file.model.published_in.as_deref().unwrap_or(PRIMARY)
    }

    /// The portfolio total and share per published version, primary first.
    ///
    /// ```
    /// let model = workforce_impact::Model::builtin("nml-2023").unwrap();
    /// let versions = model.published_versions();
    /// assert_eq!(versions[0].place, "bijlage A");
    /// assert!((versions[0].total - 1673.8).abs() < 1e-9);
    /// assert_eq!(versions[1].place, "bijlage B");
    /// ```
    pub fn published_versions(&self) -> Vec<PublishedVersion> {
        let shortage = self.target_shortage().map(|p| p.persons);
        let primary = self.published_in().to_string();
        self.published_places()
            .into_iter()
            .map(|place| {
                let is_primary = place == primary;
                let mut total = 0.0;
                let mut differences = Vec::new();
                for ini in &self.initiatives {
                    let Some(p) = &ini.published else { continue };
                    let value = if is_primary {
                        p.value
                    } else {
                        p.at(&place).unwrap_or(p.value)
                    };
                    total += value;
                    if value != p.value {
                        differences.push(VersionDifference {
                            initiative: ini.id.clone(),
                            primary: p.value,
                            value,
                        });
                    }
                }
                PublishedVersion {
                    share: shortage.filter(|s| *s > 0.0).map(|s| total / s),
                    place,
                    primary: is_primary,
                    total,
                    differences,
                }
            })
            .collect()
    }

    /// The published portfolio total of one version (`"bijlage B"`), persons; `None` when
    /// no figure names that place.
    pub fn published_total(&self, place: &str) -> Option<f64> {
        self.published_versions()
            .into_iter()
            .find(|v| v.place == place)
            .map(|v| v.total)
    }
}

/// One alternate figure as the report shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AltFigure {
    /// The point value, persons.
    pub value: f64,
    /// The figure as printed.
    pub as_written: String,
    /// Where it appears ("bijlage B").
    #[serde(rename = "where")]
    pub place: String,
}

impl AltFigure {
    /// The alternates of a published figure, in file order.
    pub fn of(p: Option<&crate::model::Published>) -> Vec<AltFigure> {
        p.map_or_else(Vec::new, |p| {
            p.alt
                .iter()
                .map(|a| AltFigure {
                    value: a.value,
                    as_written: a.as_written.clone(),
                    place: a.place.clone(),
                })
                .collect()
        })
    }
}

impl crate::report::Claim {
    pub(crate) fn of(c: &crate::model::Claim) -> crate::report::Claim {
        crate::report::Claim {
            text: c.text.clone(),
            share: c.share,
            low: c.low,
            high: c.high,
            place: c.place.clone(),
        }
    }
}

/// `bijlage B: 82; bijlage C: 80` for a report row; empty without alternates.
pub(crate) fn alt_text(r: &InitiativeRow) -> String {
    let parts: Vec<String> = (r.published_alt.iter())
        .map(|a| format!("{}: {}", a.place, a.as_written))
        .collect();
    parts.join("; ")
}

/// The "also published" column of the table and Markdown formats: absent (zero width)
/// when no initiative has an alternate figure, so such models print as before.
pub(crate) struct AltColumn {
    width: usize,
}

const ALT_HEADER: &str = "also published";

impl AltColumn {
    pub(crate) fn new(report: &RecomputeReport) -> AltColumn {
        let widest = (report.initiatives.iter())
            .map(|r| alt_text(r).chars().count())
            .max()
            .unwrap_or(0);
        AltColumn {
            width: if widest == 0 {
                0
            } else {
                widest.max(ALT_HEADER.len())
            },
        }
    }

    /// The columns it adds to a table rule, separator included.
    pub(crate) fn width(&self) -> usize {
        if self.width == 0 {
            0
        } else {
            self.width + 2
        }
    }

    pub(crate) fn header(&self) -> String {
        self.pad(ALT_HEADER)
    }

    pub(crate) fn cell(&self, r: &InitiativeRow) -> String {
        self.pad(&alt_text(r))
    }

    fn pad(&self, text: &str) -> String {
        if self.width == 0 {
            String::new()
        } else {
            format!("{text:<w$}  ", w = self.width)
        }
    }

    pub(crate) fn markdown_header(&self) -> &'static str {
        if self.width == 0 {
            ""
        } else {
            " also published |"
        }
    }

    pub(crate) fn markdown_rule(&self) -> &'static str {
        if self.width == 0 {
            ""
        } else {
            "---|"
        }
    }

    pub(crate) fn markdown_cell(&self, r: &InitiativeRow) -> String {
        if self.width == 0 {
            String::new()
        } else {
            format!(" {} |", alt_text(r))
        }
    }
}

/// The report's summary lines on published versions and claims: the total and share per
/// version when there is more than one, and every claim with where the text makes it.
pub(crate) fn summary_lines(report: &RecomputeReport) -> Vec<String> {
    let mut out = Vec::new();
    if report.published_versions.len() > 1 {
        let parts: Vec<String> = (report.published_versions.iter())
            .map(|v| {
                let share = v
                    .share
                    .map_or(String::new(), |s| format!(", {:.1}%", s * 100.0));
                let n = v.differences.len();
                let differ = if v.primary {
                    String::new()
                } else {
                    format!(
                        ", {n} initiative{} differ{}",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "s" } else { "" }
                    )
                };
                format!(
                    "{} {} persons{share}{differ}",
                    v.place,
                    fmt_number(round1(v.total))
                )
            })
            .collect();
        out.push(format!("Published total per version: {}", parts.join("; ")));
    }
    for c in &report.claims {
        let mut figures = Vec::new();
        if let Some(s) = c.share {
            figures.push(format!("{:.1}%", s * 100.0));
        }
        if let (Some(lo), Some(hi)) = (c.low, c.high) {
            figures.push(format!("{}-{} persons", fmt_number(lo), fmt_number(hi)));
        }
        out.push(format!(
            "Claimed in {}: \"{}\" ({})",
            c.place.as_deref().unwrap_or("the text"),
            c.text.as_deref().unwrap_or(""),
            figures.join(", ")
        ));
    }
    out
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
