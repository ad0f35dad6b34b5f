"""Bare SpiffWorkflow, the yardstick of `sopflow bench`: the same BPMN, run as its users run it."""

from __future__ import annotations

import time
from typing import Any

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from .parsing import quote_timer_literals
from .scripting import SCRIPT_ENGINE


class BareRun:
    """Start and step instances of one process on bare SpiffWorkflow, all in memory.

    A step is what a library user does per submitted form: deserialize the full saved workflow
    (spec included), complete the ready task, run the engine, serialize again. Each call returns
    the saved JSON (None once finished) with its wall and CPU seconds.
    """

    def __init__(self, bpmn: str, process_id: str):
        from lxml import etree as _etree

        parser = SpiffBpmnParser()
        root = _etree.fromstring(bpmn.encode("utf-8"))
        quote_timer_literals(root)
        parser.add_bpmn_xml(root, filename=f"{process_id}.bpmn")
        self.spec = parser.get_spec(process_id)
        self.serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def start(self) -> tuple[str, float, float]:
        w0, c0 = time.perf_counter(), time.thread_time()
        workflow = BpmnWorkflow(self.spec, {}, script_engine=SCRIPT_ENGINE)
        workflow.do_engine_steps()
        saved = self.serializer.serialize_json(workflow)
        return saved, time.perf_counter() - w0, time.thread_time() - c0

    def step(self, saved: str, data: dict[str, Any]) -> tuple[str | None, float, float]:
        w0, c0 = time.perf_counter(), time.thread_time()
        workflow = self.serializer.deserialize_json(saved)
        workflow.script_engine = SCRIPT_ENGINE
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            return None, 0.0, 0.0
        ready[0].data.update(data)
        ready[0].run()
        workflow.do_engine_steps()
        out = self.serializer.serialize_json(workflow)
        return out, time.perf_counter() - w0, time.thread_time() - c0


def bench_bare(bpmn: str, process_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Median and p95 wall milliseconds per step over five instances (kept for older callers)."""
    import statistics

    run = BareRun(bpmn, process_id)
    samples: list[float] = []
    for _ in range(5):
        saved: str | None = run.start()[0]
        while saved is not None:
            saved, wall, _cpu = run.step(saved, data)
            if saved is not None:
                samples.append(wall)
    return {"bare_p50_ms": round(statistics.median(samples) * 1000, 3),
            "bare_p95_ms": round(sorted(samples)[int(0.95 * (len(samples) - 1))] * 1000, 3)}
