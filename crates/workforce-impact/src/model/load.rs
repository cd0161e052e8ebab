//! From a model file to a checked [`Model`]: every value validated, every formula parsed,
//! bound and unit-checked, every problem collected with its place in the file.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use toml::Spanned;

use super::file::{ComponentFile, InitiativeFile, Kind, ModelFile, ParamFile, RawValue};
use super::{
    Body, Component, Derivation, Initiative, Model, ParamScope, Parameter, Projection, Region,
    Sector, SharedCase, Shortage, Theme, BUILTINS,
};
use crate::error::{caret_excerpt, floor_char_boundary, Error, Errors, Location, SourceText};
use crate::formula::{self, FormulaError, FormulaErrorKind, Span};
use crate::limits::{
    MAX_COMPONENTS, MAX_FORMULA_DEPTH, MAX_INITIATIVES, MAX_MODEL_BYTES, MAX_PARAMETERS,
};
use crate::units::{Dimension, Unit};

// Model::from_toml_str, from_path, from_file, from_value, builtin, load.
mod entry;
// Formulas: binding, unit checks, derived parameters in dependency order.
mod formulas;
// Parameters, region populations, stated values; the bounds on a model's size.
mod parameters;
// Published figures with their alternates, and the source's claims.
mod published;
// The `[[bases]]` several initiatives cut, and the components' cuts of them.
mod bases;
// The horizon, ramps, growth, flows.
mod time;
// Region bases and nesting, `region.*`, `scales_with` / `from_base` / `share_of`.
mod regions;
// Parties, the sector → party mapping, cost rates, money entries and agreements.
mod discount;
mod ledger;

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Where the current item is, for building error locations.
#[derive(Clone, Default)]
struct Ctx {
    initiative: Option<String>,
    agreement: Option<String>,
    component: Option<String>,
    parameter: Option<String>,
    /// The field the problem is in; named only for a model with no file text.
    field: Option<&'static str>,
}

impl Ctx {
    fn field(&self, field: &'static str) -> Ctx {
        Ctx {
            field: Some(field),
            ..self.clone()
        }
    }
}

/// A formula waiting to be bound once every parameter is known.
struct PendingDerived {
    slot: usize,
    scope: ScopeKey,
    text: Spanned<String>,
    ctx: Ctx,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum ScopeKey {
    Global,
    Local(String),
}

struct Loader<'a> {
    src: Option<SourceText<'a>>,
    name: String,
    errors: Vec<Error>,
    params: Vec<Parameter>,
    index: HashMap<String, usize>,
    /// Local names per scope: name -> slot.
    locals: HashMap<ScopeKey, IndexMap<String, usize>>,
    pending: Vec<PendingDerived>,
    /// Parameters that failed to load, per scope: formulas reading them are not checked
    /// further, so one bad value gives one error rather than a cascade.
    failed: HashSet<(ScopeKey, String)>,
    /// Each bound derived parameter's depth with what it reads written out.
    inlined_depth: HashMap<usize, usize>,
    /// What loads but deserves a look (see [`Model::warnings`]).
    warnings: Vec<crate::error::Warning>,
    /// `[model] published_in`: where the primary published figures appear.
    published_in: Option<String>,
    /// The years the model looks at, known before any parameter is read.
    horizon: crate::time::Horizon,
    /// Ids of the shared business cases (no flows in them).
    shared_ids: HashSet<String>,
    /// `[model] region`: the region formulas name as `region.*`.
    own_region: Option<String>,
}

