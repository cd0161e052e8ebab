"""Model: keeps its Rust object and converts its results to pandas (its evaluations and
explanations are in _evaluation.py and _explanation.py)."""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from workforce_impact import _core, _provenance
from workforce_impact._evaluation import Evaluation
from workforce_impact._excel import ExcelMixin
from workforce_impact._explanation import Explanation
from workforce_impact._trajectory import TrajectoryMixin
from workforce_impact._trajectory_montecarlo import TrajectoryMonteCarloMethods
from workforce_impact._regions import RegionsMixin
from workforce_impact._ledger import LedgerModelMixin
from workforce_impact._cashflow import CashFlowsMixin
from workforce_impact._monitor import MonitorMixin

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from workforce_impact._montecarlo import MonteCarloResult, MonteCarloShard
    from workforce_impact.distributions import Distribution

__all__ = ["Model", "Evaluation", "Explanation", "builtins", "sectors"]


def builtins() -> list[str]:
    """Ids of the models shipped with the package.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.builtins()
    ['nml-2023', 'beweeghuis-artrose']
    """
    return list(_core.builtins())


def sectors() -> dict[str, str]:
    """The care sectors a component can land in, id to name.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> wi.sectors()["msz"]
    'Medisch-specialistische zorg'
    """
    return dict(_core.sectors())


def _invalid(message: str) -> Exception:
    """An InvalidValueError raised from Python, with the same attributes as the core's."""
    from workforce_impact.exceptions import InvalidValueError

    message = f"invalid value: {message}"
    err = InvalidValueError(message)
    err.errors = [message]
    return err


