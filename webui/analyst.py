"""Analysts: process versions, upload -> check -> deploy, semantic diff, moving running instances,
and the in-browser modeler. Every BPMN that enters goes through the engine's hardened checker."""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine import DefinitionError, NotAllowed, NotFound

from .auth import engine, role_required
from .staging import inside, remove_stale_uploads

bp = Blueprint("analyst", __name__, url_prefix="/analyst")
EDITORS = ("analyst", "admin")
MAX_BPMN_BYTES = 5 * 1024 * 1024


@bp.route("/")
@role_required(*EDITORS)
def index() -> Any:
    processes = engine().processes()
    versions = {p.id: engine().process_versions(p.id) for p in processes}
    deployed = {p.id: engine().deployments(p.id) for p in processes}
    units, default = deploy_units()
    return render_template("analyst/index.html", processes=processes, versions=versions, deployed=deployed,
                           units=units, default_unit=default)


def deploy_units() -> tuple[list[tuple[str, str]], str]:
    """The units the analyst may deploy for, as (code, label) with "" for the whole deployment, and the
    default choice: the whole deployment for an analyst held deployment-wide, else their own unit."""
    scoped = engine().deployer_units(g.user.username)
    everything = scoped is None
    found = engine().units() if everything else scoped
    options = ([("", _("Semua satuan (seluruh deployment)"))] if everything else []) + [
        (u.code, f"{'· ' * max(0, u.path.count('/') - 2)}{u.name} ({u.code})") for u in found]
    return options, "" if everything else (options[0][0] if options else "")


def chosen_unit(value: str | None) -> str | None:
    """The unit picked in a deploy form: one of :func:`deploy_units` (anything else is a 400)."""
    if value is not None and not isinstance(value, str):  # a JSON body may send a number or a list
        abort(400)
    value = (value or "").strip()
    if value not in {code for code, _label in deploy_units()[0]}:
        abort(400)
    return value or None


@bp.route("/processes/<process_id>/deployments", methods=["POST"])
@role_required(*EDITORS)
def deploy_version(process_id: str) -> Any:
    """Make a stored version the one a unit's subtree runs (going back to one included)."""
    unit = chosen_unit(request.form.get("unit"))
    version = request.form.get("version", type=int)
    if version is None:
        abort(400)
    try:
        result = engine().deploy_version(process_id, version, unit=unit, actor=g.user.username)
    except (NotFound, NotAllowed) as e:
        flash(str(e), "error")
        return redirect(url_for("analyst.index"))
    where = unit or _("seluruh deployment")
    flash(_("%(p)s: versi %(v)s kini berlaku untuk %(u)s.", p=process_id, v=version, u=where) if result.deployed
          else _("%(p)s: %(u)s sudah menjalankan versi %(v)s.", p=process_id, v=version, u=where), "ok")
    return redirect(url_for("analyst.index") + f"#p-{process_id}")


@bp.route("/processes/<process_id>/<int:version>")
@role_required(*EDITORS)
def version(process_id: str, version: int) -> Any:
    try:
        definition = engine().definition(process_id, version)
    except NotFound:
        abort(404)
    versions = engine().process_versions(process_id)
    return render_template("analyst/version.html", definition=definition, versions=versions)


@bp.route("/processes/<process_id>/<int:version>/diagram.bpmn")
@role_required(*EDITORS)
def version_xml(process_id: str, version: int) -> Any:
    try:
        definition = engine().definition(process_id, version)
    except NotFound:
        abort(404)
    return current_app.response_class(definition.bpmn_xml, mimetype="application/xml")


