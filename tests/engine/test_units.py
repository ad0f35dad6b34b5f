"""Units and posts: lanes resolve in the unit tree, imports, transfers, visibility, start units."""

from __future__ import annotations

import pytest

from engine import InvalidInput, NotAllowed
from engine.runtime.caselist import InstanceFilter
from engine.org.imports import ImportProblems

from .helpers import open_task

PDF = b"%PDF-1.4 konsep\n%%EOF\n"

UNITS_CSV = """code,name,kind,parent,tz
POLRI,Polri,polri,,Asia/Jakarta
D-1,Kel. Sukamaju,kelurahan,PS-A,
KEPRI,Polda Kepri,polda,POLRI,Asia/Jakarta
TPI,Polresta Tanjungpinang,polresta,KEPRI,
PS-A,Polsek Bukit Bestari,polsek,TPI,
D-2,Kel. Tanjung Ayun Sakti,kelurahan,PS-A,
PS-B,Polsek Tanjungpinang Timur,polsek,TPI,
D-3,Kel. Batu Sembilan,kelurahan,PS-B,
GTO,Polda Gorontalo,polda,POLRI,Asia/Makassar
GK,Polres Gorontalo Kota,polres,GTO,
PS-G,Polsek Kota Selatan,polsek,GK,
D-4,Kel. Limba B,kelurahan,PS-G,
"""

PEOPLE_CSV = """nrp,name,unit,roles
p1,Bripka Budi,D-1,petugas
p2,Brigpol Sari,D-2,petugas
p3,Bripda Andi,D-3,petugas
p4,Bripka Rahmat,D-4,petugas
pa,Iptu Joko,PS-A,pengawas
pb,Iptu Wawan,PS-B,pengawas
kp,Kompol Dewi,TPI,kepala
kg,Kompol Hasan,GK,kepala
"""


@pytest.fixture
def org(fx_engine):
    fx_engine.import_units(UNITS_CSV)
    fx_engine.import_people(PEOPLE_CSV)
    for nrp in ("p1", "p2", "p3", "p4", "pa", "pb", "kp", "kg"):  # imported people log in once a password is set
        posts = fx_engine.user(nrp).posts
        fx_engine.add_user(nrp, posts, "pw")
    return fx_engine


def _review(engine, starter):
    inst = engine.start("fx_review", actor=starter)
    doc = engine.attach(PDF, actor=starter, filename="konsep.pdf")
    draft = open_task(engine, inst.id, "fx_draft")
    engine.complete(draft.id, actor=starter, data={"nomor_surat": "B/1", "lampiran": doc.ref, "jumlah_peserta": 1})
    return inst, open_task(engine, inst.id, "fx_review_task")


def test_units_import_builds_the_tree_whatever_the_row_order(org):
    tree = {u.code: u for u in org.units()}
    assert tree["D-1"].path == "/POLRI/KEPRI/TPI/PS-A/D-1/"
    assert [u.code for u in org.units("PS-A")] == ["PS-A", "D-1", "D-2"]
    assert tree["GTO"].tz == "Asia/Makassar"


def test_lanes_resolve_up_the_tree_to_the_unit_of_their_kind(org):
    inst, review = _review(org, "p1")
    assert inst.unit == "D-1"
    [draft] = [t for t in org.tasks(instance_id=inst.id, all_states=True) if t.element_id == "fx_draft"]
    assert draft.unit == "D-1"  # petugas: held in the village itself
    assert review.unit == "TPI"  # kepala: held in the Polres above the village
    assert [t.id for t in org.tasks(user="kp")] == [review.id]
    assert org.tasks(user="kg") == []  # the other Polres's head never sees it
    assert org.may_act(review.id, "kp") and not org.may_act(review.id, "kg")
    with pytest.raises(NotAllowed):
        org.complete(review.id, actor="kg", data={"keputusan": "setuju"})
    with pytest.raises(NotAllowed):
        org.claim(review.id, actor="kg")


