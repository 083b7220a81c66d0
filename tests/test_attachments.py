"""Files kept inside the portfolio (issue 17 item 4): kinds, names, limits, the round trip,
one transaction per attach (also under a real SIGKILL), migration, Save As, deletion and
undo, extraction whole or not at all, dump and import."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddesk.domain.edits import operations
from biddesk.domain.edits.change import PortfolioState, inverse_of
from biddesk.domain.errors import UserError
from biddesk.domain.models import Property
from biddesk.domain.storage import attachments as att
from biddesk.domain.storage import migrations, rows
from biddesk.domain.storage import store as store_module
from biddesk.domain.storage.attachments import (
    AttachmentError,
    attach_files,
    copy_attachment,
    format_size,
    list_attachments,
    numbered,
    remove_attachment,
    safe_file_name,
    sniff_kind,
    stored_name,
)
from biddesk.domain.storage.schema import ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES, SCHEMA_V2
from biddesk.domain.storage.store import SCHEMA_VERSION, Change, PortfolioStore
from biddesk.forms.attachment_files import extract_attachments, save_attachment, temporary_copy

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py
REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 1)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 40


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def portfolio(path: Path, properties: int = 2) -> PortfolioStore:
    store = PortfolioStore.create(path)
    store.apply(
        Change(
            put_properties=tuple(
                Property(id=f"p{n}", case_number=f"令和7年(ケ)第{n}号", property_numbers=("1",))
                for n in range(1, properties + 1)
            )
        )
    )
    return store


def content(store: PortfolioStore, item: att.Attachment) -> bytes:
    out = io.BytesIO()
    copy_attachment(store, item, out)
    return out.getvalue()


def raw_count(path: Path, table: str = "attachments") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


# --- pure rules: kinds, names, sizes -------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PDF, "pdf"),
        (b"\n" * 100 + b"%PDF-1.7", "pdf"),  # junk before the header: readers accept it
        (b"%PDX-1.4", None),  # near miss
        (b"\n" * 1024 + b"%PDF-1.7", None),  # near miss: beyond the first 1024 bytes
        (JPEG, "jpeg"),
        (b"\xff\xd8\x00\x00", None),  # near miss: SOI without a marker after it
        (PNG, "png"),
        (b"\x89PNG\r\n\x1a\x00", None),  # near miss: the signature's last byte
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"II*\x01", None),  # near miss
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", "heic"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00", None),  # near miss: an MP4
        (b"PK\x03\x04", None),
        (b"hello", None),
        (b"", None),
    ],
)
def test_kinds_are_told_by_their_first_bytes(head: bytes, kind: str | None) -> None:
    assert sniff_kind(head) == kind


@given(st.binary(max_size=2048))
def test_any_bytes_are_one_kind_or_none(head: bytes) -> None:
    assert sniff_kind(head) in (*ATTACHMENT_KINDS, None)


@pytest.mark.parametrize(
    ("listed", "warned"),
    [
        ([{"property": "p1", "name": "a.pdf"}], True),
        ([], False),  # near miss: nothing listed
        ("not a list", False),  # an unknown shape is ignored, never an error
    ],
)
def test_importing_a_dump_with_attachments_warns(listed: object, warned: bool) -> None:
    from biddesk.domain.storage.interchange import read_incoming

    document = {"format": "biddesk-portfolio", "version": 1, "attachments": listed}
    incoming = read_incoming(json.dumps(document), "dump.json")
    assert any("添付ファイル1件はJSONに中身がない" in w for w in incoming.warnings) is warned


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("3点セット.pdf", "pdf", "3点セット.pdf"),
        ("../../etc/passwd", "pdf", "_.._etc_passwd.pdf"),
        ("..", "jpeg", "添付ファイル.jpg"),
        ("C:\\Windows\\x.PDF", "pdf", "C__Windows_x.PDF"),
        ("x.exe", "pdf", "x.exe.pdf"),  # opening it never runs it
        ("photo.JPEG", "jpeg", "photo.JPEG"),
        ("photo.png", "jpeg", "photo.png.jpg"),
        ("CON.pdf", "pdf", "_CON.pdf"),
        ("con.tar.pdf", "pdf", "_con.tar.pdf"),
        ("contract.pdf", "pdf", "contract.pdf"),  # near miss: CON only as the whole stem
        (".hidden.pdf", "pdf", "hidden.pdf"),
        ("a\x00b\nc.pdf", "pdf", "a_b_c.pdf"),
        ("x.pdf. ", "pdf", "x.pdf"),
        ("", "png", "添付ファイル.png"),
    ],
)
def test_written_names_are_one_plain_file_of_their_kind(name: str, kind: str, safe: str) -> None:
    assert safe_file_name(name, kind) == safe


@given(st.text(max_size=400), st.sampled_from(ATTACHMENT_KINDS))
def test_any_stored_name_is_written_inside_its_folder(name: str, kind: str) -> None:
    safe = safe_file_name(name, kind)
    assert safe and safe not in (".", "..") and not safe.startswith((".", " "))
    assert not any(ch in safe for ch in '/\\<>:"|?*\x00\n')
    assert len(safe.encode("utf-8")) <= att.MAX_NAME_BYTES
    assert any(safe.lower().endswith(s) for s in att.SUFFIXES[kind])
    assert Path("out", safe).parent == Path("out")
    assert safe_file_name(safe, kind) == safe  # already safe: kept as it is


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("/home/me/BIT/3点セット.pdf", "3点セット.pdf"),
        ("C:\\Users\\me\\写真.jpg", "写真.jpg"),
        ("ｶﾞ.pdf", "ｶﾞ.pdf"),  # half-width kana stay (NFC, not NFKC)
        ("a\tb.pdf", "ab.pdf"),
        ("   ", "添付ファイル"),
    ],
)
def test_a_stored_name_is_the_files_own_name(name: str, kept: str) -> None:
    assert stored_name(name) == kept


def test_names_are_numbered_case_insensitively() -> None:
    assert numbered("a.pdf", set()) == "a.pdf"
    assert numbered("a.pdf", {"A.PDF"}) == "a (2).pdf"
    assert numbered("a.pdf", {"a.pdf", "a (2).pdf"}) == "a (3).pdf"
    assert numbered("README", {"readme"}) == "README (2)"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0B"),
        (999, "999B"),
        (1000, "1KB"),
        (1049, "1KB"),
        (1050, "1.1KB"),  # half up
        (999_949, "999.9KB"),
        (999_950, "1MB"),  # near miss of the line above: not "1,000KB"
        (104_857_600, "104.9MB"),
        (MAX_ATTACHMENT_BYTES, "200MB"),
        (MAX_ATTACHMENT_BYTES + 1, "200MB"),
        (2_000_000_000, "2,000MB"),
    ],
)
def test_sizes_read_in_kb_and_mb(size: int, text: str) -> None:
    assert format_size(size) == text


# --- the round trip -------------------------------------------------------------------


def test_files_go_in_and_come_back_byte_for_byte(tmp_path: Path) -> None:
    big = os.urandom(3 * att.CHUNK + 123)  # several chunks and a short last one
    files = [
        write(tmp_path / "3点セット.pdf", PDF + big),
        write(tmp_path / "外観.jpg", JPEG),
        write(tmp_path / "間取り.png", PNG),
    ]
    seen: list[tuple[int, int]] = []
    with portfolio(tmp_path / "a.biddesk") as store:
        result = attach_files(
            store, "p1", files, today=TODAY, progress=lambda d, t: seen.append((d, t))
        )
        assert [a.name for a in result.added] == ["3点セット.pdf", "外観.jpg", "間取り.png"]
        assert [a.kind for a in result.added] == ["pdf", "jpeg", "png"]
        total = sum(f.stat().st_size for f in files)
        assert seen[-1] == (total, total) and len(seen) >= 4
    with PortfolioStore.open(tmp_path / "a.biddesk", read_only=True) as store:
        items = list_attachments(store)
        assert items == list(result.added)
        for item, source in zip(items, files, strict=True):
            data = source.read_bytes()
            assert content(store, item) == data
            assert item.sha256 == hashlib.sha256(data).hexdigest()
            assert item.size == len(data) and item.added == TODAY and item.property == "p1"
        assert list_attachments(store, "p2") == []


def test_attaching_streams_the_file_in_and_out(tmp_path: Path) -> None:
    """Python's peak allocation while a 16 MiB file goes in and comes back stays a few
    chunks, not the file (bench/attach_bench.py measures 100 MiB)."""
    import tracemalloc

    source = tmp_path / "big.pdf"
    with source.open("wb") as handle:
        handle.write(PDF)
        for _ in range(16):
            handle.write(os.urandom(att.CHUNK))
    with portfolio(tmp_path / "a.biddesk") as store:
        tracemalloc.start()
        try:
            item = attach_files(store, "p1", [source], today=TODAY).added[0]
            into = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            with (tmp_path / "back.pdf").open("wb") as out:
                copy_attachment(store, item, out)
            back = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert into < 4 * att.CHUNK and back < 4 * att.CHUNK  # the file is 16 chunks
    assert (tmp_path / "back.pdf").read_bytes() == source.read_bytes()


def test_a_name_taken_is_numbered_and_the_same_bytes_are_kept_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a" / "x.pdf", PDF)
    other = write(tmp_path / "b" / "X.pdf", PDF + b"other")
    with portfolio(tmp_path / "a.biddesk") as store:
        attach_files(store, "p1", [first], today=TODAY)
        again = attach_files(store, "p1", [first, other], today=TODAY)
        assert [a.name for a in again.added] == ["X (2).pdf"]
        assert again.already == ((first, "x.pdf"),)
        assert attach_files(store, "p2", [first], today=TODAY).added[0].name == "x.pdf"
        assert len(list_attachments(store)) == 3
        assert raw_count(store.path, "attachment_contents") == 3  # the duplicate's bytes gone


# --- refusals, all or none ------------------------------------------------------------


def test_a_file_above_the_limit_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:  # sparse: 200MB + 1 byte without writing them
        handle.write(PDF)
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    with portfolio(tmp_path / "a.biddesk") as store:
        too_large = r"大きすぎる.*200MBまで、このファイルは200,000,001バイト\)"
        with pytest.raises(AttachmentError, match=too_large):
            attach_files(store, "p1", [write(tmp_path / "ok.pdf", PDF), huge], today=TODAY)
        assert list_attachments(store) == []


def test_the_limit_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(att, "MAX_ATTACHMENT_BYTES", 100)
    with portfolio(tmp_path / "a.biddesk") as store:
        at_limit = write(tmp_path / "at.pdf", PDF.ljust(100, b" "))
        assert len(attach_files(store, "p1", [at_limit], today=TODAY).added) == 1  # near miss
        with pytest.raises(AttachmentError, match="大きすぎる"):
            attach_files(store, "p1", [write(tmp_path / "over.pdf", PDF.ljust(101))], today=TODAY)


def test_the_portfolio_total_is_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(att, "MAX_PORTFOLIO_ATTACHMENT_BYTES", 2 * len(PDF))
    with portfolio(tmp_path / "a.biddesk") as store:
        attach_files(store, "p1", [write(tmp_path / "1.pdf", PDF)], today=TODAY)
        files = [write(tmp_path / "2.pdf", PDF + b"2"), write(tmp_path / "3.pdf", PDF + b"3")]
        with pytest.raises(AttachmentError, match="合計が上限"):
            attach_files(store, "p2", files, today=TODAY)
        assert [a.name for a in list_attachments(store)] == ["1.pdf"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: write(d / "notes.txt", b"hello"), "PDF・JPEG・PNG・TIFF・HEICのファイルだけ"),
        (lambda d: write(d / "fake.pdf", b"PK\x03\x04 a zip"), "中身がそのどれでもありません"),
        (lambda d: write(d / "empty.pdf", b""), "だけを添付できます"),
        (lambda d: d / "missing.pdf", "見つかりません"),
        (lambda d: d, "フォルダです"),
    ],
)
def test_a_wrong_file_refuses_the_whole_attach(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    good = write(tmp_path / "good.pdf", PDF)
    with portfolio(tmp_path / "a.biddesk") as store:
        with pytest.raises(AttachmentError, match=message):
            attach_files(store, "p1", [good, make(tmp_path)], today=TODAY)
        assert list_attachments(store) == []


def test_an_unknown_property_and_a_read_only_file_are_refused(tmp_path: Path) -> None:
    good = write(tmp_path / "good.pdf", PDF)
    portfolio(tmp_path / "a.biddesk").close()
    with (
        PortfolioStore.open(tmp_path / "a.biddesk") as store,
        pytest.raises(AttachmentError, match="物件が見つかりません: p9"),
    ):
        attach_files(store, "p9", [good], today=TODAY)
    with (
        PortfolioStore.open(tmp_path / "a.biddesk", read_only=True) as store,
        pytest.raises(AttachmentError, match="読み取り専用"),
    ):
        attach_files(store, "p1", [good], today=TODAY)
    assert raw_count(tmp_path / "a.biddesk") == 0


def test_a_failure_while_streaming_rolls_everything_back(tmp_path: Path) -> None:
    files = [write(tmp_path / "1.pdf", PDF), write(tmp_path / "2.pdf", PDF + os.urandom(4096))]

    def stop(done: int, total: int) -> None:
        if done > len(PDF):  # inside the second file
            raise KeyboardInterrupt

    with portfolio(tmp_path / "a.biddesk") as store:
        with pytest.raises(KeyboardInterrupt):
            attach_files(store, "p1", files, today=TODAY, progress=stop)
        assert list_attachments(store) == []
        assert len(attach_files(store, "p1", files, today=TODAY).added) == 2  # still usable


def test_a_full_disk_attaches_nothing_and_extracts_nothing(tmp_path: Path) -> None:
    from store_support import tiny_disk

    source = write(tmp_path / "big.pdf", PDF + os.urandom(3 << 20))
    with tiny_disk(tmp_path / "disk", "2m") as disk:
        with portfolio(disk / "a.biddesk") as store:
            small = attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
            with pytest.raises(AttachmentError, match=r"ディスクの空きが足りません.*添付前の状態"):
                attach_files(store, "p1", [source], today=TODAY)
            assert list_attachments(store) == list(small.added)
        with PortfolioStore.open(disk / "a.biddesk", read_only=True) as store:
            assert list_attachments(store) == list(small.added)
    with portfolio(tmp_path / "b.biddesk") as store:
        attach_files(store, "p1", [source], today=TODAY)
        with tiny_disk(tmp_path / "out", "1m") as out:
            with pytest.raises(UserError, match="ディスクの空きが足りません"):
                extract_attachments(store, out, {})
            assert list(out.rglob("*")) == []


def test_a_file_that_grows_while_attached_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "growing.pdf", PDF + b"x" * (2 * att.CHUNK))

    def grow(done: int, total: int) -> None:
        with source.open("ab") as handle:
            handle.write(b"more")

    with portfolio(tmp_path / "a.biddesk") as store:
        with pytest.raises(AttachmentError, match="大きさが変わった"):
            attach_files(store, "p1", [source], today=TODAY, progress=grow)
        assert list_attachments(store) == []


# --- a real SIGKILL in the middle of an attach ----------------------------------------

_ATTACH_AND_HANG = """
import sys, time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from biddesk.domain.storage.attachments import attach_files
from biddesk.domain.storage.store import PortfolioStore

