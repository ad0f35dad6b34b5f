"""Turning a task's JSON Schema (+ UI schema) into form fields, and a submitted form back into data.

The server renders every field (no JavaScript needed) and reads the submission back with the
schema's types; validation itself is the engine's (jsonschema), whose errors come back by field path.

Rules a form author can rely on:

- A boolean is a *decision* (two radio choices "Ya" / "Tidak", nothing preselected, never carried
  over from an earlier step) when it is required or its UI schema says ``"ui:widget": "radio"``.
  Such booleans are what gateways route on ("Konflik tetap pecah?"); a required checkbox would force
  "yes". An optional boolean stays a checkbox.
- An integer or number with ``"x-format": "rupiah"`` (or ``"format": "rupiah"``) is typed and shown
  with thousands separators: "1.500.000", "Rp 1.500.000" and "1500000" are all 1500000.
- A date field starts at today's date (the caller gives "today" in the local zone) unless its schema
  says ``"x-default-today": false``.
- Array rows: "+ Tambah baris" adds exactly one blank row, "Hapus baris" removes one; both work as
  plain form posts (no JavaScript) and, with forms.js, in the page without a round trip.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.datastructures import FileStorage, MultiDict

#: blank rows offered under an array of objects, so rows can be added without JavaScript
EXTRA_ROWS = 1
#: most rows a table in a form may have (submitted, or offered by "add a row")
MAX_ROWS = 100


@dataclasses.dataclass
class Field:
    name: str  # HTML name: dotted path ("peserta.0.nama")
    path: str  # error path as the engine reports it ("peserta/0/nama")
    kind: str
    label: str
    help: str = ""
    required: bool = False
    value: Any = None
    options: list[tuple[Any, str]] = dataclasses.field(default_factory=list)
    children: list[Field] = dataclasses.field(default_factory=list)
    rows: list[list[Field]] = dataclasses.field(default_factory=list)
    error: str | None = None
    attrs: dict[str, Any] = dataclasses.field(default_factory=dict)


def _title(schema: Mapping[str, Any], key: str, lang: str) -> str:
    if lang == "en" and schema.get("x-title-en"):
        return str(schema["x-title-en"])
    return str(schema.get("title") or key.replace("_", " ").capitalize())


def _description(schema: Mapping[str, Any], ui: Mapping[str, Any], lang: str) -> str:
    if lang == "en" and schema.get("x-description-en"):
        return str(schema["x-description-en"])
    return str(ui.get("ui:help") or schema.get("description") or "")


def _options(schema: Mapping[str, Any], lang: str) -> list[tuple[Any, str]]:
    for key in ("oneOf", "anyOf"):
        choices = schema.get(key)
        if isinstance(choices, list) and choices and all(isinstance(c, Mapping) and "const" in c for c in choices):
            return [(c["const"], _title(c, str(c["const"]), lang)) for c in choices]
    if isinstance(schema.get("enum"), list):
        names = schema.get("x-enum-titles-en" if lang == "en" else "x-enum-titles") or {}
        return [(v, str(names.get(str(v), v)) if isinstance(names, Mapping) else str(v)) for v in schema["enum"]]
    return []


def is_rupiah(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") in ("integer", "number") and "rupiah" in (schema.get("x-format"), schema.get("format"))


def rupiah(value: Any) -> str:
    """1500000 -> "1.500.000" (Indonesian grouping; decimals after a comma)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    whole = f"{int(value):,}".replace(",", ".")
    if isinstance(value, float) and not value.is_integer():
        return whole + "," + f"{value:.2f}".split(".")[1].rstrip("0")
    return whole


def _kind(schema: Mapping[str, Any], ui: Mapping[str, Any], required: bool = False) -> str:
    widget = ui.get("ui:widget")
    if _options(schema, "id"):
        return "radio" if widget == "radio" else "select"
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "array":
        items = schema.get("items") or {}
        if items.get("format") == "attachment":
            return "attachments"
        if _options(items, "id"):
            return "multiselect"
        return "array"
    if kind == "object":
        return "object"
    if kind == "boolean":
        return "decision" if required or widget == "radio" else "checkbox"
    if kind in ("integer", "number"):
        return "rupiah" if is_rupiah(schema) else kind
    fmt = schema.get("format")
    if fmt == "attachment":
        return "attachment"
    if fmt in ("date", "date-time", "time", "email"):
        return {"date": "date", "date-time": "datetime", "time": "time", "email": "email"}[fmt]
    if widget == "textarea" or int(schema.get("maxLength", 0) or 0) > 300:
        return "textarea"
    return "text"


def _is_decision(schema: Mapping[str, Any], required: bool) -> bool:
    return schema.get("type") == "boolean" and required


@dataclasses.dataclass
class _Context:
    errors: Mapping[str, str]
    lang: str
    extra: Mapping[str, int]
    today: str | None
    files: Mapping[str, str]


