//! One Monte Carlo run of the builtin model's assumptions, for profilers.
use workforce_impact::engine::monte_carlo::McConfig;
use workforce_impact::engine::Shape;
use workforce_impact::Model;

fn main() {
    let model = Model::builtin("nml-2023").expect("builtin");
    let inputs = model.assumptions(0.5, Shape::Triangular);
    let plan = model
        .monte_carlo_plan(&inputs, McConfig::new(4_000_000, 1))
        .expect("plan");
    let stats = plan.run();
    println!("{}", stats.n);
}
