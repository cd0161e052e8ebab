"""Distributions of model inputs for :meth:`Model.monte_carlo`, :meth:`Model.sobol`,
:meth:`Model.tornado` and :meth:`Model.morris`.

Every distribution is in the parameter's own unit (a percentage as a fraction: 3% is
0.03). Each constructor takes either absolute bounds or, with ``rel=``, a width relative to
the parameter's stated value: ``triangular(rel=0.5)`` is the triangular distribution from
50% below to 50% above the stated value with its mode at the stated value, whatever that
value is. Relative forms exist for ``uniform``, ``triangular``, ``pert`` and ``normal``
(whose 90% interval is then the stated value ± ``rel``).

The parameters are checked when a distribution is made: ``uniform(5, 3)`` raises
:class:`~workforce_impact.InvalidValueError`. Whether its support fits the parameter it is
given to (a fraction stays in [0, 1]) is checked when a model uses it.

Examples
--------
>>> import workforce_impact as wi
>>> wi.uniform(0.60, 0.77)
uniform(lo=0.6, hi=0.77)
>>> wi.triangular(rel=0.5)
triangular(rel=0.5)
>>> wi.triangular(1, 2, 4).mean
2.3333333333333335
>>> wi.normal(10, 2, lo=0).to_spec()
{'kind': 'normal', 'mean': 10.0, 'sd': 2.0, 'lo': 0.0, 'hi': None}
>>> wi.uniform(5, 3)
Traceback (most recent call last):
...
workforce_impact.exceptions.InvalidValueError: invalid value: uniform(lo=5, hi=3): lo must be <= hi, both finite
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Union

from workforce_impact import _core

__all__ = [
    "Distribution",
    "Uniform",
    "Triangular",
    "Pert",
    "Normal",
    "LogNormal",
    "Discrete",
    "Constant",
    "Relative",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "discrete",
    "constant",
    "as_distribution",
]

_Z95 = 1.6448536269514722


def _num(name: str, v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {v!r}") from None


def _field(spec: Mapping[str, Any], key: str) -> Any:
    """A required field of a spec dict; a missing one (or None) is an InvalidValueError, as
    when the core reads the same dict."""
    value = spec.get(key)
    if value is None:
        from workforce_impact.exceptions import InvalidValueError

        message = f"invalid value: cannot read the distribution {spec!r}: missing field '{key}'"
        err = InvalidValueError(message)
        err.errors = [message]
        raise err
    return value


def _bound(v: Optional[float]) -> Optional[float]:
    """A truncation bound for JSON: an infinite bound is None (JSON has no infinity)."""
    if v is None or math.isinf(v):
        return None
    return float(v)


class Distribution:
    """Base class of the distributions; ``to_spec()`` gives the plain dict the core reads."""

    __slots__ = ()

    def to_spec(self) -> dict[str, Any]:  # pragma: no cover - every subclass has one
        raise NotImplementedError

    @property
    def is_relative(self) -> bool:
        """True for a width around the parameter's stated value (``rel=``)."""
        return False

    def _check(self) -> None:
        try:
            text = json.dumps(self.to_spec(), allow_nan=False)
        except ValueError:
            from workforce_impact.exceptions import InvalidValueError

            message = f"invalid value: {self!r}: lo, hi, mode, mean and the like must be finite"
            err = InvalidValueError(message)
            err.errors = [message]
            raise err from None
        _core.check_spec(text)

    @staticmethod
    def from_spec(spec: Mapping[str, Any]) -> Distribution:
        """The distribution described by a spec dict (the inverse of :meth:`to_spec`).

        Examples
        --------
        >>> from workforce_impact.distributions import Distribution
        >>> Distribution.from_spec({"kind": "triangular", "lo": 1, "mode": 2, "hi": 3})
        triangular(lo=1.0, mode=2.0, hi=3.0)
        >>> Distribution.from_spec({"shape": "uniform", "rel": 0.2})
        uniform(rel=0.2)
        """
        spec = dict(spec)
        if "kind" not in spec:
            if "shape" in spec and "rel" in spec:
                return Relative(str(spec["shape"]), _num("rel", _field(spec, "rel")))
            raise ValueError(f"a distribution spec needs 'kind' (or 'shape' and 'rel'): {spec!r}")
        kind = spec["kind"]

        def num(key: str) -> float:
            return _num(key, _field(spec, key))

        if kind == "uniform":
            return Uniform(num("lo"), num("hi"))
        if kind == "triangular":
            return Triangular(num("lo"), num("mode"), num("hi"))
        if kind == "pert":
            return Pert(num("lo"), num("mode"), num("hi"))
        if kind == "normal":
            lo, hi = spec.get("lo"), spec.get("hi")
            return Normal(
                num("mean"),
                num("sd"),
                -math.inf if lo is None else _num("lo", lo),
                math.inf if hi is None else _num("hi", hi),
            )
        if kind in ("log-normal", "lognormal"):
            if "p5" in spec:
                return lognormal(_field(spec, "p5"), _field(spec, "p95"))
            return LogNormal(num("mu"), num("sigma"))
        if kind == "discrete":
            return Discrete(
                tuple(_num("values", v) for v in _field(spec, "values")),
                tuple(_num("weights", w) for w in _field(spec, "weights")),
            )
        if kind == "constant":
            return Constant(num("value"))
        raise ValueError(f"unknown distribution kind {kind!r}")


