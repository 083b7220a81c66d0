"""`export PORTFOLIO [--xlsx] [--pdf] [--forms] [--ics] [--today]`, end to end."""

from __future__ import annotations

import errno
import hashlib
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from export_support import REPO, large_portfolio_file, tiny_disk
from openpyxl import load_workbook
from pypdf import PdfReader

TODAY = "2026-11-25"
DATA = Path(__file__).resolve().parent / "data"
RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py


@pytest.fixture
def portfolio(run_cli: RunCli, tmp_path: Path) -> Path:
    """A portfolio file made the way a user makes one: `new`, then `import` JSON."""
    path = tmp_path / "案件.biddesk"
    assert run_cli("new", str(path))[0] == 0
    code, _, err = run_cli("import", str(path), str(DATA / "forms_portfolio.json"))
    assert code == 0, err
    return path


def test_every_output_at_once(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "export",
        str(portfolio),
        "--xlsx",
        str(out / "a.xlsx"),
        "--pdf",
        str(out / "a.pdf"),
        "--forms",
        str(out / "forms"),
        "--ics",
        str(out / "a.ics"),
        "--today",
        TODAY,
    )
    assert code == 0, stderr
    assert stdout.count("出力しました") == 4
    assert "2件の入札、10ファイル" in stdout
    book = load_workbook(out / "a.xlsx")
    assert book["物件一覧"].oddHeader.left.text == "案件"  # the file's stem names the portfolio
    assert len(PdfReader(out / "a.pdf").pages) == 8
    assert len(list((out / "forms").glob("*/*.pdf"))) == 10
    assert (out / "a.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert sorted(p.name for p in out.iterdir()) == ["a.ics", "a.pdf", "a.xlsx", "forms"]


def test_same_input_same_pdf_bytes(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    assert run_cli("export", str(portfolio), "--pdf", str(target), "--today", TODAY)[0] == 0
    first = target.read_bytes()
    assert run_cli("export", str(portfolio), "--pdf", str(target), "--today", TODAY)[0] == 0
    assert target.read_bytes() == first


def test_officer_details_only_with_the_flag(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    def annex(flag: tuple[str, ...], folder: str) -> str:
        target = tmp_path / folder
        assert (
            run_cli("export", str(portfolio), "--forms", str(target), "--today", TODAY, *flag)[0]
            == 0
        )
        statement = next(target.glob("*88号*/陳述書_下書き.pdf"))
        return PdfReader(statement).pages[1].extract_text()

    assert "昭和50年8月12日" not in annex((), "plain")
    assert "昭和50年8月12日" in annex(("--with-officers",), "detailed")


def test_no_output_given_is_a_user_error(run_cli: RunCli, portfolio: Path) -> None:
    code, stdout, stderr = run_cli("export", str(portfolio))
    assert code == 2 and stdout == ""
    assert "出力先を1つ以上指定してください" in stderr


def test_missing_portfolio(run_cli: RunCli, tmp_path: Path) -> None:
    code, _, stderr = run_cli(
        "export", str(tmp_path / "none.biddesk"), "--pdf", str(tmp_path / "r.pdf")
    )
    assert code == 2 and "見つかりません" in stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_today(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    code, _, stderr = run_cli(
        "export", str(portfolio), "--pdf", str(tmp_path / "r.pdf"), "--today", "2026/11/25"
    )
    assert code == 2 and "YYYY-MM-DD" in stderr
    assert not (tmp_path / "r.pdf").exists()


def test_a_folder_where_a_file_should_go(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    (tmp_path / "taken.xlsx").mkdir()
    code, _, stderr = run_cli(
        "export",
        str(portfolio),
        "--xlsx",
        str(tmp_path / "taken.xlsx"),
        "--pdf",
        str(tmp_path / "r.pdf"),
        "--today",
        TODAY,
    )
    assert code == 2 and "フォルダです" in stderr
    assert not (tmp_path / "r.pdf").exists()


def test_a_failed_export_writes_nothing_at_all(
    run_cli: RunCli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import biddesk.forms.calendar

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(biddesk.forms.calendar, "calendar_text", broken)  # the last output fails
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "export",
        str(portfolio),
        "--xlsx",
        str(out / "a.xlsx"),
        "--pdf",
        str(out / "a.pdf"),
        "--forms",
        str(out / "forms"),
        "--ics",
        str(out / "a.ics"),
        "--today",
        TODAY,
    )
    assert code == 2 and "エラー" in stderr and stdout == ""
    assert not out.exists() or list(out.rglob("*")) == []


# --- issue 12: never over the portfolio, one unit, nothing left behind ------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("option", "name"),
    [
        ("--xlsx", "案件.biddesk"),
        ("--pdf", "案件.biddesk-wal"),
        ("--ics", "案件.biddesk.lock"),
        ("--xlsx", "案件.v3-backup.biddesk"),
        ("--forms", "."),
    ],
)
def test_the_portfolio_and_its_files_are_never_an_output(
    run_cli: RunCli, portfolio: Path, option: str, name: str
) -> None:
    before = digest(portfolio)
    names = sorted(p.name for p in portfolio.parent.iterdir())
    code, stdout, stderr = run_cli(
        "export", str(portfolio), option, str(portfolio.parent / name), "--today", TODAY
    )
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and option in stderr, stderr
    assert digest(portfolio) == before
    assert sorted(p.name for p in portfolio.parent.iterdir()) == names
    assert run_cli("list", str(portfolio))[0] == 0  # still a portfolio


def test_two_outputs_on_one_path_are_refused(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    code, _, stderr = run_cli(
        "export",
        str(portfolio),
        "--xlsx",
        str(tmp_path / "a.out"),
        "--pdf",
        str(tmp_path / "a.out"),
    )
    assert code == 2 and "--xlsx と --pdf の出力先が同じです" in stderr
    assert not (tmp_path / "a.out").exists()


def test_a_re_export_of_the_forms_drops_papers_no_longer_needed(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    from dataclasses import replace

    from biddesk.domain.storage.store import Change, PortfolioStore

    folder = tmp_path / "forms"
    assert run_cli("export", str(portfolio), "--forms", str(folder), "--today", TODAY)[0] == 0
    assert len(list(folder.glob("*/委任状_下書き.pdf"))) == 1
    store = PortfolioStore.open(portfolio)
    try:
        agented = [b for b in store.load().bids if b.agent is not None]
        store.apply(Change(put_bids=tuple(replace(b, agent=None) for b in agented)))
    finally:
        store.close()
    code, stdout, _ = run_cli("export", str(portfolio), "--forms", str(folder), "--today", TODAY)
    assert code == 0 and "2件の入札、9ファイル" in stdout
    assert list(folder.glob("*/委任状_下書き.pdf")) == []
    assert len(list(folder.glob("*/*.pdf"))) == 9
    assert not [p for p in tmp_path.iterdir() if ".biddesk-" in p.name], "no staging left"


def test_ctrl_c_during_an_export_leaves_nothing(
    run_cli: RunCli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import biddesk.forms.calendar

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(biddesk.forms.calendar, "calendar_text", interrupted)  # after the others
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "export",
        str(portfolio),
        "--xlsx",
        str(out / "a.xlsx"),
        "--forms",
        str(out / "forms"),
        "--ics",
        str(out / "a.ics"),
        "--today",
        TODAY,
    )
    assert code == 2 and stdout == "" and "中断しました" in stderr
    assert not out.exists()


def test_a_full_disk_is_said_plainly_and_leaves_nothing(
    run_cli: RunCli, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    code, stdout, stderr = run_cli("export", str(portfolio), "--ics", str(tmp_path / "a.ics"))
    assert code == 2 and stdout == ""
    assert (
        stderr
        == f"エラー: 出力できませんでした(ディスクの空きが足りません): {tmp_path / 'a.ics'}\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in portfolio.parent.iterdir()
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_really_full_disk(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    """A real 96 KB tmpfs: the workbook fits, the PDF report (fonts embedded) does not."""
    with tiny_disk(tmp_path / "disk", "96k") as disk:
        code, stdout, stderr = run_cli(
            "export",
            str(portfolio),
            "--xlsx",
            str(disk / "a.xlsx"),
            "--pdf",
            str(disk / "a.pdf"),
            "--today",
            TODAY,
        )
        left = sorted(p.name for p in disk.iterdir())
    assert code == 2 and stdout == ""
    assert "ディスクの空きが足りません" in stderr and "a.pdf" in stderr
    assert left == [], "neither the workbook that fitted nor any temporary file"


def _export_process(portfolio: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *(sys.executable, str(REPO / "main.py"), "export", str(portfolio)),
            *("--xlsx", str(out / "a.xlsx"), "--forms", str(out / "forms"), "--today", TODAY),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def _wait_for(process: subprocess.Popen[str], out: Path, *parts: str) -> None:
    """Until a hidden name with each of ``parts`` is in ``out`` (the export is writing)."""
    deadline = time.monotonic() + 120
    while not all(out.exists() and any(p in f.name for f in out.iterdir()) for p in parts):
        assert process.poll() is None, "the export ended before it was interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_a_real_ctrl_c_leaves_nothing(tmp_path: Path) -> None:
    big = large_portfolio_file(tmp_path / "big.biddesk", 400)
    out = tmp_path / "out"
    out.mkdir()
    process = _export_process(big, out)
    _wait_for(process, out, ".biddesk-")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2 and "中断しました" in stderr
    assert list(out.iterdir()) == []


def test_a_killed_export_is_tidied_by_the_next_one(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    big = large_portfolio_file(tmp_path / "big.biddesk", 400)
    out = tmp_path / "out"
    out.mkdir()
    process = _export_process(big, out)
    _wait_for(process, out, ".a.xlsx.biddesk-", ".forms.biddesk-new-")  # workbook done, forms half
    time.sleep(0.3)
    process.kill()  # SIGKILL: no cleanup at all
    process.communicate(timeout=60)
    left = sorted(p.name for p in out.iterdir())
    assert len(left) == 2 and all(".biddesk-" in name for name in left), left
    time.sleep(0.05)  # the next run starts strictly after the leftovers were written
    code, _, stderr = run_cli(
        "export", str(portfolio), "--xlsx", str(out / "a.xlsx"), "--forms", str(out / "forms")
    )
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.xlsx", "forms"]
