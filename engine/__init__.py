"""sopflow's engine: versioned BPMN definitions, persistent instances, role task lists and audit.

Code outside ``engine`` imports only the names below. ``Engine`` is loaded on first use, so a
command that needs no database (``sopflow --help``, ``sopflow check``) does not pay for SQLAlchemy
and SpiffWorkflow at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .clock import Clock as Clock
from .clock import FixedClock as FixedClock
from .clock import SystemClock as SystemClock
from .config import Settings as Settings
from .errors import Conflict as Conflict
from .errors import DefinitionError as DefinitionError
from .errors import FormInvalid as FormInvalid
from .errors import InvalidInput as InvalidInput
from .errors import NotAllowed as NotAllowed
from .errors import NotFound as NotFound
from .errors import SopflowError as SopflowError
from .errors import TooLarge as TooLarge

if TYPE_CHECKING:
    from .core import Engine as Engine


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from .core import Engine

        return Engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
