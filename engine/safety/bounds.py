"""Size and shape limits on JSON that enters or is read back from the system.

Python's JSON encoder, decoder and everything that walks a value recursively (SpiffWorkflow's
deep copies, templates, canonical hashing) fail with RecursionError on deeply nested data. So
data is bounded where it enters (submitted forms, start data, API bodies) and stored JSON is
measured *without recursion* before it is parsed, so a row written by other means cannot crash
a page, an export or the verifier.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..errors import InvalidInput, SopflowError

#: Deepest nesting of submitted data (a form with a table of rows is 3 levels deep).
MAX_DEPTH = 32
#: Longest text of a single field.
MAX_STRING = 65_536
#: Longest object key (a field name).
MAX_KEY = 200
#: Most values (objects, lists, scalars) in one submission.
MAX_NODES = 20_000
#: Largest JSON text of one submission, in bytes.
MAX_JSON_BYTES = 1024 * 1024
#: Deepest nesting read back from storage; the engine never writes deeper than this.
MAX_STORED_DEPTH = 64

_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON string (escapes included) or one bracket: strings are skipped whole, so brackets inside
# them do not count.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


class StoredDataUnreadable(SopflowError):
    """Stored JSON is nested too deeply or malformed: it was not written by the engine."""

    code = "stored_data_unreadable"


def text_depth(text: str | bytes) -> int:
    """The deepest bracket nesting of JSON ``text``, counted without parsing (and without recursion)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def check_text(text: str | bytes, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON text that is too large or too deeply nested, before anything parses it."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise InvalidInput(f"the data is {size} bytes; the limit is {max_bytes} bytes")
    if text_depth(text) > max_depth:
        raise InvalidInput(f"the data is nested more than {max_depth} levels deep")


def check_value(value: Any, what: str = "data") -> None:
    """Refuse a parsed value that is too deep, too big, or holds text that cannot be stored.

    Walks with an explicit stack, so it works on values nested far deeper than Python's recursion limit.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise InvalidInput(f"{what} has more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise InvalidInput(f"{what} is nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, str):
            _check_text_value(item, MAX_STRING, what)
        elif isinstance(item, dict):
            for key, sub in item.items():
                if not isinstance(key, str):
                    raise InvalidInput(f"{what} has a key that is not text")
                _check_text_value(key, MAX_KEY, what)
                stack.append((sub, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((sub, depth + 1) for sub in item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidInput(f"{what} holds a number JSON cannot represent")
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > 10**18:
            raise InvalidInput(f"{what} holds a number larger than 10^18")


def _check_text_value(text: str, limit: int, what: str) -> None:
    if len(text) > limit:
        raise InvalidInput(f"{what} holds a text of {len(text)} characters; the limit is {limit}")
    if _SURROGATE.search(text):
        raise InvalidInput(f"{what} holds text that is not valid Unicode (a lone surrogate)")
    if "\x00" in text:
        raise InvalidInput(f"{what} holds a NUL character")


def has_surrogate(text: str) -> bool:
    return bool(_SURROGATE.search(text))


def loads_stored(text: str | bytes, what: str = "stored data") -> Any:
    """Parse JSON read from the database, refusing (not crashing on) absurd nesting."""
    if text_depth(text) > MAX_STORED_DEPTH:
        raise StoredDataUnreadable(f"{what} is nested more than {MAX_STORED_DEPTH} levels deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as e:
        raise StoredDataUnreadable(f"{what} is not readable JSON: {e}") from None
