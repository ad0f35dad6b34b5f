// Tasks grow to fit their label, so a renamed step does not spill its text over the box edge. A task
// only grows where there is room: its new box, and its boundary events and their labels (which move with
// it), cover no other shape or label, no flow runs through it, and it stays in its lane.
import CommandInterceptor from "diagram-js/lib/command/CommandInterceptor";
import { is } from "bpmn-js/lib/util/ModelUtil";

const PADDING = 5;
const GAP = 6;
// measured a little tighter than bpmn-js draws, so other fonts (and the layout checks'
// text metrics, engine/checks/text_metrics.py) never see the text spill over the edge
const SLACK = 8;

export default function LabelFit(eventBus, modeling, textRenderer, elementRegistry) {
  CommandInterceptor.call(this, eventBus);
  this.postExecute("element.updateLabel", (event) => {
    const element = event.context.element;
    if (!is(element, "bpmn:Task") && !is(element, "bpmn:CallActivity")) { return; }
    const text = element.businessObject.name || "";
    if (fitting(textRenderer, text, element.width).height <= element.height &&
        longestWord(textRenderer, text) <= element.width - SLACK - 2 * PADDING) { return; }
    const bounds = roomiest(element, text, textRenderer, elementRegistry);
    if (!bounds) { return; }
    const old = { x: element.x, y: element.y, width: element.width, height: element.height };
    const labels = attachedLabelsAfter(element, bounds);
    // the flows keep their routes: only their end on this task follows the moved edge, so a flow
    // gets shorter and never swings through a neighbour (bpmn-js would route it anew)
    modeling.resizeShape(element, bounds, null, { layout: false });
    (element.incoming || []).forEach((c) => {
      const points = c.waypoints.map((p) => ({ x: p.x, y: p.y }));
      points[points.length - 1] = docked(points[points.length - 1], old, bounds);
      modeling.updateWaypoints(c, points);
    });
    (element.outgoing || []).forEach((c) => {
      const points = c.waypoints.map((p) => ({ x: p.x, y: p.y }));
      points[0] = docked(points[0], old, bounds);
      modeling.updateWaypoints(c, points);
    });
    // bpmn-js re-places a boundary event's label once its flows are laid out again (often below the
    // event, onto a neighbour): put each label where the room was checked for, beside its moved event
    labels.forEach(({ label, x, y }) => {
      if (label.x !== x || label.y !== y) { modeling.moveShape(label, { x: x - label.x, y: y - label.y }); }
    });
  });
}

/** The boundary events' labels with the place they take when the element takes ``bounds``. */
function attachedLabelsAfter(element, bounds) {
  return (element.attachers || []).filter((a) => a.label).map((a) => {
    const { dx, dy } = attachedDelta(a, element, bounds);
    return { label: a.label, x: a.label.x + dx, y: a.label.y + dy };
  });
}

/** A flow's end on the old box's edge, moved onto the same edge of the grown box. */
function docked(p, old, bounds) {
  const near = (a, b) => Math.abs(a - b) < 2;
  if (near(p.x, old.x)) { return { x: bounds.x, y: p.y }; }
  if (near(p.x, old.x + old.width)) { return { x: bounds.x + bounds.width, y: p.y }; }
  if (near(p.y, old.y)) { return { x: p.x, y: bounds.y }; }
  if (near(p.y, old.y + old.height)) { return { x: p.x, y: bounds.y + bounds.height }; }
  return p;
}

/** The smallest growth (wider up to 1.6 times; taller, centred, downwards or upwards) that fits and is free. */
function roomiest(element, text, textRenderer, elementRegistry) {
  const word = longestWord(textRenderer, text);
  for (let width = element.width; width <= element.width * 1.6; width += 10) {
    if (word > width - SLACK - 2 * PADDING) { continue; }  // bpmn-js would cut the word in two
    const needed = fitting(textRenderer, text, width).height;
    const height = Math.max(element.height, Math.ceil(needed / 10) * 10);
    const x = element.x - Math.round((width - element.width) / 2);
    const grow = height - element.height;
    const candidates = [element.y - Math.round(grow / 2), element.y, element.y - grow]
      .map((y) => ({ x, y, width, height }));
    const free = candidates.find((b) => isFree(b, element, elementRegistry));
    if (free) { return free; }
  }
  return null;
}

