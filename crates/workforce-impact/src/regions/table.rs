//! A region table: regions with their bases (population, 65+, further counts), nesting and
//! provenance, from a model file's `[[regions]]` or a CSV file.

use indexmap::IndexMap;

use crate::error::{Error, Errors, Location};
use crate::Model;

/// The columns a region CSV always has; every other column except `year`, `source`,
/// `parent` and `complete` is a numeric base.
pub const REQUIRED_COLUMNS: [&str; 3] = ["id", "name", "population"];
/// The text columns a region CSV may have besides its bases.
pub const TEXT_COLUMNS: [&str; 6] = ["id", "name", "year", "source", "parent", "complete"];

/// One region: its bases (plain counts, `population` first) and where it sits.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRow {
    /// The region id, as formulas and `scale_to` name it.
    pub id: String,
    /// The region's name.
    pub name: String,
    /// Base name -> value: `population`, `population_65plus`, then further bases in column
    /// (or file) order. A base a region lacks is absent.
    pub bases: IndexMap<String, f64>,
    /// The year the figures are for.
    pub year: Option<i32>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// The id of the region this one lies in.
    pub parent: Option<String>,
    /// True when each base equals the sum of the children's.
    pub complete: bool,
    /// Where the region is defined (file and line).
    pub loc: Location,
    /// Where each base's value is written (file, line and column).
    pub base_locs: IndexMap<String, Location>,
    /// Where the parent is named.
    pub parent_loc: Location,
}

impl RegionRow {
    /// The value of base `name` (`population`, `population_65plus`, ...), if given.
    pub fn base(&self, name: &str) -> Option<f64> {
        self.bases.get(name).copied()
    }

    /// Where base `name` is written, or the row when it is not.
    pub fn base_loc(&self, name: &str) -> Location {
        let mut loc = self
            .base_locs
            .get(name)
            .cloned()
            .unwrap_or(self.loc.clone());
        loc.parameter = Some(format!("{}.{name}", self.id));
        loc
    }
}

/// Regions with their bases, checked: ids unique, no 65+ above the population, parents
/// known and acyclic, no child above its parent on any base, a `complete` parent equal to
/// the sum of its children on every base (relative tolerance 1e-9).
#[derive(Clone, Debug, PartialEq)]
pub struct RegionTable {
    /// Where the table came from: a CSV path, `<string>`, or a model's origin.
    pub origin: String,
    /// The regions, in file order.
    pub rows: Vec<RegionRow>,
}

impl RegionTable {
    /// Checks `rows` as a table (see [`RegionTable`]); every problem found, each naming
    /// where.
    pub fn new(origin: &str, rows: Vec<RegionRow>) -> Result<RegionTable, Errors> {
        let errors = super::nesting::check(&rows);
        if errors.is_empty() {
            Ok(RegionTable {
                origin: origin.to_string(),
                rows,
            })
        } else {
            Err(Errors(errors))
        }
    }

    /// A region by id.
    pub fn get(&self, id: &str) -> Option<&RegionRow> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// A region by id, or an [`Error::Model`] naming the closest id.
    pub fn require(&self, id: &str) -> Result<&RegionRow, Error> {
        self.get(id).ok_or_else(|| {
            let hint = crate::suggest::did_you_mean(id, self.rows.iter().map(|r| r.id.as_str()))
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            Error::Model {
                loc: Location::file(&self.origin),
                message: format!(
                    "unknown region '{id}'{hint}; the region table has {}",
                    self.ids().join(", ")
                ),
            }
        })
    }

