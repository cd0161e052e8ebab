//! Overlap between initiatives: several initiatives cut the same base (the clinical bed days
//! of the 65+, the day admissions of the region), and added up independently their cuts can
//! exceed what the base allows or count one saving twice.
//!
//! A model file declares each base once under `[[bases]]` with its size and provenance, and
//! a component names the base it cuts and which product of factors of its formula is the cut
//! (`base = "msz.ligdagen_65plus"`, `cut = "admissions_65plus * length_of_stay_msz *
//! stay_reduction"`), in the base's unit. [`Model::overlap`] then gives, for every base:
//!
//! - each cut as a share `rᵢ = cutᵢ / size` of the base;
//! - the **additive** reading `Σ rᵢ`, as the regioplan adds its initiatives up;
//! - the **multiplicative** reading `1 − Π (1 − rᵢ)`: each cut taken from what the others
//!   leave;
//! - the **interaction** in persons: the cutting components' persons scaled by
//!   `multiplicative / additive`, minus their sum. It is reported beside the recompute and
//!   never subtracted from it, so nothing silently changes the published sum.
//!
//! Because the cut is a factor of the component's formula (checked at load), the
//! component's persons are proportional to its cut, which is what makes the scaling exact.
//!
//! ```
//! use workforce_impact::{Model, Overrides};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let eval = model.evaluate(&Overrides::default()).unwrap();
//! let overlap = model.overlap(&eval);
//! let b = overlap.base("msz.ligdagen_65plus").unwrap();
//! assert!(b.cuts.iter().any(|c| c.initiative == "fit-for-surgery"));
//! assert!(b.multiplicative <= b.additive && b.interaction <= 0.0);
//! ```

use serde::Serialize;

use crate::engine::Evaluation;
use crate::error::Location;
use crate::formula::{BinOp, Expr, ExprKind, Node};
use crate::model::{Kind, Model, Sign};
use crate::units::Unit;

/// The default [`Base::threshold`]: summed cuts above the whole base are a warning.
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// Who a cut belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cutter {
    /// An initiative, by index into [`Model::initiatives`].
    Initiative(usize),
    /// A shared business case, by index into [`Model::shared`].
    Shared(usize),
}

/// A quantity several initiatives cut, declared once with its size.
#[derive(Clone, Debug)]
pub struct Base {
    /// The id components name in `base`, e.g. `msz.ligdagen_65plus`.
    pub id: String,
    /// What the base is, in words (the id when the file gives none).
    pub name: String,
    /// The size in base units: a constant, or a formula over global parameters and regions
    /// (so an override of, say, the length of stay moves base and cuts together).
    pub size: Node,
    /// The formula the size is computed by, when it is derived.
    pub size_formula: Option<String>,
    /// The unit the size is stated and shown in (`day/yr`, `1/yr`).
    pub unit: Unit,
    /// Where the size comes from, as the document names it.
    pub source: Option<String>,
    /// The size's provenance class.
    pub kind: Kind,
    /// Free text about the size: which figures of the document it rests on.
    pub note: Option<String>,
    /// Summed cuts above this share of the base are a `check` warning.
    pub threshold: f64,
    /// The components that cut this base, in file order.
    pub cuts: Vec<Cut>,
    /// Where the base is declared.
    pub loc: Location,
}

/// One component's cut of a base.
#[derive(Clone, Debug)]
pub struct Cut {
    /// The initiative (or shared business case) the component belongs to.
    pub cutter: Cutter,
    /// Its id.
    pub initiative: String,
    /// The component, as `#n` or `#n 'label'`.
    pub component: String,
    /// The cut as written.
    pub text: String,
    /// The cut, resolved; evaluates to the cut in base units.
    pub node: Node,
    /// The component's formula, resolved (persons before `sign`).
    pub persons: Node,
    /// The component's sign.
    pub sign: Sign,
    /// Where the cut is written.
    pub loc: Location,
}

/// One row of the overlap table: a component's cut of a base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CutShare {
    /// The initiative (or shared business case) id.
    pub initiative: String,
    /// The component, as `#n` or `#n 'label'`.
    pub component: String,
    /// The cut in the base's unit.
    pub cut: f64,
    /// The cut as a share of the base, `cut / size`.
    pub share: f64,
    /// The component's persons in the recompute (signed).
    pub persons: f64,
}

/// Two cuts of one base that are identical: same cut, same persons (possible double
/// counting).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IdenticalCuts {
    /// The first cut's initiative and component.
    pub first: (String, String),
    /// The second cut's initiative and component.
    pub second: (String, String),
}

