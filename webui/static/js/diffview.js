// The diff page: outlines and a badge on every element added (+), changed (~) or removed (−).
(function () {
  "use strict";
  var KINDS = { added: "+", changed: "~", removed: "−" };

  function highlight(viewer, marks) {
    var canvas = viewer.get("canvas"), overlays = viewer.get("overlays"), registry = viewer.get("elementRegistry");
    Object.keys(KINDS).forEach(function (kind) {
      (marks[kind] || []).forEach(function (id) {
        if (!registry.get(id)) { return; }
        canvas.addMarker(id, "sf-diff-" + kind);
        var badge = document.createElement("div");
        badge.className = "sf-diff-badge sf-diff-badge-" + kind;
        badge.dataset.elementId = id;
        badge.textContent = KINDS[kind];
        overlays.add(id, "sf-diff", { position: { top: -12, left: -12 }, html: badge });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".diff-diagram"), function (el) {
    el.addEventListener("sopflow:ready", function () {
      highlight(el.sopflowViewer, JSON.parse(el.dataset.highlight));
      el.dataset.highlighted = "1";
    });
    window.sopflowDiagram.show(el);
  });
})();
