"""CSV cells that a spreadsheet will show as text, never run as a formula (CSV/formula injection)."""

from __future__ import annotations

from typing import Any

#: A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def row(values: dict[str, Any]) -> dict[str, Any]:
    return {key: cell(value) for key, value in values.items()}
