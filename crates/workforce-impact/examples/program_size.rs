//! Prints how large the compiled lane program of the builtin model is for its assumptions.
use workforce_impact::engine::program::Program;
use workforce_impact::engine::Shape;
use workforce_impact::Model;

fn main() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let mut names: Vec<String> = model
        .assumptions(0.5, Shape::Triangular)
        .into_iter()
        .map(|i| i.name)
        .collect();
    names.push("part_time_factor".into());
    names.dedup();
    let slots: Vec<usize> = names.iter().filter_map(|n| model.param_index(n)).collect();
    let p = Program::compile(&model, &slots);
    println!(
        "{} inputs, {} instructions, {} outputs",
        p.n_inputs(),
        p.n_instructions(),
        p.n_outputs()
    );
}
