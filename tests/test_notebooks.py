"""The notebooks are stored with their outputs (`make notebooks`), so a reader sees the
tables and figures without running them; these tests re-execute each one in a kernel of
this interpreter and check that nothing fails and that the stored figures are current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebooks_tool", ROOT / "scripts" / "notebooks.py")
notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notebooks)

NOTEBOOKS = notebooks.notebook_paths()


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {
        "01-recompute-regioplan.ipynb",
        "02-uncertainty.ipynb",
        "03-sensitivity.ipynb",
        "04-trajectory-and-regions.ipynb",
        "05-build-a-network-model.ipynb",
    } <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_with_its_outputs(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "run `make notebooks`"
    assert sum(len(c.outputs) for c in code) >= len(code) // 2
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    # what changes from run to run is not stored
    assert not [o for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_outputs_are_current(path):
    import nbformat

    fresh = notebooks.execute(path, probe="import sys; print(sys.prefix)")
    # the kernel ran in the same environment as the tests
    assert fresh.metadata["probe"].strip() == sys.prefix
    stored = notebooks.key_outputs(nbformat.read(path, as_version=4))
    now = notebooks.key_outputs(fresh)
    assert [text for _, text in now] == [text for _, text in stored], "run `make notebooks`"
    stdout = "".join(text for _, text in now)
    if path.stem == "02-uncertainty":
        assert "P(share >= 35%) = 0." in stdout
        assert "identical to one process: True" in stdout
    if path.stem == "03-sensitivity":
        assert "inputs with ST >= 1%" in stdout
    if path.stem == "04-trajectory-and-regions":
        assert "2027: shortage 3,166.7, freed 725.1, share 22.9%" in stdout
        assert "P(share >= 35%) per year:" in stdout
        assert "sociale-benadering-dementie: NML 867.0, NL 25,500.0" in stdout
