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
    payload: function () { return wb.xml().then(function (xml) { return { xml: xml, forms: wb.forms }; }); },
    changed: function () { root.dispatchEvent(new CustomEvent("sopflow:changed")); }
  };
  window.sopflowWorkbench = wb;

  wb.modeler = window.SopflowModeler.create(document.getElementById("modeler"), document.getElementById("properties"), {
    lang: wb.lang,
    roles: JSON.parse(root.dataset.roles || "[]"),
    forms: JSON.parse(root.dataset.forms || "[]"),
    checkExpression: function (text) { return post(root.dataset.expression, { text: text }); }
  });
  window.sopflowModeler = wb.modeler;

  // Fit the diagram, then leave a margin on the left for the palette so it covers no lane header or task.
  function fitClearOfPalette() {
    var canvas = wb.modeler.get("canvas");
    canvas.zoom("fit-viewport", "auto");
    var palette = document.querySelector("#modeler .djs-palette");
    var margin = (palette ? palette.getBoundingClientRect().width : 50) + 30;
    var vb = canvas.viewbox();
    var shift = margin / vb.scale;
    canvas.viewbox({ x: vb.inner.x - shift, y: vb.inner.y - 20 / vb.scale,
      width: vb.inner.width + shift + 20 / vb.scale, height: vb.inner.height + 40 / vb.scale });
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