impl<'a> Loader<'a> {
    fn new(src: Option<SourceText<'a>>, name: &str) -> Loader<'a> {
        Loader {
            src,
            name: name.to_string(),
            errors: Vec::new(),
            params: Vec::new(),
            index: HashMap::new(),
            locals: HashMap::new(),
            pending: Vec::new(),
            failed: HashSet::new(),
            inlined_depth: HashMap::new(),
            warnings: Vec::new(),
            published_in: None,
            horizon: crate::time::Timing::default().horizon,
            shared_ids: HashSet::new(),
            own_region: None,
        }
    }

    /// A location for `ctx`, at `span` of the file when the file text is known.
    fn loc(&self, ctx: &Ctx, span: Option<std::ops::Range<usize>>) -> Location {
        let mut loc = match (&self.src, span) {
            (Some(src), Some(r)) if r.end > r.start || r.start > 0 => {
                src.locate(r.start, r.end.saturating_sub(r.start))
            }
            _ => Location::file(&self.name),
        };
        loc.initiative = ctx.initiative.clone();
        loc.agreement = ctx.agreement.clone();
        loc.component = ctx.component.clone();
        loc.parameter = ctx.parameter.clone();
        if self.src.is_none() {
            // No line to point at: name the field the value was given in instead.
            loc.field = ctx.field.map(str::to_string);
        }
        loc
    }

    /// A location inside a formula string: `sub` is a byte span of the formula text.
    fn formula_loc(&self, ctx: &Ctx, text: &Spanned<String>, sub: Span) -> Location {
        let span = text.span();
        if let Some(src) = &self.src {
            let raw = src.text.get(span.clone()).unwrap_or("");
            let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
                3
            } else if raw.starts_with('"') || raw.starts_with('\'') {
                1
            } else {
                usize::MAX
            };
            if quote != usize::MAX {
                return self.loc(
                    ctx,
                    Some(span.start + quote + sub.start..span.start + quote + sub.end),
                );
            }
        }
        // No file text (a model built in code): point into the formula itself.
        let mut loc = self.loc(&ctx.field("formula"), None);
        let formula = text.get_ref();
        let column = formula[..floor_char_boundary(formula, sub.start)]
            .chars()
            .count()
            + 1;
        let width = formula
            .get(sub.start..sub.end)
            .map_or(1, |s| s.chars().count().max(1));
        loc.column = Some(column);
        loc.excerpt = Some(caret_excerpt(1, formula, column, width));
        loc
    }

    fn push_model_error(
        &mut self,
        ctx: &Ctx,
        span: Option<std::ops::Range<usize>>,
        message: String,
    ) {
        let loc = self.loc(ctx, span);
        self.errors.push(Error::Model { loc, message });
    }

