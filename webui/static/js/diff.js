// The version comparison page: highlight added and changed elements once the diagram is drawn.
document.getElementById("diagram").addEventListener("sopflow:ready", function (e) {
  var el = e.target, h = JSON.parse(el.dataset.highlight);
  window.sopflowDiagram.mark(el.sopflowViewer, {completed: h.added, active: h.changed});
});
