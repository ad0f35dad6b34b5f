"""Deploying versions: checks first, a new version only on change, instances keep their version."""

from __future__ import annotations


import pytest

from engine import DefinitionError, Engine, Settings

from ..conftest import copied_fixtures


@pytest.fixture
def workdir(tmp_path):
    copied_fixtures(tmp_path)
    return tmp_path


def _engine(database_url, clock, workdir) -> Engine:
    engine = Engine(Settings(database_url=database_url, processes_dir=workdir / "processes",
                             forms_dir=workdir / "forms"), clock=clock)
    engine.init_db()
    return engine


def test_new_version_only_when_content_changes(database_url, clock, workdir):
    engine = _engine(database_url, clock, workdir)
    first = {r.process_id: r for r in engine.deploy(actor="analyst")}
    assert all(r.created and r.version == 1 for r in first.values())
    again = engine.deploy(actor="analyst")
    assert not any(r.created for r in again)
    engine.add_user("petugas", ["petugas"], "pw")
    old = engine.start("fx_review", actor="petugas")
    bpmn = workdir / "processes" / "fx_review.bpmn"
    bpmn.write_text(bpmn.read_text().replace("Membuat konsep", "Membuat konsep surat"))
    changed = {r.process_id: r for r in engine.deploy(actor="analyst")}
    assert changed["fx_review"].created and changed["fx_review"].version == 2
    assert not changed["fx_incident"].created
    new = engine.start("fx_review", actor="petugas")
    assert (engine.instance(old.id).version, engine.instance(new.id).version) == (1, 2)
    names = {t.instance_id: t.name for t in engine.tasks(user="petugas")}
    assert names[old.id] == "Membuat konsep" and names[new.id] == "Membuat konsep surat"
    versions = engine.process_versions("fx_review")
    assert [(v.version, v.running_instances, v.deployed_by) for v in versions] == [(1, 1, "analyst"), (2, 1, "analyst")]
    # a form change is a change too
    form = workdir / "forms" / "fx" / "draft.schema.json"
    form.write_text(form.read_text().replace('"maxLength": 100', '"maxLength": 120'))
    assert {r.process_id: r.version for r in engine.deploy() if r.created} == {"fx_review": 3}
    engine.close()


@pytest.mark.parametrize("condition", [
    "__import__('os').system('id') == 0",
    "().__class__.__base__.__subclasses__()",
    "keputusan.upper() == 'SETUJU'",
    "(lambda: 1)() == 1",
    "open('/etc/passwd')",
])
def test_dangerous_conditions_are_refused_and_nothing_is_stored(database_url, clock, workdir, condition):
    bpmn = workdir / "processes" / "fx_review.bpmn"
    bpmn.write_text(bpmn.read_text().replace('keputusan == "setuju"', condition.replace("'", "&apos;")))
    engine = _engine(database_url, clock, workdir)
    with pytest.raises(DefinitionError) as err:
        engine.deploy()
    assert any(p.element_id == "f_ok" for p in err.value.problems)
    assert engine.processes() == []  # all or nothing: the good file was not stored either
    engine.close()


def test_lane_missing_from_role_catalogue_is_refused(database_url, clock, workdir):
    bpmn = workdir / "processes" / "fx_incident.bpmn"
    bpmn.write_text(bpmn.read_text().replace('name="PENGAWAS"', 'name="SATPAM BARU"'))
    engine = _engine(database_url, clock, workdir)
    with pytest.raises(DefinitionError) as err:
        engine.deploy()
    assert any("SATPAM BARU" in p.message for p in err.value.problems)
    engine.close()


def test_missing_form_is_refused(database_url, clock, workdir):
    (workdir / "forms" / "fx" / "note.schema.json").unlink()
    engine = _engine(database_url, clock, workdir)
    with pytest.raises(DefinitionError) as err:
        engine.deploy()
    assert any("note.schema.json" in p.message for p in err.value.problems)
    engine.close()
