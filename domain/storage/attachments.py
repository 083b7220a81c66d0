"""Files kept inside the portfolio file: the 3点セット PDF and photos of a property
(issue 17 item 4; schema version 3, tables in ``storage/schema.py``).

BIT (bit.courts.go.jp) takes a property's 3点セット down after its sale, and the PDF is a
scanned image: a copy made while it is there is the only one. ``attach_files`` puts files in
the portfolio, ``list_attachments`` lists them, ``copy_attachment`` writes one back.

Design (docs/attachments.md says the same for users):
- Streaming, never a whole file in memory: the row gets a ``zeroblob`` of the file's size,
  then the bytes go in through SQLite's incremental blob I/O (``Connection.blobopen``) in
  1 MiB chunks, the SHA-256 computed on the way; reading back is the same in reverse and
  checks the SHA-256.
- One transaction per ``attach_files`` call: every file or none. A kill in the middle
  leaves the file as it was before (the uncommitted pages are in the WAL, never in the file).
- Limits: 200MB per file (``MAX_ATTACHMENT_BYTES``), 2,000MB per portfolio
  (``MAX_PORTFOLIO_ATTACHMENT_BYTES``), checked before anything is written.
- Types by their first bytes, not by the name: PDF, JPEG, PNG, TIFF, HEIC (``sniff_kind``);
  anything else is refused in one sentence.
- Outside undo: attaching and removing an attachment are not on the undo stack (an undo
  history holding a 100MB file would keep it in memory or in the file); the window asks
  before removing one. Deleting a property is undoable, and its attachments come back
  with the undo: they stay in the file until the editing session ends (schema.py,
  ``ORPHAN_ATTACHMENTS``), and every listing shows only those of existing properties.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from biddesk.domain.errors import UserError, os_reason
from biddesk.domain.storage.schema import ATTACHMENT_KINDS as ATTACHMENT_KINDS
from biddesk.domain.storage.schema import MAX_ATTACHMENT_BYTES as MAX_ATTACHMENT_BYTES
from biddesk.domain.storage.store import PortfolioStore, _transaction, _why

MAX_PORTFOLIO_ATTACHMENT_BYTES = 2_000_000_000
"""All attachments of one portfolio together (2,000MB): the file stays one a USB stick
(FAT32: 4GB per file) and a Save As copy can hold."""

CHUNK = 1 << 20
"""Bytes per read and write while streaming (1 MiB)."""

KIND_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "heic": "HEIC"}
SUFFIXES: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg", ".jpe"),
    "png": (".png",),
    "tiff": (".tif", ".tiff"),
    "heic": (".heic", ".heif"),
}
"""The suffixes each kind is opened by; a written copy always ends in one of them."""

assert tuple(KIND_LABELS) == tuple(SUFFIXES) == ATTACHMENT_KINDS

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) after each chunk."""


class AttachmentError(UserError):
    """A file cannot be attached, listed or written back; one sentence for the user."""


@dataclass(frozen=True, kw_only=True)
class Attachment:
    """One file kept in the portfolio.

    Attributes:
        id: its row (stable while it exists).
        property: the property's id (as in ``list --json`` and ``dump``).
        name: the file's name when it was attached (no folder).
        kind: one of ``ATTACHMENT_KINDS``, from its first bytes.
        size: bytes.
        sha256: hex digest of the bytes, computed while they were stored.
        added: the day it was attached.
    """

    id: int
    property: str
    name: str
    kind: str
    size: int
    sha256: str
    added: date


# --- pure rules: kinds, names, sizes -------------------------------------------------

_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
)
HEAD_BYTES = 1024
"""How much of a file ``sniff_kind`` needs."""


