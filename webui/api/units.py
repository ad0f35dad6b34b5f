"""API routes of units: which version each unit runs (and deploying a stored one), moving running
instances within a version's subtree, and the tasks nobody holds in the units a supervisor oversees."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from engine import NotAllowed

from . import bp
from .routes import MAX_LIMIT, _int_arg, _json_body, _Problem, _user, engine

DEPLOYERS = {"analyst", "admin"}


def _deployer() -> None:
    if not DEPLOYERS.intersection(engine().user(_user()).roles):
        raise NotAllowed("only analysts and administrators deploy versions and move instances")


def _optional_str(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or not value or len(value) > 200):
        raise _Problem(400, "Bad Request", f"{name} must be a non-empty string")
    return value


def _optional_version(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise _Problem(400, "Bad Request", f"{name} must be a version number (an integer from 1)")
    return value


@bp.get("/processes/<process_id>/deployments")
def deployments(process_id: str) -> Response:
    return jsonify([d.to_dict() for d in engine().deployments(process_id)])


@bp.post("/processes/<process_id>/deployments")
def deploy_version(process_id: str) -> Any:
    _deployer()
    body = _json_body()
    version = _optional_version(body, "version")
    if version is None:
        raise _Problem(400, "Bad Request", "version is required")
    result = engine().deploy_version(process_id, version, unit=_optional_str(body, "unit"), actor=_user())
    return jsonify(result.to_dict()), 201 if result.deployed else 200


@bp.post("/processes/<process_id>/migrations")
def migrate(process_id: str) -> Response:
    _deployer()
    body = _json_body()
    dry_run = body.get("dry_run", False)
    if not isinstance(dry_run, bool):
        raise _Problem(400, "Bad Request", "dry_run must be true or false")
    reason = _optional_str(body, "reason")
    if not dry_run and not (reason or "").strip():
        raise _Problem(400, "Bad Request", "a reason is required (it goes into the audit log), or dry_run")
    unit = _optional_str(body, "unit")
    if unit is not None and engine().unit(unit) is None:
        raise _Problem(404, "Not Found", f"no unit {unit!r}")
    plan = engine().migrate_all(process_id, _optional_version(body, "to_version"), actor=_user(), dry_run=dry_run,
                                reason=reason, unit=unit)
    return jsonify(plan)


@bp.get("/unassignable")
def unassignable() -> Response:
    return jsonify(engine().unassignable_report(_user(), _int_arg("limit", 100, 1, MAX_LIMIT)))
