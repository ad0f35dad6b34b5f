"""Each task sees its own data: a form opens with what the same step recorded before, or with the
inputs it declares, never with another step's field of the same name."""

from __future__ import annotations

import pytest

from engine.forms import taskdata

from ..conftest import DATA
from .helpers import open_task

SHARED = DATA / "taskdata" / "fx_shared.bpmn"


@pytest.fixture
def shared(fx_engine):
    fx_engine.deploy([SHARED], actor="tester")
    return fx_engine


def test_two_steps_sharing_field_names_the_second_form_is_empty(shared):
    photo = shared.attach(b"\x89PNG\r\n\x1a\n foto lokasi", actor="petugas", filename="lokasi.png")
    inst = shared.start("fx_shared", actor="petugas")
    first = open_task(shared, inst.id, "sh_photo")
    shared.complete(first.id, actor="petugas",
                    data={"nomor": "Sprin/12/III/2026", "foto": photo.ref, "catatan": "lokasi aman", "keputusan": "lanjut"})
    check = shared.task(open_task(shared, inst.id, "sh_check").id)
    assert check.data == {} and check.inputs == []


def test_a_revision_loop_prefills_from_the_same_step_only(shared):
    photo = shared.attach(b"\x89PNG\r\n\x1a\n foto lokasi", actor="petugas", filename="lokasi.png")
    inst = shared.start("fx_shared", actor="petugas")
    shared.complete(open_task(shared, inst.id, "sh_photo").id, actor="petugas",
                    data={"foto": photo.ref, "catatan": "lokasi aman", "keputusan": "lanjut"})
    shared.complete(open_task(shared, inst.id, "sh_check").id, actor="kepala",
                    data={"catatan": "foto buram, ulangi", "keputusan": "ulang"})
    again = shared.task(open_task(shared, inst.id, "sh_photo").id)
    # its own text and photo come back; its own earlier decision does not (decisions are made anew)
    assert again.data == {"foto": photo.ref, "catatan": "lokasi aman"}
    gateways = [e.payload["flows"] for e in shared.history(inst.id) if e.type == "gateway_taken"]
    assert gateways == [["sh_again"]]  # the gateway still saw the reviewer's decision


def test_declared_inputs_fill_their_targets(shared):
    inst = shared.start("fx_shared", actor="petugas")
    shared.complete(open_task(shared, inst.id, "sh_photo").id, actor="petugas",
                    data={"nomor": "B/1", "catatan": "dari pemotret"})
    shared.complete(open_task(shared, inst.id, "sh_check").id, actor="kepala",
                    data={"catatan": "dari pemeriksa", "keputusan": "lanjut"})
    sign = shared.task(open_task(shared, inst.id, "sh_sign").id)
    # nomor=sh_photo.catatan, sh_check.catatan, keputusan: each exactly as declared; the photo step's
    # own "nomor" is not among them, so it does not arrive
    assert sign.data == {"nomor": "dari pemotret", "catatan": "dari pemeriksa", "keputusan": "lanjut"}
    shared.complete(sign.task.id, actor="kepala", data={"nomor": "B/2"})
    assert shared.instance(inst.id).state == "completed"
    assert shared.task(sign.task.id).data == {"nomor": "B/2"}  # recorded: only what the form submitted
    assert shared.verify(inst.id)[0].ok


def test_an_input_from_a_step_whose_last_answer_left_it_empty_is_not_stale(shared):
    recorded = [taskdata.Submission(1, "start", {}), taskdata.Submission(3, "a", {"x": "old"}),
                taskdata.Submission(5, "a", {})]
    values, shown = taskdata.form_values("b", {"properties": {"x": {"type": "string"}}},
                                         taskdata.parse_inputs("a.x"), recorded, {})
    assert values == {} and shown == []
    values, shown = taskdata.form_values("b", {"properties": {}}, taskdata.parse_inputs("x"), recorded, {"a": "A"})
    assert values == {} and shown == [taskdata.InputValue("x", "old", "a", "A")]