    fn load(mut self, file: ModelFile) -> Result<Model, Errors> {
        self.check_sizes(&file)?;
        self.published_in = file.model.published_in.clone();
        self.horizon = self.horizon(&file);
        self.own_region = file.model.region.clone();
        let root = Ctx::default();
        let default_ramp = (file.model.default_ramp.as_ref())
            .and_then(|r| self.ramp(r, &root.field("default_ramp")));
        if file.model.id.trim().is_empty() {
            self.push_model_error(&root, None, "model.id must not be empty".into());
        }

        // Themes
        let mut themes = Vec::new();
        for t in &file.themes {
            if themes.iter().any(|x: &Theme| x.id == t.id) {
                self.push_model_error(&root, None, format!("duplicate theme id '{}'", t.id));
                continue;
            }
            themes.push(Theme {
                id: t.id.clone(),
                name: if t.name.is_empty() {
                    t.id.clone()
                } else {
                    t.name.clone()
                },
            });
        }

        // Namespaces: region ids, shared ids and initiative ids must not collide.
        let mut taken: HashSet<String> = HashSet::new();

        // Regions: their populations are parameters `<id>.population(_65plus)`.
        let mut regions = Vec::new();
        for r in &file.regions {
            let id = r.id.get_ref().clone();
            let ctx = Ctx::default();
            if !is_identifier(&id) {
                self.push_model_error(&ctx, Some(r.id.span()), format!("region id '{id}' must be an identifier ([a-z][a-z0-9_]*) so formulas can use {id}.population"));
                continue;
            }
            if !taken.insert(id.clone()) {
                self.push_model_error(&ctx, Some(r.id.span()), format!("duplicate id '{id}'"));
                continue;
            }
            let pop = self.add_population(&id, "population", &r.population, r.source.clone());
            let pop65 = r
                .population_65plus
                .as_ref()
                .map(|p| self.add_population(&id, "population_65plus", p, r.source.clone()));
            if let (Some(p), Some(p65)) = (&Some(r.population.get_ref()), &r.population_65plus) {
                if p65.get_ref() > p && p.is_finite() {
                    let ctx = Ctx {
                        parameter: Some(format!("{id}.population_65plus")),
                        ..Ctx::default()
                    };
                    let loc = self.loc(&ctx, Some(p65.span()));
                    self.errors.push(Error::InvalidValue {
                        loc,
                        message: format!(
                            "the 65+ population ({}) exceeds the population ({p})",
                            p65.get_ref()
                        ),
                    });
                }
            }
            self.add_region_bases(&id, r);
            regions.push(Region {
                id: id.clone(),
                name: if r.name.is_empty() {
                    id.clone()
                } else {
                    r.name.clone()
                },
                population: pop,
                population_65plus: pop65,
            });
        }

        // Global parameters.
        self.add_params(
            &ScopeKey::Global,
            ParamScope::Global,
            &file.parameters,
            &root,
        );

        // Shared business cases and initiatives: their local parameters.
        for s in &file.shared {
            let id = s.id.get_ref().clone();
            let ctx = Ctx {
                initiative: Some(id.clone()),
                ..Ctx::default()
            };
            if !is_identifier(&id) {
                self.push_model_error(
                    &ctx.field("id"),
                    Some(s.id.span()),
                    format!(
                        "shared business case id '{id}' must be an identifier ([a-z][a-z0-9_]*)"
                    ),
                );
            }
            if !taken.insert(id.clone()) {
                self.push_model_error(
                    &ctx.field("id"),
                    Some(s.id.span()),
                    format!("duplicate id '{id}'"),
                );
                continue;
            }
            self.shared_ids.insert(id.clone());
            self.add_params(
                &ScopeKey::Local(id.clone()),
                ParamScope::Shared(id.clone()),
                &s.parameters,
                &ctx,
            );
        }
        let mut initiative_ids: Vec<String> = Vec::new();
        for i in &file.initiatives {
            let id = i.id.get_ref().clone();
            let ctx = Ctx {
                initiative: Some(id.clone()),
                ..Ctx::default()
            };
            if !is_slug(&id) {
                self.push_model_error(
                    &ctx.field("id"),
                    Some(i.id.span()),
                    format!("initiative id '{id}' must use only a-z, 0-9, '-' and '_'"),
                );
            }
            if !taken.insert(id.clone()) {
                self.push_model_error(
                    &ctx.field("id"),
                    Some(i.id.span()),
                    format!("duplicate initiative id '{id}'"),
                );
                initiative_ids.push(String::new());
                continue;
            }
            initiative_ids.push(id.clone());
            self.add_params(
                &ScopeKey::Local(id.clone()),
                ParamScope::Initiative(id.clone()),
                &i.parameters,
                &ctx,
            );
        }

        self.check_region_table(&file);
        self.scaling_rules(&file);

        // Derived parameters, now that every name is known.
        let derived_order = self.resolve_derived();

        // Shared cases' components.
        let mut shared: Vec<SharedCase> = Vec::new();
        for s in &file.shared {
            let id = s.id.get_ref().clone();
            let ctx = Ctx {
                initiative: Some(id.clone()),
                ..Ctx::default()
            };
            if s.components.is_empty() {
                self.push_model_error(
                    &ctx.field("components"),
                    Some(s.id.span()),
                    "a shared business case needs at least one component".into(),
                );
            }
            let components = self.components(&ScopeKey::Local(id.clone()), &s.components, &ctx);
            let published_in = self.published_in.clone();
            let published_figure = (s.published.as_ref())
                .and_then(|p| self.published(p, &ctx, published_in.as_deref()));
            shared.push(SharedCase {
                id,
                name: s.name.clone(),
                submitted_by: s.submitted_by.clone(),
                allocation: s.allocation,
                published: published_figure.as_ref().map(|p| p.value),
                published_figure,
                source_formula: s.source_formula.clone(),
                notes: s.notes.clone(),
                components,
                members: Vec::new(),
            });
        }

        // Initiatives.
        let mut initiatives = Vec::new();
        for (n, i) in file.initiatives.iter().enumerate() {
            if initiative_ids[n].is_empty() {
                continue; // duplicate, already reported
            }
            if let Some(ini) = self.initiative(i, &themes, &shared) {
                initiatives.push(ini);
            }
        }

        allocate_shared(&mut shared, &mut initiatives);
        let bases = self.bases(&file, &shared, &initiatives);
        for s in &shared {
            if s.members.is_empty() {
                let ctx = Ctx {
                    initiative: Some(s.id.clone()),
                    ..Ctx::default()
                };
                self.push_model_error(&ctx, None, "no initiative takes a share of this business case (set `shared = \"...\"` on them)".into());
            }
        }

        if let Some(r) = &file.model.region {
            if !regions.iter().any(|x: &Region| &x.id == r) {
                self.push_model_error(
                    &root,
                    None,
                    format!("model.region '{r}' is not one of the regions"),
                );
            }
        }

        let shortage = self.shortage(&file);
        let timing = self.timing(&derived_order, default_ramp);
        let ledger = self.ledger(&file, &initiatives, &shared);

        let mut model = Model {
            origin: self.name.clone(),
            id: file.model.id.clone(),
            title: file.model.title.clone(),
            source: file.model.source.clone(),
            region: file.model.region.clone(),
            target_year: file.model.target_year,
            file,
            themes,
            regions,
            params: std::mem::take(&mut self.params),
            derived_order,
            initiatives,
            shared,
            shortage,
            scenarios: Vec::new(),
            warnings: std::mem::take(&mut self.warnings),
            bases,
            timing,
            ledger,
            index: std::mem::take(&mut self.index),
        };
        // One evaluation at the stated values serves both checks that need one.
        let stated = if self.errors.is_empty() {
            self.check_evaluation(&model)
        } else {
            None
        };
        if let (true, Some(eval)) = (self.errors.is_empty(), &stated) {
            self.overlap_warnings(&mut model, eval);
        }
        if self.errors.is_empty() {
            model.scenarios = self.scenarios(&model);
        }
        if self.errors.is_empty() {
            Ok(model)
        } else {
            Err(Errors(self.errors))
        }
    }

