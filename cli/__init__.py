"""Command line: `python main.py COMMAND …` (contracts.md). Never imports Qt.

Each command lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
Errors reach the user as one sentence on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Any

from biddesk.domain.errors import UserError

COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("biddesk.cli.parse_cmd", "公告・物件カードのテキストを読み取り、物件を表示します"),
    "quote": (
        "biddesk.cli.quote_cmd",
        "売却基準価額から買受可能価額・保証額を計算し、入札額を確認します",
    ),
    "new": ("biddesk.cli.portfolio_cmds", "空のポートフォリオファイルを作成します"),
    "import": ("biddesk.cli.portfolio_cmds", "テキスト・CSV・JSONをポートフォリオに取り込みます"),
    "dump": ("biddesk.cli.portfolio_cmds", "ポートフォリオ全体を交換用JSONで出力します"),
    "list": ("biddesk.cli.portfolio_cmds", "物件・入札を1行ずつ表示します"),
    "check": ("biddesk.cli.check_cmd", "すべてのルールで入札前チェックを行います"),
    "cashflow": ("biddesk.cli.cashflow_cmd", "資金繰り(入出金の予定と余力)を表示します"),
    "export": ("biddesk.cli.export_cmd", "Excel・PDF・記入控え・カレンダーを出力します"),
    "attach": ("biddesk.cli.attach_cmd", "ファイル(3点セットのPDF・写真)を物件に添付します"),
    "attachments": (
        "biddesk.cli.attach_cmd",
        "添付ファイルを一覧表示します(--extract でフォルダに書き出します)",
    ),
    "bidlimit": ("biddesk.cli.bidlimit_cmd", "評価額・費用・目標利益から入札上限を計算します"),
    "results": ("biddesk.cli.results_cmd", "BITの売却結果を履歴に取り込み、開札結果を提案します"),
    "market": (
        "biddesk.cli.market_cmd",
        "売却結果の履歴の統計(売却率・倍率・入札者数)を表示します",
    ),
}


class ArgumentError(UserError):
    pass


PORTFOLIO_SUFFIX = ".biddesk"


# argparse's own words in --help, said the way the rest of the command line speaks.
_HELP_WORDS = (
    ("usage: ", "使い方: "),
    ("positional arguments:", "引数:"),
    ("options:", "オプション:"),
    ("optional arguments:", "オプション:"),
    ("show this help message and exit", "このヘルプを表示して終了します"),
)


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, and says its help in
    Japanese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if sys.version_info >= (3, 14):  # coloured help would hide "usage: " from the rewrite
            kwargs.setdefault("color", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ArgumentError(f"コマンドラインの指定が正しくありません: {_japanese(message)}")

    def format_usage(self) -> str:
        return _help_japanese(super().format_usage())

    def format_help(self) -> str:
        return _help_japanese(super().format_help())


def _help_japanese(text: str) -> str:
    for english, japanese in _HELP_WORDS:
        text = text.replace(english, japanese)
    return text


# Every message argparse (3.11–3.13) can give a user, with its variable part kept.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", r"次の引数が必要です: \1"),
    (r"unrecognized arguments: (.+)", r"不明な引数です: \1"),
    (r"expected one argument", "値を1つ指定してください"),
    (r"expected at most one argument", "値は1つまでです"),
    (r"expected at least one argument", "値を1つ以上指定してください"),
    (r"expected (\d+) arguments?", r"値を\1つ指定してください"),
    (r"invalid choice: (.+?) \(choose from (.+)\)", r"指定できない値です: \1(選べる値: \2)"),
    (r"invalid (\S+) value: (.+)", r"値を読み取れません: \2"),
    (r"ignored explicit argument (.+)", r"このオプションは値をとりません: \1"),
    (r"ambiguous option: (\S+) could match (.+)", r"どのオプションか決まりません: \1(候補: \2)"),
    (r"not allowed with argument (.+)", r"引数 \1 と一緒には指定できません"),
    (r"one of the arguments (.+) is required", r"次の引数のどれかが必要です: \1"),
    (r"argument (\S+): ", r"引数 \1: "),
)


def _japanese(message: str) -> str:
    """argparse speaks English; our users read Japanese (argparse's templates, translated
    where they occur: a message is one or two of them, e.g. ``argument --bid: expected one
    argument``)."""
    for english, japanese in _ARGPARSE_MESSAGES:
        message = re.sub(english, japanese, message)
    return message


def usage() -> str:
    lines = [
        "使い方: biddesk [PORTFOLIO] [--demo] [--screenshot PNG]   ウィンドウを開きます",
        "        biddesk COMMAND [引数…]",
        "",
        "PORTFOLIO は既存のファイル、.biddesk で終わる名前(なければ作成)、またはフォルダを含む",
        "パスです。それ以外の語はコマンド名として扱います(打ち間違いでファイルを作らないため)。",
        "",
        "コマンド:",
    ]
    lines += [f"  {name:<11} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    lines.append("\n各コマンドの詳細: biddesk COMMAND --help")
    return "\n".join(lines)


def names_portfolio(word: str) -> bool:
    """Whether a word that is no command names a portfolio for the window: an existing path,
    a name ending in .biddesk, or a path with a folder in it. Any other word is taken for a
    mistyped command, so `biddesk lsit` does not create a portfolio named "lsit"."""
    if word.lower().endswith(PORTFOLIO_SUFFIX) or any(s and s in word for s in _SEPARATORS):
        return True
    try:
        return Path(word).exists()
    except (OSError, ValueError):  # a name the file system cannot hold (NUL, too long)
        return False


_SEPARATORS = (os.sep, os.altsep)


def wants_command_line(argv: list[str]) -> bool:
    """main.py's dispatch: a command, help, or a word that names neither a command nor a
    portfolio (reported as an unknown command); otherwise the window."""
    if not argv:
        return False
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help"):
        return True
    return not first.startswith("-") and not names_portfolio(first)


def unknown_command(name: str) -> str:
    """The sentence for a word that is no command, with the closest command if one is near."""
    close = difflib.get_close_matches(name.lower(), COMMANDS, n=1)
    if close:
        return f"不明なコマンドです: {name}(「{close[0]}」のことですか。一覧は biddesk --help)"
    return (
        f"不明なコマンドです: {name}(一覧は biddesk --help。ファイルを開くときは"
        f" {name}{PORTFOLIO_SUFFIX} のように名前に {PORTFOLIO_SUFFIX} を付けます)"
    )


def main(argv: list[str]) -> int:
    try:
        if not argv or argv[0] in ("-h", "--help"):
            print(usage())
            return 0
        name = argv[0]
        if name not in COMMANDS:
            raise ArgumentError(unknown_command(name))
        # Import only the command that runs: `parse` must not pay for openpyxl or Qt.
        module = importlib.import_module(COMMANDS[name][0])
        parser = Parser(prog=f"biddesk {name}", description=COMMANDS[name][1])
        module.add_arguments(parser, name)
        args = parser.parse_args(argv[1:])
        args.command = name
        result: int = module.run(args)
        return result
    except UserError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("中断しました。", file=sys.stderr)
        return 2
    except Exception as error:
        if os.environ.get("BIDDESK_DEBUG"):
            traceback.print_exc()
        kind = type(error).__name__
        print(f"エラー: 予期しない問題が起きました({kind}: {error})。", file=sys.stderr)
        return 2
