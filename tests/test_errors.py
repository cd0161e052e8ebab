"""Error types and the locations they carry."""

from __future__ import annotations

import pickle

import pytest

import workforce_impact as wi
from workforce_impact import exceptions

from conftest import tiny_toml

SUBCLASSES = [
    wi.ParseError,
    wi.UnitError,
    wi.UnknownParameterError,
    wi.ModelError,
    wi.InvalidValueError,
]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_hierarchy(cls):
    assert issubclass(cls, wi.WorkforceImpactError)
    assert issubclass(wi.WorkforceImpactError, Exception)
    assert getattr(exceptions, cls.__name__) is cls
    assert cls.__module__ == "workforce_impact.exceptions"
    assert cls.__doc__ and len(cls.__doc__) > 30


def test_tiny_model_loads():
    model = wi.Model.from_toml(tiny_toml())
    assert model.evaluate().total == pytest.approx(1000 / 2000 / 0.68)


def test_formula_typo_is_unknown_parameter():
    text = tiny_toml("hours / anual_hours / part_time_factor")
    with pytest.raises(wi.UnknownParameterError) as info:
        wi.Model.from_toml(text, "tiny.toml")
    e = info.value
    assert e.initiative == "ini"
    assert e.component == "#1"
    assert e.file == "tiny.toml"
    assert e.line == line_of(text, "anual_hours")
    assert e.column == text.splitlines()[e.line - 1].index("anual_hours") + 1
    assert e.name == "anual_hours"
    assert e.suggestion == "annual_hours"
    assert "did you mean 'annual_hours'" in str(e)
    assert e.excerpt and "^" in e.excerpt
    assert e.parameter is None
    assert len(e.errors) == 1


def test_missing_part_time_factor_is_unit_error():
    with pytest.raises(wi.UnitError, match="persons") as info:
        wi.Model.from_toml(tiny_toml("hours / annual_hours"))
    assert info.value.initiative == "ini"
    assert info.value.line is not None


def test_missing_annual_hours_is_unit_error():
    with pytest.raises(wi.UnitError):
        wi.Model.from_toml(tiny_toml("hours / part_time_factor"))


def test_adding_percent_to_hours_is_unit_error():
    with pytest.raises(wi.UnitError):
        wi.Model.from_toml(tiny_toml("(hours + 2%) / annual_hours / part_time_factor"))


@pytest.mark.parametrize("population", ["nan", "-5", "inf"])
def test_bad_population_is_invalid_value(population):
    with pytest.raises(wi.InvalidValueError) as info:
        wi.Model.from_toml(tiny_toml(population=population))
    assert info.value.parameter == "r.population"
    assert info.value.line == line_of(tiny_toml(population=population), "population =")


@pytest.mark.parametrize("value", [float("nan"), -1.0, float("inf")])
def test_bad_population_override_is_invalid_value(model, value):
    with pytest.raises(wi.InvalidValueError) as info:
        model.evaluate({"nml.population": value})
    assert info.value.parameter == "nml.population"


def test_percentage_above_one_is_invalid_value(model):
    with pytest.raises(wi.InvalidValueError):
        model.evaluate({"buikpijnteam.clinical_admission_reduction": 1.5})


def test_malformed_toml_is_parse_error():
    with pytest.raises(wi.ParseError) as info:
        wi.Model.from_toml("[model\nid = 1\n")
    assert info.value.line == 1
    assert info.value.column is not None


def test_wrong_shape_is_parse_error():
    with pytest.raises(wi.ParseError):
        wi.Model.from_toml('[model]\nid = "x"\nunknown_field = 1\n')


def test_formula_syntax_error_is_parse_error():
    with pytest.raises(wi.ParseError) as info:
        wi.Model.from_toml(tiny_toml("hours / annual_hours / part_time_factor +"))
    assert info.value.initiative == "ini"


def test_unknown_override_is_unknown_parameter(model):
    with pytest.raises(wi.UnknownParameterError) as info:
        model.evaluate({"part_time_factr": 0.6})
    assert info.value.name == "part_time_factr"
    assert info.value.suggestion == "part_time_factor"


def test_override_values_must_be_numbers(model):
    with pytest.raises(TypeError):
        model.evaluate({"part_time_factor": "high"})


def test_all_load_errors_are_listed():
    text = tiny_toml("hours / anual_hours / part_time_factor", population="-5")
    with pytest.raises(wi.WorkforceImpactError) as info:
        wi.Model.from_toml(text)
    e = info.value
    assert len(e.errors) == 2
    assert any("anual_hours" in m for m in e.errors)
    assert any("r.population" in m for m in e.errors)
    assert "2 errors" in str(e)


def test_missing_file_is_model_error(tmp_path):
    with pytest.raises(wi.ModelError) as info:
        wi.Model.from_file(tmp_path / "nope.toml")
    assert info.value.file.endswith("nope.toml")


def test_errors_pickle():
    with pytest.raises(wi.UnknownParameterError) as info:
        wi.Model.from_toml(tiny_toml("hours / anual_hours / part_time_factor"))
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is wi.UnknownParameterError
    assert str(again) == str(info.value)
    assert again.line == info.value.line and again.initiative == "ini"


def test_panic_becomes_exception():
    from workforce_impact import _core

    with pytest.raises(wi.WorkforceImpactError, match="internal error") as info:
        _core._panic_for_tests()
    assert type(info.value) is wi.WorkforceImpactError
    assert info.value.line is None and info.value.errors == []
