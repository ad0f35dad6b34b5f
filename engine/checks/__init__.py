"""Groups of BPMN checks used by :mod:`engine.checker`."""
