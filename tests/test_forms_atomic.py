"""Atomic output: temp file beside the target, renamed at the end, nothing left on failure."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from biddesk.domain.errors import DISK_FULL, UserError, os_reason
from biddesk.forms.atomic import MARKER, Staging, clean_leftovers, owner, staged, write_bytes


def test_write_bytes_creates_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_exports_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    mask = os.umask(0o000)  # even with a permissive umask
    try:
        target = write_bytes(tmp_path / "out.bin", b"x")
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failure_leaves_neither_target_nor_temp_nor_new_folders(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), staged() as stage:
        stage.temp_for(tmp_path / "a.xlsx").write_bytes(b"partial")
        stage.temp_for(tmp_path / "new" / "deeper" / "b.pdf").write_bytes(b"partial")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_keeps_the_previous_good_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old and good")
    with pytest.raises(RuntimeError), staged() as stage:
        stage.temp_for(target).write_bytes(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old and good"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_all_outputs_appear_together_on_commit(tmp_path: Path) -> None:
    stage = Staging()
    first = stage.temp_for(tmp_path / "one.txt")
    second = stage.temp_for(tmp_path / "sub" / "two.txt")
    first.write_text("1")
    second.write_text("2")
    assert not (tmp_path / "one.txt").exists()
    assert stage.commit() == [tmp_path / "one.txt", tmp_path / "sub" / "two.txt"]
    assert (tmp_path / "sub" / "two.txt").read_text() == "2"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["one.txt", "sub", "two.txt"]


def test_a_folder_in_the_way_is_a_user_error_and_cleans_up(tmp_path: Path) -> None:
    (tmp_path / "out.xlsx").mkdir()
    with pytest.raises(UserError, match="フォルダ"):
        write_bytes(tmp_path / "out.xlsx", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


# --- leftovers of a killed run (issue 12 item 4) ---------------------------------------

HOUR_AGO = time.time() - 3600


def aged(path: Path, data: bytes = b"%PDF personal data") -> Path:
    path.write_bytes(data)
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    return path


def dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


HOST = owner().split("-")[0]
GONE = f"{HOST}-{dead_pid()}"  # a writer that was killed
ALIVE = f"{HOST}-{os.getppid()}"  # a writer still running (another export, say)
ELSEWHERE = f"{'0' if HOST[0] != '0' else '1'}{HOST[1:]}-{os.getpid()}"  # another computer


def test_temp_files_of_a_killed_run_are_removed_by_the_next_one(tmp_path: Path) -> None:
    stale = aged(tmp_path / f".report.pdf.biddesk-{GONE}-k3j4h5g6.tmp")
    other_output = aged(tmp_path / f".book.xlsx.biddesk-{GONE}-abcd1234.tmp")
    before_issue_12 = aged(tmp_path / ".report.pdf.q1w2e3r4.tmp")  # the old naming
    kept = [
        aged(tmp_path / ".notes.tmp"),
        aged(tmp_path / ".book.xlsx.q1w2e3r4.tmp"),  # old naming, another name: not sure
        aged(tmp_path / f"report.pdf.biddesk-{GONE}-k3j4h5g6.tmp"),  # not hidden: not ours
        aged(tmp_path / f".big.pdf.biddesk-{ALIVE}-abcd1234.tmp"),  # its writer still runs
        aged(tmp_path / f".big.pdf.biddesk-{ELSEWHERE}-abcd1234.tmp"),  # an hour old only
    ]
    fresh = tmp_path / f".report.pdf.biddesk-{GONE}-zzzz9999.tmp"  # newer than this run
    fresh.write_bytes(b"x")
    os.utime(fresh, (time.time() + 60, time.time() + 60))
    write_bytes(tmp_path / "report.pdf", b"new")
    for path in (stale, other_output, before_issue_12):
        assert not path.exists(), path.name
    for path in (*kept, fresh):
        assert path.exists(), path.name


def test_another_computer_s_leftovers_go_after_a_day(tmp_path: Path) -> None:
    day_old = tmp_path / f".a.pdf.biddesk-{ELSEWHERE}-abcd1234.tmp"
    day_old.write_bytes(b"x")
    os.utime(day_old, (time.time() - 25 * 3600, time.time() - 25 * 3600))
    write_bytes(tmp_path / "b.pdf", b"new")
    assert not day_old.exists()


def test_our_temp_names_say_who_writes_them(tmp_path: Path) -> None:
    stage = Staging()
    temp = stage.temp_for(tmp_path / "a.pdf")
    assert temp.name.startswith(f".a.pdf.biddesk-{owner()}-") and temp.name.endswith(".tmp")
    stage.abort()


def test_a_failure_abroad_leaves_the_temp_folder_clean_and_private(tmp_path: Path) -> None:
    mask = os.umask(0o000)
    try:
        with pytest.raises(RuntimeError), staged() as stage:
            temp = stage.temp_for(tmp_path / "new" / "a.pdf")
            assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
            assert temp.stat().st_mode & 0o777 == 0o600
            raise RuntimeError("boom")
    finally:
        os.umask(mask)
    assert list(tmp_path.iterdir()) == []


# --- the 記入控え folder as a whole ---------------------------------------------------


def write_folder(folder: Path, files: dict[str, bytes], **kwargs: object) -> list[Path]:
    with staged() as stage:
        stage.replace_folder(folder, **kwargs)  # type: ignore[arg-type]
        for relative, data in files.items():
            stage.temp_for(folder / relative).write_bytes(data)
    return sorted(p for p in folder.rglob("*") if p.is_file())


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_re_export_drops_files_that_no_longer_belong(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    write_folder(folder, {"x1/入札書.pdf": b"1", "x1/委任状.pdf": b"2", "x2/入札書.pdf": b"3"})
    write_folder(folder, {"x1/入札書.pdf": b"new"})
    assert tree(folder) == [MARKER, "x1", "x1/入札書.pdf"]
    assert (folder / "x1" / "入札書.pdf").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms"], "no staged folder left"


def test_the_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    mask = os.umask(0o000)
    try:
        write_folder(tmp_path / "forms", {"x1/a.pdf": b"1"})
    finally:
        os.umask(mask)
    for path in [tmp_path / "forms", *(tmp_path / "forms").rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path


def test_a_failed_folder_export_keeps_the_old_folder_and_leaves_no_stage(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    write_folder(folder, {"x1/a.pdf": b"old"})
    with pytest.raises(RuntimeError), staged() as stage:
        stage.replace_folder(folder)
        stage.temp_for(folder / "x2" / "b.pdf").write_bytes(b"half")
        raise RuntimeError("boom")
    assert tree(folder) == [MARKER, "x1", "x1/a.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms"]


def test_files_of_the_user_in_the_folder_stop_the_export_and_survive(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    write_folder(folder, {"x1/a.pdf": b"old"})
    (folder / "x1" / "メモ.txt").write_text("自分のメモ", encoding="utf-8")
    with pytest.raises(UserError, match="BidDeskが書いていないファイル"):
        write_folder(folder, {"x2/b.pdf": b"new"})
    assert (folder / "x1" / "メモ.txt").read_text(encoding="utf-8") == "自分のメモ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms"]


def test_a_non_empty_folder_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "契約書.pdf").write_bytes(b"%PDF")
    with pytest.raises(UserError, match="記入控えフォルダでもありません"):
        write_folder(folder, {"x1/a.pdf": b"1"})
    assert tree(folder) == ["契約書.pdf"]


def test_a_file_added_while_exporting_is_seen_at_commit(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    write_folder(folder, {"x1/a.pdf": b"old"})
    with pytest.raises(UserError), staged() as stage:
        stage.replace_folder(folder)
        stage.temp_for(folder / "x1" / "a.pdf").write_bytes(b"new")
        (folder / "notes.txt").write_text("added meanwhile", encoding="utf-8")
    assert (folder / "notes.txt").exists() and (folder / "x1" / "a.pdf").read_bytes() == b"old"


def test_a_killed_stage_is_removed_by_the_next_run(tmp_path: Path) -> None:
    stage = tmp_path / f".forms.biddesk-new-{GONE}-abcd1234"
    (stage / "x1").mkdir(parents=True)
    aged(stage / "x1" / "陳述書.pdf")
    os.utime(stage, (HOUR_AGO, HOUR_AGO))
    write_folder(tmp_path / "forms", {"x1/a.pdf": b"1"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms"]


def test_killed_between_the_two_renames_the_old_folder_comes_back(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    write_folder(folder, {"x1/a.pdf": b"old", "x2/b.pdf": b"old"})
    old = tmp_path / f".forms.biddesk-old-{GONE}-abcd1234"
    os.rename(folder, old)  # the state a kill after the first rename leaves
    os.utime(old, (HOUR_AGO, HOUR_AGO))
    clean_leftovers(tmp_path, time.time())
    assert tree(folder) == [MARKER, "x1", "x1/a.pdf", "x2", "x2/b.pdf"]
    write_folder(folder, {"x1/a.pdf": b"new"})  # and the next export replaces it as usual
    assert tree(folder) == [MARKER, "x1", "x1/a.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms"]


def test_an_old_folder_whose_replacement_arrived_is_removed(tmp_path: Path) -> None:
    write_folder(tmp_path / "forms", {"x1/a.pdf": b"new"})
    old = tmp_path / f".forms.biddesk-old-{GONE}-abcd1234"
    (old / "x1").mkdir(parents=True)
    aged(old / "x1" / "a.pdf")
    os.utime(old, (HOUR_AGO, HOUR_AGO))
    write_bytes(tmp_path / "other.pdf", b"x")  # any export into the folder tidies it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms", "other.pdf"]


# --- a full disk says so, in the same words as an edit ---------------------------------


def test_os_errors_are_said_in_the_words_of_the_store(tmp_path: Path) -> None:
    import sqlite3

    from biddesk.domain.storage.store import _why

    full = OSError(errno.ENOSPC, "No space left on device")
    assert (
        os_reason(full) == DISK_FULL == _why(sqlite3.OperationalError("database or disk is full"))
    )
    assert _why(full) == DISK_FULL
    assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "読み取り専用の場所です"
    assert os_reason(OSError(errno.EACCES, "Permission denied")).startswith("書き込む権限")
    assert os_reason(OSError(9999, "Strange")) == "Strange"  # unknown: the system's words


def test_a_full_disk_while_writing_is_one_sentence_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(UserError) as raised:
        write_bytes(tmp_path / "a.ics", b"BEGIN:VCALENDAR")
    assert str(raised.value) == f"出力できませんでした({DISK_FULL}): {tmp_path / 'a.ics'}"
    assert list(tmp_path.iterdir()) == []


def test_the_stage_and_old_folder_of_a_running_export_are_left_alone(tmp_path: Path) -> None:
    stage = tmp_path / f".forms.biddesk-new-{ALIVE}-abcd1234"
    old = tmp_path / f".forms.biddesk-old-{ALIVE}-abcd1234"  # between its two renames
    for folder in (stage, old):
        (folder / "x1").mkdir(parents=True)
        aged(folder / "x1" / "a.pdf")
        os.utime(folder, (HOUR_AGO, HOUR_AGO))
    clean_leftovers(tmp_path, time.time())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([stage.name, old.name])


def test_a_symlinked_forms_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "forms"
    link.symlink_to(real)
    with pytest.raises(UserError, match="シンボリックリンク"):
        write_folder(link, {"x1/a.pdf": b"1"})
    assert link.is_symlink() and list(real.iterdir()) == []
