"""The wheel carries every package of ours: pyproject.toml lists them by hand (the root maps
to `biddesk`), so a new folder left out of the list would install a program that fails on
its first import of it (issue 13 item 6; `.ci/wheel-test` runs the built wheel)."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAYERS = ("cli", "domain", "forms", "gui")


def listed_packages() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def source_packages() -> set[str]:
    found = {"biddesk"}
    for layer in LAYERS:
        for init in (REPO / layer).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO).parts
            found.add(".".join(("biddesk", *parts)))
    return found


def test_every_package_folder_is_in_the_wheel() -> None:
    missing = source_packages() - listed_packages()
    assert missing == set(), f"add to [tool.setuptools] packages: {sorted(missing)}"


def test_the_check_sees_a_missing_folder() -> None:
    listed = listed_packages() - {"biddesk.domain.market"}  # near miss of the real list
    assert source_packages() - listed == {"biddesk.domain.market"}


def excluded_qt_modules() -> set[str]:
    """The Qt modules the bundle leaves out (packaging/biddesk.spec's UNUSED_QT)."""
    import ast

    spec = ast.parse((REPO / "packaging" / "biddesk.spec").read_text(encoding="utf-8"))
    for node in spec.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "UNUSED_QT" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError("UNUSED_QT not found in packaging/biddesk.spec")


def qt_modules_used() -> set[str]:
    import re

    used: set[str] = set()
    for path in (REPO / "gui").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    return used


def test_the_bundle_keeps_every_qt_module_the_window_imports() -> None:
    # The print preview's QtPdf was once left out: the bundle stopped at its first start.
    assert qt_modules_used() & excluded_qt_modules() == set()
    assert {"QtPdf", "QtPrintSupport", "QtCharts"} <= qt_modules_used()  # the scan works
