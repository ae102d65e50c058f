"""The house's layout, checked: data flows one way (ingest -> store -> retrieval -> ui), only
store/ talks to Chroma or uses its filter language, and no two modules import each other
(directly or round a loop; imports inside functions count too)."""

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("store", "ingest", "retrieval", "ui", "evals")
# who may import whom: a package may use those below it, never those above
MAY_USE = {"store": set(), "ingest": {"store"}, "retrieval": {"store"},
           "ui": {"store", "ingest", "retrieval"}, "evals": {"store", "ingest", "retrieval", "ui"}}
CHROMA_FILTER = re.compile(r"""["']\$(in|nin|and|or|eq|ne|gte?|lte?|contains)["']""")


def modules() -> dict[str, Path]:
    found = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that `name` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        out |= {t for t in targets if t in known and t != name}
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def test_no_import_cycles():
    g = graph()
    index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in g:
        if v not in index:
            visit(v)
    assert cycles == []


def test_data_flows_one_way():
    """(`steward` itself, ui/cli.py, is where everything is put together: it may use all.)"""
    wrong = sorted((a, b) for a, targets in graph().items() for b in targets
                   if b.split(".")[0] != a.split(".")[0] and a != "ui.cli"
                   and b.split(".")[0] not in MAY_USE[a.split(".")[0]])
    assert wrong == []


def test_only_the_store_talks_to_chroma():
    for name, path in modules().items():
        if name.startswith("store") or name == "evals.baseline":  # the textbook baseline's own
            continue
        text = path.read_text()
        assert "chromadb" not in text and not CHROMA_FILTER.search(text), name
