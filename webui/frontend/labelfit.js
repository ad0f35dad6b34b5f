// Tasks grow to fit their label, so a renamed step does not spill its text over the box edge. A task
// only grows where there is room: never over another shape, never out of its lane.
import CommandInterceptor from "diagram-js/lib/command/CommandInterceptor";
import { is } from "bpmn-js/lib/util/ModelUtil";

const PADDING = 5;
const GAP = 8;

export default function LabelFit(eventBus, modeling, textRenderer, elementRegistry) {
  CommandInterceptor.call(this, eventBus);
  this.postExecute("element.updateLabel", (event) => {
    const element = event.context.element;
    if (!is(element, "bpmn:Task") && !is(element, "bpmn:CallActivity")) { return; }
    const text = element.businessObject.name || "";
    if (fitting(textRenderer, text, element.width).height <= element.height) { return; }
    const bounds = roomiest(element, text, textRenderer, elementRegistry);
    if (bounds) { modeling.resizeShape(element, bounds); }
  });
}

/** The smallest growth (wider up to 1.5 times, centred; then taller, downwards) that fits the text and is free. */
function roomiest(element, text, textRenderer, elementRegistry) {
  const free = (b) => isFree(b, element, elementRegistry);
  for (let width = element.width; width <= element.width * 1.5; width += 10) {
    const needed = fitting(textRenderer, text, width).height;
    const height = Math.max(element.height, Math.ceil(needed / 10) * 10);
    const x = element.x - Math.round((width - element.width) / 2);
    const centred = { x, y: element.y - Math.round((height - element.height) / 2), width, height };
    if (free(centred)) { return centred; }
    const down = { x, y: element.y, width, height };
    if (free(down)) { return down; }
  }
  return null;
}

function overlaps(a, b) {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

function inside(a, b) {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

function isFree(bounds, element, elementRegistry) {
  const centre = { x: element.x + element.width / 2, y: element.y + element.height / 2, width: 0, height: 0 };
  const lanes = elementRegistry.filter((e) => is(e, "bpmn:Lane") && inside(centre, e) &&
    !elementRegistry.filter((c) => is(c, "bpmn:Lane") && c.parent === e).length);
  if (lanes.length && !lanes.every((lane) => inside(bounds, lane))) { return false; }
  return !elementRegistry.filter((e) => e !== element && !e.waypoints && !e.labelTarget && e.host !== element &&
    e.type !== "label" && !is(e, "bpmn:Lane") && !is(e, "bpmn:Participant") && !is(e, "bpmn:Process") &&
    !is(e, "bpmn:Collaboration") && e.parent && e.width !== undefined).some((e) => overlaps(bounds, e));
}

function fitting(textRenderer, text, width) {
  const dims = textRenderer.getDimensions(text, {
    box: { width, height: 10000 }, align: "center-top", padding: PADDING, style: textRenderer.getDefaultStyle()
  });
  return { width: dims.width, height: dims.height + 2 * PADDING };
}

LabelFit.prototype = Object.create(CommandInterceptor.prototype);
LabelFit.$inject = ["eventBus", "modeling", "textRenderer", "elementRegistry"];
