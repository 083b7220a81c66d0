"""`export PORTFOLIO [--xlsx OUT] [--pdf OUT] [--forms DIR] [--ics OUT] [--today DATE]
[--reminders DAYS]`.

Writes the Excel workbook, the PDF report (with a 入札準備シート per open bid), the form
sheets (one folder per open bid) and the deadline calendar. Every output is first
written under a temporary name and all are renamed into place only when every one of
them succeeded: a failed or interrupted (Ctrl+C) export leaves no partial file behind, and
DIR is replaced as a whole (forms.atomic). No output may be the portfolio, its lock, WAL or
backups, another portfolio or another output of the run (forms.targets): exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from biddesk.cli.common import load_portfolio_file, today_option
from biddesk.domain.errors import UserError
from biddesk.domain.schedule.reminders import DEFAULT_REMINDER_DAYS, parse_reminder_days
from biddesk.forms.targets import Output, check_outputs


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル")
    parser.add_argument("--xlsx", metavar="OUT", help="Excelブック(.xlsx)の出力先")
    parser.add_argument("--pdf", metavar="OUT", help="PDF報告書(入札準備シート付き)の出力先")
    parser.add_argument(
        "--forms",
        metavar="DIR",
        help="記入控え・下書きの出力先フォルダ(準備中の入札ごとに1フォルダ)",
    )
    parser.add_argument("--ics", metavar="OUT", help="期限カレンダー(.ics)の出力先")
    parser.add_argument(
        "--today", metavar="DATE", help="基準日 YYYY-MM-DD(省略時は今日。結果を再現するため)"
    )
    parser.add_argument(
        "--reminders",
        metavar="DAYS",
        help=(
            "カレンダーの通知: 期限の何日前に通知するか(カンマ区切り、既定 14,7,3,1、空で通知なし)"
        ),
    )
    parser.add_argument(
        "--with-officers",
        action="store_true",
        help="陳述書の別紙に役員の生年月日・性別・住所を入れます(省略時は空欄)",
    )


def _outputs(args: argparse.Namespace) -> list[Output]:
    given = (
        ("--xlsx", args.xlsx),
        ("--pdf", args.pdf),
        ("--forms", args.forms),
        ("--ics", args.ics),
    )
    return [Output(option, Path(text), option == "--forms") for option, text in given if text]


def run(args: argparse.Namespace) -> int:
    outputs = _outputs(args)
    if not outputs:
        raise UserError("出力先を1つ以上指定してください(--xlsx、--pdf、--forms、--ics)。")
    today = today_option(args.today)
    reminders = (
        DEFAULT_REMINDER_DAYS if args.reminders is None else parse_reminder_days(args.reminders)
    )
    # Before anything is read or written: no output may be the portfolio, its lock or
    # backups, another portfolio, or another output of this run (forms.targets).
    check_outputs(Path(args.portfolio), outputs)
    paths = {output.label: output.path for output in outputs}
    xlsx, pdf, forms_dir, ics = (paths.get(o) for o in ("--xlsx", "--pdf", "--forms", "--ics"))
    portfolio = load_portfolio_file(args.portfolio)
    name = Path(args.portfolio).stem

    # Imported here: `biddesk check` and the others never pay for openpyxl/reportlab.
    from biddesk.forms.atomic import staged
    from biddesk.forms.calendar import write_calendar
    from biddesk.forms.report import write_report
    from biddesk.forms.sheets import write_form_sheets
    from biddesk.forms.workbook import write_workbook

    written: list[str] = []
    try:
        with staged() as stage:
            if xlsx is not None:
                write_workbook(portfolio, xlsx, today=today, name=name, staging=stage)
                written.append(f"Excelブック: {xlsx}")
            if pdf is not None:
                write_report(portfolio, pdf, today=today, name=name, staging=stage)
                written.append(f"PDF報告書: {pdf}")
            if forms_dir is not None:
                files = write_form_sheets(
                    portfolio,
                    forms_dir,
                    today=today,
                    name=name,
                    include_officer_details=args.with_officers,
                    staging=stage,
                )
                folders = len({f.parent for f in files})
                written.append(f"記入控え: {forms_dir}({folders}件の入札、{len(files)}ファイル)")
            if ics is not None:
                write_calendar(
                    portfolio, ics, today=today, name=name, staging=stage, reminders=reminders
                )
                written.append(f"カレンダー: {ics}")
    except KeyboardInterrupt:  # Ctrl+C: the staging has already removed every temporary file
        raise UserError("中断しました。出力先には何も書き込んでいません。") from None
    for line in written:
        print(f"出力しました: {line}")
    return 0
