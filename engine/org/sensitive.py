"""Sensitive form fields: ``"x-sensitive": ["kasat_binmas", "kapolsek"]`` on a field of a form schema.

Only holders of those roles in the instance's chain of units (a post at the instance's unit or above it,
or the role held deployment-wide), the auditors of the unit, and the person who entered the value see it.
Everyone else gets :data:`HIDDEN` in its place, in task pages, the API, the history, exports and the
search text. Each time a value is shown to someone other than who entered it, a ``sensitive_read`` event
goes into the instance's audit log.

Who is looking is set per request by the web layer (:data:`VIEWER`); the engine's own callers (the
command line, workers) run without a viewer and see everything, as the operator of the deployment.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any

from sqlalchemy.orm import Session

from . import posts, units
from ..records import EventInfo

VIEWER: ContextVar[str | None] = ContextVar("sopflow_viewer", default=None)
HIDDEN = "••• (rahasia)"
_DATA_EVENTS = ("instance_started", "task_completed")


def fields_of(forms: dict[str, str]) -> dict[str, frozenset[str]]:
    """{field name: roles that may read it} over every form of a definition."""
    found: dict[str, frozenset[str]] = {}
    for text in forms.values():
        try:
            schema = json.loads(text)
        except (TypeError, ValueError):
            continue
        _collect(schema, found)
    return found


def _collect(schema: Any, found: dict[str, frozenset[str]]) -> None:
    if not isinstance(schema, dict):
        return
    for name, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict):
            roles = prop.get("x-sensitive")
            if isinstance(roles, list) and roles:
                found[name] = found.get(name, frozenset()) | frozenset(str(r) for r in roles)
            _collect(prop, found)
            _collect(prop.get("items"), found)


def may_read(session: Session, viewer: str, roles: frozenset[str], unit_path: str | None) -> bool:
    held = posts.held(session, viewer)
    chain = set(units.codes_on_path(unit_path)) if unit_path else None
    for role in roles | {"auditor"}:
        where = held.units.get(role)
        if not where:
            continue
        if None in where:
            return True
        if role == "auditor" and chain is not None:
            paths = session.scalars(units.select_paths(where)).all()
            if any(unit_path.startswith(p) for p in paths):
                return True
        elif chain is None or where & chain:
            return True
    return False


class Reader:
    """Redacts one instance's values for the current viewer and remembers what it revealed."""

    def __init__(self, session: Session, forms: dict[str, str], unit_path: str | None):
        self.viewer = VIEWER.get()
        self.fields = fields_of(forms) if self.viewer is not None else {}
        self.session, self.unit_path = session, unit_path
        self._allowed: dict[frozenset[str], bool] = {}
        self.revealed: set[str] = set()

    def _may(self, roles: frozenset[str]) -> bool:
        if roles not in self._allowed:
            self._allowed[roles] = may_read(self.session, self.viewer or "", roles, self.unit_path)
        return self._allowed[roles]

    def data(self, values: Any, entered_by: str | None = None) -> Any:
        if not self.fields or not isinstance(values, dict):
            return values
        out = {}
        for key, value in values.items():
            roles = self.fields.get(key)
            if roles is None or value in (None, "", []) or entered_by == self.viewer:
                out[key] = value
            elif self._may(roles):
                out[key] = value
                self.revealed.add(key)
            else:
                out[key] = HIDDEN
        return out

    def event(self, event: EventInfo) -> EventInfo:
        if not self.fields or event.type not in _DATA_EVENTS or "data" not in event.payload:
            return event
        payload = {**event.payload, "data": self.data(event.payload["data"], event.actor)}
        return EventInfo(event.instance_id, event.seq, event.type, event.actor, event.at, payload,
                         event.prev_hash, event.hash)

    def inputs(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not self.fields:
            return rows
        return [{**r, "value": self.data({r.get("field"): r.get("value")}).get(r.get("field"))}
                if r.get("field") in self.fields else r for r in rows]


def hidden_keys(forms: dict[str, str]) -> frozenset[str]:
    """Field names never put into the searchable text of an instance."""
    return frozenset(fields_of(forms))
