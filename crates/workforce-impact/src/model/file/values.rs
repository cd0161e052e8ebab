//! A [`ModelFile`] from plain values (a builder's, a Python dict's) instead of TOML text.
//!
//! `toml::Value`'s own deserializer cannot fill the `Spanned` fields, so this one walks the
//! value itself: each `Spanned` gets the empty span `0..0` (there is no text to point into),
//! and an error keeps the path of keys and indices to the offending field, which becomes an
//! initiative, component, parameter and field in the error's [`Location`].

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Value;

use super::ModelFile;
use crate::error::{Error, Location};

impl ModelFile {
    /// A model file from plain values shaped like the TOML file (tables, arrays, strings,
    /// numbers, booleans), e.g. converted from a Python dict. Nothing is written out as text
    /// and read back: a value of the wrong shape (an unknown field, a string where a number
    /// belongs) is an [`Error::Toml`] whose [`Location`] names the initiative, component,
    /// parameter and field it was found in, never a line. `name` is the model's name in
    /// messages (e.g. `<builder>`). Every `Spanned` field gets the span `0..0`.
    ///
    /// Turn the result into a checked model with [`Model::from_file`](crate::Model::from_file),
    /// or do both at once with [`Model::from_value`](crate::Model::from_value).
    ///
    /// ```
    /// use workforce_impact::ModelFile;
    ///
    /// let value: toml::Value = toml::toml! {
    ///     [model]
    ///     id = "demo"
    ///
    ///     [parameters]
    ///     staff = { value = 3, unit = "person", sourse = "typo" }
    /// }
    /// .into();
    /// let err = ModelFile::from_value(value, "<builder>").unwrap_err();
    /// assert_eq!(err.location().parameter.as_deref(), Some("staff"));
    /// assert_eq!(err.location().field.as_deref(), Some("sourse"));
    /// assert_eq!(err.location().line, None);
    /// assert!(err.to_string().starts_with(
    ///     "<builder>: parameter 'staff', field 'sourse': malformed model file: unknown field `sourse`"
    /// ));
    /// ```
    pub fn from_value(value: Value, name: &str) -> Result<ModelFile, Error> {
        use crate::limits::{value_nesting, MAX_VALUE_NESTING};
        if value_nesting(&value) > MAX_VALUE_NESTING {
            return Err(Error::Toml {
                loc: crate::Location::file(name),
                message: format!(
                    "the model's values nest deeper than {MAX_VALUE_NESTING} tables and arrays \
                     (workforce_impact::limits::MAX_VALUE_NESTING); the model format needs 5"
                ),
            });
        }
        ModelFile::deserialize(ValueDe(&value)).map_err(|e| Error::Toml {
            loc: locate(&e.path, &value, name),
            message: e.message,
        })
    }
}

/// One step of the path to a value: a table key or an array index.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// A deserialization error with the path (outermost first) to where it happened.
#[derive(Debug)]
struct PathError {
    path: Vec<Step>,
    message: String,
}

