// Tasks grow to fit their label, so a renamed step never spills its text over the box edge.
import CommandInterceptor from "diagram-js/lib/command/CommandInterceptor";
import { is } from "bpmn-js/lib/util/ModelUtil";

const PADDING = 5;

export default function LabelFit(eventBus, modeling, textRenderer) {
  CommandInterceptor.call(this, eventBus);
  this.postExecute("element.updateLabel", (event) => {
    const element = event.context.element;
    if (!is(element, "bpmn:Task") && !is(element, "bpmn:CallActivity")) { return; }
    const text = element.businessObject.name || "";
    const needed = fitting(textRenderer, text, element.width);
    if (needed.height <= element.height) { return; }
    // wider first (up to 1.5 times), then taller: a long name stays readable in few lines
    let width = element.width;
    let size = needed;
    while (size.height > element.height && width < element.width * 1.5) {
      width += 10;
      size = fitting(textRenderer, text, width);
    }
    const height = Math.max(element.height, Math.ceil(size.height / 10) * 10);
    modeling.resizeShape(element, { x: element.x, y: element.y, width, height });
  });
}

function fitting(textRenderer, text, width) {
  const dims = textRenderer.getDimensions(text, {
    box: { width, height: 10000 }, align: "center-top", padding: PADDING, style: textRenderer.getDefaultStyle()
  });
  return { width: dims.width, height: dims.height + 2 * PADDING };
}

LabelFit.prototype = Object.create(CommandInterceptor.prototype);
LabelFit.$inject = ["eventBus", "modeling", "textRenderer"];