store = PortfolioStore.open(Path(sys.argv[1]))
said = False
def progress(done, total):
    global said
    if done >= total // 2 and not said:  # half of the bytes in, the transaction open
        said = True
        print("MID", done, total, flush=True)
        time.sleep(120)
attach_files(store, "p1", [Path(p) for p in sys.argv[2:]], today=date(2026, 12, 2),
             progress=progress)
print("DONE", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_kill_during_attach_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "a.biddesk"
    earlier = write(tmp_path / "earlier.pdf", PDF)
    with portfolio(path) as store:
        before = attach_files(store, "p1", [earlier], today=TODAY).added
    # 24 MiB: far more than SQLite's 2 MB page cache, so uncommitted pages reach the -wal.
    files = [
        write(tmp_path / "first.pdf", PDF + os.urandom(8 << 20)),
        write(tmp_path / "big.pdf", PDF + os.urandom(16 << 20)),
    ]
    child = subprocess.Popen(
        [sys.executable, "-c", _ATTACH_AND_HANG, str(path), *map(str, files)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        line = child.stdout.readline()
        assert line.startswith("MID"), line
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 8 << 20  # the half-written attach is really on disk
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    with PortfolioStore.open(path, read_only=True) as store:
        assert list_attachments(store) == list(before)
    with PortfolioStore.open(path) as store:  # the lock died with the child
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert list_attachments(store) == list(before)
        assert content(store, before[0]) == PDF
        assert raw_count(path, "attachment_contents") == 1
        assert len(attach_files(store, "p1", files, today=TODAY).added) == 2  # and it goes on
    with PortfolioStore.open(path, read_only=True) as store:
        items = list_attachments(store)
        assert [content(store, item) for item in items[1:]] == [f.read_bytes() for f in files]


# --- the file: migration, Save As, deletion and undo ----------------------------------


def version_2_file(path: Path) -> Path:
    """A portfolio as the schema version 2 BidDesk wrote it (no attachment tables)."""
    conn = sqlite3.connect(path, isolation_level=None)
    with store_module._transaction(conn):
        migrations._create_tables(conn, SCHEMA_V2)
        rows._write(conn, Change(put_properties=(Property(id="p1"),)))
        conn.execute("PRAGMA user_version = 2")
        conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.close()
    path.chmod(0o600)
    return path


def test_a_version_2_file_is_migrated_and_takes_attachments(tmp_path: Path) -> None:
    path = version_2_file(tmp_path / "old.biddesk")
    with PortfolioStore.open(path, read_only=True) as store:  # migrated in memory only
        assert list_attachments(store) == []
    with PortfolioStore.open(path) as store:
        assert store.migrated_from == 2
        assert store.backup == tmp_path / "old.v2-backup.biddesk"
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION
    assert raw_count(path) == 1
    backup = sqlite3.connect(tmp_path / "old.v2-backup.biddesk")
    assert backup.execute("PRAGMA user_version").fetchone() == (2,)
    backup.close()


def test_save_as_carries_the_attachments(tmp_path: Path) -> None:
    files = [
        write(tmp_path / "x.pdf", PDF + os.urandom(att.CHUNK + 7)),
        write(tmp_path / "y.png", PNG),
    ]
    with portfolio(tmp_path / "a.biddesk") as store:
        added = attach_files(store, "p2", files, today=TODAY).added
        store.save_as(tmp_path / "copy.biddesk")
    with PortfolioStore.open(tmp_path / "copy.biddesk") as copy:
        assert list_attachments(copy) == list(added)
        assert [content(copy, a) for a in added] == [f.read_bytes() for f in files]


def test_a_deleted_property_takes_its_attachments_and_undo_brings_them_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.biddesk"
    with portfolio(path) as store:
        added = attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY).added
        state = PortfolioState.of(store.load())
        deletion = operations.remove_property(state, "p1")
        undo = inverse_of(deletion, state)
        store.apply(deletion)
        assert list_attachments(store) == []  # gone from every listing at once
        store.apply(undo)
        assert list_attachments(store) == list(added)  # the undo brings them back
        assert content(store, added[0]) == PDF
        store.apply(deletion)
    # The session ended: a deleted property's attachments are removed from the file.
    assert raw_count(path) == 0 and raw_count(path, "attachment_contents") == 0


def test_a_killed_session_s_orphans_go_when_the_file_is_next_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.biddesk"
    with portfolio(path) as store:
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
    conn = sqlite3.connect(path)  # as if the window was killed after deleting p1
    conn.execute("DELETE FROM properties WHERE id = 'p1'")
    conn.commit()
    conn.close()
    with PortfolioStore.open(path, read_only=True) as store:
        assert list_attachments(store) == []
    assert raw_count(path) == 1  # reading removes nothing
    PortfolioStore.open(path).close()
    assert raw_count(path) == 0


def test_an_attachment_is_removed_alone(tmp_path: Path) -> None:
    files = [write(tmp_path / "x.pdf", PDF), write(tmp_path / "y.png", PNG)]
    with portfolio(tmp_path / "a.biddesk") as store:
        first, second = attach_files(store, "p1", files, today=TODAY).added
        remove_attachment(store, first.id)
        assert list_attachments(store) == [second]
        assert raw_count(store.path, "attachment_contents") == 1


def test_a_row_edited_by_hand_is_one_sentence(tmp_path: Path) -> None:
    with portfolio(tmp_path / "a.biddesk") as store:
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
        store.conn.execute("PRAGMA ignore_check_constraints = ON")
        store.conn.execute("UPDATE attachments SET kind = 'exe'")
        with pytest.raises(AttachmentError, match=r"形式の違う添付ファイルの情報.*\(添付1\): "):
            list_attachments(store)


def test_damaged_bytes_are_reported_not_written_back_silently(tmp_path: Path) -> None:
    with portfolio(tmp_path / "a.biddesk") as store:
        item = attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY).added[0]
        store.conn.execute("UPDATE attachment_contents SET content = zeroblob(?)", (item.size,))
        with pytest.raises(AttachmentError, match="保存時と違います"):
            content(store, item)


# --- writing back: extract, save, open -------------------------------------------------


def test_extract_writes_every_file_into_a_folder_per_property(tmp_path: Path) -> None:
    with portfolio(tmp_path / "a.biddesk") as store:
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
        attach_files(store, "p2", [write(tmp_path / "y.png", PNG)], today=TODAY)
        properties = {p.id: p for p in store.load().properties}
        out = tmp_path / "out"
        done = extract_attachments(store, out, properties)
        first = out / "p1_令和7年(ケ)第1号_物件1" / "x.pdf"
        second = out / "p2_令和7年(ケ)第2号_物件1" / "y.png"
        assert [t for _, t in done.written] == [first, second]
        assert first.read_bytes() == PDF and second.read_bytes() == PNG
        assert first.stat().st_mode & 0o777 == 0o600
        again = extract_attachments(store, out, properties)  # the same bytes: nothing to do
        assert again.written == () and [t for _, t in again.unchanged] == [first, second]
        assert sorted(p.name for p in out.rglob("*")) == sorted(
            [first.parent.name, second.parent.name, "x.pdf", "y.png"]
        )


def test_extract_never_overwrites_and_then_writes_nothing(tmp_path: Path) -> None:
    with portfolio(tmp_path / "a.biddesk") as store:
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
        attach_files(store, "p2", [write(tmp_path / "y.png", PNG)], today=TODAY)
        properties = {p.id: p for p in store.load().properties}
        out = tmp_path / "out"
        mine = out / "p2_令和7年(ケ)第2号_物件1" / "y.png"
        mine.parent.mkdir(parents=True)
        mine.write_bytes(b"my own picture")
        with pytest.raises(UserError, match="同じ名前の別のファイル"):
            extract_attachments(store, out, properties)
        assert mine.read_bytes() == b"my own picture"
        assert not (out / "p1_令和7年(ケ)第1号_物件1").exists()  # whole or nothing
        assert [p.name for p in mine.parent.iterdir()] == ["y.png"]  # no temporary left


def test_a_tampered_name_cannot_leave_the_folder(tmp_path: Path) -> None:
    with portfolio(tmp_path / "a.biddesk") as store:
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
        store.conn.execute("UPDATE attachments SET name = '../../../evil.sh'")
        out = tmp_path / "deep" / "out"
        done = extract_attachments(store, out, {})
        ((_, target),) = done.written
        assert target == out / "p1" / "_.._.._evil.sh.pdf"
        assert target.read_bytes() == PDF
        assert [p.name for p in tmp_path.iterdir() if "evil" in p.name] == []
        assert [p.relative_to(out) for p in out.rglob("*")] == [Path("p1"), Path("p1", target.name)]


def test_extract_refuses_to_write_over_the_portfolio(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "p1"
    folder.mkdir(parents=True)
    path = folder / "x.pdf"  # a portfolio file named like the attachment
    with portfolio(path) as store:
        attach_files(store, "p1", [write(tmp_path / "x.pdf", PDF)], today=TODAY)
        before = path.read_bytes()
        with pytest.raises(UserError, match="ポートフォリオファイルそのもの"):
            extract_attachments(store, tmp_path / "out", {})
        with pytest.raises(UserError, match="ポートフォリオファイルそのもの"):
            save_attachment(store, list_attachments(store)[0], path)
        assert path.read_bytes() == before


def test_save_and_open_write_a_whole_copy(tmp_path: Path) -> None:
    with portfolio(tmp_path / "a.biddesk") as store:
        item = attach_files(store, "p1", [write(tmp_path / "x.exe", PDF)], today=TODAY).added[0]
        save_attachment(store, item, tmp_path / "saved.pdf")
        assert (tmp_path / "saved.pdf").read_bytes() == PDF
        copy = temporary_copy(store, item)
        try:
            assert copy.name == "x.exe.pdf" and copy.read_bytes() == PDF
            assert copy.parent.stat().st_mode & 0o777 == 0o700
        finally:
            copy.unlink()
            copy.parent.rmdir()


# --- the command line ---------------------------------------------------------------


def test_attach_attachments_dump_and_import_from_the_command_line(
    tmp_path: Path, run_cli: RunCli
) -> None:
    path = tmp_path / "a.biddesk"
    portfolio(path).close()
    pdf = write(tmp_path / "3点セット.pdf", PDF)
    code, out, err = run_cli("attach", str(path), "p1", str(pdf), "--today", "2026-12-01")
    assert code == 0, err
    assert "3点セット.pdf: 添付しました(PDF、" in out and "p1に1件" in out
    code, out, err = run_cli("attachments", str(path), "--json")
    listed = json.loads(out)["attachments"]
    assert listed == [
        {
            "property": "p1", "name": "3点セット.pdf", "kind": "pdf", "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(), "added": "2026-12-01",
        }
    ]  # fmt: skip
    code, out, _ = run_cli("attachments", str(path))
    assert "令和8年12月1日(火)" in out and "添付ファイル1件" in out
    code, out, _ = run_cli("dump", str(path))
    dumped = json.loads(out)
    assert dumped["attachments"] == listed
    (tmp_path / "a.json").write_text(out, encoding="utf-8")
    run_cli("new", str(tmp_path / "b.biddesk"))
    code, out, err = run_cli("import", str(tmp_path / "b.biddesk"), str(tmp_path / "a.json"))
    assert code == 0, err
    assert "添付ファイル1件はJSONに中身がないため取り込みませんでした" in out
    code, out, _ = run_cli(
        "attachments", str(tmp_path / "b.biddesk"), "--extract", str(tmp_path / "o")
    )
    assert code == 0 and "0件" in out
    code, out, err = run_cli("attachments", str(path), "--extract", str(tmp_path / "o"))
    assert code == 0 and (tmp_path / "o" / "p1_令和7年(ケ)第1号_物件1" / "3点セット.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("attach", "{p}", "p1", "{d}/notes.txt"), "PDF・JPEG・PNG・TIFF・HEICのファイルだけ"),
        (("attach", "{p}", "p7", "{d}/x.pdf"), "物件が見つかりません: p7"),
        (("attach", "{d}/none.biddesk", "p1", "{d}/x.pdf"), "見つかりません"),
        (("attach", "{p}", "p1", "{d}/x.pdf", "--today", "12/1"), "YYYY-MM-DD"),
        (("attachments", "{p}", "--extract", "{d}/x.pdf"), "フォルダを指定してください"),
        (("attach", "{p}", "p1"), "次の引数が必要です"),
    ],
)
def test_command_line_refusals_are_one_sentence(
    tmp_path: Path, run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "a.biddesk"
    portfolio(path).close()
    write(tmp_path / "notes.txt", b"hello")
    write(tmp_path / "x.pdf", PDF)
    code, _, err = run_cli(*(a.format(p=path, d=tmp_path) for a in args))
    assert code == 2 and message in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert raw_count(path) == 0


def test_the_readme_examples_run_as_shown(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console block of the README's attachments section, run line by line."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Keep the 3点セット", 1)[1]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    (tmp_path / "tests").symlink_to(REPO / "tests")
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = block.split("$ .venv/bin/biddesk ")[1:]
    assert len(commands) >= 5
    for command in commands:
        line, _, expected = command.partition("\n")
        code, out, err = run_cli(*line.split())
        assert out + err == expected, line
        assert code == (2 if err else 0), line
