//! Provenance: what each class means, what a figure rests on, and uncertainty by class.
//!
//! Every stated parameter has a [`Kind`]: `sourced` (a named source), `unsourced` (the
//! document states the number but names no source), `assumption`, `expert`,
//! `other-region`; `derived` parameters are computed from others. This module
//!
//! - checks the classes while a model loads ([`default_kind`], [`check_sourced`]);
//! - selects inputs by class or preset ([`kinds_for`], [`Model::vary_by_kind`]);
//! - says which classes each initiative's figure rests on ([`Model::provenance`]);
//! - groups Sobol inputs by class ([`Model::kind_groups`]);
//! - runs the presets table ([`Model::uncertainty_presets`], in `presets`).
//!
//! ```
//! use workforce_impact::{Model, Overrides};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let eval = model.evaluate(&Overrides::default()).unwrap();
//! let p = model.provenance(&eval);
//! let unsourced = p.class("unsourced").unwrap();
//! assert!(unsourced.persons > 866.0); // sociale-benadering-dementie alone is 866.7
//! ```

mod presets;

use std::collections::BTreeSet;

pub use presets::{default_fixed_inputs, presets_markdown, PresetRow};

use crate::engine::distributions::Z95;
use crate::engine::{Distribution, Evaluation, Input, Shape};
use crate::error::{Error, Location};
use crate::formula::Node;
use crate::model::file::ParamFile;
use crate::model::{Body, Kind, ParamScope, Parameter};
use crate::Model;

/// Every class, in the order reports list them.
pub const KINDS: [Kind; 6] = [
    Kind::Sourced,
    Kind::Unsourced,
    Kind::Assumption,
    Kind::Expert,
    Kind::OtherRegion,
    Kind::Derived,
];

/// The classes of preset `"uncertain"`: numbers nobody measured or nobody named a source
/// for.
pub const UNCERTAIN: [Kind; 4] = [
    Kind::Assumption,
    Kind::Expert,
    Kind::Unsourced,
    Kind::OtherRegion,
];

/// The classes of preset `"all"`: every stated number (region populations are never
/// varied, derived parameters follow their inputs).
pub const ALL_STATED: [Kind; 5] = [
    Kind::Sourced,
    Kind::Unsourced,
    Kind::Assumption,
    Kind::Expert,
    Kind::OtherRegion,
];

/// The presets by name with their classes: `assumption`, `uncertain`, `all`.
pub const PRESETS: [(&str, &[Kind]); 3] = [
    ("assumption", &[Kind::Assumption]),
    ("uncertain", &UNCERTAIN),
    ("all", &ALL_STATED),
];

fn invalid(message: String) -> Error {
    Error::InvalidValue {
        loc: Location::default(),
        message,
    }
}

/// A class by the name a model file uses (`sourced`, `unsourced`, `assumption`, `expert`,
/// `derived`, `other-region`); an unknown name is an [`Error::InvalidValue`] naming it.
///
/// ```
/// use workforce_impact::model::Kind;
/// use workforce_impact::provenance::parse_kind;
/// assert_eq!(parse_kind("other-region").unwrap(), Kind::OtherRegion);
/// assert!(parse_kind("guess").unwrap_err().to_string().contains("unknown provenance class 'guess'"));
/// ```
pub fn parse_kind(name: &str) -> Result<Kind, Error> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.as_str() == name.trim())
        .ok_or_else(|| {
            invalid(format!(
                "unknown provenance class '{name}'; the classes are {}",
                names(&KINDS)
            ))
        })
}

