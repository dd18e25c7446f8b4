"""The shape of the house, checked on the source (issue 13): the import graph of the whole product, read with
``ast`` (nothing is imported or run), and the rules that keep the layers apart.

- no import cycles anywhere in the product (``data/``, ``bench/`` and ``tools/`` included); an import inside a
  function counts like one at the top, so it can't hide a cycle;
- ``procedure/`` imports our own modules at module level only (no import inside a function to dodge a cycle);
- ``procedure/domain/`` imports nothing of ours outside ``procedure/domain/`` (the law stands on its own);
- ``pages/`` import only the app's face (``procedure/app.py``), domain vocabulary (``procedure/domain/``), the pure
  cost arithmetic (``costs/``) and the UI helpers (``ui/``): never a service module, the store, the forms or data;
- every public method of every service on the app checks authorization itself (a call of ``require_action`` /
  ``may`` / ``case_in_scope``, or a hand-over of the actor to another checked public method), unless it takes no
  actor at all (then the authorization matrix lists it as ``openbaar``);
- Streamlit stays in ``app.py``, ``pages/`` and ``ui/`` (tests/unit/test_layers.py).

The number of cycles is printed and written to ``tests/output/import_graph.txt``. To measure another checkout
(e.g. an older commit): ``python -m tests.unit.test_import_graph --root DIR``.
"""
from __future__ import annotations

import argparse
import ast
import inspect
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: the product: everything but the tests
PRODUCT = ("app.py", "pages", "ui", "procedure", "store", "forms", "costs", "data", "bench", "tools")
#: what a page may import of ours (prefixes of module names)
PAGE_MAY_IMPORT = ("procedure.app", "procedure.domain", "costs", "ui")
#: calls that are an authorization check in a service method (procedure/domain/roles.py, services/context.py)
CHECKS = {"require_action", "require_actor", "may", "in_scope", "case_in_scope"}


