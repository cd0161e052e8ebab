"""Building a model in Python: checked exactly like a file."""

from __future__ import annotations

import pytest

import workforce_impact as wi


def fit_for_surgery(formula: str = "admissions_65plus * length_of_stay * stay_reduction"
                    " * nursing_per_day / annual_hours / part_time_factor") -> wi.ModelBuilder:
    return (
        wi.ModelBuilder("demo", title="Demo", region="nml", target_year=2032, source="test")
        .region("nml", population=504908, population_65plus=122357, name="NML", source="CBS")
        .shortage(2032, 4500, source="Regioplan", claim={"share": "35%", "text": "~35%"})
        .shortage(2032, 6700, scenario="unbent")
        .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="regioplan", kind="assumption")
        .parameter("part_time_factor", "68%", unit="FTE/person", source="AZW Info", kind="sourced")
        .theme("langer-thuis", "Langer en beter thuis vooruit")
        .initiative(
            "fit-for-surgery",
            name="Vitaal thuis; Fit-For-Surgery programma",
            submitted_by="Land van Horne",
            theme="langer-thuis",
            published=14,
            reconstructed=True,
            notes="rebuilt",
            parameters={
                "admissions_65plus": {"value": 20991, "unit": "1/yr", "source": "CBS", "kind": "sourced"},
                "length_of_stay": {"value": 5.2, "unit": "day", "source": "CBS", "kind": "sourced"},
                "stay_reduction": {"value": "5%", "source": "aanname", "kind": "assumption"},
                "nursing_per_day": {"value": 210, "unit": "min/day", "kind": "expert"},
            },
            components=[wi.component(formula, "msz", label="kortere opname")],
        )
    )


def test_builder_builds_and_evaluates():
    model = fit_for_surgery().build()
    ev = model.evaluate()
    assert model.id == "demo"
    assert model.initiatives == ["fit-for-surgery"]
    assert ev.total == pytest.approx(14.05, abs=0.005)
    assert ev.shortage == 4500
    assert ev.to_pandas().loc[0, "status"] == "reconstructed"
    # same figure as the reference model's initiative
    ref = wi.Model.builtin("nml-2023").evaluate()
    assert ev.total == pytest.approx(ref["fit-for-surgery"], rel=1e-3)


def test_builder_formula_typo():
    with pytest.raises(wi.UnknownParameterError) as info:
        fit_for_surgery("admissions_65plus * length_of_stay * stay_reductoin"
                        " * nursing_per_day / annual_hours / part_time_factor").build()
    assert info.value.initiative == "fit-for-surgery"
    assert info.value.suggestion == "stay_reduction"
    assert info.value.file == "<builder demo>"


def test_builder_unit_checked():
    with pytest.raises(wi.UnitError) as info:
        fit_for_surgery("admissions_65plus * length_of_stay * stay_reduction"
                        " * nursing_per_day / annual_hours").build()
    assert info.value.initiative == "fit-for-surgery"


def test_builder_nan_population():
    b = wi.ModelBuilder("x").region("r", population=float("nan"))
    with pytest.raises(wi.InvalidValueError) as info:
        b.build()
    assert info.value.parameter == "r.population"


def test_builder_unknown_theme_is_model_error():
    b = (
        wi.ModelBuilder("x")
        .theme("a")
        .parameter("staff", 3, unit="person")
        .initiative("i", theme="b", components=[wi.component("staff", "msz")])
    )
    with pytest.raises(wi.ModelError):
        b.build()


def test_builder_rejects_non_toml_values():
    b = wi.ModelBuilder("x").parameter("staff", 3, unit="person", note=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        b.build()


def test_builder_to_dict_round_trips_through_from_dict():
    b = fit_for_surgery()
    d = b.to_dict()
    assert d["model"]["id"] == "demo"
    assert wi.Model.from_dict(d).evaluate().total == b.build().evaluate().total


def test_builder_model_round_trips_through_toml():
    model = fit_for_surgery().build()
    again = wi.Model.from_toml(model.to_toml())
    assert again.evaluate().total == model.evaluate().total
    assert again.parameters().equals(model.parameters())


def test_cost_component():
    model = (
        wi.ModelBuilder("x")
        .theme("t")
        .parameter("staff", 3, unit="person")
        .initiative(
            "i",
            theme="t",
            components=[wi.component("staff", "msz"), wi.component("staff / 3", "vvt", sign="cost")],
        )
        .build()
    )
    ev = model.evaluate()
    assert ev.total == pytest.approx(2.0)
    assert ev.by_sector().set_index("sector")["computed"].to_dict() == {"msz": 3.0, "vvt": -1.0}
