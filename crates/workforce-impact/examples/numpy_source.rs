//! Prints the numpy baseline source of the builtin model for the given varied parameters.
fn main() {
    let model = workforce_impact::Model::builtin("nml-2023").expect("builtin");
    let names: Vec<String> = std::env::args().skip(1).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    match model.numpy_source(&refs) {
        Ok(src) => print!("{src}"),
        Err(e) => eprintln!("{e}"),
    }
}
