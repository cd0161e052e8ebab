"""_core.pyi describes the compiled module: every name in one is in the other."""

from __future__ import annotations

import ast
from pathlib import Path

import workforce_impact
from workforce_impact import _core

STUB = Path(workforce_impact.__file__).with_name("_core.pyi")


def stub_names() -> dict[str, set[str]]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = {
                n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AnnAssign)) and hasattr(n, "name")
            } | {n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = set()
    return out


def test_stub_and_module_agree():
    stubs = stub_names()
    public = {n for n in dir(_core) if not n.startswith("__") or n == "__version__"}
    assert set(stubs) == public
    for cls in ("Model", "Evaluation", "MonteCarloStats"):
        members = {n for n in vars(getattr(_core, cls)) if not n.startswith("__") or n == "__reduce__"}
        assert stubs[cls] == members, cls


def test_py_typed_ships():
    assert STUB.with_name("py.typed").exists()
