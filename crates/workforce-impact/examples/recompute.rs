//! Prints the recompute table of the builtin NML 2023 model.
use workforce_impact::{Model, Overrides, RecomputeReport};

fn main() {
    let model = match Model::builtin("nml-2023") {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let eval = model.evaluate(&Overrides::default()).expect("evaluates");
    print!("{}", RecomputeReport::new(&model, &eval).to_table());
}
