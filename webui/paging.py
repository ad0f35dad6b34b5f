"""The ``?page=`` of list pages, bounded: a page number far past the data is not a database error."""

from __future__ import annotations

from flask import request

#: No list has this many pages; larger numbers would overflow the database's OFFSET.
MAX_PAGE = 10_000


def page_number() -> int:
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        return 1
    return min(max(int(raw), 1), MAX_PAGE)
