"""My tasks: the list, the task page with its form, and claim / unclaim / delegate / complete."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from engine import Conflict, FormInvalid, InvalidInput, SopflowError
from engine.forms.attachments import refs_in
from engine.runtime.worklist import TaskFilter

from . import schemaforms
from .auth import engine, is_staff, login_required
from .formerrors import messages_by_field
from .i18n import current_locale
from .localtime import local_today
from .paging import page_number

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


def task_filter(args: Any) -> TaskFilter:
    """The list's search box and filters from the query string (unknown values fall back to the default)."""
    try:
        return TaskFilter(text=(args.get("q") or "")[:200], state=args.get("state") or "", due=args.get("due") or "",
                          claimed_by_me=args.get("mine") == "1", delegated_to_me=args.get("delegated") == "1",
                          sort=args.get("sort") or "due")
    except InvalidInput:
        return TaskFilter(text=(args.get("q") or "")[:200])


@bp.route("/tasks")
@login_required
def my_tasks() -> Any:
    process = request.args.get("process") or None
    flt = task_filter(request.args)
    page = page_number()
    total = engine().count_tasks(user=g.user.username, process_id=process, flt=flt)
    tasks = engine().tasks(user=g.user.username, process_id=process, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                           flt=flt)
    if process is None and flt == TaskFilter():
        g.task_count = total
    soon = datetime.now(timezone.utc) + timedelta(hours=24)
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "tasks/list.html", tasks=tasks, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        process=process, processes=engine().processes(), soon=soon, flt=flt, query=query,
        escalations=engine().escalations(g.user.username), done=request.args.get("done"),
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
    if {"auditor", "admin", "analyst"}.intersection(user.roles) and engine().may_view_instance(instance_id, user.username):
        return True
    detail = engine().task(task_id)
    return detail.task.assignee == user.username or detail.task.completed_by == user.username


@bp.route("/tasks/<task_id>")
@login_required
def show(task_id: str) -> Any:
    detail = _task_or_404(task_id)
    if not _visible(task_id, detail.task.instance_id):
        abort(403)
    values = detail.data  # this step's own earlier answers and declared inputs only
    saved = engine().draft(task_id, actor=g.user.username) if detail.task.state in OPEN else None
    if saved is not None and request.args.get("draft") != "0":
        values = saved[0]
    return _render_task(detail, values, {}, draft_at=saved[1] if saved else None)


OPEN = ("ready", "claimed")


def _render_task(detail: Any, values: dict[str, Any], errors: dict[str, str], status: int = 200,
                 extra_rows: dict[str, int] | None = None, conflict: Any = None, draft_at: Any = None) -> Any:
    fields = schemaforms.build(detail.form_schema, detail.ui_schema, values, errors, current_locale(), extra_rows,
                               today=local_today(), files=engine().attachment_names(refs_in(values)))
    may_act = engine().may_act(detail.task.id, g.user.username)
    return render_template(
        "tasks/show.html", detail=detail, task=detail.task, fields=fields, errors=errors, may_act=may_act,
        delegates=engine().delegates(detail.task.id, actor=g.user.username) if may_act else [],
        context=engine().task_context(detail.task.id), extra_rows=extra_rows or {}, conflict=conflict,
        draft_at=draft_at, lang=current_locale(),
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


@bp.route("/tasks/<task_id>/draft/discard", methods=["POST"])
@login_required
def discard_draft(task_id: str) -> Any:
    engine().discard_draft(task_id, actor=g.user.username)
    flash(_("Draf dibuang."), "ok")
    return redirect(url_for("tasks.show", task_id=task_id, draft="0"))


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
    could_have = detail.task.role in g.user.roles and "auditor" not in g.user.roles
    if detail.task.state not in OPEN and (could_have or _visible(task_id, detail.task.instance_id)):
        return _conflict(detail, task_id)
    if detail.task.assignee not in (None, g.user.username) and could_have:
        return _conflict(detail, task_id)  # taken by a colleague meanwhile
    if not engine().may_act(task_id, g.user.username):
        abort(403)
    uploads: list[str] = []

    def store(upload: FileStorage) -> str:
        info = engine().attach(upload.read(), actor=g.user.username, filename=upload.filename or "",
                               media_type=upload.mimetype or None)
        uploads.append(info.ref)
        return info.ref

    offered = set(refs_in(detail.data))

    def may_keep(ref: str) -> bool:
        """A document already on the form is kept only if this step offered it or this user uploaded it:
        never one of another step's documents carried over by a stale or forged field."""
        if ref in offered:
            return True
        try:
            info, _content = engine().attachment(ref)
        except SopflowError:
            return False
        return info.uploaded_by == g.user.username

    form = schemaforms.without_removed_row(request.form)
    data = schemaforms.parse(detail.form_schema, form, request.files, store, may_keep)
    extra = schemaforms.rows_wanted(request.form, data)
    if extra is not None:  # "+ Tambah baris" / "Hapus baris" without JavaScript: show the form again
        return _render_task(detail, data, {}, extra_rows=extra)
    if request.form.get("_action") == "draft":
        try:
            saved_at = engine().save_draft(task_id, actor=g.user.username, data=data)
        except InvalidInput as e:
            return _render_task(detail, data, {"": str(e)}, status=422)
        flash(_("Draf disimpan. Anda dapat melanjutkannya nanti."), "ok")
        return _render_task(detail, data, {}, draft_at=saved_at)
    try:
        engine().complete(task_id, actor=g.user.username, data=data)
    except FormInvalid as e:
        return _render_task(detail, data, messages_by_field(e.errors, detail.form_schema), status=422)
    except Conflict:
        return _conflict(_task_or_404(task_id), task_id, data)
    flash(_("Tugas “%(name)s” selesai.", name=detail.task.name) + " " + _where_it_went(detail.task), "ok")
    return redirect(url_for("tasks.my_tasks", done=task_id))


def _conflict(detail: Any, task_id: str, data: dict[str, Any] | None = None) -> Any:
    """409: the task was finished elsewhere; say by whom and when, and keep what was typed on the page."""
    if data is None:
        data = schemaforms.parse(detail.form_schema, request.form, request.files, lambda upload: "")
    return _render_task(detail, data, {}, status=409, conflict=detail.task)


def _where_it_went(task: Any) -> str:
    """After a step: the next step(s) and who they wait on, or that the SOP is done."""
    following = engine().tasks(instance_id=task.instance_id)
    if not following:
        state = engine().instance(task.instance_id).state
        return _("SOP ini selesai.") if state == "completed" else ""
    roles = {r.code: r for r in engine().roles()}
    parts = []
    for nxt in following:
        role = roles.get(nxt.role)
        who = nxt.assignee or ((role.title_en if current_locale() == "en" else role.title_id) if role else nxt.lane)
        parts.append(f"{nxt.name} ({who})")
    return _("Diteruskan ke: %(steps)s.", steps="; ".join(parts))
