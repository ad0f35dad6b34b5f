"""SQL statements built once per process.

Building a SQLAlchemy statement costs more than running it on a small table; the statements every
step or start runs are built on first use and kept, keyed by the function that builds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_built: dict[Callable[[], Any], Any] = {}


def once(build: Callable[[], Any]) -> Any:
    """The statement ``build()`` returns, built on the first call (``build`` must be a module-level function)."""
    found = _built.get(build)
    if found is None:
        found = _built[build] = build()
    return found
