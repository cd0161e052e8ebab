//! One self-contained HTML audit report of a model, for regioplan authors and reviewers:
//! the claim against the published and the recomputed share, every initiative with its
//! trace, the waterfall of the total, the share's distribution under the model's
//! assumptions, the inputs the spread comes from, the portfolio per year (trajectory,
//! ramp, flows, the band per year), the regions (the two readings of a stated share, every
//! region of a table), who invests and who benefits (ledger, settlements), and what is
//! needed to reproduce it. A section whose data the model does not have is left out.
//!
//! The file references nothing outside itself (no scripts, fonts, stylesheets or images:
//! charts are inline SVG), so it opens offline in any browser. Labels are Dutch, for the
//! report's readers; numbers are in Dutch notation (`1.633,3`, `36,3%`).
//!
//! Each section is a function of the data it shows; [`render`] gathers the data and
//! assembles them, [`write_html`] writes the result atomically.
//!
//! ```
//! use workforce_impact::html_report::{render, ReportOptions};
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let html = render(&model, &ReportOptions { n: 2_000, sobol_n: 64, ..ReportOptions::default() }).unwrap();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("36,3%")); // the recomputed share of the 2032 shortage
//! ```

mod escape;
mod headline;
mod initiatives;
mod ledger;
mod page;
mod regions;
mod reproduce;
mod rests_on;
mod spread;
pub mod svg;
mod years;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use escape::{escape, fmt_nl, fmt_nl_round, pct};

use crate::engine::{McConfig, Overrides, Shape};
use crate::error::Error;
use crate::model::Model;
use crate::report::RecomputeReport;

/// What the report's Monte Carlo and Sobol runs draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    /// Monte Carlo draws for the share's distribution.
    pub n: u64,
    /// Seed of both runs (Monte Carlo and Sobol).
    pub seed: u64,
    /// Sobol base sample size (n·(inputs + 2) evaluations).
    pub sobol_n: usize,
    /// Relative half-width of the triangular distribution put around every assumption
    /// ([`Model::assumptions`]).
    pub rel: f64,
    /// How many inputs the Sobol table lists.
    pub top: usize,
    /// A region table: the report then shows the model carried to every region of it
    /// ([`Model::evaluate_regions`]).
    pub regions: Option<crate::regions::RegionTable>,
}