/// `a, b, c`.
fn names(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The classes selected by `names`, each a class or a preset (`assumption`, `uncertain`,
/// `all`), in [`KINDS`] order without repeats. An empty selection, an unknown name or
/// `derived` (computed, nothing to vary: vary its inputs) is an [`Error::InvalidValue`]
/// naming it.
///
/// ```
/// use workforce_impact::model::Kind;
/// use workforce_impact::provenance::kinds_for;
/// assert_eq!(kinds_for(&["unsourced", "assumption"]).unwrap(), [Kind::Unsourced, Kind::Assumption]);
/// assert_eq!(kinds_for(&["uncertain"]).unwrap().len(), 4);
/// assert!(kinds_for(&[]).is_err());
/// ```
pub fn kinds_for(selection: &[&str]) -> Result<Vec<Kind>, Error> {
    let mut chosen = BTreeSet::new();
    for name in selection {
        let name = name.trim();
        if let Some((_, kinds)) = PRESETS.iter().find(|(p, _)| *p == name) {
            chosen.extend(kinds.iter().map(|k| rank(*k)));
            continue;
        }
        let kind = parse_kind(name).map_err(|_| {
            invalid(format!(
                "unknown provenance class or preset '{name}'; the classes are {}, the presets {}",
                names(&ALL_STATED),
                PRESETS.map(|p| p.0).join(", ")
            ))
        })?;
        if kind == Kind::Derived {
            return Err(invalid(
                "class 'derived' cannot vary: a derived parameter is computed from others; \
                 vary the classes of its inputs"
                    .into(),
            ));
        }
        chosen.insert(rank(kind));
    }
    if chosen.is_empty() {
        return Err(invalid(
            "empty preset: name at least one provenance class or preset to vary".into(),
        ));
    }
    Ok(chosen.into_iter().map(|i| KINDS[i]).collect())
}

fn rank(kind: Kind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

/// The class of a parameter whose `kind` the file leaves out: `derived` for a formula,
/// `sourced` for a value with a non-empty source, `unsourced` for a value without one (a
/// number with no source is exactly what `unsourced` means).
pub fn default_kind(p: &ParamFile) -> Kind {
    p.kind.unwrap_or(if p.formula.is_some() {
        Kind::Derived
    } else if has_source(p.source.as_deref()) {
        Kind::Sourced
    } else {
        Kind::Unsourced
    })
}

fn has_source(source: Option<&str>) -> bool {
    source.is_some_and(|s| !s.trim().is_empty())
}

/// What the source text of an explicitly `sourced` parameter says about it: `Err` (refuse
/// the model) when there is no source at all, `Ok` (a warning) when the text says there is
/// none ([`says_no_source`]), `None` when it names one or the kind is not `sourced`.
pub fn check_sourced(p: &ParamFile, qualified: &str) -> Option<Result<String, String>> {
    if p.kind != Some(Kind::Sourced) {
        return None;
    }
    match p.source.as_deref() {
        s if !has_source(s) => Some(Err(format!(
            "parameter '{qualified}' has kind = \"sourced\" but no source; name the source \
             (source = \"CBS\", ...), or write kind = \"unsourced\" for a number the document \
             states without one"
        ))),
        Some(s) if says_no_source(s) => Some(Ok(format!(
            "parameter '{qualified}' has kind = \"sourced\" but its source \"{s}\" says there is \
             none; write kind = \"unsourced\" (or name the source)"
        ))),
        _ => None,
    }
}

/// True when a source text says there is no source: "geen bron", "bron niet ingevuld",
/// "zonder bron", "no source" (any case).
///
/// ```
/// use workforce_impact::provenance::says_no_source;
/// assert!(says_no_source("regioplan (Geen Bron)"));
/// assert!(!says_no_source("CBS"));
/// ```
pub fn says_no_source(source: &str) -> bool {
    let s = source.to_lowercase();
    [
        "geen bron",
        "bron niet ingevuld",
        "zonder bron",
        "no source",
    ]
    .iter()
    .any(|m| s.contains(m))
}

/// `shape` around `p`'s stated value, `rel` wide on either side, clipped to its valid range
/// (a fraction stays in [0, 1], an amount >= 0; a normal is truncated to it).
pub(crate) fn around_clipped(p: &Parameter, rel: f64, shape: Shape) -> Distribution {
    let (vlo, vhi) = p.valid_range();
    let lo = (p.value - rel * p.value.abs()).max(vlo);
    let hi = (p.value + rel * p.value.abs()).min(vhi);
    match shape {
        Shape::Uniform => Distribution::Uniform { lo, hi },
        Shape::Pert => Distribution::Pert {
            lo,
            mode: p.value,
            hi,
        },
        Shape::Normal => Distribution::Normal {
            mean: p.value,
            sd: rel * p.value.abs() / Z95,
            lo: vlo,
            hi: vhi,
        },
        _ => Distribution::Triangular {
            lo,
            mode: p.value,
            hi,
        },
    }
}

/// What one initiative's figure rests on.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct InitiativeProvenance {
    /// The initiative id.
    pub id: String,
    /// Its net figure in persons (savings minus costs) in the evaluation.
    pub persons: f64,
    /// The qualified names of the stated parameters its formulas read, directly or through
    /// derived parameters (a shared case's member: the case's), in slot order.
    pub inputs: Vec<String>,
    /// How many of those inputs each class has, in [`KINDS`] order, classes with none left
    /// out.
    pub kinds: Vec<(Kind, usize)>,
}

impl InitiativeProvenance {
    /// Whether at least one input is of class `kind`.
    pub fn rests_on(&self, kind: Kind) -> bool {
        self.kinds.iter().any(|(k, _)| *k == kind)
    }

    /// Whether at least one input is of an uncertain class ([`UNCERTAIN`]).
    pub fn rests_on_uncertain(&self) -> bool {
        UNCERTAIN.iter().any(|k| self.rests_on(*k))
    }
}

/// Persons resting on one class (or on any uncertain class), over the portfolio.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ClassRow {
    /// `unsourced`, `assumption`, `expert`, `other-region`, `any uncertain class` or
    /// `sourced only` (no uncertain input at all).
    pub class: String,
    /// How many initiatives rest on it.
    pub initiatives: usize,
    /// The sum of their net figures, in persons.
    pub persons: f64,
    /// `persons` as a share of the portfolio total.
    pub share_of_total: f64,
    /// `persons` as a share of the target shortage (NaN when the model has none).
    pub share_of_shortage: f64,
}

/// What the portfolio's total rests on: per initiative and per class.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Provenance {
    /// One entry per initiative, in model order.
    pub initiatives: Vec<InitiativeProvenance>,
    /// `unsourced`, `assumption`, `expert`, `other-region`, `any uncertain class`,
    /// `sourced only`.
    pub classes: Vec<ClassRow>,
    /// The portfolio total in persons.
    pub total: f64,
    /// The target shortage in persons (NaN when the model has none).
    pub shortage: f64,
}

