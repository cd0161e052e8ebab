#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target under fuzz/corpus/<target>/ (stdlib only).

Seeds come from the NML 2023 model (every formula, every unit, the whole file and a few small
variants) and from the --dist/--set examples of README.md and the CLI tests. The output is
deterministic; libFuzzer adds what it finds to the same directories (ignored by git).
"""

import hashlib
import pathlib
import re
import tomllib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
MODEL = ROOT / "crates/workforce-impact/models/nml-2023.toml"

MINI = """[model]
id = "mini"
title = "Mini"
region = "r"
target_year = 2032

[[regions]]
id = "r"
population = 1000
population_65plus = 200

[shortage]
projections = [{ year = 2032, persons = 100 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info" }

[[initiatives]]
id = "x"
theme = "t"
[initiatives.parameters]
visits = { value = 1000, unit = "1/yr", source = "CBS" }
minutes = { value = 60, unit = "min" }
reduction = { value = "10%", source = "aanname", kind = "assumption" }
per_visit = { formula = "minutes * reduction", unit = "min", kind = "derived" }
[[initiatives.components]]
sector = "msz"
formula = "FORMULA"
"""

GOOD = "visits * per_visit / annual_hours / part_time_factor"


def walk(node, key=None):
    """Yields (key, value) for every string value in a parsed TOML tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)
    elif isinstance(node, str):
        yield key, node


def write(target, seeds):
    out = FUZZ / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    for s in dict.fromkeys(seeds):  # unique, in order
        data = s.encode()
        (out / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)
    return len(dict.fromkeys(seeds))


def main():
    text = MODEL.read_text()
    model = tomllib.loads(text)
    strings = list(walk(model))
    formulas = [v for k, v in strings if k == "formula"]
    units = [v for k, v in strings if k == "unit"]

    formula_seeds = formulas + [
        "2%", "60[min] / 1[yr]", "min(a, b)", "max(1[day], t)", "-(n)", "--n * -2",
        "fmax * fmin", "fmax * fmax", "1[FTE^32] * f", "1e308 * 1e308", ".5e-3[h/(FTE*yr)]",
        "nml.population * 2% / 1[yr] * 1[yr]", "zero / zero", "t + 1[week] - 1[month]",
        "2[€ x]", "1[(((h)))]", "min(t, m)", "p / (f / p)",
    ]
    unit_seeds = units + [
        "1/yr", "FTE^32", "FTE^-32", "h/(FTE*yr)", "€/person", "min·day^-1", "%", "1",
        "(h/min)^32", "((FTE))", "€ x", "yr^2/(day*week)",
    ]
    mini = MINI.replace("FORMULA", GOOD)
    model_seeds = [
        text,
        mini,
        # drop the part-time factor: FTE instead of persons
        MINI.replace("FORMULA", "visits * per_visit / annual_hours"),
        # a derived parameter without a unit, read by another one declared before it
        mini.replace(
            'per_visit = { formula = "minutes * reduction", unit = "min", kind = "derived" }',
            'per_visit = { formula = "minutes * share", kind = "derived" }\n'
            'share = { formula = "reduction * 1", kind = "derived" }',
        ),
        # escapes in a formula string move the raw offsets away from the decoded ones
        MINI.replace("FORMULA", "\\\\t\u00e9 @ visits"),
        MINI.replace("FORMULA", "visits * 2[\u20ac x]"),
        # a division by zero at the stated values
        MINI.replace("FORMULA", GOOD + " * (reduction - 10%) / (reduction - 10%)"),
    ]

    readme = (ROOT / "README.md").read_text()
    cli_tests = (ROOT / "crates/workforce-impact-cli/tests/cli.rs").read_text()
    dist_like = re.compile(r'"?([a-z_.]+=[a-z]+\([^)"]*\))"?')
    set_like = re.compile(r'"([a-z_.]+=[-0-9.e]+)"')
    cli_seeds = []
    for src in (readme, cli_tests):
        cli_seeds += dist_like.findall(src) + set_like.findall(src)
    cli_seeds += [
        "part_time_factor=0.6\nbuikpijnteam.reduction=0.03",
        "part_time_factor=triangular(rel=0.5)",
        "part_time_factor=pert(0.6,0.68,0.77)",
        "part_time_factor=normal(0.68,0.05,0.5,0.9)",
        "annual_hours=lognormal(1800,2100)",
        "annual_hours=constant(2000)",
        "annual_hours=normal(rel=0.1)",
        "part_time_factor=0",
        "part_time_factor=uniform(0.8,0.6)",
    ]
    counts = {
        "formula": write("formula", formula_seeds),
        "unit": write("unit", unit_seeds),
        "model": write("model", model_seeds),
        "cli_args": write("cli_args", cli_seeds),
        "distribution": write("distribution", []),
    }
    print("seed corpus: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
