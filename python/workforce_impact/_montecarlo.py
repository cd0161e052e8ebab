"""The result of :meth:`Model.monte_carlo`: statistics of the total, the share of the
shortage and every initiative, theme and sector, mergeable across shards."""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from workforce_impact._model import Model

__all__ = ["MonteCarloResult", "MonteCarloShard"]

_KINDS = ("initiative", "theme", "sector")


class MonteCarloResult:
    """Statistics of a Monte Carlo run (or of one shard of it).

    Every statistic is kept per group: ``total`` (persons) and ``share`` (of the shortage)
    always; ``initiative:<id>``, ``theme:<id>`` and ``sector:<id>`` when the run asked for
    them with ``model.monte_carlo(..., detail=True)`` (off by default, since it triples the
    run time; the total and share come out the same either way). Wherever a method takes
    ``of=``, a bare initiative, theme or sector id works too. Means, standard deviations, extremes and the probability of reaching a
    target share given in ``targets=`` are exact; quantiles, histograms and other
    probabilities come from a mergeable sketch (relative error well below 1%).

    Results of the shards of one run merge (:meth:`merge`, :meth:`merge_all`) into exactly
    the result of the whole run, and pickle, so they can come back from other processes.

    Examples
    --------
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> r = model.monte_carlo({"part_time_factor": wi.uniform(0.60, 0.77)}, n=2000, seed=1)
    >>> r.n
    2000
    >>> lo, hi = r.quantiles([0.05, 0.95])
    >>> bool(lo < model.evaluate().total < hi)
    True
    >>> 0.0 <= r.prob_share_at_least(0.35) <= 1.0
    True
    """

    __slots__ = ("_stats", "_meta")

    def __init__(self, stats: _core.MonteCarloStats, meta: Mapping[str, Any]) -> None:
        self._stats = stats
        self._meta = dict(meta)

    # -- pickling and merging ------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        return {"stats": self._stats.to_json(), "meta": self._meta}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._stats = _core.MonteCarloStats.from_json(state["stats"])
        self._meta = state["meta"]

    def to_json(self) -> str:
        """The statistics as JSON (:meth:`from_json` reads them back)."""
        import json

        return json.dumps({"stats": json.loads(self._stats.to_json()), "meta": self._meta})

    @classmethod
    def from_json(cls, text: str) -> MonteCarloResult:
        import json

        data = json.loads(text)
        return cls(_core.MonteCarloStats.from_json(json.dumps(data["stats"])), data["meta"])

    def _run_key(self) -> dict[str, Any]:
        return {k: v for k, v in self._meta.items() if k not in ("shards",)}

    def merge(self, other: MonteCarloResult) -> MonteCarloResult:
        """This result and ``other``'s (another shard of the same run) as one.

        Merging every shard of a run gives exactly the statistics of running it whole.
        """
        if not isinstance(other, MonteCarloResult):
            raise TypeError(f"can only merge a MonteCarloResult, not {type(other).__name__}")
        if self._run_key() != other._run_key():
            mine, theirs = self._run_key(), other._run_key()
            diff = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
            raise ValueError(
                "these results are not shards of the same run (they differ in "
                + ", ".join(diff)
                + ")"
            )
        meta = dict(self._meta)
        shards = sorted(set(self._meta.get("shards") or []) | set(other._meta.get("shards") or []))
        if shards:
            meta["shards"] = shards
        return MonteCarloResult(self._stats.merged(other._stats), meta)

    @classmethod
    def merge_all(cls, results: Iterable[MonteCarloResult]) -> MonteCarloResult:
        """All ``results`` (the shards of one run, in any order) merged into one.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> dists = {"annual_hours": wi.uniform(1800, 2100)}
        >>> parts = [model.monte_carlo(dists, n=5000, seed=7, shards=(i, 3)) for i in range(3)]
        >>> whole = model.monte_carlo(dists, n=5000, seed=7)
        >>> merged = wi.MonteCarloResult.merge_all(parts)
        >>> merged.n, merged.mean() == whole.mean(), merged.quantiles([0.5]).equals(whole.quantiles([0.5]))
        (5000, True, True)
        """
        results = list(results)
        if not results:
            raise ValueError("nothing to merge")
        out = results[0]
        for r in results[1:]:
            out = out.merge(r)
        return out

    # -- what is in it -------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Samples counted."""
        return self._stats.n

    @property
    def targets(self) -> list[float]:
        """Target shares whose probability is counted exactly."""
        return list(self._meta.get("targets", []))

    @property
    def inputs(self) -> dict[str, dict[str, Any]]:
        """The varied inputs: name to the spec of its distribution."""
        return dict(self._meta.get("inputs", {}))

    @property
    def groups(self) -> list[str]:
        """Names of the groups with statistics (``total``, ``share``, ``initiative:<id>`` ...)."""
        return list(self._stats.groups())

    @property
    def complete(self) -> bool:
        """False for a shard that has not been merged with all its siblings."""
        shards = self._meta.get("shards")
        count = self._meta.get("shard_count")
        return not shards or (count is not None and len(shards) == count)

    def _group(self, of: str) -> str:
        groups = self._stats.groups()
        if of in groups:
            return of
        for kind in _KINDS:
            if f"{kind}:{of}" in groups:
                return f"{kind}:{of}"
        raise KeyError(
            f"no group '{of}': use 'total', 'share' or an initiative, theme or sector id"
            + ("" if any(":" in g for g in groups) else " (run with detail=True for those)")
        )

    def mean(self, of: str = "total") -> float:
        """The mean of ``of`` (persons; ``share`` as a fraction)."""
        return self._stats.mean(self._group(of))

    def sd(self, of: str = "total") -> float:
        """The standard deviation of ``of``."""
        return self._stats.sd(self._group(of))

    def min(self, of: str = "total") -> float:
        return self._stats.min(self._group(of))

    def max(self, of: str = "total") -> float:
        return self._stats.max(self._group(of))

    def quantiles(self, qs: Sequence[float] = (0.05, 0.5, 0.95), of: str = "total") -> pd.Series:
        """Quantiles of ``of`` at the probabilities ``qs``, as a Series indexed by q."""
        import pandas as pd

        qs = [float(q) for q in qs]
        group = self._group(of)
        return pd.Series(self._stats.quantiles(group, qs), index=pd.Index(qs, name="q"), name=group)

    def share_quantiles(self, qs: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.Series:
        """Quantiles of the share of the shortage the portfolio closes (0.35 is 35%)."""
        return self.quantiles(qs, of="share")

    def prob_share_at_least(self, x: float) -> float:
        """P(share of the shortage >= x): exact for the run's ``targets``, estimated
        from the sketch otherwise."""
        return self._stats.prob_share_at_least(float(x))

    def histogram(self, of: str = "total", bins: int = 50) -> tuple[np.ndarray, np.ndarray]:
        """``(edges, counts)``: ``bins`` equal bins from the smallest to the largest value
        of ``of`` (``len(edges) == bins + 1``)."""
        import numpy as np

        edges, counts = self._stats.histogram(self._group(of), int(bins))
        return np.asarray(edges, dtype=np.float64), np.asarray(counts, dtype=np.int64)

    def to_pandas(
        self, qs: Sequence[float] = (0.05, 0.5, 0.95), kind: Optional[str] = None
    ) -> pd.DataFrame:
        """One row per group: ``group``, ``kind`` (total, share, initiative, theme,
        sector), ``id``, ``n``, ``mean``, ``sd``, ``min``, a column per quantile
        (``p5``, ``p50``, ``p95``) and ``max``; only groups of ``kind`` when given.

        Examples
        --------
        >>> import workforce_impact as wi
        >>> model = wi.Model.builtin("nml-2023")
        >>> r = model.monte_carlo(model.assumptions(0.5), n=2000, seed=3, detail=True)
        >>> df = r.to_pandas(kind="initiative")
        >>> len(df), list(df.columns)[:6]
        (42, ['group', 'kind', 'id', 'n', 'mean', 'sd'])
        """
        import pandas as pd

        qs = [float(q) for q in qs]
        rows = []
        for g in self._stats.groups():
            k, _, ident = g.partition(":")
            if not ident:
                ident = k
            if kind is not None and k != kind:
                continue
            row: dict[str, Any] = {
                "group": g,
                "kind": k,
                "id": ident,
                "n": self._stats.n,
                "mean": self._stats.mean(g),
                "sd": self._stats.sd(g),
                "min": self._stats.min(g),
            }
            for q, v in zip(qs, self._stats.quantiles(g, qs)):
                row[_qname(q)] = v
            row["max"] = self._stats.max(g)
            rows.append(row)
        columns = ["group", "kind", "id", "n", "mean", "sd", "min", *map(_qname, qs), "max"]
        return pd.DataFrame(rows, columns=columns)

    # -- display -------------------------------------------------------------------------

    def _summary(self) -> list[str]:
        lines = [f"{self.n:,} samples" + ("" if self.complete else " (a shard: merge it with the others)")]
        q = self._stats.quantiles("total", [0.05, 0.5, 0.95])
        lines.append(
            f"total: mean {self.mean():,.1f} persons (sd {self.sd():,.1f}), "
            f"90% interval {q[0]:,.1f} – {q[2]:,.1f}"
        )
        if "share" in self._stats.groups():
            s = self._stats.quantiles("share", [0.05, 0.5, 0.95])
            lines.append(
                f"share of the shortage: mean {100 * self.mean('share'):.1f}%, "
                f"90% interval {100 * s[0]:.1f}% – {100 * s[2]:.1f}%"
            )
            for t in self.targets:
                lines.append(f"P(share >= {100 * t:g}%) = {self.prob_share_at_least(t):.3f}")
        return lines

    def __repr__(self) -> str:
        model = self._meta.get("model", "?")
        return f"<MonteCarloResult of '{model}': " + "; ".join(self._summary()) + ">"

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self._summary())
        df = self.to_pandas()
        head = df[df.kind.isin(["total", "share"])]
        top = df[df.kind == "initiative"].sort_values("sd", ascending=False).head(10)
        fmt = lambda v: f"{v:,.4g}"  # noqa: E731
        cols = ["id", "mean", "sd", "p5", "p50", "p95"]
        parts = [
            f"<div><strong>Monte Carlo: {html.escape(str(self._meta.get('model', '')))}</strong>",
            f"<ul>{items}</ul>",
            head[cols].to_html(index=False, float_format=fmt),
        ]
        if len(top):
            parts.append("<p>widest initiatives (by sd)</p>")
            parts.append(top[cols].to_html(index=False, float_format=fmt))
        parts.append("</div>")
        return "".join(parts)


