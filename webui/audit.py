"""Auditors: each instance's annotated history, a replay stepper on the diagram, verification,
exports for process mining and the time-standard (SLA) report. Read-only, for every method."""

from __future__ import annotations

from datetime import datetime
import json
from typing import Any

from flask import Blueprint, Response, abort, g, jsonify, render_template, request
from flask_babel import gettext as _

from engine import NotFound
from engine.definitions.names import element_names
from engine.zones import local_midnight

from .auth import engine, reader_or_supervisor, role_required
from .datafmt import field_label, merged_schema
from .labels import describe, event_label
from .i18n import current_locale
from .localtime import deployment_zone, localtime

bp = Blueprint("audit", __name__, url_prefix="/audit")
READERS = ("auditor", "admin")


def _date(raw: str | None, end: bool = False) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        abort(400)
    if end and len(raw) == 10:
        value = value.replace(hour=23, minute=59, second=59)
    return local_midnight(value, deployment_zone())  # a typed date is a local date


@bp.route("/")
@role_required(*READERS)
def index() -> Any:
    process = request.args.get("process") or None
    return render_template("audit/index.html", instances=engine().instances(process_id=process, limit=200),
                           processes=engine().processes(), process=process)


@bp.route("/verify")
@role_required(*READERS)
def verify_all() -> Any:
    results = engine().verify()
    return render_template("audit/verify.html", results=results, ok=sum(r.ok for r in results))


def _instance(instance_id: str) -> Any:
    try:
        inst = engine().instance(instance_id)
    except NotFound:
        abort(404)
    if not engine().may_view_instance(instance_id, g.user.username):
        abort(403)  # an auditor scoped to a unit reads that unit's subtree only
    return inst


@bp.route("/instances/<instance_id>")
@role_required(*READERS)
def history(instance_id: str) -> Any:
    inst = _instance(instance_id)
    [result] = engine().verify(instance_id)
    definition = engine().definition(inst.process_id, inst.version)
    rows = engine().history_view(instance_id)
    for row in rows:
        row["said"] = describe(row, definition.bpmn_xml)
    return render_template("audit/history.html", inst=inst, rows=rows, result=result, definition=definition,
                           files=_file_names(instance_id), roles=_role_titles())


def _file_names(instance_id: str) -> dict[str, str]:
    return {a.ref: a.filename for a in engine().instance_attachments(instance_id) if a.filename}


def _role_titles() -> dict[str, str]:
    english = current_locale() == "en"
    return {r.code: (r.title_en if english and r.title_en else r.title_id) for r in engine().roles()}


@bp.route("/instances/<instance_id>/replay")
@role_required(*READERS)
def replay(instance_id: str) -> Any:
    inst = _instance(instance_id)
    frames = _frames(instance_id)
    step = min(max(request.args.get("step", 1, type=int) or 1, 1), max(len(frames), 1))
    definition = engine().definition(inst.process_id, inst.version)
    schema = merged_schema([json.loads(f) if isinstance(f, str) else f for f in definition.forms.values()])
    files = _file_names(instance_id)
    words = {"labels": {k: field_label(schema, k) for k in schema["properties"]}, "files": files,
             "yes": _("Ya"), "no": _("Tidak"), "none": "—"}
    return render_template("audit/replay.html", inst=inst, frames=frames, step=step, schema=schema, files=files,
                           frame=frames[step - 1] if frames else None, words=words)


@bp.route("/instances/<instance_id>/frames.json")
@role_required(*READERS)
def frames(instance_id: str) -> Any:
    _instance(instance_id)
    return jsonify(_frames(instance_id))


def _frames(instance_id: str) -> list[dict[str, Any]]:
    """Replay frames, each with its time as local text, its event in words and its active steps by name."""
    inst = _instance(instance_id)
    xml = engine().definition(inst.process_id, inst.version).bpmn_xml
    names = element_names(xml)
    return [{**f.to_dict(), "at_local": localtime(f.at, "seconds"), "type_label": event_label(f.type),
             "active_names": [names.get(a, a) for a in f.active]} for f in engine().replay_frames(instance_id)]


def _unit_arg() -> str | None:
    """?unit=CODE narrows a report to that unit's subtree (an unknown code is a 404, not everything)."""
    code = (request.args.get("unit") or "").strip() or None
    if code is not None and engine().unit(code) is None:
        abort(404)
    return code


@bp.route("/export/<fmt>")
@reader_or_supervisor
def export(fmt: str) -> Any:
    if fmt not in ("xes", "csv", "ocel"):
        abort(404)
    from engine.audit.export import export_bytes

    content, media_type, filename = export_bytes(engine(), fmt, process_id=request.args.get("process") or None,
                                                 since=_date(request.args.get("since")),
                                                 until=_date(request.args.get("until"), end=True),
                                                 viewer=g.user.username, unit=_unit_arg())
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/sla")
@reader_or_supervisor
def sla() -> Any:
    from engine.audit.sla import sla_report, sla_svg

    process = request.args.get("process") or None
    rows = sla_report(engine(), process_id=process, since=_date(request.args.get("since")),
                      until=_date(request.args.get("until"), end=True), viewer=g.user.username, unit=_unit_arg(),
                      by_unit=request.args.get("by") == "unit")
    if request.args.get("format") == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0].to_dict()) if rows else ["process_id"])
        writer.writeheader()
        from engine.safety.csvsafe import row as safe_row

        for row in rows:
            writer.writerow(safe_row(row.to_dict()))
        response = Response(out.getvalue(), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="sla.csv"'
        return response
    return render_template("audit/sla.html", rows=rows, svg=sla_svg(rows, lang=current_locale()),
                           processes=engine().processes(), process=process,
                           since=request.args.get("since", ""), until=request.args.get("until", ""))
