// A user task's time standard is a non-interrupting boundary timer event attached to it.

export function timerOf(element) {
  return (element.attachers || []).find((a) => {
    const defs = a.businessObject.eventDefinitions || [];
    return defs.length && defs[0].$type === "bpmn:TimerEventDefinition";
  }) || null;
}

export function durationOf(element) {
  const timer = timerOf(element);
  if (!timer) { return ""; }
  const d = timer.businessObject.eventDefinitions[0].timeDuration;
  return d ? (d.body || "").replace(/^"|"$/g, "") : "";
}

/** Set, change or (with "") remove the time standard of a task. */
export function setDuration(injector, element, value, label) {
  const modeling = injector.get("modeling");
  const moddle = injector.get("moddle");
  let timer = timerOf(element);
  if (!value) {
    if (timer) { modeling.removeShape(timer); }
    return;
  }
  if (!timer) {
    timer = modeling.createShape(
      { type: "bpmn:BoundaryEvent", eventDefinitionType: "bpmn:TimerEventDefinition" },
      { x: element.x + element.width - 20, y: element.y + element.height }, element, { attach: true });
    modeling.updateProperties(timer, { cancelActivity: false });
  }
  const def = timer.businessObject.eventDefinitions[0];
  const expr = moddle.create("bpmn:FormalExpression", { body: value });
  modeling.updateModdleProperties(timer, def, { timeDuration: expr });
  modeling.updateLabel(timer, label);
}
