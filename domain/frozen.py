"""Building many frozen values fast (the load of a 10,000-bid file, issue 15 item 8).

A frozen dataclass's ``__init__`` sets every field through ``object.__setattr__``: for a
``Property`` (24 fields) that is about ten times slower than filling the new object's
``__dict__`` at once, and it was most of the time of opening a large portfolio. ``builder``
gives a constructor that does the latter when it is given exactly the class's fields, and
falls back to the class itself otherwise (a missing field gets its default, an unknown one
raises ``TypeError``), so the value is the same as ``cls(**fields)`` in every case: equal,
same hash and repr (tests/test_frozen.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    """``cls(**fields)`` for a frozen dataclass without ``__post_init__``, faster."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a plain dataclass")
    if hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: a dataclass with slots has no __dict__ to fill")
    names = frozenset(f.name for f in dataclasses.fields(cls))
    new = object.__new__

    def build(**values: Any) -> T:
        if values.keys() != names:
            return cls(**values)
        value = new(cls)
        value.__dict__.update(values)
        return value

    build.__doc__ = f"{cls.__name__}(**fields), built straight into its __dict__."
    return build
