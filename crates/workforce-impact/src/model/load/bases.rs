//! Loading the `[[bases]]` and the components' `base` / `cut` (see [`crate::overlap`]).

use super::{Ctx, Loader, ScopeKey};
use crate::error::{Error, Warning};
use crate::formula::Node;
use crate::model::file::{ComponentFile, ModelFile, RawValue};
use crate::model::{Initiative, Model, SharedCase};
use crate::overlap::{Base, Cut, Cutter, DEFAULT_THRESHOLD};
use crate::units::Unit;

fn is_base_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

impl Loader<'_> {
    /// The model's bases, each with the components that cut it. Errors (with position,
    /// initiative and component) for a base without size, an unknown base, a cut whose unit
    /// is not the base's, and a cut that is not a product of factors of its formula.
    pub(super) fn bases(
        &mut self,
        file: &ModelFile,
        shared: &[SharedCase],
        initiatives: &[Initiative],
    ) -> Vec<Base> {
        let mut bases: Vec<Base> = Vec::new();
        for b in &file.bases {
            let id = b.id.get_ref().clone();
            let ctx = Ctx::default();
            let at = Some(b.id.span());
            if !is_base_id(&id) {
                self.push_model_error(&ctx.field("id"), at, format!("base id '{id}' must use only a-z, 0-9, '.', '_' and '-', starting with a letter"));
                continue;
            }
            if bases.iter().any(|x| x.id == id) {
                self.push_model_error(&ctx.field("id"), at, format!("duplicate base id '{id}'"));
                continue;
            }
            let Some(p) = &b.size else {
                self.push_model_error(&ctx.field("size"), at, format!("base '{id}' has no size; give `size = {{ value = ..., unit = \"...\", source = \"...\", kind = \"...\" }}` (or a `formula` over global parameters)"));
                continue;
            };
            let unit = match &p.unit {
                None => Unit::one(),
                Some(u) => match Unit::parse(u.get_ref()) {
                    Ok(unit) => unit,
                    Err(e) => {
                        let loc = self.loc(&ctx.field("size.unit"), Some(u.span()));
                        self.errors.push(Error::Syntax {
                            loc,
                            message: format!("base '{id}': {}", e.message),
                        });
                        continue;
                    }
                },
            };
            let (size, size_formula, unit) = match (&p.value, &p.formula) {
                (Some(v), None) => match self.value(v, &ctx) {
                    Some((x, _)) if x > 0.0 => (Node::Const(unit.to_base(x)), None, unit),
                    Some(_) => {
                        let loc = self.loc(&ctx.field("size.value"), Some(v.span()));
                        self.errors.push(Error::InvalidValue {
                            loc,
                            message: format!(
                                "base '{id}' has size 0; a base must be larger than 0"
                            ),
                        });
                        continue;
                    }
                    None => continue,
                },
                (None, Some(f)) => {
                    let Some((_, node, dim)) = self.bind(&ScopeKey::Global, f, &ctx) else {
                        continue;
                    };
                    if p.unit.is_some() && dim != unit.dim {
                        let loc = self.loc(&ctx.field("size.formula"), Some(f.span()));
                        self.errors.push(Error::Unit { loc, message: format!("base '{id}': the size formula gives {dim}, but its unit '{}' is {}", unit.text, unit.dim) });
                        continue;
                    }
                    let unit = if p.unit.is_some() {
                        unit
                    } else {
                        dim.display_unit()
                    };
                    (node, Some(f.get_ref().clone()), unit)
                }
                _ => {
                    self.push_model_error(
                        &ctx.field("size"),
                        at,
                        format!(
                            "base '{id}': give the size's `value` or its `formula`, one of the two"
                        ),
                    );
                    continue;
                }
            };
            let threshold = match b.threshold.as_ref().map(|t| (t.get_ref(), t.span())) {
                None => DEFAULT_THRESHOLD,
                Some((raw, span)) => {
                    let x = match raw {
                        RawValue::Number(x) => Some(*x),
                        RawValue::Text(t) => t
                            .trim()
                            .strip_suffix('%')
                            .and_then(|n| n.trim().parse::<f64>().ok())
                            .map(|x| x / 100.0),
                    };
                    match x {
                        Some(x) if x.is_finite() && x > 0.0 => x,
                        _ => {
                            let loc = self.loc(&ctx.field("threshold"), Some(span));
                            self.errors.push(Error::InvalidValue {
                                loc,
                                message: format!(
                                    "base '{id}': threshold must be a share > 0, e.g. \"100%\""
                                ),
                            });
                            continue;
                        }
                    }
                }
            };
            let kind = crate::provenance::default_kind(p);
            let loc = self.loc(&ctx, at);
            bases.push(Base {
                name: if b.name.is_empty() {
                    id.clone()
                } else {
                    b.name.clone()
                },
                id,
                size,
                size_formula,
                unit,
                source: p.source.clone(),
                kind,
                note: p.note.clone(),
                threshold,
                cuts: Vec::new(),
                loc,
            });
        }
        for s in &file.shared {
            let cutter = shared
                .iter()
                .position(|c| c.id == *s.id.get_ref())
                .map(Cutter::Shared);
            let comps = cutter.and_then(|c| match c {
                Cutter::Shared(n) => Some(&shared[n].components),
                _ => None,
            });
            self.cuts(&mut bases, s.id.get_ref(), &s.components, cutter, comps);
        }
        for i in &file.initiatives {
            let n = initiatives.iter().position(|x| x.id == *i.id.get_ref());
            let comps = n.and_then(|n| match &initiatives[n].body {
                crate::model::Body::Components(cs) => Some(cs),
                _ => None,
            });
            self.cuts(
                &mut bases,
                i.id.get_ref(),
                &i.components,
                n.map(Cutter::Initiative),
                comps,
            );
        }
        bases
    }

    fn cuts(
        &mut self,
        bases: &mut [Base],
        owner: &str,
        comps: &[ComponentFile],
        cutter: Option<Cutter>,
        loaded: Option<&Vec<crate::model::Component>>,
    ) {
        for (k, c) in comps.iter().enumerate() {
            if c.base.is_none() && c.cut.is_none() {
                continue;
            }
            let component = match &c.label {
                Some(l) => format!("#{} '{l}'", k + 1),
                None => format!("#{}", k + 1),
            };
            let ctx = Ctx {
                initiative: Some(owner.to_string()),
                component: Some(component.clone()),
                ..Ctx::default()
            };
            let (base, cut) = match (&c.base, &c.cut) {
                (Some(b), Some(t)) => (b, t),
                (Some(b), None) => {
                    self.push_model_error(&ctx.field("cut"), Some(b.span()), format!("the component names base '{}' but no `cut`: add `cut = \"...\"`, the product of factors of its formula that is its cut of the base, in the base's unit", b.get_ref()));
                    continue;
                }
                (None, Some(t)) => {
                    self.push_model_error(&ctx.field("base"), Some(t.span()), "the component has a `cut` but names no `base`: add `base = \"...\"`, the id of a [[bases]] entry".into());
                    continue;
                }
                (None, None) => continue,
            };
            let Some(b) = bases.iter().position(|x| x.id == *base.get_ref()) else {
                let hint = crate::suggest::did_you_mean(
                    base.get_ref(),
                    bases.iter().map(|x| x.id.as_str()),
                )
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
                self.push_model_error(
                    &ctx.field("base"),
                    Some(base.span()),
                    format!(
                        "unknown base '{}'{hint}; declare it under [[bases]]",
                        base.get_ref()
                    ),
                );
                continue;
            };
            let key = ScopeKey::Local(owner.to_string());
            let Some((expr, node, dim)) = self.bind(&key, cut, &ctx.field("cut")) else {
                continue;
            };
            let unit = &bases[b].unit;
            if dim != unit.dim {
                let loc = self.formula_loc(&ctx.field("cut"), cut, expr.span);
                self.errors.push(Error::Unit {
                    loc,
                    message: format!(
                        "the cut gives {dim}, but base '{}' is in {} ({}): the cut cannot be expressed in the base's unit",
                        bases[b].id, unit.text, unit.dim
                    ),
                });
                continue;
            }
            if let Ok(formula) = crate::formula::parse(c.formula.get_ref()) {
                if let Some(f) = crate::overlap::missing_factor(&formula, &expr) {
                    let loc = self.formula_loc(&ctx.field("cut"), cut, expr.span);
                    self.errors.push(Error::Model {
                        loc,
                        message: format!("the cut is not a product of factors of the component's formula: `{f}` is not one of its factors (write the cut with the formula's own factors, so its persons are proportional to it)"),
                    });
                    continue;
                }
            }
            let (Some(cutter), Some(persons)) = (cutter, loaded.and_then(|l| l.get(k))) else {
                continue; // the component itself failed to load: already reported
            };
            let loc = self.formula_loc(&ctx, cut, expr.span);
            bases[b].cuts.push(Cut {
                cutter,
                initiative: owner.to_string(),
                component,
                text: cut.get_ref().clone(),
                node,
                persons: persons.node.clone(),
                sign: persons.sign,
                loc,
            });
        }
    }

    /// `check` warnings from the stated overlap: summed cuts above a base's threshold, and
    /// identical cuts of one base (possible double counting).
    pub(super) fn overlap_warnings(&mut self, model: &mut Model, eval: &crate::engine::Evaluation) {
        let overlap = model.overlap(eval);
        for (b, o) in model.bases.iter().zip(&overlap.bases) {
            if o.exceeds_threshold {
                model.warnings.push(Warning {
                    loc: b.loc.clone(),
                    message: format!(
                        "the cuts of base '{}' add up to {:.1}% of it, above the threshold of {:.1}% ({}); read multiplicatively they are {:.1}%, an interaction of {} persons",
                        o.id,
                        o.additive * 100.0,
                        o.threshold * 100.0,
                        o.cuts.iter().map(|c| format!("{} {:.1}%", c.initiative, c.share * 100.0)).collect::<Vec<_>>().join(", "),
                        o.multiplicative * 100.0,
                        crate::report::fmt_number(o.interaction),
                    ),
                });
            }
            for pair in &o.identical {
                let loc = b
                    .cuts
                    .iter()
                    .find(|c| c.initiative == pair.second.0 && c.component == pair.second.1)
                    .map_or_else(|| b.loc.clone(), |c| c.loc.clone());
                model.warnings.push(Warning {
                    loc,
                    message: format!(
                        "identical cuts of base '{}': '{}' component {} and '{}' component {} cut the same amount for the same persons (possible double counting)",
                        o.id, pair.first.0, pair.first.1, pair.second.0, pair.second.1
                    ),
                });
            }
        }
    }
}
