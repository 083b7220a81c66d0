"""Attachments written back to files: ``attachments --extract DIR``, the window's 保存… and
開く (issue 17 item 4). Written like an export: whole or not at all (forms/atomic.py), never
over the portfolio or its working files (forms/targets.py), owner-only.

``extract_attachments`` writes every attachment to ``DIR/<property>/<name>``: one folder per
property (``p1_令和7年(ケ)第88号_物件1``), the names made safe (``safe_file_name``: no path,
no ``..``, the kind's suffix). An existing file is never replaced: one with the same bytes
counts as written, one with other bytes stops the whole extraction before anything is
written.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from biddesk.domain.errors import UserError, os_reason
from biddesk.domain.models import Property
from biddesk.domain.storage.attachments import (
    CHUNK,
    Attachment,
    copy_attachment,
    list_attachments,
    numbered,
    safe_file_name,
    safe_folder_name,
)
from biddesk.domain.storage.store import PortfolioStore
from biddesk.forms.atomic import Staging, staged
from biddesk.forms.targets import Output, check_outputs


def property_folder_name(prop: Property | None, property_id: str) -> str:
    """The folder of a property's attachments: its id, 事件番号 and 物件番号, made safe."""
    parts = [property_id]
    if prop is not None and prop.case_number:
        parts.append(prop.case_number)
    if prop is not None and prop.property_numbers:
        parts.append("物件" + ",".join(prop.property_numbers))
    return safe_folder_name("_".join(parts))


def _digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _same_bytes(path: Path, item: Attachment) -> bool:
    try:
        return path.stat().st_size == item.size and _digest_of(path) == item.sha256
    except OSError:
        return False


@dataclass(frozen=True, kw_only=True)
class Extracted:
    """Where each attachment went: ``written`` now, or ``unchanged`` (already there with
    the same bytes)."""

    written: tuple[tuple[Attachment, Path], ...]
    unchanged: tuple[tuple[Attachment, Path], ...]


def plan_extraction(
    folder: Path, items: Iterable[Attachment], properties: dict[str, Property]
) -> list[tuple[Attachment, Path]]:
    """Each attachment's target under ``folder``: distinct names (case-insensitive) per
    property folder."""
    taken: dict[str, set[str]] = {}
    plan = []
    for item in items:
        sub = property_folder_name(properties.get(item.property), item.property)
        names = taken.setdefault(sub, set())
        name = numbered(safe_file_name(item.name, item.kind), names)
        names.add(name)
        plan.append((item, folder / sub / name))
    return plan


def extract_attachments(
    store: PortfolioStore, folder: Path, properties: dict[str, Property]
) -> Extracted:
    """Write every attachment of ``store`` under ``folder`` (created if missing), all of
    them or none: checked first (no target over the portfolio's own files, no existing file
    with other bytes), then streamed into hidden temporary files renamed into place at the
    end."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--extract にはフォルダを指定してください(ファイルです): {folder}")
    plan = plan_extraction(folder, list_attachments(store), properties)
    to_write: list[tuple[Attachment, Path]] = []
    unchanged: list[tuple[Attachment, Path]] = []
    for item, target in plan:
        check_outputs(store.path, [Output(label=f"添付ファイル「{item.name}」", path=target)])
        if target.exists() or target.is_symlink():
            if not target.is_symlink() and _same_bytes(target, item):
                unchanged.append((item, target))
                continue
            raise UserError(
                "書き出し先に同じ名前の別のファイルがあるため、何も書き出しませんでした"
                f"(上書きはしません。空のフォルダを指定してください): {target}"
            )
        to_write.append((item, target))
    with staged() as staging:
        for item, target in to_write:
            _write_into(staging, store, item, target)
    return Extracted(written=tuple(to_write), unchanged=tuple(unchanged))


def _write_into(staging: Staging, store: PortfolioStore, item: Attachment, target: Path) -> None:
    temp = staging.temp_for(target)
    with temp.open("wb") as out:
        copy_attachment(store, item, out)


def save_attachment(store: PortfolioStore, item: Attachment, target: Path) -> None:
    """One attachment to ``target`` (the window's 保存…: the dialog asked about replacing
    an existing file), whole or not at all, never over a portfolio's files."""
    target = Path(target)
    check_outputs(store.path, [Output(label="保存先", path=target)])
    with staged() as staging:
        _write_into(staging, store, item, target)


def temporary_copy(store: PortfolioStore, item: Attachment) -> Path:
    """A complete copy of ``item`` in a new owner-only temporary folder, named so that the
    system opens it with the viewer of its kind (the window's 開く). The caller removes the
    folder when it no longer needs it."""
    try:
        folder = Path(tempfile.mkdtemp(prefix="biddesk-open-"))
    except OSError as error:
        raise UserError(f"一時フォルダを作れません({os_reason(error)})。") from None
    target = folder / safe_file_name(item.name, item.kind)
    with staged() as staging:
        _write_into(staging, store, item, target)
    return target
