"""Charts of an :class:`~workforce_impact.Evaluation` (matplotlib).

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
    from matplotlib.axes import Axes

    from workforce_impact import Evaluation

__all__ = ["waterfall", "published_vs_computed", "by_sector"]

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
