"""Routes of the JSON API."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, jsonify, request, session
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError

from engine.safety import bounds
from engine import Conflict, Engine, FormInvalid, InvalidInput, NotAllowed, NotFound, SopflowError, TooLarge
from engine.org.sensitive import VIEWER

from ..downloads import document_response
from . import bp
from .openapi import document
from .problems import problem

READ_ONLY = {"auditor"}
MAX_LIMIT = 500


def engine() -> Engine:
    return current_app.extensions["sopflow"]


class _Problem(Exception):
    def __init__(self, status: int, title: str, detail: str = ""):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


@bp.before_request
def authenticate() -> Any:
    g.api_user = None
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return problem(401, "Unauthorized", "use 'Authorization: Bearer <token>'")
        g.api_user = engine().user_for_token(token.strip())
        if g.api_user is None:
            return problem(401, "Unauthorized", "the token is unknown or revoked")
    elif session.get("username"):
        if request.method not in ("GET", "HEAD", "OPTIONS") and current_app.config.get("WTF_CSRF_ENABLED", True):
            # A browser sends the cookie with any cross-site request: a change needs the page's CSRF token too.
            try:
                validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
            except ValidationError:
                return problem(403, "Forbidden", "with a session cookie, send the page's CSRF token in the "
                                                 "X-CSRFToken header (or use a bearer token)")
        try:
            g.api_user = engine().user(session["username"])
        except NotFound:
            g.api_user = None
    if g.api_user is None:
        return problem(401, "Unauthorized", "log in or send a bearer token")
    VIEWER.set(g.api_user.username)
    if request.method not in ("GET", "HEAD", "OPTIONS") and READ_ONLY.intersection(g.api_user.roles):
        return problem(403, "Forbidden", "auditors can read everything and change nothing")
    return None


@bp.errorhandler(SopflowError)
def engine_error(error: SopflowError) -> Response:
    if isinstance(error, FormInvalid):
        return problem(422, "Form data invalid", str(error), errors=error.errors)
    for kind, status, title in ((NotFound, 404, "Not Found"), (NotAllowed, 403, "Forbidden"),
                                (Conflict, 409, "Conflict"), (TooLarge, 413, "Content Too Large"),
                                (InvalidInput, 422, "Unprocessable Content")):
        if isinstance(error, kind):
            return problem(status, title, str(error))
    return problem(422, "Unprocessable Content", str(error))


@bp.errorhandler(_Problem)
def bad_request(error: _Problem) -> Response:
    return problem(error.status, error.title, error.detail)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    return problem(error.code or 500, error.name, error.description or "")


def _user() -> str:
    return g.api_user.username


def _json_body() -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if not raw:
        return {}
    if len(raw) > bounds.MAX_JSON_BYTES:
        raise _Problem(413, "Content Too Large", f"a JSON body may have at most {bounds.MAX_JSON_BYTES} bytes")
    if bounds.text_depth(raw) > bounds.MAX_DEPTH + 2:
        raise _Problem(400, "Bad Request", f"the body is nested more than {bounds.MAX_DEPTH} levels deep")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise _Problem(400, "Bad Request", "the body must be a JSON object")
    return body


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _Problem(400, "Bad Request", f"{name} must be an integer") from None
    if not low <= value <= high:
        raise _Problem(400, "Bad Request", f"{name} must be between {low} and {high}")
    return value


def _str_arg(name: str, max_length: int = 200) -> str | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if len(raw) > max_length or "\x00" in raw:
        raise _Problem(400, "Bad Request", f"{name} is too long or malformed")
    return raw


# -- processes and instances ---------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document())


@bp.get("/processes")
def processes() -> Response:
    return jsonify([p.to_dict() for p in engine().processes()])


@bp.get("/processes/<process_id>")
def process(process_id: str) -> Response:
    found = next((p for p in engine().processes() if p.id == process_id), None)
    if found is None:
        raise NotFound(f"no process {process_id!r} is deployed")
    return jsonify({**found.to_dict(), "versions": [v.to_dict() for v in engine().process_versions(process_id)],
                    "deployments": [d.to_dict() for d in engine().deployments(process_id)]})


@bp.post("/processes/<process_id>/instances")
def start(process_id: str) -> Any:
    body = _json_body()
    data = body.get("data")
    if data is not None and not isinstance(data, dict):
        raise _Problem(400, "Bad Request", "data must be a JSON object")
    title = body.get("title")
    if title is not None and not isinstance(title, str):
        raise _Problem(400, "Bad Request", "title must be a string")
    unit = body.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise _Problem(400, "Bad Request", "unit must be a unit code")
    inst = engine().start(process_id, actor=_user(), data=data, title=title, unit=unit)
    return jsonify({"instance_id": inst.id, "process_id": inst.process_id, "version": inst.version,
                    "state": inst.state, "title": inst.title, "unit": inst.unit}), 201


@bp.post("/messages/<name>")
def message(name: str) -> Any:
    body = _json_body()
    data, instance_id, correlate = body.get("data"), body.get("instance_id"), body.get("correlate")
    if data is not None and not isinstance(data, dict):
        raise _Problem(400, "Bad Request", "data must be a JSON object")
    if instance_id is not None and not isinstance(instance_id, str):
        raise _Problem(400, "Bad Request", "instance_id must be a string")
    if correlate is not None and (not isinstance(correlate, dict) or not correlate):
        raise _Problem(400, "Bad Request", "correlate must be an object of KEY: VALUE")
    if instance_id is not None and correlate is not None:
        raise _Problem(400, "Bad Request", "give instance_id or correlate, not both")
    moved = engine().message(name, actor=_user(), instance_id=instance_id, correlate=correlate, data=data)
    return jsonify([{"instance_id": i.id, "process_id": i.process_id, "version": i.version, "state": i.state}
                    for i in moved]), 200


@bp.get("/instances")
def instances() -> Response:
    state = _str_arg("state")
    if state not in (None, "running", "completed", "error"):
        raise _Problem(400, "Bad Request", "state must be running, completed or error")
    unit = _str_arg("unit")
    if unit is not None and engine().unit(unit) is None:
        raise NotFound(f"no unit {unit!r}")
    rows = engine().instances(process_id=_str_arg("process_id"), state=state,
                              limit=_int_arg("limit", 100, 1, MAX_LIMIT), offset=_int_arg("offset", 0, 0, 10**9),
                              viewer=_user(), unit=unit)
    return jsonify([i.to_dict() for i in rows])


def _viewable_instance(instance_id: str) -> Any:
    inst = engine().instance(instance_id)
    if not engine().may_view_instance(instance_id, _user()):
        raise NotAllowed("you may not see this instance")
    return inst


@bp.get("/instances/<instance_id>")
def instance(instance_id: str) -> Response:
    inst = _viewable_instance(instance_id)
    return jsonify({**inst.to_dict(), "open_tasks": [t.to_dict() for t in engine().tasks(instance_id=instance_id)],
                    "diagram": engine().diagram_state(instance_id)})


@bp.get("/instances/<instance_id>/history")
def history(instance_id: str) -> Response:
    _viewable_instance(instance_id)
    return jsonify([e.to_dict() for e in engine().history(instance_id)])


# -- tasks ----------------------------------------------------------------------------------------------


@bp.get("/tasks")
def tasks() -> Response:
    instance_id, role = _str_arg("instance_id"), _str_arg("role")
    all_states = _str_arg("state") == "all"
    limit, offset = _int_arg("limit", 100, 1, MAX_LIMIT), _int_arg("offset", 0, 0, 10**9)
    process_id = _str_arg("process_id")
    user = g.api_user
    if instance_id:
        try:
            _viewable_instance(instance_id)
        except NotFound:
            return jsonify([])
        rows = engine().tasks(instance_id=instance_id, all_states=all_states, limit=limit, offset=offset)
    elif role:
        if role not in user.roles and not {"auditor", "admin"}.intersection(user.roles):
            raise NotAllowed(f"you do not hold the role {role}")
        rows = engine().tasks(role=role, process_id=process_id, all_states=all_states, limit=limit, offset=offset)
        if "admin" not in user.roles:  # a role held in one unit does not show the other units' tasks
            rows = [t for t in rows if engine().may_view_instance(t.instance_id, user.username)]
    else:
        rows = engine().tasks(user=user.username, process_id=process_id, limit=limit, offset=offset)
    return jsonify([t.to_dict() for t in rows])


def _visible_task(task_id: str) -> Any:
    detail = engine().task(task_id)
    user = _user()
    if engine().may_act(task_id, user) or engine().may_view_instance(detail.task.instance_id, user):
        return detail
    raise NotAllowed("you may neither act on this task nor see its instance")


@bp.get("/tasks/<task_id>")
def task(task_id: str) -> Response:
    return jsonify(_visible_task(task_id).to_dict())


@bp.post("/tasks/<task_id>/claim")
def claim(task_id: str) -> Response:
    _json_body()
    return jsonify(engine().claim(task_id, actor=_user()).to_dict())


@bp.post("/tasks/<task_id>/unclaim")
def unclaim(task_id: str) -> Response:
    reason = _json_body().get("reason")
    if reason is not None and not isinstance(reason, str):
        raise _Problem(400, "Bad Request", "reason must be text")
    return jsonify(engine().unclaim(task_id, actor=_user(), reason=reason).to_dict())


@bp.post("/tasks/<task_id>/delegate")
def delegate(task_id: str) -> Response:
    body = _json_body()
    to, reason = body.get("to"), body.get("reason")
    if not isinstance(to, str) or not isinstance(reason, str):
        raise _Problem(400, "Bad Request", "give 'to' (a username) and 'reason' (text)")
    return jsonify(engine().delegate(task_id, actor=_user(), to=to, reason=reason).to_dict())


@bp.post("/tasks/<task_id>/complete")
def complete(task_id: str) -> Response:
    body = _json_body()
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise _Problem(400, "Bad Request", "data must be a JSON object")
    return jsonify(engine().complete(task_id, actor=_user(), data=data).to_dict())


# -- attachments -----------------------------------------------------------------------------------


@bp.post("/attachments")
def upload() -> Any:
    file = request.files.get("file")
    if file is None:
        raise _Problem(400, "Bad Request", "send the document as multipart field 'file'")
    limit = engine().settings.max_attachment_bytes
    content = file.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(f"attachment is over the limit of {limit} bytes")
    info = engine().attach(content, actor=_user(), filename=file.filename or "", media_type=file.mimetype or None)
    return jsonify({"ref": info.ref, "size": info.size, "media_type": info.media_type}), 201


@bp.get("/attachments/<ref>")
def download(ref: str) -> Response:
    if not engine().may_download(ref, _user()):
        raise NotFound("no such attachment, or you may not see it")
    info, content = engine().attachment(ref)
    return document_response(info, content)
