"""Architecture rules from design.md, checked on the source: Streamlit only in the UI layer, SQL only
in store/."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_LAYERS = ["procedure", "store", "forms", "costs", "data", "tools"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", DOMAIN_LAYERS)
def test_no_streamlit_below_the_ui(layer):
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / layer).rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []


def test_sql_only_in_store():
    sql = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.IGNORECASE)
    offenders = []
    for layer in ["procedure", "forms", "costs", "pages", "ui", "tools"]:
        for p in (ROOT / layer).rglob("*.py"):
            if sql.search(p.read_text(encoding="utf-8")):
                offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


def test_pages_do_not_touch_the_store():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py") if "store" in _imports(p)]
    assert offenders == []


def test_every_module_opens_with_what_it_owns_and_which_articles():
    """Issue 13: each module of the product opens with two lines — what it owns, and which articles of the Wth it
    implements (or that it implements none) — and no file in procedure/ is over ~500 lines unless its opening says
    why it is one cohesive thing."""
    from tests.unit.test_import_graph import product_modules

    missing, long = [], []
    for name, path in sorted(product_modules(ROOT).items()):
        if path.suffix != ".py":
            continue
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text), clean=False) or ""
        head = doc.strip("\n").split("\n")[:2]
        if len(head) < 2 or not any(k in " ".join(head) for k in ("Implements", "art. ")):
            missing.append(name)
        if name.startswith("procedure") and len(text.splitlines()) > 520 and "cohesive" not in doc:
            long.append(name)
    assert missing == [] and long == [], (missing, long)
