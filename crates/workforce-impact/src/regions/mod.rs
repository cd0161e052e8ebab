//! Regions and scaling: region tables (from a model or a CSV), nesting checks, carrying a
//! model to another region ([`Model::scale_to`](crate::Model::scale_to)), the two readings of a
//! stated regional share ([`Model::split_readings`](crate::Model::split_readings)) and all
//! regions in one call ([`Model::evaluate_regions`](crate::Model::evaluate_regions)).
//!
//! ```
//! use workforce_impact::regions::{RegionTable, RegionsOptions};
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! // A synthetic region, not a real one.
//! let csv = "id,name,population,population_65plus\n\
//!            nml,Noord- en Midden-Limburg,504908,122357\n\
//!            nl,Nederland,17923412,3620529\n\
//!            demo,Demoland (synthetic),1009816,244714\n";
//! let table = RegionTable::from_csv_str(csv, "synthetic.csv").unwrap();
//! let demo = model.scale_to("demo", &table, Some(9000.0)).unwrap();
//! let persons = demo.evaluate(&Default::default()).unwrap();
//! let zcc = demo.initiatives.iter().position(|i| i.id == "zorgcoordinatiecentrum").unwrap();
//! // 15 persons in a region of 248,906 inhabitants, carried to 1,009,816 inhabitants:
//! assert_eq!(persons.initiative_totals[zcc], (1009816.0 / 248906.0) * 15.0);
//! let all = model.evaluate_regions(&table, &RegionsOptions::default()).unwrap();
//! assert_eq!(all.rows.iter().filter(|r| r.level == "total").count(), 3);
//! ```

mod all_regions;
mod csv_reader;
mod nesting;
mod scale_to;
mod split;
mod table;

pub use all_regions::{RegionResult, RegionsEvaluation, RegionsOptions};
pub use csv_reader::MAX_REGIONS;
pub use nesting::COMPLETE_TOLERANCE;
pub use split::SplitReading;
pub use table::{RegionRow, RegionTable, REQUIRED_COLUMNS, TEXT_COLUMNS};

/// Every nesting problem of `rows` (used by the model loader for `[[regions]]`).
pub(crate) fn check_nesting(rows: &[RegionRow]) -> Vec<crate::Error> {
    nesting::check(rows)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
