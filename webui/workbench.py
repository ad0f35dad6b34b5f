"""The modeler's helpers, all JSON: check a diagram as `sopflow check` does (inline problems), check a
condition, preview a form with the staff renderer, review a change before deploying it, deploy it."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, render_template_string, request, url_for
from flask_babel import gettext as _

from engine import DefinitionError, NotAllowed, NotFound

from . import schemaforms
from .analyst import EDITORS, MAX_BPMN_BYTES, _checked_from_token, _stage, chosen_unit, deploy_units
from .auth import engine, role_required
from .i18n import current_locale

bp = Blueprint("workbench", __name__, url_prefix="/analyst")
FORM_PATH = re.compile(r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*\.(schema|uischema)\.json$")
MAX_FORM_BYTES = 256 * 1024
PREVIEW = '{% from "tasks/_fields.html" import render %}{% for f in fields %}{{ render(f) }}{% endfor %}'


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400)
    return body


def _xml(body: dict[str, Any]) -> bytes:
    xml = body.get("xml")
    if not isinstance(xml, str) or not xml.strip():
        abort(400)
    data = xml.encode("utf-8")
    if len(data) > MAX_BPMN_BYTES:
        abort(413)
    return data


def _form_overrides(body: dict[str, Any]) -> dict[str, bytes]:
    """The forms to lay over forms/: those stored with the version the modeler opened (``base``), so a
    form changed in an earlier deploy is not silently reverted, then the ones edited in the modeler and
    not yet deployed (path -> JSON text, checked like files)."""
    forms = body.get("forms") or {}
    if not isinstance(forms, dict):
        abort(400)
    out = _base_forms(body.get("base"))
    for rel, text in forms.items():
        if not isinstance(rel, str) or not FORM_PATH.match(rel) or not isinstance(text, str):
            abort(400)
        if len(text) > MAX_FORM_BYTES:
            abort(413)
        out[rel] = text.encode("utf-8")
    return out


def _base_forms(base: Any) -> dict[str, bytes]:
    if base is None:
        return {}
    if not isinstance(base, dict) or not isinstance(base.get("process_id"), str) or \
            isinstance(base.get("version"), bool) or not isinstance(base.get("version"), int):
        abort(400)
    try:
        stored = engine().definition(base["process_id"], base["version"]).forms
    except NotFound:
        abort(404)
    return {rel: (text if isinstance(text, str) else json.dumps(text, ensure_ascii=False, indent=2)).encode("utf-8")
            for rel, text in stored.items() if FORM_PATH.match(rel)}


def problem_dicts(problems: list[Any]) -> list[dict[str, Any]]:
    """Problems with the text in the page's language (both languages are kept)."""
    lang = current_locale()
    out = []
    for p in problems:
        d = p.to_dict()
        d["text"] = d["message"] if lang == "en" else d.get("message_id", d["message"])
        out.append(d)
    return out


def _check(data: bytes, filename: str, overrides: dict[str, bytes]) -> Any:
    """The same check as `sopflow check` and deploy, with the modeler's unsaved forms laid over forms/."""
    from engine.checks.checker import check_document

    if not overrides:
        return check_document(data, filename, engine().settings.forms_dir, engine().catalog)
    with tempfile.TemporaryDirectory() as tmp:
        forms_dir = Path(tmp) / "forms"
        shutil.copytree(engine().settings.forms_dir, forms_dir)
        for rel, content in overrides.items():
            target = forms_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return check_document(data, filename, forms_dir, engine().catalog)


@bp.route("/check", methods=["POST"])
@role_required(*EDITORS)
def check() -> Any:
    body = _body()
    checked = _check(_xml(body), str(body.get("filename") or "modeler.bpmn"), _form_overrides(body))
    return jsonify({"ok": checked.ok, "problems": problem_dicts(checked.problems)})


@bp.route("/expression", methods=["POST"])
@role_required(*EDITORS)
def expression() -> Any:
    from engine.spiff import expressions

    text = _body().get("text")
    if not isinstance(text, str):
        abort(400)
    try:
        expressions.check(text.strip())
    except expressions.ExpressionError as e:
        return jsonify({"ok": False, "message": str(e)})
    return jsonify({"ok": True, "message": ""})


def _parse_form(text: Any, what: str, problems: list[str]) -> Any:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not isinstance(text, str):
        abort(400)
    if len(text) > MAX_FORM_BYTES:
        abort(413)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        problems.append(_("%(what)s bukan JSON yang sah: baris %(line)s kolom %(col)s: %(msg)s",
                          what=what, line=e.lineno, col=e.colno, msg=e.msg))
        return None


