"""Engine errors as pages (or problem details for the API), with the right status codes."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException

from engine import Conflict, FormInvalid, InvalidInput, NotAllowed, NotFound, SopflowError, TooLarge

STATUS = {NotFound: 404, NotAllowed: 403, Conflict: 409, FormInvalid: 422, InvalidInput: 422, TooLarge: 413}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _page(status: int, title: str, detail: str) -> Any:
    if _wants_json():
        from .api.problems import problem

        return problem(status, title, detail)
    return render_template("error.html", status=status, title=title, detail=detail), status


def init_app(app: Flask) -> None:
    @app.errorhandler(SopflowError)
    def engine_error(error: SopflowError) -> Any:
        status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 422)
        titles = {404: _("Tidak ditemukan"), 403: _("Tidak diizinkan"), 409: _("Sudah berubah"),
                  413: _("Terlalu besar"), 422: _("Tidak dapat diproses")}
        return _page(status, titles[status], str(error))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        return _page(400, _("Permintaan ditolak"),
                     _("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi."))

    @app.errorhandler(OperationalError)
    def database_down(error: OperationalError) -> Any:
        return _page(503, _("Basis data tidak tersedia"),
                     _("Basis data sedang tidak dapat dihubungi. Tidak ada yang tersimpan; coba lagi sebentar lagi."))

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def out_of_range(error: Exception) -> Any:
        # A number no row can have (a version 10^20, an offset past any integer column): the database
        # driver refuses it; that is the caller's mistake, not a server error.
        return _page(400, "Bad Request", _("Permintaan tidak sah."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        code = error.code or 500
        title, message = _http_words().get(code, (error.name, error.description or ""))
        return _page(code, title, message)


def _http_words() -> dict[int, tuple[str, str]]:
    """Every HTTP error a person can meet, titled and explained in the page's language."""
    return {
        400: (_("Permintaan tidak sah"), _("Permintaan tidak sah.")),
        401: (_("Perlu masuk"), _("Silakan masuk terlebih dahulu.")),
        403: (_("Tidak diizinkan"), _("Anda tidak berhak membuka halaman ini.")),
        404: (_("Tidak ditemukan"), _("Halaman tidak ditemukan.")),
        405: (_("Cara akses tidak diizinkan"), _("Cara akses ini tidak diizinkan.")),
        409: (_("Sudah berubah"), _("Data ini sudah diubah orang lain. Muat ulang halaman.")),
        413: (_("Terlalu besar"), _("Berkas atau isian terlalu besar.")),
        422: (_("Tidak dapat diproses"), _("Isian tidak dapat diproses.")),
        429: (_("Terlalu banyak percobaan"), _("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.")),
        500: (_("Terjadi kesalahan"), _("Terjadi kesalahan pada server. Coba lagi; bila berulang, laporkan kepada admin.")),
        503: (_("Layanan tidak tersedia"), _("Layanan sedang tidak tersedia; coba lagi sebentar lagi.")),
    }
