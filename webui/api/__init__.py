"""The JSON API under /api/v1: the same actions as the pages, for integrations and scripts.

Authentication: the web session, or ``Authorization: Bearer <token>`` (``sopflow token NAME``).
Errors are RFC 9457 problem details.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import routes, units  # noqa: E402,F401  (registers the routes on bp)
