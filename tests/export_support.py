"""Helpers of the export reliability tests: a large generated portfolio file and a tiny
real file system that fills up."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def large_portfolio_file(path: Path, bids: int, *, today: date = date(2026, 11, 23)) -> Path:
    """A portfolio file with ``bids`` generated bids (bench/generate.py), as a user's."""
    sys.path.insert(0, str(REPO))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(REPO))
    from biddesk.domain.storage.store import Change, PortfolioStore

    portfolio = generate(bids, today=today)
    store = PortfolioStore.create(path)
    try:
        store.apply(
            Change(
                put_properties=portfolio.properties,
                put_bidders=portfolio.bidders,
                put_bids=portfolio.bids,
                settings=portfolio.settings,
            )
        )
    finally:
        store.close()
    return path


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted at ``folder`` (root on Linux only; else skipped)."""
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("a tmpfs needs Linux")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
