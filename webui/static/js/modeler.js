// The analyst's workbench: bpmn-js with the standard properties panel (bundle in vendor/sopflow),
// opened with room for the palette. Other modeler-*.js files add problems, forms, deploy and "coba".
(function () {
  "use strict";
  var root = document.getElementById("workbench");
  var words = {};
  Array.prototype.forEach.call(document.querySelectorAll("#words [data-word]"), function (el) {
    words[el.dataset.word] = el.textContent;
  });

  function post(url, body, asForm) {
    var headers = { "X-CSRFToken": root.dataset.csrf, "Accept": "application/json" };
    if (!asForm) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers,
      body: asForm ? body : JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return { ok: false, message: "HTTP " + r.status }; })
          .then(function (b) { b.httpStatus = r.status; return b; });
      });
  }

  var wb = {
    root: root, words: words, lang: root.dataset.lang === "en" ? "en" : "id", post: post,
    forms: {},  // form path -> JSON text edited here and not yet deployed
    xml: function () { return wb.modeler.saveXML({ format: true }).then(function (r) { return r.xml; }); },
    payload: function () {
      return wb.xml().then(function (xml) {
        return { xml: xml, forms: wb.forms, base: { process_id: root.dataset.process, version: parseInt(root.dataset.version, 10) } };
      });
    },
    changed: function () { root.dispatchEvent(new CustomEvent("sopflow:changed")); }
  };
  window.sopflowWorkbench = wb;

  wb.modeler = window.SopflowModeler.create(document.getElementById("modeler"), document.getElementById("properties"), {
    lang: wb.lang,
    roles: JSON.parse(root.dataset.roles || "[]"),
    forms: JSON.parse(root.dataset.forms || "[]"),
    formExists: function (path) {
      var known = JSON.parse(root.dataset.forms || "[]");
      return known.indexOf(path) >= 0 || (Object.prototype.hasOwnProperty.call(wb.forms, path) && !!wb.forms[path].trim());
    },
    checkExpression: function (text) { return post(root.dataset.expression, { text: text }); },
    sensitiveFields: function (path) {
      var pending = Object.prototype.hasOwnProperty.call(wb.forms, path) ? Promise.resolve(wb.forms[path])
        : fetch(root.dataset.formSource.replace("__PATH__", path), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { text: "" }; }).then(function (b) { return b.text; });
      return pending.then(function (text) {
        var props = (JSON.parse(text || "{}").properties) || {};
        return Object.keys(props).filter(function (k) { return props[k] && props[k]["x-sensitive"]; });
      });
    }
  });
  window.sopflowModeler = wb.modeler;

  // Fit the diagram, then leave a margin on the left for the palette so it covers no lane header or task.
  function fitClearOfPalette() {
    var canvas = wb.modeler.get("canvas"), container = document.getElementById("modeler");
    canvas.zoom("fit-viewport", "auto");
    var inner = canvas.viewbox().inner;
    var palette = container.querySelector(".djs-palette");
    var margin = (palette ? palette.getBoundingClientRect().right - container.getBoundingClientRect().left : 70) + 24;
    var width = container.clientWidth, height = container.clientHeight;
    if (!inner.width || !inner.height) { return; }
    var scale = Math.min((width - margin - 24) / inner.width, (height - 48) / inner.height, 1);
    canvas.viewbox({ x: inner.x - margin / scale, y: inner.y - 24 / scale, width: width / scale, height: height / scale });
  }
  wb.fit = fitClearOfPalette;

  fetch(root.dataset.xml, { credentials: "same-origin" })
    .then(function (r) { return r.text(); })
    .then(function (xml) { return wb.modeler.importXML(xml); })
    .then(function () {
      fitClearOfPalette();
      document.getElementById("modeler").classList.add("ready");
      root.dispatchEvent(new CustomEvent("sopflow:ready"));
    })
    .catch(function (err) { document.getElementById("modeler").textContent = String(err); });

  wb.modeler.on("commandStack.changed", function () { wb.changed(); });
})();
