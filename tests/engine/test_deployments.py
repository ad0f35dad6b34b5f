"""SOPs per unit: each subtree runs its own current version; starts, lanes and migrations follow it."""

from __future__ import annotations

import json

import pytest

from engine import Conflict, Engine, NotAllowed, NotFound, Settings

from ..conftest import copied_fixtures, make_engine
from .helpers import open_task
from .test_units import PEOPLE_CSV, UNITS_CSV

#: a second Polresta under Polda Kepri, with a Polsek and a village of its own
BARELANG_CSV = """code,name,kind,parent,tz
BTM,Polresta Barelang,polresta,KEPRI,
PS-C,Polsek Batu Ampar,polsek,BTM,
D-5,Kel. Tanjung Sengkuang,kelurahan,PS-C,
"""
BARELANG_PEOPLE = """nrp,name,unit,roles
p5,Bripka Yusuf,D-5,petugas
kb,Kompol Rina,BTM,kepala
"""


@pytest.fixture
def org(database_url, clock, tmp_path):
    """Units and people first, nothing deployed yet: every deployment in these tests names its unit."""
    processes, forms = copied_fixtures(tmp_path)
    engine = make_engine(database_url, clock, processes, forms)
    engine.import_units(UNITS_CSV)
    engine.import_units(BARELANG_CSV)
    engine.import_people(PEOPLE_CSV)
    engine.import_people(BARELANG_PEOPLE)
    engine.add_user("analis", ["analyst"], "pw")
    engine.add_user("analis_kepri", ["analyst@KEPRI"], "pw")
    yield engine, tmp_path / "processes" / "fx_review.bpmn"
    engine.close()


def _review_by_pengawas(bpmn):
    """The next version: the Polsek's supervisor reviews instead of the Polres's head."""
    bpmn.write_text(bpmn.read_text().replace('name="KEPALA"', 'name="PENGAWAS"'))


def _rename_draft(bpmn):
    bpmn.write_text(bpmn.read_text().replace("Membuat konsep", "Membuat konsep surat"))


def _review_of(engine, starter):
    inst = engine.start("fx_review", actor=starter)
    engine.complete(open_task(engine, inst.id, "fx_draft").id, actor=starter, data={"nomor_surat": "B/1"})
    return inst, open_task(engine, inst.id, "fx_review_task")


def _current(engine, process_id="fx_review"):
    return {d.unit: d.version for d in engine.deployments(process_id)}


def test_each_subtree_starts_its_most_specific_version(org):
    engine, bpmn = org
    assert engine.deploy(actor="analis", unit="KEPRI")[0].version == 1
    _review_by_pengawas(bpmn)
    [mine] = [r for r in engine.deploy(actor="analis", unit="TPI") if r.process_id == "fx_review"]
    assert (mine.version, mine.created, mine.deployed, mine.unit) == (2, True, True, "TPI")
    assert _current(engine) == {"KEPRI": 1, "TPI": 2}
    tpi, tpi_review = _review_of(engine, "p1")  # Kel. Sukamaju under Tanjungpinang: its own version
    btm, btm_review = _review_of(engine, "p5")  # Barelang, elsewhere in Kepri: the Polda's version
    assert (tpi.version, btm.version) == (2, 1)
    # the lane of the review resolves by each instance's version, in each instance's unit
    assert (tpi_review.role, tpi_review.unit) == ("pengawas", "PS-A")
    assert (btm_review.role, btm_review.unit) == ("kepala", "BTM")
    assert [t.id for t in engine.tasks(user="pa")] == [tpi_review.id]
    assert [t.id for t in engine.tasks(user="kb")] == [btm_review.id]
    assert engine.tasks(user="kp") == []  # Tanjungpinang's head: not a lane of Tanjungpinang's version
    with pytest.raises(NotAllowed, match="not for D-4"):
        engine.start("fx_review", actor="p4")  # Gorontalo runs nothing of it
    assert "fx_review" in {p.id for p in engine.processes(for_user="p1")}
    assert "fx_review" not in {p.id for p in engine.processes(for_user="p4")}  # not on Gorontalo's start page


