"""Monitoring from Python: realised data from a path, a DataFrame or a Realised, the table,
the re-forecast (with a band), the plot and the errors. The model and every realised figure
are synthetic (tests/data/realised-example.csv says so in its header)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

import workforce_impact as wi

EXAMPLE = Path(__file__).with_name("data") / "realised-example.csv"

# Horizon 2023..2027, shortage 100 -> 140. `a` ramps linearly 0 (2023) -> full (2027):
# 40000 h/yr x 50% / 2000 / 50% = 20 persons. `b`, no ramp: 20000 x 10% x (1 + growth)
# / 2000 / 50%, growth 0% (2023) -> 20% (2027): 2.4 persons in 2027.
SYNTHETIC = """
[model]
id = "synthetic-monitor"
target_year = 2027
start_year = 2023

[shortage]
projections = [{ year = 2023, persons = 100 }, { year = 2027, persons = 140 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }

[[initiatives]]
id = "a"
theme = "t"
ramp = { start = 2023, full = 2027, shape = "linear" }
  [initiatives.parameters]
  hours = { value = 40000, unit = "h/yr", source = "aanname", kind = "assumption" }
  reduction = { value = "50%", source = "aanname", kind = "assumption" }
  [[initiatives.components]]
  sector = "vvt"
  formula = "hours * reduction / annual_hours / part_time_factor"

[[initiatives]]
id = "b"
theme = "t"
  [initiatives.parameters]
  hours = { value = 20000, unit = "h/yr", source = "aanname", kind = "assumption" }
  cut = { value = "10%", source = "aanname", kind = "assumption" }
  growth = { by_year = { 2023 = "0%", 2027 = "20%" }, source = "aanname", kind = "assumption" }
  [[initiatives.components]]
  sector = "vvt"
  formula = "hours * cut * (1 + growth) / annual_hours / part_time_factor"
"""


@pytest.fixture(scope="module")
def model() -> wi.Model:
    return wi.Model.from_toml(SYNTHETIC)


def frame(rows: list[tuple[str, str, str, object]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(i, p, m, v, "synthetic") for i, p, m, v in rows],
        columns=["initiative", "period", "measure", "value", "source"],
    )


def test_a_dataframe_monitors_with_hand_computed_figures(model: wi.Model) -> None:
    m = model.monitor(frame([("a", "2025-H1", "persons", 6), ("b", "2025", "growth", "15%")]))
    t = m.table()
    # a: 5 persons at the end of 2024, 10 at the end of 2025: 7.5 at mid-2025
    assert t.loc[0, "planned"] == pytest.approx(7.5)
    assert t.loc[0, "relative"] == pytest.approx(-0.2)
    assert t.loc[0, "status"] == "behind"
    assert t.loc[0, "carried"] == pytest.approx(16.0)  # 0.8 x 20
    # growth 10% planned in 2025; 1.5 x plan carries to 30% in 2027
    assert t.loc[1, "planned"] == pytest.approx(0.1)
    assert t.loc[1, "carried"] == pytest.approx(0.3)
    assert t.loc[1, "status"] == "ahead"
    f = m.reforecast()
    b = 20000 * 0.1 * 1.3 / 2000 / 0.5
    assert f["total"] == pytest.approx(16.0 + b)
    assert f["share"] == pytest.approx((16.0 + b) / 140)
    assert f["planned_total"] == pytest.approx(22.4)
    assert f["planned_share"] == pytest.approx(22.4 / 140)
    assert f["overrides"] == {"b.growth": pytest.approx(0.3)}
    assert f["initiatives"].set_index("id").loc["a", "basis"] == "persons 2025-H1"
    assert f["band"] is None


def test_thresholds_set_the_status(model: wi.Model) -> None:
    r = frame([("a", "2024", "reduction", "46%"), ("a", "2024", "annual_hours", 2400)])
    assert model.monitor(r).table()["status"].tolist() == ["on track", "behind"]
    assert model.monitor(r, threshold=0.05).table()["status"].tolist() == ["behind", "behind"]
    assert model.monitor(r, behind=0.3).table()["status"].tolist() == ["on track", "on track"]
    assert model.monitor(r, threshold=0.05).thresholds == (0.05, 0.05)


def test_path_realised_and_example_agree() -> None:
    nml = wi.Model.builtin("nml-2023")
    r = wi.read_realised(EXAMPLE)
    assert isinstance(r, wi.Realised)
    from_path = nml.monitor(EXAMPLE)
    from_realised = nml.monitor(r)
    from_str = nml.monitor(str(EXAMPLE))
    pd.testing.assert_frame_equal(from_path.table(), from_realised.table())
    assert from_str.reforecast()["total"] == from_path.reforecast()["total"]
    t = from_path.table()
    assert len(t) == 9
    assert set(t.loc[t["kind"] == "milestone", "status"]) == {"reached", "not reached"}
    assert t.loc[t["kind"] == "milestone", "planned"].isna().all()
    f = from_path.reforecast()
    assert f["total"] == pytest.approx(f["initiatives"]["reforecast"].sum())
    assert r.frame()["period"].tolist()[:4] == ["2025", "2025-H1", "2025-Q3", "2026-Q1"]


def test_band_contains_the_reforecast() -> None:
    m = wi.Model.builtin("nml-2023").monitor(EXAMPLE, draws=4000, targets=[0.3, 0.35])
    f = m.reforecast()
    band = f["band"]
    assert band["n"] == 4000
    assert band["total"][0] < f["total"] < band["total"][2]
    assert band["share"][1] == pytest.approx(band["total"][1] / 4500)
    assert set(band["targets"]) == {0.3, 0.35}
    assert band["targets"][0.3] >= band["targets"][0.35]


def test_pickles_and_plots(model: wi.Model) -> None:
    import matplotlib

    matplotlib.use("Agg")
    m = model.monitor(frame([("a", "2025-H1", "persons", 6), ("b", "2025", "milestone:protocol", "ja")]))
    back = pickle.loads(pickle.dumps(m))
    pd.testing.assert_frame_equal(back.table(), m.table())
    r = wi.read_realised(EXAMPLE)
    assert pickle.loads(pickle.dumps(r)).to_csv() == r.to_csv()
    ax = wi.plot.planned_vs_realised(m)
    assert ax.get_xlabel() == "gerealiseerd als % van gepland"
    assert ax.get_title() == "Gerealiseerd tegen gepland (synthetic-monitor)"
    assert [p.get_width() for p in ax.patches if p.get_height() == 0.6] == [pytest.approx(80.0)]
    assert any(t.get_text() == "mijlpaal behaald" for t in ax.texts)


def test_errors_name_the_line_and_come_all_at_once(model: wi.Model) -> None:
    r = frame([("x", "2025", "persons", 1), ("a", "2030", "persons", 1), ("a", "2025", "reductoin", 0.1)])
    with pytest.raises(wi.ModelError) as e:
        model.monitor(r)
    assert e.value.errors == [
        "<DataFrame>:2:1: unknown initiative 'x'",
        "<DataFrame>:3:2: invalid value: period 2030 is outside the model's horizon 2023..2027",
        "<DataFrame>:4:3: unknown parameter 'reductoin' (did you mean 'reduction'?)",
    ]
    with pytest.raises(wi.InvalidValueError, match="value 'veel' is not a number"):
        model.monitor(frame([("a", "2025", "persons", "veel")]))
    with pytest.raises(wi.ModelError, match="duplicate row: a, 2025, persons"):
        model.monitor(frame([("a", "2025", "persons", 1), ("a", "2025", "persons", 2)]))
    with pytest.raises(wi.ModelError, match="missing column 'source'"):
        model.monitor(pd.DataFrame({"initiative": ["a"], "period": ["2025"], "measure": ["persons"], "value": [1]}))
    with pytest.raises(wi.InvalidValueError, match="period '2025-Q5' is not a year"):
        model.monitor(frame([("a", "2025-Q5", "persons", 1)]))
    with pytest.raises(TypeError, match="realised must be a path"):
        model.monitor(42)  # type: ignore[arg-type]


def test_a_file_that_is_not_csv_nor_xlsx(tmp_path: Path, model: wi.Model) -> None:
    png = tmp_path / "r.png"
    png.write_bytes(b"\x89PNG\x00\xff\xfe")
    with pytest.raises(wi.ModelError, match="not a CSV file nor an .xlsx workbook"):
        model.monitor(png)
    fake = tmp_path / "r.xlsx"
    fake.write_text("initiative,period\n")
    with pytest.raises(wi.ModelError, match="the content is no .xlsx"):
        wi.read_realised(fake)


def test_a_realised_sheet_of_a_workbook(tmp_path: Path, model: wi.Model) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Realised"
    sheet.append(["initiative", "period", "measure", "value", "source"])
    sheet.append(["a", "2025-H1", "persons", 6, "synthetic"])
    sheet.append(["b", 2025, "cut", "veel", "synthetic"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    with pytest.raises(wi.InvalidValueError) as e:
        model.monitor(path)
    assert str(e.value) == f"{path}: Realised!D3: invalid value: value 'veel' is not a number"
    sheet.delete_rows(3)
    book.save(path)
    assert model.monitor(path).reforecast()["total"] == pytest.approx(18.4)


from hypothesis import given, strategies as st  # noqa: E402


@given(st.text(alphabet="ab0123456789,.%#:-\" \nHQé", max_size=120))
def test_arbitrary_realised_text_raises_only_typed_errors(body: str) -> None:
    model = wi.Model.from_toml(SYNTHETIC)
    for text in ("initiative,period,measure,value,source\n" + body, body):
        try:
            model.monitor(wi.Realised.from_csv(text, "h.csv"))
        except wi.WorkforceImpactError as e:
            # a typed error of the input, never the guard's message for a Rust panic
            assert type(e) is not wi.WorkforceImpactError, str(e)
            assert "internal error" not in str(e)
            assert all(m.startswith("h.csv") for m in e.errors), e.errors
