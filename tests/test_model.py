"""The API contract of Model and Evaluation on the reference model."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import workforce_impact as wi


def test_builtins_and_version():
    assert wi.builtins() == ["nml-2023", "beweeghuis-artrose"]
    assert isinstance(wi.__version__, str) and wi.__version__.count(".") == 2


def test_model_basics(model):
    assert model.id == "nml-2023"
    assert model.target_year == 2032
    assert model.region == "nml"
    assert model.origin == "builtin:nml-2023"
    assert len(model.initiatives) == 42
    assert len(set(model.initiatives)) == 42
    assert "buikpijnteam" in model.initiatives
    assert list(model.themes)[0] == "gezond-vooruit"
    assert "42 initiatives" in repr(model)


def test_unknown_builtin_raises_model_error():
    with pytest.raises(wi.ModelError, match="nml-2023"):
        wi.Model.builtin("nml-2024")


def test_model_cannot_be_made_directly():
    with pytest.raises(TypeError):
        wi.Model("nml-2023")  # type: ignore[arg-type]


def test_parameters_dataframe(model):
    df = model.parameters()
    assert isinstance(df, pd.DataFrame)
    for column in ("name", "value", "unit", "source", "kind", "scope"):
        assert column in df.columns
    assert df["name"].is_unique
    row = df.set_index("name").loc["part_time_factor"]
    assert row["value"] == pytest.approx(0.68)
    assert row["unit"] == "FTE/person"
    assert row["kind"] == "sourced"
    assert row["scope"] == "global"
    assert set(df["kind"]) <= {"sourced", "unsourced", "assumption", "expert", "derived", "other-region"}
    assert df.set_index("name").loc["nml.population", "scope"] == "nml"
    local = df[df["name"].str.startswith("buikpijnteam.")]
    assert (local["scope"] == "buikpijnteam").all() and len(local) > 0


def test_totals_and_share(evaluation):
    assert evaluation.total == pytest.approx(1633.3, abs=0.05)
    assert evaluation.published_total == pytest.approx(1673.8)
    assert evaluation.shortage == 4500
    assert evaluation.shortage_year == 2032
    assert evaluation.share_of_shortage == pytest.approx(evaluation.total / 4500)
    assert evaluation.published_share_of_shortage == pytest.approx(1673.8 / 4500)
    for name in ("total", "published_total", "shortage", "share_of_shortage", "published_share_of_shortage"):
        assert isinstance(getattr(evaluation, name), float)
    assert evaluation.claim["low"] == 1500 and evaluation.claim["high"] == 1700


def test_to_pandas(evaluation):
    df = evaluation.to_pandas()
    assert len(df) == 42
    required = ["id", "name", "theme", "published", "computed", "status", "difference", "submitted_by", "notes"]
    assert set(required) <= set(df.columns)
    assert df["computed"].sum() == pytest.approx(evaluation.total)
    assert df["published"].sum() == pytest.approx(1673.8)
    assert set(df["status"]) <= {"reproduced", "differs", "reconstructed", "unpublished"}
    buik = df.set_index("id").loc["buikpijnteam"]
    assert buik["published"] == 2
    assert buik["computed"] == pytest.approx(1.38, abs=0.005)
    assert buik["difference"] == pytest.approx(buik["computed"] - 2)
    assert buik["status"] == "differs"
    # every initiative that differs explains why
    differs = df[df["status"] == "differs"]
    assert len(differs) == 3
    assert differs["notes"].map(lambda n: isinstance(n, str) and len(n) > 20).all()
    np.testing.assert_allclose(df["computed"].to_numpy(), evaluation.initiative_totals)


def test_by_theme_and_sector(evaluation):
    themes = evaluation.by_theme()
    assert list(themes.columns) == ["id", "name", "published", "computed"]
    assert len(themes) == 5
    assert themes["computed"].sum() == pytest.approx(evaluation.total)
    assert themes["published"].sum() == pytest.approx(evaluation.published_total)
    sectors = evaluation.by_sector()
    assert list(sectors.columns) == ["sector", "name", "computed"]
    assert sectors["computed"].sum() == pytest.approx(evaluation.total)
    assert set(sectors["sector"]) <= set(wi.sectors())
    assert (sectors["computed"] < 0).any()  # sociaal-domein has to add staff


def test_getitem(evaluation):
    assert evaluation["telemonitoring-chronische-patienten"] == pytest.approx(75)
    with pytest.raises(KeyError):
        evaluation["nope"]


def test_text_outputs(evaluation):
    assert "Total: published 1,673.8 persons, recomputed 1,633.3 persons" in str(evaluation)
    assert evaluation.to_markdown().startswith("### ")
    assert '"initiatives"' in evaluation.to_json()


def test_html_reprs(model, evaluation):
    h = model._repr_html_()
    assert "nml-2023" in h and "<table>" in h
    h = evaluation._repr_html_()
    assert "buikpijnteam" in h and "<table" in h and "36.3%" in h


def test_explain(model):
    x = model.explain("buikpijnteam")
    text = str(x)
    assert text.startswith("Buikpijnteam (buikpijnteam)")
    assert "part_time_factor" in text and "persons" in text
    assert x.id == "buikpijnteam"
    assert x.status == "differs"
    assert x.published == "2"
    assert x.computed == pytest.approx(1.38, abs=0.005)
    assert "part_time_factor" in list(x.inputs["name"])
    assert x.components[0]["steps"][-1]["unit"] == "person"
    assert x.notes
    assert x.to_dict()["id"] == "buikpijnteam"
    h = x._repr_html_()
    assert "<table" in h and "Buikpijnteam" in h
    assert "buikpijnteam" in repr(x)


def test_explain_with_overrides(model):
    a = model.explain("buikpijnteam")
    b = model.explain("buikpijnteam", {"part_time_factor": 0.6})
    assert b.computed == pytest.approx(a.computed * 0.68 / 0.6)


def test_explain_shared_case(model):
    x = model.explain("marktplaatsoplossing")
    assert "shared business case" in str(x)


def test_explain_unknown_initiative(model):
    with pytest.raises(wi.ModelError, match="buikpijnteam"):
        model.explain("buikpijnteem")


@pytest.mark.parametrize("ident", ["buikpijnteam", "welzijn-op-recept", "valpreventie"])
def test_explanation_matches_evaluation(model, evaluation, ident):
    assert model.explain(ident).computed == pytest.approx(evaluation[ident])


def test_evaluate_releases_the_gil(model):
    # Evaluations from several threads agree (and do not deadlock).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        totals = list(pool.map(lambda f: model.evaluate({"part_time_factor": f}).total, [0.5, 0.6, 0.7, 0.8]))
    assert totals == sorted(totals, reverse=True)
    assert all(math.isfinite(t) for t in totals)


def test_scenarios_compare_side_by_side():
    model = wi.Model.builtin("nml-2023")
    assert model.scenarios == {
        "deeltijd-60": {"part_time_factor": 0.6},
        "werkuren-1800": {"annual_hours": 1800.0},
        "ggz-deeltijd-overal": {"part_time_factor": 0.77},
    }
    df = model.compare()
    assert list(df.columns) == ["name", "stated", "deeltijd-60", "werkuren-1800", "ggz-deeltijd-overal"]
    assert df.loc[("total", "total"), "stated"] == pytest.approx(model.evaluate().total)
    assert df.loc[("total", "total"), "deeltijd-60"] == pytest.approx(
        model.evaluate({"part_time_factor": 0.6}).total
    )
    assert df.xs("initiative", level="level").shape[0] == 42
    for col in ["stated", "deeltijd-60"]:
        assert df.xs("theme", level="level")[col].sum() == pytest.approx(df.loc[("total", "total"), col])
    with pytest.raises(wi.UnknownParameterError):
        model.compare({"bad": {"part_time_facter": 0.6}})