@bp.route("/forms/preview", methods=["POST"])
@role_required(*EDITORS)
def form_preview() -> Any:
    """The form exactly as staff will see it (the task page's renderer), and what is wrong with the schema."""
    from engine.forms import schemas as forms

    body = _body()
    problems: list[str] = []
    schema = _parse_form(body.get("schema"), "JSON Schema", problems)
    ui = _parse_form(body.get("ui"), "UI Schema", problems)
    if schema is not None:
        why = forms.schema_problem(schema)
        if why:
            problems.append(why)
    if ui is not None and not isinstance(ui, dict):
        problems.append(_("UI Schema harus berupa objek JSON"))
    if problems or schema is None:
        return jsonify({"ok": False, "problems": problems or [_("JSON Schema kosong")], "html": ""})
    try:
        fields = schemaforms.build(schema, ui or {}, {}, {}, current_locale())
        html = render_template_string(PREVIEW, fields=fields)
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        return jsonify({"ok": False, "problems": [_("Formulir tidak dapat ditampilkan: %(e)s", e=e)], "html": ""})
    sensitive = [k for k, v in (schema.get("properties") or {}).items() if isinstance(v, dict) and v.get("x-sensitive")]
    return jsonify({"ok": True, "problems": [], "html": html, "sensitive": sensitive})


@bp.route("/processes/<process_id>/<int:version>/forms/<path:rel>")
@role_required(*EDITORS)
def form_source(process_id: str, version: int, rel: str) -> Any:
    """A form's JSON text: as deployed with this version, else from the forms folder (a new form: empty)."""
    if not FORM_PATH.match(rel):
        abort(404)
    try:
        definition = engine().definition(process_id, version)
    except NotFound:
        abort(404)
    text = definition.forms.get(rel)
    if text is None:
        path = engine().settings.forms_dir / rel
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not isinstance(text, str):
        text = json.dumps(text, ensure_ascii=False, indent=2)
    return jsonify({"path": rel, "text": text, "exists": bool(text)})


# -- deliberate deploy: review, then confirm ----------------------------------------------------------


@bp.route("/processes/<process_id>/review", methods=["POST"])
@role_required(*EDITORS)
def review(process_id: str) -> Any:
    """Check the unsaved diagram, compare it with the running version and count the instances it affects.
    Nothing is deployed: the answer carries a token that the confirmation deploys."""
    from engine.definitions.versiondiff import diff_definitions

    body = _body()
    try:
        latest = engine().definition(process_id)
    except NotFound:
        abort(404)
    # staged under the deployed file's name: the engine takes a new version only from the same diagram
    filename = getattr(latest, "filename", None) or f"{process_id}.bpmn"
    token, checked = _stage(_xml(body), filename, _form_overrides(body))
    problems = problem_dicts(checked.problems)
    ids = [p.process_id for p in checked.processes]
    if checked.ok and ids != [process_id]:
        problems.append({"element_id": None, "severity": "error", "code": "process",
                         "text": _("Diagram ini bukan proses %(p)s.", p=process_id)})
    ok = checked.ok and ids == [process_id]
    diff = None
    if ok:
        used = {path for m in checked.processes[0].user_tasks.values() for path in (m.form, m.ui_form) if path}
        new = dataclasses.replace(latest, bpmn_xml=checked.data.decode("utf-8"), version=latest.version + 1,
                                  forms={k: v for k, v in checked.forms.items() if k in used})
        diff = diff_definitions(latest, new)
    running = len(engine().instances(process_id=process_id, state="running", limit=100000))
    return jsonify({"ok": ok, "token": token if ok else None, "problems": problems, "diff": diff,
                    "running": running, "from_version": latest.version})


@bp.route("/processes/<process_id>/deploy-reviewed/<token>", methods=["POST"])
@role_required(*EDITORS)
def deploy_reviewed(process_id: str, token: str) -> Any:
    folder, checked = _checked_from_token(token)
    if not checked.ok or [p.process_id for p in checked.processes] != [process_id]:
        return jsonify({"deployed": False, "problems": problem_dicts(checked.problems)}), 422
    body = request.get_json(silent=True) or {}
    unit = chosen_unit(body.get("unit", deploy_units()[1]) if isinstance(body, dict) else None)
    try:
        results = engine().deploy_checked(checked, actor=g.user.username, unit=unit)
    except DefinitionError as e:  # e.g. another diagram already deployed under this process id
        return jsonify({"deployed": False, "problems": problem_dicts(list(e.problems or []))}), 422
    except NotAllowed as e:
        return jsonify({"deployed": False, "problems": [{"element_id": None, "severity": "error",
                                                          "code": "unit", "text": str(e)}]}), 403
    shutil.rmtree(folder, ignore_errors=True)
    result = results[0]
    from_v = max(1, result.version - 1)
    return jsonify({
        "deployed": True, "created": result.created, "version": result.version, "unit": result.unit,
        "unit_changed": result.deployed,
        "diff_url": url_for("analyst.diff", process_id=process_id, to=result.version, **{"from": from_v}),
        "migrate_url": url_for("analyst.migrate", process_id=process_id, to=result.version,
                               **({"unit": result.unit} if result.unit else {})),
        "modeler_url": url_for("analyst.modeler", process_id=process_id, version=result.version),
    })


def roles_for_modeler() -> list[dict[str, Any]]:
    lang = current_locale()
    return [{"code": r.code, "title": r.title_en if lang == "en" else r.title_id, "lanes": r.lanes}
            for r in engine().catalog.lane_roles() if r.lanes]


def forms_for_modeler() -> list[str]:
    root = engine().settings.forms_dir
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.json")) if root.exists() else []


def sandbox_root() -> Path:
    return Path(current_app.instance_path) / "coba"
