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
    with pytest.raises(wi.ModelError) as info:
        b.build()
    assert (info.value.initiative, info.value.field) == ("i", "theme")
    assert info.value.line is None and "line" not in str(info.value)


def test_builder_rejects_non_toml_values():
    b = wi.ModelBuilder("x").parameter("staff", 3, unit="person", note=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"field 'parameters\.staff\.note': cannot put a object"):
        b.build()


# -- each kind of builder mistake names what was passed, never a line of generated TOML ----

GOOD = "visits * minutes / annual_hours / part_time_factor"


def small(
    visits: object = None,
    formula: str = GOOD,
    sector: object = "vvt",
    **component_fields: object,
) -> wi.ModelBuilder:
    """A one-initiative model 'x' whose parameter 'visits' is `visits` (a spec dict)."""
    return (
        wi.ModelBuilder("demo")
        .theme("t")
        .parameter("annual_hours", 2000, unit="h/(FTE*yr)", source="regioplan", kind="assumption")
        .parameter("part_time_factor", "68%", unit="FTE/person", source="AZW Info")
        .initiative(
            "x",
            theme="t",
            reconstructed=True,
            parameters={
                "visits": visits or {"value": 1000, "unit": "1/yr", "source": "CBS"},
                "minutes": {"value": 60, "unit": "min"},
            },
            components=[
                {"label": "bezoek", "sector": sector, "formula": formula, **component_fields}
            ],
        )
    )


def assert_no_line(e: wi.WorkforceImpactError) -> None:
    assert e.line is None
    assert e.file == "<builder demo>"
    assert "line" not in str(e)
    assert all("line" not in m for m in e.errors)


def test_small_model_builds():
    assert small().build().evaluate().total == pytest.approx(1000 / 2000 / 0.68)


def test_unknown_unit_names_parameter_and_field():
    with pytest.raises(wi.ParseError) as info:
        small({"value": 1000, "unit": "1/dya"}).build()
    e = info.value
    assert (e.initiative, e.component, e.parameter, e.field) == ("x", None, "x.visits", "unit")
    assert str(e).startswith(
        "<builder demo>: initiative 'x', parameter 'x.visits', field 'unit': "
        "syntax error: unknown unit 'dya' (did you mean 'day'?)"
    )
    # the caret points into the unit as given
    assert e.column == 3
    assert e.excerpt == "1 | 1/dya\n  |   ^"
    assert_no_line(e)


@pytest.mark.parametrize(
    ("value", "what"),
    [
        (float("nan"), "value is NaN"),
        (float("inf"), "value is infinite"),
        (-3, "value is negative (-3)"),
        ("ten", 'value "ten" is neither a number nor a percentage'),
    ],
)
def test_bad_value_names_the_value_field(value, what):
    with pytest.raises(wi.InvalidValueError) as info:
        small({"value": value, "unit": "1/yr"}).build()
    e = info.value
    assert (e.initiative, e.parameter, e.field) == ("x", "x.visits", "value")
    assert str(e).startswith(
        f"<builder demo>: initiative 'x', parameter 'x.visits', field 'value': invalid value: {what}"
    )
    assert_no_line(e)


def test_global_parameter_bad_value():
    b = small().parameter("nurses", -1, unit="person")
    with pytest.raises(wi.InvalidValueError) as info:
        b.build()
    assert (info.value.initiative, info.value.parameter, info.value.field) == (None, "nurses", "value")


def test_unknown_parameter_in_formula_points_into_the_formula():
    formula = "vists * minutes / annual_hours / part_time_factor"
    with pytest.raises(wi.UnknownParameterError) as info:
        small(formula=formula).build()
    e = info.value
    assert (e.initiative, e.component, e.parameter, e.field) == ("x", "#1 'bezoek'", None, "formula")
    assert (e.name, e.suggestion) == ("vists", "visits")
    assert str(e) == (
        "<builder demo>: initiative 'x', component #1 'bezoek', field 'formula': "
        "unknown parameter 'vists' (did you mean 'visits'?)\n"
        f"1 | {formula}\n"
        "  | ^^^^^"
    )
    assert e.column == 1
    assert_no_line(e)


def test_unknown_parameter_later_in_formula_has_its_column():
    formula = "visits * minuts / annual_hours / part_time_factor"
    with pytest.raises(wi.UnknownParameterError) as info:
        small(formula=formula).build()
    assert info.value.column == formula.index("minuts") + 1
    assert info.value.excerpt.endswith("\n  | " + " " * formula.index("minuts") + "^" * 6)


