"""The one exception type whose message is meant for the user."""

from __future__ import annotations

import errno

MAX_MESSAGE = 2000  # long enough for every JSON path of a bad import


class UserError(Exception):
    """Bad input or an impossible request; ``str(error)`` is one plain sentence.

    The message often quotes what the user typed or pasted; line breaks and runs of
    spaces in it are folded and a very long quote is cut, so the sentence stays one
    readable line in a dialog, a status bar or a terminal.
    """

    def __init__(self, message: str = "") -> None:
        folded = " ".join(str(message).split())
        if len(folded) > MAX_MESSAGE:
            folded = folded[: MAX_MESSAGE - 1] + "…"
        super().__init__(folded)


# --- why a file could not be written, in Japanese (one place for the store and the exports)

DISK_FULL = "ディスクの空きが足りません"
READ_ONLY_FILE = "ファイルが読み取り専用です"
DISK_IO = "ディスクの読み書きに失敗しました"

_OS_REASONS = {
    errno.ENOSPC: DISK_FULL,
    errno.EACCES: "書き込む権限がないか、ほかのプログラムが使用中です",
    errno.EPERM: "書き込む権限がないか、ほかのプログラムが使用中です",
    errno.EROFS: "読み取り専用の場所です",
    errno.EIO: DISK_IO,
    errno.ENAMETOOLONG: "ファイル名が長すぎます",
    errno.ENOENT: "ファイルかフォルダが見つかりません",
    errno.ENOTDIR: "途中にフォルダではなくファイルがあります",
    errno.EEXIST: "同じ名前のものが既にあります",
    errno.EISDIR: "ファイルではなくフォルダです",
}
if hasattr(errno, "EDQUOT"):  # not on every platform
    _OS_REASONS[errno.EDQUOT] = "ディスクの使用量の上限を超えました"


def os_reason(error: OSError) -> str:
    """What went wrong with a file, in a few Japanese words (never a path)."""
    known = _OS_REASONS.get(error.errno or -1)
    if known is not None:
        return known
    return error.strerror or type(error).__name__


_READ_REASONS = {
    errno.EACCES: "読む権限がないか、ほかのプログラムが使用中です",
    errno.EPERM: "読む権限がないか、ほかのプログラムが使用中です",
}


def os_read_reason(error: OSError) -> str:
    """Why a file could not be *read*, in a few Japanese words (``os_reason`` speaks of
    writing where the two differ)."""
    return _READ_REASONS.get(error.errno or -1) or os_reason(error)
