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
    if (canvas.zoom() >= MIN_ZOOM) { return; }
    var box = canvas.viewbox();
    var scale = Math.max(MIN_ZOOM, Math.min(1, box.outer.height / (box.inner.height + 20)));
    canvas.viewbox({ x: box.inner.x - 10, y: box.inner.y - 10,
                     width: box.outer.width / scale, height: box.outer.height / scale });
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
    var wanted = Math.round((box.height + 2 * pad) * scale);
    var most = Math.max(300, Math.round(window.innerHeight * 0.75));
    container.style.height = Math.max(240, Math.min(wanted, most)) + "px";
    canvas.resized();
    canvas.viewbox({ x: box.x - pad, y: box.y - pad, width: container.clientWidth / scale,
                     height: container.clientHeight / scale });
    return scale;
  }

  // Centre the first active (or overdue) step, at a readable scale when the fitted one is too small.
  function focusActive(viewer, container, state, always) {
    var ids = ((state && state.overdue) || []).concat((state && state.active) || []);
    var registry = viewer.get("elementRegistry");
    var el = ids.map(function (id) { return registry.get(id); }).filter(Boolean)[0];
    if (!el) { return false; }
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

  window.sopflowDiagram = { show: show, mark: mark, open: open };
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