@dataclass(frozen=True, repr=False)
class Relative(Distribution):
    """``shape`` (``uniform``, ``triangular``, ``pert`` or ``normal``) around the
    parameter's stated value, ``rel`` of it wide on either side."""

    shape: str
    rel: float

    def to_spec(self) -> dict[str, Any]:
        return {"shape": self.shape, "rel": float(self.rel)}

    @property
    def is_relative(self) -> bool:
        return True

    def around(self, value: float) -> Distribution:
        """The absolute distribution around ``value``.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> wi.triangular(rel=0.5).around(0.04)
        triangular(lo=0.02, mode=0.04, hi=0.06)
        """
        lo, hi = value - self.rel * abs(value), value + self.rel * abs(value)
        if self.shape == "uniform":
            return Uniform(lo, hi)
        if self.shape == "triangular":
            return Triangular(lo, value, hi)
        if self.shape == "pert":
            return Pert(lo, value, hi)
        return Normal(value, self.rel * abs(value) / _Z95)

    def __repr__(self) -> str:
        return f"{self.shape}(rel={self.rel:g})"


@dataclass(frozen=True, repr=False)
class Uniform(Distribution):
    """Every value in [lo, hi] equally likely."""

    lo: float
    hi: float

    def to_spec(self) -> dict[str, Any]:
        return {"kind": "uniform", "lo": float(self.lo), "hi": float(self.hi)}

    @property
    def mean(self) -> float:
        return (self.lo + self.hi) / 2

    def __repr__(self) -> str:
        return f"uniform(lo={self.lo!r}, hi={self.hi!r})"


@dataclass(frozen=True, repr=False)
class Triangular(Distribution):
    """The triangular distribution from lo to hi, peaking at mode."""

    lo: float
    mode: float
    hi: float

    def to_spec(self) -> dict[str, Any]:
        return {"kind": "triangular", "lo": float(self.lo), "mode": float(self.mode), "hi": float(self.hi)}

    @property
    def mean(self) -> float:
        return (self.lo + self.mode + self.hi) / 3

    def __repr__(self) -> str:
        return f"triangular(lo={self.lo!r}, mode={self.mode!r}, hi={self.hi!r})"


@dataclass(frozen=True, repr=False)
class Pert(Distribution):
    """The beta-PERT distribution from lo to hi with mode ``mode``: mean (lo + 4 mode + hi)/6."""

    lo: float
    mode: float
    hi: float

    def to_spec(self) -> dict[str, Any]:
        return {"kind": "pert", "lo": float(self.lo), "mode": float(self.mode), "hi": float(self.hi)}

    @property
    def mean(self) -> float:
        return (self.lo + 4 * self.mode + self.hi) / 6

    def __repr__(self) -> str:
        return f"pert(lo={self.lo!r}, mode={self.mode!r}, hi={self.hi!r})"