def test_each_village_officer_sees_only_their_own_village(org):
    one, _ = _review(org, "p1")
    two = org.start("fx_review", actor="p2")
    assert {t.instance_id for t in org.tasks(user="p2")} == {two.id}
    assert org.tasks(user="p1") == []  # p1's draft is done; the review waits at TPI
    assert org.may_view_instance(one.id, "p1") and not org.may_view_instance(one.id, "p2")
    assert not org.may_view_instance(two.id, "p3")
    # the head of TPI supervises both; the head of Gorontalo Kota neither
    assert org.may_view_instance(one.id, "kp") and org.may_view_instance(two.id, "kp")
    assert not org.may_view_instance(one.id, "kg")
    seen = {r.instance.id for r in org.search_instances(InstanceFilter(), user="p2")}
    assert seen == {two.id}
    assert {r.instance.id for r in org.search_instances(InstanceFilter(unit="PS-A"), user="kp")} == {one.id, two.id}
    assert {i.id for i in org.instances(viewer="kg")} == set()
    assert {i.id for i in org.instances(viewer="auditor")} == {one.id, two.id}  # deployment-wide auditor


def test_start_unit_must_lie_within_the_starters_posts(org):
    with pytest.raises(NotAllowed):
        org.start("fx_review", actor="p1", unit="D-2")
    org.add_user("p5", ["petugas@D-1", "petugas@D-3"], "pw")
    with pytest.raises(InvalidInput, match="choose one"):
        org.start("fx_review", actor="p5")
    assert org.start("fx_review", actor="p5", unit="D-3").unit == "D-3"
    assert [u.code for u in org.start_units("fx_review", "p5")] == ["D-1", "D-3"]
    # a role held deployment-wide starts without a unit, as before units existed
    assert org.start("fx_review", actor="petugas").unit is None


def test_delegation_candidates_are_holders_in_the_tasks_unit(org):
    org.add_user("kp2", ["kepala@TPI"], "pw")
    _, review = _review(org, "p1")
    names = {u.username for u in org.delegates(review.id, actor="kp")}
    assert "kp2" in names and "kg" not in names
    with pytest.raises(InvalidInput, match="another unit"):
        org.delegate(review.id, actor="kp", to="kg", reason="cuti")
    assert org.delegate(review.id, actor="kp", to="kp2", reason="cuti").assignee == "kp2"


def test_a_task_without_holder_shows_to_supervisors_as_unassignable(org):
    for name in ("petugas", "petugas2"):  # nobody holds petugas deployment-wide any more
        org.add_user(name, ["kepala@GK"], "pw")
    inst = org.start("fx_review", actor="p3")  # village D-3 under PS-B: petugas p3 holds it
    draft = open_task(org, inst.id, "fx_draft")
    org.move_user("p3", to_unit="D-4")  # mutasi: nobody holds petugas in D-3 now
    assert [t.id for t in org.unassignable("kp")] == [draft.id]
    assert org.unassignable("kg") == []
    assert org.tasks(user="p3") == [] or all(t.assignee == "p3" for t in org.tasks(user="p3"))


def test_transfer_keeps_the_post_history(org, clock):
    clock.advance(days=1)
    history = org.move_user("p1", to_unit="D-4")
    assert [(p.role, p.unit, p.ended_at is None) for p in history] == [("petugas", "D-1", False),
                                                                         ("petugas", "D-4", True)]
    assert org.user("p1").posts == ["petugas@D-4"]
    inst = org.start("fx_review", actor="p1")
    assert inst.unit == "D-4"
    with pytest.raises(InvalidInput, match="no post"):
        org.move_user("p1", from_unit="D-1", to_unit="D-2")


def test_reimporting_people_updates_and_never_duplicates(org):
    before = len(org.users())
    result = org.import_people(PEOPLE_CSV.replace("Bripka Budi,D-1", "Bripka Budi S.,D-2"))
    assert result == {"people": 8, "created": 0, "updated": 8}
    assert len(org.users()) == before
    assert org.user("p1").display_name == "Bripka Budi S." and org.user("p1").posts == ["petugas@D-2"]
    assert [p.unit for p in org.post_history("p1")] == ["D-1", "D-2"]


@pytest.mark.parametrize("csv_text, expected", [
    ("code,name,kind\nX,Y,polsek\n", ["line 1: the header lacks column(s) parent, tz"]),
    ("code,name,kind,parent,tz\nA,A,polsek,,\nB,,bogus,A,Mars/Base\nA,A,polsek,,\nC,C,desa,NOPE,\n",
     ["line 3: unit B: a name", "line 4: unit A appears again", "line 5: unit C: no parent unit 'NOPE'"]),
    ("code,name,kind,parent,tz\nA,A,polsek,B,\nB,B,polres,A,\n", ["units form a cycle"]),
    ("code,name,kind,parent,tz\nA,A,polsek,,,extra\n", ["line 2: more fields than the header has"]),
])
def test_broken_unit_files_report_every_line_and_store_nothing(fx_engine, csv_text, expected):
    with pytest.raises(ImportProblems) as caught:
        fx_engine.import_units(csv_text)
    text = "\n".join(caught.value.problems)
    for part in expected:
        assert part in text
    assert fx_engine.units() == []


