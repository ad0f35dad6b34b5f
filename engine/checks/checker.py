"""Checks a BPMN file and its forms before anything is stored; used by deploy and `sopflow check`."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from ..spiff import expressions
from ..forms import schemas as forms, startform, taskdata
from .. import spiff
from ..safety import xmlsafe
from . import decisions, messages, runnable, structure, support, vendor
from ..org.roles import RoleCatalog

BPMN = spiff.BPMN_NS
#: text that is meant as an ISO 8601 timer value, even when mistyped
_ISO_LIKE = re.compile(r"^(\d|R\d*/|PT?\d)")


MEANING_ID = messages.MEANING_ID


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    element_id: str | None
    message: str
    code: str = "invalid"
    severity: str = "error"
    #: the message in Bahasa Indonesia, when the checker has one (else the English detail is used)
    detail_id: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        element = f" [{self.element_id}]" if self.element_id else ""
        return f"{where}:{element} {self.message}"

    @property
    def message_id(self) -> str:
        """The problem said in Bahasa Indonesia, with the English detail after it."""
        meaning = MEANING_ID.get(self.code)
        detail = self.detail_id or self.message
        return f"{meaning} — {detail}" if meaning else detail

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
    #: executable process id -> its line, read even when the file has problems (for cross-file checks)
    process_lines: dict[str, int | None] = dataclasses.field(default_factory=dict)
    #: the id of the file's bpmn:definitions: what tells one diagram from another
    definitions_id: str = ""

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


def check_files(paths: list[Path], forms_root: Path, catalog: RoleCatalog) -> list[CheckedFile]:
    """:func:`check_file` for each path, plus the problems between files (a process id used twice)."""
    checked = [check_file(p, forms_root, catalog) for p in paths]
    add_cross_file_problems(checked)
    return checked


def add_cross_file_problems(checked: list[CheckedFile]) -> None:
    """Two files that define the same process id would silently become versions of one process:
    refuse the later one, naming the first."""
    first: dict[str, tuple[str, int | None]] = {}
    for result in checked:
        for process_id, line in result.process_lines.items():
            if process_id in first:
                where, where_line = first[process_id]
                result.problems.append(Problem(
                    result.filename, line, process_id,
                    f"process id {process_id!r} is also defined in {where} (line {where_line}): two files cannot "
                    "share a process id; give one of them another id", "duplicate_process",
                    detail_id=f"id proses {process_id!r} juga dipakai di {where} (baris {where_line}): dua berkas "
                              "tidak boleh memakai id proses yang sama; ganti id salah satunya"))
            else:
                first[process_id] = (result.filename, line)


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
    result.definitions_id = root.get("id") or ""
    result.process_lines = {p.get("id"): p.sourceline for p in support.executable_processes(root) if p.get("id")}

    for line, message in spiff.xsd_errors(root)[:20]:
        problems.append(Problem(filename, line, None, f"not valid BPMN 2.0: {_plain_xsd(message)}", "xsd"))
    def add(el: etree._Element | None, message: str, code: str, severity: str = "error",
            element_id: str | None = None, detail_id: str = "") -> None:
        problems.append(Problem(filename, el.sourceline if el is not None else None,
                                element_id or (el.get("id") if el is not None else None), message, code, severity,
                                detail_id))

    structure.check(root, add)
    support.check(root, lambda el, en, id_: problems.append(
        Problem(filename, _line_of(el), el.get("id"), en, "unsupported", detail_id=id_)))
    vendor.check(root, lambda el, en, id_, severity: problems.append(
        Problem(filename, _line_of(el), el.get("id"), en, "vendor", severity, detail_id=id_)))
    _check_expressions(root, filename, problems)
    _check_lanes(root, filename, catalog, problems)
    result.forms = _check_forms(root, filename, forms_root, problems)
    decisions.check(root, _task_forms(root, result.forms),
                    lambda el, message, message_id: add(el, message, "stale_decision", "warning",
                                                        detail_id=message_id))
    if not root.findall(f"{{{BPMN}}}process[@isExecutable='true']"):
        problems.append(Problem(filename, root.sourceline, None,
                                "cannot run because no process is marked executable (isExecutable=\"true\"); "
                                "it is a descriptive model", "not_executable"))
        return result
    runnable.check(root, lambda el, message, message_id: add(el, message, "engine", detail_id=message_id))
    if any(p.severity == "error" and p.code in BLOCKING for p in problems):
        return result
    result.processes = _parse(root, filename, problems)
    return result


#: problems after which the engine's parser is not asked (it would only repeat them, one at a time)
BLOCKING = ("xsd", "duplicate_id", "dangling_flow", "unsupported", "engine")


def _parse(root: etree._Element, filename: str, problems: list[Problem]) -> list[spiff.ParsedProcess]:
    """The runnable specs. When the parser refuses, each executable process is also parsed on its own,
    so that a complaint about one pool does not hide another's."""
    clean = structure.without_vendor_ids(root)
    try:
        return spiff.parse_process(clean, filename)
    except spiff.ParseError as e:
        found = [_engine_problem(root, filename, e, None)]
    executable = [p.get("id") for p in support.executable_processes(clean)]
    for process_id in executable if len(executable) > 1 else []:
        alone = copy.deepcopy(clean)
        for other in support.executable_processes(alone):
            if other.get("id") != process_id:
                other.set("isExecutable", "false")
        try:
            spiff.parse_process(alone, filename)
        except spiff.ParseError as e:
            if "is not executable" in str(e) or "was not found" in str(e):
                continue  # it calls another pool, which this pass left out
            problem = _engine_problem(root, filename, e, process_id)
            if all(problem.message != f.message for f in found):
                found.append(problem)
    problems.extend(found)
    return []


