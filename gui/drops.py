"""What may be dropped on the window: files (imported as by ファイルから取り込み) or text
dragged from a browser or an editor (read as by 貼り付けて追加: the paste dialog opens with
it, so the preview is checked before anything is added)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files among the dropped URLs."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def dropped_text(mime: QMimeData) -> str:
    """The dropped text when no file is dropped ("" if none): a browser's selection
    carries text/plain (and HTML, which is not needed: the 公告's text is what is read)."""
    if dropped_files(mime) or not mime.hasText():
        return ""
    return mime.text() if mime.text().strip() else ""


def accepts(mime: QMimeData) -> bool:
    return bool(dropped_files(mime) or dropped_text(mime))
