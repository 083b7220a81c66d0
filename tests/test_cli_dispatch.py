"""Which words start the command line and which open the window (issue 12 item 8).

A mistyped command (`biddesk lsit`) used to become a new portfolio named "lsit" or a Qt
abort; it is now an unknown command, exit 2, with the closest command named. A word
names a portfolio when it is an existing path, ends in .biddesk, or has a folder in it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from biddesk import cli

REPO = Path(__file__).resolve().parent.parent
RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py


def test_mistyped_command_is_refused_with_the_closest_one(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("lsit")
    assert code == 2
    assert out == ""
    assert err.startswith("エラー: 不明なコマンドです: lsit(「list」のことですか。")
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # no portfolio named "lsit"


@pytest.mark.parametrize(("typed", "meant"), [("exprot", "export"), ("CHECK", "check")])
def test_other_typos_name_their_command(run_cli: RunCli, typed: str, meant: str) -> None:
    code, _out, err = run_cli(typed)
    assert code == 2
    assert f"「{meant}」のことですか" in err


def test_a_word_near_no_command_says_how_to_name_a_file(run_cli: RunCli) -> None:
    code, _out, err = run_cli("meeting")
    assert code == 2
    assert "不明なコマンドです: meeting" in err
    assert "meeting.biddesk" in err
    assert "のことですか" not in err


def test_words_that_name_a_portfolio_open_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("", encoding="utf-8")  # an existing file without suffix
    for window in ([], ["my.biddesk"], ["MY.BIDDESK"], ["notes"], ["sub/new"], ["./lsit"]):
        assert not cli.wants_command_line(window), window
    for window in (["--demo"], ["--screenshot", "x.png"], ["--today", "2026-11-25"]):
        assert not cli.wants_command_line(window), window


def test_commands_help_and_unknown_words_go_to_the_command_line() -> None:
    for words in (["list", "x.biddesk"], ["--help"], ["-h"], ["lsit"], ["bad\x00name"]):
        assert cli.wants_command_line(words), words


def test_mistyped_command_as_a_user_types_it(tmp_path: Path) -> None:
    """The real entry point, in a fresh process: no Qt, no file, exit 2."""
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "lsit"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 2
    assert "不明なコマンドです: lsit" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_usage_states_the_rule() -> None:
    assert ".biddesk で終わる名前" in cli.usage()


@pytest.mark.parametrize(
    "command", ["parse", "quote", "new", "import", "dump", "list", "check", "cashflow", "export"]
)
def test_every_help_speaks_japanese(capsys: pytest.CaptureFixture[str], command: str) -> None:
    from biddesk import main

    with pytest.raises(SystemExit) as stop:
        main.main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert f"使い方: biddesk {command}" in out and "このヘルプを表示して終了します" in out
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out
