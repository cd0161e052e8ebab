"""wi.plot: each chart returns its Axes and draws on a given one."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import workforce_impact as wi  # noqa: E402


def test_waterfall(evaluation):
    ax = wi.plot.waterfall(evaluation)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "Tekort 2032"
    assert labels[-1] == "Resterend tekort"
    assert len(labels) == len(evaluation.by_theme()) + 2
    bars = ax.patches
    assert bars[0].get_height() == pytest.approx(4500)
    assert bars[-1].get_height() == pytest.approx(4500 - evaluation.total)
    assert "36.3%" in " ".join(t.get_text() for t in ax.texts)


def test_waterfall_published(evaluation):
    ax = wi.plot.waterfall(evaluation, published=True)
    assert ax.patches[-1].get_height() == pytest.approx(4500 - 1673.8)


def test_waterfall_on_given_axes(evaluation):
    fig, (a, b) = plt.subplots(1, 2)
    assert wi.plot.waterfall(evaluation, ax=b) is b
    assert not a.patches


def test_waterfall_needs_a_shortage():
    model = (
        wi.ModelBuilder("x").theme("t").parameter("staff", 3, unit="person")
        .initiative("i", theme="t", components=[wi.component("staff", "msz")]).build()
    )
    with pytest.raises(ValueError, match="shortage"):
        wi.plot.waterfall(model.evaluate())


def test_published_vs_computed(evaluation):
    fig, ax = plt.subplots()
    assert wi.plot.published_vs_computed(evaluation, ax=ax) is ax
    assert len(ax.get_yticklabels()) == 42
    assert len(ax.patches) == 84


def test_by_sector(evaluation):
    ax = wi.plot.by_sector(evaluation)
    assert len(ax.patches) == len(evaluation.by_sector())
    fig, other = plt.subplots()
    assert wi.plot.by_sector(evaluation, ax=other) is other


def test_plots_render(evaluation, tmp_path):
    for draw in (wi.plot.waterfall, wi.plot.published_vs_computed, wi.plot.by_sector):
        ax = draw(evaluation)
        path = tmp_path / f"{draw.__name__}.png"
        ax.figure.savefig(path)
        assert path.stat().st_size > 5000


# -- uncertainty and sensitivity -------------------------------------------------------------

PTF_HOURS = {"part_time_factor": wi.uniform(0.60, 0.77), "annual_hours": wi.uniform(1800, 2100)}


def test_tornado_plot(model):
    df = model.tornado({**model.assumptions(0.5), **PTF_HOURS})
    ax = wi.plot.tornado(df, max_rows=12)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 12
    assert labels[-1].startswith(df.name.iloc[0])  # widest on top
    assert ax.lines[0].get_xdata()[0] == pytest.approx(df.attrs["base_total"])
    ax = wi.plot.tornado(df, share=True)
    assert ax.get_xlabel() == "aandeel van het tekort (%)"


def test_share_distribution_plot(model):
    r = model.monte_carlo({**model.assumptions(0.5), **PTF_HOURS}, n=20_000, seed=1)
    _, ax = plt.subplots()
    assert wi.plot.share_distribution(r, target=0.35, ax=ax) is ax
    heights = [p.get_height() for p in ax.patches if p.get_width() > 0]
    assert sum(heights[: 60]) == pytest.approx(1.0)
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert f"{r.prob_share_at_least(0.35):.1%}" in legend
    assert any(line.get_xdata()[0] == pytest.approx(35.0) for line in ax.lines)


def test_sobol_plot(model):
    df = model.sobol(PTF_HOURS, n=256, seed=1)
    ax = wi.plot.sobol(df)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == df.sort_values("ST").name.iloc[-1]
    assert ax.get_xlabel() == "aandeel van de variantie"
