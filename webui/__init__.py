"""sopflow's web UI: pages for staff, analysts and auditors, and the JSON API under /api/v1.

It calls only the public API of :mod:`engine`; it never touches SpiffWorkflow or the tables.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from engine import Engine, Settings

from .extensions import babel, csrf, limiter


def _secret_key(instance_path: str) -> str:
    """SOPFLOW_SECRET_KEY, or a key generated once and kept (mode 600) in the instance folder."""
    if os.environ.get("SOPFLOW_SECRET_KEY"):
        return os.environ["SOPFLOW_SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``test_config`` may pass a ready engine as ``ENGINE``."""
    app = Flask(__name__, instance_path=str(Path.cwd() / "instance"))
    config = dict(test_config or {})
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("SOPFLOW_SECURE_COOKIES") == "1",
        SESSION_COOKIE_NAME="sopflow_session",
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        MAX_CONTENT_LENGTH=int(os.environ.get("SOPFLOW_MAX_REQUEST_BYTES", 12 * 1024 * 1024)),
        WTF_CSRF_TIME_LIMIT=12 * 3600,
        BABEL_DEFAULT_LOCALE="id",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).with_name("translations")),
        LOGIN_LIMIT=os.environ.get("SOPFLOW_LOGIN_LIMIT", "10 per minute"),
        RATELIMIT_STORAGE_URI=os.environ.get("SOPFLOW_RATELIMIT_STORAGE", "memory://"),
        RATELIMIT_HEADERS_ENABLED=True,
    )
    app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    engine = config.get("ENGINE")
    if engine is None:
        settings = Settings.from_env(database_url=config.get("DATABASE_URL"))
        engine = Engine(settings)
        engine.init_db()
    app.extensions["sopflow"] = engine

    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = get_locale
    limiter.init_app(app)

    from . import (analyst, audit, auth, coba, datafmt, errors, instances, labels, localtime, notifications,
                   security_headers, supervision, tasks, workbench)
    from .api import bp as api_bp

    app.register_blueprint(auth.bp)
    app.register_blueprint(tasks.bp)
    app.register_blueprint(instances.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(analyst.bp)
    app.register_blueprint(notifications.bp)
    app.register_blueprint(workbench.bp)
    app.register_blueprint(coba.bp)
    app.register_blueprint(supervision.bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
    errors.init_app(app)
    localtime.init_app(app)
    datafmt.init_app(app)
    labels.init_app(app)
    auth.init_app(app)
    security_headers.init_app(app)
    return app


def _select_locale() -> str:
    from .i18n import current_locale

    return current_locale()
