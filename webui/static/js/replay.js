// The replay stepper: moves through the frames (state after each event) and redraws the markers.
(function () {
  "use strict";
  var frames = JSON.parse(document.getElementById("frames").textContent);
  var slider = document.getElementById("slider");
  var container = document.getElementById("diagram");
  function text(id, value) { document.getElementById(id).textContent = value; }
  function show(step) {
    var f = frames[step - 1];
    if (!f) { return; }
    slider.value = step;
    text("seq", f.seq); text("ftype", f.type); text("factor", f.actor);
    text("fat", f.at_local);
    text("fdata", JSON.stringify(f.data, null, 2)); text("factive", f.active.join(", "));
    if (container.sopflowViewer) { window.sopflowDiagram.mark(container.sopflowViewer, f); }
    container.dataset.step = step;
  }
  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  document.getElementById("prev").addEventListener("click", function (e) { e.preventDefault(); show(Math.max(1, parseInt(slider.value, 10) - 1)); });
  document.getElementById("next").addEventListener("click", function (e) { e.preventDefault(); show(Math.min(frames.length, parseInt(slider.value, 10) + 1)); });
  container.addEventListener("sopflow:ready", function () { show(parseInt(slider.value, 10)); });
})();