def _count(name: str, value: Any, minimum: int = 1) -> int:
    """A whole number >= minimum, or InvalidValueError."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if value < minimum:
        raise _invalid(f"{name} must be at least {minimum}, got {value}")
    if value >= 2**64:
        raise _invalid(f"{name} is too large: {value}")
    return value


def _overrides(overrides: Mapping[str, float] | None) -> dict[str, float] | None:
    """Overrides as floats; one too large for a float is an InvalidValueError naming it (the
    core would see an OverflowError from the conversion instead)."""
    if overrides is None:
        return None
    out = dict(overrides)
    for name, value in out.items():
        try:
            float(value)
        except OverflowError:
            raise _invalid(f"override '{name}': {value!r} is too large for a number") from None
        except (TypeError, ValueError):
            pass  # not a number at all: the core says so, naming the parameter
    return out


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _groups(
    groups: Any, names: list[str], theme_of: Mapping[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """Sobol groups as (group, [parameter names]) pairs. ``"initiative"`` groups each
    initiative's (or shared business case's) own parameters; ``"theme"`` groups those of
    the initiatives of one theme (``theme_of`` maps initiative id to theme id). Global
    parameters and region populations stay on their own."""
    if isinstance(groups, str):
        if groups not in ("initiative", "theme"):
            raise ValueError(f"groups={groups!r}: give a dict, 'initiative' or 'theme'")
        out: dict[str, list[str]] = {}
        for name in names:
            key = name.split(".", 1)[0] if "." in name else name
            if groups == "theme" and theme_of is not None:
                key = theme_of.get(key, key)
            out.setdefault(key, []).append(name)
        return list(out.items())
    return [(str(g), [str(m) for m in members]) for g, members in dict(groups).items()]


class Model(
    TrajectoryMixin, TrajectoryMonteCarloMethods, ExcelMixin, RegionsMixin, LedgerModelMixin, MonitorMixin, CashFlowsMixin
):
    """A loaded, unit-checked model of a portfolio of initiatives.

    Load one with :meth:`builtin`, :meth:`from_file`, :meth:`from_toml` or build one
    with :class:`ModelBuilder`. Every formula has been checked to come out in persons.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> len(model.initiatives)
    42
    >>> model.initiatives[4]
    'buikpijnteam'
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Model) -> None:
        if not isinstance(core, _core.Model):
            raise TypeError(
                "use Model.builtin, Model.from_file, Model.from_toml or ModelBuilder to make a Model"
            )
        self._core = core

    def __getstate__(self) -> dict[str, Any]:
        return {"toml": self._core.to_toml(), "origin": self._core.origin}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._core = _core.Model.from_toml(state["toml"], state["origin"])

    # -- loading ---------------------------------------------------------------------

    @classmethod
    def builtin(cls, id: str) -> Model:
        """A model shipped with the package, by id (see :func:`builtins`).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> wi.Model.builtin("nml-2023").target_year
        2032
        """
        return cls(_core.Model.builtin(id))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Model:
        """Loads a model file (TOML, see docs/model-format.md).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import workforce_impact as wi
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.toml"
        >>> _ = path.write_text(wi.Model.builtin("nml-2023").to_toml(), encoding="utf-8")
        >>> wi.Model.from_file(path).id
        'nml-2023'
        """
        return cls(_core.Model.from_path(os.fspath(path)))

    @classmethod
    def from_toml(cls, text: str, name: str = "<string>") -> Model:
        """Loads a model from TOML text; ``name`` appears in error messages.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> text = '''
        ... [model]
        ... id = "tiny"
        ... [parameters]
        ... annual_hours = { value = 2000, unit = "h/(FTE*yr)" }
        ... part_time_factor = { value = "68%", unit = "FTE/person" }
        ... [[themes]]
        ... id = "t"
        ... [[initiatives]]
        ... id = "a"
        ... theme = "t"
        ... [[initiatives.components]]
        ... sector = "msz"
        ... formula = "10000[h/yr] / annual_hours / part_time_factor"
        ... '''
        >>> round(wi.Model.from_toml(text).evaluate().total, 2)
        7.35
        """
        try:
            core = _core.Model.from_toml(text, name)
        except UnicodeEncodeError as e:
            # a lone surrogate (text decoded with errors="surrogateescape") is no text to parse
            from workforce_impact.exceptions import ParseError

            message = f"{name}: malformed model file: not valid Unicode at character {e.start}"
            err = ParseError(message)
            err.errors = [message]
            raise err from None
        return cls(core)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "<builder>") -> Model:
        """Loads a model from a dict shaped like the TOML file, checked like a file.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> data = {
        ...     "model": {"id": "tiny"},
        ...     "parameters": {"staff": {"value": 3, "unit": "person"}},
        ...     "themes": [{"id": "t"}],
        ...     "initiatives": [
        ...         {"id": "a", "theme": "t", "components": [{"sector": "vvt", "formula": "staff"}]}
        ...     ],
        ... }
        >>> wi.Model.from_dict(data).evaluate().total
        3.0
        """
        return cls(_core.Model.from_dict(dict(data), name))

    # -- what is in it ---------------------------------------------------------------

    @property
    def id(self) -> str:
        """The model's id."""
        return self._core.id

    @property
    def title(self) -> str:
        """The model's title."""
        return self._core.title

    @property
    def source(self) -> str | None:
        """The document the model encodes."""
        return self._core.source

    @property
    def region(self) -> str | None:
        """The region whose shortage the portfolio is set against."""
        return self._core.region

    @property
    def target_year(self) -> int | None:
        """The year of the shortage projection the portfolio is set against."""
        return self._core.target_year

    @property
    def origin(self) -> str:
        """Where the model came from: a path, ``builtin:<id>``, ``<string>`` or ``<builder>``."""
        return self._core.origin

    @property
    def initiatives(self) -> list[str]:
        """Ids of the initiatives, in model order."""
        return list(self._core.initiatives)

    @property
    def themes(self) -> dict[str, str]:
        """Theme id to theme name, in model order."""
        return dict(self._core.themes())

    def parameters(self) -> pd.DataFrame:
        """Every parameter with its value as stated, unit and provenance.

        Returns
        -------
        pandas.DataFrame
            One row per parameter: ``name`` (qualified: ``part_time_factor``,
            ``buikpijnteam.reduction``, ``nml.population``), ``value`` (a percentage as a
            fraction), ``unit``, ``source``, ``kind``, ``scope`` (``global``, a region,
            shared case or initiative id), ``formula`` (derived parameters) and ``note``.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").parameters()
        >>> row = df.set_index("name").loc["part_time_factor"]
        >>> print(row.value, row.unit, row.source)
        0.68 FTE/person AZW Info
        """
        import pandas as pd

        return pd.DataFrame(self._core.parameters())

    # -- computing -------------------------------------------------------------------

    def evaluate(self, overrides: Mapping[str, float] | None = None) -> Evaluation:
        """Computes every initiative, with some parameters set to other values.

        Parameters
        ----------
        overrides
            Qualified parameter name to value in the parameter's own unit (a percentage
            as a fraction: 3% is 0.03). Unknown names raise
            :class:`UnknownParameterError`, impossible values :class:`InvalidValueError`.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> round(model.evaluate().total, 1)
        1633.3
        >>> round(model.evaluate({"part_time_factor": 0.6}).total, 1) > 1633.3
        True
        """
        return Evaluation(self._core.evaluate(_overrides(overrides)), self)

    def evaluate_batch(
        self, names: Sequence[str], X: Any, per_initiative: bool = False
    ) -> np.ndarray:
        """Evaluates the model once per row of ``X``, for samplers you bring yourself
        (SALib, ``scipy.stats.qmc``).

        Parameters
        ----------
        names
            Qualified parameter names, one per column of ``X``.
        X
            A 2-D array of values, each in its parameter's unit (rows = input vectors).
        per_initiative
            Return persons per initiative (rows x initiatives, columns in
            :attr:`initiatives` order) instead of the portfolio total per row.

        Examples
        --------
        >>> import numpy as np, workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> X = np.array([[0.68, 2000.0], [0.60, 1800.0]])
        >>> totals = model.evaluate_batch(["part_time_factor", "annual_hours"], X)
        >>> round(float(totals[0]), 1), bool(totals[1] > totals[0])
        (1633.3, True)
        """
        import numpy as np

        matrix = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
        if matrix.ndim != 2:
            raise ValueError(f"X must be 2-D (rows x parameters), got {matrix.ndim}-D")
        return self._core.evaluate_batch(list(names), matrix, per_initiative)

    def sweep(self, grid: Mapping[str, Sequence[float]]) -> pd.DataFrame:
        """Evaluates every point of the cartesian product of ``grid``.

        Returns one row per point: the parameter values, ``total`` (persons) and
        ``share_of_shortage``.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").sweep(
        ...     {"part_time_factor": [0.6, 0.68, 0.77], "annual_hours": [1800, 2000, 2100]})
        >>> len(df), list(df.columns)
        (9, ['part_time_factor', 'annual_hours', 'total', 'share_of_shortage'])
        """
        import numpy as np
        import pandas as pd

        names = list(grid)
        # The core expands the grid, refusing one too large to hold before allocating it.
        X = _core.grid_rows([(n, [float(v) for v in grid[n]]) for n in names])
        df = pd.DataFrame(X, columns=names)
        df["total"] = self.evaluate_batch(names, X)
        shortage = self.evaluate().shortage
        df["share_of_shortage"] = df["total"] / shortage if shortage else np.nan
        return df

    # -- uncertainty and sensitivity -------------------------------------------------------

    def _inputs_json(self, dists: Mapping[str, Any]) -> str:
        import json

        from workforce_impact.distributions import as_distribution

        if not isinstance(dists, Mapping):
            raise TypeError("dists must be a dict of parameter name to distribution")
        items = [
            {"name": str(k), "spec": dict(v) if isinstance(v, Mapping) else as_distribution(v).to_spec()}
            for k, v in dists.items()
        ]
        try:
            return json.dumps(items, allow_nan=False)
        except ValueError:
            raise _invalid("a distribution's parameters must be finite numbers") from None

    def assumptions(self, rel: float = 0.5, shape: str = "triangular", kinds: str | Sequence[str] = ("assumption",)) -> dict[str, Distribution]:
        return _provenance.assumptions(self, rel, shape, kinds)

    assumptions.__doc__ = _provenance.assumptions.__doc__

    warnings = property(_provenance.warnings)

    def uncertainty_presets(self, presets: Sequence[str] = _provenance.PRESETS, **kw: Any) -> pd.DataFrame:
        return _provenance.uncertainty_presets(self, presets, **kw)

    uncertainty_presets.__doc__ = _provenance.uncertainty_presets.__doc__

    def resolve(self, dists: Mapping[str, Any]) -> dict[str, Distribution]:
        """``dists`` with every relative width turned into the absolute distribution
        around the parameter's stated value, each checked against the parameter.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> wi.Model.builtin("nml-2023").resolve({"part_time_factor": wi.uniform(rel=0.1)})
        {'part_time_factor': uniform(lo=0.6120000000000001, hi=0.748)}
        """
        import json

        from workforce_impact.distributions import Distribution

        items = json.loads(self._core.resolve_inputs(self._inputs_json(dists)))
        return {it["name"]: Distribution.from_spec(it["spec"]) for it in items}

    def monte_carlo(
        self,
        dists: Mapping[str, Any],
        n: int = 10_000,
        seed: int = 0,
        *,
        sampler: str = "random",
        correlations: Sequence[tuple[str, str, float]] = (),
        targets: Sequence[float] = (0.35,),
        detail: bool = False,
        shards: tuple[int, int] | None = None,
        progress: Any = None,
    ) -> MonteCarloResult:
        """Samples the inputs ``n`` times and gathers the statistics of the total and the
        share of the shortage, and with ``detail=True`` of every initiative, theme and
        sector.

        Parameters
        ----------
        dists
            Qualified parameter name to a distribution (``wi.uniform(0.6, 0.77)``,
            ``wi.triangular(rel=0.5)``, a spec dict, or a number to pin it). Parameters
            not named keep their stated values; derived parameters follow their inputs.
        n, seed
            Samples and seed. The same seed gives the same result whatever the number of
            threads (``WORKFORCE_IMPACT_THREADS`` caps them) or shards.
        sampler
            ``"random"``, ``"latin-hypercube"`` or ``"sobol"`` (quasi-random).
        correlations
            ``(a, b, rho)``: Spearman rank correlations between inputs (Iman–Conover).
        targets
            Shares whose probability :meth:`MonteCarloResult.prob_share_at_least` counts
            exactly.
        detail
            Also keep statistics (mean, sd, quantiles, histogram) per initiative, theme and
            sector, for ``of="<id>"`` and ``to_pandas(kind="initiative")``. Off by default:
            on the reference model it takes about three times as long as the total and
            share alone. Turning it on changes no figure of the total or the share (same
            seed, same bits).
        shards
            ``(index, count)``: run only that part of the samples. The results of all
            ``count`` shards merge (:meth:`MonteCarloResult.merge_all`) into exactly the
            whole run's; see :meth:`monte_carlo_shards` to hand them to an executor.
        progress
            ``True`` shows a tqdm bar, ``False`` none, a callable is called with
            ``(samples done, samples in all)``; by default a bar shows in a notebook.

        Raises
        ------
        UnknownParameterError
            A name that is not a parameter.
        InvalidValueError
            ``n < 1``, bad distribution parameters, or a distribution whose support leaves
            the parameter's valid range (a fraction outside [0, 1], a negative count).
        KeyboardInterrupt
            Ctrl-C (or an interrupted kernel) stops a long run between chunks.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> dists = {**model.assumptions(0.5, "triangular"),
        ...          "part_time_factor": wi.uniform(0.60, 0.77),
        ...          "annual_hours": wi.uniform(1800, 2100)}
        >>> r = model.monte_carlo(dists, n=5000, seed=2023)
        >>> lo, mid, hi = r.share_quantiles([0.05, 0.5, 0.95])
        >>> bool(lo < 0.35 < hi)
        True
        """
        from workforce_impact._montecarlo import MonteCarloResult, _Progress

        n = _count("n", n)
        seed = _count("seed", seed, minimum=0)
        inputs = self._inputs_json(dists)
        shard = None
        if shards is not None:
            if isinstance(shards, int) or len(shards) != 2:
                raise TypeError("shards must be (index, count), e.g. shards=(0, 4)")
            shard = (_count("shard index", shards[0], minimum=0), _count("shard count", shards[1]))
            if not shard[0] < shard[1]:
                raise _invalid(f"shards={shard}: need 0 <= index < count")
        pairs = []
        for c in correlations:
            a, b, rho = c
            pairs.append((str(a), str(b), float(rho)))
        tgt = [float(t) for t in targets]
        bar = _Progress(progress, n, shard is not None)
        try:
            stats = self._core.monte_carlo(
                inputs,
                n,
                seed,
                sampler=str(sampler),
                correlations=pairs,
                targets=tgt,
                detail=bool(detail),
                shard=shard,
                progress=bar if bar.active else None,
            )
        finally:
            bar.close()
        import json

        meta: dict[str, Any] = {
            "model": self.id,
            "model_toml_hash": _digest(self._core.to_toml()),
            "inputs": {it["name"]: it["spec"] for it in json.loads(inputs)},
            "n_requested": n,
            "seed": seed,
            "sampler": str(sampler),
            "correlations": [list(p) for p in pairs],
            "targets": tgt,
            "detail": bool(detail),
        }
        if shard is not None:
            meta["shards"] = [shard[0]]
            meta["shard_count"] = shard[1]
        return MonteCarloResult(stats, meta)

    def monte_carlo_shards(
        self, dists: Mapping[str, Any], n: int, seed: int, count: int, **options: Any
    ) -> list[MonteCarloShard]:
        """The ``count`` shards of one Monte Carlo run as picklable callables, for any
        executor (``concurrent.futures``, Dask, Ray): run each (``shard()``) anywhere,
        then :meth:`MonteCarloResult.merge_all` the results; the merge equals
        ``monte_carlo(dists, n, seed, **options)`` exactly.

        Examples
        --------
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> shards = model.monte_carlo_shards({"annual_hours": wi.uniform(1800, 2100)}, 4000, 1, 4)
        >>> with ThreadPoolExecutor(2) as pool:
        ...     parts = list(pool.map(lambda shard: shard(), shards))
        >>> merged = wi.MonteCarloResult.merge_all(parts)
        >>> merged.mean() == model.monte_carlo({"annual_hours": wi.uniform(1800, 2100)}, 4000, 1).mean()
        True
        """
        from workforce_impact._montecarlo import MonteCarloShard

        count = _count("count", count)
        most = _core.limits()["MAX_SHARDS"]
        if count > most:
            # the list of shards is made here, whole
            raise _invalid(f"count={count}: a run splits into at most {most} shards")
        options.pop("progress", None)
        return [
            MonteCarloShard(self, dict(dists), int(n), int(seed), i, count, dict(options))
            for i in range(count)
        ]

    def tornado(self, dists: Mapping[str, Any]) -> pd.DataFrame:
        """One input at a time at the low and the high end of its distribution (its
        support; the 5th and 95th percentile of an unbounded one), the others at their
        stated values: the swing of the total per input, widest first.

        Returns
        -------
        pandas.DataFrame
            ``name``, ``low``, ``high`` (the input's values), ``total_low``,
            ``total_high`` (persons), ``share_low``, ``share_high`` and ``swing``
            (``|total_high - total_low|``). ``df.attrs`` holds ``base_total`` and
            ``base_share``, the stated evaluation.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> df = model.tornado({"part_time_factor": wi.uniform(0.60, 0.77),
        ...                     "annual_hours": wi.uniform(1800, 2100)})
        >>> list(df.name)
        ['part_time_factor', 'annual_hours']
        """
        import pandas as pd

        rows = self._core.tornado(self._inputs_json(dists))
        columns = ["name", "low", "high", "total_low", "total_high", "share_low", "share_high", "swing"]
        df = pd.DataFrame(rows, columns=columns)
        for c in columns[1:]:
            df[c] = df[c].astype("float64")
        df = df.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
        base = self.evaluate()
        df.attrs["base_total"] = base.total
        df.attrs["base_share"] = base.share_of_shortage
        return df

    def sobol(
        self,
        dists: Mapping[str, Any],
        n: int = 1024,
        seed: int = 0,
        *,
        bootstrap: int = 100,
        groups: Mapping[str, Sequence[str]] | str | None = None,
    ) -> pd.DataFrame:
        """Sobol sensitivity indices of the total: the first-order index ``S1`` (the
        share of the variance an input explains on its own) and the total index ``ST``
        (with all its interactions), with bootstrap 95% half-widths ``S1_conf`` and
        ``ST_conf``. Uses ``n * (k + 2)`` evaluations for ``k`` inputs (or groups).

        Parameters
        ----------
        groups
            Indices per group of inputs instead of per input: a dict of group name to
            parameter names, ``"initiative"`` to group each initiative's own parameters,
            or ``"theme"`` to group those of each theme's initiatives (global parameters
            and a shared business case's each stay on their own), or ``"kind"`` to group
            inputs by provenance class (``unsourced``, ``assumption``, ...).

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> df = model.sobol({"part_time_factor": wi.uniform(0.60, 0.77),
        ...                   "annual_hours": wi.uniform(1800, 2100)}, n=512, seed=1)
        >>> list(df.columns)
        ['name', 'S1', 'S1_conf', 'ST', 'ST_conf']
        >>> bool(df.S1.sum() > 0.9)
        True
        """
        import pandas as pd

        n = _count("n", n)
        seed = _count("seed", seed, minimum=0)
        group_list = None
        if groups is not None:
            theme_of = None
            if groups == "theme":
                table = self.evaluate().to_pandas()
                theme_of = dict(zip(table["id"], table["theme"]))
            group_list = _provenance.kind_groups(self, list(dists)) if groups == "kind" else _groups(groups, list(dists), theme_of)
        bootstrap = _count("bootstrap", bootstrap, minimum=0)
        rows = self._core.sobol(self._inputs_json(dists), n, seed, bootstrap, group_list)
        df = pd.DataFrame(rows, columns=["name", "s1", "s1_conf", "st", "st_conf"])
        df = df.rename(columns={"s1": "S1", "s1_conf": "S1_conf", "st": "ST", "st_conf": "ST_conf"})
        for c in ("S1", "S1_conf", "ST", "ST_conf"):
            df[c] = df[c].astype("float64")
        return df

    def morris(
        self, dists: Mapping[str, Any], trajectories: int = 20, levels: int = 4, seed: int = 0
    ) -> pd.DataFrame:
        """Morris elementary effects, a cheap screening: ``mu`` (mean effect), ``mu_star``
        (mean absolute effect: how much an input matters) and ``sigma`` (how much its
        effect depends on the others), in persons, per input.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> df = model.morris({"part_time_factor": wi.uniform(0.60, 0.77),
        ...                    "annual_hours": wi.uniform(1800, 2100)}, seed=1)
        >>> list(df.columns)
        ['name', 'mu', 'mu_star', 'sigma']
        """
        import pandas as pd

        rows = self._core.morris(
            self._inputs_json(dists),
            _count("trajectories", trajectories),
            _count("levels", levels, minimum=2),
            _count("seed", seed, minimum=0),
        )
        df = pd.DataFrame(rows, columns=["name", "mu", "mu_star", "sigma"])
        for c in ("mu", "mu_star", "sigma"):
            df[c] = df[c].astype("float64")
        return df

    def explain(self, initiative_id: str, overrides: Mapping[str, float] | None = None) -> Explanation:
        """Every step of one initiative's figure: inputs with value, unit and source, each
        operation with its intermediate value and unit, ending in persons.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> x = wi.Model.builtin("nml-2023").explain("buikpijnteam")
        >>> x.status, round(x.computed, 2)
        ('differs', 1.38)
        >>> print(x)  # doctest: +ELLIPSIS
        Buikpijnteam (buikpijnteam)
        ...
        """
        text, data = self._core.explain(
            initiative_id, None if overrides is None else dict(overrides)
        )
        return Explanation(text, data)

    @property
    def scenarios(self) -> dict[str, dict[str, float]]:
        """The named sets of overrides declared in the model file, by id.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> wi.Model.builtin("nml-2023").scenarios["deeltijd-60"]
        {'part_time_factor': 0.6}
        """
        return {sid: dict(overrides) for sid, _name, _desc, overrides in self._core.scenarios()}

    def compare(self, scenarios: Mapping[str, Mapping[str, float]] | None = None) -> pd.DataFrame:
        """Scenarios side by side: one row per initiative, theme, sector, the total and the
        share of the shortage; one column per scenario, the stated values first.

        Parameters
        ----------
        scenarios
            Scenario id to overrides; the model's own :attr:`scenarios` when omitted.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> df = wi.Model.builtin("nml-2023").compare({"fewer-hours": {"annual_hours": 1800}})
        >>> list(df.columns)
        ['name', 'stated', 'fewer-hours']
        >>> round(float(df.loc[("total", "total"), "fewer-hours"]), 1)
        1682.4
        """
        import pandas as pd

        given = None if scenarios is None else [(k, dict(v)) for k, v in scenarios.items()]
        data = self._core.compare(given)
        index = pd.MultiIndex.from_tuples(
            [(r["level"], r["id"]) for r in data["rows"]], names=["level", "id"]
        )
        df = pd.DataFrame(
            [[float("nan") if v is None else v for v in r["values"]] for r in data["rows"]],
            index=index,
            columns=data["scenarios"],
        )
        df.insert(0, "name", [r["name"] for r in data["rows"]])
        return df

    def numpy_source(self, names: Sequence[str]) -> str:
        """The model's formulas as vectorised numpy: Python source defining ``evaluate(x)``,
        where ``x`` maps each of ``names`` to an array in the parameter's unit and the result
        is one array of persons per initiative. The baseline of ``benchmarks/``.

        Examples
        --------
        >>> import numpy as np, workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> namespace = {}
        >>> exec(model.numpy_source(["part_time_factor"]), namespace)
        >>> per_initiative = namespace["evaluate"]({"part_time_factor": np.array([0.68])})
        >>> round(float(sum(per_initiative)[0]), 1)
        1633.3
        """
        return self._core.numpy_source(list(names))

    from workforce_impact._report import report  # the HTML audit report (see _report.py)

    def to_toml(self) -> str:
        """The model as a TOML model file; loading it again gives the same model.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> again = wi.Model.from_toml(model.to_toml())
        >>> again.evaluate().total == model.evaluate().total
        True
        """
        return self._core.to_toml()

    def __repr__(self) -> str:
        return repr(self._core)

    def _repr_html_(self) -> str:
        params = self._core.parameters()
        kinds: dict[str, int] = {}
        for k in params["kind"]:
            kinds[k] = kinds.get(k, 0) + 1
        ids = self._core.initiatives
        rows = "".join(
            f"<tr><td>{html.escape(tid)}</td><td>{html.escape(name)}</td></tr>"
            for tid, name in self._core.themes()
        )
        kind_text = ", ".join(f"{n} {html.escape(k)}" for k, n in sorted(kinds.items()))
        return (
            f"<div><strong>{html.escape(self.title or self.id)}</strong> "
            f"(<code>{html.escape(self.id)}</code>)<br>"
            + (f"<small>{html.escape(self.source)}</small><br>" if self.source else "")
            + f"{len(ids)} initiatives, {len(params['name'])} parameters ({kind_text})"
            + (f"; shortage of region <code>{html.escape(self.region)}</code>" if self.region else "")
            + (f" in {self.target_year}" if self.target_year else "")
            + f"<table><thead><tr><th>theme</th><th>name</th></tr></thead><tbody>{rows}</tbody></table></div>"
        )