def test_broken_people_file_stores_nobody(org):
    before = {u.username for u in org.users()}
    bad = "nrp,name,unit,roles\nn1,Ok Person,D-1,petugas\nn2,,D-9,kapten\nn1,Again,D-1,petugas\n"
    with pytest.raises(ImportProblems) as caught:
        org.import_people(bad)
    assert caught.value.problems == [
        "line 3: a name of 1-200 characters is required; no unit 'D-9' (import the units first); "
        "unknown role(s) kapten",
        "line 4: NRP n1 appears again (first on line 2)",
    ]
    assert {u.username for u in org.users()} == before


def test_imported_people_cannot_log_in_before_a_password_is_set(fx_engine):
    fx_engine.import_units(UNITS_CSV)
    fx_engine.import_people(PEOPLE_CSV)
    assert fx_engine.authenticate("p1", "") is None and fx_engine.authenticate("p1", "!") is None


def test_deploy_for_a_unit_subtree_adds_to_the_whole_deployment(org):
    results = org.deploy(actor="tester", unit="GK")
    assert {(r.created, r.deployed, r.unit) for r in results} == {(False, True, "GK")}
    assert {d.unit for d in org.deployments("fx_review")} == {None, "GK"}
    assert org.start("fx_review", actor="p1").unit == "D-1"  # the rest still runs the whole deployment's
    assert org.start("fx_review", actor="p4").unit == "D-4"


def test_a_lane_with_no_unit_of_its_kind_above_is_open_to_holders_below(org):
    org.add_user("kp", ["kepala@TPI", "petugas@TPI"], "pw")  # the head starts for the Polres itself
    inst = org.start("fx_review", actor="kp", unit="TPI")
    draft = open_task(org, inst.id, "fx_draft")
    assert draft.unit == "TPI"  # no village above a Polres: the lane stays with the Polres
    assert draft.id in {t.id for t in org.tasks(user="p1")}  # a village officer under TPI may take it
    assert draft.id not in {t.id for t in org.tasks(user="p4")}  # one under Gorontalo Kota may not
    assert {u.username for u in org.delegates(draft.id, actor="kp")} >= {"p1", "p2", "p3"}


def test_the_demo_organisation_keeps_each_village_to_itself(tmp_path):
    from engine import Engine, Settings
    from engine.demo.org import create_org, seed_villages

    from ..conftest import ROOT

    engine = Engine(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", processes_dir=ROOT / "processes",
                             forms_dir=ROOT / "forms"))
    engine.init_db()
    engine.deploy()
    create_org(engine, "demo")
    started = seed_villages(engine)
    village_of = {v: k.removeprefix("incident in ") for k, v in started.items() if k.startswith("incident in ")}
    assert len(village_of) == 4
    for officer, village in (("bhabinkamtibmas", "KEL-SUKAMAJU"), ("bhabinkamtibmas2", "KEL-TANJUNGAYUN"),
                             ("bhabinkamtibmas_gtk", "KEL-LIMBAB"), ("bhabinkamtibmas_gtk2", "KEL-BIAWAO")):
        seen = {i.id for i in engine.instances(viewer=officer)}
        assert {village_of[i] for i in seen if i in village_of} == {village}
    kepri = {i.unit for i in engine.instances(viewer="kasat_binmas")}
    assert kepri == {"KEL-SUKAMAJU", "KEL-TANJUNGAYUN"}
    assert {i.unit for i in engine.instances(viewer="kasat_binmas_gtk")} == {"KEL-LIMBAB", "KEL-BIAWAO", "GTK"}
    assert engine.user("bhabinkamtibmas").posts == ["bhabinkamtibmas@KEL-SUKAMAJU"]
    engine.close()


