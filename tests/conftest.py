"""Shared test fixtures: Qt runs offscreen, and the command line runs in-process."""

from __future__ import annotations

import os

# Before anything imports Qt: GUI tests render without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import sys
from collections.abc import Callable

import pytest
from hypothesis import settings

# A shared, busy machine must not turn a slow example into a failure: no deadlines.
settings.register_profile("biddesk", deadline=None)
settings.load_profile("biddesk")

RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``run_cli(*args, stdin=None) -> (code, stdout, stderr)``: ``main.main(list(args))``
    in-process. ``stdin`` (str or bytes) becomes standard input, for the ``-`` file name."""
    from biddesk import main

    def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        capsys.readouterr()  # drop anything printed before this run
        code = main.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
