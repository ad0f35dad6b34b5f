"""Starting an SOP, the instance list, and each instance on its diagram with its events and documents."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, g, jsonify, redirect, render_template, request, url_for

from engine import NotFound

from .auth import engine, login_required

bp = Blueprint("instances", __name__)

EVENT_LABELS_ID = {
    "instance_started": "memulai SOP", "task_ready": "tugas siap", "task_claimed": "mengambil tugas",
    "task_unclaimed": "melepas tugas", "task_delegated": "melimpahkan tugas", "task_completed": "menyelesaikan",
    "task_cancelled": "tugas dibatalkan", "timer_fired": "waktu standar terlewati", "gateway_taken": "keputusan",
    "instance_completed": "SOP selesai", "instance_error": "galat", "instance_migrated": "dipindah ke versi baru",
    "message_received": "pesan diterima",
}


@bp.route("/start")
@login_required
def start_list() -> Any:
    return render_template("instances/start.html", processes=engine().processes(for_user=g.user.username))


@bp.route("/start/<process_id>", methods=["POST"])
@login_required
def start(process_id: str) -> Any:
    inst = engine().start(process_id, actor=g.user.username)
    mine = [t for t in engine().tasks(instance_id=inst.id) if engine().may_act(t.id, g.user.username)]
    if mine:
        return redirect(url_for("tasks.show", task_id=mine[0].id))
    return redirect(url_for("instances.show", instance_id=inst.id))


@bp.route("/instances")
@login_required
def list_instances() -> Any:
    process = request.args.get("process") or None
    state = request.args.get("state") or None
    if state not in (None, "running", "completed", "error"):
        state = None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows = [i for i in engine().instances(process_id=process, state=state, limit=50, offset=(page - 1) * 50)
            if engine().may_view_instance(i.id, g.user.username)]
    return render_template("instances/list.html", instances=rows, process=process, state=state, page=page,
                           processes=engine().processes())


def _viewable(instance_id: str) -> Any:
    try:
        inst = engine().instance(instance_id)
    except NotFound:
        abort(404)
    if not engine().may_view_instance(instance_id, g.user.username):
        abort(403)
    return inst


@bp.route("/instances/<instance_id>")
@login_required
def show(instance_id: str) -> Any:
    inst = _viewable(instance_id)
    definition = engine().definition(inst.process_id, inst.version)
    open_tasks = engine().tasks(instance_id=instance_id)
    waiting_on = {}
    for task in open_tasks:
        holders = [u.username for u in engine().users(role=task.role)]
        waiting_on[task.id] = [task.assignee] if task.assignee else holders
    roles = {r.code: r for r in engine().roles()}
    return render_template(
        "instances/show.html", inst=inst, definition=definition, open_tasks=open_tasks, waiting_on=waiting_on,
        roles=roles, events=engine().history(instance_id), labels=EVENT_LABELS_ID,
        documents=engine().instance_attachments(instance_id), state=engine().diagram_state(instance_id),
        all_tasks=engine().tasks(instance_id=instance_id, all_states=True),
    )


@bp.route("/instances/<instance_id>/diagram.bpmn")
@login_required
def diagram_xml(instance_id: str) -> Any:
    inst = _viewable(instance_id)
    xml = engine().definition(inst.process_id, inst.version).bpmn_xml
    return Response(xml, mimetype="application/xml")


@bp.route("/instances/<instance_id>/state.json")
@login_required
def diagram_state(instance_id: str) -> Any:
    _viewable(instance_id)
    return jsonify(engine().diagram_state(instance_id))


@bp.route("/attachments/<ref>")
@login_required
def download(ref: str) -> Any:
    if not engine().may_download(ref, g.user.username):
        abort(403 if ref.startswith("sha256:") else 404)
    try:
        info, content = engine().attachment(ref)
    except NotFound:
        abort(404)
    response = Response(content, mimetype=info.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{info.filename or "lampiran"}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
