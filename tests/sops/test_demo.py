"""The demo data: one SOP-07 incident in each branch, a conflict in its "during" phase and two incidents at
once in one village, next to the routine visits and the other SOPs."""

from __future__ import annotations

from engine.demo.instances import INCIDENTS, seed_demo


def test_demo_runs_an_incident_in_each_branch(sop_engine):
    sop_engine.add_user("admin", ["admin"], "pw")
    summary = seed_demo(sop_engine)
    assert "stopped" not in summary, summary
    incidents = sop_engine.instances(process_id="sop07_kejadian", state="running")
    assert len(incidents) == len(INCIDENTS) == 4
    waiting = {t.element_id: t for i in incidents for t in sop_engine.tasks(instance_id=i.id)}
    assert set(waiting) == {stop for _, _, stop in INCIDENTS}
    assert "sop07_kejadian_s18_saat_konflik" in waiting  # a conflict during the conflict itself

    def village(instance_id: str) -> str:
        first = next(e for e in sop_engine.history(instance_id) if e.type == "task_completed")
        return first.payload["data"]["lokasi"]

    villages = [village(i.id) for i in incidents]
    assert any(villages.count(v) >= 2 for v in villages)  # two incidents at once in one village
    routine = sop_engine.instances(process_id="sop07", state="running")
    assert [t.element_id for t in sop_engine.tasks(instance_id=routine[0].id)] == ["sop07_s12_kunjungan"]
    assert all(r.ok for r in sop_engine.verify())