def test_deploying_for_one_unit_never_changes_what_another_runs(org):
    engine, bpmn = org
    engine.deploy(actor="analis", unit="KEPRI")
    _review_by_pengawas(bpmn)
    engine.deploy(actor="analis", unit="TPI")
    _rename_draft(bpmn)
    engine.deploy(actor="analis", unit="KEPRI")  # the Polda moves on: v3 for Kepri, Tanjungpinang keeps v2
    assert _current(engine) == {"KEPRI": 3, "TPI": 2}
    assert engine.start("fx_review", actor="p1").version == 2
    assert engine.start("fx_review", actor="p5").version == 3
    engine.deploy(actor="analis", unit="GK")  # the same content for Gorontalo Kota: no new version
    assert _current(engine) == {"KEPRI": 3, "TPI": 2, "GK": 3}
    assert engine.start("fx_review", actor="p4").version == 3
    again = [r for r in engine.deploy(actor="analis", unit="GK") if r.process_id == "fx_review"]
    assert [(r.created, r.deployed) for r in again] == [(False, False)]
    by_version = {v.version: v.current_for for v in engine.process_versions("fx_review")}
    assert by_version == {1: (), 2: ("TPI",), 3: ("GK", "KEPRI")}


def test_a_unit_may_go_back_to_a_stored_version(org):
    engine, bpmn = org
    engine.deploy(actor="analis", unit="KEPRI")
    _review_by_pengawas(bpmn)
    engine.deploy(actor="analis", unit="KEPRI")
    result = engine.deploy_version("fx_review", 1, unit="TPI", actor="analis")
    assert result.deployed and _current(engine) == {"KEPRI": 2, "TPI": 1}
    assert engine.start("fx_review", actor="p1").version == 1
    assert not engine.deploy_version("fx_review", 1, unit="TPI", actor="analis").deployed
    with pytest.raises(NotFound):
        engine.deploy_version("fx_review", 9, unit="TPI", actor="analis")
    with pytest.raises(NotFound):
        engine.deploy_version("fx_review", 1, unit="NOWHERE", actor="analis")
    assert _current(engine) == {"KEPRI": 2, "TPI": 1}


def test_an_analyst_of_a_polda_deploys_only_inside_it(org):
    engine, bpmn = org
    with pytest.raises(NotAllowed, match="outside their units"):
        engine.deploy(actor="analis_kepri", unit="GK")
    with pytest.raises(NotAllowed, match="choose one of those units"):
        engine.deploy(actor="analis_kepri")
    with pytest.raises(NotFound):
        engine.deployments("fx_review")  # refused deployments stored nothing
    engine.deploy(actor="analis_kepri", unit="TPI")
    assert _current(engine) == {"TPI": 1}
    assert [u.code for u in engine.deployer_units("analis_kepri")][:2] == ["KEPRI", "BTM"]
    assert engine.deployer_units("analis") is None


def test_start_units_are_those_a_deployment_covers(org):
    engine, _ = org
    engine.deploy(actor="analis", unit="PS-A")
    engine.add_user("p6", ["petugas@D-1", "petugas@D-3"], "pw")
    assert [u.code for u in engine.start_units("fx_review", "p6")] == ["D-1"]
    with pytest.raises(NotAllowed, match="deployed for PS-A"):
        engine.start("fx_review", actor="p6", unit="D-3")
    assert engine.start("fx_review", actor="p6", unit="D-1").unit == "D-1"
    engine.add_user("petugas", ["petugas"], "pw")  # held deployment-wide, no unit to start for
    with pytest.raises(NotAllowed, match="choose a unit"):
        engine.start("fx_review", actor="petugas")


