"""Files that ship inside the package (fonts, the demo), found through importlib.resources.

A source checkout, an installed wheel and the PyInstaller bundle all keep them as real files
under biddesk/resources/; reportlab and Qt need a file path, so a non-file install is refused
in words rather than half-working.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """The path of biddesk/resources/<parts…>."""
    found = files("biddesk").joinpath("resources", *parts)
    if not isinstance(found, Path):
        raise RuntimeError(f"BidDesk のリソースがファイルとして見つかりません: {'/'.join(parts)}")
    return found
