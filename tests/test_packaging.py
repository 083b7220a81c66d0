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