impl Default for ReportOptions {
    /// 100,000 draws, seed 2023, Sobol n = 1024, ±50% around each assumption, top 10, no
    /// region table:
    /// the report of the NML model builds in well under a second (release build).
    fn default() -> ReportOptions {
        ReportOptions {
            n: 100_000,
            seed: 2023,
            sobol_n: 1024,
            rel: 0.5,
            top: 10,
            regions: None,
        }
    }
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
// Error carries its Location (file, initiative, agreement, ...); a report fails once, so its
// size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum ReportError {
    /// The model could not be evaluated or run with the report's options.
    #[error(transparent)]
    Model(#[from] Error),
    /// The file could not be written (a missing directory, no permission, a directory in
    /// its place). Nothing is left behind: neither the file nor a temporary one.
    #[error("cannot write the report to '{}': {source}", path.display())]
    Write {
        /// The path asked for.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}

/// The SHA-256 of the model as written back out ([`Model::to_toml`]), as 64 hex digits.
/// Its first 16 digits are the `model_toml_hash` the Python layer records with a Monte
/// Carlo result.
///
/// ```
/// let model = workforce_impact::Model::builtin("nml-2023").unwrap();
/// let h = workforce_impact::html_report::model_hash(&model);
/// assert_eq!(h.len(), 64);
/// assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
/// ```
pub fn model_hash(model: &Model) -> String {
    let digest = Sha256::digest(model.to_toml().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Everything a reader needs to rebuild the report's figures.
#[derive(Clone, Debug)]
pub struct Reproduction {
    /// The model id.
    pub model: String,
    /// Where the model came from (`builtin:nml-2023`, a path).
    pub origin: String,
    /// [`model_hash`].
    pub hash: String,
    /// This library's version.
    pub version: String,
    /// The options of the runs.
    pub options: ReportOptions,
    /// How many inputs were varied.
    pub inputs: usize,
}

/// The whole report as one HTML document.
///
/// Errors as [`Model::evaluate`], [`Model::monte_carlo_plan`] and [`Model::sobol`] do
/// (for example `n = 0`).
pub fn render(model: &Model, opts: &ReportOptions) -> Result<String, Error> {
    if opts.n == 0 {
        return Err(Error::InvalidValue {
            loc: crate::error::Location::file(&model.origin),
            message: "the report needs n >= 1 Monte Carlo draws".into(),
        });
    }
    let eval = model.evaluate(&Overrides::default())?;
    let report = RecomputeReport::new(model, &eval);
    let explanations = (0..model.initiatives.len())
        .map(|n| model.explain_at(n, &eval))
        .collect::<Result<Vec<_>, _>>()?;

    let inputs = model.assumptions(opts.rel, Shape::Triangular);
    let target = report.claim.as_ref().and_then(|c| c.share);
    let (stats, sobol) = if inputs.is_empty() {
        (None, Vec::new())
    } else {
        let mut cfg = McConfig::new(opts.n, opts.seed);
        cfg.targets = target.into_iter().collect();
        let stats = model.monte_carlo_plan(&inputs, cfg)?.run();
        stats.check_finite(&model.origin)?;
        let sobol = if opts.sobol_n >= 2 && opts.top > 0 {
            model.sobol(&inputs, opts.sobol_n, opts.seed, 0, None)?
        } else {
            Vec::new()
        };
        (Some(stats), sobol)
    };
    // Issue 11: years, regions and the ledger, each from the core's own computation.
    let years = years::gather(model, &inputs, McConfig::new(opts.n, opts.seed), target)?;
    let regions = regions::gather(model, opts.regions.as_ref())?;
    let ledger = ledger::gather(model, &eval)?;
    let repro = Reproduction {
        model: model.id.clone(),
        origin: model.origin.clone(),
        hash: model_hash(model),
        version: env!("CARGO_PKG_VERSION").to_string(),
        options: opts.clone(),
        inputs: inputs.len(),
    };

    let mut body: Vec<(&str, &str, String)> = Vec::new(); // (anchor, heading, html)
    body.push((
        "claim",
        "Claim, gepubliceerd en herberekend",
        headline::claim(&report, &model.shortage),
    ));
    body.push((
        "waterval",
        "Waar het totaal uit bestaat",
        headline::waterfall(&report),
    ));
    if let Some(y) = &years {
        body.push(("jaren", "Per jaar", years::section(y)));
    }
    // What the total rests on, then how sure the share is when each class of numbers
    // varies (issue 7 §3 and §2, crate::provenance).
    body.push((
        "herkomst",
        "Waar het totaal op rust",
        rests_on::provenance(&model.provenance(&eval)),
    ));
    if !inputs.is_empty() {
        let fixed = crate::provenance::default_fixed_inputs(model);
        let rows = model.uncertainty_presets(
            &["assumption", "uncertain", "all"],
            opts.rel,
            Shape::Triangular,
            &fixed,
            McConfig::new(opts.n, opts.seed),
            target.unwrap_or(0.35),
        )?;
        body.push((
            "presets",
            "Hoe zeker, naar herkomst van de getallen",
            rests_on::presets(&rows, opts.rel, &fixed),
        ));
    }
    if let Some(stats) = &stats {
        body.push((
            "verdeling",
            "Hoe zeker is het aandeel?",
            spread::distribution(stats, &report, target, &repro),
        ));
    }
    if !sobol.is_empty() {
        body.push((
            "sobol",
            "Welke aannames het meest uitmaken",
            spread::sobol(model, &sobol, opts.sobol_n, opts.top),
        ));
    }
    if let Some(r) = &regions {
        body.push(("regios", "Regio's", regions::section(r)));
    }
    if let Some(l) = &ledger {
        body.push((
            "partijen",
            "Wie investeert, wie profiteert",
            ledger::section(l),
        ));
    }
    body.push((
        "initiatieven",
        "Alle initiatieven",
        initiatives::initiatives(&report),
    ));
    // Issue 7 §4: every published figure the document gives (crate::published).
    // (both from the recompute report, built from the same evaluation)
    if report.published_versions.len() > 1 {
        body.push((
            "versies",
            "Gepubliceerde getallen per plaats in het document",
            initiatives::published_versions(&report.published_versions),
        ));
    }
    // Issue 7 §5: bases several initiatives cut (crate::overlap); empty without bases.
    if !report.overlap.bases.is_empty() {
        body.push((
            "overlap",
            "Overlap tussen initiatieven",
            rests_on::overlap(&report.overlap),
        ));
    }
    body.push((
        "berekeningen",
        "Berekening per initiatief",
        initiatives::explanations(&explanations),
    ));
    body.push((
        "reproduceren",
        "Reproduceren",
        reproduce::reproduction(&repro),
    ));
    Ok(page::document(&report, model.source.as_deref(), &body))
}

/// Renders the report and writes it to `path` through a temporary file in the same
/// directory, renamed into place: a failure leaves neither a half-written report nor the
/// temporary file.
///
/// ```
/// use workforce_impact::html_report::{write_html, ReportError, ReportOptions};
/// use workforce_impact::Model;
///
/// let model = Model::builtin("nml-2023").unwrap();
/// let opts = ReportOptions { n: 1_000, sobol_n: 16, ..ReportOptions::default() };
/// let err = write_html(&model, "/no/such/dir/report.html", &opts).unwrap_err();
/// assert!(matches!(err, ReportError::Write { .. }));
/// assert!(err.to_string().starts_with("cannot write the report to '/no/such/dir/report.html'"));
/// ```
pub fn write_html(
    model: &Model,
    path: impl AsRef<Path>,
    opts: &ReportOptions,
) -> Result<(), ReportError> {
    let path = path.as_ref();
    let html = render(model, opts)?;
    crate::io::write_atomic(path, html.as_bytes()).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> ReportOptions {
        ReportOptions {
            n: 2_000,
            seed: 7,
            sobol_n: 32,
            ..ReportOptions::default()
        }
    }

    fn nml() -> Model {
        Model::builtin("nml-2023").expect("builtin")
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("wi-report-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    }

    #[test]
    fn the_report_is_one_file_with_every_section() {
        let html = render(&nml(), &small()).expect("renders");
        for id in [
            "claim",
            "waterval",
            "jaren",
            "verdeling",
            "regios",
            "partijen",
            "sobol",
            "initiatieven",
            "berekeningen",
            "reproduceren",
        ] {
            assert!(
                html.contains(&format!(r#"<section id="{id}">"#)),
                "section {id}"
            );
        }
        assert_eq!(html.matches("<details class=\"trace\"").count(), 42);
        assert!(html.contains("<svg"));
        for bad in ["<script", "http://", "https://", "@import", "url("] {
            // the SVG namespace is the one URL, and it is not fetched
            let n = html.matches(bad).count();
            let allowed = if bad == "http://" {
                html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
            } else {
                0
            };
            assert_eq!(n, allowed, "{bad}");
        }
        assert!(html.contains(&model_hash(&nml())));
    }

    #[test]
    fn the_same_options_give_the_same_bytes() {
        let m = nml();
        assert_eq!(
            render(&m, &small()).expect("a"),
            render(&m, &small()).expect("b")
        );
    }

    #[test]
    fn notes_are_escaped() {
        let mut m = nml();
        m.initiatives[0].notes = Some("zie <script>alert(1)</script> & 'bijlage A'".into());
        m.initiatives[1].name = "<img src=x onerror=alert(2)>".into();
        let html = render(&m, &small()).expect("renders");
        assert!(!html.contains("<script>alert(1)") && !html.contains("<img"));
        assert!(
            html.contains("zie &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;bijlage A&#39;")
        );
        assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    }

    #[test]
    fn zero_draws_is_an_error() {
        let err = render(&nml(), &ReportOptions { n: 0, ..small() }).unwrap_err();
        assert!(err.to_string().contains("n >= 1"), "{err}");
    }

    #[test]
    fn writing_is_atomic() {
        let dir = scratch("ok");
        let path = dir.join("rapport.html");
        write_html(&nml(), &path, &small()).expect("writes");
        assert_eq!(leftovers(&dir), ["rapport.html"]);
        assert!(std::fs::read_to_string(&path)
            .expect("read")
            .ends_with("</html>\n"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unwritable_path_is_a_typed_error_and_leaves_nothing() {
        // A directory that does not exist.
        let dir = scratch("missing");
        let missing = dir.join("nope").join("rapport.html");
        let err = write_html(&nml(), &missing, &small()).unwrap_err();
        match &err {
            ReportError::Write { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
        // A directory where the file should go: the temporary file is written, the rename
        // fails, and the temporary file is removed again (root ignores permissions, so this
        // is the failure after writing that a test can provoke everywhere).
        let taken = dir.join("rapport.html");
        std::fs::create_dir(&taken).expect("dir");
        let err = write_html(&nml(), &taken, &small()).unwrap_err();
        assert!(matches!(err, ReportError::Write { .. }), "{err:?}");
        assert_eq!(leftovers(&dir), ["rapport.html"]);
        assert!(taken.is_dir());
        // No file name at all.
        assert!(matches!(
            write_html(&nml(), dir.join(".."), &small()),
            Err(ReportError::Write { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
