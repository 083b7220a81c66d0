"""Atomic output: temp file beside the target, renamed at the end, nothing left on failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from domain.errors import UserError
from forms.atomic import Staging, staged, write_bytes


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
