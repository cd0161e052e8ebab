"""The notebooks run top to bottom in a kernel of this interpreter, without errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01-recompute-regioplan.ipynb", "02-uncertainty.ipynb", "03-sensitivity.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_no_outputs(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "clear the outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    # The kernel is this interpreter (the venv's), and plots go to Agg; the Monte Carlo
    # notebooks draw fewer samples than by hand.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("WORKFORCE_IMPACT_NOTEBOOK_N", "20000")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # the kernel ran in the same environment as the tests
    assert nb.cells[-1].outputs[0]["text"].strip() == sys.prefix
    stdout = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stdout")
    if path.stem == "02-uncertainty":
        assert "P(share >= 35%) = 0." in stdout
        assert "identical to one process: True" in stdout
    if path.stem == "03-sensitivity":
        assert "inputs with ST >= 1%" in stdout
