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

  // Fitted when the whole diagram is readable that way (zoom >= MIN_ZOOM); a long SOP instead opens at
  // its start with every lane in view (zoom >= MIN_ZOOM), to be panned along the flow.
  // Same rule as engine/checks/diagram.py opening_scale().
  var MIN_ZOOM = 0.5;
  function open(canvas) {
    canvas.zoom("fit-viewport");
    if (canvas.zoom() >= MIN_ZOOM) { return false; }
    var box = canvas.viewbox();
    var scale = Math.max(MIN_ZOOM, Math.min(1, box.outer.height / (box.inner.height + 20)));
    canvas.viewbox({ x: box.inner.x - 10, y: box.inner.y - 10,
                     width: box.outer.width / scale, height: box.outer.height / scale });
    return true;
  }

  // When the diagram is wider than the view, bring the first active step to the middle.
  function focus(viewer, ids) {
    var element = (ids || []).map(function (id) { return viewer.get("elementRegistry").get(id); })
      .filter(Boolean)[0];
    if (!element) { return; }
    var canvas = viewer.get("canvas");
    var box = canvas.viewbox();
    var x = Math.min(element.x + element.width / 2 - box.width / 2, box.inner.x + box.inner.width - box.width + 10);
    canvas.viewbox({ x: Math.max(box.inner.x - 10, x), y: box.y, width: box.width, height: box.height });
  }

  function show(container) {
    var viewer = new BpmnJS({ container: container });
    container.sopflowViewer = viewer;
    return fetch(container.dataset.xml, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        container.sopflowPanned = open(viewer.get("canvas"));
        if (container.dataset.state) {
          return fetch(container.dataset.state, { credentials: "same-origin" }).then(function (r) { return r.json(); });
        }
        return null;
      })
      .then(function (state) {
        if (state) {
          mark(viewer, state);
          if (container.sopflowPanned) { focus(viewer, state.active); }
        }
        container.classList.add("ready");
        container.dispatchEvent(new CustomEvent("sopflow:ready"));
      })
      .catch(function (err) {
        container.textContent = "Diagram tidak dapat ditampilkan: " + err;
      });
  }

  window.sopflowDiagram = { show: show, mark: mark, open: open, focus: focus };
  var el = document.getElementById("diagram");
  if (el && window.BpmnJS) { show(el); }
})();
