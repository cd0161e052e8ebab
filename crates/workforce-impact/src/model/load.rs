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

// Published figures with their alternates, and the source's claims.
mod published;
// The `[[bases]]` several initiatives cut, and the components' cuts of them.
mod bases;

impl Model {
    /// Loads a model from TOML text; `name` is used in error messages (a path or `<string>`).
    ///
    /// Every formula is parsed and unit-checked here, whatever order the file declares its
    /// parameters in; the result is every problem found, each with file:line:column, or a
    /// model whose initiatives all come out in persons. Inputs past the bounds of
    /// [`crate::limits`] are refused with a typed error, never a crash.
    ///
    /// ```
    /// use workforce_impact::{Error, Model, Overrides};
    ///
    /// let text = r#"
    /// [model]
    /// id = "mini"
    /// title = "A one-initiative model"
    ///
    /// [[themes]]
    /// id = "t"
    ///
    /// [parameters]
    /// annual_hours = { value = 2000, unit = "h/(FTE*yr)", kind = "assumption" }
    /// part_time_factor = { value = 0.7, unit = "FTE/person" }
    ///
    /// [[initiatives]]
    /// id = "visits"
    /// theme = "t"
    /// notes = "an example"
    /// [initiatives.parameters]
    /// saved = { value = 1400, unit = "h/yr" }
    /// [[initiatives.components]]
    /// sector = "vvt"
    /// formula = "saved / annual_hours / part_time_factor"
    /// "#;
    /// let model = Model::from_toml_str(text, "mini.toml").unwrap();
    /// let total = model.evaluate(&Overrides::default()).unwrap().total();
    /// assert!((total - 1.0).abs() < 1e-12);
    ///
    /// // Without the part-time factor the figure is in FTE, not persons: refused.
    /// let wrong = text.replace(" / part_time_factor", "");
    /// let errors = Model::from_toml_str(&wrong, "mini.toml").unwrap_err();
    /// assert!(matches!(errors.0[0], Error::Unit { .. }));
    /// assert_eq!(errors.0[0].location().line, Some(21));
    /// ```
    pub fn from_toml_str(text: &str, name: &str) -> Result<Model, Errors> {
        if text.len() > MAX_MODEL_BYTES {
            return Err(Errors::from(Error::Model {
                loc: Location::file(name),
                message: format!(
                    "model file is {} bytes; model files are at most {MAX_MODEL_BYTES} bytes \
                     (workforce_impact::limits::MAX_MODEL_BYTES)",
                    text.len()
                ),
            }));
        }
        let src = SourceText { name, text };
        let file: ModelFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let loc = if e.span().is_some() {
                src.locate(span.start, span.end.saturating_sub(span.start))
            } else {
                Location::file(name)
            };
            Errors::from(Error::Toml {
                loc,
                message: e.message().trim().to_string(),
            })
        })?;
        Loader::new(Some(src), name).load(file)
    }

    /// Loads a model file from disk; a file that cannot be read is an [`Error::Model`]
    /// naming it.
    ///
    /// ```
    /// let errors = workforce_impact::Model::from_path("no/such/model.toml").unwrap_err();
    /// assert!(errors.to_string().contains("cannot read model file"));
    /// ```
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Model, Errors> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let refuse = |message: String| {
            Errors::from(Error::Model {
                loc: Location::file(&name),
                message,
            })
        };
        // Read at most one byte past the limit: `/dev/zero` or a huge file is refused
        // without reading it whole.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                use std::io::Read;
                f.take(MAX_MODEL_BYTES as u64 + 1).read_to_end(&mut bytes)
            })
            .map_err(|e| refuse(format!("cannot read model file: {e}")))?;
        if bytes.len() > MAX_MODEL_BYTES {
            return Err(refuse(format!(
                "model file is larger than {MAX_MODEL_BYTES} bytes, the most a model file may \
                 be (workforce_impact::limits::MAX_MODEL_BYTES)"
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            refuse(format!(
                "cannot read model file: it is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Model::from_toml_str(&text, &name)
    }

    /// Builds a model from an in-memory description (e.g. made by a builder), checked
    /// exactly like a file.
    pub fn from_file(file: ModelFile, name: &str) -> Result<Model, Errors> {
        Loader::new(None, name).load(file)
    }

    /// Builds a model from plain values shaped like the model file (what a builder or a
    /// Python dict gives), checked exactly like a file. With no text to point into, every
    /// error names the initiative, component, parameter and field the value was given in
    /// (see [`ModelFile::from_value`]); an error in a formula also gives the column inside
    /// the formula and an excerpt of it.
    ///
    /// ```
    /// use workforce_impact::{Error, Model};
    ///
    /// let value: toml::Value = toml::toml! {
    ///     [model]
    ///     id = "demo"
    ///
    ///     [[themes]]
    ///     id = "t"
    ///
    ///     [[initiatives]]
    ///     id = "x"
    ///     theme = "t"
    ///     parameters = { visits = { value = 120, unit = "uur" } }
    ///     components = [{ sector = "vvt", formula = "visits" }]
    /// }
    /// .into();
    /// let errors = Model::from_value(value, "<builder>").unwrap_err();
    /// let first = errors.first().unwrap();
    /// assert!(matches!(first, Error::Syntax { .. }));
    /// assert_eq!(first.location().field.as_deref(), Some("unit"));
    /// assert!(first.to_string().starts_with(
    ///     "<builder>: initiative 'x', parameter 'x.visits', field 'unit': syntax error: unknown unit 'uur'"
    /// ));
    /// ```
    pub fn from_value(value: toml::Value, name: &str) -> Result<Model, Errors> {
        Model::from_file(ModelFile::from_value(value, name)?, name)
    }

    /// A model shipped with the crate, by id (see [`Model::builtin_ids`]).
    ///
    /// ```
    /// let model = workforce_impact::Model::builtin("nml-2023").unwrap();
    /// assert_eq!(model.initiatives.len(), 42);
    /// let typo = workforce_impact::Model::builtin("nml-2032").unwrap_err();
    /// assert!(typo.to_string().contains("did you mean 'nml-2023'?"));
    /// ```
    pub fn builtin(id: &str) -> Result<Model, Errors> {
        match BUILTINS.iter().find(|b| b.0 == id) {
            Some((id, text)) => Model::from_toml_str(text, &format!("builtin:{id}")),
            None => {
                let ids = Model::builtin_ids();
                let hint = crate::suggest::did_you_mean(id, ids.iter().copied())
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default();
                Err(Errors::from(Error::Model {
                    loc: Location::default(),
                    message: format!(
                        "no builtin model '{id}'{hint}; builtins are {}",
                        ids.join(", ")
                    ),
                }))
            }
        }
    }

    /// A builtin id or a path to a model file.
    pub fn load(id_or_path: &str) -> Result<Model, Errors> {
        if BUILTINS.iter().any(|b| b.0 == id_or_path) {
            Model::builtin(id_or_path)
        } else if std::path::Path::new(id_or_path).exists() || id_or_path.ends_with(".toml") {
            Model::from_path(id_or_path)
        } else {
            Model::builtin(id_or_path)
        }
    }
}

/// What is wrong with a value that is not a finite number >= 0.
fn describe_bad_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        "infinite".to_string()
    } else {
        format!("negative ({v})")
    }
}

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
        let root = Ctx::default();
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
            index: std::mem::take(&mut self.index),
        };
        if self.errors.is_empty() {
            self.check_evaluation(&mut model);
        }
        if self.errors.is_empty() {
            self.overlap_warnings(&mut model);
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

    fn add_population(
        &mut self,
        region: &str,
        name: &str,
        value: &Spanned<f64>,
        source: Option<String>,
    ) -> usize {
        let qualified = format!("{region}.{name}");
        let ctx = Ctx {
            parameter: Some(qualified.clone()),
            ..Ctx::default()
        };
        let v = *value.get_ref();
        if !v.is_finite() || v < 0.0 {
            let loc = self.loc(&ctx, Some(value.span()));
            let what = describe_bad_number(v);
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!("population of region '{region}' is {what}; a population must be a finite number >= 0"),
            });
        }
        let slot = self.params.len();
        let loc = self.loc(&ctx, Some(value.span()));
        self.params.push(Parameter {
            qualified: qualified.clone(),
            name: qualified.clone(),
            scope: ParamScope::Region(region.to_string()),
            value: v,
            unit: Unit::one(),
            percent: false,
            source,
            kind: Kind::Sourced,
            note: None,
            derived: None,
            loc,
        });
        self.index.insert(qualified, slot);
        slot
    }

    fn add_params(
        &mut self,
        key: &ScopeKey,
        scope: ParamScope,
        params: &IndexMap<String, ParamFile>,
        outer: &Ctx,
    ) {
        for (name, p) in params {
            let qualified = match &scope {
                ParamScope::Global => name.clone(),
                other => format!("{}.{name}", other.as_str()),
            };
            let ctx = Ctx {
                parameter: Some(qualified.clone()),
                ..outer.clone()
            };
            let span = p
                .value
                .as_ref()
                .map(|v| v.span())
                .or_else(|| p.formula.as_ref().map(|f| f.span()));
            if !is_identifier(name) {
                self.push_model_error(
                    &ctx,
                    span.clone(),
                    format!("parameter name '{name}' must be an identifier ([a-z][a-z0-9_]*)"),
                );
                continue;
            }
            if *key != ScopeKey::Global
                && self
                    .locals
                    .get(&ScopeKey::Global)
                    .is_some_and(|g| g.contains_key(name))
            {
                self.push_model_error(&ctx, span.clone(), format!("local parameter '{name}' has the name of a global parameter; rename it (shadowing is not allowed, so each formula reads unambiguously)"));
                continue;
            }
            self.failed.insert((key.clone(), name.clone()));
            let unit = match &p.unit {
                None => Unit::one(),
                Some(u) => match Unit::parse(u.get_ref()) {
                    Ok(unit) => unit,
                    Err(e) => {
                        // point at the column inside the unit string (+1 for the quote)
                        let at = u.span().start + 1 + e.column - 1;
                        let mut loc = self.loc(&ctx.field("unit"), Some(at..at + 1));
                        if self.src.is_none() {
                            loc.column = Some(e.column);
                            loc.excerpt = Some(caret_excerpt(1, u.get_ref(), e.column, 1));
                        }
                        self.errors.push(Error::Syntax {
                            loc,
                            message: e.message,
                        });
                        continue;
                    }
                },
            };
            let kind = crate::provenance::default_kind(p);
            if let Some(message) = crate::provenance::check_sourced(p, &qualified) {
                let loc = self.loc(&ctx.field("source"), span.clone());
                match message {
                    Err(message) => self.errors.push(Error::Model { loc, message }),
                    Ok(message) => self.warnings.push(crate::error::Warning { loc, message }),
                }
            }
            let (value, percent) = match (&p.value, &p.formula) {
                (Some(_), Some(_)) => {
                    self.push_model_error(
                        &ctx,
                        span.clone(),
                        "give either `value` or `formula`, not both".into(),
                    );
                    continue;
                }
                (None, None) => {
                    self.push_model_error(
                        &ctx,
                        None,
                        format!("parameter '{qualified}' has neither `value` nor `formula`"),
                    );
                    continue;
                }
                (Some(v), None) => match self.value(v, &ctx) {
                    // A stated percentage of a plain number is a fraction, as overrides of it
                    // are: 150% would load but no override could give it back.
                    Some((x, true)) if x > 1.0 && unit.is_dimensionless() => {
                        let loc = self.loc(&ctx, Some(v.span()));
                        self.errors.push(Error::InvalidValue {
                            loc,
                            message: format!(
                                "value \"{}\" is above 100%, but a percentage is a fraction in \
                                 [0, 1]; write a factor above 100% as a plain number ({x})",
                                match v.get_ref() {
                                    RawValue::Text(t) => t.trim().to_string(),
                                    RawValue::Number(n) => n.to_string(),
                                }
                            ),
                        });
                        continue;
                    }
                    Some(x) => x,
                    None => continue,
                },
                (None, Some(_)) => (f64::NAN, false),
            };
            self.failed.remove(&(key.clone(), name.clone()));
            let slot = self.params.len();
            let loc = self.loc(&ctx, span);
            self.params.push(Parameter {
                qualified: qualified.clone(),
                name: name.clone(),
                scope: scope.clone(),
                value,
                unit,
                percent,
                source: p.source.clone(),
                kind,
                note: p.note.clone(),
                derived: None,
                loc,
            });
            self.index.insert(qualified, slot);
            self.locals
                .entry(key.clone())
                .or_default()
                .insert(name.clone(), slot);
            if let Some(f) = &p.formula {
                self.pending.push(PendingDerived {
                    slot,
                    scope: key.clone(),
                    text: f.clone(),
                    ctx,
                });
            }
        }
    }

    /// Refuses a model larger than the [`crate::limits`] allow, before any of it is read.
    fn check_sizes(&self, file: &ModelFile) -> Result<(), Errors> {
        let refuse = |what: String, limit: usize, name: &str| {
            Err(Errors::from(Error::Model {
                loc: self.loc(&Ctx::default(), None),
                message: format!(
                    "{what}; a model has at most {limit} (workforce_impact::limits::{name}); \
                     split it into several models"
                ),
            }))
        };
        let cases = file.initiatives.len() + file.shared.len();
        if cases > MAX_INITIATIVES {
            return refuse(
                format!("the model has {cases} initiatives and shared cases"),
                MAX_INITIATIVES,
                "MAX_INITIATIVES",
            );
        }
        let params = file.parameters.len()
            + 2 * file.regions.len()
            + file
                .initiatives
                .iter()
                .map(|i| i.parameters.len())
                .sum::<usize>()
            + file
                .shared
                .iter()
                .map(|s| s.parameters.len())
                .sum::<usize>();
        if params > MAX_PARAMETERS {
            return refuse(
                format!("the model has {params} parameters"),
                MAX_PARAMETERS,
                "MAX_PARAMETERS",
            );
        }
        let components = file
            .initiatives
            .iter()
            .map(|i| (i.id.get_ref(), i.components.len()))
            .chain(
                file.shared
                    .iter()
                    .map(|s| (s.id.get_ref(), s.components.len())),
            );
        for (id, n) in components {
            if n > MAX_COMPONENTS {
                return refuse(
                    format!("initiative '{id}' has {n} components"),
                    MAX_COMPONENTS,
                    "MAX_COMPONENTS",
                );
            }
        }
        Ok(())
    }

    /// A stated value: a finite number >= 0, or `"N%"`.
    fn value(&mut self, v: &Spanned<RawValue>, ctx: &Ctx) -> Option<(f64, bool)> {
        let (x, percent) = match v.get_ref() {
            RawValue::Number(x) => (*x, false),
            RawValue::Text(t) => {
                let t = t.trim();
                match t
                    .strip_suffix('%')
                    .map(|n| n.trim().replace(',', ".").parse::<f64>())
                {
                    Some(Ok(x)) => (x / 100.0, true),
                    _ => {
                        let loc = self.loc(&ctx.field("value"), Some(v.span()));
                        self.errors.push(Error::InvalidValue {
                            loc,
                            message: format!(
                                "value \"{t}\" is neither a number nor a percentage such as \"2%\""
                            ),
                        });
                        return None;
                    }
                }
            }
        };
        if !x.is_finite() || x < 0.0 {
            let loc = self.loc(&ctx.field("value"), Some(v.span()));
            let what = describe_bad_number(x);
            self.errors.push(Error::InvalidValue {
                loc,
                message: format!("value is {what}; values must be finite and >= 0 (a staff cost is a component with sign = \"cost\")"),
            });
            return None;
        }
        Some((x, percent))
    }

    /// Parses a formula, reporting a syntax error at its position.
    fn parse_formula(&mut self, text: &Spanned<String>, ctx: &Ctx) -> Option<formula::Expr> {
        match formula::parse(text.get_ref()) {
            Ok(e) => Some(e),
            Err(e) => {
                let loc = self.formula_loc(ctx, text, e.span);
                self.errors.push(Error::Syntax {
                    loc,
                    message: e.message,
                });
                None
            }
        }
    }

    /// Binds `text` in scope `key` (its locals, then globals and region populations).
    fn bind(
        &mut self,
        key: &ScopeKey,
        text: &Spanned<String>,
        ctx: &Ctx,
    ) -> Option<(formula::Expr, formula::Node, Dimension)> {
        let expr = self.parse_formula(text, ctx)?;
        self.bind_parsed(key, text, expr, ctx)
    }

    /// Binds an already parsed formula: checks its units and that, with the derived
    /// parameters it reads written out, it stays within [`MAX_FORMULA_DEPTH`].
    fn bind_parsed(
        &mut self,
        key: &ScopeKey,
        text: &Spanned<String>,
        expr: formula::Expr,
        ctx: &Ctx,
    ) -> Option<(formula::Expr, formula::Node, Dimension)> {
        let reads_failed = expr.param_names().iter().any(|n| {
            self.failed.contains(&(key.clone(), n.to_string()))
                || self.failed.contains(&(ScopeKey::Global, n.to_string()))
        });
        if reads_failed {
            return None;
        }
        let scope = LookupScope { loader: self, key };
        match formula::resolve(&expr, &scope) {
            Ok((node, dim)) => {
                let depth = node.depth(&|s| self.inlined_depth.get(&s).map_or(0, |d| d + 1));
                if depth > MAX_FORMULA_DEPTH {
                    let loc = self.formula_loc(ctx, text, expr.span);
                    self.errors.push(Error::Syntax {
                        loc,
                        message: format!(
                            "{} — here {depth} levels with the derived parameters it reads \
                             written out",
                            formula::parser::too_deep_message()
                        ),
                    });
                    return None;
                }
                Some((expr, node, dim))
            }
            Err(FormulaError { kind, span }) => {
                let loc = self.formula_loc(ctx, text, span);
                self.errors.push(match kind {
                    FormulaErrorKind::UnknownParameter { name, suggestion } => {
                        Error::UnknownParameter {
                            loc,
                            name,
                            suggestion,
                        }
                    }
                    FormulaErrorKind::UnitMismatch(message) => Error::Unit { loc, message },
                    FormulaErrorKind::Syntax(message) => Error::Syntax { loc, message },
                });
                None
            }
        }
    }

    /// Binds derived parameters in dependency order, so that each formula is checked against
    /// the units of what it reads whatever order the file declares them in; returns that order.
    fn resolve_derived(&mut self) -> Vec<usize> {
        let pending = std::mem::take(&mut self.pending);
        // Parse every formula and find what it reads, before checking any of them.
        let mut parsed: HashMap<usize, formula::Expr> = HashMap::new();
        let mut deps: HashMap<usize, Vec<usize>> = HashMap::new();
        for p in &pending {
            let Some(expr) = self.parse_formula(&p.text, &p.ctx) else {
                self.mark_failed(p);
                continue;
            };
            let scope = LookupScope {
                loader: self,
                key: &p.scope,
            };
            let reads = expr
                .param_names()
                .into_iter()
                .filter_map(|n| formula::check::Scope::lookup(&scope, n).map(|(slot, _)| slot))
                .collect();
            deps.insert(p.slot, reads);
            parsed.insert(p.slot, expr);
        }
        let (order, cycles) = topological_order(&deps);
        for s in cycles {
            let p = &self.params[s];
            let loc = p.loc.clone();
            let message = format!("derived parameter '{}' depends on itself", p.qualified);
            self.errors.push(Error::Model { loc, message });
        }
        let by_slot: HashMap<usize, &PendingDerived> =
            pending.iter().map(|p| (p.slot, p)).collect();
        let mut bound = Vec::with_capacity(order.len());
        for &slot in &order {
            let p = by_slot[&slot];
            let Some(expr) = parsed.remove(&slot) else {
                continue;
            };
            let Some((expr, node, dim)) = self.bind_parsed(&p.scope, &p.text, expr, &p.ctx) else {
                // Whatever reads it is skipped rather than checked against a unit it lacks.
                self.mark_failed(p);
                continue;
            };
            let declared = self.params[slot].unit.clone();
            if self.file_unit_given(slot) {
                if declared.dim != dim {
                    let loc = self.formula_loc(&p.ctx, &p.text, expr.span);
                    self.errors.push(Error::Unit {
                        loc,
                        message: format!(
                            "formula gives {dim}, but the parameter's unit is '{}' ({})",
                            declared.text, declared.dim
                        ),
                    });
                    self.mark_failed(p);
                    continue;
                }
            } else {
                self.params[slot].unit = dim.display_unit();
            }
            let depth = node.depth(&|s| self.inlined_depth.get(&s).map_or(0, |d| d + 1));
            self.inlined_depth.insert(slot, depth);
            self.params[slot].derived = Some(Derivation {
                text: p.text.get_ref().clone(),
                expr,
                node,
            });
            bound.push(slot);
        }
        // Derived values as stated = their formula over the stated inputs.
        let mut values = self.params.iter().map(Parameter::base).collect::<Vec<_>>();
        for &s in &bound {
            if let Some(d) = &self.params[s].derived {
                values[s] = d.node.eval(&values);
                let unit = &self.params[s].unit;
                self.params[s].value = unit.from_base(values[s]);
            }
        }
        bound
    }

    fn mark_failed(&mut self, p: &PendingDerived) {
        let name = self.params[p.slot].name.clone();
        self.failed.insert((p.scope.clone(), name));
    }

    fn file_unit_given(&self, slot: usize) -> bool {
        !self.params[slot].unit.text.is_empty()
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
            if dim != Dimension::PERSON {
                let hint = if dim == Dimension::FTE {
                    " (divide by a part-time factor in FTE/person)"
                } else if dim == Dimension::EFFORT / Dimension::TIME {
                    " (divide by the annual hours in h/(FTE*yr), then by a part-time factor)"
                } else if dim.0[0] != 0 {
                    " (staff effort is left: divide by the annual hours in h/(FTE*yr))"
                } else if dim == Dimension::PERSON / Dimension::TIME {
                    " (a yearly flow of staff: multiply by 1[yr] and say in the notes that one year is counted)"
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
    fn check_evaluation(&mut self, model: &mut Model) {
        let eval = match model.evaluate(&crate::engine::Overrides::default()) {
            Ok(e) => e,
            Err(e) => {
                self.errors.push(e);
                return;
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
    }
}

/// An error's message without its location prefix.
/// The derived slots of `deps` ordered so each comes after the derived slots it reads,
/// and the slots at which a cycle was found (one per cycle; those and what reads them are
/// left out). Iterative, so a chain of any length cannot exhaust the stack.
fn topological_order(deps: &HashMap<usize, Vec<usize>>) -> (Vec<usize>, Vec<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
        Broken,
    }
    let mut order = Vec::new();
    let mut cycles = Vec::new();
    let mut state: HashMap<usize, State> = HashMap::new();
    let mut roots: Vec<usize> = deps.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        if state.contains_key(&root) {
            continue;
        }
        // (slot, index of the next dependency to visit)
        let mut stack = vec![(root, 0usize)];
        state.insert(root, State::Open);
        while let Some(&mut (slot, ref mut next)) = stack.last_mut() {
            let reads = &deps[&slot];
            if let Some(&r) = reads.get(*next) {
                *next += 1;
                if !deps.contains_key(&r) {
                    continue;
                }
                match state.get(&r) {
                    None => {
                        state.insert(r, State::Open);
                        stack.push((r, 0));
                    }
                    Some(State::Open) => {
                        cycles.push(r);
                        // Everything on the stack reads the cycle: none of it can be bound.
                        for &(s, _) in &stack {
                            state.insert(s, State::Broken);
                        }
                    }
                    Some(State::Broken) => {
                        for &(s, _) in &stack {
                            state.insert(s, State::Broken);
                        }
                    }
                    Some(State::Done) => {}
                }
                continue;
            }
            stack.pop();
            if state.get(&slot) == Some(&State::Open) {
                state.insert(slot, State::Done);
                order.push(slot);
            }
        }
    }
    (order, cycles)
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

struct LookupScope<'l, 'a> {
    loader: &'l Loader<'a>,
    key: &'l ScopeKey,
}

impl formula::check::Scope for LookupScope<'_, '_> {
    fn lookup(&self, name: &str) -> Option<(usize, Dimension)> {
        let slot = self
            .loader
            .locals
            .get(self.key)
            .and_then(|m| m.get(name))
            .or_else(|| {
                self.loader
                    .locals
                    .get(&ScopeKey::Global)
                    .and_then(|m| m.get(name))
            })
            .copied()
            .or_else(|| {
                // region populations by qualified name
                name.contains('.')
                    .then(|| self.loader.index.get(name).copied())
                    .flatten()
                    .filter(|&s| matches!(self.loader.params[s].scope, ParamScope::Region(_)))
            })?;
        Some((slot, self.loader.params[slot].unit.dim))
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for key in [self.key, &ScopeKey::Global] {
            if let Some(m) = self.loader.locals.get(key) {
                names.extend(m.keys().cloned());
            }
        }
        names.extend(
            self.loader
                .params
                .iter()
                .filter(|p| matches!(p.scope, ParamScope::Region(_)))
                .map(|p| p.qualified.clone()),
        );
        names
    }
}
