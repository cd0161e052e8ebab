"""Overlap between initiatives (python/_overlap.py, plot.overlap)."""

import pandas as pd
import pytest

import workforce_impact as wi
from workforce_impact.exceptions import ModelError, UnitError

# A synthetic model (not from any regioplan): three initiatives cut one base of 10,000 bed
# days a year by 1,000, 1,500 and 1,000 bed days (a and c identical); 1,000 bed days are
# 4 persons. Additive 35%, multiplicative 1 - 0.9 * 0.85 * 0.9 = 31.15%, persons 14,
# interaction 14 * 31.15 / 35 - 14 = -1.54.
INITIATIVE = """
[[initiatives]]
id = "{id}"
theme = "t"
  [initiatives.parameters]
  admissions = {{ value = 1000, unit = "1/yr", source = "synthetic", kind = "sourced" }}
  reduction = {{ value = "{reduction}", source = "synthetic", kind = "assumption" }}
  [[initiatives.components]]
  sector = "msz"
  formula = "admissions * reduction * length_of_stay * nursing / annual_hours / part_time_factor"
  base = "{base}"
  cut = "{cut}"
"""
HEAD = """
[model]
id = "overlap-synthetic"
[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "synthetic", kind = "assumption" }
part_time_factor = { value = 0.5, unit = "FTE/person", source = "synthetic", kind = "assumption" }
length_of_stay = { value = 5, unit = "day", source = "synthetic", kind = "assumption" }
nursing = { value = 4, unit = "h/day", source = "synthetic", kind = "assumption" }
[[themes]]
id = "t"
[[bases]]
id = "beddays"
name = "Bed days"
SIZE
"""
SIZE = 'size = { value = 10000, unit = "day/yr", source = "synthetic", kind = "assumption" }'
CUT = "admissions * reduction * length_of_stay"


def synthetic(size=SIZE, base="beddays", cut=CUT):
    text = HEAD.replace("SIZE", size)
    for id_, r in [("a", "20%"), ("b", "30%"), ("c", "20%")]:
        text += INITIATIVE.format(id=id_, reduction=r, base=base if id_ == "a" else "beddays", cut=cut if id_ == "a" else CUT)
    return text


@pytest.fixture(scope="module")
def nml():
    return wi.Model.builtin("nml-2023").evaluate()


def test_synthetic_by_hand():
    ev = wi.Model.from_toml(synthetic(), "synthetic.toml").evaluate()
    cuts = ev.overlap()
    assert isinstance(cuts, pd.DataFrame)
    assert list(cuts.initiative) == ["a", "b", "c"]
    assert cuts.share.tolist() == pytest.approx([0.10, 0.15, 0.10])
    assert cuts.persons.tolist() == pytest.approx([4.0, 6.0, 4.0])
    assert cuts.cut.tolist() == pytest.approx([1000.0, 1500.0, 1000.0])
    assert cuts.identical_to.fillna("-").tolist() == ["c #1", "-", "a #1"]
    b = ev.overlap(by="base").iloc[0]
    assert (b.base, b["size"], b.unit, b.cuts) == ("beddays", 10000.0, "day/yr", 3)
    assert b.additive == pytest.approx(0.35)
    assert b.multiplicative == pytest.approx(0.3115)
    assert b.persons_multiplicative == pytest.approx(12.46)
    assert b.interaction == pytest.approx(-1.54)
    assert ev.total == pytest.approx(14.0)  # the overlap never changes the recompute
    assert not b.exceeds_threshold


def test_overrides_carry_through():
    ev = wi.Model.from_toml(synthetic(), "synthetic.toml").evaluate({"b.reduction": 0.5})
    assert ev.overlap().share.tolist() == pytest.approx([0.10, 0.25, 0.10])


def test_warnings_threshold_and_identical():
    m = wi.Model.from_toml(synthetic(SIZE + '\nthreshold = "30%"'), "synthetic.toml")
    w = m.warnings
    assert len(w) == 2
    assert "the cuts of base 'beddays' add up to 35.0% of it, above the threshold of 30.0%" in w[0]
    assert "identical cuts of base 'beddays'" in w[1] and "possible double counting" in w[1]
    assert m.evaluate().overlap(by="base").exceeds_threshold.tolist() == [True]


def test_bad_input_is_typed():
    with pytest.raises(ModelError, match=r"synthetic.toml:\d+:\d+: initiative 'a', component #1: unknown base 'bedays' \(did you mean 'beddays'\?\)"):
        wi.Model.from_toml(synthetic(base="bedays"), "synthetic.toml")
    with pytest.raises(ModelError, match=r"synthetic.toml:\d+:\d+: base 'beddays' has no size"):
        wi.Model.from_toml(synthetic(size=""), "synthetic.toml")
    with pytest.raises(UnitError, match=r"initiative 'a', component #1: unit error: the cut gives .* but base 'beddays' is in day/yr \(a plain number\): the cut cannot be expressed in the base's unit"):
        wi.Model.from_toml(synthetic(cut="admissions * reduction"), "synthetic.toml")
    with pytest.raises(ModelError, match="not a product of factors"):
        wi.Model.from_toml(synthetic(cut="admissions * reduction * 5[day]"), "synthetic.toml")
    with pytest.raises(ValueError, match="by must be"):
        wi.Model.from_toml(synthetic(), "synthetic.toml").evaluate().overlap(by="initiative")


def test_nml_table(nml):
    assert round(nml.total, 1) == 1633.3 and round(nml.share_of_shortage, 3) == 0.363
    bases = nml.overlap(by="base").set_index("base")
    assert list(bases.index) == ["msz.ligdagen_65plus", "msz.ligdagen", "msz.dagopnames", "huisartsenzorg.consulten"]
    b = bases.loc["msz.ligdagen_65plus"]
    assert b["size"] == pytest.approx(20991 * 5.2)
    assert (round(b.additive, 4), round(b.multiplicative, 4), round(b.interaction, 2)) == (0.1950, 0.1827, -3.46)
    assert bases.loc["msz.ligdagen", "identical"] == 2
    assert round(bases.interaction.sum(), 2) == -9.64
    cuts = nml.overlap()
    ffs = cuts[cuts.initiative == "fit-for-surgery"].iloc[0]
    assert (ffs.base, round(ffs.share, 6)) == ("msz.ligdagen_65plus", 0.05)
    twins = cuts[cuts.identical_to.notna()]
    assert set(twins.initiative) == {
        "versterken-relatie-ha-sociaal-domein", "integraal-ketenzorgportaal",
        "optimalisatie-elv", "ziekenhuisverplaatste-zorg",
    }
    assert sum("identical cuts of base" in w for w in wi.Model.builtin("nml-2023").warnings) == 3


def test_plot(nml):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = wi.plot.overlap(nml)
    assert ax.get_title().startswith("Overlap")
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "msz.ligdagen_65plus"
    plt.close("all")


def test_docstring_examples():
    import doctest

    import workforce_impact._overlap as mod

    tests = doctest.DocTestFinder(exclude_empty=True).find(mod, mod.__name__)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert sum(len(t.examples) for t in tests) > 0
    for t in tests:
        runner.run(t)
    assert runner.summarize(verbose=False).failed == 0
