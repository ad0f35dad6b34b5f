"""Each person's e-mail notification preferences."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine import InvalidInput

from .auth import engine, login_required

bp = Blueprint("notifications", __name__)
KINDS = ("arrival", "delegated", "due_soon", "escalated")


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def prefs() -> Any:
    if request.method == "POST":
        try:
            engine().set_notification_prefs(
                g.user.username, email=request.form.get("email") or "", digest=request.form.get("digest") == "1",
                kinds={k for k in KINDS if request.form.get(f"on_{k}") == "1"})
        except InvalidInput as e:
            return render_template("notifications.html", prefs=dict(request.form), error=str(e)), 422
        flash(_("Pengaturan pemberitahuan disimpan."), "ok")
        return redirect(url_for("notifications.prefs"))
    current = engine().notification_prefs(g.user.username)
    return render_template("notifications.html", prefs=current, error=None)
