"""`export PORTFOLIO [--xlsx] [--pdf] [--forms] [--ics] [--today]`, end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
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
    assert "2件の入札、9ファイル" in stdout
    book = load_workbook(out / "a.xlsx")
    assert book["物件一覧"].oddHeader.left.text == "案件"  # the file's stem names the portfolio
    assert len(PdfReader(out / "a.pdf").pages) == 8
    assert len(list((out / "forms").glob("*/*.pdf"))) == 9
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
    import forms.calendar

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(forms.calendar, "calendar_text", broken)  # the last output fails
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
