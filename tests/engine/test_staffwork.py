"""Staff work in context: what a task shows of earlier steps, titles and search, drafts, delegation."""

from __future__ import annotations

import pytest

from engine import Conflict, InvalidInput, NotAllowed
from engine.runtime.caselist import InstanceFilter
from engine.runtime.worklist import TaskFilter

from .helpers import open_task

PDF = b"%PDF-1.4 konsep sprin\n%%EOF\n"


def _draft_and_return(engine):
    """fx_review: the clerk drafts with a file, the head returns it with a note."""
    inst = engine.start("fx_review", actor="petugas", title="Sprin giat RW 05 Sukamaju")
    doc = engine.attach(PDF, actor="petugas", filename="konsep-sprin.pdf")
    draft = open_task(engine, inst.id, "fx_draft")
    engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/12/XI/2026", "lampiran": doc.ref,
                                                      "jumlah_peserta": 1500})
    review = open_task(engine, inst.id, "fx_review_task")
    return inst, doc, review


def test_reviewer_sees_the_draft_labelled_and_its_file_by_name(fx_engine):
    inst, doc, review = _draft_and_return(fx_engine)
    ctx = fx_engine.task_context(review.id)
    [step] = ctx.steps
    assert step.name == "Membuat konsep" and step.actor == "petugas"
    values = {v.key: v for v in step.values}
    assert values["nomor_surat"].label_id == "Nomor surat" and values["nomor_surat"].label_en == "Letter number"
    assert values["nomor_surat"].text == "B/12/XI/2026"
    assert values["jumlah_peserta"].text == "1.500"
    assert [a.filename for a in values["lampiran"].attachments] == ["konsep-sprin.pdf"]
    assert ctx.returned_by is None
    assert [h.kind for h in ctx.history] == ["started", "completed"]


def test_reviser_gets_the_correction_note(fx_engine):
    inst, doc, review = _draft_and_return(fx_engine)
    fx_engine.complete(review.id, actor="kepala", data={"keputusan": "revisi",
                                                        "catatan_koreksi": "Nomor surat salah, perbaiki tanggal"})
    again = open_task(fx_engine, inst.id, "fx_draft")
    ctx = fx_engine.task_context(again.id)
    assert ctx.returned_by is not None and ctx.returned_by.actor == "kepala"
    note = {v.key: v.text for v in ctx.returned_by.values}
    assert note["catatan_koreksi"] == "Nomor surat salah, perbaiki tanggal"
    assert note["keputusan"] == "Kembalikan untuk revisi"  # the choice's title, not its code
    # the earlier round of the draft itself is shown too (it is the work being revised)
    assert [s.element_id for s in ctx.steps] == ["fx_draft", "fx_review_task"]


def test_title_given_at_start_and_built_by_the_template(fx_engine):
    inst, _, review = _draft_and_return(fx_engine)
    assert fx_engine.instance(inst.id).title == "Sprin giat RW 05 Sukamaju"
    assert fx_engine.task(review.id).task.instance_title == "Sprin giat RW 05 Sukamaju"
    incident = fx_engine.start("fx_incident", actor="petugas")
    assert fx_engine.instance(incident.id).title == ""
    report = open_task(fx_engine, incident.id, "in_report")
    fx_engine.complete(report.id, actor="petugas", data={"jenis": "konflik", "uraian": "lahan RW 05 Kel. Sukamaju"})
    assert fx_engine.instance(incident.id).title == "Kejadian konflik: lahan RW 05 Kel. Sukamaju"
    fx_engine.rename_instance(incident.id, "Konflik lahan Sukamaju", actor="petugas")
    assert fx_engine.instance(incident.id).title == "Konflik lahan Sukamaju"
    with pytest.raises(InvalidInput):
        fx_engine.rename_instance(incident.id, "   ", actor="petugas")


