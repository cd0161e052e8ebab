"""Provenance classes, what the total rests on, uncertainty presets (python/_provenance.py)."""

import re
import subprocess
from pathlib import Path

import pytest

import workforce_impact as wi
from workforce_impact.exceptions import InvalidValueError, ModelError

ROOT = Path(__file__).resolve().parents[1]
NML = ROOT / "crates/workforce-impact/models/nml-2023.toml"

TOML = """
[model]
id = "mini"
region = "r"
target_year = 2032
[[regions]]
id = "r"
population = 1000
source = "CBS"
[shortage]
projections = [{ year = 2032, persons = 100 }]
[[themes]]
id = "t"
[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "68%", unit = "FTE/person", source = "AZW Info", kind = "sourced" }
[[initiatives]]
id = "x"
theme = "t"
[initiatives.parameters]
visits = { value = 1000, unit = "1/yr", SOURCE }
minutes = { value = 60, unit = "min" }
reduction = { value = "95%", source = "aanname", kind = "assumption" }
[[initiatives.components]]
sector = "msz"
formula = "visits * minutes * reduction / annual_hours / part_time_factor"
"""


@pytest.fixture(scope="module")
def model():
    return wi.Model.builtin("nml-2023")


def test_unsourced_count_matches_the_file(model):
    in_file = NML.read_text(encoding="utf-8").count('kind = "unsourced"')
    df = model.parameters()
    assert in_file == 40
    assert (df.kind == "unsourced").sum() == in_file
    no_source = df.source.fillna("").str.contains("geen bron|bron niet ingevuld")
    assert not (no_source & (df.kind == "sourced")).any()
    assert not [w for w in model.warnings if 'kind = "sourced"' in w]


def test_sourced_without_source_is_a_model_error():
    with pytest.raises(ModelError) as e:
        wi.Model.from_toml(TOML.replace("SOURCE", 'kind = "sourced"'), "mini.toml")
    assert re.match(r"mini\.toml:\d+:20: initiative 'x', parameter 'x\.visits': parameter 'x\.visits' "
                    r"has kind = \"sourced\" but no source", str(e.value)), str(e.value)


def test_sourced_geen_bron_warns():
    m = wi.Model.from_toml(TOML.replace("SOURCE", 'source = "regioplan (geen bron)", kind = "sourced"'), "mini.toml")
    assert len(m.warnings) == 1
    assert "warning: parameter 'x.visits' has kind = \"sourced\" but its source \"regioplan (geen bron)\"" in m.warnings[0]
    assert m.warnings[0].startswith("mini.toml:")
    # omitted kind: sourced with a source, unsourced without
    m = wi.Model.from_toml(TOML.replace("SOURCE", 'source = "CBS"'))
    kinds = m.parameters().set_index("name").kind
    assert (kinds["x.visits"], kinds["x.minutes"]) == ("sourced", "unsourced")


def test_check_prints_warnings_and_exits_0(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(TOML.replace("SOURCE", 'source = "no source", kind = "sourced"'), encoding="utf-8")
    cli = ROOT / "target/debug/workforce-impact"
    if not cli.exists():
        pytest.skip("the CLI is not built (cargo build -p workforce-impact-cli)")
    r = subprocess.run([str(cli), "check", str(path)], capture_output=True, text=True)
    assert r.returncode == 0
    assert "ok (1 initiatives" in r.stdout
    assert "warning: parameter 'x.visits'" in r.stderr


def test_assumptions_by_kind(model):
    a = model.assumptions(0.5, "triangular")
    assert len(a) == 57
    assert model.assumptions(0.5, "triangular", kinds=("assumption",)) == a
    u = model.assumptions(0.5, kinds="uncertain")
    assert set(a) < set(u)
    assert "sociale-benadering-dementie.staff_freed_nl" in u
    both = model.assumptions(0.5, kinds=["assumption", "unsourced"])
    assert len(both) == 57 + 40  # every unsourced number of NML is non-zero
    every = model.assumptions(0.9, "uniform", kinds="all")
    assert not any(n.startswith(("nml.", "nl.")) for n in every)
    model.resolve(every)  # every fraction stays in [0, 1]
    m = wi.Model.from_toml(TOML.replace("SOURCE", 'source = "CBS"'))
    assert m.assumptions(0.5)["x.reduction"].to_spec()["hi"] == 1.0


@pytest.mark.parametrize(
    "kinds, message",
    [
        (("guess",), "unknown provenance class or preset 'guess'"),
        ((), "empty preset: name at least one provenance class or preset to vary"),
        (("derived",), "class 'derived' cannot vary"),
    ],
)
def test_bad_kinds(model, kinds, message):
    with pytest.raises(InvalidValueError, match=re.escape(message)):
        model.assumptions(0.5, kinds=kinds)


def test_provenance_of_nml(model):
    ev = model.evaluate()
    df = ev.provenance()
    assert len(df) == 42
    row = df.set_index("id").loc["sociale-benadering-dementie"]
    assert row.persons == pytest.approx(25_500 * 0.034)
    assert (row.unsourced, row.assumption, row.sourced) == (2, 0, 0)
    classes = df.attrs["classes"].set_index("class")
    unsourced = df[df.unsourced > 0].persons.sum()
    assert classes.loc["unsourced", "persons"] == pytest.approx(unsourced)
    assert classes.loc["unsourced", "share_of_shortage"] == pytest.approx(unsourced / 4500)
    assert classes.loc["unsourced", "share_of_total"] == pytest.approx(unsourced / ev.total)
    assert classes.loc["any uncertain class", "persons"] == pytest.approx(df[df.rests_on_uncertain].persons.sum())
    # with overrides the persons follow the evaluation
    lower = model.evaluate({"part_time_factor": 0.6}).provenance()
    assert lower.persons.sum() > df.persons.sum()


def test_uncertainty_presets(model):
    df = model.uncertainty_presets(n=8192, seed=2023)
    assert list(df.preset) == ["assumption", "uncertain", "all"]
    assert list(df.inputs) == [58, 113, 178]
    assert df.prob.iloc[0] > df.prob.iloc[1]
    assert (df.p95 - df.p5).is_monotonic_increasing
    assert df.attrs["markdown"].startswith("| what varies | inputs |")
    alone = model.uncertainty_presets(["assumption"], n=1024, fixed={})
    assert list(alone.inputs) == [57]
    with pytest.raises(InvalidValueError, match="preset 'bogus'"):
        model.uncertainty_presets(["bogus"], n=1024)


def test_sobol_groups_by_kind(model):
    dists = {**model.assumptions(0.5, kinds="uncertain"), "part_time_factor": wi.uniform(0.60, 0.77)}
    df = model.sobol(dists, n=256, seed=3, bootstrap=10, groups="kind")
    assert list(df.name) == ["sourced", "unsourced", "assumption", "expert", "other-region"]
    st = df.set_index("name").ST
    assert st["unsourced"] > st["assumption"]


def test_readme_presets_table_is_the_codes(model):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- presets-table:[^\n]*-->\n(.*?)\n<!-- /presets-table -->", text, re.S)
    assert m, "README has no presets table block"
    computed = model.uncertainty_presets(n=100_000, seed=2023).attrs["markdown"].strip()
    assert m.group(1).strip() == computed
    ev = model.evaluate()
    unsourced = ev.provenance().attrs["classes"].set_index("class").loc["unsourced"]
    assert f"{unsourced.persons:,.1f} of the\n{ev.total:,.1f}" in text
    assert f"({unsourced.share_of_shortage:.1%} of the shortage)" in text