def _engine_problem(root: etree._Element, filename: str, e: spiff.ParseError, process_id: str | None) -> Problem:
    element = e.element_id or process_id
    return Problem(filename, e.line or _line_by_id(root, element), element,
                   f"the engine cannot run this process: {runnable.plain_engine_message(str(e))}", "engine")


def _line_by_id(root: etree._Element, element_id: str | None) -> int | None:
    if not element_id:
        return None
    return next((el.sourceline for el in structure.model_elements(root) if el.get("id") == element_id), None)


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


def _in_executable(root: etree._Element, tag: str):
    """Elements ``tag`` inside executable processes: a descriptive pool is drawn, not run, nor checked."""
    for process in support.executable_processes(root):
        yield from process.iter(f"{{{BPMN}}}{tag}")


def _check_expressions(root: etree._Element, filename: str, problems: list[Problem]) -> None:
    for cond in _in_executable(root, "conditionExpression"):
        text = (cond.text or "").strip()
        if not text:
            problems.append(Problem(filename, _line_of(cond), _owner_id(cond), "empty condition", "expression"))
            continue
        try:
            expressions.check(text)
        except expressions.ExpressionError as e:
            hint = vendor.juel_hint(text)
            message, message_id = hint if hint else (f"condition not allowed: {e}", "")
            problems.append(Problem(filename, _line_of(cond), _owner_id(cond), message, "expression",
                                    detail_id=message_id))
    for tag in spiff.TIMER_TAGS:
        for el in _in_executable(root, tag):
            text = (el.text or "").strip()
            if not text:
                problems.append(Problem(filename, _line_of(el), _owner_id(el), "timer has no value", "timer"))
                continue
            if spiff.is_iso_timer_literal(text) or _ISO_LIKE.match(text):
                why = spiff.literal_problem(tag, text)
                if why:
                    problems.append(Problem(filename, _line_of(el), _owner_id(el), f"timer not allowed: {why}", "timer"))
                continue
            if not text.isidentifier():
                problems.append(Problem(filename, _line_of(el), _owner_id(el),
                                        f"timer not allowed: {text!r} is neither an ISO 8601 value (PT4H, "
                                        "2026-03-02T08:00:00+07:00, R3/PT1H) nor the name of a data field", "timer"))
                continue
            try:
                expressions.check(text)
            except expressions.ExpressionError as e:
                problems.append(Problem(filename, _line_of(el), _owner_id(el), f"timer not allowed: {e}", "timer"))


def _check_lanes(root: etree._Element, filename: str, catalog: RoleCatalog, problems: list[Problem]) -> None:
    for lane in _in_executable(root, "lane"):
        if lane.find(f"{{{BPMN}}}childLaneSet") is not None:
            continue
        name = lane.get("name") or ""
        if catalog.role_for_lane(name) is None:
            problems.append(Problem(filename, _line_of(lane), lane.get("id"),
                                    f"lane {name!r} is not in processes/roles.toml", "lane_role"))


def _check_forms(root: etree._Element, filename: str, forms_root: Path, problems: list[Problem]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    user_tasks = {t.get("id") for t in root.iter(f"{{{BPMN}}}userTask")}
    starts = [s for s in _in_executable(root, "startEvent") if startform.form_path(s)]
    for task in [*_in_executable(root, "userTask"), *starts]:
        props = {
            p.get("name"): p.get("value")
            for p in task.iter("{http://spiffworkflow.org/bpmn/schema/1.0/core}property")
        }
        if taskdata.PROPERTY in props:
            _check_inputs(props[taskdata.PROPERTY] or "", task, user_tasks, filename, problems)
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


def _check_inputs(text: str, task: etree._Element, user_tasks: set[str | None], filename: str,
                  problems: list[Problem]) -> None:
    try:
        inputs = taskdata.parse_inputs(text)
    except taskdata.InputSyntaxError as e:
        problems.append(Problem(filename, _line_of(task), task.get("id"), f"formInputs: {e}", "form_inputs"))
        return
    for wanted in inputs:
        if wanted.step and wanted.step not in user_tasks and wanted.step != taskdata.START:
            problems.append(Problem(filename, _line_of(task), task.get("id"),
                                    f"formInputs: {wanted.step!r} is not a user task of this file", "form_inputs"))


def _task_forms(root: etree._Element, found: dict[str, Any]) -> dict[str, Any]:
    """user task id -> its form's schema (when it loaded)."""
    out = {}
    for task in _in_executable(root, "userTask"):
        for prop in task.iter(f"{{{taskdata.SPIFF}}}property"):
            if prop.get("name") == "formJsonSchemaFilename" and prop.get("value") in found:
                out[task.get("id")] = found[prop.get("value")]
    return out


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
