"""The one exception type whose message is meant for the user."""

from __future__ import annotations

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