    /// The region ids, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.id.as_str()).collect()
    }

    /// Every base name any region has, in first-seen order.
    pub fn base_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            for b in r.bases.keys() {
                if !out.contains(b) {
                    out.push(b.clone());
                }
            }
        }
        out
    }

    /// The direct children of region `id`, in order.
    pub fn children(&self, id: &str) -> Vec<&RegionRow> {
        (self.rows.iter())
            .filter(|r| r.parent.as_deref() == Some(id))
            .collect()
    }

    /// The model's own regions (`[[regions]]`), at the values the model states.
    pub fn from_model(model: &Model) -> RegionTable {
        let rows = (model.file.regions.iter())
            .map(|r| {
                let id = r.id.get_ref().clone();
                let mut bases = IndexMap::new();
                let mut base_locs = IndexMap::new();
                let mut names = vec!["population".to_string()];
                if r.population_65plus.is_some() {
                    names.push("population_65plus".into());
                }
                names.extend(r.bases.keys().cloned());
                for b in names {
                    if let Some(p) = model.param(&format!("{id}.{b}")) {
                        bases.insert(b.clone(), p.value);
                        base_locs.insert(b, p.loc.clone());
                    }
                }
                RegionRow {
                    name: model
                        .regions
                        .iter()
                        .find(|x| x.id == id)
                        .map_or(r.name.clone(), |x| x.name.clone()),
                    id,
                    bases,
                    year: r.year,
                    source: r.source.clone(),
                    parent: r.parent.as_ref().map(|p| p.get_ref().clone()),
                    complete: r.complete,
                    loc: Location::file(&model.origin),
                    base_locs,
                    parent_loc: Location::file(&model.origin),
                }
            })
            .collect();
        RegionTable {
            origin: model.origin.clone(),
            rows,
        }
    }

    /// The table as CSV in the format [`RegionTable::from_csv_str`] reads (bases as the
    /// shortest text that reads back to the same number).
    pub fn to_csv(&self) -> String {
        let bases = self.base_names();
        let mut w = csv::Writer::from_writer(Vec::new());
        // id, name, the bases, then the other text columns.
        let (names, rest) = TEXT_COLUMNS.split_at(2);
        let header = (names.iter().copied())
            .chain(bases.iter().map(String::as_str))
            .chain(rest.iter().copied());
        let _ = w.write_record(header);
        for r in &self.rows {
            let mut rec = vec![r.id.clone(), r.name.clone()];
            rec.extend(
                (bases.iter()).map(|b| r.base(b).map(|v| format!("{v:?}")).unwrap_or_default()),
            );
            rec.push(r.year.map(|y| y.to_string()).unwrap_or_default());
            rec.push(r.source.clone().unwrap_or_default());
            rec.push(r.parent.clone().unwrap_or_default());
            rec.push(r.complete.to_string());
            let _ = w.write_record(&rec);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// Reads a region table from a CSV file; a file that cannot be read is an
    /// [`Error::Model`] naming it.
    pub fn from_csv_path(path: impl AsRef<std::path::Path>) -> Result<RegionTable, Errors> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::Model {
            loc: Location::file(&name),
            message: format!("cannot read region table: {e}"),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Model {
            loc: Location::file(&name),
            message: format!(
                "cannot read region table: it is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        RegionTable::from_csv_str(&text, &name)
    }

    /// Reads a region table from CSV text; `name` is the file errors name. The header has
    /// `id`, `name`, `population` and optionally `population_65plus`, further numeric base
    /// columns, `year`, `source`, `parent` and `complete`. Errors name the CSV line and
    /// column; every problem is listed.
    ///
    /// ```
    /// use workforce_impact::regions::RegionTable;
    ///
    /// // Synthetic regions, not real figures.
    /// let csv = "id,name,population,population_65plus,parent,complete\n\
    ///            land,Synthland,1000,200,,true\n\
    ///            a,Noord (synthetic),600,150,land,\n\
    ///            b,Zuid (synthetic),400,50,land,\n";
    /// let table = RegionTable::from_csv_str(csv, "synthetic.csv").unwrap();
    /// assert_eq!(table.get("a").unwrap().base("population_65plus"), Some(150.0));
    ///
    /// let bad = csv.replace("400,50", "400,500");
    /// let err = RegionTable::from_csv_str(&bad, "synthetic.csv").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "synthetic.csv:4:4: parameter 'b.population_65plus': invalid value: \
    ///      the 65+ population (500) exceeds the population (400)"
    /// );
    /// ```
    pub fn from_csv_str(text: &str, name: &str) -> Result<RegionTable, Errors> {
        super::csv_reader::read(text, name)
    }
}