def test_unit_mismatch_names_the_formula():
    with pytest.raises(wi.UnitError) as info:
        small(formula="visits * minutes / annual_hours").build()
    e = info.value
    assert (e.initiative, e.component, e.field) == ("x", "#1 'bezoek'", "formula")
    assert "formula gives FTE [FTE], but an initiative must come out in persons" in str(e)
    assert_no_line(e)


def test_derived_parameter_formula_names_its_field():
    b = small().parameter("hours", formula="annual_hourz * 2", kind="derived")
    with pytest.raises(wi.UnknownParameterError) as info:
        b.build()
    assert (info.value.parameter, info.value.field) == ("hours", "formula")
    assert info.value.suggestion == "annual_hours"


def test_unknown_field_in_a_parameter_is_named():
    with pytest.raises(wi.ParseError) as info:
        small({"value": 1000, "unit": "1/yr", "soruce": "CBS"}).build()
    e = info.value
    assert (e.initiative, e.parameter, e.field) == ("x", "x.visits", "soruce")
    assert str(e).startswith(
        "<builder demo>: initiative 'x', parameter 'x.visits', field 'soruce': "
        "malformed model file: unknown field `soruce`, expected one of `value`"
    )
    assert_no_line(e)


def test_unknown_field_in_a_component_is_named():
    with pytest.raises(wi.ParseError) as info:
        small(sing="cost").build()
    e = info.value
    assert (e.initiative, e.component, e.field) == ("x", "#1 'bezoek'", "sing")
    assert "unknown field `sing`" in str(e)
    assert_no_line(e)


def test_wrong_type_for_a_field_is_named():
    b = small().parameter("nurses", 3, unit=5)  # type: ignore[arg-type]
    with pytest.raises(wi.ParseError) as info:
        b.build()
    e = info.value
    assert (e.initiative, e.parameter, e.field) == (None, "nurses", "unit")
    assert "invalid type: integer `5`, expected a string" in str(e)
    assert_no_line(e)

    with pytest.raises(wi.ParseError) as info:
        small(sector=3).build()
    assert (info.value.component, info.value.field) == ("#1 'bezoek'", "sector")
    assert_no_line(info.value)


def test_unknown_sector_names_the_component():
    with pytest.raises(wi.ModelError) as info:
        small(sector="vtt").build()
    e = info.value
    assert (e.initiative, e.component, e.field) == ("x", "#1 'bezoek'", "sector")
    assert str(e).startswith(
        "<builder demo>: initiative 'x', component #1 'bezoek', field 'sector': unknown sector 'vtt'"
    )
    assert_no_line(e)


def test_duplicate_initiative_id():
    b = small().initiative(
        "x", theme="t", parameters={"staff": 3}, components=[wi.component("staff * 1", "vvt")]
    )
    with pytest.raises(wi.ModelError) as info:
        b.build()
    e = info.value
    assert (e.initiative, e.field) == ("x", "id")
    assert str(e) == "<builder demo>: initiative 'x', field 'id': duplicate initiative id 'x'"
    assert_no_line(e)


def test_duplicate_parameter_is_refused_at_once():
    b = small()
    with pytest.raises(wi.ModelError) as info:
        b.parameter("annual_hours", 1800, unit="h/(FTE*yr)")
    assert info.value.parameter == "annual_hours"
    assert "duplicate parameter 'annual_hours'" in str(info.value)
    assert_no_line(info.value)


def test_every_error_of_a_build_is_listed_with_its_field():
    b = small({"value": -1, "unit": "1/yr"}, sector="vtt")
    with pytest.raises(wi.WorkforceImpactError) as info:
        b.build()
    assert len(info.value.errors) == 2
    assert "field 'value'" in info.value.errors[0]
    assert "field 'sector'" in info.value.errors[1]


def test_from_dict_names_the_path_outside_initiatives():
    data = {"model": {"id": "d"}, "regions": [{"id": "r", "population": "many"}]}
    with pytest.raises(wi.ParseError) as info:
        wi.Model.from_dict(data)
    e = info.value
    assert e.field == "regions[0].population"
    assert e.file == "<builder>"
    assert e.line is None and "line" not in str(e)


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