    fn components(
        &mut self,
        key: &ScopeKey,
        comps: &[ComponentFile],
        outer: &Ctx,
    ) -> Vec<Component> {
        let mut out = Vec::new();
        for (n, c) in comps.iter().enumerate() {
            let label = match &c.label {
                Some(l) => format!("#{} '{l}'", n + 1),
                None => format!("#{}", n + 1),
            };
            let ctx = Ctx {
                component: Some(label),
                ..outer.clone()
            };
            let sector = match Sector::parse(c.sector.get_ref()) {
                Ok(s) => Some(s),
                Err(message) => {
                    self.push_model_error(
                        &ctx.field("sector"),
                        Some(c.sector.span()),
                        message.to_string(),
                    );
                    None
                }
            };
            let Some((expr, node, dim)) = self.bind(key, &c.formula, &ctx) else {
                continue;
            };
            let flow_dim = Dimension::PERSON / Dimension::TIME;
            let (node, dim, flow, stock_reading) =
                if dim == flow_dim || c.flow.is_some() || c.stock_reading.is_some() {
                    match self.component_time(key, c, &ctx, dim, &expr, node) {
                        Some((node, flow, reading)) => {
                            let dim = if flow.is_some() {
                                Dimension::PERSON
                            } else {
                                dim
                            };
                            (node, dim, flow, reading)
                        }
                        None => continue,
                    }
                } else {
                    (node, dim, None, None)
                };
            if dim != Dimension::PERSON {
                let hint = if dim == Dimension::FTE {
                    " (divide by a part-time factor in FTE/person)"
                } else if dim == Dimension::EFFORT / Dimension::TIME {
                    " (divide by the annual hours in h/(FTE*yr), then by a part-time factor)"
                } else if dim.0[4] != 0 {
                    " (money belongs in [[initiatives.money]] with a party, not in a staff component)"
                } else if dim.0[0] != 0 {
                    " (staff effort is left: divide by the annual hours in h/(FTE*yr))"
                } else {
                    ""
                };
                let loc = self.formula_loc(&ctx, &c.formula, expr.span);
                self.errors.push(Error::Unit {
                    loc,
                    message: format!("formula gives {dim}, but an initiative must come out in persons [person]{hint}"),
                });
                continue;
            }
            if let Some(sector) = sector {
                out.push(Component {
                    label: c.label.clone(),
                    sector,
                    sign: c.sign,
                    text: c.formula.get_ref().clone(),
                    expr,
                    node,
                    flow,
                    stock_reading,
                });
            }
        }
        out
    }