def test_task_and_instance_search_and_filters(fx_engine):
    inst, _, review = _draft_and_return(fx_engine)
    other = fx_engine.start("fx_review", actor="petugas", title="Sprin Kel. Bukit")
    mine = fx_engine.tasks(user="kepala", flt=TaskFilter(text="sukamaju"))
    assert [t.id for t in mine] == [review.id]
    assert fx_engine.tasks(user="kepala", flt=TaskFilter(text="b/12/xi")) == mine  # entered data is searched
    assert fx_engine.count_tasks(user="petugas", flt=TaskFilter(text="bukit")) == 1
    assert fx_engine.tasks(user="kepala", flt=TaskFilter(claimed_by_me=True)) == []
    fx_engine.claim(review.id, actor="kepala")
    assert [t.id for t in fx_engine.tasks(user="kepala", flt=TaskFilter(claimed_by_me=True))] == [review.id]
    assert [t.id for t in fx_engine.tasks(user="kepala", flt=TaskFilter(state="claimed"))] == [review.id]
    with pytest.raises(InvalidInput):
        TaskFilter(sort="sideways")
    rows = fx_engine.search_instances(InstanceFilter(text="sukamaju"), user="kepala")
    assert [r.instance.title for r in rows] == ["Sprin giat RW 05 Sukamaju"]
    assert [(t.name, t.assignee) for t in rows[0].current] == [("Memeriksa dan paraf", "kepala")]
    by_due = fx_engine.search_instances(InstanceFilter(sort="due"), user="petugas")
    assert {r.instance.id for r in by_due} == {inst.id, other.id}
    claimed = fx_engine.search_instances(InstanceFilter(claimed_by_me=True), user="kepala")
    assert [r.instance.id for r in claimed] == [inst.id]


def test_drafts_are_per_person_and_go_when_the_task_is_done(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    doc = fx_engine.attach(PDF, actor="petugas", filename="daftar-hadir.pdf")
    fx_engine.save_draft(task.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": doc.ref})
    data, saved_at = fx_engine.draft(task.id, actor="petugas")
    assert data == {"nomor_surat": "B/1", "lampiran": doc.ref} and saved_at is not None
    assert fx_engine.draft(task.id, actor="petugas2") is None
    with pytest.raises(NotAllowed):
        fx_engine.save_draft(task.id, actor="kepala", data={"nomor_surat": "x"})
    with pytest.raises(InvalidInput):
        fx_engine.save_draft(task.id, actor="petugas", data={"lampiran": "sha256:" + "0" * 64})
    fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})
    assert fx_engine.draft(task.id, actor="petugas") is None
    with pytest.raises(Conflict):
        fx_engine.save_draft(task.id, actor="petugas", data={"nomor_surat": "late"})


def test_delegation_only_to_people_who_may_do_the_work(fx_engine):
    fx_engine.add_user("analis", ["analyst"], "pw")
    fx_engine.add_user("admin", ["admin"], "pw")
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    names = [u.username for u in fx_engine.delegates(task.id, actor="petugas")]
    assert names == ["pengawas", "petugas2"]  # the role's holders and its stand-in role, by name
    for wrong in ("analis", "admin", "auditor", "kepala"):
        with pytest.raises(InvalidInput):
            fx_engine.delegate(task.id, actor="petugas", to=wrong, reason="cuti")
    assert open_task(fx_engine, inst.id, "fx_draft").assignee is None  # nothing changed
    done = fx_engine.delegate(task.id, actor="petugas", to="petugas2", reason="Saya cuti sampai Senin")
    assert done.assignee == "petugas2" and done.delegation_reason == "Saya cuti sampai Senin"
    [listed] = fx_engine.tasks(user="petugas2", flt=TaskFilter(delegated_to_me=True))
    assert listed.delegation_reason == "Saya cuti sampai Senin"
    ctx = fx_engine.task_context(task.id)
    assert (ctx.delegated_by, ctx.delegation_reason) == ("petugas", "Saya cuti sampai Senin")


def test_exports_carry_the_instance_title(fx_engine):
    import csv
    import io
    import json

    from engine.audit.export import export_bytes

    _draft_and_return(fx_engine)
    rows = list(csv.DictReader(io.StringIO(export_bytes(fx_engine, "csv")[0].decode())))
    assert rows and {r["instance_title"] for r in rows} == {"Sprin giat RW 05 Sukamaju"}
    assert b'key="sopflow:title" value="Sprin giat RW 05 Sukamaju"' in export_bytes(fx_engine, "xes")[0]
    ocel = json.loads(export_bytes(fx_engine, "ocel")[0])
    [instance] = [o for o in ocel["objects"] if o["type"] == "instance"]
    assert {"name": "title", "time": instance["attributes"][1]["time"], "value": "Sprin giat RW 05 Sukamaju"} \
        in instance["attributes"]


