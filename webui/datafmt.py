"""Form data shown as labelled fields: titles from the step's JSON Schema, choices by their title,
yes/no for booleans, files by name. Never a Python or JSON dump."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from .i18n import current_locale
from .schemaforms import _options, _title, is_rupiah, rupiah


def _props(schema: Any) -> Mapping[str, Any]:
    return (schema or {}).get("properties") or {} if isinstance(schema, Mapping) else {}


def field_label(schema: Any, key: str) -> str:
    """The field's title in the page's language; the key said plainly when the schema has none."""
    sub = _props(schema).get(key)
    return _title(sub, key, current_locale()) if isinstance(sub, Mapping) else key.replace("_", " ").capitalize()


def field_schema(schema: Any, key: str) -> Mapping[str, Any]:
    sub = _props(schema).get(key)
    return sub if isinstance(sub, Mapping) else {}


def item_schema(schema: Any) -> Mapping[str, Any]:
    items = (schema or {}).get("items") if isinstance(schema, Mapping) else None
    return items if isinstance(items, Mapping) else {}


def choice_title(schema: Any, value: Any) -> str:
    """A choice by its title ("Setuju"), an amount in rupiah grouped ("Rp 1.500.000"), a plain value as text."""
    if isinstance(schema, Mapping) and is_rupiah(schema) and isinstance(value, (int, float)):
        return f"Rp {rupiah(value)}"
    if isinstance(schema, Mapping):
        for option, title in _options(schema, current_locale()):
            if option == value:
                return title
    return str(value)


def merged_schema(schemas: list[Any]) -> dict[str, Any]:
    """One schema holding the fields of several steps' forms (for data gathered across a whole SOP)."""
    props: dict[str, Any] = {}
    for schema in schemas:
        for key, sub in _props(schema).items():
            props.setdefault(key, sub)
    return {"type": "object", "properties": props}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(field_label=field_label, field_schema=field_schema, item_schema=item_schema,
                                 choice_title=choice_title)