@bp.route("/processes/<process_id>/diff")
@role_required(*EDITORS)
def diff(process_id: str) -> Any:
    versions = engine().process_versions(process_id)
    if not versions:
        abort(404)
    latest = versions[-1].version
    to_v = request.args.get("to", latest, type=int)
    from_v = request.args.get("from", max(1, to_v - 1), type=int)
    result = engine().diff_versions(process_id, from_v, to_v)
    highlight = {
        "added": [e["id"] for e in result["elements"]["added"]] + [f["id"] for f in result["flows"]["added"]],
        "changed": [e["id"] for e in result["elements"]["changed"]] + [f["id"] for f in result["flows"]["changed"]],
    }
    removed = {"removed": [e["id"] for e in result["elements"]["removed"]] + [f["id"] for f in result["flows"]["removed"]]}
    return render_template("analyst/diff.html", process_id=process_id, diff=result, versions=versions,
                           highlight=highlight, removed=removed, from_v=from_v, to_v=to_v)


@bp.route("/processes/<process_id>/migrate", methods=["GET", "POST"])
@role_required(*EDITORS)
def migrate(process_id: str) -> Any:
    """A dry run first; moving needs the analyst to confirm the count shown and give a reason (audited).
    Only instances of the subtrees the target version is deployed for are offered (``unit``: one subtree)."""
    to_version = request.values.get("to", type=int)
    unit = (request.values.get("unit") or "").strip() or None
    if unit is not None and engine().unit(unit) is None:
        abort(404)
    if request.method == "POST":
        plan = engine().migration_plan(process_id, to_version, unit, g.user.username)
        movable = {e["instance_id"] for e in plan if e["can_migrate"]}
        chosen = set(request.form.getlist("instance")) or movable
        reason = (request.form.get("reason") or "").strip()
        confirmed = request.form.get("confirm_count", type=int)
        problem = None
        if not reason:
            problem = _("Tuliskan alasan pemindahan; alasan dicatat di log audit.")
        elif not chosen <= movable:
            problem = _("Sebagian instans yang dipilih tidak dapat dipindah.")
        elif confirmed != len(chosen):
            problem = _("Konfirmasi jumlah instans tidak cocok (%(n)s dipilih); periksa lagi lalu konfirmasi.",
                        n=len(chosen))
        if problem:
            flash(problem, "error")
            return render_template("analyst/migrate.html", process_id=process_id, plan=plan, done=False,
                                   to_version=to_version, reason=reason, unit=unit), 422
        outcome = engine().migrate_all(process_id, to_version, actor=g.user.username, reason=reason, only=chosen,
                                       unit=unit)
        moved = sum(1 for e in outcome if e.get("migrated"))
        flash(_("%(n)s instans dipindahkan ke versi baru.", n=moved), "ok")
        return render_template("analyst/migrate.html", process_id=process_id, plan=outcome, done=True,
                               to_version=to_version, reason=reason, unit=unit)
    plan = engine().migration_plan(process_id, to_version, unit, g.user.username)
    return render_template("analyst/migrate.html", process_id=process_id, plan=plan, done=False,
                           to_version=to_version, reason="", unit=unit)


# -- upload, check, deploy ---------------------------------------------------------------------------


#: checked uploads and reviewed diagrams nobody deployed are removed after a day
STAGING_MAX_AGE = 24 * 3600


def _staging_root() -> Path:
    root = Path(current_app.instance_path) / "staging"
    root.mkdir(parents=True, exist_ok=True)
    limit = time.time() - STAGING_MAX_AGE
    for folder in root.iterdir():
        if folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
    return root


def _stage(bpmn: bytes, filename: str, forms: dict[str, bytes]) -> tuple[str, Any]:
    """Put an upload beside a copy of the forms folder, check it, and keep it for deploying."""
    from engine.checks.checker import check_document

    remove_stale_uploads(_staging_root())
    token = secrets.token_hex(12)
    folder = _staging_root() / token
    forms_dir = folder / "forms"
    targets = {rel: (forms_dir / rel).resolve() for rel in forms}
    if any(not inside(target, forms_dir.resolve()) for target in targets.values()):
        abort(400)  # checked before anything is written
    shutil.copytree(engine().settings.forms_dir, forms_dir)
    for rel, content in forms.items():
        target = targets[rel]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (folder / "upload.bpmn").write_bytes(bpmn)
    (folder / "name").write_text(Path(filename).name or "upload.bpmn")
    checked = check_document(bpmn, Path(filename).name or "upload.bpmn", forms_dir, engine().catalog)
    return token, checked