def test_an_incident_title_is_built_from_its_report(sop_engine):
    inst = sop_engine.start("sop07_kejadian", actor="bhabinkamtibmas")
    [first] = sop_engine.tasks(instance_id=inst.id)
    sop_engine.complete(first.id, actor=first.role, data={
        "jenis_kejadian": "konflik_pecah", "lokasi": "RW 05 Kel. Sukamaju", "tanggal_kejadian": "2026-03-02",
        "uraian": "Sengketa lahan"})
    assert sop_engine.instance(inst.id).title == "RW 05 Kel. Sukamaju, 2026-03-02: Sengketa lahan"


def test_a_ui_schema_narrows_the_context(sop_engine):
    """The Kasat signing the Sprin sees the draft and its administration, not his own disposition (ui:context)."""
    [process] = [p for p in sop_engine.processes() if p.id == "sop07"]
    inst = sop_engine.start("sop07", actor=process.start_roles[0])
    for _ in range(3):
        [task] = sop_engine.tasks(instance_id=inst.id)
        form = sop_engine.task(task.id).form_schema or {}
        data = {k: "2026-03-02" if v.get("format") == "date" else "isi" for k, v in form.get("properties", {}).items()
                if v.get("type") == "string" and v.get("format") not in ("attachment",) and "oneOf" not in v
                and "enum" not in v}
        sop_engine.complete(task.id, actor=task.role, data=data)
    [sign] = sop_engine.tasks(instance_id=inst.id)
    assert sign.element_id == "sop07_s04_tandatangan_sprin"
    ctx = sop_engine.task_context(sign.id)
    assert [s.element_id for s in ctx.steps] == ["sop07_s02_konsep_sprin", "sop07_s03_administrasi_sprin"]


def test_checker_warns_about_a_ui_context_naming_no_step(tmp_path):
    import json
    import shutil

    from engine.checks import checker
    from engine.org.roles import RoleCatalog

    from ..conftest import DATA

    shutil.copytree(DATA / "forms", tmp_path / "forms")
    ui = tmp_path / "forms" / "fx" / "review.uischema.json"
    ui.write_text(json.dumps({**json.loads(ui.read_text()), "ui:context": ["fx_draft", "fx_no_such_step"]}))
    catalog = RoleCatalog.load(DATA / "processes" / "roles.toml")
    result = checker.check_file(DATA / "processes" / "fx_review.bpmn", tmp_path / "forms", catalog)
    [warning] = [p for p in result.problems if p.code == "ui_context"]
    assert warning.severity == "warning" and "fx_no_such_step" in warning.message and "fx_draft" not in warning.message
    assert result.ok  # a warning does not stop a deploy


def test_a_second_completion_says_who_completed_and_when(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})
    with pytest.raises(Conflict, match="already completed by petugas at 2026-03-02 08:00 UTC"):
        fx_engine.complete(task.id, actor="petugas2", data={"nomor_surat": "B/2"})


def test_upgrading_a_database_makes_its_instances_searchable(database_url, clock):
    """Instances from before titles and search existed are found by the data they already hold."""
    from alembic import command

    from engine import Engine, Settings
    from engine.store.migrate import alembic_config

    from ..conftest import DATA

    engine = Engine(Settings(database_url=database_url, processes_dir=DATA / "processes",
                             forms_dir=DATA / "forms"), clock=clock)
    command.upgrade(alembic_config(engine.db.engine), "0001")
    with engine.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO definitions (id, process_id, version, name, filename, bpmn_xml, forms_json, meta_json, "
            "sha256, deployed_at, deployed_by) VALUES (1, 'p', 1, 'p', '', '', '{}', '{}', '', '2026-03-02', 't')")
        conn.exec_driver_sql(
            "INSERT INTO instances (id, definition_id, process_id, version, state, state_sha256, id_counter, "
            "started_at, started_by, event_count, last_hash, row_version) "
            "VALUES ('i1', 1, 'p', 1, 'completed', '', 0, '2026-03-02', 't', 1, '', 1)")
        conn.exec_driver_sql(
            "INSERT INTO events (instance_id, seq, type, actor, at, payload, prev_hash, hash) VALUES "
            "('i1', 1, 'task_completed', 't', '2026-03-02', '{\"data\": {\"lokasi\": \"Kel. Sukamaju\"}}', '', '')")
    engine.init_db()
    rows = engine.search_instances(InstanceFilter(text="sukamaju"), user="t")
    assert [r.instance.id for r in rows] == ["i1"]
    engine.close()
