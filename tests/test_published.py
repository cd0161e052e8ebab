"""Every published figure the document gives: versions, totals, figures per initiative."""

from __future__ import annotations

import math

import pytest

import workforce_impact as wi
from workforce_impact import _published


@pytest.fixture(scope="module")
def ev():
    return wi.Model.builtin("nml-2023").evaluate()


def test_versions_and_totals(ev):
    df = ev.published_versions()
    assert list(df.columns) == ["where", "primary", "total", "share", "differences"]
    assert df["where"].tolist() == ["bijlage A", "bijlage B"]
    assert df.primary.tolist() == [True, False]
    a, b = df.total.tolist()
    assert a == pytest.approx(1673.8) and a == ev.published_total
    figures = ev.published_figures()
    diff = (figures["bijlage B"] - figures["bijlage A"]).sum()
    assert b == pytest.approx(a + diff)
    assert b == pytest.approx(1691.8)
    assert [f"{s:.1%}" for s in df.share] == ["37.2%", "37.6%"]
    assert df.differences.tolist() == [0, 3]
    # The recomputed figures do not move.
    assert round(ev.total, 1) == 1633.3


def test_figures_per_initiative(ev):
    df = ev.published_figures()
    assert len(df) == 42
    differs = df[df.differs].set_index("id")[["bijlage A", "bijlage B"]]
    assert differs.to_dict("index") == {
        "geriatrische-revalidatiezorg": {"bijlage A": 37.0, "bijlage B": 36.0},
        "academie-patient-mantelzorg": {"bijlage A": 28.0, "bijlage B": 24.0},
        "valpreventie": {"bijlage A": 59.0, "bijlage B": 82.0},
    }


def test_published_total_in(ev):
    assert ev.published_total_in() == ev.published_total
    assert ev.published_total_in("bijlage B") == pytest.approx(1691.8)
    with pytest.raises(KeyError, match="'bijlage A', 'bijlage B'"):
        ev.published_total_in("bijlage Z")
    assert _published.published_total(ev, "bijlage A") == ev.published_total


def test_report_dict_carries_alternates_and_claims(ev):
    report = ev._core.report_dict()
    row = next(r for r in report["initiatives"] if r["id"] == "valpreventie")
    assert row["published_where"] == "bijlage A"
    assert row["published_alt"] == [{"value": 82.0, "as_written": "82", "where": "bijlage B"}]
    assert [c["where"].split()[1] for c in report["claims"]] == ["1", "4.1", "4.2"]


def _mini(published):
    return {
        "model": {"id": "mini", "region": "r", "target_year": 2032},
        "regions": [{"id": "r", "population": 1000}],
        "shortage": {"projections": [{"year": 2032, "persons": 100}]},
        "themes": [{"id": "t"}],
        "parameters": {"staff": {"value": 3, "unit": "person"}},
        "initiatives": [
            {
                "id": "x",
                "theme": "t",
                "notes": "n",
                "published": published,
                "components": [{"sector": "msz", "formula": "staff"}],
            }
        ],
    }


def test_a_model_without_published_in_calls_the_primary_published():
    ev = wi.Model.from_dict(_mini({"value": 3, "alt": [{"value": 4, "where": "bijlage B"}]})).evaluate()
    df = ev.published_versions()
    assert df["where"].tolist() == ["published", "bijlage B"]
    assert df.total.tolist() == [3.0, 4.0]
    assert ev.published_total_in("bijlage B") == 4.0
    plain = wi.Model.from_dict(_mini(3)).evaluate().published_versions()
    assert plain["where"].tolist() == ["published"]


@pytest.mark.parametrize(
    ("alt", "error", "message"),
    [
        ({"value": math.nan, "where": "B"}, wi.InvalidValueError, "alternate published figure #1 is NaN"),
        ({"value": -1, "where": "B"}, wi.InvalidValueError, "finite number of persons >= 0"),
        ({"value": 4, "where": ""}, wi.ModelError, "needs a non-empty `where`"),
        ({"value": 4}, wi.ModelError, "needs a non-empty `where`"),
    ],
)
def test_bad_alternates_are_typed_errors(alt, error, message):
    with pytest.raises(error, match=message.replace("`", ".").replace("#", ".").replace(">", ".")) as e:
        wi.Model.from_dict(_mini({"value": 3, "alt": [alt]}))
    assert "field 'published'" in str(e.value)


def test_a_duplicate_where_is_a_model_error():
    alts = [{"value": 4, "where": "B"}, {"value": 5, "where": "B"}]
    with pytest.raises(wi.ModelError, match='duplicate `where` "B"'):
        wi.Model.from_dict(_mini({"value": 3, "alt": alts}))
