"""Form schemas for SOP steps, made from a small vocabulary of what each kind of step produces."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def text(title: str, en: str, max_length: int = 2000, description: str = "") -> dict[str, Any]:
    out = {"type": "string", "title": title, "x-title-en": en, "maxLength": max_length}
    if description:
        out["description"] = description
    return out


def date(title: str, en: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "title": title, "x-title-en": en}


def attachment(title: str, en: str) -> dict[str, Any]:
    return {"type": "string", "format": "attachment", "title": title, "x-title-en": en,
            "description": "Unggah berkas PDF atau foto.", "x-description-en": "Upload a PDF or a photo."}


def attachments(title: str, en: str) -> dict[str, Any]:
    return {"type": "array", "title": title, "x-title-en": en, "maxItems": 30,
            "items": {"type": "string", "format": "attachment", "title": title, "x-title-en": en}}


def count(title: str, en: str, maximum: int = 10000) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": maximum, "title": title, "x-title-en": en}


def decision() -> dict[str, Any]:
    return {"type": "string", "title": "Keputusan", "x-title-en": "Decision", "oneOf": [
        {"const": "setuju", "title": "Setuju (paraf / tanda tangan)", "x-title-en": "Approve (initial / sign)"},
        {"const": "revisi", "title": "Kembalikan untuk perbaikan", "x-title-en": "Return for correction"}]}


def checklist(items: list[tuple[str, str]], title: str, en: str) -> dict[str, Any]:
    return {"type": "object", "title": title, "x-title-en": en, "additionalProperties": False,
            "properties": {key: {"type": "boolean", "title": label, "x-title-en": label} for key, label in items}}


def schema(title: str, en: str, description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"$schema": SCHEMA, "type": "object", "title": title, "x-title-en": en, "description": description,
            "properties": properties, "required": required, "additionalProperties": False}


def ui(properties: dict[str, Any]) -> dict[str, Any]:
    """Text fields above 300 characters become text areas; decisions are radios."""
    out: dict[str, Any] = {"ui:order": list(properties)}
    for key, prop in properties.items():
        if prop.get("type") == "string" and prop.get("maxLength", 0) > 300:
            out[key] = {"ui:widget": "textarea"}
        if key == "keputusan":
            out[key] = {"ui:widget": "radio"}
    return out


def for_kind(kind: str, output: str, title: str) -> tuple[dict[str, Any], list[str]]:
    """(properties, required) for a step of ``kind`` whose OUTPUT column names ``output``."""
    doc = output or "dokumen"
    if kind == "pendataan":
        return {"sasaran": {"type": "array", "title": "Sasaran kegiatan", "x-title-en": "Targets", "minItems": 1,
                            "maxItems": 100, "items": {"type": "object", "additionalProperties": False,
                                                       "properties": {"nama": text("Nama sasaran", "Target name", 200),
                                                                      "alamat": text("Alamat / lokasi", "Address", 300)},
                                                       "required": ["nama"]}},
                "data_sasaran": attachment("Berkas data sasaran", "Target data file"),
                "catatan": text("Catatan", "Notes")}, ["sasaran"]
    if kind == "disposisi":
        return {"isi_disposisi": text("Isi disposisi", "Disposition", 1000),
                "tanggal_disposisi": date("Tanggal disposisi", "Date")}, ["isi_disposisi", "tanggal_disposisi"]
    if kind == "perintah":
        return {"isi_perintah": text("Isi perintah / arahan", "Order", 1000),
                "kepada": text("Kepada", "To", 200)}, ["isi_perintah"]
    if kind == "surat":
        return {"nomor_surat": text(f"Nomor {doc}", "Document number", 100),
                "tanggal_surat": date(f"Tanggal {doc}", "Document date"),
                "perihal": text("Perihal", "Subject", 300),
                "konsep": attachment(f"Berkas {doc}", "Document file")}, ["nomor_surat", "tanggal_surat"]
    if kind == "tandatangan":
        return {"nomor_surat": text("Nomor dokumen yang ditandatangani", "Number of the signed document", 100),
                "tanggal_tandatangan": date("Tanggal tanda tangan", "Date signed"),
                "dokumen_bertandatangan": attachment("Dokumen bertanda tangan", "Signed document")}, \
            ["nomor_surat", "tanggal_tandatangan"]
    if kind == "review":
        return {"keputusan": decision(), "catatan_koreksi": text("Catatan koreksi", "Corrections", 2000)}, ["keputusan"]
    if kind == "tandatangan_review":
        return {"keputusan": decision(), "catatan_koreksi": text("Catatan koreksi", "Corrections", 2000),
                "tanggal_tandatangan": date("Tanggal tanda tangan", "Date signed"),
                "dokumen_bertandatangan": attachment("Dokumen bertanda tangan", "Signed document")}, ["keputusan"]
    if kind == "distribusi":
        return {"tanggal_distribusi": date("Tanggal distribusi", "Distribution date"),
                "penerima": {"type": "array", "title": "Penerima", "x-title-en": "Recipients", "minItems": 1,
                             "maxItems": 100, "items": text("Penerima", "Recipient", 200)},
                "bukti_ekspedisi": attachment("Bukti buku ekspedisi", "Dispatch book proof")}, \
            ["tanggal_distribusi", "penerima"]
    if kind == "anggaran":
        return {"nomor_surat": text("Nomor pengajuan", "Request number", 100),
                "jumlah_anggaran": {"type": "integer", "minimum": 0, "maximum": 10_000_000_000,
                                    "title": "Jumlah anggaran (Rp)", "x-title-en": "Amount (IDR)", "x-format": "rupiah"},
                "rincian": text("Rincian kebutuhan", "Itemised needs", 4000),
                "dokumen_renbut": attachment("Dokumen rencana kebutuhan", "Budget plan document")}, \
            ["nomor_surat", "jumlah_anggaran"]
    if kind == "persiapan":
        return {"yang_disiapkan": text("Yang telah disiapkan", "What was prepared", 2000),
                "personel": {"type": "array", "title": "Personel", "x-title-en": "Personnel", "maxItems": 100,
                             "items": text("Nama / pangkat", "Name / rank", 200)},
                "lampiran": attachment("Lampiran (materi, daftar)", "Attachment")}, ["yang_disiapkan"]
    if kind == "terima":
        return {"tanggal_terima": date("Tanggal diterima", "Date received"),
                "catatan": text("Catatan", "Notes", 1000)}, ["tanggal_terima"]
    if kind == "laporan":
        return {"nomor_laporan": text("Nomor laporan", "Report number", 100),
                "tanggal_laporan": date("Tanggal laporan", "Report date"),
                "ringkasan": text("Ringkasan hasil", "Summary of results", 4000),
                "dokumen_laporan": attachment("Berkas laporan", "Report file")}, ["nomor_laporan", "tanggal_laporan", "ringkasan"]
    if kind == "kirim":
        return {"tanggal_kirim": date("Tanggal dikirim", "Date sent"),
                "nomor_agenda": text("Nomor agenda / arsip", "Register / archive number", 100),
                "tujuan": text("Dikirim kepada", "Sent to", 300)}, ["tanggal_kirim", "nomor_agenda"]
    raise KeyError(kind)


def table(title: str, en: str, columns: dict[str, Any], required: list[str], max_items: int = 200,
          min_items: int = 0) -> dict[str, Any]:
    """A list of records (one line per person, place, item …)."""
    out = {"type": "array", "title": title, "x-title-en": en, "maxItems": max_items,
           "items": {"type": "object", "additionalProperties": False, "properties": columns, "required": required}}
    if min_items:
        out["minItems"] = min_items
    return out


def yes_no(title: str, en: str) -> dict[str, Any]:
    return {"type": "boolean", "title": title, "x-title-en": en}


def choice(title: str, en: str, options: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {"type": "string", "title": title, "x-title-en": en,
            "oneOf": [{"const": value, "title": label, "x-title-en": label_en} for value, label, label_en in options]}
