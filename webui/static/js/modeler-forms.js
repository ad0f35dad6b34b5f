// A step's form beside the diagram: its JSON Schema and UI schema, rendered live by the server with the
// very renderer of the task page, the schema itself checked, sensitive fields (x-sensitive) ticked.
// Edits stay in the page (sopflowWorkbench.forms) and travel with the diagram to check, coba and deploy.
(function () {
  "use strict";
  var wb = window.sopflowWorkbench;
  var $ = function (id) { return document.getElementById(id); };
  var timer = null, seq = 0, original = {}, task = null;

  function uiPath(path) { return path.replace(/\.schema\.json$/, ".uischema.json"); }

  function source(path) {
    if (Object.prototype.hasOwnProperty.call(wb.forms, path)) { return Promise.resolve(wb.forms[path]); }
    var url = wb.root.dataset.formSource.replace("__PATH__", path);
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : { text: "" }; })
      .then(function (b) { original[path] = b.text || ""; return b.text || ""; });
  }

  function load(path) {
    path = (path || "").trim();
    $("fe-path").value = path;
    if (!/\.schema\.json$/.test(path)) { $("form-preview").textContent = wb.words.noForm; return; }
    Promise.all([source(path), source(uiPath(path))]).then(function (texts) {
      $("fe-schema").value = texts[0] || '{\n  "type": "object",\n  "properties": {}\n}';
      $("fe-ui").value = texts[1];
      preview(false);
    });
  }

  function sensitiveBoxes(schema) {
    var box = $("fe-sensitive");
    box.innerHTML = "";
    var props = (schema && schema.properties) || {};
    Object.keys(props).forEach(function (key) {
      var label = document.createElement("label");
      label.className = "check";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.dataset.field = key;
      input.checked = !!(props[key] && props[key]["x-sensitive"]);
      input.addEventListener("change", function () { setSensitive(key, input.checked); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + ((props[key] && props[key].title) || key) + " (" + key + ")"));
      box.appendChild(label);
    });
  }

  function setSensitive(key, on) {
    var schema;
    try { schema = JSON.parse($("fe-schema").value); } catch (e) { return; }
    if (!schema.properties || !schema.properties[key]) { return; }
    if (on) { schema.properties[key]["x-sensitive"] = true; } else { delete schema.properties[key]["x-sensitive"]; }
    $("fe-schema").value = JSON.stringify(schema, null, 2);
    preview(true);
  }

  function remember(path, text) {
    if (!path) { return; }
    if (text === original[path] || (!text && !original[path])) { delete wb.forms[path]; } else { wb.forms[path] = text; }
  }

  // a UI schema written here for the selected step is named on the step, so it is deployed with it
  function linkUi(path, ui) {
    var kit = window.SopflowModeler;
    if (!task || kit.getSpiffProperty(task.businessObject, "formJsonSchemaFilename") !== path) { return; }
    var want = ui.trim() ? uiPath(path) : "";
    if (kit.getSpiffProperty(task.businessObject, "formUiSchemaFilename") !== want) {
      kit.setSpiffProperty(wb.modeler.get("injector"), task, task.businessObject, "formUiSchemaFilename", want);
    }
  }

  function preview(edited) {
    var path = $("fe-path").value.trim(), mine = ++seq;
    var schema = $("fe-schema").value, ui = $("fe-ui").value;
    if (edited && /\.schema\.json$/.test(path)) {
      remember(path, schema);
      remember(uiPath(path), ui);
      linkUi(path, ui);
      wb.changed();
      wb.modeler.get("eventBus").fire("sopflow.forms.changed", { path: path });  // the panel's sensitive list
    }
    wb.post(wb.root.dataset.preview, { schema: schema, ui: ui }).then(function (res) {
      if (mine !== seq) { return; }
      var list = $("fe-problems");
      list.innerHTML = "";
      (res.problems || []).forEach(function (p) { var li = document.createElement("li"); li.textContent = p; list.appendChild(li); });
      list.dataset.ok = res.ok ? "1" : "0";
      if (res.ok) {
        $("form-preview").innerHTML = res.html;  // rendered and escaped by the server's templates
        try { sensitiveBoxes(JSON.parse(schema)); } catch (e) { /* the problems list says why */ }
      }
    });
  }

  function edited() { clearTimeout(timer); timer = setTimeout(function () { preview(true); }, 300); }
  $("fe-schema").addEventListener("input", edited);
  $("fe-ui").addEventListener("input", edited);
  $("fe-load").addEventListener("click", function () { load($("fe-path").value); });
  $("form-preview").addEventListener("submit", function (e) { e.preventDefault(); });

  wb.modeler.on("selection.changed", function (e) {
    var el = e.newSelection.length === 1 ? e.newSelection[0] : null;
    if (!el || el.type !== "bpmn:UserTask") { return; }
    task = el;
    $("fe-step").textContent = el.businessObject.name || el.id;
    var props = ((el.businessObject.extensionElements || {}).values || []).filter(function (v) { return v.$type === "spiffworkflow:Properties"; })[0];
    var form = props && (props.properties || []).filter(function (p) { return p.name === "formJsonSchemaFilename"; })[0];
    if (form && form.value) { load(form.value); }
  });
  wb.formEditor = { load: load };
})();
