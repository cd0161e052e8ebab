//! What rebuilds every figure of the report: model, hash, version, seed, n and the region
//! table.

use std::fmt::Write as _;

use super::escape::escape;
use super::Reproduction;

/// Model id, file hash, library version, seed and n: what rebuilds every figure above.
pub(super) fn reproduction(r: &Reproduction) -> String {
    let mut s = String::from("<dl class=\"repro\">");
    let o = &r.options;
    for (k, v) in [
        ("model", r.model.clone()),
        ("herkomst", r.origin.clone()),
        ("SHA-256 van het model (model.to_toml())", r.hash.clone()),
        (
            "model_toml_hash (Python)",
            r.hash.chars().take(16).collect(),
        ),
        ("workforce-impact versie", r.version.clone()),
        ("seed", o.seed.to_string()),
        ("n (Monte Carlo)", o.n.to_string()),
        ("n (Sobol)", o.sobol_n.to_string()),
        (
            "gevarieerde aannames",
            format!("{} (driehoek, ±{}%)", r.inputs, o.rel * 100.0),
        ),
    ] {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(&v));
    }
    let table = o.regions.as_ref().map(|t| t.origin.as_str());
    if let Some(origin) = table {
        let _ = write!(s, "<dt>regiotabel</dt><dd>{}</dd>", escape(origin));
    }
    s.push_str("</dl>\n");
    let model_arg = if r.origin.starts_with("builtin:") {
        r.model.clone()
    } else {
        r.origin.clone()
    };
    let _ = write!(
        s,
        "<p>Opnieuw maken, op de opdrachtregel of in Python:</p>\n<pre><code>workforce-impact report {} --html rapport.html -n {} --seed {}{}</code></pre>\n\
         <pre><code>model.report(\"rapport.html\", n={}, seed={}{})</code></pre>\n\
         <p class=\"muted\">Dezelfde versie, hetzelfde model (dezelfde hash), seed en n geven hetzelfde rapport, \
         ook op een andere computer of met een ander aantal processorkernen.</p>\n",
        escape(&model_arg),
        o.n,
        o.seed,
        table.map_or(String::new(), |t| format!(" --regions {}", escape(t))),
        o.n,
        o.seed,
        table.map_or(String::new(), |t| format!(
            ", regions=wi.regions_from_csv({})",
            escape(&format!("{t:?}"))
        ))
    );
    s
}
