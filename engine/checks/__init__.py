"""Groups of BPMN checks: the model (used by :mod:`engine.checks.checker`) and the diagram's readability
(:mod:`engine.checks.diagram`, used by tools/layout and its tests)."""
