"""The user's settings file (QSettings): recent files, the last file, the window layout,
the calendar's reminder days.

Paths are stored absolute, so `make run` from another folder opens the same file. The
file is kept owner-only, like the portfolio itself: the recent paths tell which auctions
someone bids on. Qt creates it (and its folder) with the umask; its atomic rewrites keep
the mode of the file they replace, so the mode is set once the file exists, after each
sync.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from biddesk.domain.errors import UserError
from biddesk.domain.schedule.reminders import (
    DEFAULT_REMINDER_DAYS,
    format_reminder_days,
    parse_reminder_days,
)
from biddesk.gui import demo

RECENT_LIMIT = 8
_RECENT = "recent_files"
_LAST = "last_file"


def sync_private(settings: QSettings) -> None:
    """Write the settings now and leave the file 0600 and its folder 0700."""
    if os.name == "nt":  # the registry, or ACLs that chmod cannot express
        settings.sync()
        return
    path = Path(settings.fileName())
    own_folder = path.parent.name == QCoreApplication.organizationName()
    with contextlib.suppress(OSError):  # a read-only home must not stop the window
        if own_folder:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if _ini_text(settings):  # an empty file is a valid (empty) ini, not a valid plist
            # Created owner-only before Qt first writes it: never readable by others.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    settings.sync()
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
        if own_folder:
            os.chmod(path.parent, 0o700)  # our own folder, never ~/.config itself


def _ini_text(settings: QSettings) -> bool:
    native = settings.format() is QSettings.Format.NativeFormat
    return not native or sys.platform != "darwin"


def absolute(path: Path) -> Path:
    """The path as remembered: absolute and without symlinks or "..", so it means the same
    file whatever folder BidDesk is started from."""
    return path.expanduser().resolve()


def recent(settings: QSettings) -> list[str]:
    value = settings.value(_RECENT, [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def remember(settings: QSettings, path: Path) -> list[str]:
    """Put ``path`` first in the recent files and make it the last file; returns the list.
    A demo run's copy is not remembered: it is removed when its window closes."""
    if demo.is_demo_copy(path):
        return recent(settings)
    name = str(absolute(path))
    files = [name, *(p for p in recent(settings) if p != name)][:RECENT_LIMIT]
    settings.setValue(_RECENT, files)
    settings.setValue(_LAST, name)
    sync_private(settings)
    return files


def last_file(settings: QSettings) -> Path | None:
    """The file the last window showed (absolute; one from an older version, stored
    relative, is taken from the current folder as it was then)."""
    value = settings.value(_LAST)
    return absolute(Path(str(value))) if value else None


# --- the calendar's reminders (a preference of this user, not of the portfolio) ---------
_REMINDERS = "calendar_reminders"


def reminder_days(settings: QSettings) -> tuple[int, ...]:
    """The days before a deadline the .ics reminds of; the default (14, 7, 3, 1) when never
    set or when the stored text cannot be read (a hand-edited settings file)."""
    value = settings.value(_REMINDERS)
    if value is None:
        return DEFAULT_REMINDER_DAYS
    text = ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
    try:
        return parse_reminder_days(text)
    except UserError:
        return DEFAULT_REMINDER_DAYS


def set_reminder_days(settings: QSettings, days: tuple[int, ...]) -> None:
    # Stored as text with a leading marker: an empty tuple (no reminders) must not read back
    # as "never set", and Qt turns "14,7" in an ini file into a list of its own.
    settings.setValue(_REMINDERS, format_reminder_days(days) or " ")
    sync_private(settings)