/// A base with every cut of it and both readings of their sum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BaseOverlap {
    /// The base id.
    pub id: String,
    /// What the base is.
    pub name: String,
    /// The size in `unit`.
    pub size: f64,
    /// The unit of `size` and of every `cut`.
    pub unit: String,
    /// Where the size comes from.
    pub source: Option<String>,
    /// The size's provenance class.
    pub kind: String,
    /// The share above which the summed cuts are a warning.
    pub threshold: f64,
    /// Every cut, in file order.
    pub cuts: Vec<CutShare>,
    /// `Σ rᵢ`: the cuts added up, as the regioplan does.
    pub additive: f64,
    /// `1 − Π (1 − rᵢ)`: each cut taken from what the others leave.
    pub multiplicative: f64,
    /// The cutting components' persons added up (their part of the recompute).
    pub persons: f64,
    /// `persons × multiplicative / additive`: the same components under the multiplicative
    /// reading.
    pub persons_multiplicative: f64,
    /// `persons_multiplicative − persons` (≤ 0 for savings): the overlap in persons, shown
    /// beside the recompute, never taken off it.
    pub interaction: f64,
    /// Whether `additive` exceeds `threshold`.
    pub exceeds_threshold: bool,
    /// Pairs of identical cuts.
    pub identical: Vec<IdenticalCuts>,
}

/// The overlap table of one evaluation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Overlap {
    /// One entry per declared base, in file order.
    pub bases: Vec<BaseOverlap>,
}

impl Overlap {
    /// A base by id.
    pub fn base(&self, id: &str) -> Option<&BaseOverlap> {
        self.bases.iter().find(|b| b.id == id)
    }