impl Provenance {
    /// The row of `class` (see [`Provenance::classes`]).
    pub fn class(&self, class: &str) -> Option<&ClassRow> {
        self.classes.iter().find(|c| c.class == class)
    }

    /// A Markdown table of the classes, then one of the initiatives.
    pub fn to_markdown(&self) -> String {
        use std::fmt::Write as _;
        let pct = |x: f64| {
            if x.is_finite() {
                format!("{:.1}%", x * 100.0 + 0.0)
            } else {
                "-".into()
            }
        };
        let mut s = String::from(
            "| rests on | initiatives | persons | share of total | share of shortage |\n|---|---|---|---|---|\n",
        );
        for c in &self.classes {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                c.class,
                c.initiatives,
                crate::report::fmt_number((c.persons * 10.0).round() / 10.0),
                pct(c.share_of_total),
                pct(c.share_of_shortage)
            );
        }
        s.push_str("\n| initiative | persons | inputs by class |\n|---|---|---|\n");
        for i in &self.initiatives {
            let kinds: Vec<String> = i
                .kinds
                .iter()
                .map(|(k, n)| format!("{} {n}", k.as_str()))
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                i.id,
                crate::report::fmt_number((i.persons * 10.0).round() / 10.0),
                kinds.join(", ")
            );
        }
        s
    }
}

impl Model {
    /// `shape` around every stated parameter of a class in `kinds`, `rel` wide on either
    /// side (0.5 is ±50%): the presets' inputs. Intervals are clipped to the parameter's
    /// valid range (a fraction stays in [0, 1], so ±50% around 80% is [40%, 100%]; a normal
    /// is truncated to it); a value of 0 cannot vary relatively and is skipped; region
    /// populations never vary. `vary_by_kind(rel, shape, &[Kind::Assumption])` is
    /// [`Model::assumptions`].
    ///
    /// Errors ([`Error::InvalidValue`]): `rel` not finite and > 0, `kinds` empty or naming
    /// `derived`, or no parameter of the model in `kinds`.
    ///
    /// ```
    /// use workforce_impact::engine::Shape;
    /// use workforce_impact::model::Kind;
    /// use workforce_impact::Model;
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let both = model.vary_by_kind(0.5, Shape::Triangular, &[Kind::Assumption, Kind::Unsourced]).unwrap();
    /// assert!(both.len() > model.assumptions(0.5, Shape::Triangular).len());
    /// ```
    pub fn vary_by_kind(
        &self,
        rel: f64,
        shape: Shape,
        kinds: &[Kind],
    ) -> Result<Vec<Input>, Error> {
        if !(rel.is_finite() && rel > 0.0) {
            return Err(invalid(format!(
                "relative width {rel} must be a finite number > 0 (0.5 is ±50%)"
            )));
        }
        if kinds.is_empty() {
            return Err(invalid(
                "empty preset: name at least one provenance class to vary".into(),
            ));
        }
        if kinds.contains(&Kind::Derived) {
            return Err(invalid(
                "class 'derived' cannot vary: a derived parameter is computed from others; \
                 vary the classes of its inputs"
                    .into(),
            ));
        }
        let inputs: Vec<Input> = self
            .params
            .iter()
            .filter(|p| {
                kinds.contains(&p.kind)
                    && p.derived.is_none()
                    && !matches!(p.scope, ParamScope::Region(_))
                    && p.value != 0.0
            })
            .map(|p| Input::new(&p.qualified, around_clipped(p, rel, shape)))
            .collect();
        if inputs.is_empty() {
            return Err(Error::InvalidValue {
                loc: Location::file(&self.origin),
                message: format!(
                    "nothing to vary: the model has no stated non-zero parameter of class {}",
                    names(kinds)
                ),
            });
        }
        Ok(inputs)
    }

