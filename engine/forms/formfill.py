"""Plausible form data made from a JSON Schema: for demo instances, walks and load tests.

Decisions are steered by field name (``choices``), so a walk can take a chosen gateway branch;
anything else gets a valid value of its type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

Attach = Callable[[], str]


def options(schema: Mapping[str, Any]) -> list[Any]:
    """The allowed values of a choice field (``enum`` or ``oneOf`` of ``const``), else []."""
    if "enum" in schema:
        return list(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema and all(isinstance(o, Mapping) and "const" in o for o in schema[key]):
            return [o["const"] for o in schema[key]]
    if "const" in schema:
        return [schema["const"]]
    return []


def sample(schema: Mapping[str, Any] | None, choices: Mapping[str, Any] | None = None,
           attach: Attach | None = None, today: date | None = None) -> dict[str, Any]:
    """A value for every property of an object schema (required or not) that passes the schema."""
    value = _value(schema or {"type": "object"}, "", choices or {}, attach, today or date.today())
    return value if isinstance(value, dict) else {}


def _value(schema: Mapping[str, Any], name: str, choices: Mapping[str, Any], attach: Attach | None,
           today: date) -> Any:
    allowed = options(schema)
    if name in choices and (not allowed or choices[name] in allowed):
        return choices[name]
    if allowed:
        return allowed[0]
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object":
        return {key: _value(sub, key, choices, attach, today) for key, sub in (schema.get("properties") or {}).items()
                if _fillable(sub, attach)}
    if kind == "array":
        items = schema.get("items") or {"type": "string"}
        if not _fillable(items, attach):
            return []
        count = max(1, int(schema.get("minItems", 1)))
        values = [_value(items, name, choices, attach, today) for _ in range(count)]
        if schema.get("uniqueItems") and isinstance(values[0], str):
            values = [f"{v} {i + 1}" if i else v for i, v in enumerate(values)]
        return values
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 100))
        pick = min(max(low, 10), high)
        if "exclusiveMinimum" in schema and pick <= schema["exclusiveMinimum"]:
            pick = schema["exclusiveMinimum"] + 1
        return int(pick) if kind == "integer" else float(pick)
    fmt = schema.get("format")
    if fmt == "attachment":
        return attach() if attach else ""
    if fmt == "date":
        return today.isoformat()
    if fmt == "date-time":
        return f"{today.isoformat()}T08:00:00+07:00"
    if fmt == "time":
        return "08:00"
    if fmt == "email":
        return "binmas@example.org"
    text = _text_for(name)
    low, high = int(schema.get("minLength", 0)), int(schema.get("maxLength", 500))
    if len(text) < low:
        text = text + "." * (low - len(text))
    return text[:high]


def _fillable(schema: Any, attach: Attach | None) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if schema.get("format") == "attachment" and attach is None:
        return False
    if schema.get("type") == "array" and isinstance(schema.get("items"), Mapping):
        return _fillable(schema["items"], attach) or not schema.get("minItems")
    return True


def _text_for(name: str) -> str:
    lowered = name.lower()
    if lowered.startswith("nomor") or lowered.endswith("_no"):
        return "B/123/I/2026/Binmas"
    if "nama" in lowered:
        return "Bripka Andi Saputra"
    if "lokasi" in lowered or "tempat" in lowered or "alamat" in lowered:
        return "Kelurahan Tanjung Ayun Sakti, Bukit Bestari"
    return "Dilaksanakan sesuai rencana; tidak ada kendala berarti."
