"""Every SOP walked to its end along every gateway branch, as users of each lane's role."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import NotAllowed
from engine.forms.formfill import sample

from .branches import PDF, Walker

SOPS = ["sop01", "sop02", "sop03", "sop04", "sop05", "sop06", "sop07", "sop07_kejadian", "fkpm"]


@pytest.mark.parametrize("process_id", SOPS)
def test_every_branch_to_the_end(sop_engine, process_id):
    users = {role.code: role.code for role in sop_engine.roles()}
    walker = Walker(sop_engine, process_id, users)
    instances = walker.cover_all()
    assert all(sop_engine.instance(i).state == "completed" for i in instances)
    assert walker.checked_wrong_role > 0
    results = sop_engine.verify()
    assert all(r.ok for r in results), [r.problem for r in results if not r.ok]




def test_sop07_incident_branches_and_conflict_outcomes(sop_engine):
    users = {role.code: role.code for role in sop_engine.roles()}
    walker = Walker(sop_engine, "sop07_kejadian", users)
    walker.cover_all()
    p = "sop07_kejadian"
    for flow in (f"{p}_jenis__{p}_s16a_peringatan_evakuasi", f"{p}_jenis__{p}_s17_pra_konflik",
                 f"{p}_jenis__{p}_s18_masuk", f"{p}_jenis__pidana", f"{p}_konflik_pecah__{p}_s18_masuk",
                 f"{p}_konflik_pecah__reda", f"{p}_konflik_berhenti__belum"):
        assert walker.taken[flow] > 0, flow


def _complete(engine, task, **choices):
    ref = engine.attach(PDF, actor=task.role, filename="bukti.pdf").ref
    data = sample(engine.task(task.id).form_schema, choices, lambda: ref)
    engine.complete(task.id, actor=task.role, data=data)


def test_bhabinkamtibmas_reports_a_conflict_already_broken_out_and_a_crime_at_once(sop_engine):
    """Two incidents of one village run side by side; the conflict starts in its "during" phase."""
    starters = next(p for p in sop_engine.processes() if p.id == "sop07_kejadian").start_roles
    assert {"bhabinkamtibmas", "kanit_bhabinkamtibmas", "kapolsek", "kanit_binmas_polsek"} == set(starters)
    with pytest.raises(NotAllowed):
        sop_engine.start("sop07_kejadian", actor="pelaks_binluh")
    by_chief = sop_engine.start("sop07_kejadian", actor="kapolsek")  # the village officer then records it
    assert [t.role for t in sop_engine.tasks(instance_id=by_chief.id)] == ["bhabinkamtibmas"]
    conflict = sop_engine.start("sop07_kejadian", actor="bhabinkamtibmas")
    crime = sop_engine.start("sop07_kejadian", actor="bhabinkamtibmas")
    village = "Kelurahan Tanjung Ayun Sakti"
    _complete(sop_engine, sop_engine.tasks(instance_id=conflict.id)[0], jenis_kejadian="konflik_pecah", lokasi=village)
    _complete(sop_engine, sop_engine.tasks(instance_id=crime.id)[0], jenis_kejadian="pidana", lokasi=village)
    during = sop_engine.tasks(instance_id=conflict.id)
    assert [t.element_id for t in during] == ["sop07_kejadian_s18_saat_konflik"]  # no pre-conflict step
    assert [t.element_id for t in sop_engine.tasks(instance_id=crime.id)] == ["sop07_kejadian_s20a_laporan_tkp"]
    mine = {t.instance_id for t in sop_engine.tasks(user="bhabinkamtibmas")}
    assert {conflict.id, crime.id} <= mine
    # the mediation does not stop the conflict the first time: a second round, then the post-conflict work
    _complete(sop_engine, during[0], konflik_berhenti=False)
    again = sop_engine.tasks(instance_id=conflict.id)
    assert [t.element_id for t in again] == ["sop07_kejadian_s18_saat_konflik"]
    _complete(sop_engine, again[0], konflik_berhenti=True)
    assert [t.element_id for t in sop_engine.tasks(instance_id=conflict.id)] == ["sop07_kejadian_s19_pasca_konflik"]
    for inst in (crime, conflict):
        for _ in range(40):
            open_tasks = sop_engine.tasks(instance_id=inst.id)
            if not open_tasks:
                break
            _complete(sop_engine, open_tasks[0], keputusan="setuju")
        assert sop_engine.instance(inst.id).state == "completed"
    for inst in (crime, conflict):  # each incident's report went up the chain to the Kasat (row 21.m)
        done = [e.payload.get("element_id") for e in sop_engine.history(inst.id) if e.type == "task_completed"]
        assert "sop07_kejadian_s21m_ke_polda" in done
    assert all(r.ok for r in sop_engine.verify())


def test_sop07_routine_loops_over_visits_and_periods(sop_engine):
    users = {role.code: role.code for role in sop_engine.roles()}
    walker = Walker(sop_engine, "sop07", users)
    walker.cover_all()
    for flow in ("sop07_s12_rencana_selesai__kunjungan_berikutnya", "sop07_periode_berikutnya__lanjut",
                 "sop07_s04_keputusan__perbaiki"):
        assert walker.taken[flow] > 0, flow
    assert "bhabinkamtibmas" not in next(p for p in sop_engine.processes() if p.id == "sop07").start_roles


def test_partners_read_the_instances_of_their_sop_in_their_unit_but_have_no_steps(sop_engine):
    """A partner with a post in a unit reads its SOP's cases there; one held deployment-wide reads none of them."""
    sop_engine.add_unit("POLRES", name="Polresta", kind="polres")
    sop_engine.add_unit("DESA1", name="Kelurahan Satu", kind="desa", parent="POLRES")
    sop_engine.add_user("satpam_polres", ["bujp_satpam@POLRES"], "pw")
    inst = sop_engine.start("sop04", actor="pelaks_binluh", unit="POLRES")
    assert sop_engine.may_view_instance(inst.id, "satpam_polres")
    assert not sop_engine.may_view_instance(inst.id, "bujp_satpam")  # no post: not every unit's cases
    assert not sop_engine.may_view_instance(inst.id, "fkpm")
    sop_engine.add_user("lurah_desa1", ["camat_lurah_babinsa@DESA1"], "pw")
    incident = sop_engine.start("sop07_kejadian", actor="bhabinkamtibmas", unit="DESA1")
    assert sop_engine.may_view_instance(incident.id, "lurah_desa1")
    assert sop_engine.tasks(user="lurah_desa1") == [] and sop_engine.tasks(user="camat_lurah_babinsa") == []

