"""The Monte Carlo over years (:meth:`Model.trajectory_monte_carlo`) and over regions
(:func:`monte_carlo_regions`): per year (and region) the quantiles of the total, of the
remaining shortage and of the share, and the exact probability of reaching a target share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workforce_impact._model import Model

__all__ = ["TrajectoryMonteCarloResult", "TrajectoryMonteCarloMethods", "monte_carlo_regions"]

#: The quantiles a summary shows unless asked for others: the median and the 50% and 90%
#: bands of the fan chart.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

_OF = ("total", "remaining", "share")


class TrajectoryMonteCarloResult:
    """Statistics of a Monte Carlo over years (and regions).

    Per region and year: the total persons freed (mean, sd, quantiles from a mergeable
    sketch), the shortage of that year, and for every target share given in ``targets=``
    the exact fraction of draws whose share of that year's shortage reached it. The
    remaining shortage and the share follow from the total: their quantiles are the
    total's, turned (``remaining = shortage - total``, ``share = total / shortage``).

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> r = model.trajectory_monte_carlo({"part_time_factor": wi.uniform(0.60, 0.77)},
    ...                                  n=2000, seed=1)
    >>> r.years[0], r.years[-1]
    (2023, 2032)
    >>> s = r.summary("share")
    >>> bool(s.loc[2032, "p05"] < s.loc[2032, "p50"] < s.loc[2032, "p95"])
    True
    """

    __slots__ = ("_stats", "_meta")

    def __init__(self, stats: _core.TrajectoryStats, meta: Mapping[str, Any]) -> None:
        self._stats = stats
        self._meta = dict(meta)

    def __getstate__(self) -> dict[str, Any]:
        return {"stats": self._stats.to_json(), "meta": self._meta}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._stats = _core.TrajectoryStats.from_json(state["stats"])
        self._meta = state["meta"]

    @property
    def n(self) -> int:
        """Draws included."""
        return int(self._stats.n)

    @property
    def years(self) -> list[int]:
        """The years, in order."""
        return list(self._stats.years)

    @property
    def regions(self) -> list[str]:
        """The region ids, in order (one, the model's own region, for a single model)."""
        return list(self._stats.regions)

    @property
    def meta(self) -> dict[str, Any]:
        """What the run was: model, inputs, n, seed, scenario, targets."""
        return dict(self._meta)

    def _region_index(self, region: str | None) -> int:
        regions = self.regions
        if region is None:
            if len(regions) > 1:
                raise ValueError(f"name a region: these results cover {', '.join(regions)}")
            return 0
        if region not in regions:
            raise KeyError(f"no region {region!r} in these results (regions: {', '.join(regions)})")
        return regions.index(region)

    def summary(self, of: str = "total", qs: Sequence[float] = QUANTILES, region: str | None = None) -> pd.DataFrame:
        """A DataFrame indexed by year: ``shortage``, ``stated`` (the exact value at the
        stated inputs), ``mean`` and one column per quantile (``p05``, ``p50``, ...) of
        ``of``: ``"total"`` (persons freed), ``"remaining"`` (shortage minus total) or
        ``"share"`` (of that year's shortage)."""
        import pandas as pd

        if of not in _OF:
            raise ValueError(f"of={of!r}: use one of {', '.join(_OF)}")
        qs = [float(q) for q in qs]
        r = self._region_index(region)
        rows = []
        for y, year in enumerate(self.years):
            mean, _sd, stated, shortage = self._stats.moments(r, y)
            if of == "remaining":
                # the q-quantile of shortage - total is shortage minus the (1-q)-quantile
                values = [shortage - v for v in self._stats.quantiles(r, y, [1.0 - q for q in qs])]
                mean, stated = shortage - mean, shortage - stated
            else:
                values = self._stats.quantiles(r, y, qs)
                if of == "share":
                    values = [v / shortage for v in values]
                    mean, stated = mean / shortage, stated / shortage
            row = {"year": year, "shortage": shortage, "stated": stated, "mean": mean}
            row.update({_label(q): v for q, v in zip(qs, values)})
            rows.append(row)
        return pd.DataFrame(rows).set_index("year")

    def prob_share_at_least(self, target: float, region: str | None = None) -> pd.Series:
        """P(share of that year's shortage >= ``target``) per year, exact (``target`` must be
        one of the run's ``targets=``)."""
        import pandas as pd

        r = self._region_index(region)
        values = [self._stats.prob_share_at_least(r, y, float(target)) for y in range(len(self.years))]
        return pd.Series(values, index=pd.Index(self.years, name="year"), name=f"P(share >= {target:g})")

    def by_region(self, year: int | None = None, target: float | None = None) -> pd.DataFrame:
        """One row per region for ``year`` (the last year unless given): shortage, stated
        total, mean, median and 5%/95% quantiles of the total and the share, and
        P(share >= ``target``) (the run's first target unless given)."""
        import pandas as pd

        years = self.years
        year = years[-1] if year is None else int(year)
        if year not in years:
            raise KeyError(f"year {year} is not in these results ({years[0]}..{years[-1]})")
        y = years.index(year)
        targets = list(self._stats.targets)
        if target is None and targets:
            target = targets[0]
        rows = []
        for r, region in enumerate(self.regions):
            mean, _sd, stated, shortage = self._stats.moments(r, y)
            p05, p50, p95 = self._stats.quantiles(r, y, [0.05, 0.5, 0.95])
            row = {
                "region": region,
                "year": year,
                "shortage": shortage,
                "stated": stated,
                "mean": mean,
                "p05": p05,
                "p50": p50,
                "p95": p95,
                "share_p50": p50 / shortage,
            }
            if target is not None:
                row[f"P(share >= {target:g})"] = self._stats.prob_share_at_least(r, y, float(target))
            rows.append(row)
        return pd.DataFrame(rows).set_index("region")

    def merge(self, other: TrajectoryMonteCarloResult) -> TrajectoryMonteCarloResult:
        """This result and another part of the same run together."""
        return TrajectoryMonteCarloResult(self._stats.merged(other._stats), self._meta)

    def plot(self, region: str | None = None, ax: Any = None, published: float | None = None) -> Any:
        """The fan chart of the remaining shortage by year (:func:`workforce_impact.plot.trajectory_fan`)."""
        from workforce_impact import plot

        return plot.trajectory_fan(self, region=region, ax=ax, published=published)

    def __repr__(self) -> str:
        return f"TrajectoryMonteCarloResult(n={self.n}, years={self.years[0]}..{self.years[-1]}, regions={len(self.regions)})"


def _label(q: float) -> str:
    text = f"{q * 100:g}".replace(".", "_")
    return f"p{text.zfill(2)}"


def _args(model: Model, dists: Mapping[str, Any], n: int, seed: int, sampler: str,
          correlations: Sequence[tuple[str, str, float]], targets: Sequence[float]) -> tuple[Any, ...]:
    from workforce_impact._model import _count

    n = _count("n", n)
    seed = _count("seed", seed, minimum=0)
    inputs = model._inputs_json(dists)
    pairs = [(str(a), str(b), float(rho)) for a, b, rho in correlations]
    return inputs, n, seed, str(sampler), pairs, [float(t) for t in targets]


def _meta(model: Model, args: tuple[Any, ...], scenario: str) -> dict[str, Any]:
    import json

    inputs, n, seed, sampler, pairs, targets = args
    return {
        "model": model.id,
        "inputs": {it["name"]: it["spec"] for it in json.loads(inputs)},
        "n": n,
        "seed": seed,
        "sampler": sampler,
        "correlations": [list(p) for p in pairs],
        "targets": targets,
        "scenario": scenario,
    }


class TrajectoryMonteCarloMethods:
    """The Monte Carlo over years, as a method of :class:`Model`."""

    __slots__ = ()

    def trajectory_monte_carlo(
        self: Model,  # type: ignore[misc]
        dists: Mapping[str, Any],
        n: int = 10_000,
        seed: int = 0,
        *,
        scenario: str = "baseline",
        sampler: str = "random",
        correlations: Sequence[tuple[str, str, float]] = (),
        targets: Sequence[float] = (0.35,),
        progress: Any = None,
    ) -> TrajectoryMonteCarloResult:
        """Samples the inputs ``n`` times, as :meth:`monte_carlo` does (same seed, same
        draws), and keeps per year of the horizon the statistics of the total and the exact
        P(share of that year's ``scenario`` shortage >= target) for each of ``targets``.
        A drawn parameter that grows over the years is drawn as its target-year value and
        keeps its profile. Memory does not grow with ``n``; Ctrl-C stops a long run.

        Raises
        ------
        UnknownParameterError, InvalidValueError
            As :meth:`monte_carlo`; also for a flow's retention among the inputs.
        ModelError
            A scenario without a shortage projection for every year.
        """
        from workforce_impact._montecarlo import _Progress

        args = _args(self, dists, n, seed, sampler, correlations, targets)
        bar = _Progress(progress, args[1], False)
        try:
            stats = _core.trajectory_monte_carlo(
                self._core, *args, str(scenario), progress=bar if bar.active else None
            )
        finally:
            bar.close()
        return TrajectoryMonteCarloResult(stats, _meta(self, args, str(scenario)))


def monte_carlo_regions(
    model: Model,
    regions: Any,
    dists: Mapping[str, Any],
    n: int = 10_000,
    seed: int = 0,
    *,
    shortages: Mapping[str, float] | None = None,
    scenario: str = "baseline",
    sampler: str = "random",
    correlations: Sequence[tuple[str, str, float]] = (),
    targets: Sequence[float] = (0.35,),
    progress: Any = None,
) -> TrajectoryMonteCarloResult:
    r"""One Monte Carlo over every region of ``regions`` (a :class:`RegionTable`; the model's
    own table when ``None``) and every year: ``model`` carried to each region (:meth:`Model.scale_to`, with ``shortages[id]``
    as that region's target-year shortage where given), all regions evaluated on the very
    same draws. :meth:`TrajectoryMonteCarloResult.by_region` gives P(share >= target) per
    region.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> table = wi.RegionTable.from_csv_text(  # NML as the regioplan states it, and a synthetic region
    ...     "id,name,population,population_65plus\n"
    ...     "nml,Noord- en Midden-Limburg,504908,122357\n"
    ...     "demo,Demoland (synthetic),1009816,244714\n")
    >>> r = wi.monte_carlo_regions(model, table, {"part_time_factor": wi.uniform(0.6, 0.77)},
    ...                            n=2000, seed=1, shortages={"demo": 9000})
    >>> r.regions
    ['nml', 'demo']
    >>> list(r.by_region()["shortage"])
    [4500.0, 9000.0]
    """
    from workforce_impact._montecarlo import _Progress

    args = _args(model, dists, n, seed, sampler, correlations, targets)
    given = [(str(k), float(v)) for k, v in (shortages or {}).items()]
    bar = _Progress(progress, args[1], False)
    try:
        stats = _core.regions_monte_carlo(
            model._core, (model.region_table() if regions is None else regions)._core, given, *args, str(scenario), progress=bar if bar.active else None
        )
    finally:
        bar.close()
    meta = _meta(model, args, str(scenario))
    meta["shortages"] = dict(given)
    return TrajectoryMonteCarloResult(stats, meta)
