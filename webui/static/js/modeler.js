// The analyst's modeler: bpmn-js Modeler with a small panel for a user task's form and time standard.
// spiffworkflow:* extension elements are declared to bpmn-moddle so they survive a round trip.
(function () {
  "use strict";
  var SPIFF = {
    name: "SpiffWorkflow", uri: "http://spiffworkflow.org/bpmn/schema/1.0/core", prefix: "spiffworkflow",
    xml: { tagAlias: "lowerCase" },
    types: [
      { name: "Properties", superClass: ["Element"], properties: [{ name: "properties", type: "Property", isMany: true }] },
      { name: "Property", superClass: ["Element"], properties: [
        { name: "name", type: "String", isAttr: true }, { name: "value", type: "String", isAttr: true }] },
      { name: "InstructionsForEndUser", superClass: ["Element"], properties: [{ name: "text", type: "String", isBody: true }] }
    ]
  };
  var container = document.getElementById("modeler");
  var modeler = new BpmnJS({ container: container, moddleExtensions: { spiffworkflow: SPIFF } });
  window.sopflowModeler = modeler;
  var selected = null;
  function $(id) { return document.getElementById(id); }

  fetch(container.dataset.xml, { credentials: "same-origin" })
    .then(function (r) { return r.text(); })
    .then(function (xml) { return modeler.importXML(xml); })
    .then(function () { modeler.get("canvas").zoom("fit-viewport"); container.classList.add("ready"); });

  function propertiesOf(bo) {
    var ext = bo.extensionElements;
    if (!ext) { return null; }
    return (ext.values || []).filter(function (v) { return v.$type === "spiffworkflow:Properties"; })[0] || null;
  }
  function formOf(bo) {
    var props = propertiesOf(bo);
    if (!props) { return ""; }
    var p = (props.properties || []).filter(function (x) { return x.name === "formJsonSchemaFilename"; })[0];
    return p ? p.value : "";
  }
  function timerOf(element) {
    return (element.attachers || []).filter(function (a) {
      var defs = a.businessObject.eventDefinitions || [];
      return defs.length && defs[0].$type === "bpmn:TimerEventDefinition";
    })[0] || null;
  }
  function durationOf(timer) {
    if (!timer) { return ""; }
    var d = timer.businessObject.eventDefinitions[0].timeDuration;
    return d ? (d.body || "").replace(/^"|"$/g, "") : "";
  }

  modeler.on("selection.changed", function (e) {
    selected = e.newSelection.length === 1 ? e.newSelection[0] : null;
    var isTask = selected && selected.type === "bpmn:UserTask";
    $("panel-fields").hidden = !isTask;
    $("panel-hint").hidden = !!isTask;
    if (isTask) {
      var bo = selected.businessObject;
      $("p-id").textContent = bo.id;
      $("p-name").value = bo.name || "";
      $("p-form").value = formOf(bo);
      $("p-due").value = durationOf(timerOf(selected));
    }
  });

  $("p-apply").addEventListener("click", function () {
    if (!selected) { return; }
    var modeling = modeler.get("modeling"), moddle = modeler.get("moddle"), bo = selected.businessObject;
    modeling.updateLabel(selected, $("p-name").value);
    var form = $("p-form").value.trim();
    var ext = bo.extensionElements || moddle.create("bpmn:ExtensionElements", { values: [] });
    var props = propertiesOf(bo);
    if (!props) { props = moddle.create("spiffworkflow:Properties", { properties: [] }); ext.get("values").push(props); }
    var list = props.get("properties");
    ["formJsonSchemaFilename", "formUiSchemaFilename"].forEach(function (key) {
      for (var i = list.length - 1; i >= 0; i--) { if (list[i].name === key) { list.splice(i, 1); } }
    });
    if (form) {
      list.push(moddle.create("spiffworkflow:Property", { name: "formJsonSchemaFilename", value: form }));
      list.push(moddle.create("spiffworkflow:Property", { name: "formUiSchemaFilename", value: form.replace(/\.schema\.json$/, ".uischema.json") }));
    }
    modeling.updateProperties(selected, { extensionElements: ext });
    var due = $("p-due").value.trim(), timer = timerOf(selected);
    if (due) {
      if (!timer) {
        timer = modeling.createShape({ type: "bpmn:BoundaryEvent", eventDefinitionType: "bpmn:TimerEventDefinition" },
          { x: selected.x + selected.width - 20, y: selected.y + selected.height }, selected, { attach: true });
        modeling.updateProperties(timer, { cancelActivity: false, name: "Waktu " + due });
      }
      var def = timer.businessObject.eventDefinitions[0];
      def.timeDuration = moddle.create("bpmn:FormalExpression", { body: due });
      modeling.updateProperties(timer, {});
    }
  });

  $("save").addEventListener("click", function () {
    var out = $("save-result");
    out.textContent = "…";
    modeler.saveXML({ format: true }).then(function (result) {
      return fetch(container.dataset.save, {
        method: "POST", credentials: "same-origin", body: result.xml,
        headers: { "Content-Type": "application/xml", "X-CSRFToken": container.dataset.csrf }
      });
    }).then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (res) {
        var b = res.body;
        if (b.deployed) {
          var v = (b.versions || [])[0];
          out.innerHTML = "";
          out.textContent = v ? ("Versi " + v.version + (v.created ? " dipasang." : " tidak berubah.")) : "OK";
          out.className = "ok";
          out.dataset.version = v ? v.version : "";
        } else {
          out.className = "bad";
          out.textContent = (b.problems || []).map(function (p) {
            return (p.line ? "baris " + p.line + " " : "") + (p.element_id ? "[" + p.element_id + "] " : "") + p.message;
          }).join("\n") || ("HTTP " + res.status);
        }
      }).catch(function (err) { out.className = "bad"; out.textContent = String(err); });
  });
})();