def sniff_kind(head: bytes) -> str | None:
    """The kind of a file from its first bytes (at least the first ``HEAD_BYTES``), or None.

    Sources: PDF — ISO 32000-1 §7.5.2 (the header ``%PDF-``; readers accept it anywhere in
    the first 1024 bytes, Adobe PDF Reference 1.7 Implementation note 13); JPEG — ITU-T T.81
    B.1.1.2 (SOI ``FF D8`` followed by a marker ``FF``); PNG — PNG specification §5.2 (the
    8-byte signature); TIFF — TIFF 6.0 §2 (``II*\\0`` or ``MM\\0*``; BigTIFF ``+``);
    HEIC/HEIF — ISO/IEC 23008-12 and ISO/IEC 14496-12 §4.3 (an ``ftyp`` box first, with a
    HEIF major brand)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heic"
    if b"%PDF-" in head[:HEAD_BYTES]:
        return "pdf"
    return None


_CONTROL = {chr(c) for c in (*range(32), 127)}
_UNSAFE = set('<>:"/\\|?*') | _CONTROL
_RESERVED = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{n}" for n in range(1, 10)),
        *(f"lpt{n}" for n in range(1, 10)),
    }
)
MAX_NAME_BYTES = 180
"""A written name's UTF-8 bytes at most: file systems hold 255, and the staging's hidden
temporary name (``.<name>.biddesk-<host>-<pid>-XXXXXXXX.tmp``, forms/atomic.py) adds ~40."""
FALLBACK_NAME = "添付ファイル"


def stored_name(name: str) -> str:
    """The name kept for a file being attached: its last part only (no folder), NFC, without
    control characters, at most 255 characters; ``FALLBACK_NAME`` for an empty one."""
    last = PurePath(name.replace("\\", "/")).name
    text = "".join(ch for ch in unicodedata.normalize("NFC", last) if ch not in _CONTROL)
    text = text.strip()
    return text[:255] or FALLBACK_NAME


def _truncated(text: str, limit: int) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def _plain(text: str) -> str:
    """One path part: NFC, unsafe characters as ``_``, no leading or trailing dot/space."""
    text = unicodedata.normalize("NFC", text)
    return "".join("_" if ch in _UNSAFE else ch for ch in text).strip(" .")


def safe_folder_name(text: str) -> str:
    """``safe_file_name``'s rules for a folder (no suffix): the folder of a property's
    attachments in ``attachments --extract``."""
    name = _truncated(_plain(text), MAX_NAME_BYTES).rstrip(" .") or FALLBACK_NAME
    return f"_{name}" if name.split(".")[0].lower() in _RESERVED else name


def safe_file_name(name: str, kind: str) -> str:
    """The name to write an attachment under, whatever its stored name holds (a file edited
    by hand can hold anything): one plain file name in the folder, never a path (no ``/``,
    ``\\``, ``..``, control or Windows-reserved characters or names, no leading dot), at most
    ``MAX_NAME_BYTES``, ending in a suffix of its kind — a PDF named ``x.exe`` is written
    ``x.exe.pdf``, so opening it never runs it (Windows file naming rules:
    learn.microsoft.com "Naming Files, Paths, and Namespaces")."""
    text = _plain(name)
    suffixes = SUFFIXES[kind]
    stem, dot, suffix = text.rpartition(".")
    if not dot or f".{suffix.lower()}" not in suffixes:
        stem, suffix = text, suffixes[0][1:]
    stem = stem.rstrip(" .") or FALLBACK_NAME
    if stem.split(".")[0].lower() in _RESERVED:
        stem = f"_{stem}"
    stem = _truncated(stem, MAX_NAME_BYTES - len(suffix) - 1).rstrip(" .") or FALLBACK_NAME
    return f"{stem}.{suffix}"


def numbered(name: str, taken: set[str]) -> str:
    """``name``, or ``stem (2).pdf``, ``stem (3).pdf``… the first not in ``taken``
    (compared case-insensitively: one file on the usual Windows and macOS volumes)."""
    keys = {t.casefold() for t in taken}
    if name.casefold() not in keys:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    number = 2
    while True:
        candidate = f"{stem} ({number}){dot}{suffix}"
        if candidate.casefold() not in keys:
            return candidate
        number += 1


def format_size(size: int) -> str:
    """Bytes for people: ``532B``, ``12.3KB``, ``104.9MB``, ``2,000MB`` (1KB = 1,000 bytes;
    one decimal, rounded half up in integers, left out when it is 0)."""
    if size < 1000:
        return f"{size}B"
    scale, unit = (1000, "KB") if size < 999_950 else (1000**2, "MB")
    whole, tenth = divmod((size * 10 + scale // 2) // scale, 10)
    return f"{whole:,}.{tenth}{unit}" if tenth else f"{whole:,}{unit}"


def attachment_to_json(item: Attachment) -> dict[str, Any]:
    """One attachment in ``dump`` and ``attachments --json`` (contracts.md): its facts,
    never its bytes."""
    return {
        "property": item.property,
        "name": item.name,
        "kind": item.kind,
        "size": item.size,
        "sha256": item.sha256,
        "added": item.added.isoformat(),
    }


# --- the file -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Source:
    path: Path
    name: str
    kind: str
    size: int


def _source(path: Path) -> _Source:
    """A file to attach, checked before anything is written: it exists, is a file, is not
    too large and is of a kind we keep."""
    label = str(path)
    try:
        with path.open("rb") as handle:
            size = _size_of(handle)
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise AttachmentError(f"ファイルが見つかりません: {label}") from None
    except IsADirectoryError:
        raise AttachmentError(f"ファイルではなくフォルダです: {label}") from None
    except OSError as error:
        raise AttachmentError(f"ファイルを読めません({os_reason(error)}): {label}") from None
    if size > MAX_ATTACHMENT_BYTES:
        shown = format_size(size)
        if shown == format_size(MAX_ATTACHMENT_BYTES):  # just above: the bytes tell
            shown = f"{size:,}バイト"
        raise AttachmentError(
            f"ファイルが大きすぎるため添付できません(1ファイル{format_size(MAX_ATTACHMENT_BYTES)}"
            f"まで、このファイルは{shown}): {label}"
        )
    kind = sniff_kind(head) if size else None
    if kind is None:
        raise AttachmentError(
            f"PDF・JPEG・PNG・TIFF・HEICのファイルだけを添付できます"
            f"(中身がそのどれでもありません): {label}"
        )
    return _Source(path=path, name=stored_name(path.name), kind=kind, size=size)


def _size_of(handle: BinaryIO) -> int:
    """The size of the file as opened (the one then read, even if renamed meanwhile)."""
    return os.fstat(handle.fileno()).st_size


def _writable(store: PortfolioStore) -> sqlite3.Connection:
    if store.read_only:
        raise AttachmentError(
            f"読み取り専用で開いているため添付ファイルを変更できません: {store.path}"
        )
    return store.conn


def _total_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(sum(size), 0) FROM attachments").fetchone()[0])


_INSERT = (
    "INSERT INTO attachments (property, name, kind, size, sha256, added) VALUES (?, ?, ?, ?, ?, ?)"
)
_PENDING_SHA = "0" * 64  # replaced once the bytes are in (one small row: no blob rewritten)


@dataclass(frozen=True, kw_only=True)
class Attached:
    """What ``attach_files`` did: the new attachments, and the files left out because the
    property already has the same bytes (each with the name it has there)."""

    added: tuple[Attachment, ...]
    already: tuple[tuple[Path, str], ...] = ()


def attach_files(
    store: PortfolioStore,
    property_id: str,
    paths: Sequence[Path],
    *,
    today: date,
    progress: Progress | None = None,
) -> Attached:
    """Keep the files at ``paths`` in the portfolio under the property ``property_id``, in
    ONE transaction (all of them or, on any error or a kill, none). Each is checked first
    (exists, kind, ``MAX_ATTACHMENT_BYTES``), then all together against
    ``MAX_PORTFOLIO_ATTACHMENT_BYTES``; then streamed in (never whole in memory). A name the
    property already has gets `` (2)``; the same bytes twice are kept once."""
    conn = _writable(store)
    sources = list({Path(p).resolve(): _source(Path(p)) for p in paths}.values())
    incoming = sum(s.size for s in sources)
    done = 0

    def advanced(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, incoming)

    with store._guard:
        try:
            with _transaction(conn):
                if (
                    conn.execute("SELECT 1 FROM properties WHERE id = ?", (property_id,)).fetchone()
                    is None
                ):
                    raise AttachmentError(
                        f"物件が見つかりません: {property_id}"
                        "(物件のidは list --json の property です)"
                    )
                used = _total_size(conn)
                if used + incoming > MAX_PORTFOLIO_ATTACHMENT_BYTES:
                    raise AttachmentError(
                        f"添付ファイルの合計が上限({format_size(MAX_PORTFOLIO_ATTACHMENT_BYTES)})"
                        f"を超えるため添付できません(添付済み{format_size(used)}、追加"
                        f"{format_size(incoming)})。"
                    )
                present = _rows(conn, "WHERE a.property = ?", (property_id,))
                names = {a.name for a in present}
                by_digest = {a.sha256: a.name for a in present}
                added: list[Attachment] = []
                already: list[tuple[Path, str]] = []
                for source in sources:
                    name = numbered(source.name, names)
                    item = _stream_in(conn, property_id, source, name, today, advanced)
                    if item.sha256 in by_digest:  # the same bytes: keep the first copy
                        conn.execute("DELETE FROM attachments WHERE id = ?", (item.id,))
                        already.append((source.path, by_digest[item.sha256]))
                        continue
                    names.add(name)
                    by_digest[item.sha256] = name
                    added.append(item)
        except sqlite3.Error as error:
            raise AttachmentError(
                f"添付できませんでした({_why(error)})。ファイルは添付前の状態のままです: "
                f"{store.path}"
            ) from None
    return Attached(added=tuple(added), already=tuple(already))


def _stream_in(
    conn: sqlite3.Connection,
    property_id: str,
    source: _Source,
    name: str,
    today: date,
    advanced: Callable[[int], None],
) -> Attachment:
    """One file into a zeroblob of its size, chunk by chunk, hashing on the way."""
    row = (property_id, name, source.kind, source.size, _PENDING_SHA, today.isoformat())
    rowid = conn.execute(_INSERT, row).lastrowid
    assert rowid is not None
    conn.execute(
        "INSERT INTO attachment_contents (id, content) VALUES (?, zeroblob(?))",
        (rowid, source.size),
    )
    digest = hashlib.sha256()
    written = 0
    try:
        with (
            source.path.open("rb") as handle,
            conn.blobopen("attachment_contents", "content", rowid) as blob,
        ):
            while chunk := handle.read(CHUNK):
                if written + len(chunk) > source.size:
                    break
                blob.write(chunk)
                digest.update(chunk)
                written += len(chunk)
                advanced(len(chunk))
    except OSError as error:
        raise AttachmentError(f"ファイルを読めません({os_reason(error)}): {source.path}") from None
    if written != source.size or chunk:
        raise AttachmentError(
            f"添付中にファイルの大きさが変わったため、何も添付しませんでした: {source.path}"
        )
    sha = digest.hexdigest()
    conn.execute("UPDATE attachments SET sha256 = ? WHERE id = ?", (sha, rowid))
    return Attachment(
        id=rowid, property=property_id, name=name, kind=source.kind, size=source.size,
        sha256=sha, added=today,
    )  # fmt: skip


_SELECT = (
    "SELECT a.id, a.property, a.name, a.kind, a.size, a.sha256, a.added "
    "FROM attachments a JOIN properties p ON p.id = a.property "
)


def _rows(conn: sqlite3.Connection, where: str, values: tuple[Any, ...]) -> list[Attachment]:
    # In the properties' order, then as attached; a deleted property's are not shown.
    sql = f"{_SELECT}{where} ORDER BY p.seq, a.id"
    return [_attachment_of(row) for row in conn.execute(sql, values)]


class _BadRow(AttachmentError):
    pass


def _attachment_of(row: tuple[Any, ...]) -> Attachment:
    """A row as a value, checked again (the table's CHECKs hold unless its schema was
    edited by hand): a bad row is one sentence, never a crash further on."""
    ident, prop, name, kind, size, sha, added = row
    try:
        day = date.fromisoformat(added)
    except (TypeError, ValueError):
        day = None
    fine = (
        isinstance(name, str) and 0 < len(name) <= 255 and kind in SUFFIXES
        and isinstance(size, int) and size > 0 and isinstance(sha, str) and len(sha) == 64
    )  # fmt: skip
    if not fine or day is None:
        raise _BadRow(
            f"ファイルの中に形式の違う添付ファイルの情報があるため読めません(添付{ident})"
        )
    return Attachment(
        id=ident, property=prop, name=name, kind=kind, size=size, sha256=sha, added=day
    )


def _has_tables(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'"
    ).fetchone()
    return found is not None


def list_attachments(store: PortfolioStore, property_id: str | None = None) -> list[Attachment]:
    """The attachments of existing properties (or of one), in the properties' order."""
    with store._guard:
        conn = store.conn
        try:
            if not _has_tables(conn):
                return []
            if property_id is None:
                return _rows(conn, "", ())
            return _rows(conn, "WHERE a.property = ?", (property_id,))
        except _BadRow as error:
            raise AttachmentError(f"{error}: {store.path}") from None
        except sqlite3.Error as error:
            raise AttachmentError(
                f"添付ファイルを読めませんでした({_why(error)}): {store.path}"
            ) from None


