// Version differences: marks added (green) and changed (blue) elements on the newer diagram.
(function () {
  "use strict";
  var el = document.getElementById("diagram");
  if (!el) { return; }
  el.addEventListener("sopflow:ready", function () {
    var h = JSON.parse(el.dataset.highlight);
    window.sopflowDiagram.mark(el.sopflowViewer, { completed: h.added, active: h.changed });
  });
})();