def _checked_from_token(token: str) -> Any:
    from engine.checks.checker import check_document

    if not token.isalnum():
        abort(400)
    folder = _staging_root() / token
    if not folder.exists():
        abort(404)
    data = (folder / "upload.bpmn").read_bytes()
    return folder, check_document(data, (folder / "name").read_text(), folder / "forms", engine().catalog)


@bp.route("/upload", methods=["GET", "POST"])
@role_required(*EDITORS)
def upload() -> Any:
    units, default_unit = deploy_units()
    if request.method == "GET":
        return render_template("analyst/upload.html", checked=None, token=None)
    file = request.files.get("bpmn")
    if file is None or not file.filename:
        flash(_("Pilih berkas BPMN."), "error")
        return render_template("analyst/upload.html", checked=None, token=None), 400
    data = file.read(MAX_BPMN_BYTES + 1)
    if len(data) > MAX_BPMN_BYTES:
        abort(413)
    forms = {}
    for form_file in request.files.getlist("forms"):
        if form_file and form_file.filename:
            rel = request.form.get(f"path_{form_file.filename}") or _guess_form_path(form_file.filename)
            forms[rel] = form_file.read(1024 * 1024)
    token, checked = _stage(data, file.filename, forms)
    return render_template("analyst/upload.html", checked=checked, token=token, units=units,
                           default_unit=default_unit), (200 if checked.ok else 422)


def _guess_form_path(filename: str) -> str:
    """"sop03__konsep.schema.json" or "sop03/konsep.schema.json" -> "sop03/konsep.schema.json"."""
    name = filename.replace("\\", "/").split("/")[-2:]
    if len(name) == 2:
        return "/".join(name)
    return name[-1].replace("__", "/", 1)


@bp.route("/deploy/<token>", methods=["POST"])
@role_required(*EDITORS)
def deploy(token: str) -> Any:
    folder, checked = _checked_from_token(token)
    units, default_unit = deploy_units()
    unit = chosen_unit(request.form.get("unit", default_unit))
    page = {"checked": checked, "token": token, "units": units, "default_unit": unit or ""}
    if not checked.ok:
        return render_template("analyst/upload.html", **page), 422
    try:
        results = engine().deploy_checked(checked, actor=g.user.username, unit=unit)
    except DefinitionError as e:  # e.g. another diagram already deployed under this process id
        checked.problems.extend(e.problems)
        return render_template("analyst/upload.html", **page), 422
    except NotAllowed as e:
        flash(str(e), "error")
        return render_template("analyst/upload.html", **page), 403
    shutil.rmtree(folder, ignore_errors=True)
    where = unit or _("seluruh deployment")
    for r in results:
        flash(_("%(p)s: versi %(v)s %(what)s.", p=r.process_id, v=r.version,
                what=_("disimpan, berlaku untuk %(u)s", u=where) if r.created
                else _("berlaku untuk %(u)s", u=where) if r.deployed else _("tidak berubah")), "ok")
    first = results[0] if results else None
    if first is None:
        return redirect(url_for("analyst.index"))
    return redirect(url_for("analyst.version", process_id=first.process_id, version=first.version))


# -- modeler ---------------------------------------------------------------------------------------


@bp.route("/processes/<process_id>/<int:version>/modeler")
@role_required(*EDITORS)
def modeler(process_id: str, version: int) -> Any:
    try:
        definition = engine().definition(process_id, version)
    except NotFound:
        abort(404)
    from .workbench import forms_for_modeler, roles_for_modeler

    units, default_unit = deploy_units()
    return render_template("analyst/modeler.html", definition=definition, forms=forms_for_modeler(),
                           roles=roles_for_modeler(), units=units, default_unit=default_unit)
