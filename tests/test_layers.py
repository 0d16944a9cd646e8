"""The layer rules of ARCHITECTURE.md, checked on the real import statements of every module."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "smartdesk"

# layer → SmartDesk layers it may import besides itself and smartdesk.__version__;
# app.py, the composition root, is not listed: it may wire everything.
ALLOWED = {
    "domain": set(),
    "i18n": {"paths"},
    "paths": set(),
    "durable": set(),
    "startup": set(),
    "db": {"domain", "i18n", "paths", "durable"},
    "reports": {"domain", "i18n", "paths", "durable"},
    "services": {"domain", "db", "reports", "i18n", "paths", "durable"},
    "cli": {"services", "domain", "i18n", "paths", "app", "startup"},
    "ui": {"services", "domain", "i18n", "paths", "startup"},
}
THIRD_PARTY_FORBIDDEN = {
    "domain": {"sqlalchemy", "PySide6", "reportlab", "openpyxl"},
    "reports": {"sqlalchemy", "PySide6"},
    "services": {"PySide6"},
    "db": {"PySide6"},
    "cli": {"sqlalchemy", "PySide6", "alembic"},
    "ui": {"sqlalchemy", "alembic"},
}


def _layer(path: Path, package: Path) -> str | None:
    rel = path.relative_to(package)
    name = rel.parts[0].removesuffix(".py")
    return name if name in ALLOWED else None


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "smartdesk":
                for alias in node.names:
                    yield node.lineno, f"smartdesk.{alias.name}"
            else:
                yield node.lineno, node.module


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        layer = _layer(path, package)
        if layer is None:
            continue
        for lineno, module in _imports(path):
            top = module.split(".")[0]
            where = f"{path.relative_to(package.parent)}:{lineno} imports {module}"
            if top in THIRD_PARTY_FORBIDDEN.get(layer, set()) or (
                top == "PySide6" and layer != "ui"
            ):
                found.append(where)
            elif top == "smartdesk" and "." in module:
                target = module.split(".")[1]
                if target not in {layer, "__version__"} and target not in ALLOWED[layer]:
                    found.append(where)
    return found


def test_layer_rules_hold():
    assert violations() == []


def test_the_checker_sees_a_broken_rule(tmp_path):
    """The rule checker itself must catch a report that reaches for the database."""
    fake = tmp_path / "smartdesk"
    (fake / "reports").mkdir(parents=True)
    (fake / "reports" / "bad.py").write_text("from smartdesk.db import models\nimport PySide6\n")
    (fake / "ui").mkdir()
    (fake / "ui" / "bad.py").write_text("import sqlalchemy\n")
    found = violations(fake)
    assert len(found) == 3, found


# --- the exchange package: its modules share public names only --------------------------------

EXCHANGE = PACKAGE / "services" / "exchange"


def private_imports(package: Path) -> list[str]:
    """Imports, in the modules under ``package``, of an underscore name from another module
    (``from ._x import _name``, ``from smartdesk.services import _erasure``); gettext's ``_``,
    ``__future__`` and dunder names aside."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                names = [
                    alias.name
                    for alias in node.names
                    if alias.name.startswith("_")
                    and not alias.name.startswith("__")
                    and alias.name != "_"
                ]
                module = node.module or ""
                private_module = any(
                    part.startswith("_") and not part.startswith("__") for part in module.split(".")
                )
                if names or private_module:
                    found.append(f"{path.name}:{node.lineno} from {module} import {names}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if any(p.startswith("_") for p in alias.name.split(".")):
                        found.append(f"{path.name}:{node.lineno} import {alias.name}")
    return found


def test_no_private_name_crosses_a_module_of_the_exchange_package():
    assert EXCHANGE.is_dir()
    assert private_imports(EXCHANGE) == []


def test_the_private_name_checker_sees_a_crossing(tmp_path):
    (tmp_path / "merging.py").write_text(
        "from __future__ import annotations\n"
        "from .matching import _Local, chunks\n"
        "from smartdesk.i18n import _\n"
        "from smartdesk.services import _erasure\n"
        "from smartdesk.services._summary_rows import Period\n"
        "import smartdesk.services._common\n"
    )
    assert len(private_imports(tmp_path)) == 4
