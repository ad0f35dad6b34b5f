// Draws an SOP diagram with bpmn-js, readable on opening: fitted to the width (never a thin strip),
// the box as tall as the drawing needs, the active step in view, and zoom / fit / focus buttons.
// Marks done, active and overdue elements and the path taken.
(function () {
  "use strict";

  var WORDS = {
    id: { zoomIn: "Perbesar", zoomOut: "Perkecil", fit: "Sesuaikan lebar", focus: "Langkah aktif",
          failed: "Diagram tidak dapat ditampilkan: " },
    en: { zoomIn: "Zoom in", zoomOut: "Zoom out", fit: "Fit to width", focus: "Active step",
          failed: "The diagram cannot be shown: " }
  };
  var words = WORDS[document.documentElement.lang === "en" ? "en" : "id"];
  var READABLE = 0.75;  // below this scale BPMN labels are too small to read

  // A step inside a collapsed sub-process is drawn on the sub-process's own plane (bpmn-js drill-down):
  // the collapsed shapes around it, from the innermost out, on the planes above.
  function hosts(viewer, el) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    var found = [];
    var root = canvas.findRoot(el);
    while (root && root.businessObject) {
      var shape = registry.get(root.businessObject.id);
      if (!shape || shape === root) { break; }
      found.push(shape);
      root = canvas.findRoot(shape);
    }
    return found;
  }

  function mark(viewer, state) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    ["done", "active", "overdue", "taken"].forEach(function (cls) {
      registry.getAll().forEach(function (el) { canvas.removeMarker(el.id, "sf-" + cls); });
    });
    function add(ids, cls, up) {
      (ids || []).forEach(function (id) {
        var el = registry.get(id);
        if (!el) { return; }
        canvas.addMarker(id, "sf-" + cls);
        if (up) { hosts(viewer, el).forEach(function (h) { canvas.addMarker(h.id, "sf-" + cls); }); }
      });
    }
    add(state.completed, "done", false);
    add(state.flows, "taken", false);
    add(state.active, "active", true);  // the collapsed sub-process holding an open step is open too
    add(state.overdue, "overdue", true);
  }

  // Show the plane an element is drawn on (the process, or a sub-process's drill-down); true if it changed.
  function showPlaneOf(viewer, el) {
    var canvas = viewer.get("canvas");
    var root = canvas.findRoot(el);
    if (!root || root === canvas.getRootElement()) { return false; }
    canvas.setRootElement(root);
    return true;
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

  function bounds(viewer) {
    var inner = viewer.get("canvas").viewbox().inner;
    return { x: inner.x, y: inner.y, width: Math.max(inner.width, 1), height: Math.max(inner.height, 1) };
  }

  // Scale so the whole width shows; then let the box grow (within the screen) to the drawing's height.
  function fitWidth(viewer, container) {
    var canvas = viewer.get("canvas");
    var box = bounds(viewer);
    var pad = 20;
    // never below MIN_ZOOM: a long SOP then opens at its start, every lane in view, to pan along
    var scale = Math.max(MIN_ZOOM, Math.min(1, (container.clientWidth - pad) / (box.width + pad)));
    // a sub-process's plane has bpmn-js's breadcrumbs over its top edge: keep the drawing below them
    var top = /SubProcess$/.test(canvas.getRootElement().businessObject.$type) ? 40 : 0;
    var logo = 24;  // room under the drawing for the bpmn.io logo, which sits over the bottom right corner
    var wanted = Math.round((box.height + 2 * pad) * scale) + top + logo;
    var most = Math.max(300, Math.round(window.innerHeight * 0.75));
    container.style.height = Math.max(240, Math.min(wanted, most)) + "px";
    canvas.resized();
    canvas.viewbox({ x: box.x - pad, y: box.y - pad - top / scale, width: container.clientWidth / scale,
                     height: container.clientHeight / scale });
    return scale;
  }

  // Centre the first active (or overdue) step, at a readable scale when the fitted one is too small.
  function focusActive(viewer, container, state, always) {
    var ids = ((state && state.overdue) || []).concat((state && state.active) || []);
    var registry = viewer.get("elementRegistry");
    var el = ids.map(function (id) { return registry.get(id); }).filter(Boolean)[0];
    if (!el) { return false; }
    if (showPlaneOf(viewer, el)) { fitWidth(viewer, container); }  // open the sub-process the step is in
    var canvas = viewer.get("canvas");
    var scale = canvas.zoom();
    if (!always && scale >= READABLE) { return false; }  // already readable and in view
    scale = Math.max(scale, READABLE);
    var most = Math.max(300, Math.round(window.innerHeight * 0.75));
    var tall = Math.min(most, Math.round((bounds(viewer).height + 40) * scale));
    if (tall > container.clientHeight) { container.style.height = tall + "px"; canvas.resized(); }
    var w = container.clientWidth / scale;
    var h = container.clientHeight / scale;
    canvas.viewbox({ x: el.x + el.width / 2 - w / 2, y: el.y + el.height / 2 - h / 2, width: w, height: h });
    return true;
  }

  function toolbar(viewer, container) {
    var bar = document.createElement("div");
    bar.className = "diagram-tools";
    function button(label, cls, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary " + cls;
      b.textContent = label;
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    var canvas = viewer.get("canvas");
    button("+", "zoom-in", function () { canvas.zoom(canvas.zoom() * 1.25); }).title = words.zoomIn;
    button("−", "zoom-out", function () { canvas.zoom(canvas.zoom() / 1.25); }).title = words.zoomOut;
    button(words.fit, "zoom-fit", function () { fitWidth(viewer, container); });
    var focus = button(words.focus, "zoom-focus", function () { focusActive(viewer, container, container.sopflowState, true); });
    focus.hidden = true;
    container.parentNode.insertBefore(bar, container);
    return focus;
  }

  function show(container) {
    var viewer = new BpmnJS({ container: container });
    container.sopflowViewer = viewer;
    var focusButton = null;
    return fetch(container.dataset.xml, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        fitWidth(viewer, container);
        focusButton = toolbar(viewer, container);
        if (container.dataset.state) {
          return fetch(container.dataset.state, { credentials: "same-origin" }).then(function (r) { return r.json(); });
        }
        return null;
      })
      .then(function (state) {
        if (state) {
          mark(viewer, state);
          container.sopflowState = state;
          focusButton.hidden = !((state.active || []).length || (state.overdue || []).length);
          focusActive(viewer, container, state, false);
        }
        container.classList.add("ready");
        container.dispatchEvent(new CustomEvent("sopflow:ready"));
      })
      .catch(function (err) {
        container.textContent = words.failed + err;
      });
  }

  function visible(el) { return el.offsetParent !== null && el.clientWidth > 0; }

  window.sopflowDiagram = { show: show, mark: mark, open: open, focus: focus, focusActive: focusActive };
  var el = document.getElementById("diagram");
  if (!el || !window.BpmnJS || el.classList.contains("diff-diagram")) { return; }
  if (visible(el)) { show(el); return; }
  // On a phone the diagram waits behind "Lihat diagram" (a #target link); draw it once it shows.
  function whenShown() {
    if (visible(el) && !el.sopflowViewer) {
      window.removeEventListener("hashchange", whenShown);
      show(el);
    }
  }
  window.addEventListener("hashchange", whenShown);
})();
