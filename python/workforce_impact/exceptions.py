"""The exceptions raised by workforce_impact.

Every error derives from :class:`WorkforceImpactError`, so ``except
wi.WorkforceImpactError`` catches them all; catch a subclass to handle one kind.
Each exception carries where the problem is, as attributes that are ``None``
when unknown or not applicable:

``file``
    the model file (a path, ``builtin:<id>``, ``<string>`` or ``<builder>``)
``initiative``
    the initiative (or shared business case) id
``agreement``
    the shared-savings agreement id
``component``
    the component, as ``#n`` or ``#n 'label'``
``parameter``
    the parameter's qualified name
``field``
    the field the value was given in (``unit``, ``formula``, ``sector``, ...), for a
    model made with :class:`ModelBuilder` or :meth:`Model.from_dict`, which has no
    lines to point at
``line``, ``column``
    1-based position in the file (``column`` alone: the position inside the formula
    or unit of a model made without a file)
``excerpt``
    the offending line with a caret under the problem
``errors``
    every message of the failed call: a model is checked whole when it loads,
    so this lists all its problems, while the exception is of the first one's type

Examples
--------
>>> import workforce_impact as wi
>>> try:
...     wi.Model.builtin("nml-2023").evaluate({"part_time_factr": 0.6})
... except wi.UnknownParameterError as e:
...     print(e.name, "->", e.suggestion)
part_time_factr -> part_time_factor
"""

from __future__ import annotations

from workforce_impact._core import (
    InvalidValueError,
    ModelError,
    ParseError,
    UnitError,
    UnknownParameterError,
    WorkforceImpactError,
)

__all__ = [
    "WorkforceImpactError",
    "ParseError",
    "UnitError",
    "UnknownParameterError",
    "ModelError",
    "InvalidValueError",
]

# Every instance has the location attributes, also one raised for an internal error.
for _attr in (
    "file",
    "initiative",
    "agreement",
    "component",
    "parameter",
    "field",
    "line",
    "column",
    "excerpt",
    "name",
    "suggestion",
):
    setattr(WorkforceImpactError, _attr, None)
WorkforceImpactError.errors = []
del _attr

WorkforceImpactError.__doc__ = """Base class of every error raised by workforce_impact.

Attributes ``file``, ``initiative``, ``component``, ``parameter``, ``field``,
``line``, ``column`` and ``excerpt`` say where the problem is (``None`` when unknown);
``errors`` lists every message (all problems of a model that failed to load).
A Rust panic inside the library also arrives as this class, never as a crash.
"""

ParseError.__doc__ = """The model file is not valid TOML or lacks the model's shape, or a
formula or unit expression cannot be read.

Examples
--------
>>> import workforce_impact as wi
>>> try:
...     wi.Model.from_toml("[model\\nid = 1")
... except wi.ParseError as e:
...     print(e.line)
1
"""

UnitError.__doc__ = """Dimensions that do not fit: a formula that comes out in FTE instead
of persons (a forgotten part-time factor), or adding a percentage to a time flow.
"""

UnknownParameterError.__doc__ = """A name that is not a parameter: in a formula, or in the
overrides passed to :meth:`Model.evaluate`. ``name`` is the unknown name and
``suggestion`` the closest known one (or ``None``).
"""

ModelError.__doc__ = """A structural problem of a model: a duplicate id, an unknown theme or
sector, a differing initiative without notes, an unknown builtin or initiative.
"""

InvalidValueError.__doc__ = """A value that cannot be: NaN or infinite, a negative
population, a percentage outside [0, 1], a formula that divides by zero.
"""