def build(schema: Mapping[str, Any] | None, ui: Mapping[str, Any] | None, data: Mapping[str, Any] | None,
          errors: Mapping[str, str] | None = None, lang: str = "id", extra_rows: Mapping[str, int] | None = None,
          today: str | None = None, files: Mapping[str, str] | None = None) -> list[Field]:
    """The fields of an object schema, filled with ``data`` and with ``errors`` ({path: message}) attached.

    :param extra_rows: {array path: blank rows to offer after its filled rows}.
    :param today: the local date (YYYY-MM-DD) empty date fields start at.
    :param files: {attachment ref: file name}, to show attachments by name.
    """
    ctx = _Context(errors or {}, lang, extra_rows or {}, today, files or {})
    return _object_fields(schema or {}, ui or {}, data or {}, "", ctx)


def _object_fields(schema: Mapping[str, Any], ui: Mapping[str, Any], data: Mapping[str, Any], prefix: str,
                   ctx: _Context) -> list[Field]:
    props: Mapping[str, Any] = schema.get("properties") or {}
    order = list(ui.get("ui:order") or [])
    keys = [k for k in order if k in props] + [k for k in props if k not in order]
    required = set(schema.get("required") or [])
    return [_field(props[key], ui.get(key) or {}, data.get(key) if isinstance(data, Mapping) else None,
                   f"{prefix}{key}", key, key in required, ctx) for key in keys]


def _field(schema: Mapping[str, Any], ui: Mapping[str, Any], value: Any, path: str, key: str, required: bool,
           ctx: _Context) -> Field:
    lang = ctx.lang
    kind = _kind(schema, ui, required)
    if kind == "date" and value is None and ctx.today and schema.get("x-default-today", True) is not False:
        value = ctx.today
    field = Field(name=path.replace("/", "."), path=path, kind=kind, label=_title(schema, key, lang),
                  help=_description(schema, ui, lang), required=required, value=value, error=ctx.errors.get(path))
    if ui.get("ui:placeholder"):
        field.attrs["placeholder"] = ui["ui:placeholder"]
    for bound in ("minimum", "maximum", "minLength", "maxLength"):
        if bound in schema:
            field.attrs[bound] = schema[bound]
    if kind in ("select", "radio"):
        field.options = _options(schema, lang)
    elif kind == "decision":
        field.options = [(True, "Yes" if lang == "en" else "Ya"), (False, "No" if lang == "en" else "Tidak")]
    elif kind == "rupiah":
        field.attrs["shown"] = rupiah(value) if not isinstance(value, str) else value
    elif kind in ("attachment", "attachments"):
        refs = value if isinstance(value, list) else [value] if value else []
        field.attrs["files"] = [(ref, ctx.files.get(ref, "")) for ref in refs if isinstance(ref, str)]
    elif kind == "multiselect":
        field.options = _options(schema.get("items") or {}, lang)
    elif kind == "object":
        field.children = _object_fields(schema, ui, value if isinstance(value, Mapping) else {}, f"{path}/", ctx)
    elif kind == "array":
        items = schema.get("items") or {"type": "string"}
        rows = list(value) if isinstance(value, list) else []
        blank = ctx.extra.get(path, EXTRA_ROWS if not rows else 0)
        rows = rows[:MAX_ROWS]
        rows += [None] * min(max(blank, 0), MAX_ROWS - len(rows))
        item_ui = ui.get("items") or {}
        for i, row in enumerate(rows):
            if (items.get("type") == "object") or "properties" in items:
                field.rows.append(_object_fields(items, item_ui, row if isinstance(row, Mapping) else {},
                                                 f"{path}/{i}/", ctx))
            else:
                field.rows.append([_field(items, item_ui, row, f"{path}/{i}", key, False, ctx)])
        field.attrs["item_label"] = _title(items, key, lang)
    return field


# -- reading a submission back -------------------------------------------------------------------------


def parse(schema: Mapping[str, Any] | None, form: MultiDict, files: MultiDict,
          store: Callable[[FileStorage], str], may_keep: Callable[[str], bool] = lambda ref: True) -> dict[str, Any]:
    """The form submission as data of the schema's types; empty fields are left out.

    :param store: saves an uploaded file and returns its ``sha256:`` reference.
    :param may_keep: whether a document already on the form (a hidden ``.__ref``) may be kept.
    """
    value = _parse_object(schema or {}, "", _Submission(form, files, store, may_keep))
    return value or {}


def _row_indexes(name: str, keys: list[str]) -> set[int]:
    """Row numbers of the fields ``name.<n>…`` (ASCII digits only: "²" is a digit to Python, not to int)."""
    found = set()
    for key in keys:
        if key.startswith(f"{name}."):
            head = key[len(name) + 1:].split(".", 1)[0]
            if head.isascii() and head.isdigit() and len(head) <= 6:
                found.add(int(head))
    return found


