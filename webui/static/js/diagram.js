// Draws an SOP diagram with bpmn-js and marks done, active and overdue elements and the path taken.
(function () {
  "use strict";

  function mark(viewer, state) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    ["done", "active", "overdue", "taken"].forEach(function (cls) {
      registry.getAll().forEach(function (el) { canvas.removeMarker(el.id, "sf-" + cls); });
    });
    function add(ids, cls) {
      (ids || []).forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, "sf-" + cls); } });
    }
    add(state.completed, "done");
    add(state.flows, "taken");
    add(state.active, "active");
    add(state.overdue, "overdue");
  }

  function show(container) {
    var viewer = new BpmnJS({ container: container });
    container.sopflowViewer = viewer;
    return fetch(container.dataset.xml, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        viewer.get("canvas").zoom("fit-viewport");
        if (container.dataset.state) {
          return fetch(container.dataset.state, { credentials: "same-origin" }).then(function (r) { return r.json(); });
        }
        return null;
      })
      .then(function (state) {
        if (state) { mark(viewer, state); }
        container.classList.add("ready");
        container.dispatchEvent(new CustomEvent("sopflow:ready"));
      })
      .catch(function (err) {
        container.textContent = "Diagram tidak dapat ditampilkan: " + err;
      });
  }

  window.sopflowDiagram = { show: show, mark: mark };
  var el = document.getElementById("diagram");
  if (el && window.BpmnJS && !el.classList.contains("diff-diagram")) { show(el); }
})();
