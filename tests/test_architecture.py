"""The package layout holds: no import cycle, each layer imports only what its
``__init__`` says, typer only in cli and rich only in render, no module over
~400 lines. Read from the source with ``ast``, so lazy imports count too
(a lazy import may save start-up time, never hide a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "wijkwijzer"
BASE = {"wijkwijzer", "wijkwijzer.errors", "wijkwijzer.env", "wijkwijzer.paths", "wijkwijzer.text", "wijkwijzer.sources",
        "wijkwijzer.channels", "wijkwijzer.dataset", "wijkwijzer.i18n"}
#: layer -> the layers it may import (besides itself and the base modules)
ALLOWED = {
    "base": set(),
    "store": set(),
    "formats": set(),
    "lookup": {"store"},
    "staff": {"store", "formats", "lookup"},
    "render": set(),
    "sync": {"store", "staff"},
    "cli": {"store", "formats", "lookup", "staff", "render", "sync"},
}
MAX_LINES = 420


def module_name(path: Path) -> str:
    parts = ["wijkwijzer", *path.relative_to(ROOT).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def layer(name: str) -> str:
    if name == "wijkwijzer.__main__":
        return "cli"  # ``python -m wijkwijzer`` is an entry point like the console script
    if name in BASE:
        return "base"
    return name.split(".")[1]


def imports(name: str) -> set[str]:
    """Every wijkwijzer module *name* imports, at any depth of its code."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in MODULES and t != name}
    return found


GRAPH = {name: imports(name) for name in MODULES}


def test_no_import_cycle():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_layer_imports_only_what_it_may(name):
    mine = layer(name)
    bad = sorted(t for t in GRAPH[name]
                 if layer(t) not in {"base", mine} | ALLOWED[mine])
    assert not bad, f"{name} ({mine}) may not import {bad}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_typer_only_in_cli_and_rich_only_in_render(name):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    top = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            top |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            top.add(node.module.split(".")[0])
    if layer(name) != "cli":
        assert not top & {"typer", "click"}, name
    if layer(name) not in {"render", "cli"}:
        assert "rich" not in top, name


def test_modules_stay_small_and_the_top_level_short():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in MODULES.items()}
    assert not {n: c for n, c in long.items() if c > MAX_LINES}
    top = [p for p in ROOT.glob("*.py")]
    assert len(top) <= 12, [p.name for p in top]


def test_the_cycle_check_sees_a_cycle():
    """The check itself can fail: a fake pair that imports each other is found."""
    saved = dict(GRAPH)
    try:
        GRAPH["wijkwijzer.errors"] = {"wijkwijzer.env"}
        GRAPH["wijkwijzer.env"] = {"wijkwijzer.errors"}
        with pytest.raises(pytest.fail.Exception, match="import cycle"):
            test_no_import_cycle()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)
