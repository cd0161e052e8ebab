"""Every ```python block of README.md runs, in order, as a reader would paste them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"^```python[^\n]*\n(.*?)^```", text, re.S | re.M)


def test_the_readme_has_a_python_quickstart():
    blocks = python_blocks()
    assert len(blocks) >= 2
    assert 'wi.Model.builtin("nml-2023")' in blocks[0]


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_python_block_runs(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = python_blocks()[index]
    namespace = {"__name__": "__readme__"}
    exec(compile(code, f"{README}:python block {index + 1}", "exec"), namespace)
    if "result" in namespace:  # the uncertainty block: a real run, a real probability
        p = namespace["result"].prob_share_at_least(0.35)
        assert 0.5 < p < 1.0