def test_migration_moves_only_the_subtree_the_version_is_deployed_for(org):
    engine, bpmn = org
    engine.deploy(actor="analis", unit="KEPRI")
    tpi = engine.start("fx_review", actor="p1")
    btm = engine.start("fx_review", actor="p5")
    _review_by_pengawas(bpmn)
    engine.deploy(actor="analis", unit="TPI")  # v2, Tanjungpinang only
    plan = engine.migration_plan("fx_review", 2)
    assert [(e["instance_id"], e["unit"], e["can_migrate"]) for e in plan] == [(tpi.id, "D-1", True)]
    assert [e["instance_id"] for e in engine.migration_plan("fx_review")] == [tpi.id]  # each to its unit's own
    with pytest.raises(Conflict, match="not deployed for the unit"):
        engine.migrate(btm.id, 2, actor="analis")
    done = engine.migrate_all("fx_review", actor="analis", reason="Tanjungpinang v2")
    assert [(e["instance_id"], e["migrated"]) for e in done] == [(tpi.id, True)]
    assert (engine.instance(tpi.id).version, engine.instance(btm.id).version) == (2, 1)
    assert engine.migration_plan("fx_review", 1) == []  # Barelang is on 1; Tanjungpinang runs its own
    _rename_draft(bpmn)
    engine.deploy(actor="analis", unit="KEPRI")  # v3 for the Polda: Barelang's instance may move, not TPI's
    assert [e["instance_id"] for e in engine.migration_plan("fx_review", 3)] == [btm.id]
    assert engine.migration_plan("fx_review", 3, unit="TPI") == []
    assert engine.verify(tpi.id)[0].ok


