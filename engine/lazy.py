"""Modules loaded on first attribute access, so a command imports only what it uses.

``sopflow tasks`` needs SQLAlchemy and the task mirror, not SpiffWorkflow, lxml, argon2 or
Alembic; the engine's facade still names every module it may use at the top, as usual.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name`` (absolute), executed when one of its attributes is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
