//! # workforce-impact
//!
//! Typed, unit-checked models of how many care workers an initiative frees up (or costs),
//! summed over a region's portfolio and set against its projected staff shortage.
//!
//! A model is a TOML file of parameters (each with a unit and where it came from) and
//! initiatives (each a sum of formulas that must come out in **persons**, staff
//! headcount). The builtin `nml-2023` model encodes the 42 quantified initiatives of the
//! Regioplan Noord- en Midden-Limburg (December 2023) against its shortage of 4,500 persons
//! in 2032. The steps below walk through the API in the order a user meets it.
//!
//! ## 1. Load a model
//!
//! A builtin model by id, a model file by path, or TOML text. Every formula is parsed and
//! unit-checked while loading; [`Errors`] lists every problem at once, each with its file,
//! initiative, component and line:column.
//!
//! ```
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! assert_eq!(model.initiatives.len(), 42);
//! assert_eq!(model.target_shortage().unwrap().persons, 4500.0);
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/nml-2023.toml");
//! let same = Model::from_path(path).unwrap();
//! assert_eq!(same.initiatives.len(), 42);
//! ```
//!
//! From text (here one initiative from the regioplan, as the source states it):
//!
//! ```
//! use workforce_impact::{Error, Model, Overrides};
//!
//! let text = r#"
//! [model]
//! id = "mini"
//!
//! [parameters]
//! annual_hours     = { value = 2000,  unit = "h/(FTE*yr)", source = "regioplan", kind = "assumption" }
//! part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info",  kind = "sourced" }
//!
//! [[themes]]
//! id = "langer-thuis"
//!
//! [[initiatives]]
//! id = "fit-for-surgery"
//! theme = "langer-thuis"
//! published = 14
//!
//!   [initiatives.parameters]
//!   admissions_65plus = { value = 20991, unit = "1/yr",    source = "CBS",     kind = "sourced" }
//!   length_of_stay    = { value = 5.2,   unit = "day",     source = "CBS",     kind = "sourced" }
//!   stay_reduction    = { value = "5%",                    source = "aanname", kind = "assumption" }
//!   nursing_per_day   = { value = 210,   unit = "min/day", source = "o.b.v. gesprekken zorgverleners", kind = "expert" }
//!
//!   [[initiatives.components]]
//!   sector  = "msz"
//!   formula = "admissions_65plus * length_of_stay * stay_reduction * nursing_per_day / annual_hours / part_time_factor"
//! "#;
//! let model = Model::from_toml_str(text, "mini.toml").unwrap();
//! let persons = model.evaluate(&Overrides::default()).unwrap().total();
//! assert!((persons - 14.045).abs() < 1e-3);
//!
//! // Without the part-time factor the formula gives FTE, not persons: refused at load.
//! let wrong = text.replace(" / part_time_factor\"", "\"");
//! let errors = Model::from_toml_str(&wrong, "mini.toml").unwrap_err();
//! assert!(matches!(errors.first(), Some(Error::Unit { .. })));
//! assert!(errors.to_string().contains("part-time factor"));
//! ```
//!
//! ## 2. Evaluate, with overrides
//!
//! [`Model::evaluate`] gives persons per component, initiative, theme and sector.
//! [`Overrides`] replace stated values by qualified name, in the parameter's own unit (a
//! percentage as a fraction).
//!
//! ```
//! use workforce_impact::{Model, Overrides};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let stated = model.evaluate(&Overrides::default()).unwrap();
//! let shortage = model.target_shortage().unwrap().persons;
//! assert_eq!(stated.total().round(), 1633.0);
//! assert_eq!((stated.share_of(shortage) * 100.0).round(), 36.0); // the source claims ~35%
//!
//! let lower = model.evaluate(&Overrides::new().set("part_time_factor", 0.60)).unwrap();
//! assert_eq!(lower.total().round(), 1700.0);
//! ```
//!
//! ## 3. Explain an initiative
//!
//! [`Model::explain`] traces one initiative: every input with value, unit and source, every
//! operation with its intermediate value and unit. Its `Display` is the readable trace.
//!
//! ```
//! use workforce_impact::{Model, Overrides};
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let ex = model.explain("buikpijnteam", &Overrides::default()).unwrap();
//! assert_eq!((ex.published.as_deref(), ex.status.as_str()), (Some("2"), "differs"));
//! assert!((ex.computed - 1.379).abs() < 1e-3); // the notes say why
//! assert!(ex.notes.is_some());
//! let src = ex.inputs.iter().find(|i| i.name == "nml.population_65plus").unwrap();
//! assert_eq!(src.value, 122357.0);
//! assert!(src.source.as_deref().unwrap().starts_with("CBS"));
//! println!("{ex}");
//! ```
//!
//! ## 4. Monte Carlo
//!
//! Give inputs distributions ([`engine::Input`]; [`Model::assumptions`] puts one around
//! every parameter whose provenance is an assumption), prepare a run with
//! [`Model::monte_carlo_plan`] and run it. Statistics stream (memory does not grow with
//! `n`), and results are the same for any number of threads.
//!
//! ```
//! use workforce_impact::engine::{McConfig, Shape};
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let inputs = model.assumptions(0.5, Shape::Triangular); // ±50% around each assumption
//! assert_eq!(inputs.len(), 57);
//! let stats = model.monte_carlo_plan(&inputs, McConfig::new(10_000, 1)).unwrap().run();
//! assert_eq!(stats.n, 10_000);
//! let total = stats.group("total").unwrap();
//! let (p5, p95) = (total.quantile(0.05), total.quantile(0.95));
//! assert!(p5 < 1633.0 && 1633.0 < p95, "90% interval {p5}..{p95}");
//! let p = stats.prob_share_at_least(0.35);
//! assert!(p > 0.5 && p < 0.9, "P(share >= 35%) = {p}");
//! ```
//!
//! ## 5. Sobol sensitivity
//!
//! Which inputs the spread of the total comes from: [`Model::sobol`] gives first- and
//! total-order indices (also [`Model::tornado`] and [`Model::morris`]).
//!
//! ```
//! use workforce_impact::engine::{Distribution, Input, Shape};
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let inputs = [
//!     Input::relative("part_time_factor", Shape::Uniform, 0.1),
//!     Input::new("annual_hours", Distribution::Uniform { lo: 1600.0, hi: 2000.0 }),
//!     Input::relative("fit-for-surgery.stay_reduction", Shape::Uniform, 0.5),
//! ];
//! let rows = model.sobol(&inputs, 1024, 7, 0, None).unwrap();
//! assert_eq!(rows[0].name, "part_time_factor");
//! assert!(rows[0].st > 0.4 && rows[1].st > 0.4 && rows[2].st < 0.05);
//! ```
//!
//! ## 6. Batch evaluation
//!
//! Many rows of values for a fixed list of parameters, compiled once and evaluated in
//! parallel: [`Model::batch_plan`].
//!
//! ```
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let plan = model.batch_plan(&["part_time_factor", "annual_hours"]).unwrap();
//! let rows = [0.68, 2000.0, 0.60, 2000.0, 0.68, 1800.0]; // row-major, 2 values a row
//! let totals = plan.totals(&rows).unwrap();
//! assert_eq!(totals.iter().map(|t| t.round()).collect::<Vec<_>>(), [1633.0, 1700.0, 1682.0]);
//! assert!(plan.totals(&[1.5, 2000.0, 0.68]).is_err()); // 3 values do not make rows of 2
//! ```
//!
//! ## 7. Scenarios
//!
//! Named sets of overrides, from the model file or built with [`engine::Scenario::new`],
//! compared side by side with [`Model::compare`].
//!
//! ```
//! use workforce_impact::Model;
//!
//! let model = Model::builtin("nml-2023").unwrap();
//! let c = model.compare(None).unwrap(); // the model's own scenarios
//! assert_eq!(c.scenarios, ["stated", "deeltijd-60", "werkuren-1800", "ggz-deeltijd-overal"]);
//! let share = c.rows.iter().find(|r| r.id == "share").unwrap();
//! assert_eq!(share.values.iter().map(|v| (v * 100.0).round()).collect::<Vec<_>>(), [36.0, 38.0, 37.0, 35.0]);
//! ```
//!
//! A [`RecomputeReport`] sets computed against published figures for every initiative, as a
//! table, Markdown, CSV or JSON.

#![warn(missing_docs)]

pub mod engine;
pub mod error;
pub mod formula;
pub mod html_report;
pub mod io;
pub mod ledger;
pub mod limits;
pub mod model;
pub mod monitor;
pub mod overlap;
pub mod provenance;
pub mod published;
pub mod regions;
pub mod report;
mod suggest;
pub mod sweep;
pub mod time;
pub mod units;

pub use engine::{explain::Explanation, Evaluation, Overrides, Status};
pub use error::{Error, Errors, Location, Warning};
pub use model::{Model, ModelFile};
pub use report::RecomputeReport;
pub use units::{Dimension, Quantity, Unit};
