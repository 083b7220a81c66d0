"""The layers of architecture.md, checked on the real import statements.

Our code imports itself through the one package name, `biddesk` (a bare `domain` or `cli`
would be somebody else's package); names below are given without that prefix.
`domain` imports nothing of ours but itself (and never Qt or the document libraries),
`forms` imports only `domain`, nothing imports `gui` but `gui` and (lazily) `main.py`, and
only `gui/` touches PySide6. tests/ and bench/ are harnesses that drive the window, so they
are not walked. The command line is also run for real to prove it never loads Qt.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HARNESSES = {"tests", "bench", "build", "dist", "docs", "resources"}
PACKAGE = "biddesk"
OUR_TOPS = {"cli", "domain", "forms", "gui", "main"}
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2"}
DOCUMENT_LIBRARIES = {"openpyxl", "reportlab"}


@dataclass(frozen=True)
class Import:
    path: str  # relative to the repository, with /
    line: int
    module: str  # absolute dotted name, without the leading "biddesk."
    lazy: bool  # inside a function: runs only when that function is called
    bare: bool = False  # one of our names imported without "biddesk." (a foreign package)

    @property
    def top(self) -> str:
        return self.module.split(".")[0]


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, relative: Path) -> list[Import]:
    """Every import in ``source`` as an absolute module name (relative ones resolved)."""
    tree = ast.parse(source, filename=str(relative))
    package = module_name(relative).split(".")
    if relative.name != "__init__.py":
        package = package[:-1]
    lazy_nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            lazy_nodes.update(id(child) for child in ast.walk(node) if child is not node)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            # `from gui import app` imports gui.app: record the submodule names too.
            names = [prefix] if prefix else []
            names += [f"{prefix}.{alias.name}" if prefix else alias.name for alias in node.names]
        for name in names:
            absolute = node.level == 0 if isinstance(node, ast.ImportFrom) else True
            if name == PACKAGE:
                continue
            ours = name.startswith(PACKAGE + ".")
            found.append(
                Import(
                    path=relative.as_posix(),
                    line=node.lineno,
                    module=name.removeprefix(PACKAGE + ".") if ours else name,
                    lazy=id(node) in lazy_nodes,
                    bare=absolute and not ours and name.split(".")[0] in OUR_TOPS,
                )
            )
    return found


def product_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        first = relative.parts[0]
        if first.startswith(".") or first in HARNESSES or first.endswith(".egg-info"):
            continue
        files.append(relative)
    return files


def violations(imports: list[Import]) -> list[str]:
    """Each wrong arrow as ``path:line: layer imports module``."""
    bad = []
    for item in imports:
        layer = item.path.split("/")[0] if "/" in item.path else item.path
        top = item.top
        wrong = False
        if item.bare:
            bad.append(f"{item.path}:{item.line}: imports {item.module} without biddesk.")
            continue
        if top in QT:
            # Only gui/ uses Qt; main.py (the entry point) may reach it only lazily.
            wrong = layer != "gui" and not (layer == "main.py" and item.lazy)
        elif top == "gui":
            wrong = layer != "gui" and not (layer == "main.py" and item.lazy)
        elif layer == "domain":
            wrong = top in {"forms", "cli", "main", "bench", "tests"} | DOCUMENT_LIBRARIES
        elif layer == "forms":
            wrong = top in {"cli", "main", "bench", "tests"}
        elif layer == "cli":
            wrong = top in {"main", "bench", "tests"}
        if wrong:
            bad.append(f"{item.path}:{item.line}: {layer} imports {item.module}")
    return bad


def all_imports(root: Path) -> list[Import]:
    found: list[Import] = []
    for relative in product_files(root):
        found.extend(imports_of((root / relative).read_text(encoding="utf-8"), relative))
    return found


# --- the real code ------------------------------------------------------------------------


def test_the_walk_sees_every_layer() -> None:
    files = {path.as_posix() for path in product_files(REPO)}
    for expected in ("main.py", "domain/money.py", "cli/quote_cmd.py", "gui/__init__.py"):
        assert expected in files
    assert not any(name.startswith(("tests/", ".venv/", "bench/")) for name in files)


def test_layers_import_in_one_direction() -> None:
    assert violations(all_imports(REPO)) == []


def test_main_reaches_the_window_only_lazily() -> None:
    imports = imports_of((REPO / "main.py").read_text(encoding="utf-8"), Path("main.py"))
    assert [i.module for i in imports if i.top in {"gui", *QT} and not i.lazy] == []


# --- the checker itself (so that a pass means something) ----------------------------------


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("domain/x.py", "from PySide6.QtCore import QDate\n", "domain imports PySide6.QtCore"),
        ("domain/x.py", "import shiboken6\n", "domain imports shiboken6"),
        ("domain/x.py", "from biddesk.forms import workbook\n", "domain imports forms"),
        ("domain/x.py", "from biddesk.gui.app import run\n", "domain imports gui.app"),
        ("domain/x.py", "def f():\n    import biddesk.cli.common\n", "domain imports cli.common"),
        ("domain/x.py", "from domain.money import parse_yen\n", "imports domain.money without"),
        ("gui/x.py", "import cli\n", "imports cli without biddesk."),
        ("domain/x.py", "import openpyxl\n", "domain imports openpyxl"),
        ("domain/sub/x.py", "from ...cli import common\n", "domain imports cli"),
        ("forms/x.py", "from PySide6 import QtGui\n", "forms imports PySide6"),
        ("forms/x.py", "from biddesk.gui import fonts\n", "forms imports gui"),
        ("forms/x.py", "from biddesk.cli.common import pad\n", "forms imports cli.common"),
        ("cli/x.py", "def f():\n    from PySide6 import QtCore\n", "cli imports PySide6"),
        ("cli/x.py", "from biddesk.gui.app import run\n", "cli imports gui.app"),
        ("main.py", "from PySide6.QtWidgets import QApplication\n", "main.py imports PySide6"),
        ("main.py", "import biddesk.gui.app\n", "main.py imports gui.app"),
        ("other/x.py", "import PySide6\n", "other imports PySide6"),
    ],
)
def test_checker_catches_wrong_arrows(path: str, source: str, expected: str) -> None:
    found = violations(imports_of(source, Path(path)))
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("domain/x.py", "from biddesk.domain.money import parse_yen\nimport holidays\n"),
        ("domain/x.py", "from . import money\nfrom .dates import parse_date\n"),
        ("forms/x.py", "from biddesk.domain.models import Bid\nimport openpyxl\n"),
        (
            "cli/x.py",
            "from biddesk.domain.money import parse_yen\n"
            "def f():\n    import biddesk.forms.workbook\n",
        ),
        ("gui/x.py", "from PySide6.QtWidgets import QWidget\nfrom biddesk.forms import report\n"),
        (
            "main.py",
            "def main():\n    from biddesk.gui.app import run\n    from biddesk import cli\n",
        ),
    ],
)
def test_checker_allows_right_arrows(path: str, source: str) -> None:
    assert violations(imports_of(source, Path(path))) == []


def test_relative_imports_resolve_to_absolute_names() -> None:
    found = imports_of("from .money import Yen\nfrom .. import cli\n", Path("domain/dates.py"))
    assert {i.module for i in found} >= {"domain.money", "domain.money.Yen", "cli"}


# --- the command line really runs without Qt --------------------------------------------

LOADED = """
import contextlib, io, json, sys
from biddesk import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main.main(sys.argv[1:])
heavy = {"PySide6", "shiboken6", "openpyxl", "reportlab"}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy)
print(json.dumps({"code": code, "heavy": loaded}))
"""


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["quote", "1234万円", "--bid", "1500万", "--top", "1600万", "--json"],
        ["quote", "12340000"],
        ["--help"],
    ],
)
def test_command_line_loads_no_qt_or_document_library(argv: list[str]) -> None:
    result = run_python("-c", LOADED, *argv)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}


def test_quote_as_a_script_imports_no_qt() -> None:
    result = run_python("-X", "importtime", "main.py", "quote", "1234万円", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["minimum_bid"] == 9_872_000
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "biddesk.domain.figures" in imported  # the import log is really there
    assert [m for m in imported if m.split(".")[0] in QT | DOCUMENT_LIBRARIES] == []


# --- the core: no import cycles, no I/O in the pure rules ------------------------------

# Only domain/storage/ may touch files, the OS or SQLite (the file, its schema, the lock, the
# file-system probe). Every other domain module is a pure rule — values in, values out
# (readers take the bytes a caller read) — architecture.md, "One rule, one place".
IO_PACKAGE = "domain.storage."
IO_LIBRARIES = {"sqlite3", "os", "shutil", "socket", "subprocess", "fcntl", "msvcrt", "ctypes"}


def core_graph(imports: list[Import]) -> dict[str, set[str]]:
    """Top-level (not lazy) imports between domain modules: module → modules it imports."""
    modules = {module_name(Path(item.path)) for item in imports if item.path.startswith("domain/")}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for item in imports:
        source = module_name(Path(item.path))
        if source in graph and not item.lazy and item.module in modules and item.module != source:
            graph[source].add(item.module)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once, as the modules around it (Tarjan's strongly
    connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_core_has_no_import_cycle() -> None:
    assert cycles(core_graph(all_imports(REPO))) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []  # near miss: a chain is no cycle


def io_in_pure_rules(imports: list[Import]) -> list[str]:
    bad = []
    for item in imports:
        source = module_name(Path(item.path))
        pure = source.startswith("domain.") and not source.startswith(IO_PACKAGE)
        if pure and item.top in IO_LIBRARIES:
            bad.append(f"{item.path}:{item.line}: {source} imports {item.module}")
    return bad


def test_pure_rules_do_no_io() -> None:
    assert io_in_pure_rules(all_imports(REPO)) == []


def test_the_io_check_catches_sqlite_in_a_rule() -> None:
    found = imports_of("import sqlite3\n", Path("domain/figures.py"))
    assert io_in_pure_rules(found) == ["domain/figures.py:1: domain.figures imports sqlite3"]
    in_storage = imports_of("import sqlite3\n", Path("domain/storage/store.py"))
    assert io_in_pure_rules(in_storage) == []