@dataclass(frozen=True, repr=False)
class Normal(Distribution):
    """A normal distribution, truncated to [lo, hi] when either bound is finite."""

    mean: float
    sd: float
    lo: float = -math.inf
    hi: float = math.inf

    def to_spec(self) -> dict[str, Any]:
        return {
            "kind": "normal",
            "mean": float(self.mean),
            "sd": float(self.sd),
            "lo": _bound(self.lo),
            "hi": _bound(self.hi),
        }

    def __repr__(self) -> str:
        bounds = ""
        if not math.isinf(self.lo):
            bounds += f", lo={self.lo!r}"
        if not math.isinf(self.hi):
            bounds += f", hi={self.hi!r}"
        return f"normal(mean={self.mean!r}, sd={self.sd!r}{bounds})"


@dataclass(frozen=True, repr=False)
class LogNormal(Distribution):
    """ln X ~ N(mu, sigma)."""

    mu: float
    sigma: float

    def to_spec(self) -> dict[str, Any]:
        return {"kind": "log-normal", "mu": float(self.mu), "sigma": float(self.sigma)}

    @property
    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)

    def __repr__(self) -> str:
        return f"lognormal(mu={self.mu!r}, sigma={self.sigma!r})"


@dataclass(frozen=True, repr=False)
class Discrete(Distribution):
    """``values[i]`` with probability ``weights[i] / sum(weights)``."""

    values: tuple[float, ...]
    weights: tuple[float, ...]

    def to_spec(self) -> dict[str, Any]:
        return {"kind": "discrete", "values": list(self.values), "weights": list(self.weights)}

    @property
    def mean(self) -> float:
        total = sum(self.weights)
        mean = sum(v * w for v, w in zip(self.values, self.weights)) / total
        if math.isinf(mean):  # v * w overflowed (values near the float max): normalise first
            mean = sum(v * (w / total) for v, w in zip(self.values, self.weights))
        return mean

    def __repr__(self) -> str:
        return f"discrete(values={list(self.values)!r}, weights={list(self.weights)!r})"


@dataclass(frozen=True, repr=False)
class Constant(Distribution):
    """Always ``value`` (a degenerate distribution)."""

    value: float

    def to_spec(self) -> dict[str, Any]:
        return {"kind": "constant", "value": float(self.value)}

    @property
    def mean(self) -> float:
        return self.value

    def __repr__(self) -> str:
        return f"constant({self.value!r})"


def _relative(shape: str, rel: Any, given: Sequence[Any]) -> Relative:
    if any(v is not None for v in given):
        raise TypeError(f"{shape}(): give either the bounds or rel=, not both")
    d = Relative(shape, _num("rel", rel))
    d._check()
    return d


def _checked(d: Distribution) -> Distribution:
    d._check()
    return d


def uniform(lo: Optional[float] = None, hi: Optional[float] = None, *, rel: Optional[float] = None) -> Distribution:
    """Uniform on [lo, hi]; ``uniform(rel=0.2)`` is ±20% around the stated value.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.uniform(1800, 2100).mean
    1950.0
    >>> wi.uniform(rel=0.2).to_spec()
    {'shape': 'uniform', 'rel': 0.2}
    """
    if rel is not None:
        return _relative("uniform", rel, (lo, hi))
    if lo is None or hi is None:
        raise TypeError("uniform() needs lo and hi, or rel=")
    return _checked(Uniform(_num("lo", lo), _num("hi", hi)))


def triangular(
    lo: Optional[float] = None,
    mode: Optional[float] = None,
    hi: Optional[float] = None,
    *,
    rel: Optional[float] = None,
) -> Distribution:
    """Triangular from lo to hi with its peak at mode; ``triangular(rel=0.5)`` is ±50%
    around the stated value, peaking at it.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.triangular(0.02, 0.04, 0.06)
    triangular(lo=0.02, mode=0.04, hi=0.06)
    """
    if rel is not None:
        return _relative("triangular", rel, (lo, mode, hi))
    if lo is None or mode is None or hi is None:
        raise TypeError("triangular() needs lo, mode and hi, or rel=")
    return _checked(Triangular(_num("lo", lo), _num("mode", mode), _num("hi", hi)))


def pert(
    lo: Optional[float] = None,
    mode: Optional[float] = None,
    hi: Optional[float] = None,
    *,
    rel: Optional[float] = None,
) -> Distribution:
    """Beta-PERT from lo to hi with mode ``mode``; ``pert(rel=0.5)`` is ±50% around the
    stated value.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.pert(0, 1, 8).mean
    2.0
    """
    if rel is not None:
        return _relative("pert", rel, (lo, mode, hi))
    if lo is None or mode is None or hi is None:
        raise TypeError("pert() needs lo, mode and hi, or rel=")
    return _checked(Pert(_num("lo", lo), _num("mode", mode), _num("hi", hi)))


