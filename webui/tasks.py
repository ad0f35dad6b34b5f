"""My tasks: the list, the task page with its form, and claim / unclaim / delegate / complete."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from engine import FormInvalid

from . import schemaforms
from .auth import engine, is_staff, login_required
from .formerrors import messages_by_field
from .i18n import current_locale

bp = Blueprint("tasks", __name__)
PAGE_SIZE = 25


@bp.route("/")
@login_required
def index() -> Any:
    if is_staff(g.user):
        return redirect(url_for("tasks.my_tasks"))
    if "auditor" in g.user.roles:
        return redirect(url_for("audit.index"))
    if "analyst" in g.user.roles:
        return redirect(url_for("analyst.index"))
    return redirect(url_for("instances.list_instances"))


@bp.route("/tasks")
@login_required
def my_tasks() -> Any:
    process = request.args.get("process") or None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    total = engine().count_tasks(user=g.user.username, process_id=process)
    tasks = engine().tasks(user=g.user.username, process_id=process, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    soon = datetime.now(timezone.utc) + timedelta(hours=24)
    return render_template(
        "tasks/list.html", tasks=tasks, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        process=process, processes=engine().processes(), soon=soon,
        escalations=engine().escalations(g.user.username),
    )


def _task_or_404(task_id: str) -> Any:
    from engine import NotFound

    try:
        return engine().task(task_id)
    except NotFound:
        abort(404)


def _visible(task_id: str, instance_id: str) -> bool:
    user = g.user
    if engine().may_act(task_id, user.username):
        return True
    if {"auditor", "admin", "analyst"}.intersection(user.roles):  # read-only for analysts, as instances are
        return True
    detail = engine().task(task_id)
    return detail.task.assignee == user.username or detail.task.completed_by == user.username


@bp.route("/tasks/<task_id>")
@login_required
def show(task_id: str) -> Any:
    detail = _task_or_404(task_id)
    if not _visible(task_id, detail.task.instance_id):
        abort(403)
    return _render_task(detail, schemaforms.prefill(detail.form_schema, detail.data), {})


def _render_task(detail: Any, values: dict[str, Any], errors: dict[str, str], status: int = 200,
                 extra_rows: dict[str, int] | None = None) -> Any:
    fields = schemaforms.build(detail.form_schema, detail.ui_schema, values, errors, current_locale(), extra_rows)
    role_users = [u for u in engine().users(role=detail.task.role) if u.username != g.user.username]
    return render_template(
        "tasks/show.html", detail=detail, task=detail.task, fields=fields, errors=errors,
        may_act=engine().may_act(detail.task.id, g.user.username), role_users=role_users,
        all_users=[u for u in engine().users() if u.username != g.user.username and "auditor" not in u.roles],
        extra_rows=extra_rows or {},
    ), status


@bp.route("/tasks/<task_id>/claim", methods=["POST"])
@login_required
def claim(task_id: str) -> Any:
    engine().claim(task_id, actor=g.user.username)
    flash(_("Tugas diambil. Anda yang mengerjakannya sekarang."), "ok")
    return redirect(url_for("tasks.show", task_id=task_id))


@bp.route("/tasks/<task_id>/unclaim", methods=["POST"])
@login_required
def unclaim(task_id: str) -> Any:
    engine().unclaim(task_id, actor=g.user.username, reason=request.form.get("reason") or None)
    flash(_("Tugas dilepas dan kembali ke daftar peran."), "ok")
    return redirect(url_for("tasks.my_tasks"))


@bp.route("/tasks/<task_id>/delegate", methods=["POST"])
@login_required
def delegate(task_id: str) -> Any:
    to = (request.form.get("to") or "").strip()
    reason = (request.form.get("reason") or "").strip()
    engine().delegate(task_id, actor=g.user.username, to=to, reason=reason)
    flash(_("Tugas dilimpahkan kepada %(user)s.", user=to), "ok")
    return redirect(url_for("tasks.my_tasks"))


@bp.route("/tasks/<task_id>/complete", methods=["POST"])
@login_required
def complete(task_id: str) -> Any:
    detail = _task_or_404(task_id)
    if not engine().may_act(task_id, g.user.username):
        abort(403)
    uploads: list[str] = []

    def store(upload: FileStorage) -> str:
        info = engine().attach(upload.read(), actor=g.user.username, filename=upload.filename or "",
                               media_type=upload.mimetype or None)
        uploads.append(info.ref)
        return info.ref

    data = schemaforms.parse(detail.form_schema, request.form, request.files, store)
    add_row = request.form.get("_add_row")
    if add_row:
        extra = {add_row.replace(".", "/"): int(request.form.get("_rows", "0") or 0) + 1}
        return _render_task(detail, data, {}, extra_rows=extra)
    try:
        engine().complete(task_id, actor=g.user.username, data=data)
    except FormInvalid as e:
        return _render_task(detail, data, messages_by_field(e.errors, detail.form_schema), status=422)
    flash(_("Tugas “%(name)s” selesai.", name=detail.task.name), "ok")
    return redirect(url_for("tasks.my_tasks"))
