"""argparse's own error messages in Japanese (issue 18 item 3): every command and the
window's arguments. A message keeps what the user typed and the option names; no English
word of argparse's is left."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from biddesk import cli

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py

# argparse's words, as they appear in its English templates.
_ENGLISH = re.compile(
    r"\b(usage|options|positional|arguments?|required|expected|unrecognized|invalid|choice|"
    r"choose|ignored|explicit|ambiguous|could match|allowed|one of|value|error)\b"
)


def english_left(text: str) -> re.Match[str] | None:
    """argparse's English in ``text``, once what the user typed is taken out: quoted values
    ('expected' as a --scenario choice), option names and metavars."""
    return _ENGLISH.search(re.sub(r"'[^']*'|--?[\w-]+|\b[A-Z]+\b", "", text))


@pytest.mark.parametrize(
    ("argv", "japanese"),
    [
        (["export"], "次の引数が必要です: PORTFOLIO"),
        (["import", "a.biddesk"], "次の引数が必要です: FILE"),
        (["quote", "1", "--bid"], "引数 --bid: 値を1つ指定してください"),
        (["list", "a", "b"], "不明な引数です: b"),
        (["quote", "1", "--xyz"], "不明な引数です: --xyz"),
        (["cashflow", "x", "--scenario", "foo"], "引数 --scenario: 指定できない値です: 'foo'"),
        (["parse", "--json=3", "x"], "引数 --json: このオプションは値をとりません: '3'"),
        (["check", "--today"], "引数 --today: 値を1つ指定してください"),
    ],
)
def test_argument_errors_are_japanese(run_cli: RunCli, argv: list[str], japanese: str) -> None:
    code, out, err = run_cli(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("エラー: コマンドラインの指定が正しくありません: ")
    assert japanese in err, err
    assert len(err.strip().splitlines()) == 1
    assert not english_left(err), err


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("expected at most one argument", "値は1つまでです"),
        ("expected at least one argument", "値を1つ以上指定してください"),
        ("expected 2 arguments", "値を2つ指定してください"),
        ("invalid int value: 'x'", "値を読み取れません: 'x'"),
        ("ambiguous option: --w could match --win, --with", "どのオプションか決まりません"),
        ("argument --a: not allowed with argument --b", "引数 --a: 引数 --b と一緒には指定"),
        ("one of the arguments --a --b is required", "次の引数のどれかが必要です: --a --b"),
    ],
)
def test_every_argparse_template_has_its_japanese(english: str, japanese: str) -> None:
    said = cli._japanese(english)
    assert japanese in said
    assert not english_left(said), said


def test_a_near_miss_leaves_what_the_user_typed() -> None:
    """Only argparse's words are translated: a file named like a template stays as typed."""
    assert cli._japanese("不明な引数です: invalid.biddesk") == "不明な引数です: invalid.biddesk"


def test_an_ambiguous_option_in_a_real_parser() -> None:
    parser = cli.Parser(prog="biddesk x")
    parser.add_argument("--win")
    parser.add_argument("--with")
    with pytest.raises(cli.ArgumentError) as error:
        parser.parse_args(["--wi", "1"])
    assert "どのオプションか決まりません: --wi" in str(error.value)


def test_the_windows_help_and_errors_are_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    """`biddesk --demo --help` and the window's argument errors (gui/app.py)."""
    pytest.importorskip("PySide6")
    from biddesk.gui import app

    with pytest.raises(SystemExit) as stop:
        app._arguments(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: biddesk") and "[PORTFOLIO]" in out
    assert "オプション:" in out and "引数:" in out
    assert not english_left(out), out
    with pytest.raises(cli.ArgumentError) as error:
        app._arguments(["--screenshot"])
    assert "引数 --screenshot: 値を1つ指定してください" in str(error.value)
    assert app.run(["--demo", "--bogus"]) == 2
    assert "不明な引数です: --bogus" in capsys.readouterr().err