def test_database_upgrade_turns_unit_bound_versions_into_deployments(database_url, tmp_path):
    """A database of the previous schema keeps what each version was deployed for."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from engine.store.migrate import alembic_config

    db = create_engine(database_url)
    config = alembic_config(db)
    command.upgrade(config, "units_posts")
    with db.begin() as conn:
        conn.execute(text("INSERT INTO units (code, name, kind, parent_code, tz, path) "
                          "VALUES ('GK', 'Polres Gorontalo Kota', 'polres', NULL, '', '/GK/')"))
        for number, (version, unit) in enumerate(((1, None), (2, "GK"), (3, "GONE")), start=1):
            conn.execute(text("INSERT INTO definitions (id, process_id, version, name, filename, bpmn_xml, "
                              "forms_json, meta_json, sha256, deployed_at, deployed_by, unit_code) VALUES "
                              "(:id, 'p', :v, 'P', 'p.bpmn', '<x/>', '{}', '{}', 's', '2026-01-01', 'a', :u)"),
                         {"id": number, "v": version, "u": unit})
    command.upgrade(config, "head")
    with db.connect() as conn:
        rows = conn.execute(text("SELECT version, unit_code FROM deployments ORDER BY id")).all()
    db.dispose()
    assert [tuple(r) for r in rows] == [(1, None), (2, "GK"), (3, None)]


def test_upgrading_through_the_engines_own_connection_keeps_instances_and_their_versions(database_url, clock):
    """``sopflow init`` upgrades with foreign keys enforced (SQLite's PRAGMA included): dropping the old
    binding column must not fail on the instances and deployments that refer to their version."""
    from alembic import command
    from sqlalchemy import text

    from engine.store.migrate import alembic_config

    from ..conftest import DATA

    engine = Engine(Settings(database_url=database_url, processes_dir=DATA / "processes",
                             forms_dir=DATA / "forms"), clock=clock)
    command.upgrade(alembic_config(engine.db.engine), "units_posts")
    with engine.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO definitions (id, process_id, version, name, filename, bpmn_xml, forms_json, "
                          "meta_json, sha256, deployed_at, deployed_by) VALUES "
                          "(1, 'p', 1, 'P', 'p.bpmn', '<x/>', '{}', '{}', 's', '2026-01-01', 'a')"))
        conn.execute(text("INSERT INTO instances (id, definition_id, process_id, version, state, state_sha256, "
                          "id_counter, started_at, started_by, event_count, last_hash, row_version) "
                          "VALUES ('i1', 1, 'p', 1, 'completed', '', 0, '2026-01-02', 'a', 0, '', 1)"))
    engine.init_db()
    with engine.db.engine.connect() as conn:
        assert conn.execute(text("SELECT definition_id FROM instances")).scalars().all() == [1]
        assert [tuple(r) for r in conn.execute(text("SELECT definition_id, unit_code FROM deployments"))] == [(1, None)]
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.close()


def test_the_command_line_deploys_per_unit_and_lists_the_unassignable(org, capsys, monkeypatch):
    from engine.cli import main

    engine, bpmn = org
    url = engine.settings.database_url
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(bpmn.parent))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(bpmn.parent.parent / "forms"))
    assert main(["deploy", "--unit", "KEPRI", "--actor", "analis", "--database-url", url]) == 0
    assert "fx_review: version 1 deployed for KEPRI" in capsys.readouterr().out
    _review_by_pengawas(bpmn)
    assert main(["deploy", "--unit", "TPI", "--actor", "analis", "--json", "--database-url", url]) == 0
    assert {r["process_id"]: (r["version"], r["unit"]) for r in json.loads(capsys.readouterr().out)}["fx_review"] \
        == (2, "TPI")
    assert main(["deployments", "fx_review", "--json", "--database-url", url]) == 0
    assert [(d["unit"], d["version"]) for d in json.loads(capsys.readouterr().out)] == [("KEPRI", 1), ("TPI", 2)]
    assert main(["deployments", "fx_review", "--set", "2", "--unit", "GK", "--actor", "analis_kepri",
                 "--database-url", url]) == 1  # outside the analyst's Polda: refused, nothing stored
    assert "outside their units" in capsys.readouterr().err
    inst = engine.start("fx_review", actor="p5")  # Barelang: v1
    engine.move_user("p5", to_unit="D-4")
    assert main(["unassignable", "--as", "kb", "--json", "--database-url", url]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["instance_id"], row["post_needed"]) == (inst.id, "petugas@D-5")
    assert main(["migrate", "fx_review", "--to", "2", "--as", "analis", "--dry-run", "--json", "--database-url", url]) == 0
    assert json.loads(capsys.readouterr().out) == []  # v2 is Tanjungpinang's; the instance is Barelang's
    assert main(["migrate", "fx_review", "--as", "analis", "--database-url", url]) == 2  # no reason given
    capsys.readouterr()
    assert main(["unassignable", "--as", "nobody", "--database-url", url]) == 1
    assert "no user named 'nobody'" in capsys.readouterr().err
    assert main(["unassignable", "--as", "p1", "--database-url", url]) == 2
    assert "p1 supervises no unit" in capsys.readouterr().err
    assert main(["unassignable", "--as", "kb", "--limit", "-1", "--database-url", url]) == 2


def test_the_unassignable_count_stops_at_its_cap(org):
    engine, _ = org
    engine.deploy(actor="analis", unit="KEPRI")
    for _ in range(3):
        engine.start("fx_review", actor="p5")
    engine.move_user("p5", to_unit="D-4")
    assert engine.count_unassignable("kb") == 3 and engine.count_unassignable("kb", cap=2) == 2
    assert engine.count_unassignable("p1") is None  # supervises nothing
    assert engine.count_unassignable("kg") == 0


def test_an_analyst_of_a_polda_moves_only_the_instances_inside_it(org):
    engine, bpmn = org
    engine.deploy(actor="analis", unit="GK")
    engine.deploy(actor="analis", unit="KEPRI")
    gk = engine.start("fx_review", actor="p4")  # Gorontalo, outside Polda Kepri
    tpi = engine.start("fx_review", actor="p1")
    _review_by_pengawas(bpmn)
    engine.deploy(actor="analis", unit="GK")
    engine.deploy(actor="analis", unit="KEPRI")
    with pytest.raises(NotAllowed, match="outside their units"):
        engine.migrate(gk.id, 2, actor="analis_kepri", reason="not mine")
    assert {e["instance_id"] for e in engine.migration_plan("fx_review")} == {gk.id, tpi.id}
    assert [e["instance_id"] for e in engine.migration_plan("fx_review", actor="analis_kepri")] == [tpi.id]
    done = engine.migrate_all("fx_review", actor="analis_kepri", reason="Kepri v2")
    assert {e["instance_id"]: e["migrated"] for e in done} == {tpi.id: True}
    assert (engine.instance(gk.id).version, engine.instance(tpi.id).version) == (1, 2)
    engine.migrate(gk.id, 2, actor="analis", reason="Gorontalo v2")  # the deployment-wide analyst may
    assert engine.instance(gk.id).version == 2