def test_fkpm_activity_runs_in_its_sub_process_with_each_actor_in_his_lane(sop_engine):
    """An activity is a collapsed sub-process: its KBO step goes to KBO, then the three Kanits' steps
    open at once, each for its own Kanit with the row's 1 hour, and the outcome goes to Kanit Binpolmas."""
    inst = sop_engine.start("fkpm", actor="kasat_binmas")
    first, = sop_engine.tasks(instance_id=inst.id)
    assert (first.element_id, first.role) == ("fkpm_kasat_perintah", "kasat_binmas")
    _complete(sop_engine, first, kegiatan="negosiasi_mediasi")
    kbo, = sop_engine.tasks(instance_id=inst.id)
    assert (kbo.element_id, kbo.role) == ("fkpm_b_kbo", "kbo")
    with pytest.raises(NotAllowed):
        sop_engine.complete(kbo.id, actor="kanit_binkamsa", data={})
    _complete(sop_engine, kbo)
    kanits = sop_engine.tasks(instance_id=inst.id)
    assert {(t.element_id, t.role) for t in kanits} == {
        ("fkpm_b_binkamsa", "kanit_binkamsa"), ("fkpm_b_binpolmas", "kanit_binpolmas"),
        ("fkpm_b_bintibmas", "kanit_bintibmas")}
    assert all(t.due_at is not None and t.due_at - t.created_at == timedelta(hours=1) for t in kanits)
    for task in kanits:
        _complete(sop_engine, task)
    outcome, = sop_engine.tasks(instance_id=inst.id)
    assert (outcome.element_id, outcome.role) == ("fkpm_b_hasil", "kanit_binpolmas")
    _complete(sop_engine, outcome)
    assert sop_engine.instance(inst.id).state == "completed"
    done = [e.payload.get("element_id") for e in sop_engine.history(inst.id) if e.type == "task_completed"]
    assert not any(e.startswith(("fkpm_a_", "fkpm_c_")) for e in done)
    assert all(r.ok for r in sop_engine.verify(inst.id))
