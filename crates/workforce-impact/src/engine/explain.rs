//! The step-by-step trace of one initiative: every input with value, unit and source, every
//! operation with its intermediate value and unit, ending in persons.

use std::fmt;

use serde::Serialize;

use super::{Evaluation, Overrides};
use crate::error::{Error, Location};
use crate::formula::{Expr, ExprKind};
use crate::model::{Body, Component, Model, Parameter};
use crate::report::fmt_number;
use crate::units::{Dimension, Quantity};

/// One input of the trace.
#[derive(Clone, Debug, Serialize)]
pub struct InputRow {
    /// The parameter's qualified name (`part_time_factor`, `fit-for-surgery.stay_reduction`).
    pub name: String,
    /// The value used, in `unit` (an override if one was given; a percentage as a fraction).
    pub value: f64,
    /// The parameter's unit as written (empty for a plain number).
    pub unit: String,
    /// The source as the model names it, if any.
    pub source: Option<String>,
    /// The provenance class as written in a model file (`sourced`, `assumption`, ...).
    pub kind: String,
    /// For a derived parameter `= formula`, otherwise the parameter's note.
    pub note: Option<String>,
}

/// One operation: `[index] lhs op rhs = value unit`.
#[derive(Clone, Debug, Serialize)]
pub struct StepRow {
    /// The step's number; later operations refer to its result as `[index]`.
    pub index: usize,
    /// The operation, with earlier results as `[n]`: `[1] / annual_hours`.
    pub operation: String,
    /// The result, in `unit`.
    pub value: f64,
    /// The unit the result is shown in, derived from its dimension.
    pub unit: String,
}

/// The trace of one component of an initiative (or of the shared case it takes a share of).
#[derive(Clone, Debug, Serialize)]
pub struct ComponentTrace {
    /// The component's label, or `#n` when it has none.
    pub label: String,
    /// The sector id the persons land in.
    pub sector: String,
    /// `"saving"` or `"cost"`.
    pub sign: String,
    /// The formula as written.
    pub formula: String,
    /// Each operation in evaluation order; the last one is the component's value in persons.
    pub steps: Vec<StepRow>,
    /// Signed persons this component contributes (after any shared-case share).
    pub persons: f64,
}

/// Everything needed to follow one initiative's figure.
#[derive(Clone, Debug, Serialize)]
///
/// [`Display`](fmt::Display) prints it as a readable trace (what `workforce-impact explain`
/// shows).
pub struct Explanation {
    /// The initiative id.
    pub id: String,
    /// The initiative's name.
    pub name: String,
    /// The name of its theme.
    pub theme: String,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// The source's own formula, as printed.
    pub source_formula: Option<String>,
    /// For a shared-case member: the case, and this initiative's fraction of it.
    pub shared: Option<(String, f64)>,
    /// Every parameter the formulas read (a derived one after what it reads), in order of
    /// first use.
    pub inputs: Vec<InputRow>,
    /// One trace per component.
    pub components: Vec<ComponentTrace>,
    /// The initiative's computed figure in persons (signed: negative means extra staff).
    pub computed: f64,
    /// The published figure as printed, if the source published one.
    pub published: Option<String>,
    /// [`Status::as_str`](crate::Status::as_str) of computed against published.
    pub status: String,
    /// The initiative's notes.
    pub notes: Option<String>,
}

impl Model {
    /// Traces initiative `id` with `overrides` applied.
    ///
    /// Errors with [`Error::Model`] if there is no such initiative (naming the closest id),
    /// and as [`Model::evaluate`] does for a bad override.
    ///
    /// ```
    /// use workforce_impact::{Model, Overrides};
    ///
    /// let model = Model::builtin("nml-2023").unwrap();
    /// let ex = model.explain("fit-for-surgery", &Overrides::default()).unwrap();
    /// // No formula in the source: rebuilt, and within rounding of the published 14.
    /// assert_eq!((ex.status.as_str(), ex.published.as_deref()), ("reconstructed", Some("14")));
    /// assert!((ex.computed - 14.045).abs() < 1e-3);
    /// assert!(ex.inputs.iter().any(|i| i.name == "part_time_factor" && i.value == 0.68));
    /// assert!(model.explain("fit-for-surgry", &Overrides::default()).unwrap_err()
    ///     .to_string().contains("did you mean 'fit-for-surgery'?"));
    /// ```
    pub fn explain(&self, id: &str, overrides: &Overrides) -> Result<Explanation, Error> {
        let n = self
            .initiatives
            .iter()
            .position(|i| i.id == id)
            .ok_or_else(|| Error::Model {
                loc: Location::file(&self.origin),
                message: format!(
                    "no initiative '{id}'{}",
                    crate::suggest::did_you_mean(
                        id,
                        self.initiatives.iter().map(|i| i.id.as_str())
                    )
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default()
                ),
            })?;
        let eval = self.evaluate(overrides)?;
        self.explain_at(n, &eval)
    }

