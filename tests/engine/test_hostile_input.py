"""Hostile input is refused where it enters, and hostile stored data never crashes a reader."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import update

from engine import InvalidInput, FormInvalid
from engine.safety.bounds import MAX_DEPTH, StoredDataUnreadable, loads_stored, text_depth
from engine.spiff.expressions import ExpressionError, check, evaluate
from engine.store.models import Event, Instance

from ..conftest import copied_fixtures, make_engine
from .helpers import open_task


def nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def deep_text(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# -- start data ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [nested(900), nested(5000), {"x": "a" * 2_000_000}, {"x": 1}, {"x": "\ud800"}])
def test_start_data_is_bounded_and_needs_a_start_form(fx_engine, data):
    with pytest.raises(InvalidInput):
        fx_engine.start("fx_review", actor="petugas", data=data)
    assert fx_engine.instances() == []


def test_empty_start_data_still_starts(fx_engine):
    assert fx_engine.start("fx_review", actor="petugas", data={}).state == "running"
    assert fx_engine.start("fx_review", actor="petugas").state == "running"


@pytest.fixture
def start_form_engine(database_url, clock, tmp_path):
    """fx_review whose start event declares a form asking for a letter number."""
    processes, forms = copied_fixtures(tmp_path)
    (forms / "fx" / "start.schema.json").write_text(json.dumps({
        "type": "object", "required": ["nomor"], "additionalProperties": False,
        "properties": {"nomor": {"type": "string", "maxLength": 20}}}))
    bpmn = processes / "fx_review.bpmn"
    bpmn.write_text(bpmn.read_text().replace(
        '<bpmn:startEvent id="fx_start" name="Mulai">',
        '<bpmn:startEvent id="fx_start" name="Mulai"><bpmn:extensionElements><spiffworkflow:properties>'
        '<spiffworkflow:property name="formJsonSchemaFilename" value="fx/start.schema.json"/>'
        '</spiffworkflow:properties></bpmn:extensionElements>'))
    engine = make_engine(database_url, clock, processes, forms)
    engine.deploy(actor="tester")
    engine.add_user("petugas", ["petugas"], "pw")
    yield engine
    engine.close()


def test_start_data_is_validated_against_the_start_form(start_form_engine):
    inst = start_form_engine.start("fx_review", actor="petugas", data={"nomor": "B/1"})
    assert start_form_engine.history(inst.id)[0].payload["data"] == {"nomor": "B/1"}
    for bad in ({}, {"nomor": "x" * 21}, {"nomor": "B/1", "lain": 1}, {"nomor": 5}):
        with pytest.raises(FormInvalid):
            start_form_engine.start("fx_review", actor="petugas", data=bad)
    assert len(start_form_engine.instances()) == 1


# -- submitted form data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    {"nomor_surat": "B/1", "x": nested(MAX_DEPTH + 5)}, {"nomor_surat": "a" * 2_000_000},
    {"nomor_surat": "\ud800"}, {"nomor_surat": "a\x00b"},
])
def test_form_data_is_bounded(fx_engine, data):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    with pytest.raises(InvalidInput):
        fx_engine.complete(task.id, actor="petugas", data=data)
    assert [e.type for e in fx_engine.history(inst.id)].count("task_completed") == 0


# -- stored data a database user wrote ------------------------------------------------------------------


def test_depth_is_measured_without_recursion():
    text = deep_text(200_000)
    assert text_depth(text) == 200_000
    assert text_depth('{"a": "[[[[{{{{\\"]]"}') == 1
    with pytest.raises(StoredDataUnreadable):
        loads_stored(text)


def _forge_deep_payload(engine, instance_id: str, depth: int) -> None:
    # the stored (compact) form of instance_started: mask, process_id, version, sha256, data
    payload = '[15,"fx_review",1,"x",' + deep_text(depth) + ']'
    with engine.db.transaction() as session:
        session.execute(update(Event).where(Event.instance_id == instance_id, Event.seq == 1).values(payload=payload))


@pytest.mark.parametrize("depth", [900, 5000])
def test_verify_all_reports_unreadable_instances_and_goes_on(fx_engine, depth):
    bad = fx_engine.start("fx_review", actor="petugas").id
    good = fx_engine.start("fx_review", actor="petugas").id
    _forge_deep_payload(fx_engine, bad, depth)
    results = {r.instance_id: r for r in fx_engine.verify()}
    assert results[good].ok
    assert not results[bad].ok and results[bad].problem
    with pytest.raises(StoredDataUnreadable):
        fx_engine.history(bad)
    with pytest.raises(StoredDataUnreadable):
        fx_engine.replay_frames(bad)


def test_verify_survives_a_state_it_cannot_load(fx_engine):
    import zlib

    bad = fx_engine.start("fx_review", actor="petugas").id
    good = fx_engine.start("fx_review", actor="petugas").id
    with fx_engine.db.transaction() as session:
        session.execute(update(Instance).where(Instance.id == bad)
                        .values(workflow_state=zlib.compress(deep_text(5000).encode())))
    results = {r.instance_id: r for r in fx_engine.verify()}
    assert results[good].ok and not results[bad].ok
    with pytest.raises(StoredDataUnreadable):
        fx_engine.diagram_state(bad)


# -- expressions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("expression", ["round(1, -1000000000) == 0", "round(1, -10000000)", "round(x, 101)",
                                        "round(1, -101)"])
def test_huge_round_digits_are_refused_at_check(expression):
    with pytest.raises(ExpressionError):
        check(expression)


@pytest.mark.parametrize("expression, names", [
    ("round(1, n) == 0", {"n": -1_000_000_000}),
    ("x * x * x * x * x * x * x * x * x * x * x * x * x * x * x * x * x * x", {"x": 10**18}),
    ("s + s + s", {"s": "a" * 60_000}),
    ("int(s) > 0", {"s": "9" * 4000}),
    ("-" * 1999 + "1", {}),
    ("[" * 150 + "]" * 150, {}),
    ("+".join(["sum(l)"] * 50), {"l": list(range(19_000))}),
    (" and ".join(["l == l"] * 50), {"l": list(range(19_000))}),
    ("+".join(["len(str(rows))"] * 50), {"rows": [{"a": i} for i in range(5_000)]}),
    ("99" * 900, {}),
])
def test_no_expression_runs_long(expression, names):
    started = time.thread_time()
    with pytest.raises(ExpressionError):
        evaluate(expression, names)
    print(f"{expression[:30]!r}: refused after {(time.thread_time() - started) * 1000:.2f} ms of CPU")


def test_business_conditions_still_work_within_bounds():
    assert evaluate("round(jumlah, -2) == 1200", {"jumlah": 1234})
    assert evaluate("round(nilai, 2)", {"nilai": 1.23456}) == 1.23
    assert evaluate("int(n) + 1", {"n": "41"}) == 42


def test_exports_skip_an_instance_they_cannot_read(fx_engine):
    from engine.audit.export import events

    bad = fx_engine.start("fx_review", actor="petugas").id
    good = fx_engine.start("fx_review", actor="petugas").id
    _forge_deep_payload(fx_engine, bad, 5000)
    assert {r["instance_id"] for r in events(fx_engine)} == {good}
