"""Every SOP walked to its end along every gateway branch, as users of each lane's role."""

from __future__ import annotations

import pytest

from .branches import Walker

SOPS = ["sop01", "sop02", "sop03", "sop04", "sop05", "sop06", "sop07", "fkpm"]


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
    walker = Walker(sop_engine, "sop07", users)
    walker.cover_all()
    for flow in ("sop07_jenis_kejadian__sop07_s16_bencana_alam", "sop07_jenis_kejadian__sop07_s17_pra_konflik",
                 "sop07_jenis_kejadian__sop07_s20_kasus_pidana", "sop07_jenis_kejadian__tidak_ada",
                 "sop07_konflik_pecah__sop07_s18_saat_konflik", "sop07_konflik_pecah__tidak"):
        assert walker.taken[flow] > 0, flow