def _qname(q: float) -> str:
    return "p" + f"{100 * q:g}".replace(".", "_")


@dataclass(frozen=True)
class MonteCarloShard:
    """One shard of a Monte Carlo run, as a picklable callable for an executor
    (:meth:`Model.monte_carlo_shards`): ``shard()`` runs it and returns its
    :class:`MonteCarloResult`."""

    model: Model
    dists: Mapping[str, Any]
    n: int
    seed: int
    index: int
    count: int
    options: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self) -> MonteCarloResult:
        return self.model.monte_carlo(
            self.dists,
            n=self.n,
            seed=self.seed,
            shards=(self.index, self.count),
            progress=False,
            **dict(self.options),
        )


# -- progress --------------------------------------------------------------------------


def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - an odd IPython
        return False
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def _tqdm_class() -> Optional[Callable[..., Any]]:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return None
    if _in_notebook():
        try:
            import ipywidgets  # noqa: F401

            from tqdm.notebook import tqdm as bar

            return bar
        except ImportError:
            pass
    from tqdm.std import tqdm as bar

    return bar


class _Progress:
    """Turns the core's `(blocks done, blocks in all, samples done)` into a tqdm bar or
    a user callback `(samples done, samples in all)`."""

    def __init__(self, progress: Any, n: int, sharded: bool) -> None:
        self._user: Optional[Callable[[int, int], Any]] = None
        self._bar_class: Optional[Callable[..., Any]] = None
        self._bar: Any = None
        self._n = None if sharded else n
        if progress is None:
            progress = _in_notebook() and not sharded
        if callable(progress) and not isinstance(progress, bool):
            self._user = progress
        elif progress:
            self._bar_class = _tqdm_class()

    @property
    def active(self) -> bool:
        return self._user is not None or self._bar_class is not None

    def __call__(self, blocks_done: int, blocks_total: int, samples_done: int) -> None:
        total = self._n
        if total is None:
            total = samples_done if blocks_done >= blocks_total else round(samples_done * blocks_total / max(blocks_done, 1))
        if self._user is not None:
            self._user(samples_done, total)
            return
        if self._bar is None and self._bar_class is not None:
            self._bar = self._bar_class(total=total, unit="samples", unit_scale=True, desc="Monte Carlo", leave=True)
        if self._bar is not None:
            self._bar.total = total
            self._bar.update(samples_done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
