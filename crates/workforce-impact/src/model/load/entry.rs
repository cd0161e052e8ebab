//! The ways in: a model from TOML text, a file, plain values or the builtins, each checked
//! whole by the [`Loader`].

use super::*;

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
