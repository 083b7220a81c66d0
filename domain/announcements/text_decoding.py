"""Bytes of a user's file → text: UTF-8 (with or without BOM) or Shift_JIS (CP932),
the two encodings Japanese announcement files and CSV exports come in."""

from __future__ import annotations

from biddesk.domain.errors import UserError


def decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"文字コードを判別できません(UTF-8かShift_JISで保存してください): {name}")
