"""Hostile inputs (issue 11): every one runs in a child interpreter, so that a crash (a
segfault from a stack overflow, an abort from a failed allocation) shows as a failed test
instead of killing pytest.

Each child prints, for every call it makes, the exception type and message it caught (or
a summary of the result); the test then asserts that the child exited normally (a
negative return code is a signal: -11 SIGSEGV, -6 SIGABRT), did not hang (a timeout) and
raised exactly the expected :class:`wi.WorkforceImpactError` subclass. The child runs
under an address-space limit, so an unbounded allocation fails fast instead of taking the
machine with it.

A Monte Carlo run streams its draws, so any ``n`` is accepted (it stops on Ctrl-C, a test
below); every design that holds its samples is bounded (``wi.LIMITS``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import workforce_impact as wi

ROOT = Path(__file__).resolve().parent.parent
DEPTH = wi.LIMITS["MAX_FORMULA_DEPTH"] if hasattr(wi, "LIMITS") else 128
# Address space of a child: enough for the extension, numpy, pandas and rayon's threads,
# small enough that an unbounded allocation fails within a second.
CHILD_MEMORY = 2 << 30

# The model of most tests: one initiative of one component, `formula`, over `staff`.
STAFF_MODEL = """\
[model]
id = "hostile"
title = "Hostile inputs"
region = "r"
target_year = 2032

[[regions]]
id = "r"
name = "Region"
population = 1000

[shortage]
projections = [{ year = 2032, persons = 100 }]

[parameters]
staff = { value = 3, unit = "person", source = "aanname", kind = "assumption" }
EXTRA

[[themes]]
id = "th"
name = "Theme"

[[initiatives]]
id = "ini"
name = "Initiative"
theme = "th"

  [[initiatives.components]]
  sector = "vvt"
  formula = "FORMULA"
