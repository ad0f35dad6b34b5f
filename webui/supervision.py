"""Supervisors (Kasat, Kapolres/ta, Kapolsek, Kapolda): the tasks of their subtree nobody can take,
because nobody holds the lane's post in the task's unit (a post left empty by a transfer, say)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template

from .auth import engine, login_required
from .i18n import current_locale

bp = Blueprint("supervision", __name__)


@bp.route("/unassignable")
@login_required
def unassignable() -> Any:
    if engine().count_unassignable(g.user.username) is None:
        abort(403)  # supervises no unit
    rows = engine().unassignable_report(g.user.username)
    title = "role_title_en" if current_locale() == "en" else "role_title_id"
    return render_template("tasks/unassignable.html", rows=rows, title_key=title)
