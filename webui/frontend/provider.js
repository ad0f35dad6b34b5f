// sopflow's groups in the standard properties panel: a step's form, time standard and ASUMSI notes,
// a lane's role, a gateway flow's condition (checked live by the server), the instance title template.
import { h } from "@bpmn-io/properties-panel/preact";
import { useEffect, useState } from "@bpmn-io/properties-panel/preact/hooks";
import {
  CheckboxEntry, SelectEntry, TextAreaEntry, TextFieldEntry, isCheckboxEntryEdited, isSelectEntryEdited,
  isTextAreaEntryEdited, isTextFieldEntryEdited
} from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { is } from "bpmn-js/lib/util/ModelUtil";
import { getSpiffProperty, setSpiffProperty } from "./spiff.js";
import { durationOf, setDuration } from "./timestandard.js";
import { durationWords, parseDuration } from "./durations.js";
import { words } from "./words.js";

function normalizeLane(name) {
  return (name || "").trim().toUpperCase().replace(/\s+/g, " ").replace(/\s*\/\s*/g, "/");
}

function FormEntry({ element, id }) {
  const injector = useService("injector");
  const t = words(injector.get("config.sopflow").lang);
  return h(TextFieldEntry, {
    element, id, label: t.form, description: t.formHelp, debounce: useService("debounceInput"),
    getValue: () => getSpiffProperty(element.businessObject, "formJsonSchemaFilename"),
    setValue: (value) => {
      value = (value || "").trim();
      setSpiffProperty(injector, element, element.businessObject, "formJsonSchemaFilename", value);
      const ui = value.replace(/\.schema\.json$/, ".uischema.json");
      const config = injector.get("config.sopflow");
      const known = config.formExists ? config.formExists(ui) : (config.forms || []).indexOf(ui) >= 0;
      setSpiffProperty(injector, element, element.businessObject, "formUiSchemaFilename", value && known ? ui : "");
    },
    validate: (value) => (value && (!/\.schema\.json$/.test(value) || value.indexOf("..") >= 0) ? t.formBad : null)
  });
}

function DueEntry({ element, id }) {
  const injector = useService("injector");
  const config = injector.get("config.sopflow");
  const t = words(config.lang);
  // the timer is another element, so its change does not re-render this entry: keep what was set
  const [value, setShown] = useState(durationOf(element));
  useEffect(() => { setShown(durationOf(element)); }, [element]);
  const preview = value ? durationWords(value, config.lang) : null;
  return h(TextFieldEntry, {
    element, id, label: t.due, debounce: useService("debounceInput"),
    description: h("span", { class: "sf-due-words", "data-due-words": preview || "" }, preview || t.dueNone),
    getValue: () => durationOf(element),
    setValue: (v) => {
      v = (v || "").trim().toUpperCase();
      if (v && !parseDuration(v)) { return; }
      setShown(v);
      setDuration(injector, element, v, v ? "Waktu " + durationWords(v, "id") : "");
    },
    validate: (v) => (v && !parseDuration(v.trim().toUpperCase()) ? t.dueBad : null)
  });
}

function SensitiveEntry({ element, id }) {
  const injector = useService("injector");
  const config = injector.get("config.sopflow");
  const t = words(config.lang);
  const path = getSpiffProperty(element.businessObject, "formJsonSchemaFilename");
  const [fields, setFields] = useState(null);
  const [edits, setEdits] = useState(0);
  const eventBus = useService("eventBus");
  useEffect(() => {
    const bump = () => setEdits((n) => n + 1);  // a form was edited in the form editor
    eventBus.on("sopflow.forms.changed", bump);
    return () => eventBus.off("sopflow.forms.changed", bump);
  }, []);
  useEffect(() => {
    let live = true;
    if (!path || !config.sensitiveFields) { setFields(null); return undefined; }
    config.sensitiveFields(path).then((list) => { if (live) { setFields(list); } }, () => { if (live) { setFields(null); } });
    return () => { live = false; };
  }, [path, edits]);
  const text = fields === null ? "—" : (fields.length ? fields.join(", ") : t.sensitiveNone);
  return h("div", { class: "bio-properties-panel-entry", "data-entry-id": id },
    h("label", { class: "bio-properties-panel-label" }, t.sensitive),
    h("p", { class: "sf-sensitive", "data-fields": fields ? fields.join(",") : "" }, text),
    h("div", { class: "bio-properties-panel-description" }, t.sensitiveHelp));
}

const ASUMSI = /^ASUMSI:\s*/;

function documentationText(bo) {
  return (bo.documentation || []).map((d) => d.text || "").join("\n");
}

function NotesEntry({ element, id }) {
  const injector = useService("injector");
  const t = words(injector.get("config.sopflow").lang);
  const bo = element.businessObject;
  return h(TextAreaEntry, {
    element, id, label: t.notes, description: t.notesHelp, rows: 3, debounce: useService("debounceInput"),
    getValue: () => documentationText(bo).split("\n").filter((l) => ASUMSI.test(l)).map((l) => l.replace(ASUMSI, "")).join("\n"),
    setValue: (value) => {
      const kept = documentationText(bo).split("\n").filter((l) => l && !ASUMSI.test(l));
      const notes = (value || "").split("\n").map((l) => l.trim()).filter(Boolean).map((l) => "ASUMSI: " + l);
      const text = kept.concat(notes).join("\n");
      const moddle = injector.get("moddle");
      const docs = text ? [moddle.create("bpmn:Documentation", { text })] : [];
      injector.get("modeling").updateModdleProperties(element, bo, { documentation: docs });
    }
  });
}

