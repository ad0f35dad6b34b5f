// Problems inline as the analyst draws: the current XML goes to the server's check (the very rules of
// `sopflow check` and deploy); each problem is shown on its element, the rest in a list under the canvas.
(function () {
  "use strict";
  var wb = window.sopflowWorkbench;
  var timer = null, seq = 0, marked = [];

  function clear(overlays, canvas) {
    overlays.remove({ type: "sf-lint" });
    marked.forEach(function (id) { canvas.removeMarker(id, "sf-lint-error"); canvas.removeMarker(id, "sf-lint-warning"); });
    marked = [];
  }

  function show(problems) {
    var registry = wb.modeler.get("elementRegistry"), overlays = wb.modeler.get("overlays");
    var canvas = wb.modeler.get("canvas");
    clear(overlays, canvas);
    var byElement = {}, list = document.getElementById("problems");
    list.innerHTML = "";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.className = p.severity === "error" ? "bad" : "warn";
      li.textContent = (p.element_id ? "[" + p.element_id + "] " : "") + p.text;
      if (p.element_id) { li.dataset.elementId = p.element_id; }
      list.appendChild(li);
      if (p.element_id && registry.get(p.element_id)) { (byElement[p.element_id] = byElement[p.element_id] || []).push(p); }
    });
    Object.keys(byElement).forEach(function (id) {
      var items = byElement[id], error = items.some(function (p) { return p.severity === "error"; });
      var badge = document.createElement("div");
      badge.className = "sf-lint-badge " + (error ? "sf-lint-error" : "sf-lint-warning");
      badge.dataset.elementId = id;
      badge.textContent = error ? "!" : "?";
      badge.title = items.map(function (p) { return p.text; }).join("\n");
      var tip = document.createElement("div");
      tip.className = "sf-lint-tip";
      tip.textContent = badge.title;
      badge.appendChild(tip);
      overlays.add(id, "sf-lint", { position: { top: -10, right: 10 }, html: badge });
      canvas.addMarker(id, error ? "sf-lint-error" : "sf-lint-warning");
      marked.push(id);
    });
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    var summary = document.getElementById("lint-summary");
    summary.textContent = problems.length ? (errors + " " + wb.words.errors + ", " + (problems.length - errors) + " " + wb.words.warnings)
      : wb.words.noProblems;
    summary.className = "small " + (errors ? "bad" : "ok");
    summary.dataset.errors = String(errors);
  }

  function run() {
    var mine = ++seq;
    wb.payload().then(function (body) { return wb.post(wb.root.dataset.check, body); })
      .then(function (res) { if (mine === seq && res.problems) { show(res.problems); } });
  }
  wb.lint = run;

  // a problem in the list selects its element and brings it into view
  document.getElementById("problems").addEventListener("click", function (e) {
    var id = e.target.dataset && e.target.dataset.elementId;
    var element = id && wb.modeler.get("elementRegistry").get(id);
    if (!element) { return; }
    wb.modeler.get("selection").select(element);
    wb.modeler.get("canvas").scrollToElement(element);
  });

  wb.root.addEventListener("sopflow:ready", run);
  wb.root.addEventListener("sopflow:changed", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 400);
  });
})();
