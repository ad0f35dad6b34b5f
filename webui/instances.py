"""Starting an SOP, the instance list, and each instance on its diagram with its events and documents."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine import InvalidInput, NotFound
from engine.runtime.caselist import InstanceFilter
from engine.definitions.names import element_names, next_steps

from .auth import engine, login_required
from .downloads import document_response
from .labels import describe
from .paging import page_number

bp = Blueprint("instances", __name__)
PAGE = 50



@bp.route("/start")
@login_required
def start_list() -> Any:
    return render_template("instances/start.html", processes=engine().processes(for_user=g.user.username))


@bp.route("/start/<process_id>", methods=["GET"])
@login_required
def start_confirm(process_id: str) -> Any:
    """Ask for the title of the new case and confirm before anything starts."""
    process = next((p for p in engine().processes(for_user=g.user.username) if p.id == process_id), None)
    if process is None:
        if any(p.id == process_id for p in engine().processes()):
            abort(403)
        abort(404)
    return render_template("instances/start_confirm.html", process=process,
                           units=engine().start_units(process_id, g.user.username))


@bp.route("/start/<process_id>", methods=["POST"])
@login_required
def start(process_id: str) -> Any:
    title = (request.form.get("title") or "").strip()
    unit = (request.form.get("unit") or "").strip() or None
    inst = engine().start(process_id, actor=g.user.username, title=title or None, unit=unit)
    flash(_("SOP dimulai: %(title)s", title=title or process_id.upper()), "ok")
    mine = [t for t in engine().tasks(instance_id=inst.id) if engine().may_act(t.id, g.user.username)]
    if mine:
        return redirect(url_for("tasks.show", task_id=mine[0].id))
    return redirect(url_for("instances.show", instance_id=inst.id))


@bp.route("/instances")
@login_required
def list_instances() -> Any:
    args = request.args
    try:
        flt = InstanceFilter(text=(args.get("q") or "")[:200], process_id=args.get("process") or None,
                             state=args.get("state") or None, due=args.get("due") or "",
                             claimed_by_me=args.get("mine") == "1", delegated_to_me=args.get("delegated") == "1",
                             sort=args.get("sort") or "start")
    except InvalidInput:
        flt = InstanceFilter(text=(args.get("q") or "")[:200])
    page = page_number()
    rows = [r for r in engine().search_instances(flt, user=g.user.username, limit=PAGE, offset=(page - 1) * PAGE)
            if engine().may_view_instance(r.instance.id, g.user.username)]
    roles = {r.code: r for r in engine().roles()}
    query = {k: v for k, v in args.items() if k != "page" and v}
    return render_template("instances/list.html", rows=rows, flt=flt, page=page, query=query, roles=roles,
                           processes=engine().processes(), more=len(rows) == PAGE)


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
        roles=roles, events=engine().history(instance_id), names=element_names(definition.bpmn_xml),
        said=lambda e: describe({"type": e.type, "payload": e.payload}, definition.bpmn_xml),
        next_steps=next_steps(definition.bpmn_xml, [t.element_id for t in open_tasks]),
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
        abort(404)  # unknown and forbidden answer alike: nobody learns whether a document exists
    try:
        info, content = engine().attachment(ref)
    except NotFound:
        abort(404)
    return document_response(info, content, inline=request.args.get("inline") == "1")
