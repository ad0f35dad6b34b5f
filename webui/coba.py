"""The "coba" (try) mode: an analyst walks an unsaved diagram in a throwaway engine (engine.definitions.sandbox),
filling its forms with the staff renderer and moving its clock; the real database is never used."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template_string, request
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from engine import FormInvalid, InvalidInput, NotFound, SopflowError
from engine.definitions.sandbox import Sandbox, open_sandbox

from . import schemaforms
from .analyst import EDITORS
from .auth import engine, role_required
from .formerrors import messages_by_field
from .i18n import current_locale
from .labels import event_label
from .localtime import localtime
from .workbench import PREVIEW, _body, _check, _form_overrides, _xml, problem_dicts, sandbox_root

bp = Blueprint("coba", __name__, url_prefix="/analyst/coba")


def _box(token: str) -> Sandbox:
    try:
        return open_sandbox(sandbox_root(), token, g.user.username)
    except NotFound:
        abort(404)


def _answer(box: Sandbox, errors: dict[str, dict[str, str]] | None = None,
            values: dict[str, Any] | None = None, status: int = 200, **extra: Any) -> Any:
    """The trial's state, each open step with its form rendered as staff would see it."""
    state = box.state()
    for task in state["tasks"]:
        mine = (errors or {}).get(task["id"])
        data = (values or {}).get(task["id"]) if mine else task["data"]  # the step's own inputs, as staff see them
        fields = schemaforms.build(task["form_schema"], task["ui_schema"], data, mine or {}, current_locale())
        task["html"] = render_template_string(PREVIEW, fields=fields)
        task.pop("form_schema"), task.pop("ui_schema"), task.pop("data")
    for item in state["history"]:  # said in words, at the deployment's wall-clock time, as the audit log says it
        item["type_label"], item["at_local"] = event_label(item["type"]), localtime(item["at"], "seconds")
    state["now_local"] = localtime(state["now"], "seconds")
    state["next_timer_due_local"] = localtime(state["next_timer_due"], "seconds")
    return jsonify({**state, **extra}), status


@bp.route("/start", methods=["POST"])
@role_required(*EDITORS)
def start() -> Any:
    body = _body()
    checked = _check(_xml(body), "coba.bpmn", _form_overrides(body))
    if not checked.ok:
        return jsonify({"ok": False, "problems": problem_dicts(checked.problems)}), 422
    try:
        box = Sandbox.create(sandbox_root(), g.user.username, checked, engine().settings.processes_dir)
    except SopflowError as e:
        return jsonify({"ok": False, "problems": [{"text": str(e), "element_id": None}]}), 422
    return _answer(box, ok=True)


@bp.route("/<token>")
@role_required(*EDITORS)
def show(token: str) -> Any:
    return _answer(_box(token), ok=True)


@bp.route("/<token>/tasks/<task_id>", methods=["POST"])
@role_required(*EDITORS)
def complete(token: str, task_id: str) -> Any:
    box = _box(token)
    try:
        schema, _ui = box.task_form(task_id)
    except NotFound:
        abort(404)

    def refuse(upload: FileStorage) -> str:
        raise InvalidInput(_("Lampiran tidak dapat diunggah dalam uji coba."))

    try:
        data = schemaforms.parse(schema, request.form, request.files, refuse)
        box.complete(task_id, data)
    except FormInvalid as e:
        return _answer(box, {task_id: messages_by_field(e.errors, schema)}, {task_id: data}, 422, ok=False)
    except SopflowError as e:
        return _answer(box, status=422, ok=False, message=str(e))
    return _answer(box, ok=True)


@bp.route("/<token>/clock", methods=["POST"])
@role_required(*EDITORS)
def clock(token: str) -> Any:
    box = _box(token)
    body = _body()
    try:
        if body.get("next"):
            fired = box.advance(to_next_due=True)
        else:
            hours = body.get("hours")
            if isinstance(hours, bool) or not isinstance(hours, (int, float)):
                abort(400)
            fired = box.advance(hours=float(hours))
    except InvalidInput as e:
        return _answer(box, status=422, ok=False, message=str(e))
    return _answer(box, ok=True, fired=fired)


@bp.route("/<token>/stop", methods=["POST"])
@role_required(*EDITORS)
def stop(token: str) -> Any:
    _box(token).close()
    return jsonify({"ok": True, "stopped": True})
