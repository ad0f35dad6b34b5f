"""Validation errors from the engine, said in the person's language beside each field."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _


def _message(error: dict[str, str]) -> str:
    kind = error.get("kind", "")
    text = error.get("message", "")
    if kind == "required":
        return _("Wajib diisi.")
    if kind == "type":
        return _("Isian tidak sesuai jenisnya (misalnya huruf pada kolom angka).")
    if kind in ("minimum", "exclusiveMinimum"):
        return _("Nilai terlalu kecil.")
    if kind in ("maximum", "exclusiveMaximum"):
        return _("Nilai terlalu besar.")
    if kind == "maxLength":
        return _("Isian terlalu panjang.")
    if kind == "minLength":
        return _("Isian terlalu pendek.")
    if kind == "format":
        return _("Format tidak sesuai (tanggal ditulis TTTT-BB-HH).")
    if kind in ("enum", "oneOf", "anyOf", "const"):
        return _("Pilih salah satu pilihan yang tersedia.")
    if kind == "additionalProperties":
        return _("Isian ini tidak dikenal oleh formulir.")
    if kind == "attachment":
        return _("Lampiran tidak ditemukan; unggah ulang berkasnya.")
    if kind in ("minItems",):
        return _("Tambahkan paling sedikit satu baris.")
    return text


def messages_by_field(errors: list[dict[str, str]], schema: Any = None) -> dict[str, str]:
    """{field path: message}; errors about the whole form are kept under ""."""
    out: dict[str, str] = {}
    for error in errors:
        out.setdefault(error.get("field", ""), _message(error))
    return out
