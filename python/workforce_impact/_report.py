"""The self-contained HTML audit report: :meth:`Model.report`. The core builds and writes
the file (the same code as ``workforce-impact report``); this only checks the arguments."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from workforce_impact import _core

if TYPE_CHECKING:  # pragma: no cover
    from workforce_impact._model import Model

__all__ = ["report"]


def report(
    self: Model,
    path: str | os.PathLike[str],
    *,
    n: int = 100_000,
    seed: int = 2023,
    sobol_n: int = 1024,
) -> Path:
    """Write one self-contained HTML audit report of the model to ``path``.

    The file opens offline in any browser (no external scripts, fonts or images; charts
    are inline SVG) and is meant for regioplan authors and reviewers: the claim against
    the published and recomputed share with the shortage projection, every initiative
    with its status and notes, each initiative's calculation step by step, the waterfall
    of the total, the share's distribution when every assumption varies ±50%
    (triangular; ``n`` draws), the inputs with the largest Sobol index with their source,
    and the model hash, library version, ``seed`` and ``n`` that reproduce it. Labels are
    Dutch. The same model, version, ``seed`` and ``n`` give the same bytes.

    The file is written to a temporary file beside ``path`` and renamed into place: an
    unwritable path raises ``OSError`` (``FileNotFoundError``, ``PermissionError``,
    ``IsADirectoryError``) and leaves nothing behind.

    Parameters
    ----------
    path
        Where to write the report.
    n
        Monte Carlo draws for the share's distribution.
    seed
        Seed of the Monte Carlo and Sobol runs.
    sobol_n
        Sobol base sample size (``sobol_n * (inputs + 2)`` evaluations).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib, workforce_impact as wi
    >>> model = wi.Model.builtin("nml-2023")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = model.report(pathlib.Path(d) / "rapport.html", n=2_000, seed=1)
    ...     text = out.read_text(encoding="utf-8")
    >>> text.startswith("<!DOCTYPE html>"), "36,3%" in text
    (True, True)
    """
    from workforce_impact._model import _count

    out = Path(os.fspath(path))
    _core.write_html_report(
        self._core, out, _count("n", n), _count("seed", seed, minimum=0), _count("sobol_n", sobol_n, minimum=2)
    )
    return out