def copy_attachment(store: PortfolioStore, item: Attachment, out: BinaryIO) -> None:
    """Write the bytes of ``item`` to ``out`` chunk by chunk, and check them against the
    SHA-256 taken when they were stored (AttachmentError if the file was damaged)."""
    digest = hashlib.sha256()
    with store._guard:
        conn = store.conn
        try:
            conn.execute("BEGIN")
            try:
                with conn.blobopen(
                    "attachment_contents", "content", item.id, readonly=True
                ) as blob:
                    if len(blob) != item.size:
                        raise _damaged(store, item)
                    while chunk := blob.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as error:
            raise AttachmentError(
                f"添付ファイル「{item.name}」を読めませんでした({_why(error)}): {store.path}"
            ) from None
    if digest.hexdigest() != item.sha256:
        raise _damaged(store, item)


def _damaged(store: PortfolioStore, item: Attachment) -> AttachmentError:
    return AttachmentError(
        f"添付ファイル「{item.name}」の中身が保存時と違います(ファイルが壊れています): {store.path}"
    )


def remove_attachment(store: PortfolioStore, attachment_id: int) -> None:
    """Remove one attachment (its bytes with it), in one transaction. Not undoable: the
    window asks first. The space it took is reused by the next attachments."""
    conn = _writable(store)
    with store._guard:
        try:
            with _transaction(conn):
                conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        except sqlite3.Error as error:
            raise AttachmentError(
                f"添付ファイルを削除できませんでした({_why(error)}): {store.path}"
            ) from None
