"""Checks a BPMN file and its forms before anything is stored; used by deploy and `sopflow check`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from lxml import etree

from . import expressions, forms, spiff, xmlsafe
from .roles import RoleCatalog

BPMN = spiff.BPMN_NS


#: What each kind of problem means, in Bahasa Indonesia; the English message carries the detail.
MEANING_ID = {
    "xml": "Berkas bukan XML yang sah, terlalu besar, atau ditolak demi keamanan (DOCTYPE / ENTITY)",
    "not_bpmn": "Bukan dokumen BPMN 2.0",
    "xsd": "Tidak sesuai skema BPMN 2.0",
    "not_executable": "Tidak dapat dijalankan: tidak ada proses yang ditandai dapat dijalankan",
    "duplicate_id": "Id dipakai dua kali",
    "dangling_flow": "Alur menunjuk elemen yang tidak ada",
    "outside_lane": "Elemen tidak berada di lajur mana pun",
    "no_lanes": "Tidak dapat dijalankan: proses tanpa lajur",
    "no_start": "Tidak dapat dijalankan: tidak ada peristiwa mulai",
    "lane_role": "Lajur tidak terdaftar di processes/roles.toml",
    "form_missing": "Tugas pengguna tanpa formulir",
    "form_invalid": "Formulir tidak ditemukan atau bukan JSON Schema yang sah",
    "gateway_condition": "Alur keluar gerbang tanpa syarat dan bukan alur bawaan",
    "expression": "Syarat di luar bahasa ekspresi yang diizinkan",
    "timer": "Waktu standar di luar bahasa ekspresi yang diizinkan",
    "script": "Tugas skrip tidak didukung",
    "unreachable": "Tidak dapat dicapai dari peristiwa mulai",
    "dead_end": "Jalan buntu: tidak menuju peristiwa akhir",
    "no_di": "Berkas tanpa gambar diagram (DI)",
    "missing_di": "Elemen tanpa gambar di diagram",
    "engine": "Mesin tidak dapat menjalankan proses ini",
    "internal": "Pemeriksa gagal membaca berkas ini",
    "ui_context": "Konteks tugas (ui:context) menyebut langkah yang tidak ada",
}


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    element_id: str | None
    message: str
    code: str = "invalid"
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        element = f" [{self.element_id}]" if self.element_id else ""
        return f"{where}:{element} {self.message}"

    @property
    def message_id(self) -> str:
        """The problem said in Bahasa Indonesia, with the English detail after it."""
        meaning = MEANING_ID.get(self.code)
        return f"{meaning} — {self.message}" if meaning else self.message

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "message_id": self.message_id}


@dataclasses.dataclass
class CheckedFile:
    filename: str
    data: bytes
    problems: list[Problem]
    processes: list[spiff.ParsedProcess]
    #: form path -> schema, for the forms the file's user tasks reference
    forms: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


class Unreadable(Exception):
    """The file cannot be read at all (missing, not XML): `sopflow check` exits 2."""


def check_file(path: Path, forms_root: Path, catalog: RoleCatalog) -> CheckedFile:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise Unreadable(f"{path}: cannot read ({e.strerror})") from None
    return check_document(data, str(path), forms_root, catalog)


def check_document(data: bytes, filename: str, forms_root: Path, catalog: RoleCatalog) -> CheckedFile:
    """Every problem of one BPMN document, plus what was parsed when it is runnable."""
    problems: list[Problem] = []
    result = CheckedFile(filename, data, problems, [], {})
    try:
        tree = xmlsafe.parse_xml(data)
    except xmlsafe.UnsafeXml as e:
        problems.append(Problem(filename, e.line, None, str(e), "xml"))
        return result
    root = tree.getroot()
    if root.tag != f"{{{BPMN}}}definitions":
        problems.append(Problem(filename, root.sourceline, None, "not a BPMN 2.0 document (root is not bpmn:definitions)", "not_bpmn"))
        return result

    for line, message in spiff.xsd_errors(root)[:20]:
        problems.append(Problem(filename, line, None, f"not valid BPMN 2.0: {_plain_xsd(message)}", "xsd"))
    from .checks import structure

    structure.check(root, filename, problems)
    _check_expressions(root, filename, problems)
    _check_lanes(root, filename, catalog, problems)
    result.forms = _check_forms(root, filename, forms_root, problems)
    if not root.findall(f"{{{BPMN}}}process[@isExecutable='true']"):
        problems.append(Problem(filename, root.sourceline, None,
                                "cannot run because no process is marked executable (isExecutable=\"true\"); "
                                "it is a descriptive model", "not_executable"))
        return result
    if any(p.severity == "error" and p.code in ("xsd", "duplicate_id", "dangling_flow") for p in problems):
        return result
    try:
        result.processes = spiff.parse_process(root, filename)
    except spiff.ParseError as e:
        problems.append(Problem(filename, e.line, e.element_id, f"the engine cannot run this process: {e}", "engine"))
    return result


def _plain_xsd(message: str) -> str:
    return message.replace("{http://www.omg.org/spec/BPMN/20100524/MODEL}", "bpmn:").replace(
        "{http://www.omg.org/spec/BPMN/20100524/DI}", "bpmndi:")


def _line_of(el: etree._Element) -> int | None:
    return el.sourceline


def _owner_id(el: etree._Element) -> str | None:
    while el is not None:
        if el.get("id"):
            return el.get("id")
        el = el.getparent()
    return None


def _check_expressions(root: etree._Element, filename: str, problems: list[Problem]) -> None:
    for cond in root.iter(f"{{{BPMN}}}conditionExpression"):
        text = (cond.text or "").strip()
        if not text:
            problems.append(Problem(filename, _line_of(cond), _owner_id(cond), "empty condition", "expression"))
            continue
        try:
            expressions.check(text)
        except expressions.ExpressionError as e:
            problems.append(Problem(filename, _line_of(cond), _owner_id(cond), f"condition not allowed: {e}", "expression"))
    for tag in spiff.TIMER_TAGS:
        for el in root.iter(f"{{{BPMN}}}{tag}"):
            text = (el.text or "").strip()
            if not text:
                problems.append(Problem(filename, _line_of(el), _owner_id(el), "timer has no value", "timer"))
                continue
            if spiff.is_iso_timer_literal(text):
                continue
            try:
                expressions.check(text)
            except expressions.ExpressionError as e:
                problems.append(Problem(filename, _line_of(el), _owner_id(el), f"timer not allowed: {e}", "timer"))
    for script in root.iter(f"{{{BPMN}}}script"):
        problems.append(Problem(filename, _line_of(script), _owner_id(script),
                                "script tasks are not supported: use a user task or a gateway condition", "script"))


def _check_lanes(root: etree._Element, filename: str, catalog: RoleCatalog, problems: list[Problem]) -> None:
    for lane in root.iter(f"{{{BPMN}}}lane"):
        if lane.find(f"{{{BPMN}}}childLaneSet") is not None:
            continue
        name = lane.get("name") or ""
        if catalog.role_for_lane(name) is None:
            problems.append(Problem(filename, _line_of(lane), lane.get("id"),
                                    f"lane {name!r} is not in processes/roles.toml", "lane_role"))


def _check_forms(root: etree._Element, filename: str, forms_root: Path, problems: list[Problem]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for task in root.iter(f"{{{BPMN}}}userTask"):
        props = {
            p.get("name"): p.get("value")
            for p in task.iter("{http://spiffworkflow.org/bpmn/schema/1.0/core}property")
        }
        schema_path = props.get("formJsonSchemaFilename")
        if not schema_path:
            problems.append(Problem(filename, _line_of(task), task.get("id"), "user task has no form (formJsonSchemaFilename)", "form_missing"))
            continue
        for key, required in (("formJsonSchemaFilename", True), ("formUiSchemaFilename", False)):
            rel = props.get(key)
            if not rel or rel in found:
                continue
            loaded = _load_form(forms_root, rel)
            if isinstance(loaded, str):
                if required or "not found" not in loaded:
                    problems.append(Problem(filename, _line_of(task), task.get("id"), loaded, "form_invalid"))
                continue
            if key == "formJsonSchemaFilename":
                why = forms.schema_problem(loaded)
                if why:
                    problems.append(Problem(filename, _line_of(task), task.get("id"), f"form {rel}: {why}", "form_invalid"))
                    continue
            if key == "formUiSchemaFilename":
                _check_ui_context(root, filename, task, rel, loaded, problems)
            found[rel] = loaded
    return found


def _check_ui_context(root: etree._Element, filename: str, task: etree._Element, rel: str, ui: Any,
                      problems: list[Problem]) -> None:
    """``ui:context`` (which earlier steps a task page shows) must list user tasks of this document."""
    listed = ui.get("ui:context") if isinstance(ui, dict) else None
    if listed is None:
        return
    tasks = {t.get("id") for t in root.iter(f"{{{BPMN}}}userTask")}
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        unknown = ["(not a list of element ids)"]
    else:
        unknown = [x for x in listed if x not in tasks]
    if unknown:
        problems.append(Problem(filename, _line_of(task), task.get("id"),
                                f"form {rel}: ui:context names no user task of this diagram: {', '.join(unknown)}",
                                "ui_context", "warning"))


def _load_form(forms_root: Path, rel: str) -> Any:
    """The parsed JSON of a form file, or a message saying why it cannot be used."""
    target = (forms_root / rel).resolve()
    try:
        target.relative_to(forms_root.resolve())
    except ValueError:
        return f"form path {rel!r} leaves the forms folder"
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"form {rel} not found in {forms_root}"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return f"form {rel} is not valid JSON: {e}"
