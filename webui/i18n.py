"""Which language a page speaks: Bahasa Indonesia unless the person chose English."""

from __future__ import annotations

from flask import request, session

LANGUAGES = ("id", "en")


def current_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else "id"