function overlaps(a, b, gap) {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function inside(a, b) {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

function moved(box, dx, dy) {
  return { x: box.x + dx, y: box.y + dy, width: box.width, height: box.height };
}

/** How far a boundary event moves when its element takes ``bounds`` (as diagram-js moves attached
 * shapes: keeping their offset from the centre in proportion). */
function attachedDelta(a, element, bounds) {
  const cx = a.x + a.width / 2, cy = a.y + a.height / 2;
  const ox = element.x + element.width / 2, oy = element.y + element.height / 2;
  const nx = bounds.x + bounds.width / 2 + (cx - ox) * (bounds.width / element.width);
  const ny = bounds.y + bounds.height / 2 + (cy - oy) * (bounds.height / element.height);
  return { dx: Math.round(nx - cx), dy: Math.round(ny - cy) };
}

/** Where the element's boundary events and their labels go when it takes ``bounds``. */
function attachedAfter(element, bounds) {
  const out = [];
  (element.attachers || []).forEach((a) => {
    const { dx, dy } = attachedDelta(a, element, bounds);
    out.push(moved(a, dx, dy));
    if (a.label) { out.push(moved(a.label, dx, dy)); }
  });
  return out;
}

function segmentHits(p, q, b) {
  // an orthogonal or slanted segment against a box, sampled finely enough for BPMN's straight flows
  const steps = Math.max(1, Math.ceil(Math.hypot(q.x - p.x, q.y - p.y) / 4));
  for (let i = 0; i <= steps; i++) {
    const x = p.x + (q.x - p.x) * i / steps, y = p.y + (q.y - p.y) * i / steps;
    if (x > b.x + 1 && x < b.x + b.width - 1 && y > b.y + 1 && y < b.y + b.height - 1) { return true; }
  }
  return false;
}

function isFree(bounds, element, elementRegistry) {
  const centre = { x: element.x + element.width / 2, y: element.y + element.height / 2, width: 0, height: 0 };
  const lanes = elementRegistry.filter((e) => is(e, "bpmn:Lane") && inside(centre, e) &&
    !elementRegistry.filter((c) => is(c, "bpmn:Lane") && c.parent === e).length);
  if (lanes.length && !lanes.every((lane) => inside(bounds, lane))) { return false; }
  const own = new Set([element].concat(element.attachers || []));
  (element.attachers || []).forEach((a) => { if (a.label) { own.add(a.label); } });
  const others = elementRegistry.filter((e) => !own.has(e) && !e.waypoints && e.width !== undefined && e.parent &&
    !is(e, "bpmn:Lane") && !is(e, "bpmn:Participant") && !(e.labelTarget && own.has(e.labelTarget)));
  const mine = [bounds].concat(attachedAfter(element, bounds));
  if (others.some((o) => mine.some((m) => overlaps(m, o, o.type === "label" ? 2 : GAP)))) { return false; }
  const connected = new Set((element.incoming || []).concat(element.outgoing || []));
  (element.attachers || []).forEach((a) => (a.outgoing || []).concat(a.incoming || []).forEach((f) => connected.add(f)));
  return !elementRegistry.filter((e) => e.waypoints && !connected.has(e)).some((flow) =>
    flow.waypoints.slice(1).some((q, i) => segmentHits(flow.waypoints[i], q, bounds)));
}

function fitting(textRenderer, text, width) {
  const dims = textRenderer.getDimensions(text, {
    box: { width: width - SLACK, height: 10000 }, align: "center-top", padding: PADDING,
    style: textRenderer.getDefaultStyle()
  });
  return { width: dims.width, height: dims.height + 2 * PADDING + SLACK };
}

/** The width of the name's longest word, which bpmn-js cuts in two when the box is narrower. */
function longestWord(textRenderer, text) {
  const style = textRenderer.getDefaultStyle();
  return Math.max(0, ...text.split(/\s+/).filter(Boolean).map((word) => textRenderer.getDimensions(word, {
    box: { width: 10000, height: 10000 }, align: "left-top", padding: 0, style
  }).width));
}

LabelFit.prototype = Object.create(CommandInterceptor.prototype);
LabelFit.$inject = ["eventBus", "modeling", "textRenderer", "elementRegistry"];