"""


PRELUDE = r'''
import json, math, os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
import workforce_impact as wi

STAFF_MODEL = STAFF_MODEL_TEXT


def toml_model(formula="staff", extra=""):
    return STAFF_MODEL.replace("EXTRA", extra).replace("FORMULA", formula)


def dict_model(formula="staff", extra=None):
    """The same model as a dict for Model.from_dict (the builder's path)."""
    params = {"staff": {"value": 3, "unit": "person", "source": "aanname", "kind": "assumption"}}
    params.update(extra or {})
    return {
        "model": {"id": "hostile", "title": "Hostile inputs", "region": "r", "target_year": 2032},
        "regions": [{"id": "r", "name": "Region", "population": 1000}],
        "shortage": {"projections": [{"year": 2032, "persons": 100}]},
        "parameters": params,
        "themes": [{"id": "th", "name": "Theme"}],
        "initiatives": [
            {"id": "ini", "name": "Initiative", "theme": "th",
             "components": [{"sector": "vvt", "formula": formula}]}
        ],
    }


def load(path, formula="staff", toml_extra="", dict_extra=None):
    if path == "toml":
        return wi.Model.from_toml(toml_model(formula, toml_extra), "hostile.toml")
    if path == "dict":
        return wi.Model.from_dict(dict_model(formula, dict_extra))
    b = (wi.ModelBuilder("hostile", title="Hostile inputs", region="r", target_year=2032)
         .region("r", population=1000).shortage(2032, 100)
         .parameter("staff", 3, unit="person", source="aanname", kind="assumption"))
    for name, spec in (dict_extra or {}).items():
        b = b.parameter(name, **spec)
    return (b.theme("th", "Theme")
            .initiative("ini", name="Initiative", theme="th", components=[wi.component(formula, "vvt")])
            .build())


def nml():
    return wi.Model.builtin("nml-2023")


def _summary(value):
    if isinstance(value, (bool, int, float, str, list)) or value is None:
        return value
    shape = getattr(value, "shape", None)
    if shape is not None:
        return {"shape": list(shape)}
    return repr(value)[:300]


def run(label, fn):
    try:
        value = fn()
    except BaseException as e:  # noqa: BLE001 - the point is to see what escapes
        out = {"label": label, "error": type(e).__name__, "module": type(e).__module__,
               "wi": isinstance(e, wi.WorkforceImpactError), "message": str(e)[:4000]}
    else:
        out = {"label": label, "value": _summary(value)}
    print("RESULT " + json.dumps(out), flush=True)
'''.replace("MEMORY", str(CHILD_MEMORY)).replace("STAFF_MODEL_TEXT", repr(STAFF_MODEL))


def child(code: str, timeout: float = 30, env: dict[str, str] | None = None) -> list[dict]:
    """Runs PRELUDE + code in a fresh interpreter; every ``run(...)`` gives one result.
    Fails the test on a crash or a hang."""
    full = PRELUDE + "\n" + textwrap.dedent(code)
    environment = {**os.environ, "RUST_BACKTRACE": "0", **(env or {})}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", full],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=environment,
            cwd=str(ROOT),
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"the child hung (no exit within {timeout} s): {code.strip()[:300]}") from e
    results = [json.loads(line[7:]) for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        last = results[-1]["label"] if results else "(none)"
        raise AssertionError(
            f"the child died of {name} (last finished call: {last}); stderr:\n{proc.stderr[-2000:]}"
        )
    assert proc.returncode == 0, f"child exited with {proc.returncode}; stderr:\n{proc.stderr[-2000:]}"
    return results


def one(code: str, timeout: float = 30) -> dict:
    results = child(f"run('call', lambda: {code})", timeout)
    assert len(results) == 1
    return results[0]


def expect(result: dict, error: str, match: str | None = None) -> None:
    """``result`` is the library's own ``error`` (a WorkforceImpactError subclass)."""
    assert "error" in result, f"expected {error}, got a result: {result['value']!r}"
    assert result["error"] == error, f"expected {error}, got {result['error']}: {result['message'][:500]}"
    assert result["wi"], f"{result['error']} is not a WorkforceImpactError"
    if match is not None:
        assert match in result["message"], result["message"][:1000]


def expect_error(code: str, error: str, match: str | None = None, timeout: float = 30) -> dict:
    result = one(code, timeout)
    expect(result, error, match)
    return result


def expect_typed_or_ok(code: str, timeout: float = 30) -> dict:
    """For the runtime size limits: a WorkforceImpactError subclass, or a result; never a
    crash, a hang or another exception."""
    result = one(code, timeout)
    if "error" in result:
        assert result["wi"], f"{result['error']} escaped: {result['message'][:500]}"
    return result


DEEP = "formula nests deeper than"
PATHS = ["toml", "dict", "builder"]


# -- the unit checks cannot be bypassed ---------------------------------------------------

TRAVEL_CARE = {
    "travel": {"value": 10, "unit": "min"},
    "care": {"value": 20, "unit": "min"},
    "visits": {"value": 5},
}
TOTAL_BEFORE = 'visit_total = { formula = "visits * visit_time" }\nvisit_time = { formula = "travel + care" }'
TOTAL_AFTER = 'visit_time = { formula = "travel + care" }\nvisit_total = { formula = "visits * visit_time" }'


@pytest.mark.parametrize("path", ["toml", "dict"])
@pytest.mark.parametrize("order", ["derived-read-before-declared", "declared-in-order"])
def test_derived_parameter_units_are_checked_in_any_declaration_order(path, order):
    # `staff * visit_total` is persons x minutes: refused whichever order the derived
    # parameters are declared in (before the fix, the first order slipped through).
    toml_extra = "\n".join(
        f'{k} = {{ value = {v["value"]}' + (f', unit = "{v["unit"]}"' if "unit" in v else "") + " }"
        for k, v in TRAVEL_CARE.items()
    )
    toml_extra += "\n" + (TOTAL_BEFORE if order == "derived-read-before-declared" else TOTAL_AFTER)
    derived = [("visit_total", "visits * visit_time"), ("visit_time", "travel + care")]
    if order == "declared-in-order":
        derived.reverse()
    dict_extra = {**TRAVEL_CARE, **{k: {"formula": f} for k, f in derived}}
    expect_error(
        f"load({path!r}, 'staff * visit_total', {toml_extra!r}, {dict_extra!r})",
        "UnitError",
        "initiative 'ini'",
    )


@pytest.mark.parametrize("path", ["toml", "dict"])
def test_unit_exponent_overflow_is_a_parse_error(path):
    expect_error(
        f"load({path!r}, 'staff * fte_pow', 'fte_pow = {{ value = 1, unit = \"(FTE^64)^4\" }}',"
        " {'fte_pow': {'value': 1, 'unit': '(FTE^64)^4'}})",
        "ParseError",
        "exponent out of range",
    )


def test_unit_exponents_cannot_overflow_by_multiplying():
    # FTE^32 is allowed; multiplying two of them must not wrap an exponent around.
    extra = 'f = { value = 1, unit = "FTE^32" }\ng = { value = 1, unit = "FTE^-32" }'
    results = child(
        f"""
        extra = {extra!r}
        run("f*f", lambda: load("toml", "staff * f * f", extra))
        run("f*f*f*f/g...", lambda: load("toml", "staff * f * f * f * f * g * g * g * g", extra))
        run("literals", lambda: load("toml", "staff" + " * 1[FTE^32]" * 8))
        run("derived", lambda: load("toml", "staff * d8", extra + '\\nd2 = {{ formula = "f * f" }}\\nd4 = {{ formula = "d2 * d2" }}\\nd8 = {{ formula = "d4 * d4" }}'))
        """
    )
    for r in results:
        expect(r, "UnitError", "exponent out of range")


def test_a_cycle_of_derived_parameters_is_refused():
    extra = 'a = { formula = "b" }\nb = { formula = "a" }'
    r = one(f"load('toml', 'staff * a', {extra!r})")
    assert "error" in r and r["wi"], r


# -- formulas that nest deep or run long ---------------------------------------------------


def nested(kind: str, levels: int) -> str:
    """A formula of `levels` levels of `kind` around the parameter `staff` (persons): each
    parenthesis, minus sign, operator of a chain and nested call is one level (limits.rs)."""
    if kind == "parens":
        return "(" * levels + "staff" + ")" * levels
    if kind == "minus":
        return "-" * levels + "staff"
    if kind == "plus":  # a chain of n + 1 terms has n operators
        return "+".join(["staff"] * (levels + 1))
    if kind == "times":
        return "staff" + "*1" * levels
    if kind == "max":
        return "max(" * levels + "staff" + ",staff)" * levels
    raise ValueError(kind)


KINDS = ["parens", "minus", "plus", "times", "max"]
AT_LIMIT = {"parens": 3.0, "minus": -3.0 if DEPTH % 2 else 3.0, "plus": 3.0 * (DEPTH + 1), "times": 3.0, "max": 3.0}


@pytest.mark.parametrize("kind", KINDS)
def test_formula_at_the_depth_limit_loads_and_every_walk_works(kind):
    formula = nested(kind, DEPTH)
    results = child(
        f"""
        import numpy as np
        for path in ("toml", "dict"):
            m = load(path, {formula!r})
            run(path + " evaluate", lambda: m.evaluate().total)
            run(path + " explain", lambda: m.explain("ini").computed)
            run(path + " batch", lambda: float(m.evaluate_batch(["staff"], np.array([[3.0]]))[0]))
            run(path + " roundtrip", lambda: wi.Model.from_toml(m.to_toml()).evaluate().total)
            run(path + " monte carlo", lambda: m.monte_carlo({{"staff": wi.constant(3)}}, n=64, progress=False).mean())
        ns = {{}}
        exec(m.numpy_source(["staff"]), ns)
        run("numpy source", lambda: float(sum(ns["evaluate"]({{"staff": np.array([3.0])}}))[0]))
        """
    )
    assert len(results) == 11
    for r in results:
        assert r.get("value") == pytest.approx(AT_LIMIT[kind], rel=1e-12), r


def each_path(formula_code: str) -> list[dict]:
    """Loads the formula (Python code making it, run in the child) from TOML text, a dict
    and the builder, in one child."""
    return child(f"formula = {formula_code}\nfor path in {PATHS!r}:\n    run(path, lambda: load(path, formula))")


@pytest.mark.parametrize("kind", KINDS)
def test_formula_one_level_past_the_limit_is_a_parse_error(kind):
    results = each_path(repr(nested(kind, DEPTH + 1)))
    assert [r["label"] for r in results] == PATHS
    for r in results:
        expect(r, "ParseError", f"formula nests deeper than {DEPTH} levels")


HUGE = {
    # 300,000 nested parentheses: killed the interpreter (stack overflow) before the fix.
    "parens-300k": "'(' * 300_000 + 'staff' + ')' * 300_000",
    "minus-300k": "'-' * 300_000 + 'staff'",
    "parens-1e6": "'(' * 10**6 + 'staff' + ')' * 10**6",
    "minus-1e6": "'-' * 10**6 + 'staff'",
    "plus-100k-terms": "'+'.join(['staff'] * 100_000)",
    "times-100k-terms": "'*'.join(['staff'] + ['1'] * 99_999)",
    "unclosed-300k": "'(' * 300_000 + 'staff'",
    "closing-300k": "'staff' + ')' * 300_000",
}


@pytest.mark.parametrize("name", list(HUGE))
def test_huge_formulas_are_parse_errors(name):
    results = each_path(HUGE[name])
    assert [r["label"] for r in results] == PATHS
    for r in results:
        expect(r, "ParseError", "initiative 'ini', component #1")


@pytest.mark.parametrize("path", PATHS)
def test_a_wide_but_shallow_formula_loads(path):
    # 100,000 arguments of one max(...): long (600 kB) but two levels deep.
    r = one(f"load({path!r}, 'max(' + ','.join(['staff'] * 100_000) + ')').evaluate().total")
    assert r.get("value") == 3.0, r


@pytest.mark.parametrize("path", PATHS)
def test_formula_over_the_length_limit_is_a_parse_error(path):
    limit = wi.LIMITS["MAX_FORMULA_BYTES"] if hasattr(wi, "LIMITS") else 1 << 20
    # Exactly at the limit (padded with spaces) loads; one byte more is refused.
    expect_error(f"load({path!r}, 'staff' + ' ' * {limit - 5 + 1})", "ParseError", "formulas are at most")
    r = one(f"load({path!r}, 'staff' + ' ' * {limit - 5}).evaluate().total")
    assert r.get("value") == 3.0, r


def test_derived_parameters_count_towards_the_depth():
    # Two formulas each within the limit, together past it: refused, in either order.
    half = "-" * (DEPTH // 2 + 2)
    extra = f'deep = {{ formula = "{half}staff" }}'
    expect_error(f"load('toml', {half + 'deep'!r}, {extra!r})", "ParseError", DEEP)
    expect_error(
        f"load('dict', {half + 'deep'!r}, dict_extra={{'deep': {{'formula': {half + 'staff'!r}}}}})",
        "ParseError",
        DEEP,
    )


def test_a_diamond_of_derived_parameters_does_not_blow_up():
    # s_i = s_(i-1) + s_(i-1): 2^60 leaves if anything expanded the tree; it must stay linear.
    extra = "\n".join(f's{i} = {{ formula = "s{i - 1} + s{i - 1}" }}' for i in range(1, 61))
    extra = 's0 = { value = 1, unit = "person" }\n' + extra
    results = child(
        f"""
        import numpy as np
        m = load("toml", "s60 / 1e15", {extra!r})
        run("evaluate", lambda: m.evaluate().total)
        run("explain", lambda: len(str(m.explain("ini"))))
        run("numpy", lambda: len(m.numpy_source(["s0"])))
        run("batch", lambda: float(m.evaluate_batch(["s0"], np.ones((2, 1)))[0]))
        run("monte carlo", lambda: m.monte_carlo({{"s0": wi.uniform(0, 1)}}, n=128, progress=False).n)
        """,
        timeout=20,
    )
    assert all("value" in r for r in results), results
    assert results[0]["value"] == pytest.approx(2**60 / 1e15)


# -- values that cannot be --------------------------------------------------------------

BAD_VALUES = ["nan", "inf", "-inf", "-1", "-0.5"]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_parameter_value_in_a_file_is_invalid(value):
    expect_error(
        f"load('toml', 'staff * x', 'x = {{ value = {value} }}')", "InvalidValueError", "parameter 'x'"
    )


@pytest.mark.parametrize("value", ["float('nan')", "float('inf')", "-1.0"])
def test_bad_parameter_value_in_a_dict_is_invalid(value):
    expect_error(f"load('dict', 'staff * x', dict_extra={{'x': {{'value': {value}}}}})", "InvalidValueError")


@pytest.mark.parametrize("population", ["nan", "inf", "-5", "-inf"])
def test_bad_population_is_invalid(population):
    code = f"wi.Model.from_toml(toml_model().replace('population = 1000', 'population = {population}'))"
    expect_error(code, "InvalidValueError", "r.population")


def test_percentage_over_100_for_a_fraction_is_invalid():
    expect_error("load('toml', 'staff * x', 'x = { value = \"150%\" }')", "InvalidValueError", "fraction")


OVERRIDES = {
    "nan": ("{'part_time_factor': float('nan')}", "InvalidValueError"),
    "inf": ("{'part_time_factor': float('inf')}", "InvalidValueError"),
    "-inf": ("{'annual_hours': float('-inf')}", "InvalidValueError"),
    "negative": ("{'annual_hours': -1}", "InvalidValueError"),
    "negative-population": ("{'nml.population': -5}", "InvalidValueError"),
    "nan-population": ("{'nml.population': float('nan')}", "InvalidValueError"),
    "fraction-over-1": ("{'buikpijnteam.clinical_admission_reduction': 1.5}", "InvalidValueError"),
    "division-by-zero": ("{'annual_hours': 0}", "InvalidValueError"),
    "denormal-divisor": ("{'annual_hours': 5e-324}", "InvalidValueError"),
    "unknown": ("{'part_time_factr': 0.6}", "UnknownParameterError"),
    "empty-name": ("{'': 0.6}", "UnknownParameterError"),
}


@pytest.mark.parametrize("case", list(OVERRIDES))
def test_bad_overrides(case):
    overrides, error = OVERRIDES[case]
    expect_error(f"nml().evaluate({overrides})", error)
    expect_error(f"nml().explain('buikpijnteam', {overrides})", error)


def test_override_too_large_for_a_float_is_invalid():
    expect_error("nml().evaluate({'annual_hours': 10**400})", "InvalidValueError")


# -- model files that are not model files ----------------------------------------------


@pytest.mark.parametrize(
    "content, error",
    [
        (b'[model]\nid = "\xff\xfe"\n', "ModelError"),  # not UTF-8
        (bytes(range(256)) * 64, "ModelError"),  # binary garbage
        (b"\x00" * 4096, "ParseError"),
        (b"\xef\xbb\xbf", "ParseError"),  # a BOM and nothing else
        (b"", "ParseError"),
        (b"x = " + b"[" * 300_000 + b"]" * 300_000, "ParseError"),  # deeply nested arrays
        (b"x = " + b"{a=" * 100_000 + b"1" + b"}" * 100_000, "ParseError"),  # nested inline tables
        (b"[" + b"a." * 100_000 + b"b]", "ParseError"),  # a 100,000-part table header
        (b'[model]\nid = "x"\n' * 10_000, "ParseError"),  # a table defined 10,000 times
    ],
    ids=["not-utf8", "binary", "nul-bytes", "bom-only", "empty", "nested-arrays", "nested-tables",
         "dotted-header", "repeated-table"],
)
def test_model_file_that_is_not_a_model(tmp_path, content, error):
    path = tmp_path / "model.toml"
    path.write_bytes(content)
    expect_error(f"wi.Model.from_file({str(path)!r})", error)


def test_nested_arrays_as_text_are_parse_errors():
    expect_error("wi.Model.from_toml('[model]\\nid = \"x\"\\nx = ' + '[' * 300_000 + ']' * 300_000)", "ParseError")


def test_model_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as f:  # sparse: no 64 MiB written
        f.truncate((64 << 20) + 1)
    expect_error(f"wi.Model.from_file({str(path)!r})", "ModelError", "larger than 67108864 bytes")


@pytest.mark.parametrize("path, error", [("/tmp", "ModelError"), ("/no/such/model.toml", "ModelError")])
def test_model_path_that_is_not_a_file(path, error):
    expect_error(f"wi.Model.from_file({path!r})", error)


def test_endless_model_file_is_refused_at_the_size_limit():
    expect_error("wi.Model.from_file('/dev/zero')", "ModelError", "larger than 67108864 bytes")


@pytest.mark.parametrize(
    "shape",
    [
        "functools.reduce(lambda acc, _: {'a': acc}, range(100_000), {})",
        "functools.reduce(lambda acc, _: [acc], range(100_000), [])",
        "(lambda d: (d.__setitem__('self', d), d)[1])({})",
    ],
    ids=["dict-100k", "list-100k", "self-referencing"],
)
def test_deeply_nested_dict_in_from_dict(shape):
    results = child(f"import functools\nrun('call', lambda: wi.Model.from_dict({{**dict_model(), 'notes': {shape}}}))")
    expect(results[0], "ParseError")


# -- hostile arguments to the runtime calls -----------------------------------------------

DISTS = "{'annual_hours': wi.uniform(1800, 2100), 'part_time_factor': wi.uniform(0.6, 0.7)}"

BATCH = {
    # name: (X expression, names, expected outcome)
    "1-D": ("np.array([2000.0])", ["annual_hours"], "ValueError"),
    "3-D": ("np.ones((2, 1, 1))", ["annual_hours"], "ValueError"),
    "0-D": ("np.float64(2000.0)", ["annual_hours"], "ValueError"),
    "too-many-columns": ("np.full((3, 2), 2000.0)", ["annual_hours"], "ValueError"),
    "too-few-columns": ("np.full((3, 1), 2000.0)", ["annual_hours", "part_time_factor"], "ValueError"),
    "ragged": ("[[2000.0], [1800.0, 1.0]]", ["annual_hours"], "ValueError"),
    "strings": ("np.array([['x']], dtype=object)", ["annual_hours"], "ValueError"),
    "nan": ("np.array([[2000.0], [np.nan]])", ["annual_hours"], "InvalidValueError"),
    "negative": ("np.array([[-1.0]])", ["annual_hours"], "InvalidValueError"),
    "fraction-over-1": ("np.array([[1.5]])", ["buikpijnteam.clinical_admission_reduction"], "InvalidValueError"),
    "unknown-name": ("np.ones((1, 1))", ["nope"], "UnknownParameterError"),
    "name-twice": ("np.full((1, 2), 2000.0)", ["annual_hours", "annual_hours"], "ModelError"),
}


@pytest.mark.parametrize("case", list(BATCH))
def test_evaluate_batch_bad_input(case):
    x, names, error = BATCH[case]
    result = child(f"import numpy as np\nrun('call', lambda: nml().evaluate_batch({names!r}, {x}))")[0]
    if error in ("ValueError", "TypeError"):
        # A malformed array is the caller's programming error: numpy's own exception types.
        assert result.get("error") == error, result
    else:
        expect(result, error)


def test_evaluate_batch_odd_but_valid_arrays():
    results = child(
        """
        import numpy as np
        m = nml()
        base = np.array([[2000.0, 0.68], [1800.0, 0.6]])
        expected = m.evaluate_batch(["annual_hours", "part_time_factor"], base)
        print("EXPECTED", json.dumps(expected.tolist()))
        wide = np.array([[2000.0, -7.0, 0.68], [1800.0, -7.0, 0.6]])
        for label, X in [
            ("non-contiguous", wide[:, ::2]),
            ("fortran", np.asfortranarray(base)),
            ("transposed", base.T.copy().T),
            ("list", base.tolist()),
            ("read-only", np.frombuffer(base.tobytes(), dtype=np.float64).reshape(2, 2)),
            ("big-endian", base.astype(">f8")),
        ]:
            run(label, lambda: m.evaluate_batch(["annual_hours", "part_time_factor"], X).tolist())
        run("0 rows", lambda: m.evaluate_batch(["annual_hours"], np.zeros((0, 1))))
        run("0 rows per initiative", lambda: m.evaluate_batch(["annual_hours"], np.zeros((0, 1)), per_initiative=True))
        """
    )
    for r in results[:-2]:
        assert r["value"] == pytest.approx(results[0]["value"], rel=1e-12), r
    assert results[-2]["value"] == {"shape": [0]}
    assert results[-1]["value"] == {"shape": [0, 42]}


@pytest.mark.parametrize("value", ["np.inf", "0.0"], ids=["inf", "zero-divisor"])
def test_evaluate_batch_agrees_with_evaluate_on_bad_values(value):
    results = child(
        f"""
        import numpy as np
        run("evaluate", lambda: nml().evaluate({{"annual_hours": {value}}}))
        run("batch", lambda: nml().evaluate_batch(["annual_hours"], np.array([[{value}]])).tolist())
        """
    )
    expect(results[0], "InvalidValueError")
    expect(results[1], "InvalidValueError")


MONTE_CARLO = {
    "n=0": (f"nml().monte_carlo({DISTS}, n=0)", "InvalidValueError"),
    "n<0": (f"nml().monte_carlo({DISTS}, n=-5)", "InvalidValueError"),
    "n=10**30": (f"nml().monte_carlo({DISTS}, n=10**30)", "InvalidValueError"),
    "seed<0": (f"nml().monte_carlo({DISTS}, n=10, seed=-1)", "InvalidValueError"),
    "no inputs": ("nml().monte_carlo({}, n=10)", "InvalidValueError"),
    "unknown input": ("nml().monte_carlo({'nope': wi.uniform(0, 1)}, n=10)", "UnknownParameterError"),
    "fraction over 1": (
        "nml().monte_carlo({'buikpijnteam.clinical_admission_reduction': wi.uniform(0, 2)}, n=10)",
        "InvalidValueError",
    ),
    "negative support": ("nml().monte_carlo({'annual_hours': wi.uniform(-1, 2100)}, n=10)", "InvalidValueError"),
    "untruncated normal": ("nml().monte_carlo({'annual_hours': wi.normal(2000, 100)}, n=10)", "InvalidValueError"),
    "relative too wide": ("nml().monte_carlo({'annual_hours': wi.normal(rel=1e308)}, n=10)", "InvalidValueError"),
    "spec missing field": ("nml().monte_carlo({'annual_hours': {'kind': 'uniform'}}, n=10)", "InvalidValueError"),
    "spec unknown kind": ("nml().monte_carlo({'annual_hours': {'kind': 'weird', 'lo': 1}}, n=10)", "InvalidValueError"),
    "spec nan": (
        "nml().monte_carlo({'annual_hours': {'kind': 'uniform', 'lo': float('nan'), 'hi': 1}}, n=10)",
        "InvalidValueError",
    ),
    "unknown sampler": (f"nml().monte_carlo({DISTS}, n=10, sampler='bogus')", "InvalidValueError"),
    "correlation 2": (
        f"nml().monte_carlo({DISTS}, n=10, correlations=[('annual_hours', 'part_time_factor', 2.0)])",
        "InvalidValueError",
    ),
    "correlation nan": (
        f"nml().monte_carlo({DISTS}, n=10, correlations=[('annual_hours', 'part_time_factor', float('nan'))])",
        "InvalidValueError",
    ),
    "correlation unknown": (
        f"nml().monte_carlo({DISTS}, n=10, correlations=[('annual_hours', 'zz', 0.5)])",
        "UnknownParameterError",
    ),
    "target nan": (f"nml().monte_carlo({DISTS}, n=10, targets=[float('nan')])", "InvalidValueError"),
}


@pytest.mark.parametrize("case", list(MONTE_CARLO))
def test_monte_carlo_bad_arguments(case):
    code, error = MONTE_CARLO[case]
    expect_error(code, error)


def test_monte_carlo_stops_on_ctrl_c():
    code = PRELUDE + textwrap.dedent(
        f"""
        m = nml()
        print("STARTED", flush=True)
        run("call", lambda: m.monte_carlo({DISTS}, n=2**63, progress=False))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT)
    )
    try:
        assert proc.stdout.readline().strip() == "STARTED"
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err[-2000:]
    result = json.loads(out.strip().splitlines()[-1][7:])
    assert result["error"] == "KeyboardInterrupt", result


@pytest.mark.parametrize(
    "code, error",
    [
        ("wi.constant(0)", "InvalidValueError"),
        ("wi.discrete([0, 2000])", "InvalidValueError"),
    ],
    ids=["constant-0", "half-the-draws-0"],
)
def test_monte_carlo_non_finite_draws_are_not_hidden(code, error):
    # Either refused like evaluate({"annual_hours": 0}), or a NaN mean; never a finite mean
    # over draws that are not finite.
    r = one(f"(lambda r: [r.mean(), r.sd()])(nml().monte_carlo({{'annual_hours': {code}}}, n=1000, progress=False))")
    if "error" in r:
        expect(r, error)
    else:
        assert "nan" in r["value"].split(",")[0], f"mean and sd {r['value']} over draws that are not finite"


SIZES = {
    "sobol n=2**40": f"nml().sobol({DISTS}, n=2**40)",
    "sobol n*(k+2) > limit": f"nml().sobol({DISTS}, n=2**31)",
    "sobol n=2**64-1": f"nml().sobol({DISTS}, n=2**64 - 1)",
    "sobol n=1": f"nml().sobol({DISTS}, n=1)",
    "sweep 10^5 x 10^4": "nml().sweep({'annual_hours': range(1800, 1800 + 10**5), 'part_time_factor': [0.6] * 10**4})",
    "sweep 1000^3": "nml().sweep({'annual_hours': [2000.0] * 1000, 'part_time_factor': [0.6] * 1000, 'nml.population': [1.0] * 1000})",
    "sweep empty axis": "nml().sweep({'annual_hours': []})",
    "sweep nan": "nml().sweep({'annual_hours': [float('nan')]})",
    "morris 10^15 trajectories": f"nml().morris({DISTS}, trajectories=10**15)",
    "monte carlo shards=(0, 10**6)": f"nml().monte_carlo({DISTS}, n=10, shards=(0, 10**6)).n",
}


@pytest.mark.parametrize("case", list(SIZES))
def test_runtime_sizes_are_bounded(case):
    expect_typed_or_ok(SIZES[case], timeout=20)


@pytest.mark.parametrize(
    "code",
    [
        f"nml().sobol({DISTS}, n=8, bootstrap=10**12)",
        "nml().monte_carlo({'annual_hours': wi.uniform(1800, 2100)}, n=100, progress=False).histogram(bins=10**12)",
    ],
    ids=["sobol-bootstrap-10^12", "histogram-bins-10^12"],
)
def test_unbounded_allocations_are_refused(code):
    expect_typed_or_ok(code, timeout=20)


@pytest.mark.parametrize(
    "code",
    [
        f"nml().sobol({DISTS}, n=8, bootstrap=-1)",
        f"nml().morris({DISTS}, levels=-2)",
        f"nml().morris({DISTS}, levels=10**30)",
        f"nml().monte_carlo({DISTS}, n=10, shards=(0, 10**30))",
    ],
    ids=["sobol-bootstrap-negative", "morris-levels-negative", "morris-levels-huge", "shards-count-huge"],
)
def test_counts_out_of_range_are_typed(code):
    expect_typed_or_ok(code)


def test_monte_carlo_shards_count_is_bounded():
    expect_typed_or_ok(f"nml().monte_carlo_shards({DISTS}, 10, 1, 10**12)", timeout=2)


@pytest.mark.parametrize(
    "code, error",
    [
        ("nml().explain('nope')", "ModelError"),
        ("nml().explain('')", "ModelError"),
        ("nml().explain('x' * 10**5)", "ModelError"),
        ("nml().numpy_source(['zz'])", "UnknownParameterError"),
        ("nml().compare({'s': {'zz': 1}})", "UnknownParameterError"),
        ("nml().compare({'s': {'annual_hours': float('nan')}})", "InvalidValueError"),
        ("nml().assumptions(rel=-1)", "InvalidValueError"),
        ("nml().assumptions(rel=float('nan'))", "InvalidValueError"),
        ("nml().assumptions(rel=0.5, shape='zz')", "InvalidValueError"),
        ("nml().sobol({'annual_hours': wi.uniform(1800, 2100)}, n=8, groups={'g': ['nope']})", "UnknownParameterError"),
        ("nml().morris({'annual_hours': wi.uniform(1800, 2100)}, levels=3)", "InvalidValueError"),
        ("wi.Model.builtin('../../etc/passwd')", "ModelError"),
    ],
)
def test_other_bad_arguments(code, error):
    expect_error(code, error)


def test_assumptions_with_an_absurd_width():
    # The core sends the overflowing bound as null; reading it back is an InvalidValueError
    # (it was a bare TypeError, 'hi must be a number, got None').
    expect_typed_or_ok("len(nml().assumptions(rel=1e308))")


@pytest.mark.parametrize(
    "code",
    [
        "wi.uniform(5, 3)",
        "wi.uniform(float('nan'), 3)",
        "wi.uniform(0, float('inf'))",
        "wi.triangular(1, 5, 3)",
        "wi.pert(3, 2, 1)",
        "wi.normal(1, -1)",
        "wi.normal(1, float('nan'))",
        "wi.lognormal(8, 2)",
        "wi.lognormal(0, 2)",
        "wi.lognormal(mu=0, sigma=-1)",
        "wi.discrete([])",
        "wi.discrete([1, 2], [1])",
        "wi.discrete([1, 2], [1, -1])",
        "wi.discrete([1, 2], [0, 0])",
        "wi.discrete([float('nan')])",
        "wi.constant(float('inf'))",
        "wi.uniform(rel=-1)",
        "wi.uniform(rel=float('nan'))",
        "wi.distributions.Distribution.from_spec({'kind': 'uniform'})",
        "wi.distributions.Distribution.from_spec({'kind': 'uniform', 'lo': None, 'hi': 1})",
    ],
)
def test_bad_distributions_are_invalid_values(code):
    expect_error(code, "InvalidValueError")


# -- a panic is an exception, not an abort ------------------------------------------------


def test_a_rust_panic_is_a_workforce_impact_error():
    results = child(
        """
        import threading
        run("panic", lambda: wi._core._panic_for_tests())
        run("again", lambda: wi._core._panic_for_tests())
        t = threading.Thread(target=lambda: run("in a thread", lambda: wi._core._panic_for_tests()))
        t.start(); t.join()
        run("still usable", lambda: nml().evaluate().total)
        """
    )
    for r in results[:3]:
        assert r["error"] == "WorkforceImpactError" and r["wi"], r
        assert "deliberate panic" in r["message"]
    assert results[3]["value"] == pytest.approx(1633.326, abs=1e-3)


# -- the command line ----------------------------------------------------------------------


def _cli() -> Path | None:
    env = os.environ.get("WORKFORCE_IMPACT_BIN")
    candidates = [Path(env)] if env else []
    candidates += [ROOT / "target" / "release" / "workforce-impact", ROOT / "target" / "debug" / "workforce-impact"]
    return next((p for p in candidates if p.is_file() and os.access(p, os.X_OK)), None)


CLI_FILES = {
    "parens-300k": ("(" * 300_000 + "staff" + ")" * 300_000, 1, "syntax error: " + DEEP),
    "minus-300k": ("-" * 300_000 + "staff", 1, "syntax error: " + DEEP),
    "plus-100k": ("+".join(["staff"] * 100_000), 1, "syntax error: " + DEEP),
    "one-past-the-limit": (nested("minus", DEPTH + 1), 1, "syntax error: " + DEEP),
    "at-the-limit": (nested("parens", DEPTH), 0, "ok"),
    "pow-overflow": ("staff * 1[(FTE^64)^4]", 1, "exponent out of range"),
}


@pytest.mark.parametrize("case", list(CLI_FILES))
def test_cli_check_deep_formula_files(tmp_path, case):
    binary = _cli()
    if binary is None:
        pytest.skip("no workforce-impact binary: cargo build --release -p workforce-impact-cli")
    formula, code, text = CLI_FILES[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(STAFF_MODEL.replace("EXTRA", "").replace("FORMULA", formula), encoding="utf-8")
    proc = subprocess.run([str(binary), "check", str(path)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == code, (proc.returncode, proc.stderr[-2000:])
    assert text in proc.stdout + proc.stderr


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", bytes(range(256)) * 64], ids=["not-utf8", "binary"])
def test_cli_check_binary_garbage(tmp_path, content):
    binary = _cli()
    if binary is None:
        pytest.skip("no workforce-impact binary: cargo build --release -p workforce-impact-cli")
    path = tmp_path / "garbage.toml"
    path.write_bytes(content)
    proc = subprocess.run([str(binary), "check", str(path)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "cannot read model file" in proc.stdout + proc.stderr


def test_model_text_with_a_lone_surrogate_is_a_parse_error():
    # text read with errors="surrogateescape" from a non-UTF-8 file
    expect_error("wi.Model.from_toml('[model]\\nid = \"\\udcff\"\\n')", "ParseError", "not valid Unicode at character 14")