# -- reading the graph ----------------------------------------------------------------------------------------------
def product_modules(root: Path) -> dict[str, Path]:
    """Module name -> file for every Python file of the product below ``root``."""
    out: dict[str, Path] = {}
    for top in PRODUCT:
        p = root / top
        files = [p] if p.is_file() else sorted(p.rglob("*.py")) if p.is_dir() else []
        for f in files:
            parts = list(f.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = f
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The product module an imported dotted name lands in (the longest known prefix), or None (not ours)."""
    parts = name.split(".")
    while parts:
        cand = ".".join(parts)
        if cand in modules:
            return cand
        parts.pop()
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported product module, line, inside a function?) for every import statement of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".") if package else []
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                # "from pkg import mod" imports the module pkg.mod when there is one, else a name of pkg
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in child.names]
            for n in names:
                target = _resolve(n, modules)
                if target is not None and target != module:
                    found.append((target, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def import_graph(root: Path) -> tuple[dict[str, Path], dict[str, set[str]], list[tuple[str, str, int, bool]]]:
    """(modules, edges module -> imported modules, every import as (from, to, line, inside a function))."""
    modules = product_modules(root)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    rows = []
    for m, p in modules.items():
        for target, line, nested in imports_of(m, p, modules):
            edges[m].add(target)
            rows.append((m, target, line, nested))
    return modules, edges, rows


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other in a loop (strongly connected components of two or more;
    Tarjan), each sorted, largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(edges):
        if v not in index:
            strong(v)
    return sorted(out, key=lambda c: (-len(c), c))


def report(root: Path) -> str:
    _, edges, _ = import_graph(root)
    found = cycles(edges)
    lines = [f"import cycles: {len(found)}"]
    lines += [f"  {len(c)} modules: " + ", ".join(c) for c in found]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def graph():
    return import_graph(ROOT)


# -- the rules --------------------------------------------------------------------------------------------------------
def test_no_import_cycles(graph):
    _, edges, _ = graph
    found = cycles(edges)
    text = report(ROOT)
    print("\n" + text)
    out = ROOT / "tests" / "output"
    out.mkdir(exist_ok=True)
    (out / "import_graph.txt").write_text(text, encoding="utf-8")
    assert found == [], text


def test_the_graph_is_read(graph):
    """The reader finds the imports it must find (a reader that saw nothing would pass every rule)."""
    modules, edges, rows = graph
    assert "procedure.app" in modules and "procedure.domain.errors" in modules and "app" in modules
    assert "procedure.domain.errors" in edges["store.db"]
    assert any(f.startswith("pages.") and t == "ui.common" for f, t, _, _ in rows)
    assert any(nested for *_, nested in rows)        # imports inside functions are read too


def test_the_rules_can_fail():
    """The cycle finder finds a loop (also one closed by an import inside a function), and the authorization check
    finds a public method that checks nothing."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    src = textwrap.dedent('''
        class S:
            def ok(self, actor, case_id):
                return self.ctx.case_in_scope(actor, case_id)
            def via_helper(self, actor):
                return self._scoped(actor)
            def _scoped(self, actor):
                require_action(actor, Action.READ_CASE)
            def open_door(self, actor, case_id):
                return repo.get_case(self.db, case_id)
    ''')
    methods = {n.name: n for n in ast.parse(src).body[0].body}
    assert [m for m in methods if not m.startswith("_") and not _checks_in(methods[m], methods)] == ["open_door"]


def test_procedure_imports_at_module_level_only(graph):
    _, _, rows = graph
    bad = [f"{f} line {line}: imports {t} inside a function" for f, t, line, nested in rows
           if nested and f.startswith("procedure.")]
    assert bad == []


def test_domain_imports_only_domain(graph):
    _, _, rows = graph
    bad = [f"{f} line {line} imports {t}" for f, t, line, _ in rows
           if f.startswith("procedure.domain") and not t.startswith("procedure.domain")]
    assert bad == []


def test_pages_import_only_the_app_and_vocabulary(graph):
    _, _, rows = graph
    bad = [f"{f} line {line} imports {t}" for f, t, line, _ in rows
           if f.startswith("pages.") and not any(t == p or t.startswith(p + ".") for p in PAGE_MAY_IMPORT)]
    assert bad == []


def test_only_the_app_knows_all_services(graph):
    """No module but the app's face imports more than a few service modules: the pages, the UI, the data
    builders and the tools go through the app object."""
    _, edges, _ = graph
    services = {m for m in edges if m.startswith("procedure.services.")}
    knows_all = [m for m, e in edges.items() if len(e & services) > len(services) // 2 and m != "procedure.app"]
    assert knows_all == []
    assert len(edges["procedure.app"] & services) > len(services) // 2


def _checks_in(fn: ast.FunctionDef, methods: dict[str, ast.FunctionDef], seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``fn`` checks authorization: a call of a check; the actor handed to a public method of this service
    (``self.m(actor, …)``) or of another service it holds (``self.x.m(actor, …)``); or to a private helper of this
    service (``self._m(actor, …)``) that checks."""
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name in CHECKS:
            return True
        hands_actor = bool(node.args) and isinstance(node.args[0], ast.Name) and node.args[0].id == "actor"
        if not hands_actor or not isinstance(f, ast.Attribute):
            continue
        on_self = isinstance(f.value, ast.Name) and f.value.id == "self"
        on_held = (isinstance(f.value, ast.Attribute) and isinstance(f.value.value, ast.Name)
                   and f.value.value.id == "self" and not name.startswith("_"))
        if on_held or (on_self and name in methods and not name.startswith("_")):
            return True
        if on_self and name.startswith("_") and name in methods and name not in seen:
            if _checks_in(methods[name], methods, seen | {fn.name}):
                return True
    return False


def test_every_service_method_checks_authorization_itself():
    from procedure.app import WthApp

    assert len(WthApp.SERVICES) >= 12
    missing = []
    for name, cls in WthApp.SERVICES.items():
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        cdef = tree.body[0]
        methods = {n.name: n for n in cdef.body if isinstance(n, ast.FunctionDef)}
        for m in sorted(n for n in methods if not n.startswith("_")):
            fn = methods[m]
            takes_actor = any(a.arg == "actor" for a in fn.args.args + fn.args.kwonlyargs)
            if takes_actor and not _checks_in(fn, methods):
                missing.append(f"{name}.{m} ({inspect.getsourcefile(cls)})")
    assert missing == [], "public service methods without their own authorization check: " + ", ".join(missing)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Import cycles of a checkout of this project.")
    ap.add_argument("--root", default=str(ROOT))
    args = ap.parse_args(argv)
    sys.stdout.write(report(Path(args.root)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