    /// [`Model::vary_by_kind`] for classes and presets by name ([`kinds_for`]).
    pub fn vary_preset(
        &self,
        rel: f64,
        shape: Shape,
        selection: &[&str],
    ) -> Result<Vec<Input>, Error> {
        self.vary_by_kind(rel, shape, &kinds_for(selection)?)
    }

    /// The stated parameter slots initiative `n`'s formulas read, directly or through
    /// derived parameters (a shared case's member: the case's components), sorted.
    pub fn stated_inputs(&self, n: usize) -> Vec<usize> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let comps = match &self.initiatives[n].body {
            Body::Components(c) => c,
            Body::Shared { case, .. } => &self.shared[*case].components,
        };
        for c in comps {
            self.collect_stated(&c.node, &mut out, &mut seen);
        }
        out.into_iter().collect()
    }

    fn collect_stated(&self, node: &Node, out: &mut BTreeSet<usize>, seen: &mut BTreeSet<usize>) {
        match node {
            Node::Const(_) => {}
            Node::Param(i) => {
                if !seen.insert(*i) {
                    return;
                }
                match &self.params[*i].derived {
                    Some(d) => self.collect_stated(&d.node, out, seen),
                    None => {
                        out.insert(*i);
                    }
                }
            }
            Node::Neg(a) => self.collect_stated(a, out, seen),
            Node::Bin(_, a, b) => {
                self.collect_stated(a, out, seen);
                self.collect_stated(b, out, seen);
            }
            Node::Min(xs) | Node::Max(xs) => {
                for x in xs {
                    self.collect_stated(x, out, seen);
                }
            }
        }
    }

    /// What `eval`'s figures rest on. An initiative's persons **rest on** class C when at
    /// least one stated input of class C enters one of its formulas, directly or through
    /// derived parameters (a shared case's member rests on what the case's formulas read).
    /// Each class row sums the net figures of the initiatives resting on it; an initiative
    /// resting on two classes counts in both, so the rows do not add up to the total.
    pub fn provenance(&self, eval: &Evaluation) -> Provenance {
        let initiatives: Vec<InitiativeProvenance> = (0..self.initiatives.len())
            .map(|n| {
                let slots = self.stated_inputs(n);
                let kinds = KINDS
                    .iter()
                    .map(|k| {
                        (
                            *k,
                            slots.iter().filter(|s| self.params[**s].kind == *k).count(),
                        )
                    })
                    .filter(|(_, c)| *c > 0)
                    .collect();
                InitiativeProvenance {
                    id: self.initiatives[n].id.clone(),
                    persons: eval.initiative_totals[n],
                    inputs: slots
                        .iter()
                        .map(|s| self.params[*s].qualified.clone())
                        .collect(),
                    kinds,
                }
            })
            .collect();
        let total = eval.total();
        let shortage = self.target_shortage().map_or(f64::NAN, |p| p.persons);
        let row = |class: &str, on: &dyn Fn(&InitiativeProvenance) -> bool| {
            let hit: Vec<&InitiativeProvenance> = initiatives.iter().filter(|i| on(i)).collect();
            // + 0.0: an empty f64 sum is -0.0, which would print as "-0"
            let persons: f64 = hit.iter().map(|i| i.persons).sum::<f64>() + 0.0;
            ClassRow {
                class: class.to_string(),
                initiatives: hit.len(),
                persons,
                share_of_total: persons / total,
                share_of_shortage: persons / shortage,
            }
        };
        let mut classes: Vec<ClassRow> = [
            Kind::Unsourced,
            Kind::Assumption,
            Kind::Expert,
            Kind::OtherRegion,
        ]
        .iter()
        .map(|k| row(k.as_str(), &|i: &InitiativeProvenance| i.rests_on(*k)))
        .collect();
        classes.push(row("any uncertain class", &|i| i.rests_on_uncertain()));
        classes.push(row("sourced only", &|i| !i.rests_on_uncertain()));
        Provenance {
            initiatives,
            classes,
            total,
            shortage,
        }
    }

    /// Sobol groups by provenance class: each input name (qualified parameter name) under
    /// its parameter's class, classes in [`KINDS`] order. A name that is no parameter keeps
    /// a group of its own, so the Sobol run reports it as unknown.
    pub fn kind_groups(&self, names: &[String]) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let mut keyed: Vec<(usize, String, String)> = names
            .iter()
            .map(|n| match self.param(n) {
                Some(p) => (rank(p.kind), p.kind.as_str().to_string(), n.clone()),
                None => (KINDS.len(), n.clone(), n.clone()),
            })
            .collect();
        keyed.sort_by_key(|k| k.0);
        for (_, group, name) in keyed {
            match out.iter_mut().find(|(g, _)| *g == group) {
                Some((_, members)) => members.push(name),
                None => out.push((group, vec![name])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(kind: Option<&str>, source: Option<&str>, formula: bool) -> ParamFile {
        let mut text = String::from(if formula {
            "formula = \"a\"\n"
        } else {
            "value = 1\n"
        });
        if let Some(k) = kind {
            text += &format!("kind = \"{k}\"\n");
        }
        if let Some(s) = source {
            text += &format!("source = \"{s}\"\n");
        }
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn default_kind_follows_the_source() {
        assert_eq!(
            default_kind(&param(None, Some("CBS"), false)),
            Kind::Sourced
        );
        assert_eq!(default_kind(&param(None, None, false)), Kind::Unsourced);
        assert_eq!(
            default_kind(&param(None, Some("  "), false)),
            Kind::Unsourced
        );
        assert_eq!(default_kind(&param(None, None, true)), Kind::Derived);
        assert_eq!(
            default_kind(&param(Some("expert"), None, false)),
            Kind::Expert
        );
    }

    #[test]
    fn sourced_needs_a_source() {
        let e = check_sourced(&param(Some("sourced"), None, false), "x").unwrap();
        assert!(e
            .unwrap_err()
            .contains("has kind = \"sourced\" but no source"));
        let e = check_sourced(&param(Some("sourced"), Some(""), false), "x").unwrap();
        assert!(e.is_err());
        let w = check_sourced(
            &param(Some("sourced"), Some("regioplan (GEEN BRON)"), false),
            "x",
        );
        assert!(w.unwrap().unwrap().contains("says there is none"));
        assert!(check_sourced(&param(Some("sourced"), Some("CBS"), false), "x").is_none());
        assert!(check_sourced(&param(Some("assumption"), None, false), "x").is_none());
        assert!(check_sourced(&param(None, Some("geen bron"), false), "x").is_none());
    }

    #[test]
    fn no_source_phrases() {
        for s in [
            "geen bron",
            "Bron niet ingevuld",
            "NO SOURCE",
            "regioplan (zonder bron)",
        ] {
            assert!(says_no_source(s), "{s}");
        }
        for s in ["CBS", "bron: Vektis", "aanname", ""] {
            assert!(!says_no_source(s), "{s}");
        }
    }

    #[test]
    fn selections() {
        assert_eq!(kinds_for(&["assumption"]).unwrap(), [Kind::Assumption]);
        assert_eq!(
            kinds_for(&["uncertain"]).unwrap(),
            [
                Kind::Unsourced,
                Kind::Assumption,
                Kind::Expert,
                Kind::OtherRegion
            ]
        );
        assert_eq!(kinds_for(&["all"]).unwrap(), KINDS[..5]);
        assert_eq!(
            kinds_for(&["expert", " assumption", "expert"]).unwrap(),
            [Kind::Assumption, Kind::Expert]
        );
        let e = kinds_for(&["assumptions"]).unwrap_err();
        assert!(matches!(e, Error::InvalidValue { .. }));
        assert_eq!(
            e.message(),
            "unknown provenance class or preset 'assumptions'; the classes are sourced, \
             unsourced, assumption, expert, other-region, the presets assumption, uncertain, all"
        );
        assert!(kinds_for(&["derived"])
            .unwrap_err()
            .message()
            .contains("cannot vary"));
        assert!(kinds_for(&[])
            .unwrap_err()
            .message()
            .starts_with("empty preset"));
        assert!(parse_kind("Assumption").is_err());
    }
}