def normal(
    mean: Optional[float] = None,
    sd: Optional[float] = None,
    *,
    lo: Optional[float] = None,
    hi: Optional[float] = None,
    rel: Optional[float] = None,
) -> Distribution:
    """Normal with ``mean`` and ``sd``, truncated to [lo, hi] when given (a fraction or a
    count must be truncated at 0). ``normal(rel=0.3)`` has the stated value ± 30% as its
    90% interval.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.normal(0.68, 0.05, lo=0, hi=1)
    normal(mean=0.68, sd=0.05, lo=0.0, hi=1.0)
    >>> wi.normal(1, -1)
    Traceback (most recent call last):
    ...
    workforce_impact.exceptions.InvalidValueError: invalid value: normal(mean=1, sd=-1): sd must be finite and >= 0
    """
    if rel is not None:
        if lo is not None or hi is not None:
            raise TypeError("normal(rel=...) is not truncated; give mean and sd to truncate")
        return _relative("normal", rel, (mean, sd))
    if mean is None or sd is None:
        raise TypeError("normal() needs mean and sd, or rel=")
    return _checked(
        Normal(
            _num("mean", mean),
            _num("sd", sd),
            -math.inf if lo is None else _num("lo", lo),
            math.inf if hi is None else _num("hi", hi),
        )
    )


def lognormal(
    p5: Optional[float] = None,
    p95: Optional[float] = None,
    *,
    mu: Optional[float] = None,
    sigma: Optional[float] = None,
) -> Distribution:
    """Lognormal with 5th and 95th percentiles ``p5`` and ``p95`` (or ``mu`` and ``sigma``
    of ln X): for a positive quantity known to within a factor.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> d = wi.lognormal(2, 8)
    >>> round(d.mu, 6), round(d.sigma, 6)
    (1.386294, 0.421404)
    """
    if mu is not None or sigma is not None:
        if p5 is not None or p95 is not None or mu is None or sigma is None:
            raise TypeError("lognormal() needs p5 and p95, or mu= and sigma=")
        return _checked(LogNormal(_num("mu", mu), _num("sigma", sigma)))
    if p5 is None or p95 is None:
        raise TypeError("lognormal() needs p5 and p95, or mu= and sigma=")
    spec = _core.lognormal_from_interval(_num("p5", p5), _num("p95", p95))
    return _checked(LogNormal(spec[0], spec[1]))


def discrete(values: Sequence[float], weights: Optional[Sequence[float]] = None) -> Distribution:
    """One of ``values``, with probabilities proportional to ``weights`` (equal when
    omitted).

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.discrete([1800, 2000], [1, 3]).mean
    1950.0
    """
    vals = tuple(_num("values", v) for v in values)
    ws = tuple(1.0 for _ in vals) if weights is None else tuple(_num("weights", w) for w in weights)
    return _checked(Discrete(vals, ws))


def constant(value: float) -> Distribution:
    """Always ``value``: pins a parameter in a run.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.constant(0.68)
    constant(0.68)
    """
    return _checked(Constant(_num("value", value)))


DistributionLike = Union[Distribution, Mapping[str, Any], float, int]


def as_distribution(value: DistributionLike) -> Distribution:
    """A :class:`Distribution` from a distribution, a spec dict or a number (a constant).

    Examples
    --------
    >>> from workforce_impact.distributions import as_distribution
    >>> as_distribution(0.5)
    constant(0.5)
    >>> as_distribution({"kind": "uniform", "lo": 0, "hi": 1})
    uniform(lo=0.0, hi=1.0)
    """
    if isinstance(value, Distribution):
        return value
    if isinstance(value, Mapping):
        return Distribution.from_spec(value)
    if isinstance(value, bool):
        raise TypeError("a distribution cannot be a bool")
    if isinstance(value, (int, float)):
        return Constant(float(value))
    try:
        return Constant(float(value))  # numpy scalars
    except (TypeError, ValueError):
        raise TypeError(
            f"expected a distribution (wi.uniform(...), a spec dict or a number), got {value!r}"
        ) from None