@dataclasses.dataclass
class _Submission:
    form: MultiDict
    files: MultiDict
    store: Callable[[FileStorage], str]
    may_keep: Callable[[str], bool]

    def kept_refs(self, name: str) -> list[str]:
        return [r for r in self.form.getlist(f"{name}.__ref") if r and self.may_keep(r)]


def _parse_object(schema: Mapping[str, Any], prefix: str, sub: _Submission) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, prop in (schema.get("properties") or {}).items():
        value = _parse_value(prop, f"{prefix}{key}", sub)
        if value is not None:
            out[key] = value
    return out


def _parse_value(schema: Mapping[str, Any], name: str, sub: _Submission) -> Any:
    form, files, store = sub.form, sub.files, sub.store
    kind = _kind(schema, {})
    if kind == "object":
        value = _parse_object(schema, f"{name}.", sub)
        return value if value or schema.get("required") else (value or None)
    if kind in ("checkbox", "decision"):
        if name not in form and f"{name}.__present" not in form:
            return None  # a decision not made stays missing, so "required" can say so
        return form.get(name) in ("on", "true", "True", "1", "ya")
    if kind == "attachment":
        upload = files.get(name)
        if upload is not None and upload.filename:
            return store(upload)
        return next(iter(sub.kept_refs(name)), None)
    if kind == "attachments":
        refs = sub.kept_refs(name)
        refs += [store(f) for f in files.getlist(name) if f and f.filename]
        return refs or None
    if kind == "multiselect":
        allowed = {str(v): v for v, _ in _options(schema.get("items") or {}, "id")}
        chosen = [allowed.get(v, v) for v in form.getlist(name)]
        return chosen or None
    if kind == "array":
        items = schema.get("items") or {"type": "string"}
        indexes = sorted(_row_indexes(name, list(form.keys()) + list(files.keys())))[:MAX_ROWS]
        rows = []
        for i in indexes:
            if items.get("type") == "object" or "properties" in items:
                row = _parse_object(items, f"{name}.{i}.", sub)
            else:
                row = _parse_value(items, f"{name}.{i}", sub)
            if row not in (None, {}, ""):
                rows.append(row)
        return rows or None
    raw = form.get(name)
    if raw is None:
        return None
    raw = raw.strip()
    if raw == "":
        return None
    if kind in ("select", "radio"):
        for value, _ in _options(schema, "id"):
            if str(value) == raw:
                return value
        return raw
    if kind == "rupiah":
        return _parse_rupiah(raw, schema.get("type") == "integer")
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw  # the schema check reports it beside the field
    if kind == "number":
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            return raw
    return raw


def _parse_rupiah(raw: str, integer: bool) -> Any:
    """"Rp 1.500.000", "1.500.000", "1500000" -> 1500000; "2.500,50" -> 2500.5 for numbers."""
    text = raw.replace("Rp", "").replace("rp", "").replace(" ", "").replace("\u00a0", "")
    whole, _, cents = text.partition(",")
    groups = whole.split(".")
    if not whole.lstrip("-").replace(".", "").isdigit() or any(len(g) != 3 for g in groups[1:]):
        return raw  # not an amount: the schema check reports it beside the field
    digits = int(whole.replace(".", ""))
    if not cents:
        return digits
    if integer or not cents.isdigit():
        return raw
    return float(f"{digits}.{cents}")


# -- adding and removing array rows without JavaScript ------------------------------------------------


def without_removed_row(form: MultiDict) -> MultiDict:
    """The submission minus the row named by "_remove_row" ("peserta.2"), when one was asked for."""
    row = form.get("_remove_row")
    if not row:
        return form
    kept = MultiDict()
    for key, value in form.items(multi=True):
        if key != row and not key.startswith(f"{row}."):
            kept.add(key, value)
    return kept


def rows_wanted(form: MultiDict, data: Mapping[str, Any]) -> dict[str, int] | None:
    """{array path: blank rows to show} after "+ Tambah baris" or "Hapus baris"; None for a real submit.

    The page says how many rows it showed ("_rows.<array>"); filled rows come back as data, so
    the blank ones are shown minus filled. Adding keeps those and adds exactly one; removing
    keeps them as they were.
    """
    added, removed = form.get("_add_row"), form.get("_remove_row")
    if not added and not removed:
        return None
    name = (added or removed.rsplit(".", 1)[0])[:200]
    raw = str(form.get(f"_rows.{name}", "0") or "0")
    # ASCII digits only ("²" is a digit to str.isdigit, not to int), and never more rows than MAX_ROWS
    shown = min(int(raw), MAX_ROWS) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 0
    if removed:
        shown -= 1
    filled = _count(data, name)
    blank = max(shown - filled, 0) + (1 if added else 0)
    if removed and filled + blank == 0:
        blank = 1  # an array is never left without a row to type in
    return {name.replace(".", "/"): min(blank, MAX_ROWS)}


def _count(data: Any, dotted: str) -> int:
    value: Any = data
    for part in dotted.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return 0
    return len(value) if isinstance(value, list) else 0
