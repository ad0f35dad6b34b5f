"""The OpenAPI 3.1 description of /api/v1, written as data."""

from __future__ import annotations

from typing import Any

JSON = "application/json"
PROBLEM = "application/problem+json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _problems(*codes: int) -> dict[str, Any]:
    titles = {400: "Malformed request", 401: "Not logged in / bad token", 403: "Not allowed",
              404: "Not found", 409: "Conflict (changed meanwhile, completed twice)", 413: "Too large",
              422: "Form data or input invalid"}
    return {str(c): {"description": titles[c], "content": {PROBLEM: {"schema": _ref("Problem")}}} for c in codes}


def _ok(schema: dict[str, Any], code: int = 200, description: str = "OK") -> dict[str, Any]:
    return {str(code): {"description": description, "content": {JSON: {"schema": schema}}}}


def _op(summary: str, responses: dict[str, Any], *, params: list[dict[str, Any]] | None = None,
        body: dict[str, Any] | None = None, errors: tuple[int, ...] = (401,)) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {**responses, **_problems(*errors)}}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = body
    return op


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 200}}


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def _json_body(schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"required": required, "content": {JSON: {"schema": schema}}}


_DT = {"type": "string", "format": "date-time"}
_NDT = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS: dict[str, Any] = {
    "Problem": {"type": "object", "required": ["title", "status"], "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}, "kind": {"type": "string"}}}}}},
    "Process": {"type": "object", "required": ["id", "name", "version", "start_roles"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "version": {"type": "integer"},
        "start_roles": {"type": "array", "items": {"type": "string"}}}},
    "Version": {"type": "object", "properties": {
        "process_id": {"type": "string"}, "version": {"type": "integer"}, "name": {"type": "string"},
        "sha256": {"type": "string"}, "deployed_at": _DT, "deployed_by": {"type": "string"},
        "running_instances": {"type": "integer"},
        "current_for": {"type": "array", "items": {"type": ["string", "null"]}, "description": (
            "the units whose subtree currently runs this version (null: the whole deployment)")}}},
    "Deployment": {"type": "object", "required": ["process_id", "unit", "version"], "properties": {
        "process_id": {"type": "string"}, "unit": {"type": ["string", "null"], "description": (
            "the unit whose subtree runs the version (null: the whole deployment); an instance runs the version "
            "of the most specific deployment at or above its unit")},
        "unit_name": {"type": "string"}, "version": {"type": "integer"}, "deployed_at": _DT,
        "deployed_by": {"type": "string"}}},
    "DeployResult": {"type": "object", "properties": {
        "process_id": {"type": "string"}, "version": {"type": "integer"}, "created": {"type": "boolean"},
        "file": {"type": "string"}, "unit": {"type": ["string", "null"]},
        "deployed": {"type": "boolean", "description": "false: the unit already ran this version"}}},
    "MigrationEntry": {"type": "object", "properties": {
        "instance_id": {"type": "string"}, "unit": {"type": ["string", "null"]}, "from_version": {"type": "integer"},
        "to_version": {"type": "integer"}, "can_migrate": {"type": "boolean"},
        "reasons": {"type": "array", "items": {"type": "string"}}, "migrated": {"type": "boolean"}}},
    "UnassignableTask": {"allOf": [{"$ref": "#/components/schemas/Task"}, {"type": "object", "properties": {
        "unit_name": {"type": "string"}, "role_title_id": {"type": "string"}, "role_title_en": {"type": "string"},
        "unassignable_since": _DT, "post_needed": {"type": "string", "description": (
            "ROLE@UNIT: the post to fill (sopflow user add NAME --role ROLE@UNIT, or a transfer)")}}}]},
    "Started": {"type": "object", "required": ["instance_id", "process_id", "version", "state"], "properties": {
        "instance_id": {"type": "string"}, "process_id": {"type": "string"}, "version": {"type": "integer"},
        "state": {"type": "string"}, "title": {"type": "string"}, "unit": {"type": ["string", "null"]}}},
    "Instance": {"type": "object", "required": ["id", "process_id", "version", "state"], "properties": {
        "id": {"type": "string"}, "process_id": {"type": "string"}, "version": {"type": "integer"},
        "state": {"type": "string", "enum": ["running", "completed", "error"]}, "started_at": _DT,
        "ended_at": _NDT, "started_by": {"type": "string"}, "next_timer_due": _NDT, "title": {"type": "string"},
        "problem": {"type": "string", "description": (
            "why a running instance is stalled (no open task, no pending timer, no awaited message); empty when "
            "it is not. Worked out when one instance is read, not in lists")},
        "unit": {"type": ["string", "null"], "description": "the unit the instance belongs to"}}},
    "Task": {"type": "object", "required": ["id", "instance_id", "element_id", "state"], "properties": {
        "id": {"type": "string"}, "instance_id": {"type": "string"}, "process_id": {"type": "string"},
        "element_id": {"type": "string"}, "name": {"type": "string"}, "lane": {"type": "string"},
        "role": {"type": "string"}, "state": {"type": "string", "enum": ["ready", "claimed", "completed", "cancelled"]},
        "assignee": {"type": ["string", "null"]}, "created_at": _DT, "due_at": _NDT, "overdue": {"type": "boolean"},
        "completed_at": _NDT, "completed_by": {"type": ["string", "null"]}, "delegated_by": {"type": ["string", "null"]},
        "version": {"type": "integer"}, "instance_title": {"type": "string"},
        "delegation_reason": {"type": ["string", "null"]},
        "unit": {"type": ["string", "null"], "description": "the unit the task's lane resolved to"}}},
    "TaskDetail": {"allOf": [_ref("Task"), {"type": "object", "properties": {
        "form_schema": {"type": ["object", "null"]}, "ui_schema": {"type": ["object", "null"]},
        "instructions": {"type": "string"}, "documentation": {"type": "string"},
        "data": {"type": "object", "description": "What the form opens with: this step's own earlier answers in "
                 "the instance (choices left out) and its declared formInputs; for a completed task, what it submitted"},
        "inputs": {"type": "array", "description": "Declared inputs that are not fields of the form, shown read-only",
                   "items": {"type": "object", "properties": {
                       "field": {"type": "string"}, "value": {}, "step": {"type": "string"},
                       "step_name": {"type": "string"}}}},
        "sop_rows": {"type": "array", "items": {"type": "object", "properties": {
            "sop": {"type": "string"}, "number": {"type": "string"}, "text": {"type": "string"},
            "mark": {"type": "string"}, "kelengkapan": {"type": "string"}, "output": {"type": "string"}}}},
        "notes": {"type": "array", "items": {"type": "string"}},
        "time_standard": {"type": "string"}, "time_standard_label": {"type": "string"},
        "time_standard_label_en": {"type": "string"}}}]},
    "Event": {"type": "object", "properties": {
        "instance_id": {"type": "string"}, "seq": {"type": "integer"}, "type": {"type": "string"},
        "actor": {"type": "string"}, "at": _DT, "payload": {"type": "object"}, "prev_hash": {"type": "string"},
        "hash": {"type": "string"}}},
    "Attachment": {"type": "object", "required": ["ref", "size", "media_type"], "properties": {
        "ref": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"}, "size": {"type": "integer"},
        "media_type": {"type": "string"}}},
}

_LIMIT = _query("limit", {"type": "integer", "minimum": 1, "maximum": 500})
_OFFSET = _query("offset", {"type": "integer", "minimum": 0})


def document() -> dict[str, Any]:
    task_id, instance_id, process_id = _path_param("task_id"), _path_param("instance_id"), _path_param("process_id")
    return {
        "openapi": "3.1.0",
        "info": {"title": "sopflow API", "version": "1.0.0",
                 "description": "Run the Sat Binmas SOPs: processes, instances, tasks, history and documents."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/processes": {"get": _op("Deployed processes (latest versions)", _ok({"type": "array", "items": _ref("Process")}))},
            "/processes/{process_id}": {"get": _op("A process with its versions", _ok({"allOf": [_ref("Process"), {
                "type": "object", "properties": {"versions": {"type": "array", "items": _ref("Version")},
                                                 "deployments": {"type": "array", "items": _ref("Deployment")}}}]}),
                params=[process_id], errors=(401, 404))},
            "/processes/{process_id}/deployments": {
                "get": _op("Which version each unit with a deployment runs", _ok(
                    {"type": "array", "items": _ref("Deployment")}), params=[process_id], errors=(401, 404)),
                "post": _op("Make a stored version current for a unit's subtree (analysts, administrators)",
                            {**_ok(_ref("DeployResult"), 201, "Deployed"), **_ok(_ref("DeployResult"))},
                            params=[process_id], body=_json_body({"type": "object", "required": ["version"],
                                                                   "properties": {"version": {"type": "integer"},
                                                                                  "unit": {"type": "string"}}}, True),
                            errors=(400, 401, 403, 404))},
            "/processes/{process_id}/migrations": {"post": _op(
                "Move running instances to their unit's current version, or to to_version within the subtrees "
                "it is deployed for (analysts, administrators)", _ok({"type": "array", "items": _ref("MigrationEntry")}),
                params=[process_id], body=_json_body({"type": "object", "properties": {
                    "to_version": {"type": "integer"}, "unit": {"type": "string"}, "dry_run": {"type": "boolean"},
                    "reason": {"type": "string"}}}, True), errors=(400, 401, 403, 404))},
            "/unassignable": {"get": _op("Open tasks in the units the user supervises whose post nobody holds",
                                         _ok({"type": "array", "items": _ref("UnassignableTask")}),
                                         params=[_LIMIT], errors=(400, 401))},
            "/processes/{process_id}/instances": {"post": _op(
                "Start an instance", _ok(_ref("Started"), 201, "Started"), params=[process_id],
                body=_json_body({"type": "object", "properties": {"data": {"type": "object"},
                                                                  "title": {"type": "string", "maxLength": 300},
                                                                  "unit": {"type": "string", "description":
                                                                           "unit code; default: the starter's only unit"}}}),
                errors=(400, 401, 403, 404, 422))},
            "/messages/{name}": {"post": _op(
                "Send a message: it moves the instance that waits for it (instance_id), the running instances "
                "whose waiting step holds the correlate values, or starts the processes that start on it",
                _ok({"type": "array", "items": _ref("Started")}),
                params=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                body=_json_body({"type": "object", "properties": {
                    "instance_id": {"type": "string"}, "correlate": {"type": "object"}, "data": {"type": "object"}}}),
                errors=(400, 401, 403, 404, 409, 422))},
            "/instances": {"get": _op("Instances the user may see", _ok({"type": "array", "items": _ref("Instance")}),
                                      params=[_query("process_id", {"type": "string"}),
                                              _query("state", {"type": "string", "enum": ["running", "completed", "error"]}),
                                              _query("unit", {"type": "string"}),
                                              _LIMIT, _OFFSET], errors=(400, 401, 404))},
            "/instances/{instance_id}": {"get": _op("An instance with its open tasks and diagram state", _ok({
                "allOf": [_ref("Instance"), {"type": "object", "properties": {
                    "open_tasks": {"type": "array", "items": _ref("Task")}, "diagram": {"type": "object"}}}]}),
                params=[instance_id], errors=(401, 403, 404))},
            "/instances/{instance_id}/history": {"get": _op("The hash-chained audit events", _ok(
                {"type": "array", "items": _ref("Event")}), params=[instance_id], errors=(401, 403, 404))},
            "/tasks": {"get": _op("Tasks: the user's own by default, or of an instance or role",
                                  _ok({"type": "array", "items": _ref("Task")}),
                                  params=[_query("process_id", {"type": "string"}), _query("instance_id", {"type": "string"}),
                                          _query("role", {"type": "string"}), _query("state", {"type": "string", "enum": ["all"]}),
                                          _LIMIT, _OFFSET], errors=(400, 401, 403))},
            "/tasks/{task_id}": {"get": _op("A task with its form", _ok(_ref("TaskDetail")), params=[task_id],
                                            errors=(401, 403, 404))},
            "/tasks/{task_id}/claim": {"post": _op("Claim a task", _ok(_ref("Task")), params=[task_id],
                                                   body=_json_body({"type": "object"}), errors=(400, 401, 403, 404, 409))},
            "/tasks/{task_id}/unclaim": {"post": _op("Release a claimed task", _ok(_ref("Task")), params=[task_id],
                                                     body=_json_body({"type": "object", "properties": {"reason": {"type": "string"}}}),
                                                     errors=(400, 401, 403, 404, 409))},
            "/tasks/{task_id}/delegate": {"post": _op("Hand a task to another user", _ok(_ref("Task")), params=[task_id],
                                                      body=_json_body({"type": "object", "required": ["to", "reason"], "properties": {
                                                          "to": {"type": "string"}, "reason": {"type": "string"}}}, True),
                                                      errors=(400, 401, 403, 404, 409, 422))},
            "/tasks/{task_id}/complete": {"post": _op("Complete a task with its form data", _ok(_ref("Task")), params=[task_id],
                                                      body=_json_body({"type": "object", "properties": {"data": {"type": "object"}}}, True),
                                                      errors=(400, 401, 403, 404, 409, 422))},
            "/attachments": {"post": _op("Upload a document", _ok(_ref("Attachment"), 201, "Stored"), body={
                "required": True, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                                                                 "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                errors=(400, 401, 403, 413, 422))},
            "/attachments/{ref}": {"get": _op("Download a document", {"200": {"description": "The document",
                                                                            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
                                              params=[_path_param("ref")], errors=(401, 404))},
            "/openapi.json": {"get": {"summary": "This document", "security": [],
                                      "responses": _ok({"type": "object"})}},
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `sopflow token NAME`"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sopflow_session"},
            },
        },
    }
