"""Form schemas: checking them at deploy, validating submissions against them at run time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from ..errors import FormInvalid

ATTACHMENT_REF = re.compile(r"^sha256:[0-9a-f]{64}$")

_format_checker = FormatChecker()


@_format_checker.checks("attachment")
def _is_attachment_ref(value: object) -> bool:
    return not isinstance(value, str) or bool(ATTACHMENT_REF.match(value))


def schema_problem(schema: Any) -> str | None:
    """Why ``schema`` is not a usable Draft 2020-12 form schema, or None when it is."""
    if not isinstance(schema, dict):
        return "a form schema must be a JSON object"
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as e:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        return f"invalid JSON Schema at {where}: {e.message}"
    if schema.get("type", "object") != "object":
        return 'a form schema must describe an object ("type": "object")'
    return None


@lru_cache(maxsize=512)
def _validator(schema_json: str) -> Draft202012Validator:
    import json

    return Draft202012Validator(json.loads(schema_json), format_checker=_format_checker)


def validate(schema_json: str, data: Any) -> None:
    """Check ``data`` against the schema (given as its JSON text, so validators are cached).

    :raises FormInvalid: listing every problem with the field it belongs to.
    """
    if not isinstance(data, dict):
        raise FormInvalid("form data must be a JSON object", [{"field": "", "message": "not an object", "kind": "type"}])
    errors = []
    for error in sorted(_validator(schema_json).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = [str(p) for p in error.absolute_path]
        if error.validator == "required":
            missing = re.match(r"'([^']+)' is a required property", error.message)
            if missing:
                path.append(missing.group(1))
        elif error.validator == "additionalProperties":
            extra = re.findall(r"'([^']+)'", error.message)
            if extra:
                path.append(extra[0])
        errors.append({"field": "/".join(path), "message": error.message, "kind": str(error.validator)})
    if errors:
        summary = "; ".join(f"{e['field'] or '(form)'}: {e['message']}" for e in errors[:5])
        raise FormInvalid(f"form data does not match the form: {summary}", errors)


def attachment_refs(schema: Any, data: Any) -> Iterator[str]:
    """Every attachment ref in ``data`` at a place the schema marks ``"format": "attachment"``."""
    if not isinstance(schema, dict):
        return
    if schema.get("format") == "attachment" and isinstance(data, str):
        yield data
        return
    if isinstance(data, dict):
        for key, sub in (schema.get("properties") or {}).items():
            if key in data:
                yield from attachment_refs(sub, data[key])
    elif isinstance(data, list):
        items = schema.get("items")
        for value in data:
            yield from attachment_refs(items, value)