def test_the_command_line_task_list_reads_the_same_tasks_as_the_engine(org):
    from engine.cli.quicklist import open_tasks

    _review(org, "p1")
    _review(org, "p3")
    inst, review = _review(org, "p2")
    org.claim(review.id, actor="kp")
    url = org.settings.database_url
    now = org.clock.now()
    seen = 0
    for nrp in ("p1", "p2", "p3", "p4", "pa", "pb", "kp", "kg"):
        expected = [(t.id, t.state, t.assignee, t.overdue, t.due_at) for t in org.tasks(user=nrp)]
        got = [(r["id"], r["state"], r["assignee"], r["overdue"], r["due_at"]) for r in open_tasks(url, nrp, now=now)]
        assert got == [(i, s, a, o, d.isoformat() if d else None) for i, s, a, o, d in expected], nrp
        seen += len(expected)
    assert seen >= 3
    with pytest.raises(Exception, match="no user named"):
        open_tasks(url, "nobody", now=now)


def test_the_command_line_task_list_follows_transfers_delegations_and_wide_roles(org):
    from engine.cli.quicklist import open_tasks

    reviews = [_review(org, nrp)[1] for nrp in ("p1", "p2", "p3", "p4")]
    org.add_user("kp2", ["kepala@TPI"], "pw")
    org.delegate(reviews[0].id, actor="kp", to="kp2", reason="cuti")  # a review of TPI, given to its other head
    org.move_user("kp", to_unit="GK")  # kp's post in TPI ends: TPI's reviews are no longer his
    org.add_user("wide", ["kepala", "kepala@TPI"], "pw")  # held deployment-wide and in a unit
    org.start("fx_review", actor="p2")  # a draft still open for p2
    url = org.settings.database_url
    now = org.clock.now()
    for nrp in ("p1", "p2", "p3", "p4", "pa", "pb", "kp", "kp2", "kg", "wide"):
        expected = [t.id for t in org.tasks(user=nrp)]
        assert [r["id"] for r in open_tasks(url, nrp, now=now)] == expected, nrp
        assert [r["id"] for r in open_tasks(url, nrp, limit=1, now=now)] == expected[:1], nrp
    assert reviews[0].id in {r["id"] for r in open_tasks(url, "kp2", now=now)}
    assert not {r.id for r in reviews[:3]} & {r["id"] for r in open_tasks(url, "kp", now=now)}
    assert {r["id"] for r in open_tasks(url, "wide", now=now)} == {r.id for r in reviews[1:]}  # all not taken


@pytest.mark.parametrize("folder", ["arsip#1", "arsip 100%41", "sop #2"])
def test_the_command_line_task_list_reads_the_engines_database_file(tmp_path, clock, folder):
    """The file is the one the engine opens for the same URL ('%41' decoded): a '#'
    or '%' in its path must not make sqlite3's URI open, or create, another file."""
    from engine.cli.quicklist import open_tasks

    from ..conftest import DATA, make_engine

    url = f"sqlite:///{tmp_path / folder / 'sopflow.db'}"
    engine = make_engine(url, clock, DATA / "processes", DATA / "forms")
    engine.deploy(actor="tester")
    engine.add_user("petugas", ["petugas"], "pw")
    inst = engine.start("fx_review", actor="petugas")
    expected = [t.id for t in engine.tasks(user="petugas")]
    assert expected == [open_task(engine, inst.id, "fx_draft").id]
    engine.close()
    def files():  # sqlite3 may open a WAL database's -wal and -shm files again, nothing else
        return sorted(p for p in tmp_path.rglob("*") if not p.name.endswith(("-wal", "-shm")))

    before = files()
    assert [r["id"] for r in open_tasks(url, "petugas")] == expected
    assert files() == before  # nothing created beside it


def test_a_paged_task_list_and_its_count_follow_a_transfer(org):
    reviews = [_review(org, nrp)[1] for nrp in ("p1", "p2", "p3", "p4")]
    before = [t.id for t in org.tasks(user="kp", limit=25)]
    assert {r.id for r in reviews[:3]} <= set(before)
    assert org.count_tasks(user="kp") == len(before)
    org.move_user("kp", to_unit="GK")  # the same user and page again, now with a post in another unit
    after = [t.id for t in org.tasks(user="kp", limit=25)]
    assert not {r.id for r in reviews[:3]} & set(after)
    assert after == [t.id for t in org.tasks(user="kp")]
    assert org.count_tasks(user="kp") == len(after)
