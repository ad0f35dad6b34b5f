"""A parser that keeps the lane of each step inside an embedded sub-process.

SpiffWorkflow gives every step of an embedded sub-process the lane of the sub-process itself, so a
sub-process whose steps belong to several actors (its own lane set, BPMN 2.0 section 10.8) would hand
all of them to one role. Here a step that a lane names keeps that lane; the others keep the
sub-process's lane as before.
"""

from __future__ import annotations

from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser, SpiffProcessParser


class LanedProcessParser(SpiffProcessParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_lane = self.lane  # the sub-process's own lane (None for a top-level process)

    def parse_node(self, node):
        if self.scope_lane is None or node.get("id") in self.spec.task_specs:
            return super().parse_node(node)
        # Steps are parsed depth-first along the flows: set the lane for this step only.
        outer = self.lane
        self.lane = self.get_lane_name(node.get("id")) or self.scope_lane
        try:
            return super().parse_node(node)
        finally:
            self.lane = outer


class LanedBpmnParser(SpiffBpmnParser):
    PROCESS_PARSER_CLASS = LanedProcessParser