    /// The explanation of initiative `n` in `eval`, an evaluation of this model: what
    /// [`Model::explain`] gives, without evaluating again (the report explains every
    /// initiative of one evaluation).
    pub(crate) fn explain_at(&self, n: usize, eval: &Evaluation) -> Result<Explanation, Error> {
        let ini = &self.initiatives[n];
        let (components, factor, shared, scope): (&[Component], f64, _, &str) = match &ini.body {
            Body::Components(cs) => (cs, 1.0, None, &ini.id),
            Body::Shared { case, share } => {
                let c = &self.shared[*case];
                (&c.components, *share, Some((c.id.clone(), *share)), &c.id)
            }
        };
        let mut input_slots: Vec<usize> = Vec::new();
        let mut traces = Vec::new();
        for (k, c) in components.iter().enumerate() {
            let mut slots = Vec::new();
            c.node.slots(&mut slots);
            for s in slots {
                self.collect_inputs(s, &mut input_slots);
            }
            let mut steps = Vec::new();
            let q = self
                .trace_labelled(&c.expr, &c.text, scope, &eval.values, &mut steps)
                .0;
            let persons = c.sign.factor() * q.base * factor * c.flow_year();
            traces.push(ComponentTrace {
                label: c.label.clone().unwrap_or_else(|| format!("#{}", k + 1)),
                sector: c.sector.id().to_string(),
                sign: if c.sign.factor() < 0.0 {
                    "cost".into()
                } else {
                    "saving".into()
                },
                formula: c.text.clone(),
                steps,
                persons,
            });
        }
        let inputs = input_slots
            .iter()
            .map(|&s| {
                let p: &Parameter = &self.params[s];
                let u = &p.unit;
                InputRow {
                    name: p.qualified.clone(),
                    value: u.from_base(eval.values[s]),
                    unit: u.text.clone(),
                    source: p.source.clone(),
                    kind: p.kind.as_str().to_string(),
                    note: p
                        .derived
                        .as_ref()
                        .map(|d| format!("= {}", d.text))
                        .or_else(|| p.note.clone()),
                }
            })
            .collect();
        Ok(Explanation {
            id: ini.id.clone(),
            name: ini.name.clone(),
            theme: self.themes[ini.theme].name.clone(),
            submitted_by: ini.submitted_by.clone(),
            source_formula: ini.source_formula.clone(),
            shared,
            inputs,
            components: traces,
            computed: eval.initiative_totals[n],
            published: ini.published.as_ref().map(|p| p.as_written.clone()),
            status: eval.status(self, n).as_str().to_string(),
            notes: ini.notes.clone(),
        })
    }

    /// Adds slot `s` and, for a derived parameter, what it reads (inputs first).
    fn collect_inputs(&self, s: usize, out: &mut Vec<usize>) {
        if out.contains(&s) {
            return;
        }
        if let Some(d) = &self.params[s].derived {
            let mut reads = Vec::new();
            d.node.slots(&mut reads);
            for r in reads {
                self.collect_inputs(r, out);
            }
        }
        out.push(s);
    }

