// The replay stepper: moves through the frames (state after each event) and redraws the markers.
// Data is shown as labelled fields, built with DOM nodes (never innerHTML).
(function () {
  "use strict";
  var frames = JSON.parse(document.getElementById("frames").textContent);
  var words = JSON.parse(document.getElementById("replay-words").textContent);
  var slider = document.getElementById("slider");
  var container = document.getElementById("diagram");
  function text(id, value) { document.getElementById(id).textContent = value; }
  function node(tag, cls, content) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }
  function label(key) { return words.labels[key] || key.replace(/_/g, " "); }
  function value(v) {
    if (v === null || v === undefined || v === "") { return node("span", "muted", words.none); }
    if (v === true) { return document.createTextNode(words.yes); }
    if (v === false) { return document.createTextNode(words.no); }
    if (typeof v === "string" && v.indexOf("sha256:") === 0) { return node("span", "file", "📎 " + (words.files[v] || v.slice(7, 19))); }
    if (Array.isArray(v)) {
      var ol = node("ol", "values");
      v.forEach(function (x) { var li = node("li"); li.appendChild(value(x)); ol.appendChild(li); });
      return ol;
    }
    if (typeof v === "object") { return fields(v); }
    return document.createTextNode(String(v));
  }
  function fields(data) {
    var dl = node("dl", "fields");
    Object.keys(data).forEach(function (k) {
      dl.appendChild(node("dt", null, label(k)));
      var dd = node("dd"); dd.appendChild(value(data[k])); dl.appendChild(dd);
    });
    return dl;
  }
  function show(step) {
    var f = frames[step - 1];
    if (!f) { return; }
    slider.value = step;
    text("seq", f.seq); text("ftype", f.type_label); text("factor", f.actor); text("fat", f.at_local);
    var holder = document.getElementById("fdata");
    holder.textContent = "";
    holder.appendChild(fields(f.data));
    text("factive", f.active_names.join(", "));
    if (container.sopflowViewer) { window.sopflowDiagram.mark(container.sopflowViewer, f); }
    container.dataset.step = step;
  }
  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  document.getElementById("prev").addEventListener("click", function (e) { e.preventDefault(); show(Math.max(1, parseInt(slider.value, 10) - 1)); });
  document.getElementById("next").addEventListener("click", function (e) { e.preventDefault(); show(Math.min(frames.length, parseInt(slider.value, 10) + 1)); });
  container.addEventListener("sopflow:ready", function () { show(parseInt(slider.value, 10)); });
})();
