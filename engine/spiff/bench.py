"""Per-step cost on bare SpiffWorkflow, the yardstick of `sopflow bench`."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from .parsing import quote_timer_literals
from .scripting import SCRIPT_ENGINE


def bench_bare(bpmn: str, process_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Per-step cost on bare SpiffWorkflow, as its users run it: deserialize the full saved
    workflow (spec included), complete the ready task, run the engine, serialize again."""
    import statistics
    import time

    from lxml import etree as _etree

    parser = SpiffBpmnParser()
    root = _etree.fromstring(bpmn.encode("utf-8"))
    quote_timer_literals(root)
    parser.add_bpmn_xml(root, filename=f"{process_id}.bpmn")
    spec = parser.get_spec(process_id)
    full = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    samples: list[float] = []
    for _ in range(5):
        workflow = BpmnWorkflow(spec, {}, script_engine=SCRIPT_ENGINE)
        workflow.do_engine_steps()
        saved = full.serialize_json(workflow)
        while True:
            t0 = time.perf_counter()
            workflow = full.deserialize_json(saved)
            workflow.script_engine = SCRIPT_ENGINE
            ready = workflow.get_tasks(state=TaskState.READY, manual=True)
            if not ready:
                break
            ready[0].data.update(data)
            ready[0].run()
            workflow.do_engine_steps()
            saved = full.serialize_json(workflow)
            samples.append(time.perf_counter() - t0)
    return {"bare_p50_ms": round(statistics.median(samples) * 1000, 3),
            "bare_p95_ms": round(sorted(samples)[int(0.95 * (len(samples) - 1))] * 1000, 3)}