    /// Evaluates `e` (a formula of `scope`), logging each operation; returns the quantity
    /// and the label later steps use for it.
    fn trace_labelled(
        &self,
        e: &Expr,
        text: &str,
        scope: &str,
        values: &[f64],
        steps: &mut Vec<StepRow>,
    ) -> (Quantity, String) {
        let leaf_text = text
            .get(e.span.start..e.span.end)
            .unwrap_or("?")
            .to_string();
        match &e.kind {
            ExprKind::Number { value, unit } => (Quantity::new(*value, unit), leaf_text),
            ExprKind::Param(name) => {
                let slot = self
                    .param_index(&format!("{scope}.{name}"))
                    .or_else(|| self.param_index(name));
                let q = slot.map_or(
                    Quantity {
                        base: f64::NAN,
                        dim: Dimension::NONE,
                    },
                    |s| Quantity {
                        base: values[s],
                        dim: self.params[s].unit.dim,
                    },
                );
                (q, name.clone())
            }
            ExprKind::Neg(inner) => {
                let (q, label) = self.trace_labelled(inner, text, scope, values, steps);
                (
                    Quantity {
                        base: -q.base,
                        dim: q.dim,
                    },
                    format!("-{label}"),
                )
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let (a, la) = self.trace_labelled(lhs, text, scope, values, steps);
                let (b, lb) = self.trace_labelled(rhs, text, scope, values, steps);
                let (base, dim) = match op {
                    crate::formula::BinOp::Add => (a.base + b.base, a.dim),
                    crate::formula::BinOp::Sub => (a.base - b.base, a.dim),
                    crate::formula::BinOp::Mul => (a.base * b.base, a.dim * b.dim),
                    crate::formula::BinOp::Div => (a.base / b.base, a.dim / b.dim),
                };
                self.push_step(
                    steps,
                    format!("{la} {} {lb}", op.symbol()),
                    Quantity { base, dim },
                )
            }
            ExprKind::Call { func, args } => {
                let parts: Vec<(Quantity, String)> = args
                    .iter()
                    .map(|a| self.trace_labelled(a, text, scope, values, steps))
                    .collect();
                let pick = parts.iter().map(|p| p.0.base).fold(
                    if matches!(func, crate::formula::Func::Min) {
                        f64::INFINITY
                    } else {
                        f64::NEG_INFINITY
                    },
                    |acc, v| {
                        if matches!(func, crate::formula::Func::Min) {
                            acc.min(v)
                        } else {
                            acc.max(v)
                        }
                    },
                );
                let dim = parts.first().map_or(Dimension::NONE, |p| p.0.dim);
                let labels: Vec<String> = parts.into_iter().map(|p| p.1).collect();
                self.push_step(
                    steps,
                    format!("{}({})", func.name(), labels.join(", ")),
                    Quantity { base: pick, dim },
                )
            }
        }
    }

    fn push_step(
        &self,
        steps: &mut Vec<StepRow>,
        operation: String,
        q: Quantity,
    ) -> (Quantity, String) {
        let index = steps.len() + 1;
        let unit = q.dim.display_unit();
        steps.push(StepRow {
            index,
            operation,
            value: unit.from_base(q.base),
            unit: unit.text,
        });
        (q, format!("[{index}]"))
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.name, self.id)?;
        write!(f, "  theme: {}", self.theme)?;
        if let Some(s) = &self.submitted_by {
            write!(f, "; submitted by {s}")?;
        }
        writeln!(f)?;
        if let Some(s) = &self.source_formula {
            writeln!(f, "  source: {s}")?;
        }
        writeln!(f, "\ninputs")?;
        let w = self.inputs.iter().map(|i| i.name.len()).max().unwrap_or(0);
        for i in &self.inputs {
            let value = format!("{} {}", fmt_number(i.value), i.unit);
            write!(
                f,
                "  {:w$}  {:>24}  [{}; {}]",
                i.name,
                value.trim_end(),
                i.source.as_deref().unwrap_or("no source"),
                i.kind
            )?;
            if let Some(n) = &i.note {
                write!(f, "  {n}")?;
            }
            writeln!(f)?;
        }
        for c in &self.components {
            writeln!(f, "\ncomponent {} ({}, {})", c.label, c.sector, c.sign)?;
            writeln!(f, "  {}", c.formula)?;
            for s in &c.steps {
                let value = format!("{} {}", fmt_number(s.value), s.unit);
                writeln!(
                    f,
                    "  [{}] {:60} = {}",
                    s.index,
                    s.operation,
                    value.trim_end()
                )?;
            }
            if let Some((case, share)) = &self.shared {
                writeln!(
                    f,
                    "  x {} share of shared business case '{case}' = {} persons",
                    fmt_number(*share),
                    fmt_number(c.persons)
                )?;
            } else {
                writeln!(f, "  = {} persons", fmt_number(c.persons))?;
            }
        }
        writeln!(f)?;
        write!(f, "total: {} persons", fmt_number(self.computed))?;
        if let Some(p) = &self.published {
            write!(f, " (published: {p}; {})", self.status)?;
        }
        writeln!(f)?;
        if let Some(n) = &self.notes {
            writeln!(f, "notes: {n}")?;
        }
        Ok(())
    }
}