    fn initiative(
        &mut self,
        i: &InitiativeFile,
        themes: &[Theme],
        shared: &[SharedCase],
    ) -> Option<Initiative> {
        let id = i.id.get_ref().clone();
        let ctx = Ctx {
            initiative: Some(id.clone()),
            ..Ctx::default()
        };
        let theme = themes.iter().position(|t| &t.id == i.theme.get_ref());
        if theme.is_none() {
            let hint = crate::suggest::did_you_mean(
                i.theme.get_ref(),
                themes.iter().map(|t| t.id.as_str()),
            )
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default();
            self.push_model_error(
                &ctx.field("theme"),
                Some(i.theme.span()),
                format!(
                    "unknown theme '{}'{hint}; declare it under [[themes]]",
                    i.theme.get_ref()
                ),
            );
        }
        let body = match &i.shared {
            Some(s) => {
                if !i.components.is_empty() {
                    self.push_model_error(&ctx.field("shared"), Some(s.span()), "an initiative with `shared` takes its share of the business case and has no components of its own".into());
                }
                match shared.iter().position(|c| &c.id == s.get_ref()) {
                    Some(case) => Some(Body::Shared { case, share: 0.0 }),
                    None => {
                        self.push_model_error(
                            &ctx.field("shared"),
                            Some(s.span()),
                            format!("unknown shared business case '{}'", s.get_ref()),
                        );
                        None
                    }
                }
            }
            None => {
                if i.components.is_empty() {
                    self.push_model_error(
                        &ctx.field("components"),
                        Some(i.id.span()),
                        "an initiative needs at least one component (or `shared = \"...\"`)".into(),
                    );
                }
                Some(Body::Components(self.components(
                    &ScopeKey::Local(id.clone()),
                    &i.components,
                    &ctx,
                )))
            }
        };
        let published_in = self.published_in.clone();
        let published =
            (i.published.as_ref()).and_then(|p| self.published(p, &ctx, published_in.as_deref()));
        Some(Initiative {
            id,
            name: i.name.clone(),
            submitted_by: i.submitted_by.clone(),
            theme: theme?,
            published,
            source_formula: i.source_formula.clone(),
            reconstructed: i.reconstructed,
            notes: i.notes.clone().filter(|n| !n.trim().is_empty()),
            body: body?,
            ramp: i.ramp.as_ref().and_then(|r| self.ramp(r, &ctx)),
        })
    }

    fn shortage(&mut self, file: &ModelFile) -> Shortage {
        let Some(s) = &file.shortage else {
            return Shortage::default();
        };
        let ctx = Ctx::default();
        let mut projections = Vec::new();
        for p in &s.projections {
            let v = *p.persons.get_ref();
            if !v.is_finite() || v < 0.0 {
                let loc = self.loc(&ctx, Some(p.persons.span()));
                self.errors.push(Error::InvalidValue { loc, message: format!("shortage projection for {} is {v}; it must be a finite number of persons >= 0", p.year) });
                continue;
            }
            projections.push(Projection {
                year: p.year,
                persons: v,
                scenario: p.scenario.clone(),
                description: p.description.clone(),
            });
        }
        if let Some(year) = file.model.target_year {
            if !projections.is_empty()
                && !projections
                    .iter()
                    .any(|p| p.year == year && p.scenario == "baseline")
            {
                self.push_model_error(
                    &ctx,
                    None,
                    format!("no baseline shortage projection for the target year {year}"),
                );
            }
        }
        let claim = s.claim.as_ref().map(|c| self.claim(c, None));
        let claims = (s.claims.iter().enumerate())
            .map(|(n, c)| self.claim(c, Some(n)))
            .collect();
        Shortage {
            source: s.source.clone(),
            projections,
            claim,
            claims,
        }
    }

