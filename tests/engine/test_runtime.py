"""Starting, claiming, delegating and completing tasks under the runtime's rules."""

from __future__ import annotations

import pytest

from engine import Conflict, FormInvalid, InvalidInput, NotAllowed, NotFound

from .helpers import event_types, open_task


def test_start_offers_first_task_to_its_lane_role(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    assert inst.state == "running" and inst.version == 1
    mine = fx_engine.tasks(user="petugas")
    assert [t.element_id for t in mine] == ["fx_draft"]
    assert mine[0].role == "petugas" and mine[0].lane == "PETUGAS"
    assert fx_engine.tasks(user="kepala") == []
    assert event_types(fx_engine, inst.id) == ["instance_started", "task_ready"]


def test_only_start_lane_role_may_start(fx_engine):
    with pytest.raises(NotAllowed):
        fx_engine.start("fx_review", actor="kepala")
    with pytest.raises(NotFound):
        fx_engine.start("no_such_process", actor="petugas")
    assert fx_engine.instances() == []


def test_wrong_role_cannot_complete_and_nothing_changes(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    before = event_types(fx_engine, inst.id)
    with pytest.raises(NotAllowed):
        fx_engine.complete(task.id, actor="kepala", data={"nomor_surat": "B/1"})
    assert event_types(fx_engine, inst.id) == before
    assert open_task(fx_engine, inst.id, "fx_draft").state == "ready"


def test_approve_revise_loop_returns_to_author_then_completes(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_review_task").id, actor="kepala",
                       data={"keputusan": "revisi", "catatan_koreksi": "perbaiki tanggal"})
    draft_again = open_task(fx_engine, inst.id, "fx_draft")
    again = fx_engine.task(draft_again.id)
    assert again.data == {"nomor_surat": "B/1"}  # its own earlier answer, nothing of the review's
    assert again.inputs == [{"field": "catatan_koreksi", "value": "perbaiki tanggal", "step": "fx_review_task",
                             "step_name": "Memeriksa dan paraf"}]
    fx_engine.complete(draft_again.id, actor="petugas", data={"nomor_surat": "B/2"})
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    assert fx_engine.instance(inst.id).state == "completed"
    gateways = [e.payload["flows"] for e in fx_engine.history(inst.id) if e.type == "gateway_taken"]
    assert gateways == [["f_revise"], ["f_ok"]]
    assert [r.problem for r in fx_engine.verify(inst.id)] == [""]
    state = fx_engine.diagram_state(inst.id)
    assert {"fx_draft", "fx_review_task", "fx_end"} <= set(state["completed"]) and state["active"] == []


@pytest.mark.parametrize("jenis, branch", [("bencana", "in_disaster"), ("konflik", "in_conflict"), ("pidana", "in_crime")])
def test_three_way_incident_branch(fx_engine, jenis, branch):
    inst = fx_engine.start("fx_incident", actor="petugas")
    fx_engine.complete(open_task(fx_engine, inst.id, "in_report").id, actor="petugas", data={"jenis": jenis})
    open_ids = [t.element_id for t in fx_engine.tasks(instance_id=inst.id)]
    assert open_ids == [branch]
    fx_engine.complete(open_task(fx_engine, inst.id, branch).id, actor="petugas", data={"catatan": "ditangani"})
    fx_engine.complete(open_task(fx_engine, inst.id, "in_close").id, actor="pengawas", data={})
    assert fx_engine.instance(inst.id).state == "completed"
    assert fx_engine.verify(inst.id)[0].ok


def test_form_data_must_match_schema_and_nothing_is_written(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    before = fx_engine.history(inst.id)
    with pytest.raises(FormInvalid) as err:
        fx_engine.complete(task.id, actor="petugas", data={"jumlah_peserta": -3, "tanggal_surat": "kemarin", "x": 1})
    fields = {e["field"] for e in err.value.errors}
    assert {"nomor_surat", "jumlah_peserta", "tanggal_surat", "x"} <= fields
    assert fx_engine.history(inst.id) == before
    with pytest.raises(FormInvalid):
        fx_engine.complete(task.id, actor="petugas", data=["not", "an", "object"])


def test_completing_twice_is_a_conflict(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})
    events = len(fx_engine.history(inst.id))
    with pytest.raises(Conflict):
        fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})
    assert len(fx_engine.history(inst.id)) == events


