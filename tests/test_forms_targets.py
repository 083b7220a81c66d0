"""Where an export may write (forms.targets): never over the portfolio, its lock, WAL or
backups, another portfolio, or another output of the same run (issue 12 item 2)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from biddesk.forms.atomic import MARKER
from biddesk.forms.targets import Output, check_outputs, forms_folder_in, output_problem


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    path = tmp_path / "my.biddesk"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    return path


def problem(portfolio: Path, *outputs: Output) -> str | None:
    return output_problem(portfolio, outputs)


def xlsx(path: Path) -> Output:
    return Output("--xlsx", path)


def forms(path: Path) -> Output:
    return Output("--forms", path, is_folder=True)


def test_the_portfolio_itself_is_refused_and_a_sibling_is_not(portfolio: Path) -> None:
    assert "ポートフォリオファイルそのもの" in (problem(portfolio, xlsx(portfolio)) or "")
    assert problem(portfolio, xlsx(portfolio.with_name("my.xlsx"))) is None
    assert problem(portfolio, xlsx(portfolio.with_name("my.biddesk.xlsx"))) is None


def test_a_symlink_or_hard_link_to_the_portfolio_is_the_portfolio(
    portfolio: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(portfolio)
    hard = tmp_path / "hard.xlsx"
    os.link(portfolio, hard)
    folder_link = tmp_path / "here"
    folder_link.symlink_to(tmp_path)
    for path in (link, hard, folder_link / "my.biddesk"):
        assert problem(portfolio, xlsx(path)) is not None, path


@pytest.mark.parametrize(
    "name",
    [
        "my.biddesk-wal",
        "my.biddesk-shm",
        "my.biddesk-journal",
        "my.biddesk.lock",
        "MY.BIDDESK.LOCK",  # one file on Windows and macOS volumes
        "my.v3-backup.biddesk",
        "my.v3-backup-2.biddesk",
    ],
)
def test_the_portfolio_s_own_files_are_refused_even_before_they_exist(
    portfolio: Path, name: str
) -> None:
    assert "作業用ファイル" in (problem(portfolio, xlsx(portfolio.with_name(name))) or "")


@pytest.mark.parametrize(
    "name", ["my-wal.xlsx", "my.v3.biddesk", "my.backup.biddesk", "x.lock.pdf"]
)
def test_names_that_only_look_alike_are_allowed(portfolio: Path, name: str) -> None:
    assert problem(portfolio, xlsx(portfolio.with_name(name))) is None


def test_another_portfolio_or_one_that_is_open_elsewhere_is_refused(
    portfolio: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.biddesk"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert "別のポートフォリオ" in (problem(portfolio, xlsx(other)) or "")
    assert "ほかのポートフォリオ" in (
        problem(portfolio, xlsx(tmp_path / "other.biddesk-wal")) or ""
    )
    opened = tmp_path / "opened.biddesk"  # not written yet, but a window holds its lock
    Path(f"{opened}.lock").write_text("123", encoding="utf-8")
    assert "開かれているポートフォリオ" in (problem(portfolio, xlsx(opened)) or "")
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(b"PK\x03\x04 an old workbook")
    assert problem(portfolio, xlsx(plain)) is None  # overwriting an old export is the point


def test_two_outputs_of_one_run_may_not_share_a_path(portfolio: Path, tmp_path: Path) -> None:
    same = problem(portfolio, xlsx(tmp_path / "a.out"), Output("--pdf", tmp_path / "A.OUT"))
    assert same is not None and "--xlsx と --pdf の出力先が同じです" in same
    assert (
        problem(portfolio, xlsx(tmp_path / "a.xlsx"), Output("--pdf", tmp_path / "a.pdf")) is None
    )


def test_an_output_inside_the_forms_folder_is_refused(portfolio: Path, tmp_path: Path) -> None:
    inside = problem(portfolio, forms(tmp_path / "f"), xlsx(tmp_path / "f" / "a.xlsx"))
    assert inside is not None and "--forms のフォルダの中" in inside
    beside = problem(portfolio, forms(tmp_path / "f"), xlsx(tmp_path / "f.xlsx"))
    assert beside is None


def test_a_forms_folder_holding_the_portfolio_is_refused(portfolio: Path, tmp_path: Path) -> None:
    for folder in (tmp_path, tmp_path.parent):
        assert "ポートフォリオファイルがあります" in (problem(portfolio, forms(folder)) or "")
    assert problem(portfolio, forms(portfolio)) is not None  # a file, not a folder
    assert problem(portfolio, forms(tmp_path / "new")) is None


def test_a_forms_folder_with_files_of_the_user_is_refused(portfolio: Path, tmp_path: Path) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("大事なメモ", encoding="utf-8")
    assert "BidDeskの記入控えフォルダでもありません" in (problem(portfolio, forms(mine)) or "")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert problem(portfolio, forms(empty)) is None


def test_a_forms_folder_we_wrote_may_be_replaced_unless_the_user_added_a_file(
    portfolio: Path, tmp_path: Path
) -> None:
    ours = tmp_path / "forms"
    (ours / "x1").mkdir(parents=True)
    (ours / "x1" / "入札書_記入控え.pdf").write_bytes(b"%PDF")
    (ours / MARKER).write_text("head\nx1/入札書_記入控え.pdf\n", encoding="utf-8")
    assert problem(portfolio, forms(ours)) is None
    (ours / "x1" / "メモ.txt").write_text("x", encoding="utf-8")
    refused = problem(portfolio, forms(ours))
    assert refused is not None and "メモ.txt" in refused


def test_a_forms_folder_of_an_older_version_without_marker_is_recognised(
    portfolio: Path, tmp_path: Path
) -> None:
    old = tmp_path / "forms"
    (old / "x1_事件").mkdir(parents=True)
    for name in ("入札準備シート.pdf", "陳述書_下書き.pdf", ".委任状_下書き.pdf.ab12cd34.tmp"):
        (old / "x1_事件" / name).write_bytes(b"%PDF")
    assert problem(portfolio, forms(old)) is None
    (old / "x1_事件" / "自分の.pdf").write_bytes(b"%PDF")
    assert problem(portfolio, forms(old)) is not None


def test_check_outputs_raises_one_sentence(portfolio: Path) -> None:
    with pytest.raises(Exception, match="そのもの") as raised:
        check_outputs(portfolio, [xlsx(portfolio)])
    assert "\n" not in str(raised.value)


def test_a_folder_picked_in_the_window_gets_a_forms_folder_of_its_own(
    portfolio: Path, tmp_path: Path
) -> None:
    assert forms_folder_in(tmp_path, "my") == tmp_path / "my_記入控え"
    empty = tmp_path / "new"
    empty.mkdir()
    assert forms_folder_in(empty, "my") == empty
    written = tmp_path / "my_記入控え"
    written.mkdir()
    (written / MARKER).write_text("head\n", encoding="utf-8")
    assert forms_folder_in(written, "my") == written
