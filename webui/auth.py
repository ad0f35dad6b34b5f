"""Logging in and out, and the guards every page uses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from engine import Engine
from engine.org.sensitive import VIEWER

from .extensions import limiter

bp = Blueprint("auth", __name__)


def engine() -> Engine:
    return current_app.extensions["sopflow"]


def init_app(app: Flask) -> None:
    @app.before_request
    def load_user() -> None:
        g.user = None
        if request.endpoint == "static":
            return
        username = session.get("username")
        if username and engine().sessions.username(session.get("sid", "")) != username:
            session.clear()  # logged out, password changed or account deactivated elsewhere
            username = None
        if username:
            try:
                g.user = engine().user(username)
            except Exception:  # the account was removed: treat as logged out
                session.clear()
            if g.user is not None and not g.user.active:
                session.clear()
                g.user = None
        # sensitive form fields are shown per viewer ("" = nobody in particular: every one hidden)
        VIEWER.set(g.user.username if g.user is not None else "")

    @app.context_processor
    def navigation() -> dict[str, Any]:
        user = g.get("user")
        if user is None:
            return {"task_count": 0, "unassignable_count": None}
        counted = g.get("task_count")  # the task list has just counted the same thing
        return {"task_count": counted if counted is not None else engine().count_tasks(user=user.username),
                # None: the user supervises no unit, and the menu has no such entry
                "unassignable_count": engine().count_unassignable(user.username)}


def login_required(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def reader_or_supervisor(view: Callable) -> Callable:
    """Reports scoped by what the viewer sees: auditors and administrators, and supervising posts
    (Kasat, Kapolres/ta, Kapolsek, Kapolda), who see their own subtree."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not {"auditor", "admin"}.intersection(g.user.roles) and not engine().supervises(g.user.username):
            from flask import abort

            abort(403)
        return view(*args, **kwargs)

    return wrapped


def role_required(*roles: str) -> Callable:
    """Only users holding one of ``roles`` may see the page; others get 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not set(roles).intersection(g.user.roles):
                from flask import abort

                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def is_staff(user: Any) -> bool:
    return any(r not in ("admin", "analyst", "auditor") for r in user.roles)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlparse(target).netloc:
        return target
    return url_for("tasks.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def normalized_username() -> str:
    """The username as login looks it up: " KBO " and "kbo" are one account, and one throttle."""
    return (request.form.get("username") or "").strip().lower()[:80]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=lambda: f"{request.remote_addr}:{normalized_username()}")
def login() -> Any:
    if request.method == "POST":
        username = normalized_username()
        user = engine().authenticate(username, request.form.get("password") or "")
        if user is None:
            flash(_("Nama pengguna atau kata sandi salah."), "error")
            return render_template("auth/login.html", username=username), 401
        lang = session.get("lang")
        session.clear()  # a new session at login: no fixation
        session["username"] = user.username
        session["sid"] = engine().sessions.open(user.username)
        session.permanent = True
        if lang:
            session["lang"] = lang
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", username="")


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    lang = session.get("lang")
    if session.get("sid"):
        engine().sessions.close(session["sid"])
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str) -> Any:
    if code in ("id", "en"):
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