    /// The model file's scenarios, each override name bound and its value checked.
    fn scenarios(&mut self, model: &Model) -> Vec<crate::engine::Scenario> {
        let mut out: Vec<crate::engine::Scenario> = Vec::new();
        for sc in &model.file.scenarios {
            let id = sc.id.get_ref().clone();
            let ctx = Ctx::default();
            if out.iter().any(|x| x.id == id) || id == crate::engine::STATED {
                self.push_model_error(
                    &ctx,
                    Some(sc.id.span()),
                    format!(
                        "duplicate scenario id '{id}' ('{}' names the stated values)",
                        crate::engine::STATED
                    ),
                );
                continue;
            }
            let mut overrides = crate::engine::Overrides::new();
            for (name, &value) in &sc.overrides {
                let checked = model
                    .resolve_name(name)
                    .and_then(|slot| model.check_value(&model.params[slot], value));
                if let Err(e) = checked {
                    let loc = self.loc(&ctx, Some(sc.id.span()));
                    let message = format!("scenario '{id}': {}", e.message());
                    self.errors.push(match e {
                        Error::UnknownParameter {
                            name, suggestion, ..
                        } => Error::UnknownParameter {
                            loc,
                            name,
                            suggestion,
                        },
                        _ => Error::InvalidValue { loc, message },
                    });
                    continue;
                }
                overrides = overrides.set(name, value);
            }
            out.push(crate::engine::Scenario {
                id: id.clone(),
                name: sc.name.clone().unwrap_or(id),
                description: sc.description.clone(),
                overrides,
            });
        }
        out
    }

    /// Evaluates the stated model once: a formula that divides by zero is an error now,
    /// not a NaN in a report; an initiative that differs from its published figure without
    /// notes saying why is an error too.
    /// Evaluates the model at its stated values, refusing a differing initiative without
    /// notes; the evaluation, unless it failed.
    fn check_evaluation(&mut self, model: &Model) -> Option<crate::engine::Evaluation> {
        let eval = match model.evaluate(&crate::engine::Overrides::default()) {
            Ok(e) => e,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        for (n, ini) in model.initiatives.iter().enumerate() {
            let status = eval.status(model, n);
            if status == crate::engine::Status::Differs && ini.notes.is_none() {
                let loc = Location {
                    file: Some(self.name.clone()),
                    initiative: Some(ini.id.clone()),
                    ..Location::default()
                };
                self.errors.push(Error::Model {
                    loc,
                    message: format!(
                        "computes {} but the published figure is {}; add `notes` explaining the difference (or mark a rebuilt formula `reconstructed = true`)",
                        crate::report::fmt_number(eval.initiative_totals[n]),
                        ini.published.as_ref().map_or(String::new(), |p| p.as_written.clone())
                    ),
                });
            }
        }
        Some(eval)
    }
}

/// Splits each shared case over the initiatives that name it.
fn allocate_shared(shared: &mut [SharedCase], initiatives: &mut [Initiative]) {
    for (c, case) in shared.iter_mut().enumerate() {
        let members: Vec<usize> = initiatives
            .iter()
            .enumerate()
            .filter(|(_, i)| matches!(i.body, Body::Shared { case, .. } if case == c))
            .map(|(n, _)| n)
            .collect();
        let mut themes: Vec<usize> = members.iter().map(|&n| initiatives[n].theme).collect();
        themes.sort_unstable();
        themes.dedup();
        case.members = members
            .iter()
            .map(|&n| {
                let share = match case.allocation {
                    super::Allocation::Uniform => 1.0 / members.len() as f64,
                    super::Allocation::UniformByTheme => {
                        let in_theme = members
                            .iter()
                            .filter(|&&m| initiatives[m].theme == initiatives[n].theme)
                            .count();
                        1.0 / themes.len() as f64 / in_theme as f64
                    }
                };
                (n, share)
            })
            .collect();
        for &(n, share) in &case.members {
            initiatives[n].body = Body::Shared { case: c, share };
        }
    }
}
