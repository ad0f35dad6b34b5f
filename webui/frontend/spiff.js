// spiffworkflow:* extension elements (declared to bpmn-moddle so they survive a round trip) and
// small helpers to read and write sopflow's properties on a business object.

export const SPIFF_DESCRIPTOR = {
  name: "SpiffWorkflow", uri: "http://spiffworkflow.org/bpmn/schema/1.0/core", prefix: "spiffworkflow",
  xml: { tagAlias: "lowerCase" },
  types: [
    { name: "Properties", superClass: ["Element"], properties: [{ name: "properties", type: "Property", isMany: true }] },
    { name: "Property", superClass: ["Element"], properties: [
      { name: "name", type: "String", isAttr: true }, { name: "value", type: "String", isAttr: true }] },
    { name: "InstructionsForEndUser", superClass: ["Element"], properties: [{ name: "text", type: "String", isBody: true }] }
  ]
};

function propertiesOf(bo) {
  const values = (bo.extensionElements && bo.extensionElements.values) || [];
  return values.find((v) => v.$type === "spiffworkflow:Properties") || null;
}

export function getSpiffProperty(bo, name) {
  const props = propertiesOf(bo);
  const found = props && (props.properties || []).find((p) => p.name === name);
  return found ? found.value || "" : "";
}

/** Set (or with an empty value remove) one spiffworkflow:property of ``bo`` (the element's own business
 * object, or the process of a participant), as one undoable command. */
export function setSpiffProperty(injector, element, bo, name, value) {
  const moddle = injector.get("moddle");
  const modeling = injector.get("modeling");
  const ext = bo.extensionElements || moddle.create("bpmn:ExtensionElements", { values: [] });
  let props = propertiesOf(bo);
  if (!props) {
    props = moddle.create("spiffworkflow:Properties", { properties: [] });
    props.$parent = ext;
    ext.get("values").push(props);
  }
  const list = props.get("properties").filter((p) => p.name !== name);
  if (value) {
    const prop = moddle.create("spiffworkflow:Property", { name, value });
    prop.$parent = props;
    list.push(prop);
  }
  props.set("properties", list);
  ext.$parent = bo;
  modeling.updateModdleProperties(element, bo, { extensionElements: ext });
}
