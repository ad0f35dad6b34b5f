"""Drawing aids for the SOP diagrams: a layout that adds diagram interchange (DI) to a BPMN process
with lanes, and the generator that first drew processes/sopNN.bpmn from the SOP tables."""