    /// The interaction terms of every base added up, in persons.
    pub fn interaction(&self) -> f64 {
        self.bases.iter().map(|b| b.interaction).sum()
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

impl Model {
    /// Every base with the cuts of it, under the values `eval` was computed with (so
    /// overrides carry through). See the [module documentation](crate::overlap).
    pub fn overlap(&self, eval: &Evaluation) -> Overlap {
        let values = &eval.values;
        let bases = self
            .bases
            .iter()
            .map(|b| {
                let size_base = b.size.eval(values);
                let cuts: Vec<CutShare> = b
                    .cuts
                    .iter()
                    .map(|c| {
                        let cut = c.node.eval(values);
                        CutShare {
                            initiative: c.initiative.clone(),
                            component: c.component.clone(),
                            cut: b.unit.from_base(cut),
                            share: cut / size_base,
                            persons: c.sign.factor() * c.persons.eval(values),
                        }
                    })
                    .collect();
                let additive: f64 = cuts.iter().map(|c| c.share).sum();
                let multiplicative = 1.0 - cuts.iter().map(|c| 1.0 - c.share).product::<f64>();
                let persons: f64 = cuts.iter().map(|c| c.persons).sum();
                let persons_multiplicative = if additive == 0.0 {
                    persons
                } else {
                    persons * multiplicative / additive
                };
                let mut identical = Vec::new();
                for (i, a) in cuts.iter().enumerate() {
                    for c in &cuts[i + 1..] {
                        if a.cut != 0.0 && same(a.cut, c.cut) && same(a.persons, c.persons) {
                            identical.push(IdenticalCuts {
                                first: (a.initiative.clone(), a.component.clone()),
                                second: (c.initiative.clone(), c.component.clone()),
                            });
                        }
                    }
                }
                BaseOverlap {
                    id: b.id.clone(),
                    name: b.name.clone(),
                    size: b.unit.from_base(size_base),
                    unit: b.unit.text.clone(),
                    source: b.source.clone(),
                    kind: b.kind.as_str().to_string(),
                    threshold: b.threshold,
                    exceeds_threshold: additive > b.threshold,
                    cuts,
                    additive,
                    multiplicative,
                    persons,
                    persons_multiplicative,
                    interaction: persons_multiplicative - persons,
                    identical,
                }
            })
            .collect();
        Overlap { bases }
    }
}

/// The factors of a product: `a * b / (c * d)` is `([a, b], [c, d])`, each written as
/// [`Expr`]'s `Display` does (so spacing and redundant parentheses do not matter).
pub(crate) fn factors(e: &Expr) -> (Vec<String>, Vec<String>) {
    fn walk(e: &Expr, up: bool, num: &mut Vec<String>, den: &mut Vec<String>) {
        match &e.kind {
            ExprKind::Binary {
                op: BinOp::Mul,
                lhs,
                rhs,
            } => {
                walk(lhs, up, num, den);
                walk(rhs, up, num, den);
            }
            ExprKind::Binary {
                op: BinOp::Div,
                lhs,
                rhs,
            } => {
                walk(lhs, up, num, den);
                walk(rhs, !up, num, den);
            }
            _ => (if up { &mut *num } else { &mut *den }).push(e.to_string()),
        }
    }
    let (mut num, mut den) = (Vec::new(), Vec::new());
    walk(e, true, &mut num, &mut den);
    (num, den)
}

/// The first factor of `cut` that `formula` does not have (as many times), if any.
pub(crate) fn missing_factor(formula: &Expr, cut: &Expr) -> Option<String> {
    let (mut num, mut den) = factors(formula);
    let (cut_num, cut_den) = factors(cut);
    for (have, want) in [(&mut num, cut_num), (&mut den, cut_den)] {
        for f in want.into_iter().filter(|f| f != "1") {
            match have.iter().position(|h| *h == f) {
                Some(i) => {
                    have.swap_remove(i);
                }
                None => return Some(f),
            }
        }
    }
    None
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn persons(x: f64) -> String {
    crate::report::fmt_number(x)
}

impl BaseOverlap {
    fn summary(&self) -> String {
        format!(
            "additive {} (as the regioplan adds up), multiplicative {} (1 - Π(1 - r)); persons {} added up, {} multiplicative: interaction {} persons",
            pct(self.additive),
            pct(self.multiplicative),
            persons(self.persons),
            persons(self.persons_multiplicative),
            persons(self.interaction)
        )
    }

    fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.exceeds_threshold {
            out.push(format!(
                "WARNING: the cuts add up to {}, above the threshold of {}",
                pct(self.additive),
                pct(self.threshold)
            ));
        }
        for p in &self.identical {
            out.push(format!(
                "identical cuts (possible double counting): {} {} = {} {}",
                p.first.0, p.first.1, p.second.0, p.second.1
            ));
        }
        out
    }

    fn heading(&self) -> String {
        format!(
            "{} — {}: {} {} ({})",
            self.id,
            self.name,
            crate::report::fmt_number((self.size * 10.0).round() / 10.0),
            self.unit,
            self.kind
        )
    }
}

impl Overlap {
    /// The interaction line under every format.
    fn total_line(&self) -> String {
        format!(
            "Interaction over all bases: {} persons, shown beside the recompute and not taken off it",
            persons(self.interaction())
        )
    }

    /// A fixed-width table for the terminal; empty when the model declares no bases.
    pub fn to_table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        if self.bases.is_empty() {
            return s;
        }
        let _ = writeln!(s, "Overlap: bases several initiatives cut\n");
        let iw = self
            .bases
            .iter()
            .flat_map(|b| b.cuts.iter().map(|c| c.initiative.chars().count()))
            .max()
            .unwrap_or(10)
            .max(10);
        let cw = self
            .bases
            .iter()
            .flat_map(|b| b.cuts.iter().map(|c| c.component.chars().count().min(50)))
            .max()
            .unwrap_or(9)
            .max(9);
        for b in &self.bases {
            let _ = writeln!(s, "{}", b.heading());
            let _ = writeln!(
                s,
                "  {:<iw$}  {:<cw$}  {:>12}  {:>7}  {:>8}",
                "initiative", "component", "cut", "share", "persons"
            );
            for c in &b.cuts {
                let component: String = if c.component.chars().count() > 50 {
                    c.component.chars().take(49).chain(['…']).collect()
                } else {
                    c.component.clone()
                };
                let _ = writeln!(
                    s,
                    "  {:<iw$}  {:<cw$}  {:>12}  {:>7}  {:>8}",
                    c.initiative,
                    component,
                    crate::report::fmt_number((c.cut * 10.0).round() / 10.0),
                    pct(c.share),
                    persons(c.persons)
                );
            }
            let _ = writeln!(s, "  {}", b.summary());
            for f in b.flags() {
                let _ = writeln!(s, "  {f}");
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s, "{}", self.total_line());
        s
    }

    /// Markdown: one table per base; empty when the model declares no bases.
    pub fn to_markdown(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        if self.bases.is_empty() {
            return s;
        }
        let _ = writeln!(s, "#### Overlap: bases several initiatives cut\n");
        for b in &self.bases {
            let _ = writeln!(s, "**{}**\n", b.heading());
            let _ = writeln!(
                s,
                "| initiative | component | cut ({}) | share | persons |",
                b.unit
            );
            let _ = writeln!(s, "|---|---|--:|--:|--:|");
            for c in &b.cuts {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} |",
                    c.initiative,
                    c.component.replace('|', "\\|"),
                    crate::report::fmt_number((c.cut * 10.0).round() / 10.0),
                    pct(c.share),
                    persons(c.persons)
                );
            }
            let _ = writeln!(s, "\n- {}", b.summary());
            for f in b.flags() {
                let _ = writeln!(s, "- {f}");
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s, "- {}", self.total_line());
        s
    }
}