def test_claimed_task_is_completed_only_by_claimant(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    fx_engine.claim(task.id, actor="petugas")
    assert fx_engine.tasks(user="petugas2") == []  # claimed by a colleague: off their list
    with pytest.raises(Conflict):
        fx_engine.claim(task.id, actor="petugas2")
    with pytest.raises(NotAllowed):
        fx_engine.complete(task.id, actor="petugas2", data={"nomor_surat": "B/1"})
    with pytest.raises(NotAllowed):
        fx_engine.unclaim(task.id, actor="petugas2")
    fx_engine.unclaim(task.id, actor="petugas", reason="cuti")
    fx_engine.claim(task.id, actor="petugas2")
    fx_engine.complete(task.id, actor="petugas2", data={"nomor_surat": "B/1"})
    types = event_types(fx_engine, inst.id)
    assert types[:5] == ["instance_started", "task_ready", "task_claimed", "task_unclaimed", "task_claimed"]
    assert fx_engine.verify(inst.id)[0].ok


def test_delegate_lets_another_user_act_and_needs_a_reason(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    with pytest.raises(InvalidInput):
        fx_engine.delegate(task.id, actor="petugas", to="petugas2", reason=" ")
    with pytest.raises(NotAllowed):
        fx_engine.delegate(task.id, actor="kepala", to="petugas2", reason="tidak berhak")
    with pytest.raises(InvalidInput):  # only holders of the task's lane role
        fx_engine.delegate(task.id, actor="petugas", to="pengawas", reason="sedang dinas luar")
    with pytest.raises(InvalidInput):
        fx_engine.delegate(task.id, actor="petugas", to="petugas2", reason="x" * 1001)
    delegated = fx_engine.delegate(task.id, actor="petugas", to="petugas2", reason="sedang dinas luar")
    assert delegated.assignee == "petugas2" and delegated.delegated_by == "petugas"
    assert [t.id for t in fx_engine.tasks(user="petugas2")] == [task.id]
    with pytest.raises(NotAllowed):
        fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})
    fx_engine.complete(task.id, actor="petugas2", data={"nomor_surat": "B/1"})
    assert fx_engine.verify(inst.id)[0].ok


def test_auditor_changes_nothing(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    for action in (
        lambda: fx_engine.start("fx_review", actor="auditor"),
        lambda: fx_engine.claim(task.id, actor="auditor"),
        lambda: fx_engine.complete(task.id, actor="auditor", data={"nomor_surat": "x"}),
    ):
        with pytest.raises(NotAllowed):
            action()
    assert not fx_engine.may_act(task.id, "auditor")
    assert fx_engine.may_view_instance(inst.id, "auditor")
    assert event_types(fx_engine, inst.id) == ["instance_started", "task_ready"]


def test_attachments_must_exist_and_are_stored_once(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    missing = "sha256:" + "0" * 64
    with pytest.raises(FormInvalid):
        fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": missing})
    with pytest.raises(FormInvalid):
        fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": "../../etc/passwd"})
    pdf = b"%PDF-1.4\n% signed letter\n"
    first = fx_engine.attach(pdf, actor="petugas", filename="../../surat.pdf")
    again = fx_engine.attach(pdf, actor="petugas", filename="surat.pdf")
    assert first.ref == again.ref and first.media_type == "application/pdf" and first.filename == "surat.pdf"
    fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": first.ref})
    assert [a.ref for a in fx_engine.instance_attachments(inst.id)] == [first.ref]
    assert fx_engine.may_download(first.ref, "kepala")
    assert fx_engine.attachment(first.ref)[1] == pdf


def test_attachment_limits(fx_engine):
    from engine import TooLarge

    fx_engine.settings.max_attachment_bytes = 100
    with pytest.raises(TooLarge):
        fx_engine.attach(b"%PDF-" + b"x" * 200, actor="petugas", filename="a.pdf")
    with pytest.raises(InvalidInput):
        fx_engine.attach(b"MZ\x90\x00 executable", actor="petugas", filename="a.exe", media_type="application/x-msdownload")


def test_task_list_filters_and_counts(fx_engine):
    for _ in range(3):
        fx_engine.start("fx_review", actor="petugas")
    fx_engine.start("fx_incident", actor="petugas")
    assert fx_engine.count_tasks(user="petugas") == 4
    assert len(fx_engine.tasks(user="petugas", process_id="fx_incident")) == 1
    assert len(fx_engine.tasks(role="petugas", limit=2)) == 2
    assert fx_engine.count_tasks(user="kepala") == 0


def test_long_loops_prune_history_and_still_verify(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    for round_ in range(15):
        fx_engine.complete(open_task(fx_engine, inst.id, "fx_draft").id, actor="petugas",
                           data={"nomor_surat": f"B/{round_}"})
        fx_engine.complete(open_task(fx_engine, inst.id, "fx_review_task").id, actor="kepala",
                           data={"keputusan": "revisi"})
    state = fx_engine.diagram_state(inst.id)
    assert {"fx_start", "fx_draft", "fx_review_task", "fx_decision"} <= set(state["completed"])
    assert "f1" in state["flows"]  # the start's flow survives in the archive of pruned history
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/x"})
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    assert fx_engine.instance(inst.id).state == "completed"
    [result] = fx_engine.verify(inst.id)
    assert result.ok, result.problem