impl PathError {
    fn within(mut self, step: Step) -> PathError {
        self.path.insert(0, step);
        self
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

impl de::Error for PathError {
    fn custom<T: fmt::Display>(msg: T) -> PathError {
        PathError {
            path: Vec::new(),
            message: msg.to_string(),
        }
    }
}

/// The Location for an error at `path` of `root`: the initiative (or shared case) by its
/// id, its component by number and label, the parameter by its qualified name, and what
/// is left of the path as the field.
fn locate(path: &[Step], root: &Value, name: &str) -> Location {
    let mut loc = Location::file(name);
    let mut rest = path;
    if let [Step::Key(section), Step::Index(i), tail @ ..] = path {
        let entry = root.get(section.as_str()).and_then(|s| s.get(*i));
        let id = entry.and_then(|e| e.get("id")).and_then(Value::as_str);
        if let (Some(entry), Some(id), "initiatives" | "shared") = (entry, id, section.as_str()) {
            loc.initiative = Some(id.to_string());
            rest = tail;
            match tail {
                [Step::Key(k), Step::Key(p), tail @ ..] if k == "parameters" => {
                    loc.parameter = Some(format!("{id}.{p}"));
                    rest = tail;
                }
                [Step::Key(k), Step::Index(n), tail @ ..] if k == "components" => {
                    let label = entry
                        .get("components")
                        .and_then(|c| c.get(*n))
                        .and_then(|c| c.get("label"))
                        .and_then(Value::as_str);
                    loc.component = Some(match label {
                        Some(l) => format!("#{} '{l}'", n + 1),
                        None => format!("#{}", n + 1),
                    });
                    rest = tail;
                }
                _ => {}
            }
        }
    } else if let [Step::Key(k), Step::Key(p), tail @ ..] = path {
        if k == "parameters" {
            loc.parameter = Some(p.clone());
            rest = tail;
        }
    }
    if !rest.is_empty() {
        let mut field = String::new();
        for step in rest {
            match step {
                Step::Key(k) if field.is_empty() => field.push_str(k),
                Step::Key(k) => {
                    field.push('.');
                    field.push_str(k);
                }
                Step::Index(n) => field.push_str(&format!("[{n}]")),
            }
        }
        loc.field = Some(field);
    }
    loc
}

/// The struct name `toml::Spanned` (serde_spanned 0.6) deserializes itself as; it then
/// asks for three fields, start, end and value, which [`Spanless`] hands it back. The test
/// `reads_what_toml_reads` fails should toml ever change this.
const SPANNED: &str = "$__serde_spanned_private_Spanned";

/// Deserializes a borrowed `toml::Value`, giving `Spanned` fields an empty span.
struct ValueDe<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for ValueDe<'_> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::String(s) => visitor.visit_str(s),
            Value::Integer(i) => visitor.visit_i64(*i),
            Value::Float(x) => visitor.visit_f64(*x),
            Value::Boolean(b) => visitor.visit_bool(*b),
            Value::Datetime(d) => visitor.visit_string(d.to_string()),
            Value::Array(items) => visitor.visit_seq(Items {
                iter: items.iter().enumerate(),
            }),
            Value::Table(table) => visitor.visit_map(Entries {
                iter: table.iter(),
                pending: None,
            }),
        }
    }

    // A value that is there is `Some`; an absent key is `None`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.0 {
            // The model file's enums (kind, sign, allocation) are all unit variants.
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        if name == SPANNED && fields.len() == 3 {
            return visitor.visit_map(Spanless {
                fields,
                value: Some(self.0),
                step: 0,
            });
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// An array's items; an error inside one is placed at its index.
struct Items<'a> {
    iter: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = PathError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, PathError> {
        match self.iter.next() {
            Some((n, v)) => seed
                .deserialize(ValueDe(v))
                .map(Some)
                .map_err(|e| e.within(Step::Index(n))),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// A table's entries; an error in a key (an unknown field) or its value is placed at the key.
struct Entries<'a> {
    iter: toml::map::Iter<'a>,
    pending: Option<(&'a String, &'a Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PathError> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(de::value::StrDeserializer::<PathError>::new(key))
            .map(Some)
            .map_err(|e| e.within(Step::Key(key.clone())))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        seed.deserialize(ValueDe(value))
            .map_err(|e| e.within(Step::Key(key.clone())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// What `Spanned` reads: start and end (both 0), then the value itself.
struct Spanless<'a> {
    /// The start, end and value field names, as `Spanned` gave them.
    fields: &'static [&'static str],
    value: Option<&'a Value>,
    step: usize,
}

impl<'de> MapAccess<'de> for Spanless<'_> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PathError> {
        match self.fields.get(self.step) {
            // `Spanned` reads its keys as borrowed strings.
            Some(key) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(key))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        self.step += 1;
        match self.step {
            1 | 2 => seed.deserialize(0usize.into_deserializer()),
            _ => match self.value.take() {
                Some(v) => seed.deserialize(ValueDe(v)),
                None => Err(de::Error::custom("a spanned value was read twice")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        toml::from_str::<toml::Table>(text)
            .map(Value::Table)
            .expect("valid TOML")
    }

    #[test]
    fn reads_what_toml_reads() {
        let text = r#"
            [model]
            id = "demo"
            target_year = 2032

            [parameters]
            hours = { value = 2000, unit = "h/(FTE*yr)", kind = "assumption" }
            share = { value = "68%" }

            [[themes]]
            id = "t"

            [[initiatives]]
            id = "i"
            theme = "t"
            published = { value = 0.4, range = [0, 1] }
            components = [{ sector = "msz", formula = "hours", sign = "cost" }]
        "#;
        let from_text: ModelFile = toml::from_str(text).expect("parses");
        let from_value = ModelFile::from_value(value(text), "<test>").expect("deserializes");
        // Same content; only the spans differ (Spanned compares by value).
        assert_eq!(from_text, from_value);
        assert_eq!(from_value.initiatives[0].theme.span(), 0..0);
    }

    #[test]
    fn names_the_path_of_a_wrong_type() {
        let v = value(
            r#"
            [model]
            id = "demo"
            [[initiatives]]
            id = "x"
            theme = "t"
            components = [{ label = "kort", sector = "msz", formula = 3 }]
            "#,
        );
        let e = ModelFile::from_value(v, "<b>").unwrap_err();
        let loc = e.location();
        assert_eq!(loc.initiative.as_deref(), Some("x"));
        assert_eq!(loc.component.as_deref(), Some("#1 'kort'"));
        assert_eq!(loc.field.as_deref(), Some("formula"));
    }

    #[test]
    fn outside_an_initiative_the_field_is_the_whole_path() {
        let v = value("[model]\nid = \"d\"\n[[regions]]\nid = \"r\"\npopulation = \"many\"\n");
        let e = ModelFile::from_value(v, "<b>").unwrap_err();
        assert_eq!(e.location().field.as_deref(), Some("regions[0].population"));
        assert_eq!(e.location().initiative, None);
    }
}
