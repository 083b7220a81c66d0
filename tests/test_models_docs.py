"""domain/models.py documents every field of every value class: in the class docstring's
``Attributes:`` section, or in a string right below the field (issue 13 item 7)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parent.parent / "domain" / "models.py"


def undocumented(source: str) -> dict[str, list[str]]:
    """Class name → its fields documented nowhere; only dataclasses are looked at."""
    missing: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef) or not any(
            "dataclass" in ast.unparse(d) for d in node.decorator_list
        ):
            continue
        doc = ast.get_docstring(node) or ""
        listed = set()
        if "Attributes:" in doc:
            section = doc.split("Attributes:", 1)[1]
            listed = set(re.findall(r"^\s{4}(\w+):", section, re.MULTILINE))
        body = node.body
        for index, statement in enumerate(body):
            if not isinstance(statement, ast.AnnAssign) or not isinstance(
                statement.target, ast.Name
            ):
                continue
            name = statement.target.id
            following = body[index + 1] if index + 1 < len(body) else None
            noted = (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            )
            if name not in listed and not noted:
                missing.setdefault(node.name, []).append(name)
    return missing


def test_every_model_field_is_documented() -> None:
    assert undocumented(MODELS.read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a triggering case: a new field nobody described
        (
            "@dataclass\nclass A:\n    '''A.\n\n    Attributes:\n        x: the x.\n    '''\n\n"
            "    x: int = 0\n    y: str = ''\n",
            {"A": ["y"]},
        ),
        # near misses: listed in Attributes, or a note right below the field
        (
            "@dataclass\nclass A:\n    '''A.\n\n    Attributes:\n        x: the x.\n    '''\n\n"
            "    x: int = 0\n    y: str = ''\n    '''The y; \"\" none.'''\n",
            {},
        ),
        ("class Plain:\n    x: int = 0\n", {}),  # not a dataclass
    ],
)
def test_the_checker(source: str, expected: dict[str, list[str]]) -> None:
    assert undocumented(source) == expected
