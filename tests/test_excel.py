"""Model.to_excel / Model.from_excel / wi.write_excel_template: the exported NML book
recalculated by an independent formula engine (the `formulas` package) reproduces
evaluate() within 1e-9 relative, for the stated values and for edited value cells; edits
made with openpyxl come back as exactly that change; bad books report every error with
its sheet and cell. The small hand-made models here are synthetic."""

from __future__ import annotations

import difflib
import math
import warnings
from pathlib import Path

import openpyxl
import pytest

import workforce_impact as wi

REL = 1e-9


@pytest.fixture(scope="module")
def model() -> wi.Model:
    return wi.Model.builtin("nml-2023")


@pytest.fixture(scope="module")
def book(model: wi.Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model.to_excel(tmp_path_factory.mktemp("xlsx") / "nml.xlsx")


def layout(path: Path) -> tuple[dict[str, int], dict[str, int], int]:
    """Rows of the parameters (by name) and the initiative totals (by id), and the share row."""
    wb = openpyxl.load_workbook(path)
    params = {r[0].value: r[0].row for r in wb["Parameters"].iter_rows(min_row=2) if r[0].value}
    totals = {
        r[0].value: r[0].row
        for r in wb["Initiatives"].iter_rows(min_row=2)
        if r[1].value == "total"
    }
    share = next(r[0].row for r in wb["Totals"].iter_rows(min_row=2) if r[0].value == "share")
    return params, totals, share


def recalculate(path: Path) -> dict[str, float]:
    import formulas

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        xl = formulas.ExcelModel().loads(str(path)).finish()
        solution = xl.calculate()
    out = {}
    for key, value in solution.items():
        v = value.value[0, 0] if hasattr(value, "value") else value
        ref = key.split("]", 1)[1].replace("'", "")
        out[ref] = v
    return out


def edit(path: Path, out: Path, cells: dict[tuple[str, str], object]) -> Path:
    wb = openpyxl.load_workbook(path)
    for (sheet, ref), v in cells.items():
        wb[sheet][ref] = v
    wb.save(out)
    return out


def assert_matches(values: dict[str, float], path: Path, ev: wi.Evaluation) -> None:
    _, totals, share_row = layout(path)
    assert set(totals) == set(ev.model.initiatives)
    for ini, row in totals.items():
        want = ev[ini]
        got = float(values[f"INITIATIVES!G{row}"])
        assert math.isclose(got, want, rel_tol=REL, abs_tol=1e-12), (ini, got, want)
    got = float(values[f"TOTALS!D{share_row}"])
    assert math.isclose(got, ev.share_of_shortage, rel_tol=REL), (got, ev.share_of_shortage)


def test_recalculated_book_reproduces_evaluate(model: wi.Model, book: Path) -> None:
    assert_matches(recalculate(book), book, model.evaluate())


@pytest.mark.parametrize(
    "overrides",
    [{"part_time_factor": 0.6}, {"annual_hours": 1800}, {"part_time_factor": 0.6, "annual_hours": 1800}],
)
def test_edited_value_cells_recalculate_like_overrides(
    model: wi.Model, book: Path, tmp_path: Path, overrides: dict[str, float]
) -> None:
    params, _, _ = layout(book)
    cells = {("Parameters", f"B{params[name]}"): v for name, v in overrides.items()}
    edited = edit(book, tmp_path / "edited.xlsx", cells)
    assert_matches(recalculate(edited), edited, model.evaluate(overrides))


def test_export_with_overrides_recalculates_the_same(model: wi.Model, tmp_path: Path) -> None:
    o = {"part_time_factor": 0.6, "buikpijnteam.clinical_admission_reduction": 0.03}
    path = model.to_excel(tmp_path / "o.xlsx", overrides=o)
    assert_matches(recalculate(path), path, model.evaluate(o))


def test_cached_values_are_the_computed_ones(model: wi.Model, book: Path) -> None:
    wb = openpyxl.load_workbook(book, data_only=True)
    _, totals, share_row = layout(book)
    ev = model.evaluate()
    for ini, row in totals.items():
        assert wb["Initiatives"][f"G{row}"].value == pytest.approx(ev[ini], rel=1e-12)
    assert wb["Totals"][f"D{share_row}"].value == pytest.approx(ev.share_of_shortage, rel=1e-12)
    # names point at cells, never at constants
    names = openpyxl.load_workbook(book).defined_names
    assert names["p_buikpijnteam__clinical_admission_reduction"].attr_text.startswith("Parameters!$B$")
    assert all(n.attr_text.startswith("Parameters!$B$") for n in names.values())


def test_round_trip_is_lossless(model: wi.Model, book: Path) -> None:
    assert wi.Model.from_excel(book).to_toml() == model.to_toml()
    # also after openpyxl has rewritten the file (no cached values any more)
    again = edit(book, book.with_name("resaved.xlsx"), {})
    assert wi.Model.from_excel(again).to_toml() == model.to_toml()


def changed_lines(a: str, b: str) -> list[str]:
    return [
        d
        for d in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if d[:1] in "+-" and not d.startswith(("+++", "---"))
    ]


def test_an_edited_value_and_source_are_exactly_that_change(model: wi.Model, book: Path, tmp_path: Path) -> None:
    params, _, _ = layout(book)
    r = params["annual_hours"]
    edited = edit(book, tmp_path / "v.xlsx", {("Parameters", f"B{r}"): 1800})
    assert changed_lines(model.to_toml(), wi.Model.from_excel(edited).to_toml()) == [
        "-value = 2000.0",
        "+value = 1800.0",
    ]
    r = params["fit-for-surgery.stay_reduction"]
    edited = edit(book, tmp_path / "s.xlsx", {("Parameters", f"D{r}"): "eigen aanname 2025"})
    assert changed_lines(model.to_toml(), wi.Model.from_excel(edited).to_toml()) == [
        '-source = "aanname"',
        '+source = "eigen aanname 2025"',
    ]
    # a percentage stays a percentage
    r = params["part_time_factor"]
    edited = edit(book, tmp_path / "p.xlsx", {("Parameters", f"B{r}"): 0.6})
    assert changed_lines(model.to_toml(), wi.Model.from_excel(edited).to_toml()) == [
        '-value = "68%"',
        '+value = "60%"',
    ]


def test_template_imports_empty_but_valid(tmp_path: Path) -> None:
    path = wi.write_excel_template(tmp_path / "leeg.xlsx")
    m = wi.Model.from_excel(path)
    assert (m.id, m.initiatives, len(m.parameters())) == ("nieuw-model", [], 0)
    assert openpyxl.load_workbook(path).sheetnames == ["Lees mij", "Parameters", "Initiatives", "Totals", "Model"]


def test_a_bad_book_reports_all_errors_with_their_cells(model: wi.Model, book: Path, tmp_path: Path) -> None:
    params, _, _ = layout(book)
    derived = params["integraal-ketenzorgportaal.clinical_admissions"]
    cells = {
        ("Parameters", f"C{params['gp_consult']}"): "uur",
        ("Parameters", f"B{params['annual_hours']}"): "veel",
        ("Parameters", f"B{derived}"): 38573,
    }
    bad = edit(book, tmp_path / "bad.xlsx", cells)
    with pytest.raises(wi.WorkforceImpactError) as info:
        wi.Model.from_excel(bad)
    errors = info.value.errors
    assert len(errors) == 3, errors
    name = str(bad)
    assert errors[0] == (
        f"{name}: Parameters!B{params['annual_hours']}: parameter 'annual_hours': invalid value: "
        "value 'veel' is not a number"
    )
    assert errors[1].startswith(
        f"{name}: Parameters!C{params['gp_consult']}: parameter 'gp_consult': unit error: unknown unit 'uur'"
    ), errors[1]
    assert errors[2].startswith(
        f"{name}: Parameters!B{derived}: parameter 'integraal-ketenzorgportaal.clinical_admissions': "
        "this cell was a formula (derived parameter"
    ), errors[2]
    assert isinstance(info.value, wi.InvalidValueError)
    assert str(info.value).startswith("3 errors in the model:")


def test_a_formula_edited_into_a_number_names_the_cell(book: Path, tmp_path: Path) -> None:
    _, totals, _ = layout(book)
    row = totals["buikpijnteam"] - 1  # its one component
    bad = edit(book, tmp_path / "c.xlsx", {("Initiatives", f"G{row}"): 2})
    with pytest.raises(wi.ModelError, match=rf"Initiatives!G{row}: this cell was a formula \(the component's persons\)"):
        wi.Model.from_excel(bad)


def test_a_missing_sheet_and_not_a_workbook(book: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(book)
    del wb["Initiatives"]
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(wi.ModelError, match="the workbook has no sheet 'Initiatives'"):
        wi.Model.from_excel(tmp_path / "m.xlsx")
    (tmp_path / "x.xlsx").write_text("[model]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(wi.ModelError, match=r"x\.xlsx: not an Excel workbook \(\.xlsx\)"):
        wi.Model.from_excel(tmp_path / "x.xlsx")
    with pytest.raises(FileNotFoundError):
        wi.Model.from_excel(tmp_path / "none.xlsx")


def test_a_missing_column(book: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(book)
    wb["Parameters"]["C1"] = "eenheid"
    wb.save(tmp_path / "col.xlsx")
    with pytest.raises(wi.ModelError, match=r"Parameters!A1: column 'unit' is missing from the header row"):
        wi.Model.from_excel(tmp_path / "col.xlsx")


def test_writing_never_leaves_a_partial_file(model: wi.Model, tmp_path: Path) -> None:
    with pytest.raises(wi.UnknownParameterError, match="did you mean 'part_time_factor'"):
        model.to_excel(tmp_path / "o.xlsx", overrides={"part_time_facter": 0.6})
    with pytest.raises(FileNotFoundError):
        model.to_excel(tmp_path / "no" / "such" / "o.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_model_sheet_toml_and_totals_errors_name_their_cells(book: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["Model"]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "[model]")
    ws[f"A{row + 1}"] = 'id = "nml-2023'  # an unterminated string
    wb.save(tmp_path / "toml.xlsx")
    with pytest.raises(wi.ParseError, match=rf"Model!A{row + 1}: malformed model file"):
        wi.Model.from_excel(tmp_path / "toml.xlsx")
    _, _, share_row = layout(book)
    bad = edit(book, tmp_path / "t.xlsx", {("Totals", f"D{share_row}"): 0.35})
    with pytest.raises(wi.ModelError, match=rf"Totals!D{share_row}: this cell was a formula \(a total\)"):
        wi.Model.from_excel(bad)


def test_a_unit_typo_gets_the_parsers_suggestion(book: Path, tmp_path: Path) -> None:
    params, _, _ = layout(book)
    r = params["gp_consult"]
    bad = edit(book, tmp_path / "u.xlsx", {("Parameters", f"C{r}"): "mni"})
    with pytest.raises(wi.UnitError) as info:
        wi.Model.from_excel(bad)
    assert str(info.value).startswith(
        f"{bad}: Parameters!C{r}: parameter 'gp_consult': unit error: unknown unit 'mni' (did you mean 'min'?)"
    ), str(info.value)
    assert (info.value.parameter, info.value.file) == ("gp_consult", f"{bad}: Parameters!C{r}")


#: Synthetic (no real region): a count that grows 20% from 2023 to the target year 2027.
GROWING = """
[model]
id = "synthetic-growth-book"
start_year = 2023
target_year = 2027

[shortage]
projections = [{ year = 2023, persons = 100 }, { year = 2027, persons = 140 }]

[[themes]]
id = "t"

[parameters]
annual_hours = { value = 2000, unit = "h/(FTE*yr)", source = "aanname", kind = "assumption" }
part_time_factor = { value = "50%", unit = "FTE/person", source = "aanname", kind = "assumption" }

[[initiatives]]
id = "groei"
theme = "t"

  [initiatives.parameters]
  clients = { value = 1000, unit = "1/yr", growth = { total = "20%", from = 2023, to = 2027, shape = "compound" }, source = "aanname", kind = "assumption" }
  hours_saved = { value = 30, unit = "h", source = "aanname", kind = "assumption" }

  [[initiatives.components]]
  sector = "vvt"
  formula = "clients * hours_saved / annual_hours / part_time_factor"
"""


def test_a_growing_count_shows_its_stated_value_and_grows_in_the_formulas(tmp_path: Path) -> None:
    model = wi.Model.from_toml(GROWING, "growth.toml")
    path = model.to_excel(tmp_path / "growth.xlsx")
    params, _, _ = layout(path)
    wb = openpyxl.load_workbook(path)
    # the cell holds the stated 2023 value; the target year's 1,200 is in the formulas
    assert wb["Parameters"][f"B{params['groei.clients']}"].value == 1000
    assert "growth" in wb["Parameters"][f"J{params['groei.clients']}"].value
    assert_matches(recalculate(path), path, model.evaluate())
    # editing the stated value grows too: 1,100 in 2023 is 1,320 in 2027
    edited = edit(path, tmp_path / "edited.xlsx", {("Parameters", f"B{params['groei.clients']}"): 1100})
    assert_matches(recalculate(edited), edited, model.evaluate({"groei.clients": 1100 * 1.2}))
    assert wi.Model.from_excel(path).to_toml() == model.to_toml()