@pytest.mark.parametrize("text, parsed", [
    ("nomor", [taskdata.Input("nomor", "", "nomor")]),
    (" t1.catatan , nomor_anggaran=t2.nomor ", [taskdata.Input("catatan", "t1", "catatan"),
                                               taskdata.Input("nomor_anggaran", "t2", "nomor")]),
    ("", []),
])
def test_input_declarations_parse(text, parsed):
    assert taskdata.parse_inputs(text) == parsed


@pytest.mark.parametrize("text", ["a.b.c", "=x", "x y", "1abc"])
def test_bad_input_declarations_are_refused(text):
    with pytest.raises(taskdata.InputSyntaxError):
        taskdata.parse_inputs(text)


def test_audit_and_exports_name_the_step_each_document_belongs_to(shared):
    import csv
    import io
    import json

    from engine.audit.export import export_bytes

    photo = shared.attach(b"\x89PNG\r\n\x1a\n foto lokasi", actor="petugas", filename="lokasi.png")
    inst = shared.start("fx_shared", actor="petugas")
    shared.complete(open_task(shared, inst.id, "sh_photo").id, actor="petugas",
                    data={"foto": photo.ref, "catatan": "lokasi aman"})
    shared.complete(open_task(shared, inst.id, "sh_check").id, actor="kepala",
                    data={"catatan": "cukup", "keputusan": "lanjut"})
    history = [r for r in shared.history_view(inst.id) if r["type"] == "task_completed"]
    assert [(r["element_name"], r["attachments"]) for r in history] == [
        ("Memotret lokasi", [photo.ref]), ("Memeriksa bukti", [])]
    # the reviewer's "catatan" is new in its own step, not a change of the photographer's
    assert history[1]["diff"][0] == {"field": "catatan", "before": None, "after": "cukup", "changed": True}
    rows = [r for r in csv.DictReader(io.StringIO(export_bytes(shared, "csv", "fx_shared")[0].decode()))
            if r["event_type"] == "task_completed"]
    assert [(r["activity"], r["documents"]) for r in rows] == [("Memotret lokasi", photo.ref), ("Memeriksa bukti", "")]
    ocel = json.loads(export_bytes(shared, "ocel", "fx_shared")[0])
    [document] = [o for o in ocel["objects"] if o["type"] == "document"]
    assert document["attributes"][0]["value"] == "Memotret lokasi"


def test_check_warns_when_an_earlier_steps_answer_could_decide_a_gateway():
    from engine.checks import checker
    from engine.org.roles import RoleCatalog

    catalog = RoleCatalog.load(DATA / "processes" / "roles.toml")
    shared = checker.check_file(SHARED, DATA / "forms", catalog)
    [warning] = [p for p in shared.problems if p.code == "stale_decision"]
    assert warning.severity == "warning" and warning.element_id == "sh_decision" and warning.line
    assert "'keputusan'" in warning.message and "sh_check" in warning.message and "required" in warning.message
    review = checker.check_file(DATA / "processes" / "fx_review.bpmn", DATA / "forms", catalog)
    assert [p for p in review.problems if p.code == "stale_decision"] == []  # its decision is required


@pytest.mark.parametrize("recorded, ready_seq, offered", [
    # a revision loop: a, then the reviewer b, then a again
    ([(3, "a", {"x": "mine"}), (5, "b", {"x": "reviewer"})], 7, {"x": "mine"}),
    # one task per Kanit, one after another: the previous sibling's answers are someone else's work
    ([(3, "a", {"x": "kanit 1"})], 4, {}),
    # side by side: a sibling that finished after this task was offered is not an earlier round
    ([(3, "b", {}), (6, "a", {"x": "kanit 1"})], 5, {}),
])
def test_only_an_earlier_round_of_the_same_step_is_offered(recorded, ready_seq, offered):
    rows = [taskdata.Submission(1, "start", {"x": "start"})] + [taskdata.Submission(*r) for r in recorded]
    values, _ = taskdata.form_values("a", {"properties": {"x": {"type": "string"}}}, [], rows, {}, ready_seq)
    assert values == offered
