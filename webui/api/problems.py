"""RFC 9457 problem details: the one error shape of the API."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


def problem(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="sopflow"'
    return response