function RoleEntry({ element, id }) {
  const injector = useService("injector");
  const config = injector.get("config.sopflow");
  const t = words(config.lang);
  const roles = config.roles || [];
  const current = () => {
    const name = normalizeLane(element.businessObject.name);
    const role = roles.find((r) => r.lanes.some((l) => normalizeLane(l) === name));
    return role ? role.code : "";
  };
  return h(SelectEntry, {
    element, id, label: t.role, description: t.roleHelp,
    getValue: current,
    setValue: (code) => {
      const role = roles.find((r) => r.code === code);
      if (role && role.code !== current()) { injector.get("modeling").updateLabel(element, role.lanes[0]); }
    },
    getOptions: () => [{ value: "", label: t.roleNone }].concat(roles.map((r) => ({ value: r.code, label: r.title + " (" + r.lanes[0] + ")" })))
  });
}

function conditionOf(bo) {
  return bo.conditionExpression ? (bo.conditionExpression.body || "") : "";
}

function ConditionEntry({ element, id }) {
  const injector = useService("injector");
  const config = injector.get("config.sopflow");
  const t = words(config.lang);
  const text = conditionOf(element.businessObject);
  const [status, setStatus] = useState(null);
  useEffect(() => {
    let live = true;
    if (!text.trim() || !config.checkExpression) { setStatus(null); return undefined; }
    setStatus({ pending: true });
    config.checkExpression(text).then((r) => { if (live) { setStatus(r); } },
      () => { if (live) { setStatus(null); } });
    return () => { live = false; };
  }, [text]);
  let note = t.conditionHelp;
  let cls = "sf-expr";
  if (status && status.pending) { note = t.checking; } else if (status && status.ok) { note = "✓ " + t.valid; cls += " sf-expr-ok"; } else if (status) { note = "✗ " + status.message; cls += " sf-expr-bad"; }
  return h(TextAreaEntry, {
    element, id, label: t.condition, rows: 2, monospace: true, debounce: useService("debounceInput"),
    description: h("span", { class: cls, "data-expr-status": status ? (status.pending ? "pending" : (status.ok ? "ok" : "bad")) : "" }, note),
    getValue: () => conditionOf(element.businessObject),
    setValue: (value) => {
      value = (value || "").trim();
      const moddle = injector.get("moddle");
      injector.get("modeling").updateProperties(element, {
        conditionExpression: value ? moddle.create("bpmn:FormalExpression", { body: value }) : undefined
      });
    }
  });
}

function DefaultFlowEntry({ element, id }) {
  const injector = useService("injector");
  const t = words(injector.get("config.sopflow").lang);
  const gateway = element.source;
  return h(CheckboxEntry, {
    element, id, label: t.isDefault,
    getValue: () => gateway.businessObject.default === element.businessObject,
    setValue: (on) => injector.get("modeling").updateProperties(gateway, { default: on ? element.businessObject : undefined })
  });
}

function TitleEntry({ element, id }) {
  const injector = useService("injector");
  const t = words(injector.get("config.sopflow").lang);
  const bo = processOf(element);
  return h(TextFieldEntry, {
    element, id, label: t.title, description: t.titleHelp, debounce: useService("debounceInput"),
    getValue: () => getSpiffProperty(bo, "instanceTitleTemplate"),
    setValue: (v) => setSpiffProperty(injector, element, bo, "instanceTitleTemplate", (v || "").trim())
  });
}

function processOf(element) {
  const bo = element.businessObject;
  if (is(bo, "bpmn:Participant")) { return bo.processRef; }
  return is(bo, "bpmn:Process") ? bo : null;
}

function isGatewayFlow(element) {
  return is(element, "bpmn:SequenceFlow") && element.source &&
    (is(element.source, "bpmn:ExclusiveGateway") || is(element.source, "bpmn:InclusiveGateway"));
}

export default function SopflowPropertiesProvider(propertiesPanel, injector) {
  this._injector = injector;
  propertiesPanel.registerProvider(500, this);
}
SopflowPropertiesProvider.$inject = ["propertiesPanel", "injector"];

SopflowPropertiesProvider.prototype.getGroups = function (element) {
  const t = words(this._injector.get("config.sopflow").lang);
  return (groups) => {
    const entries = [];
    let label = t.step;
    if (is(element, "bpmn:UserTask")) {
      entries.push({ id: "sopflow-form", component: FormEntry, isEdited: isTextFieldEntryEdited },
        { id: "sopflow-due", component: DueEntry, isEdited: isTextFieldEntryEdited },
        { id: "sopflow-sensitive", component: SensitiveEntry });
    }
    if (is(element, "bpmn:Lane")) {
      label = t.lane;
      entries.push({ id: "sopflow-role", component: RoleEntry, isEdited: isSelectEntryEdited });
    }
    if (isGatewayFlow(element)) {
      label = t.flow;
      entries.push({ id: "sopflow-condition", component: ConditionEntry, isEdited: isTextAreaEntryEdited },
        { id: "sopflow-default", component: DefaultFlowEntry, isEdited: isCheckboxEntryEdited });
    }
    if (processOf(element)) {
      label = t.process;
      entries.push({ id: "sopflow-title", component: TitleEntry, isEdited: isTextFieldEntryEdited });
    }
    if (is(element, "bpmn:FlowNode")) {
      entries.push({ id: "sopflow-notes", component: NotesEntry, isEdited: isTextAreaEntryEdited });
    }
    if (entries.length) {
      entries.forEach((e) => { e.element = element; });
      groups.splice(1, 0, { id: "sopflow", label, entries, shouldOpen: true });
    }
    return groups;
  };
};
