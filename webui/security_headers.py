"""Security headers on every response, and XML served only as a download.

Pages get a strict Content-Security-Policy: scripts only from this origin (no inline script, no
``on…=`` handlers, no eval), nothing may frame the app, and forms post only here. Everything that
is not a page (JSON, XML, documents) gets a policy that runs nothing at all, so a BPMN file with an
embedded XHTML ``<script>`` cannot run even when opened directly.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request

PAGE_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # bpmn-js positions its SVG elements with style attributes; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
_XML_TYPES = ("application/xml", "text/xml", "image/svg+xml")


def _behind_tls() -> bool:
    return os.environ.get("SOPFLOW_SECURE_COOKIES") == "1" or request.is_secure


def init_app(app: Flask) -> None:
    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        is_page = response.mimetype == "text/html"
        is_script_or_style = response.mimetype in ("text/javascript", "application/javascript", "text/css")
        if not is_script_or_style:
            headers.setdefault("Content-Security-Policy", PAGE_POLICY if is_page else RESOURCE_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers["X-Content-Type-Options"] = "nosniff"
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if _behind_tls():
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if response.mimetype in _XML_TYPES or response.mimetype.endswith("+xml"):
            name = request.path.rsplit("/", 1)[-1]
            if not (name.isascii() and name.isprintable() and '"' not in name and ";" not in name and name):
                name = "diagram.xml"
            headers.setdefault("Content-Disposition", f'attachment; filename="{name}"')
        return response
