"""Charts of an :class:`~workforce_impact.Evaluation`, a
:class:`~workforce_impact.MonteCarloResult` and sensitivity tables (matplotlib).

Every function draws on ``ax`` (a new figure when ``None``) and returns the Axes.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import workforce_impact as wi
>>> ev = wi.Model.builtin("nml-2023").evaluate()
>>> ax = wi.plot.waterfall(ev)
>>> ax.get_title()
'Impact initiatieven op personeelstekort (2032)'
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from workforce_impact import CashFlows, Evaluation, MonteCarloResult, Trajectory
    from workforce_impact._monitor import Monitoring
    from workforce_impact._trajectory_montecarlo import TrajectoryMonteCarloResult

__all__ = ["waterfall", "published_vs_computed", "by_sector", "tornado", "share_distribution", "sobol", "overlap", "trajectory", "trajectory_fan", "regions", "ledger_matrix", "party_balance", "planned_vs_realised", "cash_flows"]

_SHORTAGE = "#c0392b"
_SAVING = "#2e86c1"
_COST = "#e67e22"
_REMAINING = "#7f8c8d"
_PUBLISHED = "#95a5a6"


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _persons(v: float) -> str:
    return f"{v:,.0f}".replace(",", ".")


def waterfall(
    evaluation: Evaluation, ax: Axes | None = None, *, published: bool = False
) -> Axes:
    """The regioplan's chart "Impact initiatieven op personeelstekort": the projected
    shortage of the target year, each theme's persons taken off it in turn, and the
    shortage that remains.

    Parameters
    ----------
    evaluation
        The evaluation to draw.
    ax
        The Axes to draw on; a new figure when ``None``.
    published
        Use the published figures instead of the recomputed ones.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ax = wi.plot.waterfall(wi.Model.builtin("nml-2023").evaluate())
    >>> [t.get_text() for t in ax.get_xticklabels()][-1]
    'Resterend tekort'
    """
    shortage = evaluation.shortage
    if shortage is None:
        raise ValueError("the model has no shortage projection for its target year")
    themes = evaluation.by_theme()
    column = "published" if published else "computed"
    ax = _axes(ax, (max(7.0, 1.6 * (len(themes) + 2)), 4.8))

    labels = [f"Tekort {evaluation.shortage_year}"]
    bottoms = [0.0]
    heights = [shortage]
    colors = [_SHORTAGE]
    level = shortage
    for name, persons in zip(themes["name"], themes[column]):
        labels.append(name)
        new_level = level - persons
        bottoms.append(min(level, new_level))
        heights.append(abs(persons))
        colors.append(_SAVING if persons >= 0 else _COST)
        level = new_level
    labels.append("Resterend tekort")
    bottoms.append(0.0)
    heights.append(level)
    colors.append(_REMAINING)

    x = list(range(len(labels)))
    bars = ax.bar(x, heights, bottom=bottoms, color=colors, edgecolor="white", width=0.7)
    values = [shortage, *(-v for v in themes[column]), level]
    for bar, value in zip(bars, values):
        ax.annotate(
            _persons(value),
            (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    # connectors between consecutive levels
    running = [shortage]
    for v in themes[column]:
        running.append(running[-1] - v)
    for i, lv in enumerate(running):
        ax.plot([i + 0.35, i + 0.65], [lv, lv], color="black", linewidth=0.6)
    ax.set_xticks(x)
    ax.set_xticklabels([textwrap.fill(label, 16) for label in labels], fontsize=8)
    ax.set_ylabel("personen")
    ax.set_title(f"Impact initiatieven op personeelstekort ({evaluation.shortage_year})")
    share = evaluation.published_share_of_shortage if published else evaluation.share_of_shortage
    what = "gepubliceerd" if published else "herberekend"
    ax.text(
        0.99,
        0.97,
        f"{what}: {100 * (share or 0):.1f}% van het tekort",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
    )
    ax.set_ylim(0, shortage * 1.08)
    return ax


def published_vs_computed(evaluation: Evaluation, ax: Axes | None = None) -> Axes:
    """Published against recomputed persons per initiative, as paired horizontal bars,
    largest first.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ax = wi.plot.published_vs_computed(wi.Model.builtin("nml-2023").evaluate())
    >>> len(ax.get_yticklabels())
    42
    """
    df = evaluation.to_pandas()
    order = df.assign(_key=df["published"].fillna(df["computed"]).abs()).sort_values(
        "_key", ascending=True
    )
    ax = _axes(ax, (8.0, max(4.0, 0.22 * len(order) + 1)))
    y = list(range(len(order)))
    h = 0.4
    ax.barh([v + h / 2 for v in y], order["published"].fillna(0), height=h, color=_PUBLISHED, label="gepubliceerd")
    ax.barh([v - h / 2 for v in y], order["computed"], height=h, color=_SAVING, label="herberekend")
    ax.set_yticks(y)
    ax.set_yticklabels(order["id"], fontsize=7)
    ax.set_xscale("symlog", linthresh=1.0)
    lowest = min(0.0, float(order["computed"].min()), float(order["published"].min()))
    ax.set_xlim(left=min(-1.0, 1.5 * lowest))
    ax.set_xlabel("personen (symlog)")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_title("Gepubliceerd vs herberekend per initiatief")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def by_sector(evaluation: Evaluation, ax: Axes | None = None) -> Axes:
    """Recomputed persons per care sector; a negative bar is staff that sector has to add.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ax = wi.plot.by_sector(wi.Model.builtin("nml-2023").evaluate())
    >>> ax.get_ylabel()
    'personen'
    """
    df = evaluation.by_sector()
    ax = _axes(ax, (7.0, 4.0))
    colors = [_SAVING if v >= 0 else _COST for v in df["computed"]]
    bars = ax.bar(df["sector"], df["computed"], color=colors)
    for bar, value in zip(bars, df["computed"]):
        ax.annotate(
            _persons(value),
            (bar.get_x() + bar.get_width() / 2, max(value, 0)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylabel("personen")
    ax.set_title("Herberekende impact per sector")
    ax.tick_params(axis="x", labelrotation=20, labelsize=8)
    return ax


def _val(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 1000 else f"{v:.3g}"


def _short(name: str, width: int = 42) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1) :]


def tornado(df: pd.DataFrame, ax: Axes | None = None, *, max_rows: int = 15, share: bool = False) -> Axes:
    """A tornado diagram of :meth:`Model.tornado`: per input a bar from the total with the
    input at its low end to the total at its high end, widest on top, around the stated
    total.

    Parameters
    ----------
    df
        The table :meth:`Model.tornado` returns.
    max_rows
        Draw the ``max_rows`` widest inputs.
    share
        Draw the share of the shortage instead of persons.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> ax = wi.plot.tornado(model.tornado(model.assumptions(0.5)), max_rows=10)
    >>> len(ax.get_yticklabels()), ax.get_yticklabels()[-1].get_text()
    (10, 'annual_hours (1000 – 3000)')
    """
    rows = df.sort_values("swing", ascending=False, kind="stable").head(max_rows).iloc[::-1]
    lo_col, hi_col = ("share_low", "share_high") if share else ("total_low", "total_high")
    base = df.attrs.get("base_share" if share else "base_total")
    if base is None:
        base = float(((rows[lo_col] + rows[hi_col]) / 2).median())
    scale = 100.0 if share else 1.0
    base *= scale
    ax = _axes(ax, (8.0, max(3.0, 0.35 * len(rows) + 1.2)))
    y = list(range(len(rows)))
    low = rows[lo_col].to_numpy() * scale
    high = rows[hi_col].to_numpy() * scale
    ax.barh(y, low - base, left=base, color=_COST, height=0.7, label="input laag")
    ax.barh(y, high - base, left=base, color=_SAVING, height=0.7, label="input hoog")
    ax.axvline(base, color="black", linewidth=0.8)
    labels = [
        f"{_short(n)} ({_val(lo)} – {_val(hi)})" for n, lo, hi in zip(rows["name"], rows["low"], rows["high"])
    ]
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel("aandeel van het tekort (%)" if share else "personen")
    ax.set_title("Tornado: elke input afzonderlijk van laag naar hoog")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def share_distribution(
    result: MonteCarloResult, target: float | None = 0.35, ax: Axes | None = None, *, bins: int = 60
) -> Axes:
    """The distribution of the share of the shortage the portfolio closes, with the
    target as a vertical line and P(share >= target).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> r = model.monte_carlo({"part_time_factor": wi.uniform(0.60, 0.77)}, n=5000, seed=1)
    >>> ax = wi.plot.share_distribution(r, target=0.35)
    >>> ax.get_xlabel()
    'aandeel van het tekort (%)'
    """
    edges, counts = result.histogram("share", bins=bins)
    ax = _axes(ax, (7.5, 4.0))
    widths = (edges[1:] - edges[:-1]) * 100
    ax.bar(edges[:-1] * 100, counts / counts.sum(), width=widths, align="edge", color=_SAVING, alpha=0.85)
    lo, mid, hi = result.share_quantiles([0.05, 0.5, 0.95])
    ax.axvspan(lo * 100, hi * 100, color=_PUBLISHED, alpha=0.2, label=f"90%-interval {100 * lo:.1f}% – {100 * hi:.1f}%")
    ax.axvline(mid * 100, color="black", linewidth=0.8, linestyle=":", label=f"mediaan {100 * mid:.1f}%")
    if target is not None:
        p = result.prob_share_at_least(target)
        ax.axvline(target * 100, color=_SHORTAGE, linewidth=1.5, label=f"doel {100 * target:g}%: P(aandeel ≥ doel) = {p:.1%}")
    ax.set_xlabel("aandeel van het tekort (%)")
    ax.set_ylabel("kans")
    ax.set_title(f"Onzekerheid in het aandeel van het tekort ({result.n:,} trekkingen)".replace(",", "."))
    ax.legend(loc="upper left", fontsize=8)
    return ax


def sobol(df: pd.DataFrame, ax: Axes | None = None, *, max_rows: int = 20) -> Axes:
    """Sobol indices of :meth:`Model.sobol` as paired horizontal bars, first order (S1)
    beside total order (ST) with their confidence half-widths, largest ST on top.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> df = model.sobol({"part_time_factor": wi.uniform(0.60, 0.77),
    ...                   "annual_hours": wi.uniform(1800, 2100)}, n=256, seed=1)
    >>> ax = wi.plot.sobol(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['annual_hours', 'part_time_factor']
    """
    rows = df.sort_values("ST", ascending=False, kind="stable").head(max_rows).iloc[::-1]
    ax = _axes(ax, (7.5, max(3.0, 0.4 * len(rows) + 1.2)))
    y = list(range(len(rows)))
    h = 0.38
    def err(col: str):
        return rows[col].fillna(0).to_numpy() if col in rows else None
    ax.barh([v + h / 2 for v in y], rows["ST"], height=h, xerr=err("ST_conf"), color=_SAVING, label="ST (totaal)")
    ax.barh([v - h / 2 for v in y], rows["S1"], height=h, xerr=err("S1_conf"), color=_COST, label="S1 (eerste orde)")
    ax.set_yticks(y)
    ax.set_yticklabels([_short(str(n)) for n in rows["name"]], fontsize=8)
    ax.set_xlabel("aandeel van de variantie")
    ax.set_xlim(left=min(0.0, float(rows["S1"].min()) - 0.05))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_title("Sobol-indices van het totaal")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def overlap(evaluation: Evaluation, ax: Axes | None = None) -> Axes:
    """Per base, the cuts of the initiatives as shares of the base, stacked (the additive
    reading, as the regioplan adds up), with the multiplicative reading 1 - prod(1 - r) as a
    black bar beside them (see :meth:`Evaluation.overlap`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ax = wi.plot.overlap(wi.Model.builtin("nml-2023").evaluate())
    >>> ax.get_xlabel()
    'aandeel van de basis'
    """
    cuts = evaluation.overlap()
    bases = evaluation.overlap(by="base")
    ax = _axes(ax, (8.0, max(2.5, 0.9 * len(bases) + 1.2)))
    palette = ["#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#d35400", "#7f8c8d"]
    h = 0.38
    for y, base in enumerate(bases.itertuples()):
        left = 0.0
        rows = cuts[cuts["base"] == base.base]
        for k, row in enumerate(rows.itertuples()):
            ax.barh(y + h / 2, row.share, left=left, height=h, color=palette[k % len(palette)], edgecolor="white", linewidth=0.5)
            if row.share >= 0.03:
                ax.annotate(_short(str(row.initiative), 14), (left + row.share / 2, y + h / 2), ha="center", va="center", fontsize=6, color="white")
            left += row.share
        ax.annotate(f"{base.additive:.1%} opgeteld", (left, y + h / 2), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
        ax.barh(y - h / 2, base.multiplicative, height=h, color="black")
        ax.annotate(
            f"{base.multiplicative:.1%} multiplicatief ({base.interaction:+.1f} personen)",
            (base.multiplicative, y - h / 2), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7,
        )
    ax.set_yticks(range(len(bases)))
    ax.set_yticklabels([_short(str(b), 28) for b in bases["base"]], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("aandeel van de basis")
    ax.set_xlim(0, max([1.0] + [float(a) * 1.35 for a in bases["additive"]]) if len(bases) else 1.0)
    ax.axvline(1.0, color=_SHORTAGE, linewidth=0.8, linestyle="--")
    ax.set_title("Overlap: initiatieven die dezelfde basis verkleinen")
    return ax


def trajectory(traj: Trajectory, ax: Axes | None = None) -> Axes:
    """The portfolio year by year: the persons freed per theme, stacked, under the projected
    shortage of the trajectory's scenario (see :meth:`Model.trajectory`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ax = wi.plot.trajectory(wi.Model.builtin("nml-2023").trajectory())
    >>> ax.get_ylabel()
    'personen'
    """
    long = traj.to_pandas()
    themes = long[long["level"] == "theme"].pivot(index="year", columns="id", values="persons")
    totals = traj.totals()
    ax = _axes(ax, (8.0, 4.5))
    palette = ["#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#16a085", "#d35400", "#7f8c8d"]
    years = list(themes.index)
    columns = [c for c in themes.columns if (themes[c] != 0).any()]
    ax.stackplot(
        years,
        [themes[c].clip(lower=0).to_numpy() for c in columns],
        labels=[_short(str(c), 30) for c in columns],
        colors=[palette[k % len(palette)] for k in range(len(columns))],
        alpha=0.85,
    )
    ax.plot(years, totals["shortage"], color=_SHORTAGE, linewidth=2, label=f"personeelstekort ({traj.scenario})")
    ax.plot(years, totals["total"], color="black", linewidth=1, linestyle="--", label="totaal vrijgespeeld")
    ax.set_xlabel("jaar")
    ax.set_ylabel("personen")
    ax.set_xticks(years)
    if len(years) > 1:
        ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    ax.set_title("Vrijgespeelde medewerkers per thema en het tekort, per jaar")
    ax.legend(loc="upper left", fontsize=7)
    return ax


def trajectory_fan(
    result: TrajectoryMonteCarloResult,
    region: str | None = None,
    ax: Axes | None = None,
    *,
    published: float | None = None,
) -> Axes:
    """Fan chart of the remaining shortage by year: the median and the 50% and 90% bands of
    a :meth:`~workforce_impact.Model.trajectory_monte_carlo` run, the projected shortage
    (the line the portfolio works against, with its projection points), and, if given, the
    published remaining shortage in the last year (e.g. 4,500 - 1,673.8)."""
    ax = _axes(ax, (9, 5))
    df = result.summary("remaining", qs=(0.05, 0.25, 0.5, 0.75, 0.95), region=region)
    years = list(df.index)
    ax.fill_between(years, df["p05"], df["p95"], color=_SAVING, alpha=0.18, label="90%-interval")
    ax.fill_between(years, df["p25"], df["p75"], color=_SAVING, alpha=0.35, label="50%-interval")
    ax.plot(years, df["p50"], color=_SAVING, lw=2, label="mediaan resterend tekort")
    ax.plot(years, df["shortage"], color=_SHORTAGE, lw=1.5, ls="--", label="verwacht tekort zonder initiatieven")
    ax.plot([years[0], years[-1]], [df["shortage"].iloc[0], df["shortage"].iloc[-1]], "o", color=_SHORTAGE)
    if published is not None:
        ax.plot([years[-1]], [published], "D", color=_PUBLISHED, ms=8, label="gepubliceerd (restant)")
    ax.set_xlabel("jaar")
    ax.set_ylabel("personen")
    where = f" ({region})" if region else ""
    ax.set_title(f"Resterend personeelstekort per jaar{where}")
    ax.set_xticks(years)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return ax


def regions(df: pd.DataFrame, ax: Axes | None = None, *, target: float | None = None) -> Axes:
    """The share of the shortage the portfolio closes, per region: one bar per region from
    :func:`workforce_impact.evaluate_regions` (its ``total`` rows); regions without a
    shortage are left out. ``target`` draws a dashed line at that share.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> df = wi.evaluate_regions(wi.Model.builtin("nml-2023"))
    >>> ax = wi.plot.regions(df, target=0.35)
    >>> ax.get_ylabel(), ax.get_title()
    ('aandeel van het personeelstekort', 'Aandeel van het tekort per regio')
    """
    totals = df[(df["level"] == "total") & df["share"].notna()]
    if "year" in totals and totals["year"].nunique() > 1:
        # a table over years: the last year's share per region
        totals = totals[totals["year"] == totals["year"].max()]
    ax = _axes(ax, (max(4.0, 0.7 * len(totals) + 2.0), 4.0))
    xs = range(len(totals))
    ax.bar(xs, totals["share"], color="#2e86c1")
    for x, share in zip(xs, totals["share"]):
        ax.annotate(f"{share:.1%}", (x, share), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(list(xs))
    ax.set_xticklabels([_short(str(r), 16) for r in totals["region"]], rotation=30, ha="right", fontsize=8)
    if target is not None:
        ax.axhline(target, color=_SHORTAGE, linewidth=0.8, linestyle="--", label=f"doel {target:.0%}")
        ax.legend(fontsize=8)
    ax.set_xlabel("regio")
    ax.set_ylabel("aandeel van het personeelstekort")
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title("Aandeel van het tekort per regio")
    return ax


def ledger_matrix(evaluation: Evaluation, value: str = "EUR", ax: Axes | None = None) -> Axes:
    """Who invests, who benefits: the parties × initiatives matrix of
    :meth:`Evaluation.matrix` as a heatmap, gains green and contributions red, each cell
    labelled (``value`` is ``"EUR"`` or ``"persons"``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ax = wi.plot.ledger_matrix(wi.Model.builtin("beweeghuis-artrose").evaluate())
    >>> ax.get_title()
    'Wie investeert, wie profiteert (netto EUR per jaar)'
    """
    import numpy as np

    m = evaluation.matrix(value)
    data = m.to_numpy(dtype=float)
    ax = _axes(ax, (max(5.0, 1.1 * len(m.columns) + 3.0), max(2.5, 0.45 * len(m.index) + 1.2)))
    finite = data[np.isfinite(data)]
    lim = float(np.abs(finite).max()) if finite.size else 1.0
    ax.imshow(np.nan_to_num(data), cmap="RdYlGn", vmin=-lim or -1.0, vmax=lim or 1.0, aspect="auto")
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            v = data[i, j]
            text = "–" if not np.isfinite(v) else (f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}")
            ax.text(j, i, text.replace(",", "."), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(m.columns)))
    ax.set_xticklabels([_short(str(c), 20) for c in m.columns], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(m.index)))
    ax.set_yticklabels(list(m.index), fontsize=8)
    ax.set_xlabel("initiatief")
    ax.set_ylabel("partij")
    unit = "netto EUR per jaar" if value == "EUR" else "netto personen"
    ax.set_title(f"Wie investeert, wie profiteert ({unit})")
    return ax


def party_balance(evaluation: Evaluation, agreement: str | None = None, ax: Axes | None = None) -> Axes:
    """Per party what it puts in (red, below zero) and what it gains (green), with its
    net before settlement (black) and, given ``agreement``, after it (blue diamond).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> ev = wi.Model.builtin("beweeghuis-artrose").evaluate()
    >>> ax = wi.plot.party_balance(ev, "beweeghuis-gedeelde-besparing")
    >>> ax.get_ylabel()
    'EUR per jaar'
    """
    if agreement is not None:
        s = evaluation.settlement(agreement)
        df = s.parties.groupby("party", sort=False)[["invested", "gained", "net_before", "net_after"]].sum()
        unit = s.unit
    else:
        rows = evaluation.ledger().query("kind != 'net'")
        col = "EUR" if rows["EUR"].notna().any() else "persons"
        vals = rows.groupby("party", sort=False)[col]
        df = vals.apply(lambda v: -v[v < 0].sum()).to_frame("invested")
        df["gained"] = vals.apply(lambda v: v[v > 0].sum())
        df["net_before"] = df["gained"] - df["invested"]
        unit = "EUR" if col == "EUR" else "person"
    ax = _axes(ax, (max(5.0, 0.9 * len(df) + 2.0), 4.0))
    x = list(range(len(df)))
    ax.bar(x, -df["invested"], color="#c0392b", width=0.6, label="ingelegd")
    ax.bar(x, df["gained"], color="#27ae60", width=0.6, label="opbrengst")
    ax.scatter(x, df["net_before"], color="black", marker="_", s=300, zorder=3, label="netto vóór verrekening")
    if "net_after" in df:
        ax.scatter(x, df["net_after"], color="#2e86c1", marker="D", s=30, zorder=4, label="netto na verrekening")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(list(df.index), rotation=30, ha="right", fontsize=8)
    ax.set_ylabel({"EUR": "EUR per jaar", "FTE": "FTE", "person": "personen"}[unit])
    title = "Inleg en opbrengst per partij"
    ax.set_title(title + (f" (verrekening '{agreement}')" if agreement else ""))
    ax.legend(fontsize=7)
    return ax


def planned_vs_realised(monitoring: Monitoring, ax: Axes | None = None) -> Axes:
    """Realised as a percentage of planned, one bar per realised figure (initiative,
    measure, period), coloured by status, with the plan at 100% and the thresholds
    shaded; milestones are listed as reached or not.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> m = wi.Model.builtin("nml-2023").monitor("tests/data/realised-example.csv")
    >>> ax = wi.plot.planned_vs_realised(m)
    >>> ax.get_xlabel()
    'gerealiseerd als % van gepland'
    """
    t = monitoring.table()
    behind, ahead = monitoring.thresholds
    colors = {"on track": "#7f8c8d", "behind": "#c0392b", "ahead": "#27ae60"}
    ax = _axes(ax, (8.0, max(3.0, 0.35 * len(t) + 1.5)))
    labels = []
    for i, r in enumerate(t.itertuples(index=False)):
        labels.append(_short(f"{r.initiative} · {r.measure} · {r.period}", 60))
        if r.kind == "milestone":
            text = "mijlpaal behaald" if r.reached else "mijlpaal niet behaald"
            ax.text(2, i, text, va="center", ha="left", fontsize=8,
                    color="#27ae60" if r.reached else "#c0392b")
            continue
        if r.planned == 0:
            ax.text(2, i, "gepland 0", va="center", ha="left", fontsize=8)
            continue
        pct = 100.0 * r.realised / r.planned
        ax.barh(i, pct, color=colors.get(r.status, "#7f8c8d"), height=0.6)
    ax.axvspan(100 * (1 - behind), 100 * (1 + ahead), color="#d5dbdb", alpha=0.5, zorder=0,
               label="op koers")
    ax.axvline(100, color="black", linewidth=0.8, label="gepland")
    ax.set_yticks(range(len(t)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(len(t) - 0.5, -0.5)  # first row on top
    ax.set_xlabel("gerealiseerd als % van gepland")
    ax.set_title(f"Gerealiseerd tegen gepland ({monitoring.model})")
    ax.set_xlim(left=0)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def cash_flows(flows: CashFlows | pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The cumulative net euros per party by year (:meth:`Model.cash_flows`), with the
    zero line: where a party's line crosses it for good is its payback year.

    ``flows`` is a :class:`CashFlows` or its ``by_year`` frame (columns ``party``,
    ``year``, ``cumulative``). Parties without euros are left out.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import workforce_impact as wi
    >>> flows = wi.Model.builtin("beweeghuis-artrose").cash_flows()
    >>> ax = wi.plot.cash_flows(flows)
    >>> ax.get_ylabel(), ax.get_xlabel()
    ('cumulatief netto (EUR)', 'jaar')
    >>> len(ax.get_lines()) - 1  # one line per party with euros, and the zero line
    6
    """
    df = flows.by_year if hasattr(flows, "by_year") else flows
    ax = _axes(ax, (8.0, 4.5))
    for party, rows in df.groupby("party", sort=False):
        if rows["cumulative"].notna().any():
            ax.plot(rows["year"], rows["cumulative"], marker=".", label=str(party))
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("jaar")
    ax.set_ylabel("cumulatief netto (EUR)")
    ax.set_title("Kasstromen per partij: cumulatief netto per jaar")
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", ".")))
    ax.legend(fontsize=7)
    return ax
