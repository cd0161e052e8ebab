"""Regions and scaling from Python: region tables from CSV, scale_to, split readings,
evaluate_regions and the plot. Every region but NL and NML (as the regioplan states them) is
synthetic test data (tests/data/regions-synthetic.csv says so in its names)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import workforce_impact as wi

DATA = Path(__file__).with_name("data") / "regions-synthetic.csv"


@pytest.fixture(scope="module")
def nml() -> wi.Model:
    return wi.Model.builtin("nml-2023")


@pytest.fixture(scope="module")
def table() -> wi.RegionTable:
    return wi.regions_from_csv(DATA)


def persons(model: wi.Model, initiative: str) -> float:
    return model.evaluate()[initiative]


def test_a_csv_region_table_reads_into_pandas(table):
    df = table.to_pandas()
    assert list(df.columns) == ["name", "population", "population_65plus", "year", "source", "parent", "complete"]
    assert df.loc["syn_double", "population"] == 1009816.0
    assert df.loc["syn_land", "complete"]
    assert df.loc["nml", "parent"] == "nl"
    assert len(table) == 7
    again = pickle.loads(pickle.dumps(table))
    assert again.to_pandas().equals(df)


def test_scale_to_self_is_the_identity_and_to_nl_gives_the_national_figure(nml, table):
    same = nml.scale_to("nml", regions=table)
    assert same.evaluate().initiative_totals.tolist() == nml.evaluate().initiative_totals.tolist()
    nl = nml.scale_to("nl", regions=table)
    assert nl.region == "nl"
    assert persons(nl, "sociale-benadering-dementie") == 25500.0
    assert persons(nl, "zorgcoordinatiecentrum") == (17923412 / 248906) * 15
    assert any("a rough proxy" in w for w in nl.warnings)


def test_a_given_shortage_is_the_target_year_shortage(nml, table):
    m = nml.scale_to("syn_double", regions=table, shortage=7000)
    ev = m.evaluate()
    assert ev.share_of_shortage == pytest.approx(ev.total / 7000, rel=1e-15)
    # 15 persons in 248,906 inhabitants, carried to 1,009,816
    assert persons(m, "zorgcoordinatiecentrum") == (1009816 / 248906) * 15
    # the scaled model pickles and reads back the same
    again = pickle.loads(pickle.dumps(m))
    assert again.evaluate().initiative_totals.tolist() == ev.initiative_totals.tolist()


def test_evaluate_regions_gives_region_level_id_persons_shortage_share(nml, table):
    df = wi.evaluate_regions(nml, table, shortages={"syn_noord": 1000})
    assert list(df.columns) == ["region", "year", "level", "id", "persons", "shortage", "share"]
    assert len(df) == 7 * 48
    assert df.attrs["year"] == 2032
    totals = df[df.level == "total"].set_index("region")
    assert totals.loc["nml", "persons"] == nml.evaluate().total
    assert totals.loc["nml", "shortage"] == 4500
    assert totals.loc["syn_noord", "shortage"] == 1000
    assert totals.loc["syn_double", "shortage"] == 9000  # 4,500 x 2: the population proxy
    assert totals.loc["syn_noord", "share"] == pytest.approx(totals.loc["syn_noord", "persons"] / 1000)
    assert any(w.startswith("syn_double: the shortage is nml's projection") for w in df.attrs["warnings"])


def test_split_readings_and_a_national_split_summing_back(nml, table):
    r = nml.split_readings().set_index("parameter")
    row = r.loc["sociale-benadering-dementie.nml_share_65plus"]
    assert (row.stated, row.derived) == (0.034, 122357 / 3620529)
    assert row.persons_stated == pytest.approx(867.0, rel=1e-12)
    assert row.persons_derived == 25500 * (122357 / 3620529)  # 861.78
    parts = table.split(25500.0, "syn_land", "population_65plus")
    assert parts.index.tolist() == ["syn_noord", "syn_midden", "syn_zuid"]
    assert parts.sum() == pytest.approx(25500.0, rel=1e-12)
    rounded = sum(25500.0 * round(v / 1e6, 2) for v in (333333, 333333, 333334))
    assert 25500.0 - rounded == pytest.approx(255.0)  # 3 x 33%: the stated rounded reading loses 1%


def test_bad_input_raises_typed_errors_naming_where(nml, table, tmp_path):
    with pytest.raises(wi.ModelError, match=r"unknown region 'syn_dubble' \(did you mean 'syn_double'\?\)"):
        nml.scale_to("syn_dubble", regions=table)
    with pytest.raises(wi.InvalidValueError, match=r"shortage -1 for region 'nl' must be a finite number"):
        nml.scale_to("nl", regions=table, shortage=-1.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,population,population_65plus\na,A (synthetic),100,120\n", encoding="utf-8")
    with pytest.raises(wi.InvalidValueError, match=r"bad.csv:2:4: parameter 'a.population_65plus': invalid value: the 65\+ population \(120\) exceeds the population \(100\)"):
        wi.regions_from_csv(bad)
    bad.write_text("id,name,pop\na,A,100\n", encoding="utf-8")
    with pytest.raises(wi.ModelError, match=r"bad.csv:1: missing column 'population'"):
        wi.regions_from_csv(bad)
    bad.write_text("id,name,population\na,A,lots\n", encoding="utf-8")
    with pytest.raises(wi.InvalidValueError, match=r"bad.csv:2:3: .*population of region 'a' is 'lots', not a number"):
        wi.regions_from_csv(bad)
    bad.write_text("id,name,population,parent,complete\nland,L,100,,true\na,A,60,land,\nb,B,30,land,\n", encoding="utf-8")
    with pytest.raises(wi.InvalidValueError, match=r"bad.csv:2:3: .*region 'land' is marked complete, but its population 100 is not the sum of its 2 children \(90\): off by 10"):
        wi.regions_from_csv(bad)
    bad.write_text("id,name,population,parent\na,A,60,b\nb,B,60,a\n", encoding="utf-8")
    with pytest.raises(wi.ModelError, match=r"bad.csv:2:4: region 'a' is its own ancestor: a -> b -> a"):
        wi.regions_from_csv(bad)
    with pytest.raises(wi.ModelError, match="cannot read region table"):
        wi.regions_from_csv(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="regions must be a RegionTable"):
        nml.scale_to("nl", regions="regions.csv")


def test_the_regions_plot_has_dutch_labels(nml, table):
    import matplotlib.pyplot as plt

    df = wi.evaluate_regions(nml, table)
    ax = wi.plot.regions(df, target=0.35)
    assert ax.get_ylabel() == "aandeel van het personeelstekort"
    assert ax.get_xlabel() == "regio"
    assert len(ax.patches) == 7
    plt.close(ax.figure)


def test_evaluate_regions_over_years_and_the_all_regions_monte_carlo() -> None:
    model = wi.Model.builtin("nml-2023")
    table = wi.RegionTable.from_csv_text(  # NML as the regioplan states it, and a synthetic region
        "id,name,population,population_65plus\n"
        "nml,Noord- en Midden-Limburg,504908,122357\n"
        "demo,Demoland (synthetic),1009816,244714\n"
    )
    df = wi.evaluate_regions(model, table, shortages={"demo": 9000}, years=[2023, 2027, 2032])
    totals = df[df.level == "total"].set_index(["region", "year"])
    assert list(totals.index) == [("nml", 2023), ("nml", 2027), ("nml", 2032), ("demo", 2023), ("demo", 2027), ("demo", 2032)]
    exact = model.trajectory().totals()
    assert totals.loc[("nml", 2027), "persons"] == exact.loc[2027, "total"]
    assert totals.loc[("nml", 2032), "persons"] == model.evaluate().total
    # the given 9,000 is 2032's; 2023 follows NML's path scaled to it (2,100 x 9000/4500)
    assert totals.loc[("demo", 2032), "shortage"] == 9000
    assert totals.loc[("demo", 2023), "shortage"] == pytest.approx(4200)
    with pytest.raises(wi.InvalidValueError, match="year 2040 is outside the horizon 2023-2032"):
        wi.evaluate_regions(model, table, years=[2040])
    dists = {"part_time_factor": wi.uniform(0.60, 0.77)}
    r = wi.monte_carlo_regions(model, table, dists, n=4000, seed=3, shortages={"demo": 9000})
    single = model.trajectory_monte_carlo(dists, n=4000, seed=3)
    by = r.by_region()
    assert list(by.index) == ["nml", "demo"] and list(by["shortage"]) == [4500.0, 9000.0]
    # the model's own region repeats the single-model run on the same draws
    assert r.prob_share_at_least(0.35, region="nml").equals(single.prob_share_at_least(0.35))
    assert by.loc["demo", "stated"] == pytest.approx(totals.loc[("demo", 2032), "persons"], rel=1e-12)
    with pytest.raises(ValueError, match="name a region"):
        r.summary()
